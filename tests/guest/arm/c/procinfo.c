/* The process: working directory, pipes and descriptors, fcntl flags,
 * umask, resource limits, clocks and sleeping, poll and select, memory
 * advice and remapping, and ending by a signal sent to itself. Prints only
 * facts that hold on every run (no pids, times or addresses). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static void cwd(void)
{
    char start[4096], buf[4096];
    printf("getcwd %d\n", getcwd(start, sizeof(start)) != NULL);
    int here = open(".", O_RDONLY | O_DIRECTORY);
    check("chdir /", chdir("/"));
    printf("cwd '%s'\n", getcwd(buf, sizeof(buf)));
    errno = 0;
    printf("getcwd small %d %s\n", getcwd(buf, 1) == NULL, strerror(errno));
    check("fchdir back", fchdir(here));
    printf("back %d\n", strcmp(getcwd(buf, sizeof(buf)), start) == 0);
    check("chdir /proc", chdir("/proc"));
    check("chdir missing", chdir("/nonexistent-dir"));
    fchdir(here);
    close(here);
}

static void pipes(void)
{
    int p[2];
    char buf[16] = { 0 };
    check("pipe", pipe(p));
    int d = dup(p[1]);
    printf("dup above %d\n", d > p[1]);
    check("dup2", dup2(p[1], 50));
    check("write dup2", write(50, "via50", 5));
    check("write dup", write(d, "+dup", 4));
    check("read", read(p[0], buf, sizeof(buf) - 1));
    printf("read '%s'\n", buf);
    close(50);
    close(d);
    printf("F_GETFD %d\n", fcntl(p[0], F_GETFD));
    check("F_SETFD", fcntl(p[0], F_SETFD, FD_CLOEXEC));
    printf("F_GETFD %d\n", fcntl(p[0], F_GETFD));
    int fl = fcntl(p[0], F_GETFL);
    printf("F_GETFL rdonly %d nonblock %d\n", (fl & O_ACCMODE) == O_RDONLY, !!(fl & O_NONBLOCK));
    check("F_SETFL", fcntl(p[0], F_SETFL, fl | O_NONBLOCK));
    fl = fcntl(p[0], F_GETFL);
    printf("F_GETFL nonblock %d\n", !!(fl & O_NONBLOCK));
    check("read empty", read(p[0], buf, 1));
    int hi = fcntl(p[0], F_DUPFD, 100);
    printf("F_DUPFD %d\n", hi);
    int hc = fcntl(p[0], F_DUPFD_CLOEXEC, 100);
    printf("F_DUPFD_CLOEXEC %d cloexec %d\n", hc, fcntl(hc, F_GETFD));
    check("dup3", dup3(p[0], 120, O_CLOEXEC));
    printf("dup3 cloexec %d\n", fcntl(120, F_GETFD));
    close(hi);
    close(hc);
    close(120);
    close(p[0]);
    close(p[1]);
    int q[2];
    check("pipe2", pipe2(q, O_CLOEXEC | O_NONBLOCK));
    printf("pipe2 cloexec %d nonblock %d\n", fcntl(q[1], F_GETFD), !!(fcntl(q[1], F_GETFL) & O_NONBLOCK));
    close(q[0]);
    close(q[1]);
    check("close bad", close(999));
}

static void waiting(void)
{
    int p[2];
    pipe(p);
    struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    check("poll", poll(pf, 2, 0));
    printf("revents %x %x\n", pf[0].revents, pf[1].revents);
    write(p[1], "x", 1);
    check("poll", poll(pf, 1, 1000));
    printf("revents %x\n", pf[0].revents);
    struct timespec ts = { 0, 1000000 };
    check("ppoll", ppoll(pf, 1, &ts, NULL));
    fd_set r, w;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(p[0], &r);
    FD_SET(p[1], &w);
    struct timeval tv = { 1, 0 };
    check("select", select(p[1] + 1, &r, &w, NULL, &tv));
    printf("isset %d %d\n", FD_ISSET(p[0], &r), FD_ISSET(p[1], &w));
    char c;
    read(p[0], &c, 1);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv = (struct timeval){ 0, 2000 };
    check("select timeout", select(p[0] + 1, &r, NULL, NULL, &tv));
    printf("isset %d\n", FD_ISSET(p[0], &r));
    close(p[1]);
    FD_SET(p[0], &r);
    ts = (struct timespec){ 1, 0 };
    check("pselect eof", pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL));
    pf[0].revents = 0;
    check("poll hup", poll(pf, 1, 0));
    printf("revents %x\n", pf[0].revents);
    close(p[0]);
    pf[0].revents = 0;
    check("poll closed", poll(pf, 1, 0));
    printf("revents %x\n", pf[0].revents);
}

/* The calls with 64-bit times that a C library uses when a time does not
 * fit in 32 bits, and the old select with its timeval (of longs). A 64-bit
 * MIPS (n64) program has only the plain calls, with 64-bit times. */
