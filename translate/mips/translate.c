/* The MIPS frontend: the guest descriptions, the block loop (fetch, decode,
 * branches with their delay slots, block ends) and the helpers shared by
 * the instruction groups. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disas.h"
#include "mips/translate.h"
#include "util/xalloc.h"

/* Longest block: long enough to amortise the entry check, short enough to
 * keep translation of code that runs once cheap. */
#define MIPS_MAX_INSNS 64

#define CPU_OFF(field) offsetof(struct mips_cpu, field)
#define GPR_OFF(n, low) (CPU_OFF(gpr) + 8 * (n) + (low))

#define GPR_SLOTS(type, low) \
    G(0), G(1), G(2), G(3), G(4), G(5), G(6), G(7), G(8), G(9), G(10), G(11), G(12), G(13), \
    G(14), G(15), G(16), G(17), G(18), G(19), G(20), G(21), G(22), G(23), G(24), G(25), G(26), \
    G(27), G(28), G(29), G(30), G(31), \
    [MIPS_SLOT_HI] = { "hi", CPU_OFF(hi) + (low), type }, \
    [MIPS_SLOT_LO] = { "lo", CPU_OFF(lo) + (low), type }, \
    [MIPS_SLOT_LLADDR] = { "lladdr", CPU_OFF(lladdr) + (low), type }, \
    [MIPS_SLOT_LLVAL] = { "llval", CPU_OFF(llval) + (low), type }, \
    [MIPS_SLOT_USERLOCAL] = { "userlocal", CPU_OFF(userlocal) + (low), type }, \
    [MIPS_SLOT_FAULT_ADDR] = { "fault_addr", offsetof(struct cpu_head, fault_addr), IR_I64 }, \
    [MIPS_SLOT_EXIT_ARG] = { "exit_arg", offsetof(struct cpu_head, exit_arg), IR_I64 }, \
    [MIPS_SLOT_FCSR] = { "fcsr", CPU_OFF(fcsr), IR_I32 }, \
    F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), F(8), F(9), F(10), F(11), F(12), F(13), \
    F(14), F(15), F(16), F(17), F(18), F(19), F(20), F(21), F(22), F(23), F(24), F(25), F(26), \
    F(27), F(28), F(29), F(30), F(31)

#define F(n) [MIPS_SLOT_FPR0 + n] = { "f" #n, CPU_OFF(fpr) + 8 * n, IR_I64 }

/* MIPS32: the low words of the 64-bit registers. */
#define G(n) [n] = { "r" #n, GPR_OFF(n, MIPS_LOW_WORD), IR_I32 }
static const struct ir_state_slot mips32_slots[MIPS_NSLOTS] = { GPR_SLOTS(IR_I32, MIPS_LOW_WORD) };
#undef G
#define G(n) [n] = { "r" #n, GPR_OFF(n, 0), IR_I64 }
static const struct ir_state_slot mips64_slots[MIPS_NSLOTS] = { GPR_SLOTS(IR_I64, 0) };
#undef G
#undef F

static const struct ir_helper mips_helpers[MIPS_NHELPERS] = {
#define HELPER(id, fn, nargs, ret, flags) [MIPS_H_##id] = { #fn, fn, nargs, ret, flags },
#include "mips/mips_helpers.inc"
#undef HELPER
};

const struct ir_guest_desc mips32_guest_desc = {
    .name = "mips",
    .regs = mips32_slots, .nregs = MIPS_NSLOTS,
    .helpers = mips_helpers, .nhelpers = MIPS_NHELPERS,
    .addr_type = IR_I32,
};

const struct ir_guest_desc mips64_guest_desc = {
    .name = "mips64",
    .regs = mips64_slots, .nregs = MIPS_NSLOTS,
    .helpers = mips_helpers, .nhelpers = MIPS_NHELPERS,
    .addr_type = IR_I64,
};

static const struct decode_entry mips_table[] = {
#define INST(fn, name, pattern, features) { name, pattern, features },
#include "mips/mips_insns.inc"
#undef INST
};

static const mips_trans_fn mips_handlers[] = {
#define INST(fn, name, pattern, features) mips_trans_##fn,
#include "mips/mips_insns.inc"
#undef INST
};

uint32_t mips_gpr(struct mips_dc *dc, unsigned r)
{
    return r ? ir_get_reg(dc->b, r) : mips_imm(dc, 0);
}

