/* MIPS o32 signal frames as the Linux kernel lays them out
 * (arch/mips/kernel/signal.c, asm/sigcontext.h): struct sigframe is the
 * o32 argument save area, two unused words, struct sigcontext and the
 * 128-bit mask; struct rt_sigframe puts siginfo and a ucontext after the
 * same six words. The handler returns through code on a page mapped for
 * it, as the kernel's VDSO holds it. Frames are written byte by byte in
 * the guest's byte order. Also the signals the translator's MIPS exits
 * raise, and the restart of an interrupted system call. */
#include <signal.h>
#include <string.h>

#include "linux-user/mips/signal.h"
#include "linux-user/sys.h"
#include "mips/cpu.h"

/* struct sigcontext */
enum {
    SC_PC = 8, SC_REGS = 16, SC_FPREGS = 272, SC_FPC_CSR = 532, SC_USED_MATH = 540,
    SC_MDHI = 552, SC_MDLO = 560, SC_SIZE = 592,
};
/* struct sigframe and struct rt_sigframe (with its ucontext) */
enum {
    SF_SC = 24, SF_MASK = SF_SC + SC_SIZE, SF_SIZE = SF_MASK + 16,
    RS_INFO = 24, RS_UC = RS_INFO + 128,
    UC_STACK = 8, UC_MCONTEXT = 24, UC_SIGMASK = UC_MCONTEXT + SC_SIZE, UC_SIZE = UC_SIGMASK + 16,
    RS_SIZE = RS_UC + UC_SIZE,
};
_Static_assert(SF_SIZE == 632 && RS_SIZE == 784, "o32 struct sigframe and rt_sigframe");

enum { REG_V0 = 2, REG_A0 = 4, REG_A1 = 5, REG_A2 = 6, REG_A3 = 7, REG_T9 = 25, REG_K0 = 26, REG_SP = 29, REG_RA = 31 };

/* li v0, __NR_sigreturn; syscall / li v0, __NR_rt_sigreturn; syscall */
static const uint32_t sigreturn_code[4] = { 0x24021017, 0x0000000c, 0x24021061, 0x0000000c };
enum { RETURN_SIGRETURN = 0, RETURN_RT_SIGRETURN = 8 };

static struct mips_cpu *mips(struct lu_process *p)
{
    return (struct mips_cpu *)p->cpu;
}

static uint32_t sigpage(struct lu_process *p)
{
    uint8_t code[sizeof(sigreturn_code)];
    for (unsigned i = 0; i < 4; i++)
        lu_mips_put32(code + 4 * i, mips(p)->big_endian, sigreturn_code[i]);
    return lu_sigpage(p, code, sizeof(code));
}

/* A general register as the 64-bit sigcontext slot holds it. */
static uint64_t reg64(const struct mips_cpu *c, unsigned r)
{
    return mips_is64(c) ? c->gpr[r] : (uint64_t)(int64_t)(int32_t)c->gpr[r];
}

static uint64_t hilo64(const struct mips_cpu *c, uint64_t v)
{
    return mips_is64(c) ? v : (uint64_t)(int64_t)(int32_t)v;
}

/* The FP registers as _save_fp_context stores them: sdc1 of every
 * register with FR=1, of the even ones with FR=0 (a pair each). */
static void save_fp(const struct mips_cpu *c, uint8_t *sc, bool be)
{
    bool fr = c->head.block_flags & MIPS_TB_FR;
    for (unsigned i = 0; i < 32; i++) {
        if (fr)
            lu_mips_put64(sc + SC_FPREGS + 8 * i, be, c->fpr[i]);
        else if (!(i & 1))
            lu_mips_put64(sc + SC_FPREGS + 8 * i, be, (uint32_t)c->fpr[i] | (uint64_t)(uint32_t)c->fpr[i + 1] << 32);
    }
    lu_mips_put32(sc + SC_FPC_CSR, be, c->fcsr);
    lu_mips_put32(sc + SC_USED_MATH, be, 1);
}

