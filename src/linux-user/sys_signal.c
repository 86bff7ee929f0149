/* The signal system calls: dispositions, masks, waiting for signals, the
 * alternate stack, returning from a handler, and the interval timers whose
 * host signals become the guest's. Guest structures are the generic ones
 * (ARM EABI's) with the guest's long; sigset_t is an array of longs, 64
 * bits unless the target says otherwise, old_sigset_t 32. */
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

/* Signals 1-64 of a guest set are its first 8 bytes: two 32-bit longs,
 * or one 64-bit long, in the guest's byte order. */
static uint64_t set_from_bytes(const struct lu_process *p, const uint8_t *b)
{
    if (p->target->word_size == 8) {
        uint64_t v;
        memcpy(&v, b, 8);
        return lu_g64(p, v);
    }
    uint32_t w[2];
    memcpy(w, b, 8);
    return lu_g32(p, w[0]) | (uint64_t)lu_g32(p, w[1]) << 32;
}

static void set_to_bytes(const struct lu_process *p, uint64_t g, uint8_t *b)
{
    if (p->target->word_size == 8) {
        uint64_t v = lu_g64(p, g);
        memcpy(b, &v, 8);
        return;
    }
    uint32_t w[2] = { lu_g32(p, (uint32_t)g), lu_g32(p, (uint32_t)(g >> 32)) };
    memcpy(b, w, 8);
}

/* The first bytes (4 or 8: the signals duet has) of a guest set, as a
 * host-numbered set. */
static int64_t get_sigset(struct lu_process *p, lu_addr addr, uint32_t bytes, uint64_t *set)
{
    uint8_t b[8] = { 0 };
    if (lu_copy_from(p, b, addr, bytes < 8 ? 4 : 8) != 0)
        return -EFAULT;
    *set = renumber_set(set_from_bytes(p, b), sig_map(p, true));
    return 0;
}

/* A host-numbered set into bytes (4, 8 or the guest's sigset_t) of guest
 * memory; signals above 64 are never set. */
static int64_t put_sigset(struct lu_process *p, lu_addr addr, uint32_t bytes, uint64_t set)
{
    uint8_t b[16] = { 0 };
    set_to_bytes(p, renumber_set(set, sig_map(p, false)), b);
    return lu_copy_to(p, addr, b, bytes > sizeof(b) ? (uint32_t)sizeof(b) : bytes);
}

static bool valid_sig(int sig)
{
    return sig >= 1 && sig <= LU_NSIG;
}

/* The kernel's struct sigaction for rt_sigaction: handler, flags,
 * restorer, then the 64-bit mask (all longs). */
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
    bool wide = p->target->word_size == 8;
    const char *layout = wide ? "4l" : "5l";
    lu_addr actp = lu_ad(a, 1), oactp = lu_ad(a, 2);
    uint64_t g[5];
    struct lu_sigaction act, oact;
    if (lu_ulong(p, a[3]) != sigset_size(p))
        return -EINVAL;
    if (actp && abi && abi->get_sigaction) {
        if (abi->get_sigaction(p, actp, &act) != 0)
            return -EFAULT;
    } else if (actp) {
        if (lu_struct_get(p, actp, layout, g) != 0)
            return -EFAULT;
        act = (struct lu_sigaction){ g[0], (uint32_t)g[1], g[2], wide ? g[3] : g[3] | g[4] << 32 };
    }
    int64_t r = do_sigaction(p, lu_int(a, 0), actp ? &act : NULL, &oact);
    if (r != 0 || !oactp)
        return r;
    if (abi && abi->put_sigaction)
        return abi->put_sigaction(p, oactp, &oact);
    const uint64_t o[5] = { oact.handler, oact.flags, oact.restorer,
                            wide ? oact.mask : (uint32_t)oact.mask, oact.mask >> 32 };
    return lu_struct_put(p, oactp, layout, o);
}

/* The set of the old calls, whose mask words hold the guest's first 32
 * signals only. */
static uint64_t first_guest_word(const struct lu_process *p, uint64_t set)
{
    return renumber_set(renumber_set(set, sig_map(p, false)) & 0xffffffffull, sig_map(p, true));
}

/* struct old_sigaction: handler, 32-bit mask, flags, restorer. A target
 * with its own struct sigaction (MIPS o32) passes that, of whose mask
 * the call reads and writes the first word only. */
