/* The o32 signal frame: the handler sees the interrupted registers, HI,
 * LO, the FP registers and the mask in its ucontext; what it changes there
 * is what sigreturn restores. Output compared with qemu-mips (which does
 * not save FCSR in the frame: traps.c checks that). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile unsigned long seen_s0, seen_s1, seen_hi, seen_lo, seen_mask_usr1;
static volatile double seen_f2;
static volatile int plain_sig, plain_count;

static void rt_handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    mcontext_t *mc = &uc->uc_mcontext;
    (void)si;
    seen_s0 = mc->gregs[16];
    seen_s1 = mc->gregs[17];
    seen_hi = mc->mdhi;
    seen_lo = mc->mdlo;
    seen_mask_usr1 = sigismember(&uc->uc_sigmask, SIGUSR1);
    memcpy((void *)&seen_f2, &mc->fpregs.fp_r.fp_dregs[2], sizeof(double));
    printf("in handler: sig %d\n", sig);
    mc->gregs[16] = 0x5a5a;          /* $s0 comes back changed */
    mc->mdlo = 77;
    mc->pc += 4;                     /* skip the trapping instruction */
}

static void plain_handler(int sig)
{
    plain_sig = sig;
    plain_count++;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = rt_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGTRAP, &sa, NULL);

    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);

    unsigned long s0_after, s1_after, lo_after;
    double f = 2.75;
    __asm__ volatile(
        "li $s0, 0x1234\n\t"
        "li $s1, 0x4321\n\t"
        "li $t0, 3\n\t"
        "li $t1, 5\n\t"
        "mult $t0, $t1\n\t"
        "mov.d $f2, %3\n\t"
        "li $t0, 1\n\t"
        "ctc1 $t0, $31\n\t"
        "teq $zero, $zero, 3\n\t"
        "ctc1 $zero, $31\n\t"
        "move %0, $s0\n\t"
        "move %1, $s1\n\t"
        "mflo %2\n\t"
        : "=r"(s0_after), "=r"(s1_after), "=r"(lo_after)
        : "f"(f)
        : "$s0", "$s1", "$t0", "$t1", "$f2", "$f3", "hi", "lo", "memory");
    printf("frame: s0 %#lx s1 %#lx hi %lu lo %lu f2 %g usr1 blocked %lu\n", seen_s0, seen_s1, seen_hi,
           seen_lo, seen_f2, seen_mask_usr1);
    printf("after: s0 %#lx s1 %#lx lo %lu\n", s0_after, s1_after, lo_after);

    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("mask restored: usr1 %d usr2 %d\n", sigismember(&now, SIGUSR1), sigismember(&now, SIGUSR2));

    /* A plain handler (struct sigframe) for each signal MIPS numbers
     * differently from other architectures. */
    int sigs[] = { SIGUSR1, SIGUSR2, SIGCHLD, SIGBUS, SIGWINCH, SIGURG, SIGIO, SIGPWR };
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    signal(SIGCHLD, plain_handler);
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        signal(sigs[i], plain_handler);
        raise(sigs[i]);
        printf("raise(%d): handler got %d\n", sigs[i], plain_sig);
    }
    printf("%d handlers ran\n", plain_count);
    return 0;
}
