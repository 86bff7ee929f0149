/* VFPv2 in ARM state (ARM ARM DDI 0100I, part C): single and double
 * precision on coprocessors 10 and 11, for models with ARM_F_VFP2.
 *
 * The IR sees the register file in one width only, as the 64-bit slots
 * d0-d15 (sN is the low word of d(N/2) for even N, the high word for odd
 * N): the get/set pass treats slots as independent, so a second, 32-bit
 * view of the same bytes could go stale. Register transfers, loads and
 * stores are IR over those slots.
 *
 * FPSCR.LEN and STRIDE are block mode flags (ARM_TB_VFP_VECTOR), so each
 * data-processing operation is known to be scalar or a short vector when
 * it is translated. Scalar operations (LEN 1, or a destination in the
 * first bank) pass operand values to one helper per operation and
 * precision and write the result to the destination slot; the helpers
 * read FPSCR and add its cumulative flags in the CPU state. Short vectors
 * go to arm_helper_vfp_arith, which takes register numbers and works on
 * the register file in the CPU state. Compares and conversions are always
 * scalar.
 *
 * FPSCR is a slot too (FMRX, FMXR, FMSTAT). In user mode only FPSID and
 * FPSCR are accessible: FPEXC, FPINST and MVFR0/1 (VFPv3) are UNDEFINED,
 * as on hardware and in qemu-arm. */
#include "arm/translate.h"
#include "arm/vfp.h"

#define I32 IR_I32

/* A register number from a 4-bit field at lo and the extra bit at x.
 * Single precision: S = field:x. Double precision: D = field; x would
 * select d16-d31, which VFPv2 lacks: false (UNDEFINED, as in qemu-arm). */
static bool vfp_reg(uint32_t insn, bool dp, unsigned lo, unsigned x, unsigned *r)
{
    unsigned f = bits(insn, lo + 3, lo);
    if (!dp) {
        *r = f << 1 | bit(insn, x);
        return true;
    }
    *r = f;
    return !bit(insn, x);
}

static bool vfp_reg_d(uint32_t insn, bool dp, unsigned *r) { return vfp_reg(insn, dp, 12, 22, r); }
static bool vfp_reg_n(uint32_t insn, bool dp, unsigned *r) { return vfp_reg(insn, dp, 16, 7, r); }
static bool vfp_reg_m(uint32_t insn, bool dp, unsigned *r) { return vfp_reg(insn, dp, 0, 5, r); }

#define I64 IR_I64

static uint32_t get_d(struct arm_dc *dc, unsigned d)
{
    return ir_get_reg(dc->b, ARM_SLOT_D0 + d);
}

static void set_d(struct arm_dc *dc, unsigned d, uint32_t v)
{
    ir_set_reg(dc->b, ARM_SLOT_D0 + d, v);
}

static uint32_t get_s(struct arm_dc *dc, unsigned s)
{
    uint32_t v = get_d(dc, s >> 1);
    if (s & 1)
        v = ir_shifti(dc->b, IR_shri, I64, v, 32);
    return ir_unop(dc->b, IR_trunc, I32, v);
}

/* Replaces one word of d(s/2), keeping the other. */
static void set_s(struct arm_dc *dc, unsigned s, uint32_t v)
{
    struct ir_block *b = dc->b;
    bool high = s & 1;
    uint32_t w = ir_unop(b, IR_ext32u, I64, v);
    if (high)
        w = ir_shifti(b, IR_shli, I64, w, 32);
    uint32_t kept = ir_binop(b, IR_and, I64, get_d(dc, s >> 1),
                             ir_movi(b, I64, high ? 0xffffffffull : 0xffffffff00000000ull));
    set_d(dc, s >> 1, ir_binop(b, IR_or, I64, kept, w));
}

/* Register r of either precision: an I64 double or an I32 single. */
static uint32_t get_fp(struct arm_dc *dc, bool dp, unsigned r)
{
    return dp ? get_d(dc, r) : get_s(dc, r);
}

static void set_fp(struct arm_dc *dc, bool dp, unsigned r, uint32_t v)
{
    if (dp)
        set_d(dc, r, v);
    else
        set_s(dc, r, v);
}

/* A short-vector operation: arm_helper_vfp_arith on register numbers. */
static void vfp_gen_vector(struct arm_dc *dc, unsigned op, bool dp, unsigned d, unsigned n, unsigned m)
{
    uint32_t args[4] = { arm_imm(dc, op | (dp ? VFP_OP_DP : 0)), arm_imm(dc, d), arm_imm(dc, n), arm_imm(dc, m) };
    ir_call(dc->b, ARM_H_VFP_ARITH, 4, args);
}

