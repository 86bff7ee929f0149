/* Guest signals in Linux user mode: dispositions, the blocked mask, the
 * pending set, the alternate stack, and delivery decisions, common to every
 * guest. The frame a handler runs on is the target's (lu_target's
 * setup_frame/restore_frame, src/linux-user/<arch>/signal.c).
 *
 * Signal numbers 1-64 are the same on the guest (ARM) and the x86-64 host;
 * bit n-1 of a 64-bit set stands for signal n, as in the kernel's sigset_t. */
#ifndef DUET_LU_SIGNAL_H
#define DUET_LU_SIGNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "dbt.h"

#define LU_NSIG 64
#define LU_SIGBIT(s) (1ull << ((s) - 1))

/* The kernel's sa_flags (the same values on ARM and x86). */
enum {
    LU_SA_NOCLDSTOP = 1, LU_SA_NOCLDWAIT = 2, LU_SA_SIGINFO = 4,
    LU_SA_RESTORER = 0x04000000, LU_SA_ONSTACK = 0x08000000, LU_SA_RESTART = 0x10000000,
    LU_SA_NODEFER = 0x40000000, LU_SA_RESETHAND = 0x80000000u,
};
enum { LU_SIG_DFL = 0, LU_SIG_IGN = 1 };
enum { LU_SS_ONSTACK = 1, LU_SS_DISABLE = 2, LU_SS_AUTODISARM = 1u << 31 };

struct lu_sigaction {
    uint64_t handler;   /* LU_SIG_DFL, LU_SIG_IGN or a guest address (bit 0: Thumb) */
    uint32_t flags;
    uint64_t restorer;
    uint64_t mask;
};

/* The 32-bit guest siginfo, 128 bytes: after signo, errno and code, the
 * union's words: pid, uid, then status/sigval, utime, stime (SIGCHLD,
 * sigqueue, timers); a fault has its address in w[0], and for a 64-bit
 * guest its high half in w[1] (lu_siginfo_addr). A 64-bit guest's layout
 * is made from this one by its target. */
struct lu_siginfo {
    int32_t signo, err, code;
    uint32_t w[29];
};

/* A fault's address for a guest with longs of word_size bytes (a 32-bit
 * guest's is its low word, whatever a MIPS64 CPU's sign extension made it). */
static inline void lu_siginfo_set_addr(struct lu_siginfo *info, uint64_t addr, unsigned word_size)
{
    info->w[0] = (uint32_t)addr;
    info->w[1] = word_size == 8 ? (uint32_t)(addr >> 32) : 0;
}

static inline uint64_t lu_siginfo_addr(const struct lu_siginfo *info)
{
    return info->w[0] | (uint64_t)info->w[1] << 32;
}

/* A system call's result as the signal code sees it afterwards. */
struct lu_sig_syscall {
    bool active;        /* a syscall just returned and no signal has seen it */
    int common;         /* enum lu_sys, or -1 */
    uint64_t a0;        /* the first argument, which the result overwrote */
    int64_t ret;
};

/* Per process: dispositions, and the signals sent to the process rather
 * than to one of its threads. */
struct lu_sighand {
    struct lu_sigaction action[LU_NSIG + 1];
    uint64_t pending;   /* also set by host signal handlers: atomic access only */
    struct lu_siginfo info[LU_NSIG + 1];
    uint64_t sigpage;   /* the target's return trampolines, 0 until mapped */
};

/* Per thread. */
struct lu_signals {
    uint64_t blocked;
    uint64_t pending;   /* sent to this thread; atomic access only */
    struct lu_siginfo info[LU_NSIG + 1];
    uint64_t saved_mask;    /* the mask sigsuspend replaced, while restore_mask */
    bool restore_mask;
    uint64_t ss_sp, ss_size;                /* sigaltstack */
    uint32_t ss_flags;                      /* its SS_AUTODISARM */
    /* The last fault, which the kernel keeps per thread for sigcontext. */
    uint32_t trap_no, error_code;
    uint64_t fault_address;
    struct lu_sig_syscall sys;
};

