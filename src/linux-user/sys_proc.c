/* System calls on the process: ids and groups, resource limits and usage,
 * time and sleeping, waiting for children, signals to itself, and the
 * robust futex list. The guest is duet's own host process, so most of
 * them are the host's with guest structures converted. */
#include <signal.h>
#include <stddef.h>
#include <sched.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux-user/abi.h"
#include "linux-user/sys.h"
#include "util/xalloc.h"

uint32_t lu_timespec_size(const struct lu_process *p, bool time64)
{
    return time64 ? 16 : 2u * p->target->word_size;
}

int64_t lu_get_timespec(struct lu_process *p, lu_addr addr, bool time64, struct timespec *ts)
{
    uint64_t g[2];
    if (lu_struct_get(p, addr, time64 ? "dd" : "ll", g) != 0)
        return -EFAULT;
    if (time64)
        *ts = (struct timespec){ (int64_t)g[0], (int32_t)g[1] };
    else
        *ts = (struct timespec){ lu_slong(p, g[0]), (long)lu_slong(p, g[1]) };
    return 0;
}

int64_t lu_put_timespec(struct lu_process *p, lu_addr addr, bool time64, const struct timespec *ts)
{
    const uint64_t g[2] = { (uint64_t)ts->tv_sec, (uint64_t)ts->tv_nsec };
    return lu_struct_put(p, addr, time64 ? "dd" : "ll", g);
}

int64_t lu_sys_umask(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return umask(lu_u32(a, 0) & 0777);
}

int64_t lu_sys_getppid(struct lu_process *p, const uint64_t *a)
{
    (void)p; (void)a;
    return getppid();
}

int64_t lu_sys_getpgrp(struct lu_process *p, const uint64_t *a)
{
    (void)p; (void)a;
    return getpgrp();
}

int64_t lu_sys_setpgid(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(setpgid(lu_int(a, 0), lu_int(a, 1)));
}

int64_t lu_sys_getpgid(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(getpgid(lu_int(a, 0)));
}

int64_t lu_sys_setsid(struct lu_process *p, const uint64_t *a)
{
    (void)p; (void)a;
    return lu_ret(setsid());
}

int64_t lu_sys_getsid(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(getsid(lu_int(a, 0)));
}

/* getgroups32(size, list): IDs are 32-bit on both sides; size 0 asks
 * only for the count. */
int64_t lu_sys_getgroups32(struct lu_process *p, const uint64_t *a)
{
    int size = lu_int(a, 0), n = getgroups(0, NULL);
    if (size < 0)
        return -EINVAL;
    if (n < 0 || size == 0)
        return lu_ret(n);
    if (size < n)
        return -EINVAL;
    uint8_t *g = lu_ptr(p, lu_ad(a, 1), (uint32_t)n * 4, LU_PROT_W);
    if (!g)
        return -EFAULT;
    gid_t *groups = xmalloc((size_t)n * sizeof(*groups) + 1);
    n = getgroups(n, groups);
    for (int i = 0; i < n; i++) {
        uint32_t v = lu_g32(p, groups[i]);
        memcpy(g + 4 * i, &v, 4);
    }
    free(groups);
    return lu_ret(n);
}

/* getresuid32(ruid, euid, suid) and getresgid32: three 32-bit IDs. */
static int64_t put_three_ids(struct lu_process *p, const uint64_t *a, const uint32_t *ids)
{
    for (unsigned i = 0; i < 3; i++)
        if (lu_put_u32(p, lu_ad(a, i), ids[i]) != 0)
            return -EFAULT;
    return 0;
}

int64_t lu_sys_getresuid32(struct lu_process *p, const uint64_t *a)
{
    uid_t r, e, s;
    if (getresuid(&r, &e, &s) < 0)
        return lu_err();
    return put_three_ids(p, a, (const uint32_t[3]){ r, e, s });
}

int64_t lu_sys_getresgid32(struct lu_process *p, const uint64_t *a)
{
    gid_t r, e, s;
    if (getresgid(&r, &e, &s) < 0)
        return lu_err();
    return put_three_ids(p, a, (const uint32_t[3]){ r, e, s });
}

