/* The ARM frontend: the guest description, the block loop (fetch, decode,
 * conditions, block ends) and the helpers shared by instruction groups. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm/translate.h"
#include "disas.h"
#include "util/xalloc.h"

/* Longest block: long enough to amortise the entry check, short enough to
 * keep translation of code that runs once cheap. */
#define ARM_MAX_INSNS 64

static const struct ir_state_slot arm_slots[ARM_NSLOTS] = {
#define R(n) [n] = { "r" #n, offsetof(struct arm_cpu, r) + 4 * n, IR_I32 }
    R(0), R(1), R(2), R(3), R(4), R(5), R(6), R(7), R(8), R(9), R(10), R(11), R(12),
#undef R
    [ARM_SLOT_SP] = { "sp", offsetof(struct arm_cpu, r) + 4 * 13, IR_I32 },
    [ARM_SLOT_LR] = { "lr", offsetof(struct arm_cpu, r) + 4 * 14, IR_I32 },
    [ARM_SLOT_BLOCK_FLAGS] = { "mode", offsetof(struct cpu_head, block_flags), IR_I32 },
    [ARM_SLOT_QF] = { "qf", offsetof(struct arm_cpu, qf), IR_I32 },
    [ARM_SLOT_GE] = { "ge", offsetof(struct arm_cpu, ge), IR_I32 },
    [ARM_SLOT_EXCL_ADDR] = { "excl_addr", offsetof(struct arm_cpu, excl_addr), IR_I32 },
    [ARM_SLOT_EXCL_VAL] = { "excl_val", offsetof(struct arm_cpu, excl_val), IR_I64 },
    [ARM_SLOT_TPIDRURO] = { "tpidruro", offsetof(struct arm_cpu, tpidruro), IR_I32 },
    [ARM_SLOT_FAULT_ADDR] = { "fault_addr", offsetof(struct cpu_head, fault_addr), IR_I64 },
    [ARM_SLOT_FPSCR] = { "fpscr", offsetof(struct arm_cpu, fpscr), IR_I32 },
#define D(n) [ARM_SLOT_D0 + n] = { "d" #n, offsetof(struct arm_cpu, vfp_d) + 8 * n, IR_I64 }
    D(0), D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), D(9), D(10), D(11), D(12), D(13), D(14), D(15),
#undef D
};

static const struct ir_state_slot arm_flag_slots[ARM_NFLAGS] = {
    [ARM_NF] = { "NF", offsetof(struct arm_cpu, nf), IR_I32 },
    [ARM_ZF] = { "ZF", offsetof(struct arm_cpu, zf), IR_I32 },
    [ARM_CF] = { "CF", offsetof(struct arm_cpu, cf), IR_I32 },
    [ARM_VF] = { "VF", offsetof(struct arm_cpu, vf), IR_I32 },
};

static const struct ir_helper arm_helpers[ARM_NHELPERS] = {
#define HELPER(id, fn, nargs, ret, flags) [ARM_H_##id] = { #fn, fn, nargs, ret, flags },
#include "arm/arm_helpers.inc"
#undef HELPER
};

const struct ir_guest_desc arm_guest_desc = {
    .name = "arm",
    .regs = arm_slots, .nregs = ARM_NSLOTS,
    .flags = arm_flag_slots, .nflags = ARM_NFLAGS,
    .helpers = arm_helpers, .nhelpers = ARM_NHELPERS,
    .addr_type = IR_I32,
};

static const struct decode_entry arm_table[] = {
#define INST(fn, name, pattern, features) { name, pattern, features },
#include "arm/arm_insns.inc"
#undef INST
};

/* Handler of each table line, by line. */
static const arm_trans_fn arm_handlers[] = {
#define INST(fn, name, pattern, features) arm_trans_##fn,
#include "arm/arm_insns.inc"
#undef INST
};

static const struct decode_entry thumb_table[] = {
#define TINST(fn, name, pattern, features) { name, pattern, features },
#define TINST_ARM TINST
#include "arm/thumb_insns.inc"
#undef TINST
#undef TINST_ARM
};

static const arm_trans_fn thumb_handlers[] = {
#define TINST(fn, name, pattern, features) arm_thumb_##fn,
#define TINST_ARM(fn, name, pattern, features) arm_trans_##fn,
#include "arm/thumb_insns.inc"
#undef TINST
#undef TINST_ARM
};

