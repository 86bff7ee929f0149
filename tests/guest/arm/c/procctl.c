/* What a process sets on itself with prctl (its name, the signal it gets
 * when its parent dies, dumpable, the refused seccomp filter) and its
 * scheduling and I/O priorities, read back through the calls and through
 * /proc. Prints only what is the same on every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static void names(void)
{
    char name[32] = { 0 };
    check("PR_SET_NAME", prctl(PR_SET_NAME, "duet-test-name-too-long", 0, 0, 0));
    check("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0));
    printf("name '%s'\n", name);
    int fd = open("/proc/self/comm", O_RDONLY);
    memset(name, 0, sizeof(name));
    check("read comm", read(fd, name, sizeof(name) - 1));
    close(fd);
    printf("comm '%s'\n", strtok(name, "\n"));
    check("PR_SET_NAME bad pointer", prctl(PR_SET_NAME, (void *)16, 0, 0, 0));
}

static void options(void)
{
    int sig = -1;
    check("PR_SET_PDEATHSIG", prctl(PR_SET_PDEATHSIG, SIGUSR2, 0, 0, 0));
    check("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0));
    printf("pdeathsig is SIGUSR2 %d\n", sig == SIGUSR2);
    check("PR_SET_PDEATHSIG 0", prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0));
    check("PR_SET_PDEATHSIG bad", prctl(PR_SET_PDEATHSIG, 200, 0, 0, 0));
    check("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    check("PR_SET_NO_NEW_PRIVS", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    check("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    check("PR_SET_SECCOMP", prctl(PR_SET_SECCOMP, 2, 0, 0, 0));
    check("unknown option", prctl(9999, 0, 0, 0, 0));
}

static void priorities(void)
{
    errno = 0;
    int before = getpriority(PRIO_PROCESS, 0);
    check("getpriority", errno ? -1 : 0);
    check("setpriority +1", setpriority(PRIO_PROCESS, 0, before + 1));
    errno = 0;
    printf("nice raised by %d\n", getpriority(PRIO_PROCESS, 0) - before);
    check("getpriority bad which", getpriority(99, 0));
    long io = syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
    check("ioprio_get", io < 0 ? -1 : 0);
    check("ioprio_set same", syscall(SYS_ioprio_set, 1, 0, io));
    printf("ioprio unchanged %d\n", syscall(SYS_ioprio_get, 1, 0) == io);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    names();
    options();
    priorities();
    return 0;
}
