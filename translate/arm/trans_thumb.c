/* The Thumb (16-bit) instruction set. Semantics are the ARM ones; this file
 * only decodes the narrower encodings onto the shared helpers. */
#include "arm/translate.h"

#define I32 IR_I32

static uint32_t op2(struct arm_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t b)
{
    return ir_binop(dc->b, opc, I32, a, b);
}

/* The word-aligned pc that literal loads and ADR use. */
static uint32_t thumb_pc_aligned(struct arm_dc *dc)
{
    return (dc->pc + 4) & ~3u;
}

static uint32_t thumb_load(struct arm_dc *dc, unsigned size_log2, bool sign, uint32_t addr)
{
    return ir_load(dc->b, I32, arm_mo(dc, size_log2, sign), addr);
}

static void thumb_store(struct arm_dc *dc, unsigned size_log2, uint32_t addr, uint32_t v)
{
    ir_store(dc->b, arm_mo(dc, size_log2, false), addr, v);
}

void arm_thumb_shift_imm(struct arm_dc *dc, uint32_t insn)
{
    struct arm_op2 s = arm_shift_imm(dc, arm_get_reg(dc, bits(insn, 5, 3)), bits(insn, 12, 11),
                                         bits(insn, 10, 6));
    arm_set_nz(dc, s.value);
    arm_set_flag(dc, ARM_CF, s.carry);
    arm_set_reg(dc, bits(insn, 2, 0), s.value);
}

void arm_thumb_add_sub(struct arm_dc *dc, uint32_t insn)
{
    uint32_t n = arm_get_reg(dc, bits(insn, 5, 3));
    uint32_t m = bit(insn, 10) ? arm_imm(dc, bits(insn, 8, 6)) : arm_get_reg(dc, bits(insn, 8, 6));
    uint32_t r = bit(insn, 9) ? arm_sub_flags(dc, n, m, arm_imm(dc, 1), true)
                              : arm_add_flags(dc, n, m, arm_imm(dc, 0), true);
    arm_set_reg(dc, bits(insn, 2, 0), r);
}

void arm_thumb_imm8(struct arm_dc *dc, uint32_t insn)
{
    unsigned rd = bits(insn, 10, 8), op = bits(insn, 12, 11);
    uint32_t imm = arm_imm(dc, bits(insn, 7, 0)), r;
    switch (op) {
    case 0: /* MOV */
        arm_set_nz(dc, imm);
        arm_set_reg(dc, rd, imm);
        return;
    case 1: /* CMP */
        arm_sub_flags(dc, arm_get_reg(dc, rd), imm, arm_imm(dc, 1), true);
        return;
    case 2:
        r = arm_add_flags(dc, arm_get_reg(dc, rd), imm, arm_imm(dc, 0), true);
        break;
    default:
        r = arm_sub_flags(dc, arm_get_reg(dc, rd), imm, arm_imm(dc, 1), true);
        break;
    }
    arm_set_reg(dc, rd, r);
}

/* Register shifts and MUL of the data-processing group. */
static uint32_t thumb_alu_other(struct arm_dc *dc, unsigned op, uint32_t d, uint32_t m)
{
    static const uint8_t shift_type[16] = { [2] = 0, [3] = 1, [4] = 2, [7] = 3 };
    if (op == 13) {
        uint32_t r = op2(dc, IR_mul, m, d);
        arm_set_nz(dc, r);
        return r;
    }
    struct arm_op2 s = arm_shift_reg(dc, d, shift_type[op], m);
    arm_set_nz(dc, s.value);
    arm_set_flag(dc, ARM_CF, s.carry);
    return s.value;
}

