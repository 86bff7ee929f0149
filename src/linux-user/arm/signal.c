/* ARM signal frames as the Linux kernel lays them out
 * (arch/arm/kernel/signal.c): struct sigframe is the ucontext (whose
 * uc_mcontext is struct sigcontext, and whose uc_regspace holds the VFP
 * block) and two words of return code; struct rt_sigframe puts siginfo
 * before it. The handler returns through the sigreturn code of a page
 * mapped for it, as the kernel's sigpage; the same code is also written
 * into the frame, where the ABI promises it. */
#include <stddef.h>
#include <string.h>

#include "arm/cpu.h"
#include "linux-user/arm/signal.h"
#include "linux-user/sys.h"

struct arm_sigcontext {
    uint32_t trap_no, error_code, oldmask;
    uint32_t r[16];
    uint32_t cpsr, fault_address;
};

struct arm_ucontext {
    uint32_t flags, link;
    uint32_t ss_sp, ss_flags, ss_size;
    struct arm_sigcontext mc;
    uint64_t sigmask;
    uint32_t unused[30];        /* room for glibc's 1024-bit sigset_t */
    uint64_t regspace[64];
};

struct arm_vfp_frame {
    uint32_t magic, size;
    uint64_t fpregs[32];
    uint32_t fpscr, pad;
    uint32_t fpexc, fpinst, fpinst2, pad2;
};

struct arm_sigframe {
    struct arm_ucontext uc;
    uint32_t retcode[2];
};

struct arm_rt_sigframe {
    struct lu_siginfo info;
    struct arm_sigframe sig;
};

_Static_assert(sizeof(struct lu_siginfo) == 128, "siginfo is 128 bytes");
_Static_assert(offsetof(struct arm_ucontext, mc) == 20, "uc_mcontext");
_Static_assert(offsetof(struct arm_ucontext, sigmask) == 104, "uc_sigmask");
_Static_assert(offsetof(struct arm_ucontext, regspace) == 232, "uc_regspace");
_Static_assert(sizeof(struct arm_sigframe) == 752, "struct sigframe");
_Static_assert(sizeof(struct arm_rt_sigframe) == 880, "struct rt_sigframe");
_Static_assert(sizeof(struct arm_vfp_frame) == 288, "VFP_STORAGE_SIZE");

#define VFP_MAGIC 0x56465001u
#define SIGFRAME_MAGIC 0x5ac3c35au   /* uc_flags of a non-rt frame */
#define FPSCR_LEN_STRIDE (7u << 16 | 3u << 20)
#define CPSR_T (1u << 5)

/* The kernel's sigreturn_codes: ARM sigreturn (2 words), Thumb sigreturn,
 * ARM rt_sigreturn (2 words), Thumb rt_sigreturn; the svc immediates are
 * the OABI numbers, which EABI ignores. */
static const uint32_t sigreturn_codes[7] = {
    0xe3a07077, /* mov r7, #119 */ 0xef900077, /* svc #0x900077 */
    0xdf002777, /* movs r7, #119; svc #0 */
    0xe3a070ad, /* mov r7, #173 */ 0xef9000ad, /* svc #0x9000ad */
    0xdf0027ad, /* movs r7, #173; svc #0 */
    0,
};

static struct arm_cpu *arm(struct lu_process *p)
{
    return (struct arm_cpu *)p->cpu;
}

static bool has_vfp(struct lu_process *p)
{
    return (arm(p)->model->features & ARM_F_VFP2) != 0;
}

static uint32_t sigpage(struct lu_process *p)
{
    return (uint32_t)lu_sigpage(p, sigreturn_codes, sizeof(sigreturn_codes));
}

static void save_vfp(struct arm_cpu *c, uint8_t *regspace)
{
    struct arm_vfp_frame v = { .magic = VFP_MAGIC, .size = sizeof(v), .fpscr = c->fpscr, .fpexc = c->fpexc };
    memcpy(v.fpregs, c->vfp_d, sizeof(c->vfp_d));
    memcpy(regspace, &v, sizeof(v));
}

