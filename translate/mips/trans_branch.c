/* MIPS branches and jumps (the block loop translates their delay slots),
 * conditional traps, SYSCALL, BREAK, SYNC, SYNCI, PREF and RDHWR. */
#include <time.h>

#include "mips/translate.h"

#define I32 IR_I32

/* The condition as an I32 temp, whatever the register width. */
static uint32_t compare(struct mips_dc *dc, enum ir_cond c, uint32_t a, uint32_t b)
{
    uint32_t t = ir_setcond(dc->b, dc->rt, c, a, b);
    return mips_is64_dc(dc) ? ir_unop(dc->b, IR_trunc, I32, t) : t;
}

/* An address computed from the pc, wrapped to 32 bits on MIPS32. */
static uint64_t address_of(const struct mips_dc *dc, uint64_t a)
{
    return mips_is64_dc(dc) ? a : (uint32_t)a;
}

static uint64_t branch_target(const struct mips_dc *dc, uint32_t insn)
{
    return address_of(dc, dc->pc + 4 + (uint64_t)(simm16(insn) * 4));
}

static void link(struct mips_dc *dc, unsigned r)
{
    mips_set_gpr(dc, r, mips_imm(dc, address_of(dc, dc->pc + 8)));
}

static void cond_branch(struct mips_dc *dc, uint32_t insn, uint32_t cond, bool likely)
{
    mips_branch(dc, MIPS_BR_COND, branch_target(dc, insn), cond, likely);
}

/* BEQ/BNE (bit 26) and their likely forms (bit 30). BEQ of a register with
 * itself is the unconditional B. */
void mips_trans_beq_bne(struct mips_dc *dc, uint32_t insn)
{
    unsigned rs = rs_of(insn), rt = rt_of(insn);
    bool ne = bit(insn, 26), likely = bit(insn, 30);
    if (rs == rt && !ne) {
        mips_branch(dc, MIPS_BR_ALWAYS, branch_target(dc, insn), IR_NO_TEMP, false);
        return;
    }
    cond_branch(dc, insn, compare(dc, ne ? IR_NE : IR_EQ, mips_gpr(dc, rs), mips_gpr(dc, rt)), likely);
}

/* BLEZ/BGTZ (bit 26) and their likely forms. */
void mips_trans_blez_bgtz(struct mips_dc *dc, uint32_t insn)
{
    uint32_t cond = compare(dc, bit(insn, 26) ? IR_GT : IR_LE, mips_gpr(dc, rs_of(insn)), mips_imm(dc, 0));
    cond_branch(dc, insn, cond, bit(insn, 30));
}

/* REGIMM: bit 16 selects >= 0 over < 0, bit 17 the likely form. */
static uint32_t sign_test(struct mips_dc *dc, uint32_t insn)
{
    return compare(dc, bit(insn, 16) ? IR_GE : IR_LT, mips_gpr(dc, rs_of(insn)), mips_imm(dc, 0));
}

void mips_trans_bltz_bgez(struct mips_dc *dc, uint32_t insn)
{
    cond_branch(dc, insn, sign_test(dc, insn), bit(insn, 17));
}

/* The link is written whether or not the branch is taken, after the
 * condition has read rs. BGEZAL $zero is BAL. */
void mips_trans_bltzal_bgezal(struct mips_dc *dc, uint32_t insn)
{
    if (dc->in_delay) {
        mips_reserved(dc);
        return;
    }
    uint32_t cond = sign_test(dc, insn);
    link(dc, 31);
    if (rs_of(insn) == 0 && bit(insn, 16))
        mips_branch(dc, MIPS_BR_ALWAYS, branch_target(dc, insn), IR_NO_TEMP, false);
    else
        cond_branch(dc, insn, cond, bit(insn, 17));
}

static uint64_t jump_target(const struct mips_dc *dc, uint32_t insn)
{
    return ((dc->pc + 4) & ~0x0fffffffull) | (uint64_t)(insn & 0x03ffffff) << 2;
}

void mips_trans_j(struct mips_dc *dc, uint32_t insn)
{
    mips_branch(dc, MIPS_BR_ALWAYS, jump_target(dc, insn), IR_NO_TEMP, false);
}

void mips_trans_jal(struct mips_dc *dc, uint32_t insn)
{
    if (dc->in_delay) {
        mips_reserved(dc);
        return;
    }
    link(dc, 31);
    mips_branch(dc, MIPS_BR_ALWAYS, jump_target(dc, insn), IR_NO_TEMP, false);
}

/* JR and JALR (the .HB hint has nothing to clear here). The target is read
 * before the link is written, so JALR with rd = rs (UNPREDICTABLE) jumps
 * to the old value, as qemu does. A misaligned target faults on fetch. */