void arm_thumb_alu(struct arm_dc *dc, uint32_t insn)
{
    unsigned op = bits(insn, 9, 6), rd = bits(insn, 2, 0);
    uint32_t d = arm_get_reg(dc, rd), m = arm_get_reg(dc, bits(insn, 5, 3)), r;
    switch (op) {
    case 0: r = op2(dc, IR_and, d, m); break;
    case 1: r = op2(dc, IR_xor, d, m); break;
    case 5: arm_set_reg(dc, rd, arm_add_flags(dc, d, m, arm_get_flag(dc, ARM_CF), true)); return;
    case 6: arm_set_reg(dc, rd, arm_sub_flags(dc, d, m, arm_get_flag(dc, ARM_CF), true)); return;
    case 8: arm_set_nz(dc, op2(dc, IR_and, d, m)); return;                              /* TST */
    case 9: arm_set_reg(dc, rd, arm_sub_flags(dc, arm_imm(dc, 0), m, arm_imm(dc, 1), true)); return;
    case 10: arm_sub_flags(dc, d, m, arm_imm(dc, 1), true); return;                    /* CMP */
    case 11: arm_add_flags(dc, d, m, arm_imm(dc, 0), true); return;                    /* CMN */
    case 12: r = op2(dc, IR_or, d, m); break;
    case 14: r = op2(dc, IR_andc, d, m); break;
    case 15: r = ir_unop(dc->b, IR_not, I32, m); break;
    default: arm_set_reg(dc, rd, thumb_alu_other(dc, op, d, m)); return;
    }
    arm_set_nz(dc, r);
    arm_set_reg(dc, rd, r);
}

void arm_thumb_bx(struct arm_dc *dc, uint32_t insn)
{
    uint32_t target = arm_get_reg(dc, bits(insn, 6, 3));
    if (bit(insn, 7)) {
        if (!(dc->features & ARM_F_V5)) {
            arm_undef(dc);
            return;
        }
        ir_set_reg(dc->b, ARM_SLOT_LR, arm_imm(dc, (dc->pc + 2) | 1));
    }
    arm_bx(dc, target);
}

/* ADD, CMP and MOV with high registers; only CMP sets flags. */
void arm_thumb_hireg(struct arm_dc *dc, uint32_t insn)
{
    unsigned rd = bits(insn, 2, 0) | (bit(insn, 7) << 3), rm = bits(insn, 6, 3);
    uint32_t m = arm_get_reg(dc, rm);
    switch (bits(insn, 9, 8)) {
    case 0: arm_set_reg(dc, rd, op2(dc, IR_add, arm_get_reg(dc, rd), m)); break;
    case 1: arm_sub_flags(dc, arm_get_reg(dc, rd), m, arm_imm(dc, 1), true); break;
    default: arm_set_reg(dc, rd, m); break;
    }
}

void arm_thumb_ldr_lit(struct arm_dc *dc, uint32_t insn)
{
    uint32_t addr = arm_imm(dc, thumb_pc_aligned(dc) + bits(insn, 7, 0) * 4);
    arm_set_reg(dc, bits(insn, 10, 8), thumb_load(dc, 2, false, addr));
}

void arm_thumb_ldst_reg(struct arm_dc *dc, uint32_t insn)
{
    /* STR STRH STRB LDRSB LDR LDRH LDRB LDRSH */
    static const struct { uint8_t load, size, sign; } form[8] = {
        { 0, 2, 0 }, { 0, 1, 0 }, { 0, 0, 0 }, { 1, 0, 1 },
        { 1, 2, 0 }, { 1, 1, 0 }, { 1, 0, 0 }, { 1, 1, 1 },
    };
    unsigned op = bits(insn, 11, 9), rd = bits(insn, 2, 0);
    uint32_t addr = op2(dc, IR_add, arm_get_reg(dc, bits(insn, 5, 3)), arm_get_reg(dc, bits(insn, 8, 6)));
    if (form[op].load)
        arm_set_reg(dc, rd, thumb_load(dc, form[op].size, form[op].sign, addr));
    else
        thumb_store(dc, form[op].size, addr, arm_get_reg(dc, rd));
}

static void thumb_ldst(struct arm_dc *dc, bool load, unsigned size_log2, unsigned rn, uint32_t offset,
                       unsigned rd)
{
    uint32_t addr = arm_add_imm(dc, arm_get_reg(dc, rn), offset);
    if (load)
        arm_set_reg(dc, rd, thumb_load(dc, size_log2, false, addr));
    else
        thumb_store(dc, size_log2, addr, arm_get_reg(dc, rd));
}