void mips_set_gpr(struct mips_dc *dc, unsigned r, uint32_t v)
{
    if (r)
        ir_set_reg(dc->b, r, v);
}

uint32_t mips_gpr32(struct mips_dc *dc, unsigned r)
{
    uint32_t v = mips_gpr(dc, r);
    return mips_is64_dc(dc) ? ir_unop(dc->b, IR_trunc, IR_I32, v) : v;
}

uint32_t mips_sext32(struct mips_dc *dc, uint32_t v32)
{
    return mips_is64_dc(dc) ? ir_unop(dc->b, IR_ext32s, IR_I64, v32) : v32;
}

void mips_set_gpr32(struct mips_dc *dc, unsigned r, uint32_t v32)
{
    if (r)
        mips_set_gpr(dc, r, mips_sext32(dc, v32));
}

uint32_t mips_get_hilo(struct mips_dc *dc, unsigned slot)
{
    return ir_get_reg(dc->b, slot);
}

void mips_set_hilo(struct mips_dc *dc, unsigned slot, uint32_t v)
{
    ir_set_reg(dc->b, slot, v);
}

uint32_t mips_address(struct mips_dc *dc, unsigned base, int64_t offset)
{
    uint32_t a = mips_gpr(dc, base);
    return offset ? mips_op(dc, IR_add, a, mips_imm(dc, (uint64_t)offset)) : a;
}

void mips_exit(struct mips_dc *dc, enum exit_reason reason)
{
    ir_exit(dc->b, reason, mips_imm(dc, dc->exc_pc));
    dc->end = true;
}

void mips_exit_arg(struct mips_dc *dc, enum exit_reason reason, uint64_t arg)
{
    ir_set_reg(dc->b, MIPS_SLOT_EXIT_ARG, ir_movi(dc->b, IR_I64, arg));
    mips_exit(dc, reason);
}

void mips_reserved(struct mips_dc *dc)
{
    mips_exit(dc, EXIT_UNDEF);
}

/* The exit sits on a side path: the instruction goes on after it. */
void mips_exit_if(struct mips_dc *dc, uint32_t cond, enum exit_reason reason, uint64_t arg)
{
    uint32_t go_on = ir_new_label(dc->b);
    ir_brcond(dc->b, IR_I32, IR_EQ, cond, mips_imm32(dc, 0), go_on);
    ir_set_reg(dc->b, MIPS_SLOT_EXIT_ARG, ir_movi(dc->b, IR_I64, arg));
    ir_exit(dc->b, reason, mips_imm(dc, dc->exc_pc));
    ir_label(dc->b, go_on);
}

/* Linux does not fix up misaligned LL/SC (nor instruction fetch): the
 * address error becomes SIGBUS. */
void mips_check_align(struct mips_dc *dc, uint32_t addr, unsigned mask, bool write)
{
    struct ir_block *b = dc->b;
    uint32_t low = mips_op(dc, IR_and, addr, mips_imm(dc, mask));
    uint32_t go_on = ir_new_label(b);
    ir_brcond(b, dc->rt, IR_EQ, low, mips_imm(dc, 0), go_on);
    uint32_t a64 = mips_is64_dc(dc) ? addr : ir_unop(b, IR_ext32u, IR_I64, addr);
    ir_set_reg(b, MIPS_SLOT_FAULT_ADDR, a64);
    ir_set_reg(b, MIPS_SLOT_EXIT_ARG, ir_movi(b, IR_I64, write));
    ir_exit(b, EXIT_MIPS_ADDRESS, mips_imm(dc, dc->exc_pc));
    ir_label(b, go_on);
}

bool mips_branch(struct mips_dc *dc, enum mips_branch_kind kind, uint64_t target, uint32_t cond, bool likely)
{
    if (dc->in_delay) {
        mips_reserved(dc);
        return false;
    }
    dc->br = (struct mips_branch){ kind, likely, target, cond, IR_NO_TEMP };
    return true;
}

void mips_branch_indirect(struct mips_dc *dc, uint32_t target)
{
    if (mips_branch(dc, MIPS_BR_INDIRECT, 0, IR_NO_TEMP, false))
        dc->br.target_temp = target;
}

/* With FR=0 a double lives in an even/odd pair: an odd register number is
 * a Reserved Instruction, as qemu has it (UNPREDICTABLE in the manual). */