static void restore_fp(struct mips_cpu *c, const uint8_t *sc, bool be)
{
    bool fr = c->head.block_flags & MIPS_TB_FR;
    for (unsigned i = 0; i < 32; i++) {
        uint64_t v = lu_mips_get64(sc + SC_FPREGS + 8 * (fr ? i : i & ~1u), be);
        if (fr)
            c->fpr[i] = v;
        else
            c->fpr[i] = (c->fpr[i] & ~0xffffffffull) | (uint32_t)(i & 1 ? v >> 32 : v);
    }
    uint32_t w = c->model->fcsr_writable;
    c->fcsr = (lu_mips_get32(sc + SC_FPC_CSR, be) & w) | (c->fcsr & ~w);
}

/* setup_sigcontext: pc, $1-$31 ($0 reads 0), HI, LO and the FP state. */
static void save_sigcontext(const struct mips_cpu *c, uint8_t *sc)
{
    bool be = c->big_endian;
    lu_mips_put64(sc + SC_PC, be, c->head.pc);
    for (unsigned i = 1; i < 32; i++)
        lu_mips_put64(sc + SC_REGS + 8 * i, be, reg64(c, i));
    lu_mips_put64(sc + SC_MDHI, be, hilo64(c, c->hi));
    lu_mips_put64(sc + SC_MDLO, be, hilo64(c, c->lo));
    if (c->model->features & MIPS_F_FPU)
        save_fp(c, sc, be);
}

static void restore_sigcontext(struct mips_cpu *c, const uint8_t *sc)
{
    bool be = c->big_endian;
    c->head.pc = lu_mips_get64(sc + SC_PC, be);
    if (!mips_is64(c))
        c->head.pc = (uint32_t)c->head.pc;
    for (unsigned i = 1; i < 32; i++)
        c->gpr[i] = lu_mips_get64(sc + SC_REGS + 8 * i, be);
    c->gpr[0] = 0;   /* no system call to restart */
    c->hi = lu_mips_get64(sc + SC_MDHI, be);
    c->lo = lu_mips_get64(sc + SC_MDLO, be);
    if ((c->model->features & MIPS_F_FPU) && lu_mips_get32(sc + SC_USED_MATH, be))
        restore_fp(c, sc, be);
    c->lladdr = ~0ull;   /* the kernel's eret clears LLbit */
}

/* A 64-bit host-numbered mask as the 128-bit MIPS sigset_t. */
static void put_mask(uint8_t *b, bool be, uint64_t host_mask)
{
    uint64_t g = lu_mips_sigset_to_guest(host_mask);
    lu_mips_put32(b, be, (uint32_t)g);
    lu_mips_put32(b + 4, be, (uint32_t)(g >> 32));
    lu_mips_put32(b + 8, be, 0);
    lu_mips_put32(b + 12, be, 0);
}

static uint64_t get_mask(const uint8_t *b, bool be)
{
    return lu_mips_sigset_to_host(lu_mips_get32(b, be) | (uint64_t)lu_mips_get32(b + 4, be) << 32);
}

/* get_sigframe: below sp (or on the alternate stack) with 32 bytes left
 * free, 8-byte aligned. */
static uint32_t frame_address(struct lu_process *p, const struct lu_sigaction *act, uint32_t size)
{
    uint32_t sp = mips_cpu_gpr32(mips(p), REG_SP);
    return (lu_signal_stack(p, act, sp - 32) - size) & ~7u;
}

/* The handler is entered at its address, which $t9 holds too (o32 PIC
 * code computes $gp from it), returning to the sigreturn code. */
static int enter_handler(struct lu_process *p, int sig, const struct lu_sigaction *act, uint32_t frame,
                         uint32_t ret_offset)
{
    struct mips_cpu *c = mips(p);
    uint32_t page = sigpage(p);
    if (!page)
        return -1;
    mips_cpu_set_gpr32(c, REG_A0, (uint32_t)lu_mips_sig_to_guest(sig));
    mips_cpu_set_gpr32(c, REG_SP, frame);
    mips_cpu_set_gpr32(c, REG_RA, page + ret_offset);
    mips_cpu_set_gpr32(c, REG_T9, act->handler);
    c->head.pc = act->handler;
    c->lladdr = ~0ull;
    return 0;
}

