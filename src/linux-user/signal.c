/* Guest signals, the parts every guest shares: which host signals stand for
 * guest ones, the pending set, and the decisions of the kernel's
 * get_signal/handle_signal — which signal goes next, default actions,
 * whether an interrupted system call restarts, and the mask a handler runs
 * with. The frame itself is the target's.
 *
 * A host signal only records itself as pending and sets the CPU's
 * exit_request, so the run loop gets control back at the next block entry;
 * host handlers are installed without SA_RESTART, so a blocking host call
 * returns EINTR and the guest's own restart rules decide what happens. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "linux-user/process.h"
#include "linux-user/sys.h"

/* The process whose guest gets this thread's host signals: a host signal
 * handler has no other way to find it (as translate/dbt.c's current_run). */
static _Thread_local struct lu_process *signal_process;

#define UNBLOCKABLE (LU_SIGBIT(SIGKILL) | LU_SIGBIT(SIGSTOP))
/* Taken before any other pending signal, as the kernel's SYNCHRONOUS_MASK. */
#define SYNCHRONOUS (LU_SIGBIT(SIGSEGV) | LU_SIGBIT(SIGBUS) | LU_SIGBIT(SIGILL) | \
                     LU_SIGBIT(SIGTRAP) | LU_SIGBIT(SIGFPE) | LU_SIGBIT(SIGSYS))

enum sig_default { DFL_TERM, DFL_CORE, DFL_IGN, DFL_STOP };

static enum sig_default sig_default(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
        return DFL_IGN;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return DFL_STOP;
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return DFL_CORE;
    default:
        return DFL_TERM;
    }
}

/* Host signals that stand for guest ones. SIGSEGV, SIGBUS, SIGILL, SIGFPE
 * and SIGTRAP of the guest come from its code as translator exits (a host
 * SIGSEGV is the translator's fault handler's), SIGKILL and SIGSTOP cannot
 * be caught, and the host C library keeps 32 and 33 for its threads. */
static bool host_forwarded(int sig)
{
    switch (sig) {
    case SIGKILL: case SIGSTOP: case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
        return false;
    default:
        return sig >= 1 && sig <= LU_NSIG && (sig < 32 || sig >= SIGRTMIN);
    }
}

static void host_forwarded_set(sigset_t *s)
{
    sigemptyset(s);
    for (int sig = 1; sig <= LU_NSIG; sig++)
        if (host_forwarded(sig))
            sigaddset(s, sig);
}

/* Keeps host signal handlers out while the main flow reads what they write. */
void lu_signal_block_host(sigset_t *old)
{
    sigset_t fwd;
    host_forwarded_set(&fwd);
    pthread_sigmask(SIG_BLOCK, &fwd, old);
}

