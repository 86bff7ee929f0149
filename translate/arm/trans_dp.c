/* ARM data processing, the shifter operand, CLZ and the PSR transfers. */
#include "arm/translate.h"

#define I32 IR_I32

static uint32_t op2(struct arm_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t b)
{
    return ir_binop(dc->b, opc, I32, a, b);
}

/* (v >> n) & 1 with n a temp (taken modulo 32, as IR shifts are). */
static uint32_t bit_at(struct arm_dc *dc, uint32_t v, uint32_t n)
{
    return op2(dc, IR_and, op2(dc, IR_shr, v, n), arm_imm(dc, 1));
}

static uint32_t bit_at_imm(struct arm_dc *dc, uint32_t v, unsigned n)
{
    return op2(dc, IR_and, ir_shifti(dc->b, IR_shri, I32, v, n), arm_imm(dc, 1));
}

/* Shift by an immediate as encoded: LSR/ASR #0 mean #32, ROR #0 is RRX. */
struct arm_op2 arm_shift_imm(struct arm_dc *dc, uint32_t rm, unsigned type, unsigned n)
{
    struct ir_block *b = dc->b;
    struct arm_op2 s;
    switch (type) {
    case 0: /* LSL */
        if (n == 0)
            return (struct arm_op2){ rm, arm_get_flag(dc, ARM_CF) };
        s.value = ir_shifti(b, IR_shli, I32, rm, n);
        s.carry = bit_at_imm(dc, rm, 32 - n);
        return s;
    case 1: /* LSR */
        s.value = n ? ir_shifti(b, IR_shri, I32, rm, n) : arm_imm(dc, 0);
        s.carry = bit_at_imm(dc, rm, n ? n - 1 : 31);
        return s;
    case 2: /* ASR */
        s.value = ir_shifti(b, IR_sari, I32, rm, n ? n : 31);
        s.carry = bit_at_imm(dc, rm, n ? n - 1 : 31);
        return s;
    default: /* ROR, RRX */
        if (n) {
            s.value = ir_shifti(b, IR_rotri, I32, rm, n);
            s.carry = bit_at_imm(dc, rm, n - 1);
        } else {
            uint32_t c = ir_shifti(b, IR_shli, I32, arm_get_flag(dc, ARM_CF), 31);
            s.value = op2(dc, IR_or, c, ir_shifti(b, IR_shri, I32, rm, 1));
            s.carry = op2(dc, IR_and, rm, arm_imm(dc, 1));
        }
        return s;
    }
}

/* Shift by the bottom byte of a register (ARM ARM A5.1.5 to A5.1.13):
 * an amount of 0 keeps the value and C, 32 and beyond saturate. */
struct arm_op2 arm_shift_reg(struct arm_dc *dc, uint32_t rm, unsigned type, uint32_t amount)
{
    struct ir_block *b = dc->b;
    uint32_t n = op2(dc, IR_and, amount, arm_imm(dc, 0xff));
    uint32_t c_old = arm_get_flag(dc, ARM_CF), zero = arm_imm(dc, 0), k32 = arm_imm(dc, 32);
    uint32_t n_minus_1 = op2(dc, IR_sub, n, arm_imm(dc, 1));
    struct arm_op2 s;

    switch (type) {
    case 0: /* LSL */
        s.value = ir_movcond(b, I32, IR_GEU, n, k32, zero, op2(dc, IR_shl, rm, n));
        s.carry = ir_movcond(b, I32, IR_GTU, n, k32, zero, bit_at(dc, rm, op2(dc, IR_sub, k32, n)));
        break;
    case 1: /* LSR */
        s.value = ir_movcond(b, I32, IR_GEU, n, k32, zero, op2(dc, IR_shr, rm, n));
        s.carry = ir_movcond(b, I32, IR_GTU, n, k32, zero, bit_at(dc, rm, n_minus_1));
        break;
    case 2: { /* ASR */
        uint32_t k31 = arm_imm(dc, 31);
        s.value = op2(dc, IR_sar, rm, ir_movcond(b, I32, IR_GTU, n, k31, k31, n));
        s.carry = bit_at(dc, rm, ir_movcond(b, I32, IR_GTU, n, k32, k31, n_minus_1));
        break;
    }
    default: /* ROR: by n mod 32, carry from bit (n - 1) mod 32 */
        s.value = op2(dc, IR_rotr, rm, n);
        s.carry = bit_at(dc, rm, n_minus_1);
        break;
    }
    s.carry = ir_movcond(b, I32, IR_EQ, n, zero, c_old, s.carry);
    return s;
}

enum { DP_AND, DP_EOR, DP_SUB, DP_RSB, DP_ADD, DP_ADC, DP_SBC, DP_RSC,
       DP_TST, DP_TEQ, DP_CMP, DP_CMN, DP_ORR, DP_MOV, DP_BIC, DP_MVN };