#if defined(__mips__) && _MIPS_SIM == _ABI64
#define __NR_ppoll_time64 __NR_ppoll
#define __NR_pselect6_time64 __NR_pselect6
#define __NR_clock_nanosleep_time64 __NR_clock_nanosleep
#define __NR_clock_getres_time64 __NR_clock_getres
#define __NR_clock_gettime64 __NR_clock_gettime
#define __NR_ugetrlimit __NR_getrlimit
#endif

static void raw_time_calls(void)
{
    int p[2];
    pipe(p);
    int64_t ts[2] = { 0, 1000000 };
    struct pollfd pf = { p[1], POLLOUT, 0 };
    check("ppoll_time64", syscall(__NR_ppoll_time64, &pf, 1, ts, NULL, 8));
    printf("revents %x\n", pf.revents);
    unsigned long set[2] = { 1u << p[0], 0 };
    ts[0] = 0;
    ts[1] = 1000000;
    check("pselect6_time64", syscall(__NR_pselect6_time64, p[0] + 1, set, NULL, NULL, ts, NULL));
    printf("left %lld.%09lld set %x\n", (long long)ts[0], (long long)ts[1], (unsigned)set[0]);
    ts[0] = 0;
    ts[1] = 1000000;
    check("clock_nanosleep_time64", syscall(__NR_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, ts, NULL));
    ts[0] = ts[1] = -1;
    check("clock_getres_time64", syscall(__NR_clock_getres_time64, CLOCK_MONOTONIC, ts));
    printf("res ok %d\n", ts[0] == 0 && ts[1] > 0);
    check("clock_gettime64", syscall(__NR_clock_gettime64, CLOCK_MONOTONIC, ts));
    write(p[1], "y", 1);
    set[0] = 1u << p[0];
    long tv[2] = { 2, 0 };
    check("_newselect", syscall(__NR__newselect, p[0] + 1, set, NULL, NULL, tv));
    printf("set %x left>1s %d\n", (unsigned)set[0], tv[0] >= 1);
    check("poll bad pointer", syscall(__NR_poll, (void *)16, 1, 0));
    check("ppoll bad timeout", syscall(__NR_ppoll, &pf, 1, (void *)16, NULL, 8));
    close(p[0]);
    close(p[1]);
}

