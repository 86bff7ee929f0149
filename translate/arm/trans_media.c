/* ARMv6 media instructions of the ARM instruction set (ARM ARM DDI 0100I,
 * chapter A4): the parallel add/subtract family, SEL, SSAT/USAT and their
 * 16-bit forms, PKHBT/PKHTB, REV/REV16/REVSH, the sign and zero extensions
 * with and without accumulate, and USAD8/USADA8. (The ARMv6 signed
 * multiplies of the same space are in trans_mul.c.)
 *
 * Everything is inline IR rather than helper calls: the guest's helper
 * table is fixed, and one lane costs only a dozen 32-bit ops. Lanes are
 * extended to 32 bits before they are combined, so a lane sum or
 * difference is exact and GE, saturation and halving all read it directly.
 *
 * Registers named 15 are UNPREDICTABLE here; they are read and written
 * through arm_get_reg/arm_set_reg like any other. All operands are read
 * before anything is written, and GE and Q are written before Rd, so an
 * UNPREDICTABLE write of r15 (which ends the block) is the last op. */
#include <stdint.h>

#include "arm/translate.h"

/* The register in bits lo+3..lo of insn. */
static uint32_t reg_at(struct arm_dc *dc, uint32_t insn, unsigned lo)
{
    return arm_get_reg(dc, bits(insn, lo + 3, lo));
}

static uint32_t binop(struct arm_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t c)
{
    return ir_binop(dc->b, opc, IR_I32, a, c);
}

static uint32_t unop(struct arm_dc *dc, enum ir_opcode opc, uint32_t a)
{
    return ir_unop(dc->b, opc, IR_I32, a);
}

/* A shift or rotate by a constant; by 0 it is no op at all. */
static uint32_t shifti(struct arm_dc *dc, enum ir_opcode opc, uint32_t a, unsigned n)
{
    return n ? ir_shifti(dc->b, opc, IR_I32, a, n) : a;
}

/* acc | v, where acc may be IR_NO_TEMP (nothing accumulated yet). */
static uint32_t or_acc(struct arm_dc *dc, uint32_t acc, uint32_t v)
{
    return acc == IR_NO_TEMP ? v : binop(dc, IR_or, acc, v);
}

/* Q is sticky: the instructions only ever set it, so or in the new
 * saturation (0 or 1) instead of branching around a store. */
static void set_q_if(struct arm_dc *dc, uint32_t sat)
{
    uint32_t q = ir_get_reg(dc->b, ARM_SLOT_QF);
    ir_set_reg(dc->b, ARM_SLOT_QF, binop(dc, IR_or, q, sat));
}

/* Lane i (w bits wide) of v, sign- or zero-extended to 32 bits. The top
 * lane needs only the shift, which extends by itself. */
static uint32_t lane_get(struct arm_dc *dc, uint32_t v, unsigned w, unsigned i, bool sign)
{
    unsigned pos = w * i;

    if (pos + w == 32)
        return shifti(dc, sign ? IR_sari : IR_shri, v, pos);
    v = shifti(dc, IR_shri, v, pos);
    if (w == 8)
        return unop(dc, sign ? IR_ext8s : IR_ext8u, v);
    return unop(dc, sign ? IR_ext16s : IR_ext16u, v);
}

/* acc with the low w bits of v placed as lane i. The top lane needs no
 * mask: the shift drops the bits above it. */
static uint32_t lane_put(struct arm_dc *dc, uint32_t acc, uint32_t v, unsigned w, unsigned i)
{
    unsigned pos = w * i;

    if (pos + w < 32)
        v = unop(dc, w == 8 ? IR_ext8u : IR_ext16u, v);
    return or_acc(dc, acc, shifti(dc, IR_shli, v, pos));
}

/* v clamped to [lo, hi], compared as signed 32-bit values. A bound at the
 * end of the int32 range cannot be crossed and costs nothing. */
