/* MIPS coprocessor 1: register moves, loads and stores, branches on the
 * condition codes, conditional moves, and the arithmetic, conversions and
 * compares, which call the helpers of fpu_helpers.c.
 *
 * The IR sees each FP register as one 64-bit slot. With FR=1 (a block
 * flag) a double is one register; with FR=0 it is the low words of an
 * even/odd pair, low half in the even register, as qemu models it. A
 * single is the low word of its register; writing one keeps the high
 * word (UNPREDICTABLE in the manual, kept by qemu). */
#include "mips/fpu.h"
#include "mips/translate.h"

#define I32 IR_I32
#define I64 IR_I64

static unsigned fs_of(uint32_t insn) { return bits(insn, 15, 11); }
static unsigned ft_of(uint32_t insn) { return bits(insn, 20, 16); }
static unsigned fd_of(uint32_t insn) { return bits(insn, 10, 6); }
static unsigned fr_of(uint32_t insn) { return bits(insn, 25, 21); }

static uint32_t fpr(struct mips_dc *dc, unsigned r) { return ir_get_reg(dc->b, MIPS_SLOT_FPR0 + r); }
static void set_fpr(struct mips_dc *dc, unsigned r, uint32_t v) { ir_set_reg(dc->b, MIPS_SLOT_FPR0 + r, v); }

static uint32_t low_word(struct mips_dc *dc, uint32_t v64) { return ir_unop(dc->b, IR_trunc, I32, v64); }
static uint32_t high_word(struct mips_dc *dc, uint32_t v64)
{
    return low_word(dc, ir_shifti(dc->b, IR_shri, I64, v64, 32));
}

/* v64 with its low (or high) word replaced by w32. */
static uint32_t with_word(struct mips_dc *dc, uint32_t v64, uint32_t w32, bool high)
{
    struct ir_block *b = dc->b;
    uint32_t w = ir_unop(b, IR_ext32u, I64, w32);
    if (high)
        w = ir_shifti(b, IR_shli, I64, w, 32);
    uint32_t kept = ir_binop(b, IR_and, I64, v64, ir_movi(b, I64, high ? 0xffffffffull : 0xffffffff00000000ull));
    return ir_binop(b, IR_or, I64, kept, w);
}

static uint32_t get_s(struct mips_dc *dc, unsigned r) { return low_word(dc, fpr(dc, r)); }
static void set_s(struct mips_dc *dc, unsigned r, uint32_t v32) { set_fpr(dc, r, with_word(dc, fpr(dc, r), v32, false)); }

static uint32_t get_d(struct mips_dc *dc, unsigned r)
{
    if (dc->fr)
        return fpr(dc, r);
    struct ir_block *b = dc->b;
    uint32_t lo = ir_unop(b, IR_ext32u, I64, get_s(dc, r & ~1u));
    uint32_t hi = ir_shifti(b, IR_shli, I64, fpr(dc, r | 1), 32);
    return ir_binop(b, IR_or, I64, hi, lo);
}

static void set_d(struct mips_dc *dc, unsigned r, uint32_t v64)
{
    if (dc->fr) {
        set_fpr(dc, r, v64);
        return;
    }
    set_s(dc, r & ~1u, low_word(dc, v64));
    set_s(dc, r | 1, high_word(dc, v64));
}

/* A value in format fmt: singles and words are I32, doubles and longs I64. */
static bool fmt64(unsigned fmt) { return fmt == FMT_D || fmt == FMT_L; }
static uint32_t get_fmt(struct mips_dc *dc, unsigned fmt, unsigned r) { return fmt64(fmt) ? get_d(dc, r) : get_s(dc, r); }
static void set_fmt(struct mips_dc *dc, unsigned fmt, unsigned r, uint32_t v)
{
    if (fmt64(fmt))
        set_d(dc, r, v);
    else
        set_s(dc, r, v);
}

/* Doubles in odd registers with FR=0 are Reserved Instructions (qemu). */
static bool regs_ok(struct mips_dc *dc, unsigned fmt, unsigned a, unsigned b, unsigned c)
{
    if (!fmt64(fmt))
        return true;
    return mips_fp_check_double(dc, a) && mips_fp_check_double(dc, b) && mips_fp_check_double(dc, c);
}