void arm_thumb_ldst_imm(struct arm_dc *dc, uint32_t insn)
{
    bool byte = bit(insn, 12);
    thumb_ldst(dc, bit(insn, 11), byte ? 0 : 2, bits(insn, 5, 3), bits(insn, 10, 6) << (byte ? 0 : 2),
               bits(insn, 2, 0));
}

void arm_thumb_ldst_h(struct arm_dc *dc, uint32_t insn)
{
    thumb_ldst(dc, bit(insn, 11), 1, bits(insn, 5, 3), bits(insn, 10, 6) << 1, bits(insn, 2, 0));
}

void arm_thumb_ldst_sp(struct arm_dc *dc, uint32_t insn)
{
    thumb_ldst(dc, bit(insn, 11), 2, 13, bits(insn, 7, 0) << 2, bits(insn, 10, 8));
}

void arm_thumb_adr(struct arm_dc *dc, uint32_t insn)
{
    uint32_t off = bits(insn, 7, 0) << 2;
    uint32_t base = bit(insn, 11) ? arm_get_reg(dc, 13) : arm_imm(dc, thumb_pc_aligned(dc));
    arm_set_reg(dc, bits(insn, 10, 8), op2(dc, IR_add, base, arm_imm(dc, off)));
}

void arm_thumb_sp_adj(struct arm_dc *dc, uint32_t insn)
{
    uint32_t off = arm_imm(dc, bits(insn, 6, 0) << 2);
    arm_set_reg(dc, 13, op2(dc, bit(insn, 7) ? IR_sub : IR_add, arm_get_reg(dc, 13), off));
}

void arm_thumb_extend(struct arm_dc *dc, uint32_t insn)
{
    static const uint8_t ext[4] = { IR_ext16s, IR_ext8s, IR_ext16u, IR_ext8u };
    uint32_t v = ir_unop(dc->b, (enum ir_opcode)ext[bits(insn, 7, 6)], I32, arm_get_reg(dc, bits(insn, 5, 3)));
    arm_set_reg(dc, bits(insn, 2, 0), v);
}

void arm_thumb_rev(struct arm_dc *dc, uint32_t insn)
{
    uint32_t m = arm_get_reg(dc, bits(insn, 5, 3)), r;
    switch (bits(insn, 7, 6)) {
    case 0: r = arm_gen_rev(dc, m); break;
    case 1: r = arm_gen_rev16(dc, m); break;
    case 3: r = arm_gen_revsh(dc, m); break;
    default: arm_undef(dc); return;
    }
    arm_set_reg(dc, bits(insn, 2, 0), r);
}

/* PUSH is STMDB sp!, POP is LDMIA sp!; bit 8 adds lr to PUSH, pc to POP.
 * All addresses are formed before any register changes. */
void arm_thumb_push_pop(struct arm_dc *dc, uint32_t insn)
{
    bool pop = bit(insn, 11), extra = bit(insn, 8);
    unsigned list = bits(insn, 7, 0), n = (unsigned)__builtin_popcount(list) + extra;
    uint32_t sp = arm_get_reg(dc, 13);
    uint32_t base = pop ? sp : op2(dc, IR_sub, sp, arm_imm(dc, 4 * n));
    uint32_t vals[9], k = 0;

    for (unsigned r = 0; r < 9; r++) {
        bool in = r < 8 ? (list >> r) & 1 : extra;
        if (!in)
            continue;
        uint32_t addr = arm_add_imm(dc, base, 4 * k);
        unsigned reg = r < 8 ? r : (pop ? 15 : 14);
        if (pop)
            vals[k] = thumb_load(dc, 2, false, addr);
        else
            thumb_store(dc, 2, addr, arm_get_reg(dc, reg));
        k++;
    }
    arm_set_reg(dc, 13, pop ? op2(dc, IR_add, sp, arm_imm(dc, 4 * n)) : base);
    if (!pop)
        return;
    k = 0;
    for (unsigned r = 0; r < 8; r++)
        if ((list >> r) & 1)
            arm_set_reg(dc, r, vals[k++]);
    if (extra)
        arm_load_pc(dc, vals[k]);
}