/* setup_sigframe: the registers, the mask, then the VFP block (when the
 * model has VFP) and the zero word that ends the list. */
static void save_sigcontext(struct lu_process *p, struct arm_ucontext *uc, uint64_t oldmask)
{
    struct arm_cpu *c = arm(p);
    struct arm_sigcontext *sc = &uc->mc;
    sc->trap_no = p->sig.trap_no;
    sc->error_code = p->sig.error_code;
    sc->oldmask = (uint32_t)oldmask;
    memcpy(sc->r, c->r, 15 * sizeof(uint32_t));
    sc->r[15] = (uint32_t)c->head.pc;
    sc->cpsr = arm_cpsr_read(c);
    sc->fault_address = (uint32_t)p->sig.fault_address;
    uc->sigmask = oldmask;
    uint8_t *aux = (uint8_t *)uc->regspace;
    if (has_vfp(p)) {
        save_vfp(c, aux);
        aux += sizeof(struct arm_vfp_frame);
    }
    memset(aux, 0, 4);
}

/* setup_return: the handler starts with the flags and the E bit clear, in
 * the state bit 0 of its address asks for, returning to the sigreturn code
 * (or the restorer given). */
static int enter_handler(struct lu_process *p, int sig, const struct lu_sigaction *act, uint32_t frame,
                         uint32_t *rc)
{
    struct arm_cpu *c = arm(p);
    bool thumb = act->handler & 1;
    unsigned idx = (thumb ? 2 : 0) + ((act->flags & LU_SA_SIGINFO) ? 3 : 0);
    uint32_t ret = (uint32_t)act->restorer;
    rc[0] = sigreturn_codes[idx];
    rc[1] = sigreturn_codes[idx + 1];
    if (!(act->flags & LU_SA_RESTORER)) {
        uint32_t page = sigpage(p);
        if (!page)
            return 1;
        ret = page + 4 * idx + thumb;
    }
    c->r[0] = (uint32_t)sig;
    c->r[13] = frame;
    c->r[14] = ret;
    c->head.pc = (uint32_t)act->handler & ~1u;
    arm_cpsr_write(c, 0, 0xf8000000u | 1u << 9);
    c->head.block_flags = (c->head.block_flags & ~(uint32_t)ARM_TB_THUMB) | (thumb ? ARM_TB_THUMB : 0);
    arm_cpu_set_fpscr(c, c->fpscr & ~FPSCR_LEN_STRIDE);   /* as the procedure call standard has it on entry */
    c->excl_addr = ~0u;
    return 0;
}

static int setup_rt_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                          const struct lu_siginfo *info, uint64_t oldmask)
{
    struct arm_cpu *c = arm(p);
    struct arm_rt_sigframe f;
    uint32_t sp = c->r[13];
    uint32_t addr = (uint32_t)(lu_signal_stack(p, act, sp) - sizeof(f)) & ~7u;
    memset(&f, 0, sizeof(f));
    f.info = *info;
    f.sig.uc.ss_sp = (uint32_t)p->sig.ss_sp;
    f.sig.uc.ss_flags = lu_sigaltstack_flags(p, sp) | p->sig.ss_flags;
    f.sig.uc.ss_size = (uint32_t)p->sig.ss_size;
    save_sigcontext(p, &f.sig.uc, oldmask);
    uint32_t rc[2];
    if (!lu_ptr(p, addr, sizeof(f), LU_PROT_W) || enter_handler(p, sig, act, addr, rc) != 0)
        return -1;
    memcpy(f.sig.retcode, rc, sizeof(rc));
    lu_copy_to(p, addr, &f, sizeof(f));
    c->r[1] = addr + (uint32_t)offsetof(struct arm_rt_sigframe, info);
    c->r[2] = addr + (uint32_t)offsetof(struct arm_rt_sigframe, sig.uc);
    return 0;
}

