/* The signal system calls: dispositions, masks, waiting for signals, the
 * alternate stack, returning from a handler, and the interval timers whose
 * host signals become the guest's. Guest structures are 32-bit ARM EABI's
 * (the generic 32-bit ones); sigset_t is 64 bits, old_sigset_t 32. */
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "linux-user/abi.h"
#include "linux-user/sys.h"

/* ---- the guest's sigset_t: size, byte order and signal numbers ---- */

static unsigned sigset_size(const struct lu_process *p)
{
    const struct lu_abi *abi = p->target->abi;
    return abi && abi->sigset_size ? abi->sigset_size : 8u;
}

static uint32_t guest_word(const struct lu_process *p, uint32_t w)
{
    return p->target->big_endian ? __builtin_bswap32(w) : w;
}

/* A set of signals renumbered by map (NULL: the same numbers). */
static uint64_t renumber_set(uint64_t set, int (*map)(int))
{
    if (!map)
        return set;
    uint64_t out = 0;
    for (int s = 1; s <= LU_NSIG; s++) {
        int m = (set & LU_SIGBIT(s)) ? map(s) : 0;
        if (m > 0 && m <= LU_NSIG)
            out |= LU_SIGBIT(m);
    }
    return out;
}

static int (*sig_map(const struct lu_process *p, bool to_host))(int)
{
    const struct lu_abi *abi = p->target->abi;
    return !abi ? NULL : to_host ? abi->sig_to_host : abi->sig_to_guest;
}

/* The first bytes (4 or 8: the signals duet has) of a guest set, as a
 * host-numbered set. */
static int64_t get_sigset(struct lu_process *p, uint32_t addr, uint32_t bytes, uint64_t *set)
{
    uint32_t w[2] = { 0, 0 };
    if (lu_copy_from(p, w, addr, bytes < 8 ? 4 : 8) != 0)
        return -EFAULT;
    uint64_t g = guest_word(p, w[0]) | (uint64_t)guest_word(p, w[1]) << 32;
    *set = renumber_set(g, sig_map(p, true));
    return 0;
}

/* A host-numbered set into bytes (4, 8 or the guest's sigset_t) of guest
 * memory; signals above 64 are never set. */
static int64_t put_sigset(struct lu_process *p, uint32_t addr, uint32_t bytes, uint64_t set)
{
    uint64_t g = renumber_set(set, sig_map(p, false));
    uint32_t w[4] = { guest_word(p, (uint32_t)g), guest_word(p, (uint32_t)(g >> 32)), 0, 0 };
    return lu_copy_to(p, addr, w, bytes > sizeof(w) ? (uint32_t)sizeof(w) : bytes);
}

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
    const struct lu_abi *abi = p->target->abi;
    uint32_t g[5], actp = lu_u32(a, 1), oactp = lu_u32(a, 2);
    struct lu_sigaction act, oact;
    if (lu_u32(a, 3) != sigset_size(p))
        return -EINVAL;
    if (actp && abi && abi->get_sigaction) {
        if (abi->get_sigaction(p, actp, &act) != 0)
            return -EFAULT;
    } else if (actp) {
        if (lu_copy_from(p, g, actp, sizeof(g)) != 0)
            return -EFAULT;
        act = (struct lu_sigaction){ g[0], g[1], g[2], g[3] | (uint64_t)g[4] << 32 };
    }
    int64_t r = do_sigaction(p, lu_int(a, 0), actp ? &act : NULL, &oact);
    if (r != 0 || !oactp)
        return r;
    if (abi && abi->put_sigaction)
        return abi->put_sigaction(p, oactp, &oact);
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
    uint32_t setp = lu_u32(a, 1), osetp = lu_u32(a, 2), size = sigset_size(p);
    uint64_t old = p->sig.blocked, set;
    if (lu_u32(a, 3) != size)
        return -EINVAL;
    if (setp) {
        if (get_sigset(p, setp, size, &set) != 0)
            return -EFAULT;
        int64_t r = change_mask(p, lu_int(a, 0), set);
        if (r != 0)
            return r;
    }
    return osetp ? put_sigset(p, osetp, size, old) : 0;
}

