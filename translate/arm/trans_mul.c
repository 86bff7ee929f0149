/* ARM multiplies: MUL/MLA, the long multiplies, UMAAL, the saturating
 * QADD family, the ARMv5TE DSP multiplies and the ARMv6 dual and
 * most-significant-word multiplies (ARM ARM DDI 0100I, A4).
 *
 * Registers named 15 in these encodings are UNPREDICTABLE; the handlers
 * read and write them through arm_get_reg/arm_set_reg like any other. All
 * operands are read before any register is written, and flags are written
 * before registers, so an UNPREDICTABLE write of r15 (which ends the block)
 * is the last op of the instruction. */
#include "arm/translate.h"

/* The register in bits lo+3..lo of insn. */
static uint32_t reg_at(struct arm_dc *dc, uint32_t insn, unsigned lo)
{
    return arm_get_reg(dc, bits(insn, lo + 3, lo));
}

static uint32_t binop32(struct arm_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t c)
{
    return ir_binop(dc->b, opc, IR_I32, a, c);
}

static uint32_t binop64(struct arm_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t c)
{
    return ir_binop(dc->b, opc, IR_I64, a, c);
}

static uint32_t sext64(struct arm_dc *dc, uint32_t v)
{
    return ir_unop(dc->b, IR_ext32s, IR_I64, v);
}

/* The top (bits 31:16) or bottom (15:0) half of v, sign-extended. */
static uint32_t half_s(struct arm_dc *dc, uint32_t v, bool top)
{
    if (top)
        return ir_shifti(dc->b, IR_sari, IR_I32, v, 16);
    return ir_unop(dc->b, IR_ext16s, IR_I32, v);
}

/* Q is sticky: the instructions only ever set it, so or in the new
 * overflow (0 or 1) instead of branching around a store. */
static void set_q_if(struct arm_dc *dc, uint32_t ovf)
{
    uint32_t q = ir_get_reg(dc->b, ARM_SLOT_QF);
    ir_set_reg(dc->b, ARM_SLOT_QF, binop32(dc, IR_or, q, ovf));
}

/* Bit 31 set when r = a + c (or a - c when sub) overflowed as signed:
 * an addition overflows when both operands have the sign r lacks, a
 * subtraction when the operands' signs differ and r's differs from a's. */
static uint32_t overflow_word(struct arm_dc *dc, uint32_t a, uint32_t c, uint32_t r, bool sub)
{
    uint32_t ra = binop32(dc, IR_xor, r, a);
    if (sub)
        return binop32(dc, IR_and, ra, binop32(dc, IR_xor, a, c));
    return binop32(dc, IR_and, ra, binop32(dc, IR_xor, r, c));
}

/* a + c, setting Q on signed overflow without saturating (SMLA<x><y>,
 * SMLAW<y>: the wrapped sum is the result). */
static uint32_t add_q(struct arm_dc *dc, uint32_t a, uint32_t c)
{
    uint32_t r = binop32(dc, IR_add, a, c);
    uint32_t w = overflow_word(dc, a, c, r, false);
    set_q_if(dc, ir_shifti(dc->b, IR_shri, IR_I32, w, 31));
    return r;
}

/* SignedSat(a + c) or SignedSat(a - c), setting Q when it saturates.
 * On overflow the exact result has a's sign, so the limit is
 * 0x7fffffff for a >= 0 and 0x80000000 for a < 0. */
static uint32_t sat_q(struct arm_dc *dc, uint32_t a, uint32_t c, bool sub)
{
    uint32_t r = binop32(dc, sub ? IR_sub : IR_add, a, c);
    uint32_t w = overflow_word(dc, a, c, r, sub);
    uint32_t limit = binop32(dc, IR_xor, ir_shifti(dc->b, IR_sari, IR_I32, a, 31),
                             arm_imm(dc, 0x7fffffff));

    set_q_if(dc, ir_shifti(dc->b, IR_shri, IR_I32, w, 31));
    return ir_movcond(dc->b, IR_I32, IR_LT, w, arm_imm(dc, 0), limit, r);
}

/* a + c + d as a 32-bit result, with Q set when the exact sum does not fit
 * in 32 bits. The sum is checked once, not per addition: the products of
 * SMLAD may overflow between themselves and come back with the addend. */