bool mips_fp_check_double(struct mips_dc *dc, unsigned r)
{
    if (!dc->fr && (r & 1)) {
        mips_reserved(dc);
        return false;
    }
    return true;
}

static bool mips_fetch(const struct mips_frontend *fe, uint64_t pc, uint32_t *insn)
{
    if (!fe->fetch.fetch(fe->fetch.opaque, pc, 4, insn))
        return false;
    if (fe->big_endian)
        *insn = __builtin_bswap32(*insn);
    return true;
}

static uint32_t pc_imm(struct ir_block *b, const struct mips_frontend *fe, uint64_t pc)
{
    return ir_movi(b, (fe->model->features & MIPS_F_64) ? IR_I64 : IR_I32, pc);
}

/* A block that cannot fetch an instruction faults there; one whose pc is
 * misaligned has an address error on fetch (SIGBUS). The pc reported is
 * the branch's when the instruction is a delay slot. */
static void mips_fetch_fault(struct ir_block *b, const struct mips_frontend *fe, uint64_t addr,
                             uint64_t report_pc, bool misaligned)
{
    ir_set_reg(b, MIPS_SLOT_FAULT_ADDR, ir_movi(b, IR_I64, addr));
    if (misaligned)
        ir_set_reg(b, MIPS_SLOT_EXIT_ARG, ir_movi(b, IR_I64, 0));
    ir_exit(b, misaligned ? EXIT_MIPS_ADDRESS : EXIT_FAULT, pc_imm(b, fe, report_pc));
}

static void mips_translate_one(struct mips_dc *dc)
{
    int line = decode_lookup(&dc->fe->table, dc->insn, dc->features);
    if (line < 0)
        mips_reserved(dc);
    else
        mips_handlers[line](dc, dc->insn);
}

/* The exits of a branch after its delay slot. A branch-likely annuls the
 * slot when not taken: the slot sits behind a test of the condition. */
static void mips_branch_exits(struct mips_dc *dc, const struct mips_branch *br, uint32_t annul)
{
    struct ir_block *b = dc->b;
    uint64_t fall = dc->pc + 8;

    switch (br->kind) {
    case MIPS_BR_ALWAYS:
        ir_goto_tb(b, 0, br->target);
        break;
    case MIPS_BR_INDIRECT:
        ir_exit_indirect(b, br->target_temp);
        break;
    default:
        if (br->likely) {
            ir_goto_tb(b, 0, br->target);
            ir_label(b, annul);
        } else {
            uint32_t not_taken = ir_new_label(b);
            ir_brcond(b, IR_I32, IR_EQ, br->cond, mips_imm32(dc, 0), not_taken);
            ir_goto_tb(b, 0, br->target);
            ir_label(b, not_taken);
        }
        ir_goto_tb(b, 1, fall);
        break;
    }
}

/* Whether the block goes on at the target of the branch dc has set up
 * instead of leaving: an unconditional direct branch (B, J, JAL, BAL) to a
 * target past its delay slot that ir_block_can_follow accepts, so both
 * sides are optimised together. */
static bool mips_follows(const struct mips_dc *dc, const struct mips_branch *br)
{
    return br->kind == MIPS_BR_ALWAYS && ir_block_can_follow(dc->b, dc->pc + 4, br->target);
}

/* The delay slot of the branch dc has just set up. Its exceptions report
 * the branch's pc, as EPC does with Cause.BD; a fault in it restarts the
 * branch, which has written nothing but the link register. Returns the
 * target the block goes on at, or 0 when the block ends here. */
static uint64_t mips_delay_slot(struct mips_dc *dc)
{
    struct mips_branch br = dc->br;
    uint64_t slot_pc = dc->pc + 4;
    uint32_t annul = IR_NO_TEMP;
    struct mips_dc ds = *dc;

    ds.pc = slot_pc;
    ds.in_delay = true;
    ds.exc_pc = dc->pc;
    ds.br.kind = MIPS_BR_NONE;
    if (!mips_fetch(dc->fe, slot_pc, &ds.insn)) {
        mips_fetch_fault(dc->b, dc->fe, slot_pc, dc->pc, false);
        return 0;
    }
    if (br.likely) {
        annul = ir_new_label(dc->b);
        ir_brcond(dc->b, IR_I32, IR_EQ, br.cond, mips_imm32(dc, 0), annul);
    }
    mips_translate_one(&ds);
    if (ds.end) {
        /* The slot always leaves (a trap, a reserved instruction): only
         * an annulled slot goes on. */
        if (br.likely) {
            ir_label(dc->b, annul);
            ir_goto_tb(dc->b, 1, dc->pc + 8);
        }
        return 0;
    }
    if (mips_follows(dc, &br))
        return br.target;
    mips_branch_exits(dc, &br, annul);
    return 0;
}

