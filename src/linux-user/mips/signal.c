/* MIPS signal frames as the Linux kernel lays them out
 * (arch/mips/kernel/signal.c, asm/sigcontext.h, asm/ucontext.h). o32:
 * struct sigframe is the o32 argument save area, two unused words, struct
 * sigcontext and the 128-bit mask; struct rt_sigframe puts siginfo and a
 * ucontext after the same six words. n64 has only rt_sigframe, of the
 * same shape, with 64-bit longs and its own struct sigcontext. The
 * handler returns through code on a page mapped for it, as the kernel's
 * VDSO holds it. Frames are written in the guest's byte order. Also the
 * signals the translator's MIPS exits raise, and the restart of an
 * interrupted system call. */
#include <signal.h>
#include <string.h>

#include "linux-user/mips/signal.h"
#include "linux-user/sys.h"
#include "mips/cpu.h"

/* Where the parts of struct sigcontext and the frames are, per ABI. */
struct frame_layout {
    /* struct sigcontext */
    unsigned sc_pc, sc_regs, sc_fpregs, sc_fpc_csr, sc_used_math, sc_mdhi, sc_mdlo, sc_size;
    /* struct ucontext: uc_stack, uc_mcontext, uc_sigmask, and its size */
    unsigned uc_stack, uc_mcontext, uc_sigmask, uc_size;
    unsigned align;     /* the kernel's ALMASK alignment of a frame */
    /* li v0, __NR_sigreturn; syscall / li v0, __NR_rt_sigreturn; syscall */
    uint32_t sigreturn_code[4];
};

static const struct frame_layout o32_frames = {
    8, 16, 272, 532, 540, 552, 560, 592,
    8, 24, 24 + 592, 24 + 592 + 16,
    8,
    { 0x24021017, 0x0000000c, 0x24021061, 0x0000000c },
};

static const struct frame_layout n64_frames = {
    576, 0, 256, 584, 588, 512, 544, 600,
    16, 40, 40 + 600, 40 + 600 + 16,
    16,
    { 0x2402145b, 0x0000000c, 0x2402145b, 0x0000000c },   /* rt_sigreturn is 5211 */
};

/* struct sigframe (o32) and struct rt_sigframe: six words, then the
 * sigcontext and mask, or siginfo and the ucontext. */
enum { SF_SC = 24, RS_INFO = 24, RS_UC = RS_INFO + 128, FRAME_MAX = RS_UC + 40 + 600 + 16 };
_Static_assert(RS_UC + 24 + 592 + 16 == 784 && SF_SC + 592 + 16 == 632, "o32 struct rt_sigframe and sigframe");
_Static_assert(FRAME_MAX == 808, "n64 struct rt_sigframe");

enum { RETURN_SIGRETURN = 0, RETURN_RT_SIGRETURN = 8 };
enum { REG_V0 = 2, REG_A0 = 4, REG_A1 = 5, REG_A2 = 6, REG_A3 = 7, REG_T9 = 25, REG_K0 = 26, REG_SP = 29, REG_RA = 31 };

static struct mips_cpu *mips(struct lu_process *p)
{
    return (struct mips_cpu *)p->cpu;
}

static bool is_n64(const struct lu_process *p)
{
    return p->target->word_size == 8;
}

static const struct frame_layout *layout(const struct lu_process *p)
{
    return is_n64(p) ? &n64_frames : &o32_frames;
}

/* A register as the ABI sees it: an o32 value is the low word, held
 * sign-extended. */
static uint64_t get_reg(struct lu_process *p, unsigned r)
{
    return is_n64(p) ? mips(p)->gpr[r] : mips_cpu_gpr32(mips(p), r);
}

static void set_reg(struct lu_process *p, unsigned r, uint64_t v)
{
    if (is_n64(p))
        mips(p)->gpr[r] = v;
    else
        mips_cpu_set_gpr32(mips(p), r, (uint32_t)v);
}