/* struct rlimit of getrlimit/setrlimit: two longs, ~0 is RLIM_INFINITY
 * (the target's value where it differs), and larger host values read as
 * infinity (the kernel's compat rule for 32-bit guests). */
static uint64_t rlim_infinity(const struct lu_process *p)
{
    const struct lu_abi *abi = p->target->abi;
    return abi && abi->rlim_infinity ? abi->rlim_infinity : lu_ulong(p, ~0ull);
}

static uint64_t rlim_to_guest(const struct lu_process *p, rlim_t v)
{
    return v >= rlim_infinity(p) ? rlim_infinity(p) : (uint64_t)v;
}

static rlim_t rlim_to_host(const struct lu_process *p, uint64_t v)
{
    return v == rlim_infinity(p) ? RLIM_INFINITY : v;
}

/* Limits on these would bind duet itself (its guest space reservation,
 * code cache and stack), not the guest: accepted and not applied, as qemu
 * does. */
static bool rlimit_kept_from_host(int resource)
{
    return resource == RLIMIT_AS || resource == RLIMIT_DATA || resource == RLIMIT_STACK;
}

int64_t lu_sys_ugetrlimit(struct lu_process *p, const uint64_t *a)
{
    struct rlimit rl;
    if (getrlimit(lu_int(a, 0), &rl) < 0)
        return lu_err();
    const uint64_t g[2] = { rlim_to_guest(p, rl.rlim_cur), rlim_to_guest(p, rl.rlim_max) };
    return lu_struct_put(p, lu_ad(a, 1), "ll", g);
}

int64_t lu_sys_setrlimit(struct lu_process *p, const uint64_t *a)
{
    uint64_t g[2];
    int resource = lu_int(a, 0);
    if (lu_struct_get(p, lu_ad(a, 1), "ll", g) != 0)
        return -EFAULT;
    struct rlimit rl = { rlim_to_host(p, g[0]), rlim_to_host(p, g[1]) };
    if (rl.rlim_cur > rl.rlim_max || resource < 0 || resource >= RLIM_NLIMITS)
        return -EINVAL;
    if (rlimit_kept_from_host(resource))
        return 0;
    return lu_ret(setrlimit(resource, &rl));
}

/* prlimit64(pid, resource, new, old): struct rlimit64 is two 64-bit words
 * everywhere, with the same infinity. */
int64_t lu_sys_prlimit64(struct lu_process *p, const uint64_t *a)
{
    pid_t pid = lu_int(a, 0);
    int resource = lu_int(a, 1);
    lu_addr newp = lu_ad(a, 2), oldp = lu_ad(a, 3);
    uint64_t g[2];
    struct rlimit nl, ol;
    if (newp) {
        if (lu_copy_from(p, g, newp, sizeof(g)) != 0)
            return -EFAULT;
        nl = (struct rlimit){ lu_g64(p, g[0]), lu_g64(p, g[1]) };
        if (nl.rlim_cur > nl.rlim_max)
            return -EINVAL;
    }
    if (oldp && !lu_ptr(p, oldp, sizeof(g), LU_PROT_W))
        return -EFAULT;
    bool self = pid == 0 || pid == getpid();
    bool apply = newp && !(self && rlimit_kept_from_host(resource));
    if (prlimit(pid, resource, apply ? &nl : NULL, oldp ? &ol : NULL) < 0)
        return lu_err();
    if (!oldp)
        return 0;
    g[0] = lu_g64(p, ol.rlim_cur);
    g[1] = lu_g64(p, ol.rlim_max);
    return lu_copy_to(p, oldp, g, sizeof(g));
}

/* struct rusage: two timevals and fourteen longs. */
#define RUSAGE_LAYOUT "18l"