/* The value of t when it is a constant of this instruction or the op
 * defining it is a movi among the last few (callers pass constant carries
 * built just before the call). */
static bool recent_const(struct arm_dc *dc, uint32_t t, uint32_t *v)
{
    const struct ir_block *b = dc->b;
    if (arm_imm_value(dc, t, v))
        return true;
    for (uint32_t n = 0, i = b->nops; i-- > 0 && n < 8; n++) {
        if (b->ops[i].dst == t) {
            *v = (uint32_t)b->ops[i].imm;
            return b->ops[i].opc == IR_movi;
        }
    }
    return false;
}

/* a + b + carry_in through 64 bits: the carry is bit 32. */
static uint32_t add_wide(struct arm_dc *dc, uint32_t a, uint32_t b, uint32_t carry_in, uint32_t *carry)
{
    struct ir_block *bl = dc->b;
    uint32_t wide = ir_binop(bl, IR_add, IR_I64, ir_unop(bl, IR_ext32u, IR_I64, a),
                             ir_unop(bl, IR_ext32u, IR_I64, b));
    wide = ir_binop(bl, IR_add, IR_I64, wide, ir_unop(bl, IR_ext32u, IR_I64, carry_in));
    *carry = ir_unop(bl, IR_trunc, I32, ir_shifti(bl, IR_shri, IR_I64, wide, 32));
    return ir_unop(bl, IR_trunc, I32, wide);
}

/* a + b + carry_in with ARM flags. Without S, or with a constant carry, it
 * stays in 32 bits: the carry out of a + b is r <u a. */
uint32_t arm_add_flags(struct arm_dc *dc, uint32_t a, uint32_t b, uint32_t carry_in, bool s)
{
    uint32_t cin, r, carry;
    bool known = recent_const(dc, carry_in, &cin);

    if (!s && known && cin == 0)
        return op2(dc, IR_add, a, b);  /* what folding x + 0 would leave */
    if (!s)
        return op2(dc, IR_add, op2(dc, IR_add, a, b), carry_in);
    if (known && cin == 0) {
        r = op2(dc, IR_add, a, b);
        carry = ir_setcond(dc->b, I32, IR_LTU, r, a);
    } else {
        r = add_wide(dc, a, b, carry_in, &carry);
    }
    arm_set_nz(dc, r);
    arm_set_flag(dc, ARM_CF, carry);
    /* V: the operands agree in sign and the result does not. */
    arm_set_flag(dc, ARM_VF, op2(dc, IR_andc, op2(dc, IR_xor, r, a), op2(dc, IR_xor, a, b)));
    return r;
}

/* a - b - !carry_in = a + ~b + carry_in. With the carry set (SUB, CMP,
 * RSB) it is a plain subtraction: C is "no borrow", a >=u b, and V says
 * the operands differ in sign and the result's sign differs from a's. */
uint32_t arm_sub_flags(struct arm_dc *dc, uint32_t a, uint32_t b, uint32_t carry_in, bool s)
{
    uint32_t cin;
    if (!recent_const(dc, carry_in, &cin) || cin != 1)
        return arm_add_flags(dc, a, ir_unop(dc->b, IR_not, I32, b), carry_in, s);
    uint32_t r = op2(dc, IR_sub, a, b);
    if (!s)
        return r;
    arm_set_nz(dc, r);
    arm_set_flag(dc, ARM_CF, ir_setcond(dc->b, I32, IR_GEU, a, b));
    arm_set_flag(dc, ARM_VF, op2(dc, IR_and, op2(dc, IR_xor, a, b), op2(dc, IR_xor, a, r)));
    return r;
}

static uint32_t dp_logic(struct arm_dc *dc, unsigned op, uint32_t a, uint32_t v)
{
    switch (op) {
    case DP_AND: case DP_TST: return op2(dc, IR_and, a, v);
    case DP_EOR: case DP_TEQ: return op2(dc, IR_xor, a, v);
    case DP_ORR: return op2(dc, IR_or, a, v);
    case DP_BIC: return op2(dc, IR_andc, a, v);
    case DP_MOV: return v;
    default: return ir_unop(dc->b, IR_not, I32, v);  /* MVN */
    }
}

static uint32_t dp_arith(struct arm_dc *dc, unsigned op, uint32_t a, uint32_t v, bool s)
{
    switch (op) {
    case DP_SUB: case DP_CMP: return arm_sub_flags(dc, a, v, arm_imm(dc, 1), s);
    case DP_RSB: return arm_sub_flags(dc, v, a, arm_imm(dc, 1), s);
    case DP_ADD: case DP_CMN: return arm_add_flags(dc, a, v, arm_imm(dc, 0), s);
    case DP_ADC: return arm_add_flags(dc, a, v, arm_get_flag(dc, ARM_CF), s);
    case DP_SBC: return arm_sub_flags(dc, a, v, arm_get_flag(dc, ARM_CF), s);
    default: return arm_sub_flags(dc, v, a, arm_get_flag(dc, ARM_CF), s);  /* RSC */
    }
}