/* The L format and the conversions to it need FR=1 (qemu's check of a
 * 64-bit FPU mode; UNPREDICTABLE otherwise). */
static bool fr1_ok(struct mips_dc *dc)
{
    if (!dc->fr)
        mips_reserved(dc);
    return dc->fr;
}

/* ---- moves between the register files ---- */

void mips_trans_mfc1(struct mips_dc *dc, uint32_t insn) { mips_set_gpr32(dc, rt_of(insn), get_s(dc, fs_of(insn))); }
void mips_trans_mtc1(struct mips_dc *dc, uint32_t insn) { set_s(dc, fs_of(insn), mips_gpr32(dc, rt_of(insn))); }
void mips_trans_dmfc1(struct mips_dc *dc, uint32_t insn) { mips_set_gpr(dc, rt_of(insn), get_d(dc, fs_of(insn))); }
void mips_trans_dmtc1(struct mips_dc *dc, uint32_t insn) { set_d(dc, fs_of(insn), mips_gpr(dc, rt_of(insn))); }

/* The high word of a double: the register's own with FR=1, the odd
 * register's low word with FR=0. */
void mips_trans_mfhc1(struct mips_dc *dc, uint32_t insn)
{
    unsigned fs = fs_of(insn);
    if (!mips_fp_check_double(dc, fs))
        return;
    uint32_t v = dc->fr ? high_word(dc, fpr(dc, fs)) : get_s(dc, fs | 1);
    mips_set_gpr32(dc, rt_of(insn), v);
}

void mips_trans_mthc1(struct mips_dc *dc, uint32_t insn)
{
    unsigned fs = fs_of(insn);
    if (!mips_fp_check_double(dc, fs))
        return;
    uint32_t v = mips_gpr32(dc, rt_of(insn));
    if (dc->fr)
        set_fpr(dc, fs, with_word(dc, fpr(dc, fs), v, true));
    else
        set_s(dc, fs | 1, v);
}

/* The control registers: FIR (0), FCCR (25), FEXR (26), FENR (28), FCSR (31). */
static bool fcr_exists(unsigned r)
{
    return r == 0 || r == 25 || r == 26 || r == 28 || r == 31;
}

void mips_trans_cfc1(struct mips_dc *dc, uint32_t insn)
{
    unsigned fs = fs_of(insn);
    if (!fcr_exists(fs)) {
        mips_reserved(dc);
        return;
    }
    uint32_t v = fs == 0 ? mips_imm32(dc, dc->fe->model->fir) : fs == 31 ? ir_get_reg(dc->b, MIPS_SLOT_FCSR)
               : ir_call(dc->b, MIPS_H_FP_CFC1, 1, (uint32_t[]){ mips_imm32(dc, fs) });
    mips_set_gpr32(dc, rt_of(insn), v);
}

/* A write may set a cause bit whose exception is enabled: the helper
 * raises it at once. FIR is read-only. */
void mips_trans_ctc1(struct mips_dc *dc, uint32_t insn)
{
    unsigned fs = fs_of(insn);
    if (!fcr_exists(fs)) {
        mips_reserved(dc);
        return;
    }
    if (fs == 0)
        return;
    uint32_t args[2] = { mips_imm32(dc, fs), mips_gpr32(dc, rt_of(insn)) };
    ir_call(dc->b, MIPS_H_FP_CTC1, 2, args);
}

/* ---- condition codes ---- */

/* Nonzero (I32) when condition code cc equals tf. */
static uint32_t fcc_is(struct mips_dc *dc, unsigned cc, bool tf)
{
    struct ir_block *b = dc->b;
    uint32_t v = ir_binop(b, IR_and, I32, ir_get_reg(b, MIPS_SLOT_FCSR), mips_imm32(dc, 1u << mips_fcc_bit(cc)));
    return ir_setcond(b, I32, tf ? IR_NE : IR_EQ, v, mips_imm32(dc, 0));
}