void mips_trans_jr(struct mips_dc *dc, uint32_t insn)
{
    mips_branch_indirect(dc, mips_gpr(dc, rs_of(insn)));
}

void mips_trans_jalr(struct mips_dc *dc, uint32_t insn)
{
    if (dc->in_delay) {
        mips_reserved(dc);
        return;
    }
    uint32_t target = mips_gpr(dc, rs_of(insn));
    link(dc, rd_of(insn));
    mips_branch_indirect(dc, target);
}

/* ---- traps ---- */

/* Trap conditions by the low three bits of TGE..TNE and TGEI..TNEI:
 * GE, GEU, LT, LTU, EQ, (reserved), NE. */
static const enum ir_cond trap_cond[8] = { IR_GE, IR_GEU, IR_LT, IR_LTU, IR_EQ, IR_EQ, IR_NE, IR_NE };

/* The code field (bits 15..6) goes with the exception: Linux turns code 7
 * (BRK_DIVZERO) and 6 (BRK_OVERFLOW) into SIGFPE, the rest into SIGTRAP. */
void mips_trans_trap(struct mips_dc *dc, uint32_t insn)
{
    uint32_t cond = compare(dc, trap_cond[insn & 7], mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn)));
    mips_exit_if(dc, cond, EXIT_MIPS_TRAP, bits(insn, 15, 6));
}

/* The immediate forms carry no code: Linux reports them with code 0. */
void mips_trans_trap_imm(struct mips_dc *dc, uint32_t insn)
{
    uint32_t cond = compare(dc, trap_cond[bits(insn, 18, 16)], mips_gpr(dc, rs_of(insn)),
                            mips_imm(dc, (uint64_t)simm16(insn)));
    mips_exit_if(dc, cond, EXIT_MIPS_TRAP, 0);
}

/* SYSCALL returns to the next instruction. In a delay slot the kernel
 * would return into the slot itself, skipping the branch: a Reserved
 * Instruction here instead. */
void mips_trans_syscall(struct mips_dc *dc, uint32_t insn)
{
    (void)insn;
    if (dc->in_delay) {
        mips_reserved(dc);
        return;
    }
    ir_exit(dc->b, EXIT_SYSCALL, mips_imm(dc, dc->pc + 4));
    dc->end = true;
}

void mips_trans_brk(struct mips_dc *dc, uint32_t insn)
{
    mips_exit_arg(dc, EXIT_MIPS_BREAK, bits(insn, 25, 6));
}

/* ---- ordering, caches and hints: nothing to do for one CPU ---- */

void mips_trans_sync(struct mips_dc *dc, uint32_t insn) { (void)dc; (void)insn; }
void mips_trans_pref(struct mips_dc *dc, uint32_t insn) { (void)dc; (void)insn; }

/* SYNCI makes written code visible to instruction fetch; the translator
 * already drops translations of code the guest rewrites through the page
 * protections it changes, and nothing else. Like cacheflush, no-op. */
void mips_trans_synci(struct mips_dc *dc, uint32_t insn) { (void)dc; (void)insn; }

/* ---- RDHWR ---- */

enum { HWR_CPUNUM = 0, HWR_SYNCI_STEP = 1, HWR_CC = 2, HWR_CCRES = 3, HWR_ULR = 29 };

/* The hardware registers Linux lets user mode read (or emulates):
 * simulate_rdhwr's values for a uniprocessor with 32-byte cache lines. */
void mips_trans_rdhwr(struct mips_dc *dc, uint32_t insn)
{
    unsigned rt = rt_of(insn);
    uint32_t v;
    switch (rd_of(insn)) {
    case HWR_CPUNUM: v = mips_imm(dc, 0); break;
    case HWR_SYNCI_STEP: v = mips_imm(dc, 32); break;
    case HWR_CC:
        mips_set_gpr32(dc, rt, ir_call(dc->b, MIPS_H_RDHWR_CC, 0, NULL));
        return;
    case HWR_CCRES: v = mips_imm(dc, 2); break;
    case HWR_ULR: v = ir_get_reg(dc->b, MIPS_SLOT_USERLOCAL); break;
    default:
        mips_reserved(dc);
        return;
    }
    mips_set_gpr(dc, rt, v);
}

/* The Count register: here the host's monotonic clock, counting every
 * other nanosecond as Count counts every other cycle (CCRes = 2). */
uint64_t mips_helper_rdhwr_cc(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)cpu; (void)a; (void)b; (void)c; (void)d;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)(((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) / 2);
}