/* ---- data processing ---- */

/* A destination in the first register bank (s0-s7, d0-d3) is always scalar. */
static bool vfp_scalar_dest(unsigned d, bool dp)
{
    return (d & (dp ? ~3u : ~7u)) == 0;
}

/* Whether an operation writing d runs once: LEN is 1 or d is in the first bank. */
static bool vfp_is_scalar(struct arm_dc *dc, bool dp, unsigned d)
{
    return (dc->vfp_vector & VFP_LEN_MASK) == 0 || vfp_scalar_dest(d, dp);
}

/* The scalar helper of each enum vfp_arith_op that has one, single precision
 * (the double one follows it). */
static const uint8_t vfp_scalar_helper[] = {
    [VFP_MAC] = ARM_H_VFP_MAC_S, [VFP_NMAC] = ARM_H_VFP_NMAC_S, [VFP_MSC] = ARM_H_VFP_MSC_S,
    [VFP_NMSC] = ARM_H_VFP_NMSC_S, [VFP_MUL] = ARM_H_VFP_MUL_S, [VFP_NMUL] = ARM_H_VFP_NMUL_S,
    [VFP_ADD] = ARM_H_VFP_ADD_S, [VFP_SUB] = ARM_H_VFP_SUB_S, [VFP_DIV] = ARM_H_VFP_DIV_S,
    [VFP_SQRT] = ARM_H_VFP_SQRT_S,
};
_Static_assert(ARM_H_VFP_MAC_D == ARM_H_VFP_MAC_S + 1 && ARM_H_VFP_SQRT_D == ARM_H_VFP_SQRT_S + 1,
               "each double helper follows its single one");

/* fd = op(fn, fm) through the scalar helper; the accumulating forms also
 * pass fd's old value. */
static void vfp_gen_scalar(struct arm_dc *dc, unsigned op, bool dp, unsigned d, unsigned n, unsigned m)
{
    uint32_t args[3];
    unsigned nargs = 0;

    if (op <= VFP_NMSC)
        args[nargs++] = get_fp(dc, dp, d);
    if (op != VFP_SQRT)
        args[nargs++] = get_fp(dc, dp, n);
    args[nargs++] = get_fp(dc, dp, m);
    set_fp(dc, dp, d, ir_call(dc->b, vfp_scalar_helper[op] + dp, nargs, args));
}

/* FMAC, FNMAC, FMSC, FNMSC, FMUL, FNMUL, FADD, FSUB, FDIV: the opcode bits
 * p:q:r:s number them as enum vfp_arith_op does. */
void arm_trans_vfp_dp3(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8);
    unsigned op = bit(insn, 23) << 3 | bits(insn, 21, 20) << 1 | bit(insn, 6);
    unsigned d, n, m;

    if (!vfp_reg_d(insn, dp, &d) || !vfp_reg_n(insn, dp, &n) || !vfp_reg_m(insn, dp, &m)) {
        arm_undef(dc);
        return;
    }
    if (vfp_is_scalar(dc, dp, d))
        vfp_gen_scalar(dc, op, dp, d, n, m);
    else
        vfp_gen_vector(dc, op, dp, d, n, m);
}

/* FCPY, FABS, FNEG as IR: copy the value, clearing or flipping the sign
 * bit. No flags, no NaN handling. */
static void vfp_gen_sign_op(struct arm_dc *dc, unsigned op, bool dp, unsigned d, unsigned m)
{
    enum ir_type t = dp ? I64 : I32;
    uint64_t sign = dp ? 1ull << 63 : 1ull << 31;
    uint32_t v = get_fp(dc, dp, m);

    if (op == VFP_ABS)
        v = ir_binop(dc->b, IR_andc, t, v, ir_movi(dc->b, t, sign));
    else if (op == VFP_NEG)
        v = ir_binop(dc->b, IR_xor, t, v, ir_movi(dc->b, t, sign));
    set_fp(dc, dp, d, v);
}