uint32_t arm_imm(struct arm_dc *dc, uint32_t v)
{
    for (unsigned k = 0; k < dc->nconsts && k < ARM_CONSTS; k++) {
        const struct arm_const *c = &dc->consts[k];
        if (c->value == v && c->labels_placed == dc->b->labels_placed)
            return c->temp;
    }
    uint32_t t = ir_movi(dc->b, IR_I32, v);
    dc->consts[dc->nconsts++ % ARM_CONSTS] = (struct arm_const){ v, t, dc->b->labels_placed };
    return t;
}

bool arm_imm_value(const struct arm_dc *dc, uint32_t t, uint32_t *v)
{
    for (unsigned k = 0; k < dc->nconsts && k < ARM_CONSTS; k++) {
        if (dc->consts[k].temp == t) {
            *v = dc->consts[k].value;
            return true;
        }
    }
    return false;
}

uint32_t arm_add_imm(struct arm_dc *dc, uint32_t a, uint32_t k)
{
    uint32_t v;
    if (k == 0)
        return a;
    if (arm_imm_value(dc, a, &v))
        return arm_imm(dc, v + k);
    return ir_binop(dc->b, IR_add, IR_I32, a, arm_imm(dc, k));
}

uint32_t arm_get_reg(struct arm_dc *dc, unsigned r)
{
    if (r == 15)
        return arm_imm(dc, dc->pc + (dc->thumb ? 4 : 8));
    return ir_get_reg(dc->b, r);
}

void arm_set_reg(struct arm_dc *dc, unsigned r, uint32_t v)
{
    if (r != 15) {
        ir_set_reg(dc->b, r, v);
        return;
    }
    uint32_t pc = ir_binop(dc->b, IR_and, IR_I32, v, arm_imm(dc, dc->thumb ? ~1u : ~3u));
    ir_exit_indirect(dc->b, pc);
    dc->end = true;
}

void arm_bx(struct arm_dc *dc, uint32_t v)
{
    struct ir_block *b = dc->b;
    uint32_t mode = ir_get_reg(b, ARM_SLOT_BLOCK_FLAGS);
    mode = ir_binop(b, IR_andc, IR_I32, mode, arm_imm(dc, ARM_TB_THUMB));
    mode = ir_binop(b, IR_or, IR_I32, mode, ir_binop(b, IR_and, IR_I32, v, arm_imm(dc, 1)));
    ir_set_reg(b, ARM_SLOT_BLOCK_FLAGS, mode);
    ir_exit_indirect(b, ir_binop(b, IR_and, IR_I32, v, arm_imm(dc, ~1u)));
    dc->end = true;
}

void arm_load_pc(struct arm_dc *dc, uint32_t v)
{
    if (dc->features & ARM_F_V5)
        arm_bx(dc, v);
    else
        arm_set_reg(dc, 15, v);
}

void arm_jump(struct arm_dc *dc, uint32_t target)
{
    ir_goto_tb(dc->b, 0, target);
    dc->end = true;
}

/* An unconditional direct branch (B, BL, Thumb B and BL) to a target
 * ir_block_can_follow accepts: the block goes on at the target, so the
 * code on both sides of the branch is optimised together and no block
 * boundary is crossed at run time. */
void arm_branch_direct(struct arm_dc *dc, uint32_t target)
{
    if (ir_block_can_follow(dc->b, dc->pc, target) && (dc->thumb || dc->insn >> 28 == 14)) {
        dc->follow = target;
        return;
    }
    arm_jump(dc, target);
}

static void arm_set_mode_bit(struct arm_dc *dc, uint32_t bit_mask, bool on)
{
    struct ir_block *b = dc->b;
    uint32_t mode = ir_get_reg(b, ARM_SLOT_BLOCK_FLAGS);
    mode = ir_binop(b, on ? IR_or : IR_andc, IR_I32, mode, arm_imm(dc, bit_mask));
    ir_set_reg(b, ARM_SLOT_BLOCK_FLAGS, mode);
}

void arm_set_thumb(struct arm_dc *dc, bool thumb, uint32_t target)
{
    arm_set_mode_bit(dc, ARM_TB_THUMB, thumb);
    arm_jump(dc, target);
}

void arm_set_endian(struct arm_dc *dc, bool big)
{
    arm_set_mode_bit(dc, ARM_TB_BE_DATA, big);
    arm_jump(dc, dc->pc + dc->len);
}

uint32_t arm_gen_rev(struct arm_dc *dc, uint32_t v)
{
    return ir_unop(dc->b, IR_bswap, IR_I32, v);
}

/* Swaps the bytes within each halfword: the full byte reversal with the
 * halfwords put back in place. */