void arm_thumb_ldm_stm(struct arm_dc *dc, uint32_t insn)
{
    bool load = bit(insn, 11);
    unsigned rn = bits(insn, 10, 8), list = bits(insn, 7, 0);
    unsigned n = (unsigned)__builtin_popcount(list), k = 0;
    uint32_t base = arm_get_reg(dc, rn), vals[8];

    if (list == 0) {
        arm_undef(dc);
        return;
    }
    for (unsigned r = 0; r < 8; r++) {
        if (!((list >> r) & 1))
            continue;
        uint32_t addr = arm_add_imm(dc, base, 4 * k);
        if (load)
            vals[k] = thumb_load(dc, 2, false, addr);
        else
            thumb_store(dc, 2, addr, arm_get_reg(dc, r));
        k++;
    }
    /* LDMIA does not write back a base it loads. */
    if (!load || !((list >> rn) & 1))
        arm_set_reg(dc, rn, op2(dc, IR_add, base, arm_imm(dc, 4 * n)));
    k = 0;
    for (unsigned r = 0; load && r < 8; r++)
        if ((list >> r) & 1)
            arm_set_reg(dc, r, vals[k++]);
}

void arm_thumb_setend(struct arm_dc *dc, uint32_t insn)
{
    arm_set_endian(dc, bit(insn, 3));
}

void arm_thumb_svc(struct arm_dc *dc, uint32_t insn)
{
    (void)insn;
    arm_exit(dc, EXIT_SYSCALL, dc->pc + 2);
}

void arm_thumb_b_cond(struct arm_dc *dc, uint32_t insn)
{
    uint32_t skip = ir_new_label(dc->b);
    int32_t off = (int32_t)(bits(insn, 7, 0) << 24) >> 23;
    ir_brcond(dc->b, I32, IR_EQ, arm_cond_true(dc, bits(insn, 11, 8)), arm_imm(dc, 0), skip);
    arm_jump(dc, dc->pc + 4 + (uint32_t)off);
    ir_label(dc->b, skip);
    ir_goto_tb(dc->b, 1, dc->pc + 2);
}

void arm_thumb_b(struct arm_dc *dc, uint32_t insn)
{
    int32_t off = (int32_t)(bits(insn, 10, 0) << 21) >> 20;
    arm_branch_direct(dc, dc->pc + 4 + (uint32_t)off);
}

/* BL and BLX are two halfwords. Hardware runs them as two instructions
 * through lr; when both halves are here, the target is a constant and the
 * jump can be chained. */
void arm_thumb_bl_prefix(struct arm_dc *dc, uint32_t insn)
{
    int32_t hi = (int32_t)(bits(insn, 10, 0) << 21) >> 9;
    uint32_t lr = dc->pc + 4 + (uint32_t)hi, next;
    const struct arm_code_fetch *f = &dc->fe->fetch;
    bool blx_ok = dc->features & ARM_F_V5;

    if (f->fetch(f->opaque, dc->pc + 2, 2, &next) && ((next >> 11) == 0x1f || ((next >> 11) == 0x1d && blx_ok && !(next & 1)))) {
        uint32_t target = lr + (bits(next, 10, 0) << 1);
        dc->len = 4;
        ir_set_reg(dc->b, ARM_SLOT_LR, arm_imm(dc, (dc->pc + 4) | 1));
        if ((next >> 11) == 0x1d)
            arm_set_thumb(dc, false, target & ~3u);
        else
            arm_branch_direct(dc, target);
        return;
    }
    ir_set_reg(dc->b, ARM_SLOT_LR, arm_imm(dc, lr));
}

static uint32_t thumb_bl_target(struct arm_dc *dc, uint32_t insn)
{
    uint32_t t = op2(dc, IR_add, ir_get_reg(dc->b, ARM_SLOT_LR), arm_imm(dc, bits(insn, 10, 0) << 1));
    ir_set_reg(dc->b, ARM_SLOT_LR, arm_imm(dc, (dc->pc + 2) | 1));
    return t;
}

void arm_thumb_bl_suffix(struct arm_dc *dc, uint32_t insn)
{
    arm_set_reg(dc, 15, thumb_bl_target(dc, insn));
}

void arm_thumb_blx_suffix(struct arm_dc *dc, uint32_t insn)
{
    arm_bx(dc, op2(dc, IR_and, thumb_bl_target(dc, insn), arm_imm(dc, ~3u)));
}
