/* MIPS exceptions as Linux reports them (arch/mips/kernel/traps.c):
 * integer overflow of ADD (do_ov: SIGFPE, FPE_INTOVF at the pc), the
 * conditional traps and BREAK with the divide-by-zero and overflow codes
 * 7 and 6 (do_trap_or_bp: SIGFPE), other codes (SIGTRAP: SI_KERNEL for
 * traps, TRAP_BRKPT without an address for BREAK), a reserved instruction
 * (do_ri: SIGILL, SI_KERNEL), a misaligned LL (do_ade: SIGBUS) and enabled
 * FP exceptions (do_fpe). The handler records the signal and steps over
 * the instruction (sc_pc + 4). Self-checking: qemu-mips reports the trap
 * codes 6 and 7 as SIGTRAP and gives BREAK an address, unlike Linux. */
#define _GNU_SOURCE
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int got_sig, got_code, addr_is_pc;
static volatile unsigned long fault_addr, frame_fcsr;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    got_sig = sig;
    got_code = si->si_code;
    fault_addr = (unsigned long)si->si_addr;
    addr_is_pc = fault_addr == (unsigned long)uc->uc_mcontext.pc;
    frame_fcsr = uc->uc_mcontext.fpc_csr;
    uc->uc_mcontext.pc += 4;
}

static int failures;

/* The signal, si_code and whether si_addr was the pc that the last case
 * raised, against the expected ones. */
static void expect(const char *what, int sig, int code, int at_pc)
{
    if (got_sig != sig || got_code != code || addr_is_pc != at_pc) {
        printf("%s: signal %d code %d addr==pc %d, expected %d %d %d\n", what, got_sig, got_code, addr_is_pc,
               sig, code, at_pc);
        failures++;
    }
    got_sig = got_code = addr_is_pc = 0;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    int r = 5, big = 0x7fffffff, one = 1, zero = 0, m1 = -1;
    __asm__ volatile("add %0, %1, %2" : "+r"(r) : "r"(big), "r"(one));
    expect("add overflow", SIGFPE, FPE_INTOVF, 1);
    if (r != 5)
        expect("add overflow left rd alone", 0, 0, 1);
    __asm__ volatile("addi %0, %1, 1" : "=r"(r) : "r"(big));
    expect("addi overflow", SIGFPE, FPE_INTOVF, 1);
    __asm__ volatile("sub %0, %1, %2" : "=r"(r) : "r"(-big - 1), "r"(one));
    expect("sub overflow", SIGFPE, FPE_INTOVF, 1);
    __asm__ volatile("addu %0, %1, %2" : "=r"(r) : "r"(big), "r"(one));
    expect("addu wraps", 0, 0, 0);
    __asm__ volatile("teq %0, $zero, 7" : : "r"(zero));
    expect("teq code 7", SIGFPE, FPE_INTDIV, 1);
    __asm__ volatile("teq %0, $zero, 6" : : "r"(zero));
    expect("teq code 6", SIGFPE, FPE_INTOVF, 1);
    __asm__ volatile("teq %0, $zero, 3" : : "r"(zero));
    expect("teq code 3", SIGTRAP, SI_KERNEL, 0);
    __asm__ volatile("tne %0, $zero" : : "r"(zero));
    expect("tne not taken", 0, 0, 0);
    __asm__ volatile("tge %0, %1" : : "r"(one), "r"(m1));
    expect("tge", SIGTRAP, SI_KERNEL, 0);
    __asm__ volatile("tgeu %0, %1" : : "r"(one), "r"(m1));
    expect("tgeu not taken", 0, 0, 0);
    __asm__ volatile("tltu %0, %1" : : "r"(one), "r"(m1));
    expect("tltu", SIGTRAP, SI_KERNEL, 0);
    __asm__ volatile("teqi %0, 0" : : "r"(zero));
    expect("teqi", SIGTRAP, SI_KERNEL, 0);
    __asm__ volatile("tgei %0, -1" : : "r"(zero));
    expect("tgei", SIGTRAP, SI_KERNEL, 0);
    __asm__ volatile("tlti %0, -1" : : "r"(zero));
    expect("tlti not taken", 0, 0, 0);
    __asm__ volatile("break");
    expect("break", SIGTRAP, TRAP_BRKPT, 0);
    __asm__ volatile("break 7");
    expect("break 7", SIGFPE, FPE_INTDIV, 1);
    __asm__ volatile("break 6");
    expect("break 6", SIGFPE, FPE_INTOVF, 1);
    __asm__ volatile(".word 0x0000003f");   /* SPECIAL function 63: reserved */
    expect("reserved instruction", SIGILL, SI_KERNEL, 0);

    static int words[2];
    char *p = (char *)words + 2;
    __asm__ volatile("ll %0, 0(%1)" : "=r"(r) : "r"(p) : "memory");
    if (fault_addr != (unsigned long)p)
        printf("misaligned ll: address %#lx\n", fault_addr), failures++;
    expect("misaligned ll", SIGBUS, BUS_ADRALN, 0);

    /* FP: invalid enabled, then division by zero enabled and masked */
    volatile double x = 0.0, y = 0.0, z;
    feenableexcept(FE_INVALID);
    fesetround(FE_UPWARD);
    z = x / y;
    expect("fp invalid enabled", SIGFPE, FPE_FLTINV, 1);
    /* the frame has FCSR with its rounding mode, the enabled cause cleared
     * (do_fpe clears it before the handler runs) and no flag set */
    if ((frame_fcsr & 3) != 2 || (frame_fcsr & 0x1007c))
        printf("FCSR in the frame: %#lx\n", frame_fcsr), failures++;
    fesetround(FE_TONEAREST);
    fedisableexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    feenableexcept(FE_DIVBYZERO);
    y = 1.0;
    z = y / x;
    expect("fp divbyzero enabled", SIGFPE, FPE_FLTDIV, 1);
    fedisableexcept(FE_ALL_EXCEPT);
    z = y / x;
    expect("fp divbyzero masked", 0, 0, 0);
    if (fetestexcept(FE_ALL_EXCEPT) != FE_DIVBYZERO || z != 1.0 / 0.0)
        printf("masked division by zero: flags %#x\n", fetestexcept(FE_ALL_EXCEPT)), failures++;
    if (!failures)
        printf("ok\n");
    return failures != 0;
    return 0;
}