static uint32_t clamp(struct arm_dc *dc, uint32_t v, int64_t lo, int64_t hi)
{
    if (lo > INT32_MIN) {
        uint32_t c = arm_imm(dc, (uint32_t)lo);
        v = ir_movcond(dc->b, IR_I32, IR_LT, v, c, c, v);
    }
    if (hi < INT32_MAX) {
        uint32_t c = arm_imm(dc, (uint32_t)hi);
        v = ir_movcond(dc->b, IR_I32, IR_GT, v, c, c, v);
    }
    return v;
}

/* ---- parallel add and subtract ---- */

/* Bits 21:20 of the encoding: what happens to the exact lane result. */
enum par_kind {
    PAR_MODULAR = 1,   /* S, U: wrap, set GE */
    PAR_SAT = 2,       /* Q, UQ: saturate to the lane (Q is not touched) */
    PAR_HALVE = 3,     /* SH, UH: bits w:1 of the result */
};

/* One instruction of the family: the prefix (bits 22:20) and the
 * operation (bits 7:5) as lanes. */
struct par_op {
    bool sign;          /* bit 22 clear: S, Q, SH */
    enum par_kind kind;
    unsigned width;     /* lane width, 8 or 16 */
    unsigned sub;       /* bit i set: lane i subtracts */
    bool exchange;      /* ASX, SAX: lane i of Rn meets lane i ^ 1 of Rm */
};

/* False for the undefined encodings: operations 101 and 110, and the
 * prefixes 000 and 100 (which the table lines already leave out). */
static bool par_decode(uint32_t insn, struct par_op *p)
{
    static const struct { uint8_t width, sub, exchange; } ops[8] = {
        [0] = { 16, 0x0, 0 },   /* ADD16 */
        [1] = { 16, 0x1, 1 },   /* ASX: low lane Rn.lo - Rm.hi, high Rn.hi + Rm.lo */
        [2] = { 16, 0x2, 1 },   /* SAX: low lane Rn.lo + Rm.hi, high Rn.hi - Rm.lo */
        [3] = { 16, 0x3, 0 },   /* SUB16 */
        [4] = { 8, 0x0, 0 },    /* ADD8 */
        [7] = { 8, 0xf, 0 },    /* SUB8 */
    };
    unsigned op = bits(insn, 7, 5);

    if (ops[op].width == 0 || bits(insn, 21, 20) == 0)
        return false;
    p->sign = !bit(insn, 22);
    p->kind = (enum par_kind)bits(insn, 21, 20);
    p->width = ops[op].width;
    p->sub = ops[op].sub;
    p->exchange = ops[op].exchange;
    return true;
}

/* The GE bits of lane i (one per byte it covers) when its exact result r
 * sets them: signed results and unsigned differences when r >= 0,
 * unsigned sums when they carry out of the lane. */
static uint32_t par_ge(struct arm_dc *dc, const struct par_op *p, uint32_t r, unsigned i, bool sub)
{
    unsigned nbytes = p->width / 8;
    uint32_t ge = arm_imm(dc, ((1u << nbytes) - 1) << (nbytes * i));
    uint32_t zero = arm_imm(dc, 0);

    if (!p->sign && !sub)
        return ir_movcond(dc->b, IR_I32, IR_GEU, r, arm_imm(dc, 1u << p->width), ge, zero);
    return ir_movcond(dc->b, IR_I32, IR_GE, r, zero, ge, zero);
}

/* Saturation of the exact lane result r. An unsigned sum cannot go below
 * 0 and an unsigned difference cannot exceed the lane, so they clamp on
 * one side only. */
static uint32_t par_sat(struct arm_dc *dc, const struct par_op *p, uint32_t r, bool sub)
{
    int64_t half = INT64_C(1) << (p->width - 1);

    if (p->sign)
        return clamp(dc, r, -half, half - 1);
    return sub ? clamp(dc, r, 0, INT32_MAX) : clamp(dc, r, INT32_MIN, 2 * half - 1);
}

