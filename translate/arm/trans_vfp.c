/* VFPv2 in ARM state (ARM ARM DDI 0100I, part C): single and double
 * precision on coprocessors 10 and 11, for models with ARM_F_VFP2.
 *
 * The IR sees the register file in one width only, as the 32-bit slots
 * s0-s31 (s2n is the low word of dn): the get/set pass treats slots as
 * independent, so a second, 64-bit view of the same bytes could go stale.
 * Register transfers, loads and stores are IR over those slots; doubles
 * are two slots. Arithmetic, compares and conversions are helpers
 * (vfp_helpers.c) that take register numbers, work on the register file
 * and FPSCR in the CPU state, and are flagged as reading and writing
 * state: the IR's slot writes reach the CPU state before them, and nothing
 * read before them is reused after. Taking register numbers lets them run
 * the short vectors of FPSCR.LEN/STRIDE, which are known only at run time.
 *
 * FPSCR is a slot too (FMRX, FMXR, FMSTAT). In user mode only FPSID and
 * FPSCR are accessible: FPEXC, FPINST and MVFR0/1 (VFPv3) are UNDEFINED,
 * as on hardware and in qemu-arm. */
#include "arm/translate.h"
#include "arm/vfp.h"

#define I32 IR_I32

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "slot sN at vfp_d + 4N is the low word of d(N/2) only on a little-endian host");

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

static uint32_t get_s(struct arm_dc *dc, unsigned s)
{
    return ir_get_reg(dc->b, ARM_SLOT_S0 + s);
}

static void set_s(struct arm_dc *dc, unsigned s, uint32_t v)
{
    ir_set_reg(dc->b, ARM_SLOT_S0 + s, v);
}

/* Calls a VFP helper with constant arguments. */
static void vfp_call(struct arm_dc *dc, unsigned helper, unsigned nargs, uint32_t a, uint32_t b,
                     uint32_t c, uint32_t d)
{
    uint32_t args[4] = { arm_imm(dc, a), arm_imm(dc, b), arm_imm(dc, c), nargs > 3 ? arm_imm(dc, d) : 0 };
    ir_call(dc->b, helper, nargs, args);
}

/* ---- data processing ---- */

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
    vfp_call(dc, ARM_H_VFP_ARITH, 4, op | (dp ? VFP_OP_DP : 0), d, n, m);
}

/* FCPY, FABS, FNEG as IR: copy the value, clearing or flipping the sign
 * bit (the high word's bit 31 for doubles). No flags, no NaN handling. */
static void vfp_gen_sign_op(struct arm_dc *dc, unsigned op, bool dp, unsigned d, unsigned m)
{
    uint32_t lo = dp ? get_s(dc, 2 * m) : IR_NO_TEMP;
    uint32_t hi = get_s(dc, dp ? 2 * m + 1 : m);

    if (op == VFP_ABS)
        hi = ir_binop(dc->b, IR_and, I32, hi, arm_imm(dc, 0x7fffffff));
    else if (op == VFP_NEG)
        hi = ir_binop(dc->b, IR_xor, I32, hi, arm_imm(dc, 0x80000000u));
    if (dp)
        set_s(dc, 2 * d, lo);
    set_s(dc, dp ? 2 * d + 1 : d, hi);
}

/* A destination in the first register bank (s0-s7, d0-d3) is always scalar. */
static bool vfp_scalar_dest(unsigned d, bool dp)
{
    return (d & (dp ? ~3u : ~7u)) == 0;
}

/* FCPY, FABS, FNEG, FSQRT. The sign operations are IR unless FPSCR.LEN
 * makes them vector operations, which the helper does. */
void arm_trans_vfp_unary(struct arm_dc *dc, uint32_t insn)
{
    struct ir_block *b = dc->b;
    bool dp = bit(insn, 8);
    unsigned op = VFP_CPY + (bit(insn, 16) << 1 | bit(insn, 7));
    unsigned d, m;

    if (!vfp_reg_d(insn, dp, &d) || !vfp_reg_m(insn, dp, &m)) {
        arm_undef(dc);
        return;
    }
    if (op != VFP_SQRT && vfp_scalar_dest(d, dp)) {
        vfp_gen_sign_op(dc, op, dp, d, m);
        return;
    }
    if (op == VFP_SQRT) {
        vfp_call(dc, ARM_H_VFP_ARITH, 4, op | (dp ? VFP_OP_DP : 0), d, 0, m);
        return;
    }
    uint32_t vector = ir_new_label(b), done = ir_new_label(b);
    uint32_t len = ir_binop(b, IR_and, I32, ir_get_reg(b, ARM_SLOT_FPSCR), arm_imm(dc, VFP_LEN_MASK));
    ir_brcond(b, I32, IR_NE, len, arm_imm(dc, 0), vector);
    vfp_gen_sign_op(dc, op, dp, d, m);
    ir_br(b, done);
    ir_label(b, vector);
    vfp_call(dc, ARM_H_VFP_ARITH, 4, op | (dp ? VFP_OP_DP : 0), d, 0, m);
    ir_label(b, done);
}