/* BC1F/BC1T (bit 16) and the likely forms (bit 17), on cc (bits 20..18). */
void mips_trans_bc1(struct mips_dc *dc, uint32_t insn)
{
    uint64_t target = dc->pc + 4 + (uint64_t)(simm16(insn) * 4);
    if (!mips_is64_dc(dc))
        target = (uint32_t)target;
    mips_branch(dc, MIPS_BR_COND, target, fcc_is(dc, bits(insn, 20, 18), bit(insn, 16)), bit(insn, 17));
}

/* MOVF/MOVT of general registers. */
void mips_trans_movci(struct mips_dc *dc, uint32_t insn)
{
    unsigned rd = rd_of(insn);
    uint32_t c = fcc_is(dc, bits(insn, 20, 18), bit(insn, 16));
    uint32_t v = ir_movcond(dc->b, dc->rt, IR_NE, mips_is64_dc(dc) ? ir_unop(dc->b, IR_ext32u, I64, c) : c,
                            mips_imm(dc, 0), mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rd));
    mips_set_gpr(dc, rd, v);
}

static unsigned fmt_of(uint32_t insn) { return bits(insn, 25, 21) - 16; }

/* fd = fs when v (of type t) compares true against zero by c. */
static void fp_cond_move(struct mips_dc *dc, uint32_t insn, enum ir_type t, enum ir_cond c, uint32_t v)
{
    struct ir_block *b = dc->b;
    unsigned fmt = fmt_of(insn), fd = fd_of(insn), fs = fs_of(insn);
    if (!regs_ok(dc, fmt, fd, fs, fs))
        return;
    enum ir_type vt = fmt64(fmt) ? I64 : I32;
    uint32_t take = ir_setcond(b, t, c, v, ir_movi(b, t, 0));
    if (t != vt)
        take = vt == I64 ? ir_unop(b, IR_ext32u, I64, take) : ir_unop(b, IR_trunc, I32, take);
    uint32_t r = ir_movcond(b, vt, IR_NE, take, ir_movi(b, vt, 0), get_fmt(dc, fmt, fs), get_fmt(dc, fmt, fd));
    set_fmt(dc, fmt, fd, r);
}

void mips_trans_fp_movcf(struct mips_dc *dc, uint32_t insn)
{
    fp_cond_move(dc, insn, I32, IR_NE, fcc_is(dc, bits(insn, 20, 18), bit(insn, 16)));
}

/* MOVZ.fmt (bit 0 clear) and MOVN.fmt on a general register. */
void mips_trans_fp_movzn(struct mips_dc *dc, uint32_t insn)
{
    fp_cond_move(dc, insn, dc->rt, bit(insn, 0) ? IR_NE : IR_EQ, mips_gpr(dc, rt_of(insn)));
}

/* ---- loads and stores ---- */

static void fp_load(struct mips_dc *dc, unsigned fmt, unsigned ft, uint32_t addr)
{
    uint32_t v = ir_load(dc->b, fmt64(fmt) ? I64 : I32, mips_mo(dc, fmt64(fmt) ? 3 : 2, false), addr);
    set_fmt(dc, fmt, ft, v);
}

static void fp_store(struct mips_dc *dc, unsigned fmt, unsigned ft, uint32_t addr)
{
    ir_store(dc->b, mips_mo(dc, fmt64(fmt) ? 3 : 2, false), addr, get_fmt(dc, fmt, ft));
}

void mips_trans_lwc1(struct mips_dc *dc, uint32_t insn) { fp_load(dc, FMT_S, ft_of(insn), mips_address(dc, rs_of(insn), simm16(insn))); }
void mips_trans_ldc1(struct mips_dc *dc, uint32_t insn) { fp_load(dc, FMT_D, ft_of(insn), mips_address(dc, rs_of(insn), simm16(insn))); }
void mips_trans_swc1(struct mips_dc *dc, uint32_t insn) { fp_store(dc, FMT_S, ft_of(insn), mips_address(dc, rs_of(insn), simm16(insn))); }
void mips_trans_sdc1(struct mips_dc *dc, uint32_t insn) { fp_store(dc, FMT_D, ft_of(insn), mips_address(dc, rs_of(insn), simm16(insn))); }