/* Lane i of the result (its low w bits count); ORs its GE bits into *ge. */
static uint32_t par_lane(struct arm_dc *dc, const struct par_op *p, uint32_t rn, uint32_t rm,
                         unsigned i, uint32_t *ge)
{
    bool sub = (p->sub >> i) & 1;
    uint32_t a = lane_get(dc, rn, p->width, i, p->sign);
    uint32_t c = lane_get(dc, rm, p->width, p->exchange ? i ^ 1 : i, p->sign);
    uint32_t r = binop(dc, sub ? IR_sub : IR_add, a, c);

    switch (p->kind) {
    case PAR_MODULAR:
        *ge = or_acc(dc, *ge, par_ge(dc, p, r, i, sub));
        return r;
    case PAR_SAT:
        return par_sat(dc, p, r, sub);
    default:
        /* Bits w:1 of r are the same under either shift: even an unsigned
         * difference is exact as a signed 32-bit value. */
        return shifti(dc, IR_sari, r, 1);
    }
}

/* {S,Q,SH,U,UQ,UH}{ADD16,ASX,SAX,SUB16,ADD8,SUB8} Rd (15:12), Rn (19:16),
 * Rm (3:0). Only S and U write GE, and they write all four bits. */
void arm_trans_par_add_sub(struct arm_dc *dc, uint32_t insn)
{
    struct par_op p;
    uint32_t rn, rm, res = IR_NO_TEMP, ge = IR_NO_TEMP;

    if (!par_decode(insn, &p)) {
        arm_undef(dc);
        return;
    }
    rn = reg_at(dc, insn, 16);
    rm = reg_at(dc, insn, 0);
    for (unsigned i = 0; i < 32 / p.width; i++)
        res = lane_put(dc, res, par_lane(dc, &p, rn, rm, i, &ge), p.width, i);
    if (ge != IR_NO_TEMP)
        ir_set_reg(dc->b, ARM_SLOT_GE, ge);
    arm_set_reg(dc, bits(insn, 15, 12), res);
}

/* SEL Rd, Rn, Rm: byte i from Rn when GE[i] is set, else from Rm. The
 * byte mask comes from GE[3:0] without a lane loop: the multiply puts
 * copies of GE at bits 0, 7, 14 and 21, which do not overlap, so GE[i]
 * lands on bit 8i without carries; the second multiply fills the bytes. */
void arm_trans_sel(struct arm_dc *dc, uint32_t insn)
{
    uint32_t rn = reg_at(dc, insn, 16), rm = reg_at(dc, insn, 0);
    uint32_t m = binop(dc, IR_mul, ir_get_reg(dc->b, ARM_SLOT_GE), arm_imm(dc, 0x00204081));

    m = binop(dc, IR_and, m, arm_imm(dc, 0x01010101));
    m = binop(dc, IR_mul, m, arm_imm(dc, 0xff));
    arm_set_reg(dc, bits(insn, 15, 12),
                binop(dc, IR_or, binop(dc, IR_and, rn, m), binop(dc, IR_andc, rm, m)));
}

/* ---- saturation ---- */

/* SSAT/USAT Rd, #sat, Rm {, LSL #n | ASR #n}: the shift is bit 6 (ASR)
 * with the amount in bits 11:7, where ASR #0 encodes ASR #32 (the same
 * as ASR #31 for the result). Q is set when the value did not fit. */
static void sat_word(struct arm_dc *dc, uint32_t insn, int64_t lo, int64_t hi)
{
    unsigned n = bits(insn, 11, 7);
    uint32_t v = reg_at(dc, insn, 0), r;

    if (bit(insn, 6))
        v = shifti(dc, IR_sari, v, n ? n : 31);
    else
        v = shifti(dc, IR_shli, v, n);
    r = clamp(dc, v, lo, hi);
    /* SSAT #32 cannot saturate: clamp emitted nothing, and Q stays. */
    if (r != v)
        set_q_if(dc, ir_setcond(dc->b, IR_I32, IR_NE, r, v));
    arm_set_reg(dc, bits(insn, 15, 12), r);
}

/* SSAT: saturate to sat_imm + 1 bits (bits 20:16), 1 to 32. */
void arm_trans_ssat(struct arm_dc *dc, uint32_t insn)
{
    int64_t half = INT64_C(1) << bits(insn, 20, 16);
    sat_word(dc, insn, -half, half - 1);
}