static uint64_t sigpage(struct lu_process *p)
{
    uint8_t code[16];
    for (unsigned i = 0; i < 4; i++)
        lu_mips_put32(code + 4 * i, mips(p)->big_endian, layout(p)->sigreturn_code[i]);
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
static void save_fp(const struct mips_cpu *c, const struct frame_layout *l, uint8_t *sc, bool be)
{
    bool fr = c->head.block_flags & MIPS_TB_FR;
    for (unsigned i = 0; i < 32; i++) {
        if (fr)
            lu_mips_put64(sc + l->sc_fpregs + 8 * i, be, c->fpr[i]);
        else if (!(i & 1))
            lu_mips_put64(sc + l->sc_fpregs + 8 * i, be,
                          (uint32_t)c->fpr[i] | (uint64_t)(uint32_t)c->fpr[i + 1] << 32);
    }
    lu_mips_put32(sc + l->sc_fpc_csr, be, c->fcsr);
    lu_mips_put32(sc + l->sc_used_math, be, 1);
}

static void restore_fp(struct mips_cpu *c, const struct frame_layout *l, const uint8_t *sc, bool be)
{
    bool fr = c->head.block_flags & MIPS_TB_FR;
    for (unsigned i = 0; i < 32; i++) {
        uint64_t v = lu_mips_get64(sc + l->sc_fpregs + 8 * (fr ? i : i & ~1u), be);
        if (fr)
            c->fpr[i] = v;
        else
            c->fpr[i] = (c->fpr[i] & ~0xffffffffull) | (uint32_t)(i & 1 ? v >> 32 : v);
    }
    uint32_t w = c->model->fcsr_writable;
    c->fcsr = (lu_mips_get32(sc + l->sc_fpc_csr, be) & w) | (c->fcsr & ~w);
}

/* setup_sigcontext: pc, $1-$31 ($0 reads 0), HI, LO and the FP state. */
static void save_sigcontext(const struct mips_cpu *c, const struct frame_layout *l, uint8_t *sc)
{
    bool be = c->big_endian;
    lu_mips_put64(sc + l->sc_pc, be, c->head.pc);
    for (unsigned i = 1; i < 32; i++)
        lu_mips_put64(sc + l->sc_regs + 8 * i, be, reg64(c, i));
    lu_mips_put64(sc + l->sc_mdhi, be, hilo64(c, c->hi));
    lu_mips_put64(sc + l->sc_mdlo, be, hilo64(c, c->lo));
    if (c->model->features & MIPS_F_FPU)
        save_fp(c, l, sc, be);
}

static void restore_sigcontext(struct mips_cpu *c, const struct frame_layout *l, const uint8_t *sc)
{
    bool be = c->big_endian;
    c->head.pc = lu_mips_get64(sc + l->sc_pc, be);
    if (!mips_is64(c))
        c->head.pc = (uint32_t)c->head.pc;
    for (unsigned i = 1; i < 32; i++)
        c->gpr[i] = lu_mips_get64(sc + l->sc_regs + 8 * i, be);
    c->gpr[0] = 0;   /* no system call to restart */
    c->hi = lu_mips_get64(sc + l->sc_mdhi, be);
    c->lo = lu_mips_get64(sc + l->sc_mdlo, be);
    if ((c->model->features & MIPS_F_FPU) && lu_mips_get32(sc + l->sc_used_math, be))
        restore_fp(c, l, sc, be);
    c->lladdr = ~0ull;   /* the kernel's eret clears LLbit */
}

/* A 64-bit host-numbered mask as the 128-bit MIPS sigset_t (longs). */
static const char *mask_layout(const struct lu_process *p)
{
    return is_n64(p) ? "2l" : "4l";
}

static void put_mask(const struct lu_process *p, uint8_t *b, uint64_t host_mask)
{
    uint64_t g = lu_mips_sigset_to_guest(host_mask);
    const uint64_t v[4] = { is_n64(p) ? g : (uint32_t)g, is_n64(p) ? 0 : g >> 32 };
    lu_struct_pack(p, b, mask_layout(p), v);
}

static uint64_t get_mask(const struct lu_process *p, const uint8_t *b)
{
    uint64_t v[4];
    lu_struct_unpack(p, b, mask_layout(p), v);
    return lu_mips_sigset_to_host(is_n64(p) ? v[0] : v[0] | v[1] << 32);
}

/* get_sigframe: below sp (or on the alternate stack) with 32 bytes left
 * free, aligned as ALMASK. */
static uint64_t frame_address(struct lu_process *p, const struct lu_sigaction *act, uint32_t size)
{
    uint64_t sp = get_reg(p, REG_SP);
    return (lu_signal_stack(p, act, sp - 32) - size) & ~(uint64_t)(layout(p)->align - 1);
}

/* The handler is entered at its address, which $t9 holds too (PIC code
 * computes $gp from it), returning to the sigreturn code. */
static int enter_handler(struct lu_process *p, int sig, const struct lu_sigaction *act, uint64_t frame,
                         uint32_t ret_offset)
{
    struct mips_cpu *c = mips(p);
    uint64_t page = sigpage(p);
    if (!page)
        return -1;
    set_reg(p, REG_A0, (uint32_t)lu_mips_sig_to_guest(sig));
    set_reg(p, REG_SP, frame);
    set_reg(p, REG_RA, page + ret_offset);
    set_reg(p, REG_T9, act->handler);
    c->head.pc = act->handler;
    c->lladdr = ~0ull;
    return 0;
}

static int write_frame(struct lu_process *p, uint64_t addr, const uint8_t *f, uint32_t size)
{
    return lu_copy_to(p, addr, f, size) == 0 ? 0 : -1;
}

static int setup_rt_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                          const struct lu_siginfo *info, uint64_t oldmask)
{
    const struct frame_layout *l = layout(p);
    uint8_t f[FRAME_MAX];
    uint32_t size = RS_UC + l->uc_size;
    uint64_t sp = get_reg(p, REG_SP), addr = frame_address(p, act, size);

    memset(f, 0, sizeof(f));
    lu_mips_siginfo_bytes(p, info, f + RS_INFO);
    uint8_t *uc = f + RS_UC;
    const uint64_t stack[3] = { p->sig.ss_sp, p->sig.ss_size, lu_sigaltstack_flags(p, sp) | p->sig.ss_flags };
    lu_struct_pack(p, uc + l->uc_stack, "llw", stack);
    save_sigcontext(mips(p), l, uc + l->uc_mcontext);
    put_mask(p, uc + l->uc_sigmask, oldmask);
    if (!lu_ptr(p, addr, size, LU_PROT_W) || enter_handler(p, sig, act, addr, RETURN_RT_SIGRETURN) != 0)
        return -1;
    set_reg(p, REG_A1, addr + RS_INFO);
    set_reg(p, REG_A2, addr + RS_UC);
    return write_frame(p, addr, f, size);
}