static uint32_t add3_q(struct arm_dc *dc, uint32_t a, uint32_t c, uint32_t d)
{
    struct ir_block *b = dc->b;
    uint32_t s = binop64(dc, IR_add, binop64(dc, IR_add, sext64(dc, a), sext64(dc, c)),
                         sext64(dc, d));
    uint32_t r = ir_unop(b, IR_trunc, IR_I32, s);
    uint32_t ovf = ir_setcond(b, IR_I64, IR_NE, s, sext64(dc, r));

    set_q_if(dc, ir_unop(b, IR_trunc, IR_I32, ovf));
    return r;
}

/* RdHi:RdLo as one 64-bit value. */
static uint32_t get_reg64(struct arm_dc *dc, unsigned lo, unsigned hi)
{
    struct ir_block *b = dc->b;
    uint32_t l = ir_unop(b, IR_ext32u, IR_I64, arm_get_reg(dc, lo));
    uint32_t h = ir_unop(b, IR_ext32u, IR_I64, arm_get_reg(dc, hi));
    return binop64(dc, IR_or, l, ir_shifti(b, IR_shli, IR_I64, h, 32));
}

/* Writes v to RdHi:RdLo; with s, N is bit 63 and Z says all 64 bits are
 * zero (ZF holds lo | hi, zero exactly then). RdHi is written last, as
 * QEMU does, so it wins when RdHi = RdLo (UNPREDICTABLE). An UNPREDICTABLE
 * r15 among them goes last instead: writing the pc ends the block. */
static void set_reg64(struct arm_dc *dc, unsigned lo, unsigned hi, uint32_t v, bool s)
{
    struct ir_block *b = dc->b;
    uint32_t l = ir_unop(b, IR_trunc, IR_I32, v);
    uint32_t h = ir_unop(b, IR_trunc, IR_I32, ir_shifti(b, IR_shri, IR_I64, v, 32));

    if (s) {
        arm_set_flag(dc, ARM_NF, h);
        arm_set_flag(dc, ARM_ZF, binop32(dc, IR_or, l, h));
    }
    if (lo == 15) {
        arm_set_reg(dc, hi, h);
        if (!dc->end)
            arm_set_reg(dc, lo, l);
        return;
    }
    arm_set_reg(dc, lo, l);
    arm_set_reg(dc, hi, h);
}

/* Rd (19:16) = Rm * Rs + acc. With S, N and Z come from the result; C is
 * left unchanged: ARMv5 and later define it so, and ARMv4 calls it
 * UNPREDICTABLE, so the v5 behaviour is a valid v4 one. V is unchanged. */
static void mul_common(struct arm_dc *dc, uint32_t insn, uint32_t acc)
{
    uint32_t p = binop32(dc, IR_mul, reg_at(dc, insn, 0), reg_at(dc, insn, 8));
    uint32_t r = acc == IR_NO_TEMP ? p : binop32(dc, IR_add, p, acc);

    if (bit(insn, 20))
        arm_set_nz(dc, r);
    arm_set_reg(dc, bits(insn, 19, 16), r);
}

void arm_trans_mul(struct arm_dc *dc, uint32_t insn)
{
    mul_common(dc, insn, IR_NO_TEMP);
}

void arm_trans_mla(struct arm_dc *dc, uint32_t insn)
{
    mul_common(dc, insn, reg_at(dc, insn, 12));
}

/* UMULL/UMLAL/SMULL/SMLAL: RdHi:RdLo = Rm * Rs (+ RdHi:RdLo), bit 22
 * signed, bit 21 accumulate, bit 20 S (flags from all 64 bits). */
void arm_trans_mull(struct arm_dc *dc, uint32_t insn)
{
    unsigned lo = bits(insn, 15, 12), hi = bits(insn, 19, 16);
    enum ir_opcode mulop = bit(insn, 22) ? IR_muls_32_64 : IR_mulu_32_64;
    uint32_t r = ir_binop(dc->b, mulop, IR_I64, reg_at(dc, insn, 0), reg_at(dc, insn, 8));

    if (bit(insn, 21))
        r = binop64(dc, IR_add, r, get_reg64(dc, lo, hi));
    set_reg64(dc, lo, hi, r, bit(insn, 20));
}

/* UMAAL: RdHi:RdLo = Rm * Rs + RdHi + RdLo, all unsigned; the maximum,
 * (2^32-1)^2 + 2 * (2^32-1) = 2^64-1, cannot overflow. */
