/* Signal delivery: handlers with siginfo, masks and pending sets, a fault
 * handler that jumps out, alarm interrupting pause, the alternate stack,
 * SA_RESETHAND, nested signals, SIGCHLD, SIGPIPE ignored, SA_RESTART, and
 * registers and flags surviving a handler. Output must match qemu-arm's. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, nested_depth, max_depth, chld;
static volatile int last_code, last_sig;
static volatile uintptr_t last_addr;
static sigjmp_buf jb;

static void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got++;
    last_sig = sig;
    last_code = si->si_code;
    printf("  handler: sig %d code %d pid-match %d\n", sig, si->si_code, si->si_pid == getpid());
}

static void test_info(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    printf("raise: %d\n", raise(SIGUSR1));
    printf("kill: %d\n", kill(getpid(), SIGUSR1));
    printf("got %d\n", (int)got);
}

static void test_mask(void)
{
    sigset_t s, old, pend;
    got = 0;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: got %d pending %d\n", (int)got, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    sigpending(&pend);
    printf("unblocked: got %d pending %d\n", (int)got, sigismember(&pend, SIGUSR1));
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    last_sig = sig;
    last_code = si->si_code;
    last_addr = (uintptr_t)si->si_addr;
    siglongjmp(jb, 1);
}

static void test_segv(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 2; i++) {
        volatile int *bad = i == 0 ? (int *)16 : (int *)(uintptr_t)&test_segv;
        if (sigsetjmp(jb, 1) == 0) {
            *bad = 1;
            printf("no fault\n");
        } else {
            printf("segv %d: sig %d code %d addr-match %d\n", i, last_sig, last_code, last_addr == (uintptr_t)bad);
        }
    }
    /* The mask came back with siglongjmp: SIGSEGV is not blocked. */
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("segv blocked after: %d\n", sigismember(&cur, SIGSEGV));
}

static void on_alarm(int sig)
{
    last_sig = sig;
}

static void test_alarm(void)
{
    signal(SIGALRM, on_alarm);
    last_sig = 0;
    alarm(1);
    int r = pause();
    printf("pause: %d %s sig %d\n", r, strerror(errno), last_sig);
    struct itimerval it = { { 0, 0 }, { 0, 200000 } }, cur;
    setitimer(ITIMER_REAL, &it, NULL);
    getitimer(ITIMER_REAL, &cur);
    printf("itimer running: %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0);
    last_sig = 0;
    while (!last_sig)
        ;   /* interrupted at a block entry, not in a system call */
    printf("busy loop got %d\n", last_sig);
}

static char altstack[65536];

static void on_alt(int sig)
{
    char here;
    (void)sig;
    stack_t ss;
    sigaltstack(NULL, &ss);
    printf("on alt stack: %d flags %d\n",
           &here >= altstack && &here < altstack + sizeof(altstack), ss.ss_flags);
}

static void test_altstack(void)
{
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, old;
    printf("sigaltstack: %d\n", sigaltstack(&ss, &old));
    printf("old flags %d\n", old.ss_flags);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alt;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    sigaltstack(NULL, &old);
    printf("after: flags %d\n", old.ss_flags);
    ss.ss_size = 100;
    printf("too small: %d %s\n", sigaltstack(&ss, NULL), strerror(errno));
}

static void on_once(int sig)
{
    got++;
    last_sig = sig;
}

static void test_resethand(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_once;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGHUP, &sa, NULL);
    got = 0;
    raise(SIGHUP);
    sigaction(SIGHUP, NULL, &old);
    printf("resethand: got %d now default %d\n", (int)got, old.sa_handler == SIG_DFL);
}

static void on_nested(int sig)
{
    nested_depth++;
    if (nested_depth > max_depth)
        max_depth = nested_depth;
    printf("  nested in %d depth %d\n", sig, (int)nested_depth);
    if (sig == SIGUSR1)
        raise(SIGUSR2);     /* runs inside this handler: not in sa_mask */
    if (sig == SIGUSR2)
        raise(SIGINT);      /* blocked by sa_mask: runs after this handler */
    nested_depth--;
}