static void limits(void)
{
    umask(027);
    printf("umask %o\n", (unsigned)umask(022));
    struct rlimit rl, old;
    check("getrlimit", getrlimit(RLIMIT_NOFILE, &old));
    printf("nofile cur<=max %d\n", old.rlim_cur <= old.rlim_max);
    rl = (struct rlimit){ 64, old.rlim_max };
    check("setrlimit", setrlimit(RLIMIT_NOFILE, &rl));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("nofile %lu\n", (unsigned long)rl.rlim_cur);
    check("F_DUPFD past limit", fcntl(0, F_DUPFD, 70));
    setrlimit(RLIMIT_NOFILE, &old);
    unsigned long raw[2];
    check("ugetrlimit", syscall(__NR_ugetrlimit, RLIMIT_CORE, raw));
    rl = (struct rlimit){ 0, RLIM_INFINITY };
    check("setrlimit core", setrlimit(RLIMIT_CORE, &rl));
    getrlimit(RLIMIT_CORE, &rl);
    printf("core %lu max inf %d\n", (unsigned long)rl.rlim_cur, rl.rlim_max == RLIM_INFINITY);
    check("ugetrlimit bad", syscall(__NR_ugetrlimit, 99, raw));
    struct rusage ru;
    check("getrusage", getrusage(RUSAGE_SELF, &ru));
    printf("maxrss>0 %d\n", ru.ru_maxrss > 0);
    struct sysinfo si;
    check("sysinfo", sysinfo(&si));
    printf("uptime>0 %d procs>0 %d unit>0 %d\n", si.uptime > 0, si.procs > 0, si.mem_unit > 0);
    printf("ppid>0 %d pgrp %d sid>0 %d\n", getppid() > 0, getpgrp() == getpgid(0), getsid(0) > 0);
    check("getpgid bad", getpgid(-5));
    uid_t rid, eu, su;
    gid_t rg, eg, sg, groups[64];
    check("getresuid", getresuid(&rid, &eu, &su));
    check("getresgid", getresgid(&rg, &eg, &sg));
    printf("ids agree %d %d\n", rid == getuid() && eu == geteuid(), rg == getgid() && eg == getegid());
    int ng = getgroups(64, groups);
    printf("groups agree %d\n", ng >= 0 && ng == getgroups(0, NULL));
    cpu_set_t cpus;
    check("sched_getaffinity", sched_getaffinity(0, sizeof(cpus), &cpus));
    printf("cpus>=1 %d\n", CPU_COUNT(&cpus) >= 1);
}

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void clocks(void)
{
    struct timespec a, b, res;
    struct tms t;
    clock_t c1 = times(&t);
    check("clock_gettime", clock_gettime(CLOCK_MONOTONIC, &a));
    struct timespec sl = { 0, 3000000 };
    check("nanosleep", nanosleep(&sl, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("slept>=3ms %d\n", ns(b) - ns(a) >= 3000000);
    check("clock_nanosleep", clock_nanosleep(CLOCK_MONOTONIC, 0, &sl, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a);
    printf("slept>=3ms %d\n", ns(a) - ns(b) >= 3000000);
    b = (struct timespec){ a.tv_sec, a.tv_nsec + 2000000 };
    if (b.tv_nsec >= 1000000000) {
        b.tv_sec++;
        b.tv_nsec -= 1000000000;
    }
    check("clock_nanosleep abs", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &b, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a);
    printf("reached %d\n", ns(a) >= ns(b));
    check("clock_getres", clock_getres(CLOCK_MONOTONIC, &res));
    printf("res ok %d\n", res.tv_sec == 0 && res.tv_nsec > 0);
    unsigned long raw[2];
    check("clock_gettime time32", syscall(__NR_clock_gettime, CLOCK_REALTIME, raw));
    printf("after 2020 %d\n", raw[0] > 1577836800u);
    check("clock_gettime bad clock", clock_gettime(1234, &a));
    clock_t c2 = times(&t);
    printf("times monotonic %d\n", c2 - c1 >= 0);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("time agrees %d\n", (long)(time(NULL) - tv.tv_sec) <= 1);
}

static void memory(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    unsigned char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 0x5a, 4 * pg);
    check("madvise willneed", madvise(m, 4 * pg, MADV_WILLNEED));
    check("madvise dontneed", madvise(m + pg, pg, MADV_DONTNEED));
    printf("bytes %x %x %x\n", m[0], m[pg], m[2 * pg]);
    check("madvise bad", madvise(m + 1, pg, MADV_NORMAL));
    check("msync", msync(m, pg, MS_SYNC));
    unsigned char *n = mremap(m, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
    printf("mremap ok %d bytes %x %x %x\n", n != MAP_FAILED, n[0], n[pg], n[3 * pg]);
    n[63 * pg] = 1;
    unsigned char *s = mremap(n, 64 * pg, 2 * pg, 0);
    printf("shrink same %d byte %x\n", s == n, s[0]);
    munmap(s, 2 * pg);
}

static void children(void)
{
    int st;
    check("wait4 none", wait4(-1, &st, WNOHANG, NULL));
    check("kill 0", kill(getpid(), 0));
    check("kill ignored", kill(getpid(), SIGCHLD));
    check("kill bad", kill(getpid(), 99));
    check("sched_yield", sched_yield());
}

int main(void)
{
    cwd();
    pipes();
    waiting();
    raw_time_calls();
    limits();
    clocks();
    memory();
    children();
    fflush(stdout);
    /* Default action of a signal the guest sends itself: the end. */
    raise(SIGUSR1);
    printf("not reached\n");
    return 0;
}