static bool dp_is_logical(unsigned op)
{
    return op == DP_AND || op == DP_EOR || (op >= DP_TST && op != DP_CMP && op != DP_CMN);
}

static void dp_common(struct arm_dc *dc, uint32_t insn, struct arm_op2 sh)
{
    unsigned op = bits(insn, 24, 21), rn = bits(insn, 19, 16), rd = bits(insn, 15, 12);
    bool s = bit(insn, 20);
    uint32_t a = (op == DP_MOV || op == DP_MVN) ? 0 : arm_get_reg(dc, rn);
    uint32_t r;

    if (dp_is_logical(op)) {
        r = dp_logic(dc, op, a, sh.value);
        if (s) {
            arm_set_nz(dc, r);
            arm_set_flag(dc, ARM_CF, sh.carry);
        }
    } else {
        r = dp_arith(dc, op, a, sh.value, s);
    }
    if (op < DP_TST || op > DP_CMN)
        arm_set_reg(dc, rd, r);
}

void arm_trans_dp_imm(struct arm_dc *dc, uint32_t insn)
{
    unsigned rot = bits(insn, 11, 8) * 2;
    uint32_t v = bits(insn, 7, 0);
    v = rot ? (v >> rot) | (v << (32 - rot)) : v;
    struct arm_op2 sh = { arm_imm(dc, v), rot ? arm_imm(dc, v >> 31) : arm_get_flag(dc, ARM_CF) };
    dp_common(dc, insn, sh);
}

void arm_trans_dp_reg_imm(struct arm_dc *dc, uint32_t insn)
{
    uint32_t rm = arm_get_reg(dc, bits(insn, 3, 0));
    dp_common(dc, insn, arm_shift_imm(dc, rm, bits(insn, 6, 5), bits(insn, 11, 7)));
}

void arm_trans_dp_reg_reg(struct arm_dc *dc, uint32_t insn)
{
    uint32_t rm = arm_get_reg(dc, bits(insn, 3, 0));
    uint32_t rs = arm_get_reg(dc, bits(insn, 11, 8));
    dp_common(dc, insn, arm_shift_reg(dc, rm, bits(insn, 6, 5), rs));
}

void arm_trans_clz(struct arm_dc *dc, uint32_t insn)
{
    arm_set_reg(dc, bits(insn, 15, 12), ir_unop(dc->b, IR_clz, I32, arm_get_reg(dc, bits(insn, 3, 0))));
}

uint64_t arm_helper_cpsr_read(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)a; (void)b; (void)c; (void)d;
    return arm_cpsr_read(cpu);
}

uint64_t arm_helper_cpsr_write(void *cpu, uint64_t val, uint64_t mask, uint64_t c, uint64_t d)
{
    (void)c; (void)d;
    arm_cpsr_write(cpu, (uint32_t)val, (uint32_t)mask);
    return 0;
}

void arm_trans_mrs(struct arm_dc *dc, uint32_t insn)
{
    if (bit(insn, 22)) {  /* SPSR: none in user mode */
        arm_undef(dc);
        return;
    }
    arm_set_reg(dc, bits(insn, 15, 12), ir_call(dc->b, ARM_H_CPSR_READ, 0, NULL));
}

/* Field mask bits 19..16 (f, s, x, c) select CPSR bytes. Writing E
 * changes how the following code must be translated: end the block. */
static void msr_common(struct arm_dc *dc, uint32_t insn, uint32_t val)
{
    unsigned fields = bits(insn, 19, 16);
    uint32_t mask = 0;
    if (bit(insn, 22)) {
        arm_undef(dc);
        return;
    }
    for (unsigned i = 0; i < 4; i++)
        if (fields & (1u << i))
            mask |= 0xffu << (8 * i);
    uint32_t args[2] = { val, arm_imm(dc, mask) };
    ir_call(dc->b, ARM_H_CPSR_WRITE, 2, args);
    if ((mask & 0x0000ff00u) && (dc->features & ARM_F_V6)) {
        ir_exit_indirect(dc->b, arm_imm(dc, dc->pc + 4));
        dc->end = true;
    }
}

void arm_trans_msr_imm(struct arm_dc *dc, uint32_t insn)
{
    unsigned rot = bits(insn, 11, 8) * 2;
    uint32_t v = bits(insn, 7, 0);
    msr_common(dc, insn, arm_imm(dc, rot ? (v >> rot) | (v << (32 - rot)) : v));
}

void arm_trans_msr_reg(struct arm_dc *dc, uint32_t insn)
{
    msr_common(dc, insn, arm_get_reg(dc, bits(insn, 3, 0)));
}