static int64_t put_rusage(struct lu_process *p, lu_addr addr, const struct rusage *h)
{
    const uint64_t g[18] = {
        (uint64_t)h->ru_utime.tv_sec, (uint64_t)h->ru_utime.tv_usec,
        (uint64_t)h->ru_stime.tv_sec, (uint64_t)h->ru_stime.tv_usec,
        (uint64_t)h->ru_maxrss, (uint64_t)h->ru_ixrss, (uint64_t)h->ru_idrss, (uint64_t)h->ru_isrss,
        (uint64_t)h->ru_minflt, (uint64_t)h->ru_majflt, (uint64_t)h->ru_nswap, (uint64_t)h->ru_inblock,
        (uint64_t)h->ru_oublock, (uint64_t)h->ru_msgsnd, (uint64_t)h->ru_msgrcv,
        (uint64_t)h->ru_nsignals, (uint64_t)h->ru_nvcsw, (uint64_t)h->ru_nivcsw,
    };
    return lu_struct_put(p, addr, RUSAGE_LAYOUT, g);
}

int64_t lu_sys_getrusage(struct lu_process *p, const uint64_t *a)
{
    struct rusage ru;
    if (getrusage(lu_int(a, 0), &ru) < 0)
        return lu_err();
    return put_rusage(p, lu_ad(a, 1), &ru);
}

/* times(struct tms *): four clock_t (longs); the result, clock ticks
 * since boot, wraps at 32 bits on a 32-bit kernel. */
int64_t lu_sys_times(struct lu_process *p, const uint64_t *a)
{
    struct tms t;
    clock_t now = times(&t);
    if (now == (clock_t)-1)
        return lu_err();
    const uint64_t g[4] = { (uint64_t)t.tms_utime, (uint64_t)t.tms_stime, (uint64_t)t.tms_cutime,
                            (uint64_t)t.tms_cstime };
    if (lu_ad(a, 0) && lu_struct_put(p, lu_ad(a, 0), "4l", g) != 0)
        return -EFAULT;
    return (int64_t)lu_ulong(p, (uint64_t)now);
}

/* struct sysinfo: uptime, loads[3], six amounts (longs), procs, pad,
 * totalhigh, freehigh (longs), mem_unit, and padding to 64 bytes on a
 * 32-bit guest. */
int64_t lu_sys_sysinfo(struct lu_process *p, const uint64_t *a)
{
    struct sysinfo s;
    if (sysinfo(&s) < 0)
        return lu_err();
    /* Amounts beyond a 32-bit long: a larger unit, as the kernel's compat
     * code does (up to a page). */
    unsigned shift = 0;
    uint64_t unit = s.mem_unit ? s.mem_unit : 1;
    if (p->target->word_size == 4 && ((s.totalram >> 32) || (s.totalswap >> 32)))
        for (; (unit << shift) < LU_PAGE; shift++)
            ;
    const uint64_t g[24] = {
        (uint64_t)s.uptime, s.loads[0], s.loads[1], s.loads[2], s.totalram >> shift,
        s.freeram >> shift, s.sharedram >> shift, s.bufferram >> shift, s.totalswap >> shift,
        s.freeswap >> shift, s.procs, 0, s.totalhigh >> shift, s.freehigh >> shift, unit << shift,
    };
    return lu_struct_put(p, lu_ad(a, 0), p->target->word_size == 4 ? "10lhh2lw8b" : "10lhh2lw", g);
}

/* clock_nanosleep(clock, flags, req, rem); nanosleep is a relative sleep
 * on CLOCK_MONOTONIC, as in the kernel. */
static int64_t do_sleep(struct lu_process *p, clockid_t clk, int flags, lu_addr reqp, lu_addr remp,
                        bool time64)
{
    struct timespec req, rem;
    if (lu_get_timespec(p, reqp, time64, &req) != 0)
        return -EFAULT;
    int e = clock_nanosleep(clk, flags, &req, &rem);
    if (e == EINTR && remp && !(flags & TIMER_ABSTIME) && lu_put_timespec(p, remp, time64, &rem) != 0)
        return -EFAULT;
    return -(int64_t)e;
}