void arm_trans_umaal(struct arm_dc *dc, uint32_t insn)
{
    struct ir_block *b = dc->b;
    unsigned lo = bits(insn, 15, 12), hi = bits(insn, 19, 16);
    uint32_t r = ir_binop(b, IR_mulu_32_64, IR_I64, reg_at(dc, insn, 0), reg_at(dc, insn, 8));

    r = binop64(dc, IR_add, r, ir_unop(b, IR_ext32u, IR_I64, arm_get_reg(dc, lo)));
    r = binop64(dc, IR_add, r, ir_unop(b, IR_ext32u, IR_I64, arm_get_reg(dc, hi)));
    set_reg64(dc, lo, hi, r, false);
}

/* QADD/QSUB/QDADD/QDSUB Rd, Rm, Rn (op = bits 22:21): Rd = SAT(Rm +/- x)
 * with x = Rn, or SAT(2 * Rn) for the doubling forms; each saturation
 * sets Q. */
void arm_trans_qaddsub(struct arm_dc *dc, uint32_t insn)
{
    uint32_t rm = reg_at(dc, insn, 0), x = reg_at(dc, insn, 16);

    if (bit(insn, 22))
        x = sat_q(dc, x, x, false);
    arm_set_reg(dc, bits(insn, 15, 12), sat_q(dc, rm, x, bit(insn, 21)));
}

/* Rm.x * Rs.y with x = bit 5 and y = bit 6 (1: top half). Both halves are
 * 16-bit signed, so the product fits in 32 bits. */
static uint32_t mul_xy(struct arm_dc *dc, uint32_t insn)
{
    uint32_t a = half_s(dc, reg_at(dc, insn, 0), bit(insn, 5));
    uint32_t c = half_s(dc, reg_at(dc, insn, 8), bit(insn, 6));
    return binop32(dc, IR_mul, a, c);
}

/* SMLA<x><y> Rd (19:16), Rm, Rs, Rn (15:12): Q on overflow of the add. */
void arm_trans_smlaxy(struct arm_dc *dc, uint32_t insn)
{
    uint32_t r = add_q(dc, mul_xy(dc, insn), reg_at(dc, insn, 12));
    arm_set_reg(dc, bits(insn, 19, 16), r);
}

void arm_trans_smulxy(struct arm_dc *dc, uint32_t insn)
{
    arm_set_reg(dc, bits(insn, 19, 16), mul_xy(dc, insn));
}

/* SMLAL<x><y> RdLo, RdHi, Rm, Rs: 64-bit accumulate, no flags, no Q. */
void arm_trans_smlalxy(struct arm_dc *dc, uint32_t insn)
{
    unsigned lo = bits(insn, 15, 12), hi = bits(insn, 19, 16);
    uint32_t r = binop64(dc, IR_add, get_reg64(dc, lo, hi), sext64(dc, mul_xy(dc, insn)));
    set_reg64(dc, lo, hi, r, false);
}

/* Bits 47:16 of the 48-bit product Rm * Rs.y (y = bit 6). */
static uint32_t mul_wy(struct arm_dc *dc, uint32_t insn)
{
    struct ir_block *b = dc->b;
    uint32_t c = half_s(dc, reg_at(dc, insn, 8), bit(insn, 6));
    uint32_t p = ir_binop(b, IR_muls_32_64, IR_I64, reg_at(dc, insn, 0), c);
    return ir_unop(b, IR_trunc, IR_I32, ir_shifti(b, IR_sari, IR_I64, p, 16));
}

/* SMLAW<y> Rd, Rm, Rs, Rn: Q on overflow of the add, no saturation. */
void arm_trans_smlawy(struct arm_dc *dc, uint32_t insn)
{
    uint32_t r = add_q(dc, mul_wy(dc, insn), reg_at(dc, insn, 12));
    arm_set_reg(dc, bits(insn, 19, 16), r);
}

void arm_trans_smulwy(struct arm_dc *dc, uint32_t insn)
{
    arm_set_reg(dc, bits(insn, 19, 16), mul_wy(dc, insn));
}

/* The two 16x16 products of the ARMv6 dual multiplies: bottom * bottom and
 * top * top of Rm and Rs, Rs swapped by halves first when X (bit 5) is set.
 * With sub the second is negated (it fits: |product| <= 2^30). */
struct dual {
    uint32_t p1, p2;
};