/* USAT: saturate to sat_imm bits (bits 20:16), 0 to 31, unsigned. */
void arm_trans_usat(struct arm_dc *dc, uint32_t insn)
{
    sat_word(dc, insn, 0, (INT64_C(1) << bits(insn, 20, 16)) - 1);
}

/* SSAT16/USAT16 Rd, #sat, Rm: each signed halfword of Rm clamped to
 * [lo, hi]; Q when either did not fit. */
static void sat_halves(struct arm_dc *dc, uint32_t insn, int64_t lo, int64_t hi)
{
    uint32_t v = reg_at(dc, insn, 0), res = IR_NO_TEMP, sat = IR_NO_TEMP;

    for (unsigned i = 0; i < 2; i++) {
        uint32_t x = lane_get(dc, v, 16, i, true);
        uint32_t r = clamp(dc, x, lo, hi);
        sat = or_acc(dc, sat, ir_setcond(dc->b, IR_I32, IR_NE, r, x));
        res = lane_put(dc, res, r, 16, i);
    }
    set_q_if(dc, sat);
    arm_set_reg(dc, bits(insn, 15, 12), res);
}

/* SSAT16: sat_imm + 1 bits (bits 19:16), 1 to 16. */
void arm_trans_ssat16(struct arm_dc *dc, uint32_t insn)
{
    int64_t half = INT64_C(1) << bits(insn, 19, 16);
    sat_halves(dc, insn, -half, half - 1);
}

/* USAT16: sat_imm bits (bits 19:16), 0 to 15, unsigned. */
void arm_trans_usat16(struct arm_dc *dc, uint32_t insn)
{
    sat_halves(dc, insn, 0, (INT64_C(1) << bits(insn, 19, 16)) - 1);
}

/* ---- packing and byte reversal ---- */

/* PKHBT Rd, Rn, Rm, LSL #n: bottom half from Rn, top from Rm << n. */
void arm_trans_pkhbt(struct arm_dc *dc, uint32_t insn)
{
    uint32_t rn = reg_at(dc, insn, 16);
    uint32_t top = shifti(dc, IR_shli, reg_at(dc, insn, 0), bits(insn, 11, 7));

    top = binop(dc, IR_andc, top, arm_imm(dc, 0xffff));
    arm_set_reg(dc, bits(insn, 15, 12), binop(dc, IR_or, unop(dc, IR_ext16u, rn), top));
}

/* PKHTB Rd, Rn, Rm, ASR #n: top half from Rn, bottom from Rm >> n
 * (arithmetic; n = 0 encodes ASR #32, the same as ASR #31 for the bottom
 * half: all sign bits). */
void arm_trans_pkhtb(struct arm_dc *dc, uint32_t insn)
{
    unsigned n = bits(insn, 11, 7);
    uint32_t top = binop(dc, IR_andc, reg_at(dc, insn, 16), arm_imm(dc, 0xffff));
    uint32_t bottom = shifti(dc, IR_sari, reg_at(dc, insn, 0), n ? n : 31);

    arm_set_reg(dc, bits(insn, 15, 12), binop(dc, IR_or, top, unop(dc, IR_ext16u, bottom)));
}

void arm_trans_rev(struct arm_dc *dc, uint32_t insn)
{
    arm_set_reg(dc, bits(insn, 15, 12), arm_gen_rev(dc, reg_at(dc, insn, 0)));
}

void arm_trans_rev16(struct arm_dc *dc, uint32_t insn)
{
    arm_set_reg(dc, bits(insn, 15, 12), arm_gen_rev16(dc, reg_at(dc, insn, 0)));
}

void arm_trans_revsh(struct arm_dc *dc, uint32_t insn)
{
    arm_set_reg(dc, bits(insn, 15, 12), arm_gen_revsh(dc, reg_at(dc, insn, 0)));
}

/* ---- extension ---- */

enum xt_size { XT_B, XT_H, XT_B16 };

/* Bytes 0 and 2 of v each extended to a halfword. The unsigned form is a
 * mask; the signed one extends each byte on its own, since one subtract
 * for both would borrow across the halves. */