int64_t lu_sys_nanosleep(struct lu_process *p, const uint64_t *a)
{
    return do_sleep(p, CLOCK_MONOTONIC, 0, lu_ad(a, 0), lu_ad(a, 1), false);
}

int64_t lu_sys_clock_nanosleep(struct lu_process *p, const uint64_t *a)
{
    return do_sleep(p, lu_int(a, 0), lu_int(a, 1), lu_ad(a, 2), lu_ad(a, 3), false);
}

int64_t lu_sys_clock_nanosleep_time64(struct lu_process *p, const uint64_t *a)
{
    return do_sleep(p, lu_int(a, 0), lu_int(a, 1), lu_ad(a, 2), lu_ad(a, 3), true);
}

int64_t lu_sys_clock_gettime64(struct lu_process *p, const uint64_t *a)
{
    struct timespec ts;
    if (clock_gettime(lu_int(a, 0), &ts) < 0)
        return lu_err();
    return lu_put_timespec(p, lu_ad(a, 1), true, &ts);
}

static int64_t do_getres(struct lu_process *p, const uint64_t *a, bool time64)
{
    struct timespec ts;
    if (clock_getres(lu_int(a, 0), &ts) < 0)
        return lu_err();
    return lu_ad(a, 1) ? lu_put_timespec(p, lu_ad(a, 1), time64, &ts) : 0;
}

int64_t lu_sys_clock_getres(struct lu_process *p, const uint64_t *a)
{
    return do_getres(p, a, false);
}

int64_t lu_sys_clock_getres_time64(struct lu_process *p, const uint64_t *a)
{
    return do_getres(p, a, true);
}

/* The status word with its signal numbers (killed by, stopped by) as the
 * guest numbers them. */
static uint32_t guest_wait_status(struct lu_process *p, int status)
{
    const struct lu_abi *abi = p->target->abi;
    if (!abi || !abi->sig_to_guest)
        return (uint32_t)status;
    if (WIFSIGNALED(status))
        return (uint32_t)((status & ~0x7f) | abi->sig_to_guest(WTERMSIG(status)));
    if (WIFSTOPPED(status))
        return (uint32_t)((status & ~0xff00) | abi->sig_to_guest(WSTOPSIG(status)) << 8);
    return (uint32_t)status;
}

/* wait4(pid, status, options, rusage). */
int64_t lu_sys_wait4(struct lu_process *p, const uint64_t *a)
{
    lu_addr stp = lu_ad(a, 1), rup = lu_ad(a, 3);
    /* Checked first: a child reaped and then not reported would be lost. */
    if ((stp && !lu_ptr(p, stp, 4, LU_PROT_W)) ||
        (rup && !lu_ptr(p, rup, lu_struct_size(p, RUSAGE_LAYOUT), LU_PROT_W)))
        return -EFAULT;
    int status = 0;
    struct rusage ru;
    pid_t r = wait4(lu_int(a, 0), &status, lu_int(a, 2), rup ? &ru : NULL);
    if (r < 0)
        return lu_err();
    if (r > 0 && stp)
        lu_put_u32(p, stp, guest_wait_status(p, status));
    if (rup)
        put_rusage(p, rup, &ru);
    return r;
}

/* waitpid(pid, status, options): wait4 without the usage. */
int64_t lu_sys_waitpid(struct lu_process *p, const uint64_t *a)
{
    const uint64_t w[4] = { a[0], a[1], a[2], 0 };
    return lu_sys_wait4(p, w);
}

/* Signals are numbered alike on ARM and x86 (1-64). One the guest sends
 * itself is queued for it (signal.c) rather than sent through the host,
 * so it is pending before the call returns, as the kernel has it. */
static int64_t signal_self(struct lu_process *p, int sig, int code)
{
    if (sig < 0 || sig > 64)
        return -EINVAL;
    if (sig)
        lu_signal_queue(p, sig, code);
    return 0;
}

/* Other targets are host processes and get the host call as it is. */
int64_t lu_sys_kill(struct lu_process *p, const uint64_t *a)
{
    pid_t pid = lu_int(a, 0);
    if (pid == getpid())
        return signal_self(p, lu_int(a, 1), SI_USER);
    return lu_ret(kill(pid, lu_int(a, 1)));
}