uint32_t arm_gen_rev16(struct arm_dc *dc, uint32_t v)
{
    return ir_shifti(dc->b, IR_rotri, IR_I32, arm_gen_rev(dc, v), 16);
}

/* The low halfword byte-swapped and sign-extended. */
uint32_t arm_gen_revsh(struct arm_dc *dc, uint32_t v)
{
    return ir_unop(dc->b, IR_ext16s, IR_I32, ir_unop(dc->b, IR_bswap16, IR_I32, v));
}

void arm_exit(struct arm_dc *dc, enum exit_reason reason, uint32_t pc)
{
    ir_exit(dc->b, reason, arm_imm(dc, pc));
    dc->end = true;
}

void arm_undef(struct arm_dc *dc)
{
    arm_exit(dc, EXIT_UNDEF, dc->pc);
}

void arm_trans_undef(struct arm_dc *dc, uint32_t insn)
{
    (void)insn;
    arm_undef(dc);
}

void arm_set_nz(struct arm_dc *dc, uint32_t result)
{
    ir_set_flag(dc->b, ARM_NF, result);
    ir_set_flag(dc->b, ARM_ZF, result);
}

void arm_set_flag(struct arm_dc *dc, unsigned flag, uint32_t v)
{
    ir_set_flag(dc->b, flag, v);
}

uint32_t arm_get_flag(struct arm_dc *dc, unsigned flag)
{
    return ir_get_flag(dc->b, flag);
}

static uint32_t flag_test(struct arm_dc *dc, unsigned flag, enum ir_cond c)
{
    return ir_setcond(dc->b, IR_I32, c, arm_get_flag(dc, flag), arm_imm(dc, 0));
}

/* Conditions come in true/false pairs: cond ^ 1 is the negation. */
uint32_t arm_cond_true(struct arm_dc *dc, unsigned cond)
{
    struct ir_block *b = dc->b;
    uint32_t t;
    switch (cond >> 1) {
    case 0: t = flag_test(dc, ARM_ZF, IR_EQ); break;                     /* EQ */
    case 1: t = flag_test(dc, ARM_CF, IR_NE); break;                     /* CS */
    case 2: t = flag_test(dc, ARM_NF, IR_LT); break;                     /* MI */
    case 3: t = flag_test(dc, ARM_VF, IR_LT); break;                     /* VS */
    case 4:                                                              /* HI */
        t = ir_binop(b, IR_and, IR_I32, flag_test(dc, ARM_CF, IR_NE), flag_test(dc, ARM_ZF, IR_NE));
        break;
    case 5:                                                              /* GE */
        t = ir_setcond(b, IR_I32, IR_GE,
                       ir_binop(b, IR_xor, IR_I32, arm_get_flag(dc, ARM_NF), arm_get_flag(dc, ARM_VF)),
                       arm_imm(dc, 0));
        break;
    case 6: {                                                            /* GT */
        uint32_t ge = ir_setcond(b, IR_I32, IR_GE,
                                 ir_binop(b, IR_xor, IR_I32, arm_get_flag(dc, ARM_NF),
                                          arm_get_flag(dc, ARM_VF)), arm_imm(dc, 0));
        t = ir_binop(b, IR_and, IR_I32, flag_test(dc, ARM_ZF, IR_NE), ge);
        break;
    }
    default: return arm_imm(dc, 1);                                       /* AL */
    }
    return (cond & 1) ? ir_binop(b, IR_xor, IR_I32, t, arm_imm(dc, 1)) : t;
}

/* A block that cannot fetch its first instruction faults at it. */
static void arm_fetch_fault(struct ir_block *b, uint32_t pc)
{
    ir_insn_start(b, pc);
    ir_set_reg(b, ARM_SLOT_FAULT_ADDR, ir_movi(b, IR_I64, pc));
    ir_exit(b, EXIT_FAULT, ir_movi(b, IR_I32, pc));
}

/* Translates one ARM instruction; its condition skips it through a label,
 * and when it ended the block the skipped path continues at the next one. */
static void arm_translate_insn(struct arm_dc *dc)
{
    int line = decode_lookup(&dc->fe->arm, dc->insn, dc->features);
    unsigned cond = dc->insn >> 28;
    uint32_t skip = IR_NO_TEMP;

    if (line < 0) {
        arm_undef(dc);
        return;
    }
    if (cond < 14) {
        skip = ir_new_label(dc->b);
        ir_brcond(dc->b, IR_I32, IR_EQ, arm_cond_true(dc, cond), arm_imm(dc, 0), skip);
    }
    arm_handlers[line](dc, dc->insn);
    if (skip != IR_NO_TEMP) {
        ir_label(dc->b, skip);
        if (dc->end)
            ir_goto_tb(dc->b, 1, dc->pc + 4);
    }
}