static uint32_t extend_b16(struct arm_dc *dc, uint32_t v, bool sign)
{
    uint32_t lo, hi;

    if (!sign)
        return binop(dc, IR_and, v, arm_imm(dc, 0x00ff00ff));
    lo = unop(dc, IR_ext16u, unop(dc, IR_ext8s, v));
    hi = unop(dc, IR_ext8s, shifti(dc, IR_shri, v, 16));
    return binop(dc, IR_or, lo, shifti(dc, IR_shli, hi, 16));
}

/* a + c in each halfword, without carry between them: the bottom sum is
 * cut to 16 bits, and the top one has nothing below it to carry in. */
static uint32_t add16(struct arm_dc *dc, uint32_t a, uint32_t c)
{
    uint32_t lo = unop(dc, IR_ext16u, binop(dc, IR_add, a, c));
    uint32_t top = arm_imm(dc, 0xffff);
    uint32_t hi = binop(dc, IR_add, binop(dc, IR_andc, a, top), binop(dc, IR_andc, c, top));

    return binop(dc, IR_or, lo, hi);
}

/* {S,U}XT{A}{B,H,B16} Rd (15:12), [Rn (19:16),] Rm (3:0), ROR #8*rot
 * (rot = bits 11:10). Rn = 15 is the encoding of the forms that add
 * nothing, so this is right even without their table lines. */
static void extend(struct arm_dc *dc, uint32_t insn, enum xt_size size, bool sign)
{
    unsigned n = bits(insn, 19, 16);
    uint32_t v = shifti(dc, IR_rotri, reg_at(dc, insn, 0), 8 * bits(insn, 11, 10));

    if (size == XT_B16)
        v = extend_b16(dc, v, sign);
    else if (size == XT_B)
        v = unop(dc, sign ? IR_ext8s : IR_ext8u, v);
    else
        v = unop(dc, sign ? IR_ext16s : IR_ext16u, v);
    if (n != 15) {
        uint32_t acc = arm_get_reg(dc, n);
        v = size == XT_B16 ? add16(dc, acc, v) : binop(dc, IR_add, acc, v);
    }
    arm_set_reg(dc, bits(insn, 15, 12), v);
}

void arm_trans_sxtb(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B, true); }
void arm_trans_sxth(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_H, true); }
void arm_trans_sxtb16(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B16, true); }
void arm_trans_uxtb(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B, false); }
void arm_trans_uxth(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_H, false); }
void arm_trans_uxtb16(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B16, false); }
void arm_trans_sxtab(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B, true); }
void arm_trans_sxtah(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_H, true); }
void arm_trans_sxtab16(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B16, true); }
void arm_trans_uxtab(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B, false); }
void arm_trans_uxtah(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_H, false); }
void arm_trans_uxtab16(struct arm_dc *dc, uint32_t insn) { extend(dc, insn, XT_B16, false); }

/* ---- sum of absolute differences ---- */

/* USAD8/USADA8 Rd (19:16), Rm (3:0), Rs (11:8) [, Rn (15:12)]: the sum
 * of |Rm.byte[i] - Rs.byte[i]| over the four unsigned bytes, plus Rn.
 * Rn = 15 encodes USAD8, so this is right even without its table line. */
static void usad(struct arm_dc *dc, uint32_t insn)
{
    unsigned n = bits(insn, 15, 12);
    uint32_t rm = reg_at(dc, insn, 0), rs = reg_at(dc, insn, 8);
    uint32_t sum = n == 15 ? IR_NO_TEMP : arm_get_reg(dc, n);

    for (unsigned i = 0; i < 4; i++) {
        uint32_t d = binop(dc, IR_sub, lane_get(dc, rm, 8, i, false), lane_get(dc, rs, 8, i, false));
        d = ir_movcond(dc->b, IR_I32, IR_LT, d, arm_imm(dc, 0), unop(dc, IR_neg, d), d);
        sum = sum == IR_NO_TEMP ? d : binop(dc, IR_add, sum, d);
    }
    arm_set_reg(dc, bits(insn, 19, 16), sum);
}

void arm_trans_usad8(struct arm_dc *dc, uint32_t insn)
{
    usad(dc, insn);
}

void arm_trans_usada8(struct arm_dc *dc, uint32_t insn)
{
    usad(dc, insn);
}