int64_t lu_sys_sigaction(struct lu_process *p, const uint64_t *a)
{
    const struct lu_abi *abi = p->target->abi;
    bool own_layout = abi && abi->get_sigaction;
    uint64_t g[4];
    lu_addr actp = lu_ad(a, 1), oactp = lu_ad(a, 2);
    struct lu_sigaction act, oact;
    if (actp && own_layout) {
        if (abi->get_sigaction(p, actp, &act) != 0)
            return -EFAULT;
        act.mask = first_guest_word(p, act.mask);
    } else if (actp) {
        if (lu_struct_get(p, actp, "4l", g) != 0)
            return -EFAULT;
        act = (struct lu_sigaction){ g[0], (uint32_t)g[2], g[3], (uint32_t)g[1] };
    }
    int64_t r = do_sigaction(p, lu_int(a, 0), actp ? &act : NULL, &oact);
    if (r != 0 || !oactp)
        return r;
    if (own_layout) {
        oact.mask = first_guest_word(p, oact.mask);
        return abi->put_sigaction(p, oactp, &oact);
    }
    const uint64_t o[4] = { oact.handler, (uint32_t)oact.mask, oact.flags, oact.restorer };
    return lu_struct_put(p, oactp, "4l", o);
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
    lu_addr setp = lu_ad(a, 1), osetp = lu_ad(a, 2);
    uint32_t size = sigset_size(p);
    uint64_t old = p->sig.blocked, set;
    if (lu_ulong(p, a[3]) != size)
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
    lu_addr setp = lu_ad(a, 1), osetp = lu_ad(a, 2);
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
    uint64_t size = lu_ulong(p, a[1]);
    if (size > sigset_size(p))
        return -EINVAL;
    return put_sigset(p, lu_ad(a, 0), (uint32_t)size, blocked_pending(p));
}

int64_t lu_sys_sigpending(struct lu_process *p, const uint64_t *a)
{
    return put_sigset(p, lu_ad(a, 0), 4, blocked_pending(p));
}

/* The handler's frame gets the mask from before the call (restore_mask),
 * and the kernel's -ERESTARTNOHAND becomes -EINTR once a handler runs. */
int64_t lu_sys_rt_sigsuspend(struct lu_process *p, const uint64_t *a)
{
    uint64_t set;
    if (lu_ulong(p, a[1]) != sigset_size(p))
        return -EINVAL;
    if (get_sigset(p, lu_ad(a, 0), 8, &set) != 0)
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
    lu_addr infop = lu_ad(a, 1), tsp = lu_ad(a, 2);
    if (lu_ulong(p, a[3]) != sigset_size(p))
        return -EINVAL;
    if (get_sigset(p, lu_ad(a, 0), 8, &set) != 0 || (tsp && lu_get_timespec(p, tsp, time64, &ts) != 0))
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

/* stack_t: ss_sp, ss_flags (an int), ss_size (MIPS: ss_sp, ss_size,
 * ss_flags). */
int64_t lu_sys_sigaltstack(struct lu_process *p, const uint64_t *a)
{
    const struct lu_abi *abi = p->target->abi;
    bool size_first = abi && abi->stack_t_size_before_flags;
    const char *layout = size_first ? "llw" : "lwl";
    unsigned fi = size_first ? 2 : 1, si = 3 - fi;
    lu_addr ssp = lu_ad(a, 0), ossp = lu_ad(a, 1), sp = p->target->get_sp(p);
    uint64_t g[3], old[3];
    old[0] = p->sig.ss_sp;
    old[fi] = lu_sigaltstack_flags(p, sp) | p->sig.ss_flags;
    old[si] = p->sig.ss_size;
    if (ssp) {
        if (lu_struct_get(p, ssp, layout, g) != 0)
            return -EFAULT;
        int64_t r = lu_sigaltstack_set(p, sp, g[0], (uint32_t)g[fi], g[si]);
        if (r != 0)
            return r;
    }
    return ossp ? lu_struct_put(p, ossp, layout, old) : 0;
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

/* struct itimerval: interval then value, each a timeval of longs (s,
 * us). The host's timers send the host's SIGALRM, SIGVTALRM or SIGPROF,
 * which become the guest's. */
static int64_t put_itimerval(struct lu_process *p, lu_addr addr, const struct itimerval *v)
{
    const uint64_t g[4] = { (uint64_t)v->it_interval.tv_sec, (uint64_t)v->it_interval.tv_usec,
                            (uint64_t)v->it_value.tv_sec, (uint64_t)v->it_value.tv_usec };
    return lu_struct_put(p, addr, "4l", g);
}

int64_t lu_sys_setitimer(struct lu_process *p, const uint64_t *a)
{
    lu_addr newp = lu_ad(a, 1), oldp = lu_ad(a, 2);
    uint64_t g[4] = { 0 };
    if (newp && lu_struct_get(p, newp, "4l", g) != 0)
        return -EFAULT;
    struct itimerval nv = { { lu_slong(p, g[0]), lu_slong(p, g[1]) }, { lu_slong(p, g[2]), lu_slong(p, g[3]) } };
    struct itimerval ov;
    if (setitimer(lu_int(a, 0), &nv, &ov) < 0)
        return lu_err();
    return oldp ? put_itimerval(p, oldp, &ov) : 0;
}

int64_t lu_sys_getitimer(struct lu_process *p, const uint64_t *a)
{
    struct itimerval v;
    if (getitimer(lu_int(a, 0), &v) < 0)
        return lu_err();
    return put_itimerval(p, lu_ad(a, 1), &v);
}