/* base + index; LUXC1/SUXC1 (function bit 2) clear the low three bits. */
static uint32_t indexed(struct mips_dc *dc, uint32_t insn)
{
    uint32_t a = mips_op(dc, IR_add, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn)));
    return bit(insn, 2) ? mips_op(dc, IR_andc, a, mips_imm(dc, 7)) : a;
}

void mips_trans_lxc1(struct mips_dc *dc, uint32_t insn)
{
    fp_load(dc, bit(insn, 0) ? FMT_D : FMT_S, fd_of(insn), indexed(dc, insn));
}

void mips_trans_sxc1(struct mips_dc *dc, uint32_t insn)
{
    fp_store(dc, bit(insn, 0) ? FMT_D : FMT_S, fs_of(insn), indexed(dc, insn));
}

/* ---- arithmetic through the helpers ---- */

_Static_assert(MIPS_H_FP_ADD_D == MIPS_H_FP_ADD_S + 1 && MIPS_H_FP_NMSUB_D == MIPS_H_FP_NMSUB_S + 1,
               "each D helper follows its S one");

static uint32_t call_fp(struct mips_dc *dc, unsigned helper, unsigned op, unsigned fmt, unsigned n,
                        const uint32_t *vals)
{
    uint32_t args[4] = { mips_imm32(dc, op | fmt << FP_FMT_SHIFT) };
    for (unsigned i = 0; i < n; i++)
        args[1 + i] = vals[i];
    return ir_call(dc->b, helper, n + 1, args);
}

/* A helper's I64 result written to fd in format fmt. */
static void set_result(struct mips_dc *dc, unsigned fmt, unsigned fd, uint32_t r64)
{
    set_fmt(dc, fmt, fd, fmt64(fmt) ? r64 : low_word(dc, r64));
}

void mips_trans_fp_arith(struct mips_dc *dc, uint32_t insn)
{
    unsigned fmt = fmt_of(insn), fd = fd_of(insn), fs = fs_of(insn), ft = ft_of(insn);
    if (!regs_ok(dc, fmt, fd, fs, ft))
        return;
    static const uint8_t helper[4] = { MIPS_H_FP_ADD_S, MIPS_H_FP_SUB_S, MIPS_H_FP_MUL_S, MIPS_H_FP_DIV_S };
    uint32_t v[2] = { get_fmt(dc, fmt, fs), get_fmt(dc, fmt, ft) };
    set_result(dc, fmt, fd, ir_call(dc->b, helper[insn & 3] + (fmt == FMT_D), 2, v));
}

/* SQRT, ABS, MOV, NEG. ABS and NEG change the sign bit only and raise
 * nothing, as qemu does them (no ABS2008 bit before Release 6). */
void mips_trans_fp_unary(struct mips_dc *dc, uint32_t insn)
{
    unsigned fmt = fmt_of(insn), fd = fd_of(insn), fs = fs_of(insn);
    if (!regs_ok(dc, fmt, fd, fs, fs))
        return;
    enum ir_type t = fmt64(fmt) ? I64 : I32;
    uint64_t sign = fmt64(fmt) ? 1ull << 63 : 1ull << 31;
    uint32_t v = get_fmt(dc, fmt, fs);
    switch (insn & 3) {
    case 0:
        set_result(dc, fmt, fd, call_fp(dc, MIPS_H_FP_UNOP, FP_SQRT, fmt, 1, &v));
        return;
    case 1: v = ir_binop(dc->b, IR_andc, t, v, ir_movi(dc->b, t, sign)); break;
    case 2: break;
    default: v = ir_binop(dc->b, IR_xor, t, v, ir_movi(dc->b, t, sign)); break;
    }
    set_fmt(dc, fmt, fd, v);
}

/* RECIP (bit 0 set) and RSQRT; the D forms need FR=1, as in qemu. */
void mips_trans_fp_recip(struct mips_dc *dc, uint32_t insn)
{
    unsigned fmt = fmt_of(insn), fd = fd_of(insn), fs = fs_of(insn);
    /* Either FR mode, as Release 2 requires (a double is then an even pair). */
    if (!regs_ok(dc, fmt, fd, fs, fs))
        return;
    uint32_t v = get_fmt(dc, fmt, fs);
    set_result(dc, fmt, fd, call_fp(dc, MIPS_H_FP_UNOP, bit(insn, 0) ? FP_RECIP : FP_RSQRT, fmt, 1, &v));
}