static void host_restore(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void info_from_host(struct lu_siginfo *g, int sig, const siginfo_t *si)
{
    memset(g, 0, sizeof(*g));
    g->signo = sig;
    g->err = si->si_errno;
    g->code = si->si_code;
    g->w[0] = (uint32_t)si->si_pid;
    g->w[1] = (uint32_t)si->si_uid;
    if (sig == SIGCHLD) {
        g->w[2] = (uint32_t)si->si_status;
        g->w[3] = (uint32_t)si->si_utime;
        g->w[4] = (uint32_t)si->si_stime;
    } else if (si->si_code == SI_TIMER) {
        g->w[0] = (uint32_t)si->si_timerid;
        g->w[1] = (uint32_t)si->si_overrun;
        g->w[2] = (uint32_t)si->si_value.sival_int;
    } else if (si->si_code == SI_QUEUE || si->si_code == SI_MESGQ) {
        g->w[2] = (uint32_t)si->si_value.sival_int;
    } else if (sig == SIGIO && si->si_code > 0) {
        g->w[0] = (uint32_t)si->si_band;
        g->w[1] = (uint32_t)si->si_fd;
    }
}

/* Only async-signal-safe work: record, then ask the run loop to stop. A
 * signal sent to this host thread (tkill, tgkill) is the guest thread's;
 * any other is the process's, for whichever thread does not block it. */
static void host_signal(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    struct lu_process *p = signal_process;
    if (!p)
        return;
    bool thread = si->si_code == SI_TKILL;
    info_from_host(thread ? &p->sig.info[sig] : &p->sh->sig.info[sig], sig, si);
    __atomic_fetch_or(thread ? &p->sig.pending : &p->sh->sig.pending, LU_SIGBIT(sig), __ATOMIC_RELEASE);
    __atomic_store_n(&p->cpu->exit_request, 1, __ATOMIC_RELEASE);
}

static bool guest_ignores(const struct lu_process *p, int sig)
{
    const struct lu_sigaction *a = &p->sh->sig.action[sig];
    return a->handler == LU_SIG_IGN || (a->handler == LU_SIG_DFL && sig_default(sig) == DFL_IGN);
}

/* The host disposition that gives the guest's: ignored signals are ignored
 * by the host too (so a write to a closed pipe just fails, and execve
 * keeps them ignored), default stops stop duet, and the rest are caught. */
static void host_update(struct lu_process *p, int sig)
{
    if (!host_forwarded(sig))
        return;
    const struct lu_sigaction *a = &p->sh->sig.action[sig];
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    host_forwarded_set(&sa.sa_mask);
    if (a->handler == LU_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else if (a->handler == LU_SIG_DFL && sig_default(sig) != DFL_TERM && sig_default(sig) != DFL_CORE) {
        sa.sa_handler = SIG_DFL;
    } else {
        sa.sa_sigaction = host_signal;
        sa.sa_flags = SA_SIGINFO;
    }
    /* Whether children stopping signal and exited ones are reaped at once. */
    if (sig == SIGCHLD)
        sa.sa_flags |= (int)(a->flags & (LU_SA_NOCLDSTOP | LU_SA_NOCLDWAIT));
    sigaction(sig, &sa, NULL);
}

void lu_signal_init(struct lu_process *p)
{
    sigset_t fwd, old;
    host_forwarded_set(&fwd);
    pthread_sigmask(SIG_UNBLOCK, &fwd, &old);
    for (int sig = 1; sig <= LU_NSIG; sig++) {
        if (sigismember(&old, sig) == 1)
            p->sig.blocked |= LU_SIGBIT(sig);
        struct sigaction cur;
        if (host_forwarded(sig) && sigaction(sig, NULL, &cur) == 0 && cur.sa_handler == SIG_IGN)
            p->sh->sig.action[sig].handler = LU_SIG_IGN;
    }
    p->sig.blocked &= ~UNBLOCKABLE;
    signal_process = p;
    for (int sig = 1; sig <= LU_NSIG; sig++)
        host_update(p, sig);
}

void lu_signal_thread_init(struct lu_process *p)
{
    signal_process = p;
}


void lu_signal_thread_fini(struct lu_process *p)
{
    (void)p;
    sigset_t old;
    lu_signal_block_host(&old);
    signal_process = NULL;
}

void lu_signal_exec_mask(const struct lu_process *p, sigset_t *old)
{
    sigset_t m;
    sigemptyset(&m);
    for (int sig = 1; sig <= LU_NSIG; sig++)
        if (host_forwarded(sig) && (p->sig.blocked & LU_SIGBIT(sig)))
            sigaddset(&m, sig);
    pthread_sigmask(SIG_SETMASK, &m, old);
}

/* Mapped on first use, read-only and executable like the kernel's sigpage;
 * one for the process, whichever thread asks first. */
static uint64_t sigpage_map(struct lu_process *p, const void *code, uint32_t len)
{
    uint64_t a = lu_find_free(p, p->mmap_base, LU_PAGE);
    if (!a || lu_map(p, a, LU_PAGE, LU_PROT_R | LU_PROT_W) != 0)
        return 0;
    memcpy(p->mem.base + a, code, len);
    if (lu_protect(p, a, LU_PAGE, LU_PROT_R | LU_PROT_X) != 0)
        return 0;
    return a;
}

uint64_t lu_sigpage(struct lu_process *p, const void *code, uint32_t len)
{
    lu_lock(p);
    if (!p->sh->sig.sigpage)
        p->sh->sig.sigpage = sigpage_map(p, code, len);
    uint64_t a = p->sh->sig.sigpage;
    lu_unlock(p);
    return a;
}

bool lu_signal_host_forwarded(int sig)
{
    return host_forwarded(sig);
}

uint64_t lu_signal_pending(const struct lu_process *p)
{
    return __atomic_load_n(&p->sig.pending, __ATOMIC_ACQUIRE) |
           __atomic_load_n(&p->sh->sig.pending, __ATOMIC_ACQUIRE);
}

/* For thread p, or (shared) for its process. */
static void set_pending(struct lu_process *p, const struct lu_siginfo *info, bool shared)
{
    sigset_t old;
    lu_signal_block_host(&old);
    (shared ? p->sh->sig.info : p->sig.info)[info->signo] = *info;
    __atomic_fetch_or(shared ? &p->sh->sig.pending : &p->sig.pending, LU_SIGBIT(info->signo),
                      __ATOMIC_RELEASE);
    host_restore(&old);
}

void lu_signal_queue(struct lu_process *p, int sig, int code)
{
    /* An ignored signal is dropped when sent, unless blocked (sig_ignored). */
    if (guest_ignores(p, sig) && !(p->sig.blocked & LU_SIGBIT(sig)))
        return;
    struct lu_siginfo info = { .signo = sig, .code = code };
    info.w[0] = (uint32_t)getpid();
    info.w[1] = (uint32_t)getuid();
    set_pending(p, &info, code != SI_TKILL);
}

void lu_signal_syscall_done(struct lu_process *p, int common, uint64_t a0, int64_t ret)
{
    p->sig.sys = (struct lu_sig_syscall){ true, common, a0, ret };
}

/* The calls the kernel ends with -ERESTARTNOHAND (or a restart block):
 * restarted when no handler runs, -EINTR when one does, SA_RESTART or not. */
static bool restart_nohand(int common)
{
    switch (common) {
    case LU_SYS_pause: case LU_SYS_rt_sigsuspend: case LU_SYS_rt_sigtimedwait:
    case LU_SYS_rt_sigtimedwait_time64: case LU_SYS_poll: case LU_SYS_ppoll:
    case LU_SYS_ppoll_time64: case LU_SYS__newselect: case LU_SYS_pselect6:
    case LU_SYS_pselect6_time64: case LU_SYS_nanosleep: case LU_SYS_clock_nanosleep:
    case LU_SYS_clock_nanosleep_time64:
        return true;
    default:
        return false;
    }
}

static int next_signal(struct lu_process *p, uint64_t allowed)
{
    uint64_t x = lu_signal_pending(p) & allowed;
    if (!x)
        return 0;
    if (x & SYNCHRONOUS)
        x &= SYNCHRONOUS;
    return __builtin_ctzll(x) + 1;
}

/* The thread's own before the process's, as the kernel's dequeue_signal. */
static void take_signal(struct lu_process *p, int sig, struct lu_siginfo *info)
{
    sigset_t old;
    lu_signal_block_host(&old);
    uint64_t bit = LU_SIGBIT(sig);
    if (__atomic_fetch_and(&p->sig.pending, ~bit, __ATOMIC_ACQ_REL) & bit) {
        *info = p->sig.info[sig];
    } else {
        *info = p->sh->sig.info[sig];
        __atomic_fetch_and(&p->sh->sig.pending, ~bit, __ATOMIC_ACQ_REL);
    }
    host_restore(&old);
}

static void end_process(struct lu_process *p, int sig)
{
    p->exited = true;
    p->group_exit = true;
    p->exit_signal = sig;
    p->exit_status = 128 + sig;
}

static void default_action(struct lu_process *p, int sig)
{
    switch (sig_default(sig)) {
    case DFL_IGN:
        return;
    case DFL_STOP:
        kill(getpid(), SIGSTOP);  /* the host's SIGCONT lets the guest go on */
        return;
    default:
        end_process(p, sig);
    }
}

void lu_signal_force_segv(struct lu_process *p)
{
    end_process(p, SIGSEGV);
}

/* handle_signal: the interrupted call's restart, the frame, then the mask
 * the handler runs with. */
static void run_handler(struct lu_process *p, int sig, const struct lu_siginfo *info)
{
    struct lu_signals *s = &p->sig;
    struct lu_sigaction a = p->sh->sig.action[sig];
    if (s->sys.active && s->sys.ret == -EINTR && (a.flags & LU_SA_RESTART) && !restart_nohand(s->sys.common))
        p->target->syscall_restart(p, s->sys.a0);
    s->sys.active = false;
    uint64_t old = s->restore_mask ? s->saved_mask : s->blocked;
    s->restore_mask = false;
    if (p->target->setup_frame(p, sig, &a, info, old) != 0) {
        lu_signal_force_segv(p);
        return;
    }
    if (s->ss_flags & LU_SS_AUTODISARM)
        s->ss_sp = s->ss_size = s->ss_flags = 0;
    s->blocked |= a.mask | ((a.flags & LU_SA_NODEFER) ? 0 : LU_SIGBIT(sig));
    s->blocked &= ~UNBLOCKABLE;
    if (a.flags & LU_SA_RESETHAND) {
        p->sh->sig.action[sig].handler = LU_SIG_DFL;
        host_update(p, sig);
    }
}

/* -d int: each signal as it is taken, with what will handle it. */
static void log_delivery(const struct lu_process *p, int sig, uint64_t handler)
{
    FILE *f = p->logfile ? p->logfile : stderr;
    if (handler == LU_SIG_DFL || handler == LU_SIG_IGN)
        fprintf(f, "signal %d at pc 0x%llx: %s\n", sig, (unsigned long long)p->cpu->pc,
                handler == LU_SIG_DFL ? "default action" : "ignored");
    else
        fprintf(f, "signal %d at pc 0x%llx: handler 0x%llx\n", sig, (unsigned long long)p->cpu->pc,
                (unsigned long long)handler);
}

void lu_signal_deliver(struct lu_process *p)
{
    struct lu_signals *s = &p->sig;
    __atomic_store_n(&p->cpu->exit_request, 0, __ATOMIC_RELEASE);
    while (!p->exited) {
        int sig = next_signal(p, ~s->blocked);
        if (!sig)
            break;
        struct lu_siginfo info;
        take_signal(p, sig, &info);
        uint64_t handler = p->sh->sig.action[sig].handler;
        if (p->log & LOG_INT)
            log_delivery(p, sig, handler);
        if (handler == LU_SIG_DFL)
            default_action(p, sig);
        else if (handler != LU_SIG_IGN)
            run_handler(p, sig, &info);
    }
    /* No handler ran: a call a signal interrupted runs again. */
    if (s->sys.active && s->sys.ret == -EINTR && !p->exited)
        p->target->syscall_restart(p, s->sys.a0);
    s->sys.active = false;
    if (s->restore_mask) {
        s->blocked = s->saved_mask;
        s->restore_mask = false;
    }
    /* A process signal this thread blocks is for another thread. */
    uint64_t others = __atomic_load_n(&p->sh->sig.pending, __ATOMIC_ACQUIRE) & s->blocked;
    if (others && !p->exited)
        lu_threads_kick(p, others);
}

/* The kernel's fault status for the frame: a translation fault (page) or
 * a permission fault, with bit 11 for a write. */
static void fault_info(struct lu_process *p, struct lu_siginfo *info)
{
    uint64_t addr = p->cpu->fault_addr;
    bool mapped = (lu_page_prot(p, addr) & LU_MAPPED) != 0;
    info->code = mapped ? SEGV_ACCERR : SEGV_MAPERR;
    lu_siginfo_set_addr(info, addr, p->target->word_size);
    p->sig.trap_no = 14;
    p->sig.error_code = (p->cpu->fault_write ? 1u << 11 : 0) | (mapped ? 0xf : 0x7);
    p->sig.fault_address = addr;
}

/* The target's signal and siginfo for an exit (its own reasons, and the
 * common ones it reports otherwise), or 0. */
static int target_exit_signal(struct lu_process *p, enum exit_reason r, struct lu_siginfo *info)
{
    return p->target->exit_siginfo ? p->target->exit_siginfo(p, r, info) : 0;
}

int lu_signal_of_exit(struct lu_process *p, enum exit_reason r)
{
    struct lu_siginfo info = { 0 };
    int sig = target_exit_signal(p, r, &info);
    if (sig)
        return sig;
    switch (r) {
    case EXIT_FAULT: return SIGSEGV;
    case EXIT_DEBUG: return SIGTRAP;
    default: return SIGILL;
    }
}

bool lu_signal_sync(struct lu_process *p, enum exit_reason r)
{
    struct lu_siginfo info = { 0 };
    int sig = target_exit_signal(p, r, &info);
    switch (sig ? EXIT_NONE : r) {
    case EXIT_NONE:
        break;
    case EXIT_FAULT:
        fault_info(p, &info);
        break;
    case EXIT_UNDEF:
        info = (struct lu_siginfo){ .code = ILL_ILLOPC };
        lu_siginfo_set_addr(&info, p->cpu->pc, p->target->word_size);
        p->sig.trap_no = 6;
        p->sig.error_code = 0;
        break;
    case EXIT_DEBUG:
        info = (struct lu_siginfo){ .code = TRAP_BRKPT };
        lu_siginfo_set_addr(&info, p->cpu->pc, p->target->word_size);
        p->sig.trap_no = 1;
        p->sig.error_code = 0;
        break;
    default:
        return false;
    }
    info.signo = sig ? sig : lu_signal_of_exit(p, r);
    /* force_sig_info: a blocked or ignored fault takes its default action. */
    const struct lu_sigaction *a = &p->sh->sig.action[info.signo];
    if (a->handler == LU_SIG_DFL || a->handler == LU_SIG_IGN || (p->sig.blocked & LU_SIGBIT(info.signo)))
        return false;
    set_pending(p, &info, false);
    lu_signal_deliver(p);
    return true;
}

static bool on_altstack(const struct lu_process *p, uint64_t sp)
{
    return sp > p->sig.ss_sp && sp - p->sig.ss_sp <= p->sig.ss_size;
}

uint32_t lu_sigaltstack_flags(const struct lu_process *p, uint64_t sp)
{
    if (!p->sig.ss_size)
        return LU_SS_DISABLE;
    return on_altstack(p, sp) ? LU_SS_ONSTACK : 0;
}

uint64_t lu_signal_stack(struct lu_process *p, const struct lu_sigaction *act, uint64_t sp)
{
    if ((act->flags & LU_SA_ONSTACK) && lu_sigaltstack_flags(p, sp) == 0)
        return p->sig.ss_sp + p->sig.ss_size;
    return sp;
}

#define G_MINSIGSTKSZ 2048

int64_t lu_sigaltstack_set(struct lu_process *p, uint64_t cur_sp, uint64_t ss_sp, uint32_t flags,
                           uint64_t size)
{
    if (p->sig.ss_size && on_altstack(p, cur_sp))
        return -EPERM;
    uint32_t mode = flags & ~(uint32_t)LU_SS_AUTODISARM;
    if (mode != LU_SS_DISABLE && mode != LU_SS_ONSTACK && mode != 0)
        return -EINVAL;
    if (mode == LU_SS_DISABLE) {
        p->sig.ss_sp = p->sig.ss_size = p->sig.ss_flags = 0;
        return 0;
    }
    if (size < G_MINSIGSTKSZ)
        return -ENOMEM;
    p->sig.ss_sp = ss_sp;
    p->sig.ss_size = size;
    p->sig.ss_flags = flags & LU_SS_AUTODISARM;
    return 0;
}

void lu_signal_set_blocked(struct lu_process *p, uint64_t mask)
{
    p->sig.blocked = mask & ~UNBLOCKABLE;
}

void lu_signal_set_action(struct lu_process *p, int sig, const struct lu_sigaction *a)
{
    p->sh->sig.action[sig] = *a;
    p->sh->sig.action[sig].mask &= ~UNBLOCKABLE;
    /* Setting a pending signal to be ignored discards it. */
    if (guest_ignores(p, sig)) {
        struct lu_siginfo dropped;
        take_signal(p, sig, &dropped);
    }
    host_update(p, sig);
}

static int64_t ns_left(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(deadline->tv_sec - now.tv_sec) * 1000000000 + (deadline->tv_nsec - now.tv_nsec);
}

/* ppoll with no descriptors is sigsuspend with a timeout: host signals stay
 * blocked except inside it, so none slips in between the check and the wait. */
bool lu_signal_wait(struct lu_process *p, uint64_t extra, const struct timespec *timeout)
{
    sigset_t old;
    struct timespec deadline, left;
    bool got = true;
    if (timeout) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += timeout->tv_sec + (deadline.tv_nsec + timeout->tv_nsec) / 1000000000;
        deadline.tv_nsec = (deadline.tv_nsec + timeout->tv_nsec) % 1000000000;
    }
    lu_signal_block_host(&old);
    while (!(lu_signal_pending(p) & (~p->sig.blocked | extra))) {
        int64_t ns = timeout ? ns_left(&deadline) : 0;
        if (timeout && ns <= 0) {
            got = false;
            break;
        }
        left = (struct timespec){ ns / 1000000000, ns % 1000000000 };
        ppoll(NULL, 0, timeout ? &left : NULL, &old);
    }
    host_restore(&old);
    return got;
}

/* rt_sigtimedwait: takes the lowest pending signal of set; 0 if none. */
int lu_signal_take(struct lu_process *p, uint64_t set, struct lu_siginfo *info)
{
    int sig = next_signal(p, set);
    if (sig)
        take_signal(p, sig, info);
    return sig;
}