/* A thread of this process (thread.c), else a host thread. */
static int64_t signal_thread(struct lu_process *p, pid_t tid, int sig)
{
    if (tid == gettid())
        return signal_self(p, sig, SI_TKILL);
    if (sig < 0 || sig > 64)
        return -EINVAL;
    int r = lu_thread_signal(p, tid, sig);
    return r != -ESRCH ? r : lu_ret(syscall(SYS_tkill, tid, sig));
}

int64_t lu_sys_tkill(struct lu_process *p, const uint64_t *a)
{
    return signal_thread(p, lu_int(a, 0), lu_int(a, 1));
}

int64_t lu_sys_tgkill(struct lu_process *p, const uint64_t *a)
{
    pid_t tgid = lu_int(a, 0), tid = lu_int(a, 1);
    if (tgid == getpid())
        return signal_thread(p, tid, lu_int(a, 2));
    return lu_ret(syscall(SYS_tgkill, tgid, tid, lu_int(a, 2)));
}

int64_t lu_sys_sched_yield(struct lu_process *p, const uint64_t *a)
{
    (void)p; (void)a;
    return lu_ret(sched_yield());
}

/* sched_getaffinity(pid, len, mask): a CPU mask is an array of longs, 32-
 * or 64-bit, which on little-endian hosts and guests is the same bytes;
 * the guest's length need only be a multiple of its long. */
int64_t lu_sys_sched_getaffinity(struct lu_process *p, const uint64_t *a)
{
    uint32_t len = lu_u32(a, 1), ws = p->target->word_size;
    if (len % ws || len > (1u << 20))
        return -EINVAL;
    uint8_t *mask = lu_ptr(p, lu_ad(a, 2), len, LU_PROT_W);
    if (!mask)
        return -EFAULT;
    size_t hlen = (len + 7u) & ~7u;
    uint8_t *h = xcalloc(1, hlen ? hlen : 8);
    int64_t r = lu_ret(syscall(SYS_sched_getaffinity, lu_int(a, 0), hlen, h));
    /* A CPU the guest's mask has no room for: too short, as the kernel says. */
    for (int64_t i = len; i < r; i++)
        if (h[i])
            r = -EINVAL;
    if (r > 0) {
        r = r < len ? r : len;
        memcpy(mask, h, (size_t)r);
        lu_swap_longs(p, mask, (size_t)r / ws);
    }
    free(h);
    return r;
}

/* The robust futex list matters when a thread dies holding a lock, which
 * needs threads: recorded for them, checked as the kernel does (the head
 * is three longs). */
int64_t lu_sys_set_robust_list(struct lu_process *p, const uint64_t *a)
{
    uint32_t head_size = 3u * p->target->word_size;
    if (lu_ulong(p, a[1]) != head_size)
        return -EINVAL;
    p->robust_list = lu_ad(a, 0);
    p->robust_list_len = head_size;
    return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): only the guest's own. */
int64_t lu_sys_get_robust_list(struct lu_process *p, const uint64_t *a)
{
    pid_t pid = lu_int(a, 0);
    if (pid != 0 && pid != gettid())
        return -EPERM;
    if (lu_put_long(p, lu_ad(a, 1), p->robust_list) != 0)
        return -EFAULT;
    return lu_put_long(p, lu_ad(a, 2), p->robust_list_len);
}

/* Kernels before 4.18 have no rseq, and the C library does without it;
 * registering it would mean keeping the guest's cpu_id fields current. */
int64_t lu_sys_rseq(struct lu_process *p, const uint64_t *a)
{
    (void)p; (void)a;
    return -ENOSYS;
}

/* ---- prctl and priorities ---- */

static int guest_sig_to_host(const struct lu_process *p, int sig)
{
    const struct lu_abi *abi = p->target->abi;
    return abi && abi->sig_to_host && sig ? abi->sig_to_host(sig) : sig;
}