static void test_nested(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_nested;
    sigaction(SIGUSR1, &sa, NULL);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaction(SIGUSR2, &sa, NULL);
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    raise(SIGUSR1);
    printf("nested max depth %d\n", (int)max_depth);
}

static void on_chld(int sig)
{
    (void)sig;
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0)
        chld++;
}

static void test_chld(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    for (int i = 0; i < 3; i++)
        if (fork() == 0)
            _exit(i);
    for (int i = 0; i < 500 && chld < 3; i++)
        usleep(10000);
    printf("children reaped: %d\n", (int)chld);
    signal(SIGCHLD, SIG_DFL);
}

static void test_pipe(void)
{
    int fd[2];
    signal(SIGPIPE, SIG_IGN);
    pipe(fd);
    close(fd[0]);
    errno = 0;
    int r = write(fd[1], "x", 1);
    printf("write to closed pipe: %d %s\n", r, strerror(errno));
    close(fd[1]);
}

/* SA_RESTART: a read of a pipe interrupted by SIGALRM goes on; without it
 * the read fails with EINTR. */
static void test_restart(void)
{
    struct sigaction sa;
    for (int restart = 0; restart < 2; restart++) {
        int fd[2];
        pipe(fd);
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_alarm;
        sa.sa_flags = restart ? SA_RESTART : 0;
        sigaction(SIGALRM, &sa, NULL);
        pid_t pid = fork();
        if (pid == 0) {
            usleep(600000);
            write(fd[1], "y", 1);
            _exit(0);
        }
        close(fd[1]);
        struct itimerval it = { { 0, 0 }, { 0, 100000 } };
        setitimer(ITIMER_REAL, &it, NULL);
        char c = 0;
        errno = 0;
        int r = read(fd[0], &c, 1);
        printf("read (SA_RESTART %d): %d %s %c\n", restart, r, r < 0 ? strerror(errno) : "ok", r > 0 ? c : '-');
        waitpid(pid, NULL, 0);
        close(fd[0]);
    }
}

static volatile uint32_t clobber;

static void on_clobber(int sig)
{
    clobber = (uint32_t)sig * 0x01010101u;
}

/* Registers and flags across a handler that runs between two instructions. */
static void test_state(void)
{
    signal(SIGALRM, on_clobber);
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    uint32_t sum = 0, x = 1;
    for (uint32_t i = 0; i < 30000000u && clobber == 0; i++) {
        x = x * 1103515245u + 12345u;
        sum += (x >> 16) ^ i;
    }
    for (uint32_t i = 0; i < 3000000u; i++) {
        x = x * 1103515245u + 12345u;
        sum += (x >> 16) < 0x8000 ? 1 : 2;
    }
    it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &it, NULL);
    printf("state loop done: clobber %d sum-parity-ok %d\n", clobber != 0, sum != 0);
}

static void test_sigsuspend(void)
{
    sigset_t s, old, wait;
    signal(SIGUSR1, on_once);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR1);
    got = 0;
    sigemptyset(&wait);
    int r = sigsuspend(&wait);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("sigsuspend: %d %s got %d still blocked %d\n", r, strerror(errno), (int)got, sigismember(&cur, SIGUSR1));
    raise(SIGUSR1);
    int sig = 0;
    printf("sigwait: %d sig %d got %d\n", sigwait(&s, &sig), sig, (int)got);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_info();
    test_mask();
    test_segv();
    test_alarm();
    test_altstack();
    test_resethand();
    test_nested();
    test_chld();
    test_pipe();
    test_restart();
    test_state();
    test_sigsuspend();
    /* The default action of SIGTERM ends the program with it. */
    signal(SIGTERM, SIG_DFL);
    printf("last\n");
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