/* FCPY, FABS, FNEG, FSQRT, scalar or short vectors. */
void arm_trans_vfp_unary(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8);
    unsigned op = VFP_CPY + (bit(insn, 16) << 1 | bit(insn, 7));
    unsigned d, m;

    if (!vfp_reg_d(insn, dp, &d) || !vfp_reg_m(insn, dp, &m)) {
        arm_undef(dc);
        return;
    }
    if (!vfp_is_scalar(dc, dp, d))
        vfp_gen_vector(dc, op, dp, d, 0, m);
    else if (op == VFP_SQRT)
        vfp_gen_scalar(dc, op, dp, d, 0, m);
    else
        vfp_gen_sign_op(dc, op, dp, d, m);
}

/* FCMP, FCMPE (bit 7), and the Z forms (bit 16) against +0: the helper
 * returns the new FPSCR. */
void arm_trans_vfp_cmp(struct arm_dc *dc, uint32_t insn)
{
    struct ir_block *b = dc->b;
    bool dp = bit(insn, 8), z = bit(insn, 16);
    unsigned d, m = 0;

    if (!vfp_reg_d(insn, dp, &d) || (!z && !vfp_reg_m(insn, dp, &m))) {
        arm_undef(dc);
        return;
    }
    uint32_t args[4] = {
        ir_get_reg(b, ARM_SLOT_FPSCR), get_fp(dc, dp, d),
        z ? ir_movi(b, dp ? I64 : I32, 0) : get_fp(dc, dp, m), arm_imm(dc, bit(insn, 7)),
    };
    ir_set_reg(b, ARM_SLOT_FPSCR, ir_call(b, dp ? ARM_H_VFP_CMP_D : ARM_H_VFP_CMP_S, 4, args));
}

/* d = conversion op (enum vfp_cvt_op, VFP_OP_DP when the floating-point
 * side is double) of m. */
static void vfp_gen_convert(struct arm_dc *dc, unsigned op, bool src_dp, unsigned m, bool dst_dp, unsigned d)
{
    uint32_t args[2] = { arm_imm(dc, op), get_fp(dc, src_dp, m) };
    uint32_t r = ir_call(dc->b, ARM_H_VFP_CONVERT, 2, args);
    set_fp(dc, dst_dp, d, dst_dp ? r : ir_unop(dc->b, IR_trunc, I32, r));
}

/* FCVTDS (from single, bit 8 clear) and FCVTSD (from double). */
void arm_trans_vfp_cvt_ff(struct arm_dc *dc, uint32_t insn)
{
    bool from_dp = bit(insn, 8);
    unsigned d, m;

    if (!vfp_reg_d(insn, !from_dp, &d) || !vfp_reg_m(insn, from_dp, &m)) {
        arm_undef(dc);
        return;
    }
    vfp_gen_convert(dc, VFP_CVT_FF | (from_dp ? VFP_OP_DP : 0), from_dp, m, !from_dp, d);
}

/* FUITO, FSITO (bit 7): the integer is in a single-precision register. */
void arm_trans_vfp_itof(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8);
    unsigned op = bit(insn, 7) ? VFP_SITO : VFP_UITO;
    unsigned d, m;

    if (!vfp_reg_d(insn, dp, &d) || !vfp_reg_m(insn, false, &m)) {
        arm_undef(dc);
        return;
    }
    vfp_gen_convert(dc, op | (dp ? VFP_OP_DP : 0), false, m, dp, d);
}

/* FTOUI, FTOSI (bit 16) and their Z forms (bit 7, round towards zero): the
 * integer goes to a single-precision register. */
void arm_trans_vfp_ftoi(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8);
    unsigned op = bit(insn, 16) ? (bit(insn, 7) ? VFP_TOSIZ : VFP_TOSI)
                                : (bit(insn, 7) ? VFP_TOUIZ : VFP_TOUI);
    unsigned d, m;

    if (!vfp_reg_d(insn, false, &d) || !vfp_reg_m(insn, dp, &m)) {
        arm_undef(dc);
        return;
    }
    vfp_gen_convert(dc, op | (dp ? VFP_OP_DP : 0), dp, m, false, d);
}

/* ---- register transfers ---- */

/* N Z C V from bits 31..28 of v (FMSTAT). */
static void vfp_set_nzcv(struct arm_dc *dc, uint32_t v)
{
    struct ir_block *b = dc->b;

    arm_set_flag(dc, ARM_NF, v);   /* N is bit 31 of NF */
    /* ZF is zero exactly when Z is set */
    arm_set_flag(dc, ARM_ZF, ir_binop(b, IR_andc, I32, arm_imm(dc, 1u << 30), v));
    arm_set_flag(dc, ARM_CF, ir_binop(b, IR_and, I32, ir_shifti(b, IR_shri, I32, v, 29), arm_imm(dc, 1)));
    arm_set_flag(dc, ARM_VF, ir_shifti(b, IR_shli, I32, v, 3));   /* V is bit 31 of VF */
}

