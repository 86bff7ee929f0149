/* MIPS floating point (CP1): what the translator (trans_fpu.c) and the
 * helpers (fpu_helpers.c) agree on: the operation codes passed to the
 * helpers. */
#ifndef DUET_MIPS_FPU_H
#define DUET_MIPS_FPU_H

/* Operand formats as the fmt field numbers them, minus 16. */
enum mips_fp_fmt { FMT_S = 0, FMT_D = 1, FMT_W = 4, FMT_L = 5 };

/* mips_helper_fp_unop(op | fmt << FP_FMT_SHIFT, a): fmt is the source
 * format; results of conversions are in the format the operation names.
 * The MADD codes tell the MADD helpers' common slow path which one it is. */
enum mips_fp_op {
    FP_SQRT, FP_RECIP, FP_RSQRT,
    FP_CVT_S, FP_CVT_D,
    /* to integer: current mode, then round, trunc, ceil, floor */
    FP_CVT_W, FP_ROUND_W, FP_TRUNC_W, FP_CEIL_W, FP_FLOOR_W,
    FP_CVT_L, FP_ROUND_L, FP_TRUNC_L, FP_CEIL_L, FP_FLOOR_L,
    FP_MADD, FP_MSUB, FP_NMADD, FP_NMSUB,
};
#define FP_FMT_SHIFT 8
/* mips_helper_fp_cmp(cond | fmt << FP_FMT_SHIFT | cc << FP_CC_SHIFT, a, b) */
#define FP_CC_SHIFT 12

/* The FCSR bit of condition code cc. */
static inline unsigned mips_fcc_bit(unsigned cc)
{
    return cc ? 24 + cc : 23;
}

#endif