static int setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act, uint64_t oldmask)
{
    const struct frame_layout *l = layout(p);
    uint8_t f[FRAME_MAX];
    uint32_t size = SF_SC + l->sc_size + 16;
    uint64_t addr = frame_address(p, act, size);

    memset(f, 0, sizeof(f));
    save_sigcontext(mips(p), l, f + SF_SC);
    put_mask(p, f + SF_SC + l->sc_size, oldmask);
    if (!lu_ptr(p, addr, size, LU_PROT_W) || enter_handler(p, sig, act, addr, RETURN_SIGRETURN) != 0)
        return -1;
    set_reg(p, REG_A1, 0);
    set_reg(p, REG_A2, addr + SF_SC);
    return write_frame(p, addr, f, size);
}

/* A 64-bit kernel gives every handler of a native program the rt frame
 * (sig_uses_siginfo). */
int lu_mips_setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                        const struct lu_siginfo *info, uint64_t oldmask)
{
    if ((act->flags & LU_SA_SIGINFO) || is_n64(p))
        return setup_rt_frame(p, sig, act, info, oldmask);
    return setup_frame(p, sig, act, oldmask);
}

int lu_mips_restore_frame(struct lu_process *p, bool rt)
{
    const struct frame_layout *l = layout(p);
    struct mips_cpu *c = mips(p);
    uint8_t f[FRAME_MAX];
    uint64_t sp = get_reg(p, REG_SP);
    uint32_t size = rt ? RS_UC + l->uc_size : SF_SC + l->sc_size + 16;
    if ((!rt && is_n64(p)) || lu_copy_from(p, f, sp, size) != 0)
        return -1;
    const uint8_t *sc = rt ? f + RS_UC + l->uc_mcontext : f + SF_SC;
    lu_signal_set_blocked(p, get_mask(p, rt ? f + RS_UC + l->uc_sigmask : f + SF_SC + l->sc_size));
    restore_sigcontext(c, l, sc);
    if (rt) {
        uint64_t st[3];
        lu_struct_unpack(p, f + RS_UC + l->uc_stack, "llw", st);
        lu_sigaltstack_set(p, get_reg(p, REG_SP), st[0], (uint32_t)st[2], st[1]);
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
    set_reg(p, REG_A0, a0);
    c->gpr[0] = 0;
    c->head.pc -= 4;
}

lu_addr lu_mips_get_sp(struct lu_process *p)
{
    return get_reg(p, REG_SP);
}

/* Linux's do_trap_or_bp: BRK_OVERFLOW (6) and BRK_DIVZERO (7) are SIGFPE,
 * any other code SIGTRAP (with TRAP_BRKPT for BREAK, none for traps). */
enum { BRK_OVERFLOW = 6, BRK_DIVZERO = 7 };

static int trap_or_bp(struct lu_process *p, uint32_t code, int si_code, struct lu_siginfo *info)
{
    if (code == BRK_OVERFLOW || code == BRK_DIVZERO) {
        *info = (struct lu_siginfo){ .code = code == BRK_DIVZERO ? FPE_INTDIV : FPE_INTOVF };
        lu_siginfo_set_addr(info, p->cpu->pc, p->target->word_size);
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
    *info = (struct lu_siginfo){ .code = code };
    lu_siginfo_set_addr(info, c->head.pc, p->target->word_size);
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
        *info = (struct lu_siginfo){ .code = FPE_INTOVF };
        lu_siginfo_set_addr(info, p->cpu->pc, p->target->word_size);
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
        *info = (struct lu_siginfo){ .code = BUS_ADRALN };
        lu_siginfo_set_addr(info, p->cpu->fault_addr, p->target->word_size);
        return SIGBUS;
    }
    return 0;
}