/* FCMP, FCMPE (bit 7), and the Z forms (bit 16) against +0. */
void arm_trans_vfp_cmp(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8), z = bit(insn, 16);
    unsigned flags = (dp ? VFP_OP_DP : 0) | (bit(insn, 7) ? VFP_CMP_E : 0) | (z ? VFP_CMP_Z : 0);
    unsigned d, m = 0;

    if (!vfp_reg_d(insn, dp, &d) || (!z && !vfp_reg_m(insn, dp, &m))) {
        arm_undef(dc);
        return;
    }
    vfp_call(dc, ARM_H_VFP_CMP, 3, flags, d, m, 0);
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
    vfp_call(dc, ARM_H_VFP_CVT, 3, VFP_CVT_FF | (from_dp ? VFP_OP_DP : 0), d, m, 0);
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
    vfp_call(dc, ARM_H_VFP_CVT, 3, op | (dp ? VFP_OP_DP : 0), d, m, 0);
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
    vfp_call(dc, ARM_H_VFP_CVT, 3, op | (dp ? VFP_OP_DP : 0), d, m, 0);
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

/* FMXR and FMRX (bit 20) of FPSID (0) and FPSCR (1); FMRX r15, FPSCR is
 * FMSTAT. FPSCR.LEN and STRIDE take effect through the helpers, which
 * read FPSCR each time, so a write needs no new block. Writes to FPSID
 * are ignored. */
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
        uint32_t v = ir_binop(dc->b, IR_and, I32, arm_get_reg(dc, rt), arm_imm(dc, VFP_FPSCR_WRITABLE));
        ir_set_reg(dc->b, ARM_SLOT_FPSCR, v);
    }
}

/* FMDRR/FMRRD (bit 8) and FMSRR/FMRRS: Rt (bits 15..12) is the low word,
 * Rt2 (19..16) the high word or the second single. Bit 20 moves to the
 * core registers: there r15 is UNPREDICTABLE (UNDEFINED here), and with
 * Rt = Rt2 the second write wins, as in qemu-arm. */
void arm_trans_vfp_fmrr(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8);
    unsigned rt = bits(insn, 15, 12), rt2 = bits(insn, 19, 16), m, s;
    bool to_core = bit(insn, 20);

    if (!vfp_reg_m(insn, dp, &m) || (!dp && m == 31) || (to_core && (rt == 15 || rt2 == 15))) {
        arm_undef(dc);   /* S32 does not exist */
        return;
    }
    s = dp ? 2 * m : m;
    if (to_core) {
        uint32_t lo = get_s(dc, s), hi = get_s(dc, s + 1);
        ir_set_reg(dc->b, rt, lo);
        ir_set_reg(dc->b, rt2, hi);
    } else {
        uint32_t lo = arm_get_reg(dc, rt), hi = arm_get_reg(dc, rt2);
        set_s(dc, s, lo);
        set_s(dc, s + 1, hi);
    }
}

/* ---- loads and stores ---- */

/* The slots of count registers from first, in memory order: a double's
 * low word comes first with little-endian data and its high word first
 * with big-endian data (ARM ARM C4, FLDD), so that each is one 64-bit
 * access in the data's endianness. */
static unsigned vfp_mem_slots(struct arm_dc *dc, bool dp, unsigned first, unsigned count, uint8_t *slots)
{
    unsigned n = 0;
    for (unsigned r = first; r < first + count; r++) {
        if (dp) {
            slots[n++] = (uint8_t)(2 * r + dc->be_data);
            slots[n++] = (uint8_t)(2 * r + !dc->be_data);
        } else {
            slots[n++] = (uint8_t)r;
        }
    }
    return n;
}

/* Word accesses at addr, addr + 4, ... Loads write no register until all
 * are done, so a fault leaves the registers as they were. */
static void vfp_transfer(struct arm_dc *dc, bool load, uint32_t addr, const uint8_t *slots, unsigned n)
{
    uint32_t vals[32];

    for (unsigned i = 0; i < n; i++) {
        uint32_t a = i ? ir_binop(dc->b, IR_add, I32, addr, arm_imm(dc, 4 * i)) : addr;
        if (load)
            vals[i] = ir_load(dc->b, I32, arm_mo(dc, 2, false), a);
        else
            ir_store(dc->b, arm_mo(dc, 2, false), a, get_s(dc, slots[i]));
    }
    for (unsigned i = 0; load && i < n; i++)
        set_s(dc, slots[i], vals[i]);
}

/* FLDS, FSTS, FLDD, FSTD: Rn +/- imm8 * 4, no writeback. */
void arm_trans_vfp_ldst(struct arm_dc *dc, uint32_t insn)
{
    bool dp = bit(insn, 8);
    unsigned d, n;
    uint8_t slots[2];

    if (!vfp_reg_d(insn, dp, &d)) {
        arm_undef(dc);
        return;
    }
    uint32_t addr = ir_binop(dc->b, bit(insn, 23) ? IR_add : IR_sub, I32, arm_get_reg(dc, bits(insn, 19, 16)),
                             arm_imm(dc, bits(insn, 7, 0) * 4));
    n = vfp_mem_slots(dc, dp, d, 1, slots);
    vfp_transfer(dc, bit(insn, 20), addr, slots, n);
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
    unsigned count = dp ? words >> 1 : words, d, n;
    uint8_t slots[32];

    if (!vfp_reg_d(insn, dp, &d) || count == 0 || d + count > (dp ? 16u : 32u) || (rn == 15 && wb)) {
        arm_undef(dc);
        return;
    }
    uint32_t base = arm_get_reg(dc, rn);
    uint32_t addr = db ? ir_binop(dc->b, IR_sub, I32, base, arm_imm(dc, words * 4)) : base;
    n = vfp_mem_slots(dc, dp, d, count, slots);
    vfp_transfer(dc, bit(insn, 20), addr, slots, n);
    if (wb)   /* decrement before writes back the lowest address */
        ir_set_reg(dc->b, rn, db ? addr : ir_binop(dc->b, IR_add, I32, base, arm_imm(dc, words * 4)));
}