static int write_frame(struct lu_process *p, uint32_t addr, const uint8_t *f, uint32_t size)
{
    return lu_copy_to(p, addr, f, size) == 0 ? 0 : -1;
}

static int setup_rt_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                          const struct lu_siginfo *info, uint64_t oldmask)
{
    struct mips_cpu *c = mips(p);
    bool be = c->big_endian;
    uint8_t f[RS_SIZE];
    uint32_t sp = mips_cpu_gpr32(c, REG_SP), addr = frame_address(p, act, RS_SIZE);
    struct lu_siginfo gi;

    memset(f, 0, sizeof(f));
    lu_mips_siginfo_to_guest(p, info, &gi);
    for (unsigned i = 0; i < 32; i++)
        lu_mips_put32(f + RS_INFO + 4 * i, be, ((const uint32_t *)&gi)[i]);
    uint8_t *uc = f + RS_UC;
    lu_mips_put32(uc + UC_STACK, be, p->sig.ss_sp);
    lu_mips_put32(uc + UC_STACK + 4, be, p->sig.ss_size);
    lu_mips_put32(uc + UC_STACK + 8, be, lu_sigaltstack_flags(p, sp) | p->sig.ss_flags);
    save_sigcontext(c, uc + UC_MCONTEXT);
    put_mask(uc + UC_SIGMASK, be, oldmask);
    if (!lu_ptr(p, addr, RS_SIZE, LU_PROT_W) || enter_handler(p, sig, act, addr, RETURN_RT_SIGRETURN) != 0)
        return -1;
    mips_cpu_set_gpr32(c, REG_A1, addr + RS_INFO);
    mips_cpu_set_gpr32(c, REG_A2, addr + RS_UC);
    return write_frame(p, addr, f, RS_SIZE);
}

static int setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act, uint64_t oldmask)
{
    struct mips_cpu *c = mips(p);
    uint8_t f[SF_SIZE];
    uint32_t addr = frame_address(p, act, SF_SIZE);

    memset(f, 0, sizeof(f));
    save_sigcontext(c, f + SF_SC);
    put_mask(f + SF_MASK, c->big_endian, oldmask);
    if (!lu_ptr(p, addr, SF_SIZE, LU_PROT_W) || enter_handler(p, sig, act, addr, RETURN_SIGRETURN) != 0)
        return -1;
    mips_cpu_set_gpr32(c, REG_A1, 0);
    mips_cpu_set_gpr32(c, REG_A2, addr + SF_SC);
    return write_frame(p, addr, f, SF_SIZE);
}

int lu_mips_setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                        const struct lu_siginfo *info, uint64_t oldmask)
{
    if (act->flags & LU_SA_SIGINFO)
        return setup_rt_frame(p, sig, act, info, oldmask);
    return setup_frame(p, sig, act, oldmask);
}

int lu_mips_restore_frame(struct lu_process *p, bool rt)
{
    struct mips_cpu *c = mips(p);
    bool be = c->big_endian;
    uint8_t f[RS_SIZE];
    uint32_t sp = mips_cpu_gpr32(c, REG_SP), size = rt ? RS_SIZE : SF_SIZE;
    if (lu_copy_from(p, f, sp, size) != 0)
        return -1;
    const uint8_t *sc = rt ? f + RS_UC + UC_MCONTEXT : f + SF_SC;
    lu_signal_set_blocked(p, get_mask(rt ? f + RS_UC + UC_SIGMASK : f + SF_MASK, be));
    restore_sigcontext(c, sc);
    if (rt) {
        const uint8_t *st = f + RS_UC + UC_STACK;
        lu_sigaltstack_set(p, mips_cpu_gpr32(c, REG_SP), lu_mips_get32(st, be), lu_mips_get32(st + 8, be),
                           lu_mips_get32(st + 4, be));
    }
    return 0;
}