static void mips_translate(void *opaque, struct ir_block *b)
{
    const struct mips_frontend *fe = opaque;
    uint64_t pc = b->pc;
    bool is64 = (fe->model->features & MIPS_F_64) != 0;

    if (pc & 3) {
        ir_insn_start(b, pc);
        mips_fetch_fault(b, fe, pc, pc, true);
        b->guest_size = 4;
        return;
    }
    for (unsigned n = 0;; n++) {
        struct mips_dc dc = {
            .b = b, .fe = fe, .features = fe->model->features, .pc = pc, .exc_pc = pc,
            .rt = is64 ? IR_I64 : IR_I32, .be = fe->big_endian, .fr = (b->flags & MIPS_TB_FR) != 0,
        };
        if (!mips_fetch(fe, pc, &dc.insn)) {
            if (n == 0) {
                ir_insn_start(b, pc);
                mips_fetch_fault(b, fe, pc, pc, false);
                b->guest_size = 4;
            } else {
                ir_goto_tb(b, 0, pc);
            }
            return;
        }
        ir_insn_start(b, pc);
        mips_translate_one(&dc);
        if (dc.br.kind != MIPS_BR_NONE) {
            uint64_t follow = mips_delay_slot(&dc);
            ir_block_note_code(b, pc, 8, follow);
            if (!follow)
                return;
            pc = follow;
        } else {
            ir_block_note_code(b, pc, 4, 0);
            if (dc.end)
                return;
            pc += 4;
        }
        if (n + 1 >= MIPS_MAX_INSNS || (pc >> 12) != (b->pc >> 12)) {
            ir_goto_tb(b, 0, pc);
            return;
        }
    }
}

struct mips_frontend *mips_frontend_create(const struct mips_model *m, bool big_endian,
                                           const struct mips_code_fetch *fetch)
{
    struct mips_frontend *fe = xcalloc(1, sizeof(*fe));
    fe->model = m;
    fe->big_endian = big_endian;
    fe->fetch = *fetch;
    if (decode_table_init(&fe->table, mips_table, sizeof(mips_table) / sizeof(mips_table[0]), 32) != 0) {
        free(fe);
        return NULL;
    }
    return fe;
}

void mips_frontend_destroy(struct mips_frontend *fe)
{
    if (!fe)
        return;
    decode_table_free(&fe->table);
    free(fe);
}

/* Guest code bytes for the disassembler, as memory holds them. */
static size_t mips_fetch_code(const void *opaque, uint64_t pc, uint8_t *buf, size_t len)
{
    const struct mips_frontend *fe = opaque;
    size_t n = 0;
    uint32_t insn;
    while (n + 4 <= len && fe->fetch.fetch(fe->fetch.opaque, pc + n, 4, &insn)) {
        memcpy(buf + n, &insn, 4);
        n += 4;
    }
    return n;
}

/* Disassembles the block's guest code with Capstone. */
static void mips_log_in_asm(void *opaque, const struct ir_block *b, struct symtab *syms, FILE *f)
{
    const struct mips_frontend *fe = opaque;
    bool is64 = (fe->model->features & MIPS_F_64) != 0;
    cs_mode mode = (is64 ? CS_MODE_MIPS64 : CS_MODE_MIPS32) | (fe->big_endian ? CS_MODE_BIG_ENDIAN : CS_MODE_LITTLE_ENDIAN);
    disas_log_runs(f, "mips", CS_ARCH_MIPS, mode, b, mips_fetch_code, fe, syms);
}

struct frontend mips_frontend_get(struct mips_frontend *fe)
{
    const struct ir_guest_desc *desc = (fe->model->features & MIPS_F_64) ? &mips64_guest_desc : &mips32_guest_desc;
    return (struct frontend){ desc, mips_translate, mips_log_in_asm, fe };
}