/* Thumb instructions are unconditional but for B<cond>, which branches. */
static void arm_translate_thumb_insn(struct arm_dc *dc)
{
    int line = decode_lookup(&dc->fe->thumb, dc->insn, dc->features);
    if (line < 0)
        arm_undef(dc);
    else
        thumb_handlers[line](dc, dc->insn);
}

static void arm_translate(void *opaque, struct ir_block *b)
{
    const struct arm_frontend *fe = opaque;
    uint32_t pc = (uint32_t)b->pc;
    bool thumb = (b->flags & ARM_TB_THUMB) != 0;

    for (unsigned n = 0;; n++) {
        struct arm_dc dc = {
            .b = b, .fe = fe, .features = fe->model->features, .pc = pc, .thumb = thumb,
            .be_data = (b->flags & ARM_TB_BE_DATA) != 0, .len = thumb ? 2 : 4,
            .vfp_vector = b->flags & ARM_TB_VFP_VECTOR,
        };
        if (!fe->fetch.fetch(fe->fetch.opaque, pc, dc.len, &dc.insn)) {
            if (n == 0) {
                arm_fetch_fault(b, pc);
                b->guest_size = dc.len;
            } else {
                ir_goto_tb(b, 0, pc);
            }
            return;
        }
        ir_insn_start(b, pc);
        if (thumb)
            arm_translate_thumb_insn(&dc);
        else
            arm_translate_insn(&dc);
        ir_block_note_code(b, dc.pc, dc.len, dc.follow);
        pc = dc.follow ? dc.follow : pc + dc.len;
        if (dc.end)
            return;
        if (n + 1 >= ARM_MAX_INSNS || (pc >> 12) != ((uint32_t)b->pc >> 12)) {
            ir_goto_tb(b, 0, pc);
            return;
        }
    }
}

struct arm_frontend *arm_frontend_create(const struct arm_model *m, const struct arm_code_fetch *fetch)
{
    struct arm_frontend *fe = xcalloc(1, sizeof(*fe));
    fe->model = m;
    fe->fetch = *fetch;
    if (decode_table_init(&fe->arm, arm_table, sizeof(arm_table) / sizeof(arm_table[0]), 32) != 0 ||
        decode_table_init(&fe->thumb, thumb_table, sizeof(thumb_table) / sizeof(thumb_table[0]), 16) != 0) {
        decode_table_free(&fe->arm);
        free(fe);
        return NULL;
    }
    return fe;
}

void arm_frontend_destroy(struct arm_frontend *fe)
{
    if (!fe)
        return;
    decode_table_free(&fe->arm);
    decode_table_free(&fe->thumb);
    free(fe);
}

/* Guest code bytes for the disassembler, a unit (2 or 4 bytes) at a time. */
static size_t arm_fetch_code(const struct arm_frontend *fe, uint64_t pc, uint8_t *buf, size_t len, uint32_t step)
{
    size_t n = 0;
    uint32_t insn;
    while (n + step <= len && fe->fetch.fetch(fe->fetch.opaque, (uint32_t)(pc + n), step, &insn)) {
        memcpy(buf + n, &insn, step);
        n += step;
    }
    return n;
}

static size_t arm_fetch_arm(const void *opaque, uint64_t pc, uint8_t *buf, size_t len)
{
    return arm_fetch_code(opaque, pc, buf, len, 4);
}

static size_t arm_fetch_thumb(const void *opaque, uint64_t pc, uint8_t *buf, size_t len)
{
    return arm_fetch_code(opaque, pc, buf, len, 2);
}

/* Disassembles the block's guest code with Capstone. */
static void arm_log_in_asm(void *opaque, const struct ir_block *b, struct symtab *syms, FILE *f)
{
    bool thumb = b->flags & ARM_TB_THUMB;
    disas_log_runs(f, thumb ? "thumb" : "arm", CS_ARCH_ARM, thumb ? CS_MODE_THUMB : CS_MODE_ARM, b,
                   thumb ? arm_fetch_thumb : arm_fetch_arm, opaque, syms);
}

struct frontend arm_frontend_get(struct arm_frontend *fe)
{
    return (struct frontend){ &arm_guest_desc, arm_translate, arm_log_in_asm, fe };
}