static int host_sig_to_guest(const struct lu_process *p, int sig)
{
    const struct lu_abi *abi = p->target->abi;
    return abi && abi->sig_to_guest && sig ? abi->sig_to_guest(sig) : sig;
}

/* PR_SET_NAME: at most 15 bytes of the guest's string. */
static int64_t prctl_set_name(struct lu_process *p, lu_addr addr)
{
    char name[16] = { 0 };
    for (unsigned i = 0; i < sizeof(name) - 1; i++) {
        const char *c = lu_ptr(p, addr + i, 1, LU_PROT_R);
        if (!c)
            return -EFAULT;
        if (!(name[i] = *c))
            break;
    }
    return lu_ret(prctl(PR_SET_NAME, name));
}

/* An option whose result is an int the call writes at arg2. */
static int64_t prctl_get_int(struct lu_process *p, int option, lu_addr addr)
{
    int v = 0;
    if (!lu_ptr(p, addr, 4, LU_PROT_W))
        return -EFAULT;
    if (prctl(option, &v) < 0)
        return lu_err();
    return lu_put_u32(p, addr, (uint32_t)(option == PR_GET_PDEATHSIG ? host_sig_to_guest(p, v) : v));
}

/* prctl: the options a program applies to itself. PR_SET_SECCOMP is
 * refused, as qemu refuses it: a filter would bind duet's own calls.
 * Unknown options are -EINVAL, as the kernel answers them. */
int64_t lu_sys_prctl(struct lu_process *p, const uint64_t *a)
{
    int option = lu_int(a, 0);
    char name[16];
    switch (option) {
    case PR_SET_NAME:
        return prctl_set_name(p, lu_ad(a, 1));
    case PR_GET_NAME:
        if (prctl(PR_GET_NAME, name) < 0)
            return lu_err();
        return lu_copy_to(p, lu_ad(a, 1), name, sizeof(name));
    case PR_SET_PDEATHSIG: {
        int sig = guest_sig_to_host(p, lu_int(a, 1));
        return sig || !a[1] ? lu_ret(prctl(PR_SET_PDEATHSIG, sig)) : -EINVAL;
    }
    case PR_GET_PDEATHSIG: case PR_GET_CHILD_SUBREAPER:
        return prctl_get_int(p, option, lu_ad(a, 1));
    case PR_GET_DUMPABLE: case PR_SET_DUMPABLE: case PR_GET_KEEPCAPS: case PR_SET_KEEPCAPS:
    case PR_GET_TIMERSLACK: case PR_SET_TIMERSLACK: case PR_GET_NO_NEW_PRIVS: case PR_SET_NO_NEW_PRIVS:
    case PR_SET_CHILD_SUBREAPER: case PR_CAPBSET_READ: case PR_GET_SECCOMP: case PR_CAP_AMBIENT:
        return lu_ret(prctl(option, lu_ulong(p, a[1]), lu_ulong(p, a[2]), lu_ulong(p, a[3]), lu_ulong(p, a[4])));
    case PR_SET_SECCOMP:
        return -EINVAL;
    default:
        if (p->log & LOG_UNIMP)
            lu_log_unimplemented(p, LU_UNIMP_PRCTL, (uint64_t)option);
        return -EINVAL;
    }
}

/* The kernel's getpriority result (20 - nice, which the C library turns
 * back), setpriority, and the I/O priorities: duet is the guest process. */
int64_t lu_sys_getpriority(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(syscall(SYS_getpriority, lu_int(a, 0), lu_int(a, 1)));
}

int64_t lu_sys_setpriority(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(syscall(SYS_setpriority, lu_int(a, 0), lu_int(a, 1), lu_int(a, 2)));
}

int64_t lu_sys_ioprio_get(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(syscall(SYS_ioprio_get, lu_int(a, 0), lu_int(a, 1)));
}

int64_t lu_sys_ioprio_set(struct lu_process *p, const uint64_t *a)
{
    (void)p;
    return lu_ret(syscall(SYS_ioprio_set, lu_int(a, 0), lu_int(a, 1), lu_int(a, 2)));
}