/* A word for core register rt of FMRS or FMRX. r15 is FMSTAT's form (only
 * meaningful for FPSCR, UNPREDICTABLE otherwise): the top four bits go
 * to N Z C V, as qemu-arm does for all of them. */
static void vfp_to_core(struct arm_dc *dc, unsigned rt, uint32_t v)
{
    if (rt == 15)
        vfp_set_nzcv(dc, v);
    else
        ir_set_reg(dc->b, rt, v);
}

/* FMSR (to Sn) and FMRS (bit 20, from Sn). */
void arm_trans_vfp_fmsr(struct arm_dc *dc, uint32_t insn)
{
    unsigned s, rt = bits(insn, 15, 12);

    vfp_reg_n(insn, false, &s);
    if (bit(insn, 20))
        vfp_to_core(dc, rt, get_s(dc, s));
    else
        set_s(dc, s, arm_get_reg(dc, rt));
}

/* FMDLR, FMDHR (bit 21: high word) and FMRDL, FMRDH (bit 20). */
void arm_trans_vfp_fmdr(struct arm_dc *dc, uint32_t insn)
{
    unsigned dn, rt = bits(insn, 15, 12);
    bool to_core = bit(insn, 20);

    if (!vfp_reg_n(insn, true, &dn) || (to_core && rt == 15)) {   /* r15: UNPREDICTABLE */
        arm_undef(dc);
        return;
    }
    unsigned s = 2 * dn + bit(insn, 21);
    if (to_core)
        ir_set_reg(dc->b, rt, get_s(dc, s));
    else
        set_s(dc, s, arm_get_reg(dc, rt));
}

/* FPSCR = v. A new LEN or STRIDE changes the block mode flags and ends the
 * block, as the operations after it were translated for the old ones. */
static void vfp_write_fpscr(struct arm_dc *dc, uint32_t v)
{
    struct ir_block *b = dc->b;
    uint32_t same_mode = ir_new_label(b);

    ir_set_reg(b, ARM_SLOT_FPSCR, v);
    uint32_t vector = ir_binop(b, IR_and, I32, v, arm_imm(dc, ARM_TB_VFP_VECTOR));
    ir_brcond(b, I32, IR_EQ, vector, arm_imm(dc, dc->vfp_vector), same_mode);
    uint32_t mode = ir_binop(b, IR_andc, I32, ir_get_reg(b, ARM_SLOT_BLOCK_FLAGS), arm_imm(dc, ARM_TB_VFP_VECTOR));
    ir_set_reg(b, ARM_SLOT_BLOCK_FLAGS, ir_binop(b, IR_or, I32, mode, vector));
    ir_exit_indirect(b, arm_imm(dc, dc->pc + 4));
    ir_label(b, same_mode);
}

/* FMXR and FMRX (bit 20) of FPSID (0) and FPSCR (1); FMRX r15, FPSCR is
 * FMSTAT. Writes to FPSID are ignored. */
void arm_trans_vfp_fmxr(struct arm_dc *dc, uint32_t insn)
{
    unsigned reg = bits(insn, 19, 16), rt = bits(insn, 15, 12);

    if (reg > 1) {
        arm_undef(dc);
        return;
    }
    if (bit(insn, 20)) {
        uint32_t v = reg ? ir_get_reg(dc->b, ARM_SLOT_FPSCR) : arm_imm(dc, VFP_FPSID_ARM1176);
        vfp_to_core(dc, rt, v);
    } else if (reg == 1) {
        vfp_write_fpscr(dc, ir_binop(dc->b, IR_and, I32, arm_get_reg(dc, rt), arm_imm(dc, VFP_FPSCR_WRITABLE)));
    }
}

/* FMDRR/FMRRD (bit 8) and FMSRR/FMRRS: Rt (bits 15..12) is the low word,
 * Rt2 (19..16) the high word or the second single. Bit 20 moves to the
 * core registers: there r15 is UNPREDICTABLE (UNDEFINED here), and with
 * Rt = Rt2 the second write wins, as in qemu-arm. */
