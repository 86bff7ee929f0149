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
    __asm__ volatile(".word 0x00000028");   /* SPECIAL function 40: reserved */
    expect("reserved instruction", SIGILL, SI_KERNEL, 0);

    /* Misaligned LW, SW and LH are address errors the kernel fixes up by
     * doing the access itself (do_ade, emulate_load_store_insn): the
     * program sees them succeed. qemu raises a signal instead. */
    static unsigned char bytes[16] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    int v;
    __asm__ volatile("lw %0, 1(%1)" : "=r"(v) : "r"(bytes) : "memory");
    expect("misaligned lw", 0, 0, 0);
    int want = 0;
    for (int i = 4; i >= 1; i--)
        want = want << 8 | bytes[__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 5 - i : i];
    if (v != want)
        printf("misaligned lw: %#x, expected %#x\n", v, want), failures++;
    __asm__ volatile("sw %0, 9(%1)" : : "r"(0x11223344), "r"(bytes) : "memory");
    __asm__ volatile("lh %0, 9(%1)" : "=r"(v) : "r"(bytes) : "memory");
    expect("misaligned sw, lh", 0, 0, 0);
    if (v != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 0x1122 : 0x3344))
        printf("misaligned sw/lh: %#x\n", v), failures++;

    /* A branch in a delay slot is UNPREDICTABLE (MIPS32 Volume II, "Branch
     * delay slot"); it is a Reserved Instruction here, as in qemu, reported
     * at the first branch. Stepping over that one runs the second as an
     * ordinary branch. */
    r = 0;
    __asm__ volatile(".set push\n\t.set noreorder\n\t"
                     "beq $zero, $zero, 1f\n\t"
                     "b 2f\n\t"
                     "nop\n\t"
                     "1: li %0, 1\n\t"
                     "2: nop\n\t"
                     ".set pop" : "+r"(r));
    expect("branch in a delay slot", SIGILL, SI_KERNEL, 0);
    if (r != 0)
        printf("branch in a delay slot: went to the first target\n"), failures++;

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