static struct dual dual_products(struct arm_dc *dc, uint32_t insn, bool sub)
{
    uint32_t rm = reg_at(dc, insn, 0), rs = reg_at(dc, insn, 8);
    struct dual d;

    if (bit(insn, 5))
        rs = ir_shifti(dc->b, IR_rotri, IR_I32, rs, 16);
    d.p1 = binop32(dc, IR_mul, half_s(dc, rm, false), half_s(dc, rs, false));
    d.p2 = binop32(dc, IR_mul, half_s(dc, rm, true), half_s(dc, rs, true));
    if (sub)
        d.p2 = ir_unop(dc->b, IR_neg, IR_I32, d.p2);
    return d;
}

/* SMLAD/SMLSD Rd (19:16), Rm, Rs, Rn (15:12); Rn = 15 encodes SMUAD/SMUSD,
 * which add nothing. Q when the final sum overflows (never for SMUSD). */
static void dual_acc(struct arm_dc *dc, uint32_t insn, bool sub)
{
    unsigned n = bits(insn, 15, 12);
    struct dual d = dual_products(dc, insn, sub);
    uint32_t acc = n == 15 ? arm_imm(dc, 0) : arm_get_reg(dc, n);

    arm_set_reg(dc, bits(insn, 19, 16), add3_q(dc, d.p1, d.p2, acc));
}

void arm_trans_smlad(struct arm_dc *dc, uint32_t insn)
{
    dual_acc(dc, insn, false);
}

void arm_trans_smlsd(struct arm_dc *dc, uint32_t insn)
{
    dual_acc(dc, insn, true);
}

/* SMLALD/SMLSLD RdLo (15:12), RdHi (19:16), Rm, Rs: RdHi:RdLo += p1 +/- p2
 * in 64 bits, no flags. */
static void dual_acc_long(struct arm_dc *dc, uint32_t insn, bool sub)
{
    unsigned lo = bits(insn, 15, 12), hi = bits(insn, 19, 16);
    struct dual d = dual_products(dc, insn, sub);
    uint32_t r = binop64(dc, IR_add, get_reg64(dc, lo, hi), sext64(dc, d.p1));

    set_reg64(dc, lo, hi, binop64(dc, IR_add, r, sext64(dc, d.p2)), false);
}

void arm_trans_smlald(struct arm_dc *dc, uint32_t insn)
{
    dual_acc_long(dc, insn, false);
}

void arm_trans_smlsld(struct arm_dc *dc, uint32_t insn)
{
    dual_acc_long(dc, insn, true);
}

/* SMMLA/SMMLS/SMMUL Rd (19:16), Rm, Rs, Rn (15:12): bits 63:32 of
 * (Rn << 32) +/- Rm * Rs, plus 0x80000000 first when R (bit 5) rounds.
 * acc is IR_NO_TEMP for SMMUL. */
static void mul_msw(struct arm_dc *dc, uint32_t insn, uint32_t acc, bool sub)
{
    struct ir_block *b = dc->b;
    uint32_t p = ir_binop(b, IR_muls_32_64, IR_I64, reg_at(dc, insn, 0), reg_at(dc, insn, 8));

    if (acc != IR_NO_TEMP) {
        uint32_t a = ir_shifti(b, IR_shli, IR_I64, ir_unop(b, IR_ext32u, IR_I64, acc), 32);
        p = binop64(dc, sub ? IR_sub : IR_add, a, p);
    }
    if (bit(insn, 5))
        p = binop64(dc, IR_add, p, ir_movi(b, IR_I64, 0x80000000u));
    p = ir_unop(b, IR_trunc, IR_I32, ir_shifti(b, IR_shri, IR_I64, p, 32));
    arm_set_reg(dc, bits(insn, 19, 16), p);
}

void arm_trans_smmul(struct arm_dc *dc, uint32_t insn)
{
    mul_msw(dc, insn, IR_NO_TEMP, false);
}

/* Rn = 15 is SMMUL's encoding, so this handler is right even if the
 * table has no separate SMMUL line ahead of it. */
void arm_trans_smmla(struct arm_dc *dc, uint32_t insn)
{
    unsigned n = bits(insn, 15, 12);
    mul_msw(dc, insn, n == 15 ? IR_NO_TEMP : arm_get_reg(dc, n), false);
}

void arm_trans_smmls(struct arm_dc *dc, uint32_t insn)
{
    mul_msw(dc, insn, reg_at(dc, insn, 12), true);
}