/* The old call changes the low 32 signals (of the guest's numbering) only. */
int64_t lu_sys_sigprocmask(struct lu_process *p, const uint64_t *a)
{
    uint32_t setp = lu_u32(a, 1), osetp = lu_u32(a, 2);
    uint64_t old = p->sig.blocked, set;
    if (setp) {
        if (get_sigset(p, setp, 4, &set) != 0)
            return -EFAULT;
        int how = lu_int(a, 0);
        uint64_t high = renumber_set(renumber_set(old, sig_map(p, false)) & ~0xffffffffull, sig_map(p, true));
        int64_t r = how == SIG_SETMASK ? change_mask(p, how, high | set) : change_mask(p, how, set);
        if (r != 0)
            return r;
    }
    return osetp ? put_sigset(p, osetp, 4, old) : 0;
}

static uint64_t blocked_pending(struct lu_process *p)
{
    return lu_signal_pending(p) & p->sig.blocked;
}

int64_t lu_sys_rt_sigpending(struct lu_process *p, const uint64_t *a)
{
    uint32_t size = lu_u32(a, 1);
    if (size > sigset_size(p))
        return -EINVAL;
    return put_sigset(p, lu_u32(a, 0), size, blocked_pending(p));
}

int64_t lu_sys_sigpending(struct lu_process *p, const uint64_t *a)
{
    return put_sigset(p, lu_u32(a, 0), 4, blocked_pending(p));
}

/* The handler's frame gets the mask from before the call (restore_mask),
 * and the kernel's -ERESTARTNOHAND becomes -EINTR once a handler runs. */
int64_t lu_sys_rt_sigsuspend(struct lu_process *p, const uint64_t *a)
{
    uint64_t set;
    if (lu_u32(a, 1) != sigset_size(p))
        return -EINVAL;
    if (get_sigset(p, lu_u32(a, 0), 8, &set) != 0)
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
    if (lu_u32(a, 3) != sigset_size(p))
        return -EINVAL;
    if (get_sigset(p, lu_u32(a, 0), 8, &set) != 0 || (tsp && lu_get_timespec(p, tsp, time64, &ts) != 0))
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
    const struct lu_abi *abi = p->target->abi;
    struct lu_siginfo gi = info;
    if (abi && abi->siginfo_to_guest)
        abi->siginfo_to_guest(p, &info, &gi);
    if (infop && lu_copy_to(p, infop, &gi, sizeof(gi)) != 0)
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

/* stack_t: ss_sp, ss_flags, ss_size (MIPS: ss_sp, ss_size, ss_flags). */
int64_t lu_sys_sigaltstack(struct lu_process *p, const uint64_t *a)
{
    const struct lu_abi *abi = p->target->abi;
    unsigned fi = abi && abi->stack_t_size_before_flags ? 2 : 1, si = 3 - fi;
    uint32_t ssp = lu_u32(a, 0), ossp = lu_u32(a, 1), sp = p->target->get_sp(p), g[3], old[3];
    old[0] = guest_word(p, p->sig.ss_sp);
    old[fi] = guest_word(p, lu_sigaltstack_flags(p, sp) | p->sig.ss_flags);
    old[si] = guest_word(p, p->sig.ss_size);
    if (ssp) {
        if (lu_copy_from(p, g, ssp, sizeof(g)) != 0)
            return -EFAULT;
        int64_t r = lu_sigaltstack_set(p, sp, guest_word(p, g[0]), guest_word(p, g[fi]), guest_word(p, g[si]));
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
    uint32_t g[4] = { (uint32_t)v->it_interval.tv_sec, (uint32_t)v->it_interval.tv_usec,
                      (uint32_t)v->it_value.tv_sec, (uint32_t)v->it_value.tv_usec };
    for (unsigned i = 0; i < 4; i++)
        g[i] = guest_word(p, g[i]);
    return lu_copy_to(p, addr, g, sizeof(g));
}

int64_t lu_sys_setitimer(struct lu_process *p, const uint64_t *a)
{
    uint32_t newp = lu_u32(a, 1), oldp = lu_u32(a, 2);
    uint32_t g[4] = { 0 };
    if (newp && lu_copy_from(p, g, newp, sizeof(g)) != 0)
        return -EFAULT;
    for (unsigned i = 0; i < 4; i++)
        g[i] = guest_word(p, g[i]);
    struct itimerval nv = { { (int32_t)g[0], (int32_t)g[1] }, { (int32_t)g[2], (int32_t)g[3] } }, ov;
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
