/* The signal system calls: dispositions, masks, waiting for signals, the
 * alternate stack, returning from a handler, and the interval timers whose
 * host signals become the guest's. Guest structures are 32-bit ARM EABI's
 * (the generic 32-bit ones); sigset_t is 64 bits, old_sigset_t 32. */
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "linux-user/sys.h"

#define G_SIGSET_SIZE 8u

static bool valid_sig(int sig)
{
    return sig >= 1 && sig <= LU_NSIG;
}

/* The kernel's struct sigaction for rt_sigaction: handler, flags,
 * restorer, then the 64-bit mask, 20 bytes. */
static int64_t do_sigaction(struct lu_process *p, int sig, const struct lu_sigaction *act,
                            struct lu_sigaction *oact)
{
    if (!valid_sig(sig) || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return -EINVAL;
    lu_lock(p);
    *oact = p->sh->sig.action[sig];
    if (act)
        lu_signal_set_action(p, sig, act);
    lu_unlock(p);
    return 0;
}

int64_t lu_sys_rt_sigaction(struct lu_process *p, const uint64_t *a)
{
    uint32_t g[5], actp = lu_u32(a, 1), oactp = lu_u32(a, 2);
    struct lu_sigaction act, oact;
    if (lu_u32(a, 3) != G_SIGSET_SIZE)
        return -EINVAL;
    if (actp) {
        if (lu_copy_from(p, g, actp, sizeof(g)) != 0)
            return -EFAULT;
        act = (struct lu_sigaction){ g[0], g[1], g[2], g[3] | (uint64_t)g[4] << 32 };
    }
    int64_t r = do_sigaction(p, lu_int(a, 0), actp ? &act : NULL, &oact);
    if (r != 0 || !oactp)
        return r;
    uint32_t o[5] = { oact.handler, oact.flags, oact.restorer, (uint32_t)oact.mask,
                      (uint32_t)(oact.mask >> 32) };
    return lu_copy_to(p, oactp, o, sizeof(o));
}

/* struct old_sigaction: handler, 32-bit mask, flags, restorer. */
int64_t lu_sys_sigaction(struct lu_process *p, const uint64_t *a)
{
    uint32_t g[4], actp = lu_u32(a, 1), oactp = lu_u32(a, 2);
    struct lu_sigaction act, oact;
    if (actp) {
        if (lu_copy_from(p, g, actp, sizeof(g)) != 0)
            return -EFAULT;
        act = (struct lu_sigaction){ g[0], g[2], g[3], g[1] };
    }
    int64_t r = do_sigaction(p, lu_int(a, 0), actp ? &act : NULL, &oact);
    if (r != 0 || !oactp)
        return r;
    uint32_t o[4] = { oact.handler, (uint32_t)oact.mask, oact.flags, oact.restorer };
    return lu_copy_to(p, oactp, o, sizeof(o));
}

static int64_t change_mask(struct lu_process *p, int how, uint64_t set)
{
    uint64_t m = p->sig.blocked;
    switch (how) {
    case SIG_BLOCK: m |= set; break;
    case SIG_UNBLOCK: m &= ~set; break;
    case SIG_SETMASK: m = set; break;
    default: return -EINVAL;
    }
    lu_signal_set_blocked(p, m);
    return 0;
}

int64_t lu_sys_rt_sigprocmask(struct lu_process *p, const uint64_t *a)
{
    uint32_t setp = lu_u32(a, 1), osetp = lu_u32(a, 2);
    uint64_t old = p->sig.blocked, set;
    if (lu_u32(a, 3) != G_SIGSET_SIZE)
        return -EINVAL;
    if (setp) {
        if (lu_copy_from(p, &set, setp, 8) != 0)
            return -EFAULT;
        int64_t r = change_mask(p, lu_int(a, 0), set);
        if (r != 0)
            return r;
    }
    return osetp ? lu_put_u64(p, osetp, old) : 0;
}

/* The old call changes the low 32 signals only. */
int64_t lu_sys_sigprocmask(struct lu_process *p, const uint64_t *a)
{
    uint32_t setp = lu_u32(a, 1), osetp = lu_u32(a, 2), set;
    uint64_t old = p->sig.blocked;
    if (setp) {
        if (lu_copy_from(p, &set, setp, 4) != 0)
            return -EFAULT;
        int how = lu_int(a, 0);
        int64_t r = how == SIG_SETMASK ? change_mask(p, how, (old & ~0xffffffffull) | set)
                                       : change_mask(p, how, set);
        if (r != 0)
            return r;
    }
    return osetp ? lu_put_u32(p, osetp, (uint32_t)old) : 0;
}

static uint64_t blocked_pending(struct lu_process *p)
{
    return lu_signal_pending(p) & p->sig.blocked;
}

int64_t lu_sys_rt_sigpending(struct lu_process *p, const uint64_t *a)
{
    uint32_t size = lu_u32(a, 1);
    if (size > G_SIGSET_SIZE)
        return -EINVAL;
    uint64_t set = blocked_pending(p);
    return lu_copy_to(p, lu_u32(a, 0), &set, size);
}

int64_t lu_sys_sigpending(struct lu_process *p, const uint64_t *a)
{
    return lu_put_u32(p, lu_u32(a, 0), (uint32_t)blocked_pending(p));
}

/* The handler's frame gets the mask from before the call (restore_mask),
 * and the kernel's -ERESTARTNOHAND becomes -EINTR once a handler runs. */
int64_t lu_sys_rt_sigsuspend(struct lu_process *p, const uint64_t *a)
{
    uint64_t set;
    if (lu_u32(a, 1) != G_SIGSET_SIZE)
        return -EINVAL;
    if (lu_copy_from(p, &set, lu_u32(a, 0), 8) != 0)
        return -EFAULT;
    p->sig.saved_mask = p->sig.blocked;
    p->sig.restore_mask = true;
    lu_signal_set_blocked(p, set);
    lu_signal_wait(p, 0, NULL);
    return -EINTR;
}

int64_t lu_sys_pause(struct lu_process *p, const uint64_t *a)
{
    (void)a;
    lu_signal_wait(p, 0, NULL);
    return -EINTR;
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize): the signals of set are
 * waited for as if unblocked. */
static int64_t do_sigtimedwait(struct lu_process *p, const uint64_t *a, bool time64)
{
    uint64_t set;
    struct timespec ts;
    uint32_t infop = lu_u32(a, 1), tsp = lu_u32(a, 2);
    if (lu_u32(a, 3) != G_SIGSET_SIZE)
        return -EINVAL;
    if (lu_copy_from(p, &set, lu_u32(a, 0), 8) != 0 || (tsp && lu_get_timespec(p, tsp, time64, &ts) != 0))
        return -EFAULT;
    if (tsp && (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000 || ts.tv_sec < 0))
        return -EINVAL;
    set &= ~(LU_SIGBIT(SIGKILL) | LU_SIGBIT(SIGSTOP));
    struct lu_siginfo info;
    int sig = lu_signal_take(p, set, &info);
    if (!sig) {
        bool got = lu_signal_wait(p, set, tsp ? &ts : NULL);
        sig = lu_signal_take(p, set, &info);
        if (!sig)
            return got ? -EINTR : -EAGAIN;
    }
    if (infop && lu_copy_to(p, infop, &info, sizeof(info)) != 0)
        return -EFAULT;
    return sig;
}

int64_t lu_sys_rt_sigtimedwait(struct lu_process *p, const uint64_t *a)
{
    return do_sigtimedwait(p, a, false);
}

int64_t lu_sys_rt_sigtimedwait_time64(struct lu_process *p, const uint64_t *a)
{
    return do_sigtimedwait(p, a, true);
}

/* stack_t: ss_sp, ss_flags, ss_size. */
int64_t lu_sys_sigaltstack(struct lu_process *p, const uint64_t *a)
{
    uint32_t ssp = lu_u32(a, 0), ossp = lu_u32(a, 1), sp = p->target->get_sp(p), g[3];
    uint32_t old[3] = { p->sig.ss_sp, lu_sigaltstack_flags(p, sp) | p->sig.ss_flags, p->sig.ss_size };
    if (ssp) {
        if (lu_copy_from(p, g, ssp, sizeof(g)) != 0)
            return -EFAULT;
        int64_t r = lu_sigaltstack_set(p, sp, g[0], g[1], g[2]);
        if (r != 0)
            return r;
    }
    return ossp ? lu_copy_to(p, ossp, old, sizeof(old)) : 0;
}

/* Every register comes from the frame, r0 included: nothing to return. */
static int64_t do_sigreturn(struct lu_process *p, bool rt)
{
    if (p->target->restore_frame(p, rt) != 0)
        lu_signal_force_segv(p);
    return LU_RET_NONE;
}

int64_t lu_sys_rt_sigreturn(struct lu_process *p, const uint64_t *a)
{
    (void)a;
    return do_sigreturn(p, true);
}

int64_t lu_sys_sigreturn(struct lu_process *p, const uint64_t *a)
{
    (void)a;
    return do_sigreturn(p, false);
}

/* struct itimerval: interval then value, each two 32-bit words (s, us).
 * The host's timers send the host's SIGALRM, SIGVTALRM or SIGPROF, which
 * become the guest's. */
static int64_t put_itimerval(struct lu_process *p, uint32_t addr, const struct itimerval *v)
{
    int32_t g[4] = { (int32_t)v->it_interval.tv_sec, (int32_t)v->it_interval.tv_usec,
                     (int32_t)v->it_value.tv_sec, (int32_t)v->it_value.tv_usec };
    return lu_copy_to(p, addr, g, sizeof(g));
}

int64_t lu_sys_setitimer(struct lu_process *p, const uint64_t *a)
{
    uint32_t newp = lu_u32(a, 1), oldp = lu_u32(a, 2);
    int32_t g[4] = { 0 };
    if (newp && lu_copy_from(p, g, newp, sizeof(g)) != 0)
        return -EFAULT;
    struct itimerval nv = { { g[0], g[1] }, { g[2], g[3] } }, ov;
    if (setitimer(lu_int(a, 0), &nv, &ov) < 0)
        return lu_err();
    return oldp ? put_itimerval(p, oldp, &ov) : 0;
}

int64_t lu_sys_getitimer(struct lu_process *p, const uint64_t *a)
{
    struct itimerval v;
    if (getitimer(lu_int(a, 0), &v) < 0)
        return lu_err();
    return put_itimerval(p, lu_u32(a, 1), &v);
}
