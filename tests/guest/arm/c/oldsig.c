/* The old signal calls a program can still make directly, for ARM EABI
 * and MIPS o32: sigaction with the old structure (ARM's old_sigaction;
 * o32's is its struct sigaction, of whose mask the call uses the first
 * word only), sigsuspend (ARM's takes the mask itself, o32's a pointer to
 * a whole sigset_t), and o32's waitpid. Each is checked against the C
 * library's sigaction, sigprocmask and waitpid, which use the newer calls.
 * Prints only what is the same on every run. NO_OLD_SIGSUSPEND leaves
 * sigsuspend out (qemu-arm takes ARM's mask through a pointer). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__mips__)
/* The kernel's o32 struct sigaction: flags, handler, 128-bit mask. */
struct old_sigaction {
    unsigned int flags;
    void (*handler)(int);
    unsigned long mask[4];
};
#else
/* The kernel's ARM struct old_sigaction. */
struct old_sigaction {
    void (*handler)(int);
    unsigned long mask;
    unsigned long flags;
    void (*restorer)(void);
};
#endif

static volatile int handled;

static void on_signal(int sig)
{
    handled = sig;
}

static void check(const char *what, long r)
{
    if (r < 0)
        printf("%s: error %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static unsigned long first_mask_word(const struct old_sigaction *a)
{
#if defined(__mips__)
    return a->mask[0];
#else
    return a->mask;
#endif
}

static void show_old(const char *what, const struct old_sigaction *a)
{
    printf("  %s: handler %s flags %#lx mask %#lx", what,
           a->handler == on_signal ? "on_signal" : a->handler == SIG_DFL ? "SIG_DFL" : "other",
           (unsigned long)a->flags, first_mask_word(a));
#if defined(__mips__)
    printf(" high words %#lx %#lx %#lx", a->mask[1], a->mask[2], a->mask[3]);
#endif
    printf("\n");
}

static struct old_sigaction old_action(unsigned long flags, unsigned long mask)
{
    struct old_sigaction a;
    memset(&a, 0xa5, sizeof(a));
    a.handler = on_signal;
    a.flags = (unsigned int)flags;
#if defined(__mips__)
    a.mask[0] = mask;
#else
    a.mask = mask;
    a.restorer = NULL;
#endif
    return a;
}

static void old_sigaction_call(void)
{
    struct old_sigaction a = old_action(SA_RESTART | SA_NODEFER, 1ul << (SIGUSR2 - 1)), o;
    memset(&o, 0x5a, sizeof(o));
    check("old sigaction set SIGUSR1", syscall(SYS_sigaction, SIGUSR1, &a, &o));
    show_old("before", &o);
    struct sigaction n;
    check("sigaction query", sigaction(SIGUSR1, NULL, &n));
    printf("  as sigaction: handler %s restart %d nodefer %d siginfo %d mask usr2 %d term %d\n",
           n.sa_handler == on_signal ? "on_signal" : "other", !!(n.sa_flags & SA_RESTART),
           !!(n.sa_flags & SA_NODEFER), !!(n.sa_flags & SA_SIGINFO), sigismember(&n.sa_mask, SIGUSR2),
           sigismember(&n.sa_mask, SIGTERM));
    /* A mask with a signal above 32 reads back without it. */
    sigemptyset(&n.sa_mask);
    sigaddset(&n.sa_mask, SIGTERM);
    sigaddset(&n.sa_mask, SIGRTMIN + 3);
    n.sa_flags = SA_SIGINFO;
    check("sigaction set", sigaction(SIGUSR1, &n, NULL));
    memset(&o, 0x5a, sizeof(o));
    check("old sigaction query", syscall(SYS_sigaction, SIGUSR1, NULL, &o));
    show_old("after", &o);
    check("old sigaction signal 0", syscall(SYS_sigaction, 0, &a, NULL));
    check("old sigaction SIGKILL", syscall(SYS_sigaction, SIGKILL, &a, NULL));
    check("old sigaction query SIGKILL", syscall(SYS_sigaction, SIGKILL, NULL, &o));
    check("old sigaction bad pointer", syscall(SYS_sigaction, SIGUSR1, (void *)16, NULL));
}

#ifndef NO_OLD_SIGSUSPEND
/* SIGUSR1 pending and blocked; sigsuspend with it unblocked runs the
 * handler, returns EINTR and puts the old mask back. */
static void old_sigsuspend_call(void)
{
    struct sigaction n = { .sa_handler = on_signal };
    sigaction(SIGUSR1, &n, NULL);
    sigset_t block, cur;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    handled = 0;
    sigset_t wait_mask;
    sigemptyset(&wait_mask);
    sigaddset(&wait_mask, SIGUSR2);
#if defined(__mips__)
    check("old sigsuspend", syscall(SYS_sigsuspend, &wait_mask));
#else
    check("old sigsuspend", syscall(SYS_sigsuspend, 0, 0, 1ul << (SIGUSR2 - 1)));
#endif
    printf("  handled %s\n", handled == SIGUSR1 ? "SIGUSR1" : handled ? "other" : "none");
    sigprocmask(SIG_SETMASK, NULL, &cur);
    printf("  mask after: usr1 %d usr2 %d\n", sigismember(&cur, SIGUSR1), sigismember(&cur, SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
}
#endif

#ifdef SYS_waitpid
static void old_waitpid_call(void)
{
    int status = 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    check("waitpid", syscall(SYS_waitpid, pid, &status, 0) == pid ? 0 : -1);
    printf("  exited %d status %d\n", WIFEXITED(status), WEXITSTATUS(status));
    pid = fork();
    if (pid == 0) {
        signal(SIGUSR2, SIG_DFL);
        raise(SIGUSR2);
        _exit(1);
    }
    check("waitpid", syscall(SYS_waitpid, -1, &status, 0) == pid ? 0 : -1);
    printf("  signaled %d by %s\n", WIFSIGNALED(status), WTERMSIG(status) == SIGUSR2 ? "SIGUSR2" : "other");
    check("waitpid no child", syscall(SYS_waitpid, -1, &status, WNOHANG));
}
#endif

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    old_sigaction_call();
#ifndef NO_OLD_SIGSUSPEND
    old_sigsuspend_call();
#endif
#ifdef SYS_waitpid
    old_waitpid_call();
#endif
    return 0;
}