void arm_trans_vfp_fmrr(struct arm_dc *dc, uint32_t insn)
{
    struct ir_block *b = dc->b;
    bool dp = bit(insn, 8);
    unsigned rt = bits(insn, 15, 12), rt2 = bits(insn, 19, 16), m;
    bool to_core = bit(insn, 20);

    if (!vfp_reg_m(insn, dp, &m) || (!dp && m == 31) || (to_core && (rt == 15 || rt2 == 15))) {
        arm_undef(dc);   /* S32 does not exist */
        return;
    }
    if (to_core) {
        uint32_t lo = dp ? ir_unop(b, IR_trunc, I32, get_d(dc, m)) : get_s(dc, m);
        uint32_t hi = dp ? ir_unop(b, IR_trunc, I32, ir_shifti(b, IR_shri, I64, get_d(dc, m), 32)) : get_s(dc, m + 1);
        ir_set_reg(b, rt, lo);
        ir_set_reg(b, rt2, hi);
    } else if (dp) {
        uint32_t lo = ir_unop(b, IR_ext32u, I64, arm_get_reg(dc, rt));
        uint32_t hi = ir_shifti(b, IR_shli, I64, ir_unop(b, IR_ext32u, I64, arm_get_reg(dc, rt2)), 32);
        set_d(dc, m, ir_binop(b, IR_or, I64, hi, lo));
    } else {
        uint32_t lo = arm_get_reg(dc, rt), hi = arm_get_reg(dc, rt2);
        set_s(dc, m, lo);
        set_s(dc, m + 1, hi);
    }
}

/* ---- loads and stores ---- */

/* count registers from first at addr, addr + size, ...: a double is one
 * 64-bit access in the data's endianness, which puts its low word first
 * with little-endian data and its high word first with big-endian data
 * (ARM ARM C4, FLDD). Loads write no register until all are done, so a
 * fault leaves the registers as they were. */
static void vfp_transfer(struct arm_dc *dc, bool load, bool dp, uint32_t addr, unsigned first, unsigned count)
{
    struct ir_block *b = dc->b;
    uint32_t mo = arm_mo(dc, dp ? 3 : 2, false), vals[32];

    for (unsigned i = 0; i < count; i++) {
        uint32_t a = i ? ir_binop(b, IR_add, I32, addr, arm_imm(dc, (dp ? 8 : 4) * i)) : addr;
        if (load)
            vals[i] = ir_load(b, dp ? I64 : I32, mo, a);
        else
            ir_store(b, mo, a, get_fp(dc, dp, first + i));
    }
    for (unsigned i = 0; load && i < count; i++)
        set_fp(dc, dp, first + i, vals[i]);
}

/* FLDS, FSTS, FLDD, FSTD: Rn +/- imm8 * 4, no writeback. */
void arm_trans_vfp_ldst(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8);
    unsigned d;

    if (!vfp_reg_d(insn, dp, &d)) {
        arm_undef(dc);
        return;
    }
    uint32_t addr = ir_binop(dc->b, bit(insn, 23) ? IR_add : IR_sub, I32, arm_get_reg(dc, bits(insn, 19, 16)),
                             arm_imm(dc, bits(insn, 7, 0) * 4));
    vfp_transfer(dc, bit(insn, 20), dp, addr, d, 1);
}

/* FLDM, FSTM: increment after (bit 24 clear), or decrement before with
 * writeback. imm8 counts words: singles, or two per double; an odd count
 * with doubles is the X form (FLDMX, FSTMX), whose extra word is neither
 * loaded nor stored but counts in the writeback, as in qemu-arm. Counts of
 * zero or past the last register, and writeback to r15, are UNPREDICTABLE:
 * UNDEFINED here, as in qemu-arm. */
void arm_trans_vfp_ldm(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8), db = bit(insn, 24), wb = bit(insn, 21);
    unsigned rn = bits(insn, 19, 16), words = bits(insn, 7, 0);
    unsigned count = dp ? words >> 1 : words, d;

    if (!vfp_reg_d(insn, dp, &d) || count == 0 || d + count > (dp ? 16u : 32u) || (rn == 15 && wb)) {
        arm_undef(dc);
        return;
    }
    uint32_t base = arm_get_reg(dc, rn);
    uint32_t addr = db ? ir_binop(dc->b, IR_sub, I32, base, arm_imm(dc, words * 4)) : base;
    vfp_transfer(dc, bit(insn, 20), dp, addr, d, count);
    if (wb)   /* decrement before writes back the lowest address */
        ir_set_reg(dc->b, rn, db ? addr : ir_binop(dc->b, IR_add, I32, base, arm_imm(dc, words * 4)));
}