/* "Return nothing": a handler (sigreturn) that has set every register. */
#define LU_RET_NONE INT64_MIN

struct lu_process;

/* Takes over the host signals that become guest signals; the initial
 * guest dispositions and mask are the host's (what execve kept). */
void lu_signal_init(struct lu_process *p);
/* A new thread: its host signals are its guest's. */
void lu_signal_thread_init(struct lu_process *p);
/* A thread that is done: the host signals that stand for guest ones are
 * blocked on its host thread (so they go to the other threads). */
void lu_signal_thread_fini(struct lu_process *p);
/* Blocks those host signals on this host thread; old gets the mask before. */
void lu_signal_block_host(sigset_t *old);
/* Before execve: the host mask becomes the guest thread's blocked set (of
 * the signals that stand for guest ones), which the new program starts
 * with; old gets the mask before. */
void lu_signal_exec_mask(const struct lu_process *p, sigset_t *old);
/* The page of the target's signal return code (len bytes, in guest byte
 * order), mapped once per process: its address, or 0. */
uint64_t lu_sigpage(struct lu_process *p, const void *code, uint32_t len);
/* Whether host signal sig stands for the guest's (sent on through the host). */
bool lu_signal_host_forwarded(int sig);
/* Queues sig for the guest: SI_USER (kill) for the process, SI_TKILL
 * (tkill/tgkill) for thread p. */
void lu_signal_queue(struct lu_process *p, int sig, int code);
/* Pending signals of the thread and of its process. */
uint64_t lu_signal_pending(const struct lu_process *p);
/* After a system call: what lu_signal_deliver needs to restart it. */
void lu_signal_syscall_done(struct lu_process *p, int common, uint64_t a0, int64_t ret);
/* Delivers every deliverable pending signal: a handler frame each, or the
 * default action (which may end the process). Also clears exit_request. */
void lu_signal_deliver(struct lu_process *p);
/* A fault, undefined instruction or breakpoint of the guest: true when a
 * guest handler takes it, false when its default action ends the process. */
bool lu_signal_sync(struct lu_process *p, enum exit_reason r);
/* The guest signal a translator exit stands for: SIGSEGV for a fault,
 * SIGTRAP for a breakpoint, the target's for its own exit reasons
 * (lu_target.exit_siginfo), SIGILL otherwise. */
int lu_signal_of_exit(struct lu_process *p, enum exit_reason r);
/* The alternate stack's flags for a stack pointer (SS_ONSTACK/SS_DISABLE). */
uint32_t lu_sigaltstack_flags(const struct lu_process *p, uint64_t sp);
/* Where a handler's frame goes: the alternate stack's top or sp. */
uint64_t lu_signal_stack(struct lu_process *p, const struct lu_sigaction *act, uint64_t sp);
/* sigaltstack's change, with cur_sp the guest's stack pointer: 0, -EPERM
 * (running on the alternate stack), -EINVAL or -ENOMEM. */
int64_t lu_sigaltstack_set(struct lu_process *p, uint64_t cur_sp, uint64_t ss_sp, uint32_t flags,
                           uint64_t size);
/* sigreturn: the mask a frame saved (SIGKILL and SIGSTOP stay unblocked). */
void lu_signal_set_blocked(struct lu_process *p, uint64_t mask);
/* sigaction's change (the mask without SIGKILL and SIGSTOP; a pending
 * signal now ignored is dropped) and the host disposition that follows. */
void lu_signal_set_action(struct lu_process *p, int sig, const struct lu_sigaction *a);
/* Takes the first pending signal of set into info: its number, or 0. */
int lu_signal_take(struct lu_process *p, uint64_t set, struct lu_siginfo *info);
/* A frame that cannot be written or read back: SIGSEGV, as the kernel forces it. */
void lu_signal_force_segv(struct lu_process *p);
/* Blocks the host signals that become guest ones until the guest has a
 * deliverable signal or timeout passes (NULL: none); false on timeout. */
bool lu_signal_wait(struct lu_process *p, uint64_t extra, const struct timespec *timeout);

#endif