/* A conversion from format from (register fs) to format to (fd). */
static void convert(struct mips_dc *dc, uint32_t insn, unsigned op, unsigned from, unsigned to)
{
    unsigned fd = fd_of(insn), fs = fs_of(insn);
    if ((fmt64(from) && !mips_fp_check_double(dc, fs)) || (fmt64(to) && !mips_fp_check_double(dc, fd)))
        return;
    uint32_t v = get_fmt(dc, from, fs);
    set_result(dc, to, fd, call_fp(dc, MIPS_H_FP_UNOP, op, from, 1, &v));
}

/* ROUND/TRUNC/CEIL/FLOOR to L (bit 2 clear) or W. */
void mips_trans_fp_to_int(struct mips_dc *dc, uint32_t insn)
{
    bool to_w = bit(insn, 2);
    if (!to_w && !fr1_ok(dc))
        return;
    convert(dc, insn, (to_w ? FP_ROUND_W : FP_ROUND_L) + (insn & 3), fmt_of(insn), to_w ? FMT_W : FMT_L);
}

void mips_trans_fp_cvt_s(struct mips_dc *dc, uint32_t insn) { convert(dc, insn, FP_CVT_S, FMT_D, FMT_S); }
void mips_trans_fp_cvt_d(struct mips_dc *dc, uint32_t insn) { convert(dc, insn, FP_CVT_D, FMT_S, FMT_D); }
void mips_trans_fp_cvt_w(struct mips_dc *dc, uint32_t insn) { convert(dc, insn, FP_CVT_W, fmt_of(insn), FMT_W); }

void mips_trans_fp_cvt_l(struct mips_dc *dc, uint32_t insn)
{
    if (fr1_ok(dc))
        convert(dc, insn, FP_CVT_L, fmt_of(insn), FMT_L);
}

/* CVT.S (bit 0 clear) or CVT.D from W or L. */
void mips_trans_fp_cvt_from_int(struct mips_dc *dc, uint32_t insn)
{
    unsigned from = fmt_of(insn);
    if (from == FMT_L && !fr1_ok(dc))
        return;
    bool to_d = bit(insn, 0);
    convert(dc, insn, to_d ? FP_CVT_D : FP_CVT_S, from, to_d ? FMT_D : FMT_S);
}

/* C.cond.fmt fs, ft, cc: the helper sets condition code cc. */
void mips_trans_fp_cmp(struct mips_dc *dc, uint32_t insn)
{
    unsigned fmt = fmt_of(insn), fs = fs_of(insn), ft = ft_of(insn);
    if (!regs_ok(dc, fmt, fs, ft, ft))
        return;
    uint32_t v[2] = { get_fmt(dc, fmt, fs), get_fmt(dc, fmt, ft) };
    call_fp(dc, MIPS_H_FP_CMP, (insn & 15) | bits(insn, 10, 8) << FP_CC_SHIFT, fmt, 2, v);
}

/* MADD/MSUB/NMADD/NMSUB.fmt fd, fr, fs, ft (function bits 4..3). */
void mips_trans_fp_madd(struct mips_dc *dc, uint32_t insn)
{
    unsigned fmt = insn & 1 ? FMT_D : FMT_S, fd = fd_of(insn), fs = fs_of(insn), ft = ft_of(insn);
    unsigned fr = fr_of(insn);
    if (!regs_ok(dc, fmt, fd, fs, ft) || !regs_ok(dc, fmt, fr, fr, fr))
        return;
    static const uint8_t helper[4] = { MIPS_H_FP_MADD_S, MIPS_H_FP_MSUB_S, MIPS_H_FP_NMADD_S, MIPS_H_FP_NMSUB_S };
    uint32_t v[3] = { get_fmt(dc, fmt, fs), get_fmt(dc, fmt, ft), get_fmt(dc, fmt, fr) };
    set_result(dc, fmt, fd, ir_call(dc->b, helper[bits(insn, 4, 3)] + (fmt == FMT_D), 3, v));
}