static int setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act, uint64_t oldmask)
{
    struct arm_cpu *c = arm(p);
    struct arm_sigframe f;
    uint32_t addr = (uint32_t)(lu_signal_stack(p, act, c->r[13]) - sizeof(f)) & ~7u;
    memset(&f, 0, sizeof(f));
    f.uc.flags = SIGFRAME_MAGIC;
    save_sigcontext(p, &f.uc, oldmask);
    if (!lu_ptr(p, addr, sizeof(f), LU_PROT_W) || enter_handler(p, sig, act, addr, f.retcode) != 0)
        return -1;
    lu_copy_to(p, addr, &f, sizeof(f));
    return 0;
}

int lu_arm_setup_frame(struct lu_process *p, int sig, const struct lu_sigaction *act,
                       const struct lu_siginfo *info, uint64_t oldmask)
{
    if (act->flags & LU_SA_SIGINFO)
        return setup_rt_frame(p, sig, act, info, oldmask);
    return setup_frame(p, sig, act, oldmask);
}

static int restore_vfp(struct arm_cpu *c, const uint64_t *regspace)
{
    struct arm_vfp_frame v;
    memcpy(&v, regspace, sizeof(v));
    if (v.magic != VFP_MAGIC || v.size != sizeof(v))
        return -1;
    memcpy(c->vfp_d, v.fpregs, sizeof(c->vfp_d));
    arm_cpu_set_fpscr(c, v.fpscr);
    return 0;
}

/* restore_sigframe: mask, registers, then CPSR, which must be a user mode
 * CPSR with interrupts enabled (valid_user_regs), then VFP. */
static int restore_ucontext(struct lu_process *p, const struct arm_ucontext *uc)
{
    struct arm_cpu *c = arm(p);
    const struct arm_sigcontext *sc = &uc->mc;
    lu_signal_set_blocked(p, uc->sigmask);
    if ((sc->cpsr & 0x1f) != 0x10 || (sc->cpsr & 0x80))
        return -1;
    memcpy(c->r, sc->r, 15 * sizeof(uint32_t));
    bool thumb = sc->cpsr & CPSR_T;
    c->head.pc = sc->r[15] & (thumb ? ~1u : ~3u);
    arm_cpsr_write(c, sc->cpsr, 0xf80f0000u | 1u << 9);
    c->head.block_flags = (c->head.block_flags & ~(uint32_t)ARM_TB_THUMB) | (thumb ? ARM_TB_THUMB : 0);
    c->excl_addr = ~0u;
    return has_vfp(p) ? restore_vfp(c, uc->regspace) : 0;
}

int lu_arm_restore_frame(struct lu_process *p, bool rt)
{
    struct arm_cpu *c = arm(p);
    struct arm_ucontext uc;
    uint32_t sp = c->r[13];
    /* The frame was 8-byte aligned: anything else is not a frame. */
    if (sp & 7)
        return -1;
    uint32_t at = sp + (rt ? (uint32_t)offsetof(struct arm_rt_sigframe, sig.uc) : 0);
    if (lu_copy_from(p, &uc, at, sizeof(uc)) != 0 || restore_ucontext(p, &uc) != 0)
        return -1;
    /* restore_altstack: only a bad pointer would count, and it was read. */
    if (rt)
        lu_sigaltstack_set(p, c->r[13], uc.ss_sp, uc.ss_flags, uc.ss_size);
    return 0;
}

/* Back on the svc (2 bytes in Thumb state) with its first argument again. */
void lu_arm_syscall_restart(struct lu_process *p, uint64_t a0)
{
    struct arm_cpu *c = arm(p);
    c->r[0] = (uint32_t)a0;
    c->head.pc -= (c->head.block_flags & ARM_TB_THUMB) ? 2 : 4;
}

lu_addr lu_arm_get_sp(struct lu_process *p)
{
    return arm(p)->r[13];
}