/* Back on the syscall with its number in v0 and its a0 and a3 again
 * (the kernel's ERESTART handling; see mips_syscall_ret). */
void lu_mips_syscall_restart(struct lu_process *p, uint64_t a0)
{
    struct mips_cpu *c = mips(p);
    c->gpr[REG_V0] = c->gpr[0];
    c->gpr[REG_A3] = c->gpr[REG_K0];
    mips_cpu_set_gpr32(c, REG_A0, (uint32_t)a0);
    c->gpr[0] = 0;
    c->head.pc -= 4;
}

lu_addr lu_mips_get_sp(struct lu_process *p)
{
    return mips_cpu_gpr32(mips(p), REG_SP);
}

/* Linux's do_trap_or_bp: BRK_OVERFLOW (6) and BRK_DIVZERO (7) are SIGFPE,
 * any other code SIGTRAP (with TRAP_BRKPT for BREAK, none for traps). */
enum { BRK_OVERFLOW = 6, BRK_DIVZERO = 7 };

static int trap_or_bp(struct lu_process *p, uint32_t code, int si_code, struct lu_siginfo *info)
{
    if (code == BRK_OVERFLOW || code == BRK_DIVZERO) {
        *info = (struct lu_siginfo){ .code = code == BRK_DIVZERO ? FPE_INTDIV : FPE_INTOVF,
                                     .w = { (uint32_t)p->cpu->pc } };
        return SIGFPE;
    }
    *info = (struct lu_siginfo){ .code = si_code };
    return SIGTRAP;
}

/* do_fpe: the code of the first of V, Z, O, U, I in the cause; the
 * enabled cause bits are cleared before the handler runs. */
static int fp_exception(struct lu_process *p, struct lu_siginfo *info)
{
    struct mips_cpu *c = mips(p);
    unsigned cause = (c->fcsr >> MIPS_FCSR_CAUSE_SHIFT) & 0x3f;
    unsigned enabled = ((c->fcsr >> MIPS_FCSR_ENABLES_SHIFT) & 0x1f) | MIPS_FP_E;
    int code = (cause & MIPS_FP_V) ? FPE_FLTINV : (cause & MIPS_FP_Z) ? FPE_FLTDIV
             : (cause & MIPS_FP_O) ? FPE_FLTOVF : (cause & MIPS_FP_U) ? FPE_FLTUND
             : (cause & MIPS_FP_I) ? FPE_FLTRES : FPE_FLTUNK;
    c->fcsr &= ~((cause & enabled) << MIPS_FCSR_CAUSE_SHIFT);
    *info = (struct lu_siginfo){ .code = code, .w = { (uint32_t)c->head.pc } };
    return SIGFPE;
}

int lu_mips_exit_siginfo(struct lu_process *p, enum exit_reason r, struct lu_siginfo *info)
{
    uint32_t arg = (uint32_t)p->cpu->exit_arg;
    if (r == EXIT_MIPS_TRAP)
        return trap_or_bp(p, arg, SI_KERNEL, info);
    if (r == EXIT_MIPS_BREAK) {
        /* do_bp: codes from old assemblers sit in the upper ten bits */
        if (arg >= (1u << 10))
            arg = ((arg & 0x3ff) << 10) | (arg >> 10);
        return trap_or_bp(p, arg, TRAP_BRKPT, info);
    }
    if (r == EXIT_MIPS_OVERFLOW) {
        *info = (struct lu_siginfo){ .code = FPE_INTOVF, .w = { (uint32_t)p->cpu->pc } };
        return SIGFPE;
    }
    if (r == EXIT_MIPS_FPE)
        return fp_exception(p, info);
    if (r == EXIT_UNDEF) {
        /* do_ri: force_sig(SIGILL), without an address */
        *info = (struct lu_siginfo){ .code = SI_KERNEL };
        return SIGILL;
    }
    if (r == EXIT_MIPS_ADDRESS) {
        *info = (struct lu_siginfo){ .code = BUS_ADRALN, .w = { (uint32_t)p->cpu->fault_addr } };
        return SIGBUS;
    }
    return 0;
}
