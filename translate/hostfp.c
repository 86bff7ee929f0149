/* Exactness tests for round-to-nearest host arithmetic (see hostfp.h).
 *
 * Double precision: Knuth's TwoSum gives the exact error of a sum; Dekker's
 * product (Veltkamp splitting) the exact error of a product, which also
 * gives the remainder of a quotient (x - q*y, exact by Sterbenz's lemma as
 * q*y is within a factor of two of x) and of a square root. Both need the
 * operands' exponents well inside the range, so that splitting cannot
 * overflow and the error terms cannot underflow: operands here lie within
 * 2^-400..2^400. Single precision: the product of two floats is exact in
 * double, which settles products, quotients and square roots; sums use
 * TwoSum in single precision. The build compiles with -ffp-contract=off, so
 * no expression here is fused into a multiply-add. */
#include "hostfp.h"

#if !defined(__x86_64__)
#include <fenv.h>
#endif

enum {
    D_BIAS = 1023, D_RANGE = 400,
};

static const uint64_t D_SIGN = 1ull << 63, D_EXP = 0x7ffull << 52, D_MIN_NORMAL = 1ull << 52;
static const uint64_t S_SIGN = 1u << 31, S_EXP = 0xffu << 23, S_MIN_NORMAL = 1u << 23;

static double f64(uint64_t v) { double d; memcpy(&d, &v, 8); return d; }
static float f32(uint64_t v) { float f; uint32_t w = (uint32_t)v; memcpy(&f, &w, 4); return f; }
static uint64_t bits64(double d) { uint64_t v; memcpy(&v, &d, 8); return v; }
static uint64_t bits32(float f) { uint32_t w; memcpy(&w, &f, 4); return w; }

/* A double in the range the error-free transformations need, or a zero. */
static bool d_tame(uint64_t v)
{
    unsigned e = (unsigned)(v >> 52) & 0x7ff;
    return (v & ~D_SIGN) == 0 || (e >= D_BIAS - D_RANGE && e <= D_BIAS + D_RANGE);
}

/* A normal single or a zero. */
static bool s_normal_or_zero(uint64_t v)
{
    uint64_t e = v & S_EXP;
    return e ? e != S_EXP : (v & ~S_SIGN) == 0;
}

static bool d_normal_or_zero(uint64_t v)
{
    uint64_t e = v & D_EXP;
    return e ? e != D_EXP : (v & ~D_SIGN) == 0;
}

/* The high half of x, 26 bits; x - hi is exact and fits 26 bits too. */
static double d_split_hi(double x)
{
    double c = 134217729.0 * x;   /* 2^27 + 1 */
    return c - (c - x);
}

/* The error of the rounded product p = x * y. */
static double d_product_error(double x, double y, double p)
{
    double xh = d_split_hi(x), xl = x - xh, yh = d_split_hi(y), yl = y - yh;
    return ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
}

static bool d_compute(enum hostfp_op op, uint64_t a, uint64_t b, double *r, bool *inexact)
{
    double x = f64(a), y = f64(b);

    switch (op) {
    case HOSTFP_ADD:
    case HOSTFP_SUB:
        if (op == HOSTFP_SUB)
            y = -y;
        *r = x + y;
        *inexact = hostfp_sum_error_d(x, y, *r) != 0;
        return true;
    case HOSTFP_MUL:
        *r = x * y;
        *inexact = d_product_error(x, y, *r) != 0;
        return true;
    case HOSTFP_DIV: {
        if (y == 0)
            return false;
        *r = x / y;
        double p = *r * y;
        *inexact = x - p != d_product_error(*r, y, p);
        return true;
    }
    case HOSTFP_SQRT: {
        if ((a & D_SIGN) && x != 0)
            return false;
        *r = hostfp_sqrt(x);
        double p = *r * *r;
        *inexact = p != x || d_product_error(*r, *r, p) != 0;
        return true;
    }
    default:
        return false;
    }
}

/* Integer conversions: a holds the integer. */
static bool d_from_int(enum hostfp_op op, uint64_t a, double *r, bool *inexact)
{
    switch (op) {
    case HOSTFP_FROM_S32: *r = (int32_t)a; *inexact = false; return true;
    case HOSTFP_FROM_U32: *r = (uint32_t)a; *inexact = false; return true;
    case HOSTFP_FROM_S64:
        *r = (double)(int64_t)a;
        /* 2^63 is out of int64_t's range: only rounding reaches it. */
        *inexact = *r >= 9223372036854775808.0 || (int64_t)*r != (int64_t)a;
        return true;
    default: return false;
    }
}

static bool s_compute(enum hostfp_op op, uint64_t a, uint64_t b, float *r, bool *inexact)
{
    float x = f32(a), y = f32(b);

    switch (op) {
    case HOSTFP_ADD:
    case HOSTFP_SUB:
        if (op == HOSTFP_SUB)
            y = -y;
        *r = x + y;
        *inexact = hostfp_sum_error_s(x, y, *r) != 0;
        return true;
    case HOSTFP_MUL:
        *r = x * y;
        *inexact = (double)*r != (double)x * y;
        return true;
    case HOSTFP_DIV:
        if (y == 0)
            return false;
        *r = x / y;
        *inexact = (double)*r * y != x;
        return true;
    case HOSTFP_SQRT:
        if ((a & S_SIGN) && x != 0)
            return false;
        *r = hostfp_sqrtf(x);
        *inexact = (double)*r * *r != x;
        return true;
    default:
        return false;
    }
}

static bool s_convert(enum hostfp_op op, uint64_t a, float *r, bool *inexact)
{
    switch (op) {
    case HOSTFP_NARROW:
        *r = (float)f64(a);
        *inexact = (double)*r != f64(a);
        return true;
    case HOSTFP_FROM_S32:
        *r = (float)(int32_t)a;
        *inexact = (double)*r != (int32_t)a;
        return true;
    case HOSTFP_FROM_U32:
        *r = (float)(uint32_t)a;
        *inexact = (double)*r != (uint32_t)a;
        return true;
    case HOSTFP_FROM_S64:
        *r = (float)(int64_t)a;
        *inexact = *r >= 9223372036854775808.0f || (int64_t)*r != (int64_t)a;
        return true;
    default:
        return false;
    }
}

static bool is_conversion(enum hostfp_op op) { return op >= HOSTFP_NARROW; }

/* Operands that raise nothing but Inexact for op (division by zero and the
 * square root of a negative number are refused by the computation). */
static bool tame_operands(enum hostfp_op op, bool dp, uint64_t a, uint64_t b)
{
    if (op == HOSTFP_NARROW)
        return d_normal_or_zero(a);
    if (is_conversion(op))
        return true;
    bool unary = op == HOSTFP_SQRT;
    if (dp)
        return d_tame(a) && (unary || d_tame(b));
    return s_normal_or_zero(a) && (unary || s_normal_or_zero(b));
}

static bool is_zero(uint64_t v, bool dp) { return (v & ~(dp ? D_SIGN : S_SIGN)) == 0; }

/* A result that cannot have overflowed or been tiny: a normal number above
 * the smallest normal magnitude, or a zero that no rounding produced. */
static bool tame_result(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, uint64_t r)
{
    uint64_t mag = r & ~(dp ? D_SIGN : S_SIGN);
    if (mag != 0)
        return mag > (dp ? D_MIN_NORMAL : S_MIN_NORMAL) && mag < (dp ? D_EXP : S_EXP);
    switch (op) {
    case HOSTFP_ADD:
    case HOSTFP_SUB: return true;        /* normal or zero operands cancel exactly */
    case HOSTFP_MUL: return is_zero(a, dp) || is_zero(b, dp);
    case HOSTFP_NARROW: return is_zero(a, true);
    case HOSTFP_DIV:
    case HOSTFP_SQRT: return is_zero(a, dp);
    default: return true;                /* only the integer zero converts to zero */
    }
}

bool hostfp_nearest(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, uint64_t *r, bool *inexact)
{
    if (!tame_operands(op, dp, a, b))
        return false;
    if (dp) {
        double d;
        bool ok = is_conversion(op) ? d_from_int(op, a, &d, inexact) : d_compute(op, a, b, &d, inexact);
        if (!ok)
            return false;
        *r = bits64(d);
    } else {
        float f;
        bool ok = is_conversion(op) ? s_convert(op, a, &f, inexact) : s_compute(op, a, b, &f, inexact);
        if (!ok)
            return false;
        *r = bits32(f);
    }
    return tame_result(op, dp, a, b, *r);
}

/* ---- the slow path: the host's environment ---- */

#if defined(__x86_64__)
enum { MXCSR_FLAGS = 0x3f, MXCSR_DAZ = 1u << 6, MXCSR_RC_SHIFT = 13, MXCSR_FZ = 1u << 15 };

/* Sets the rounding direction (enum hostfp_rounding is MXCSR.RC) without
 * flags, denormals-are-zero or flush-to-zero; returns what end restores. */
static unsigned host_env_begin(enum hostfp_rounding rounding)
{
    unsigned base = _mm_getcsr() & ~(MXCSR_FLAGS | MXCSR_DAZ | MXCSR_FZ | 3u << MXCSR_RC_SHIFT);
    _mm_setcsr(base | (unsigned)rounding << MXCSR_RC_SHIFT);
    return base;
}

/* Writing MXCSR is slow: rounding to nearest stays, flags and all, as
 * nothing else reads them. */
static unsigned host_env_end(unsigned base, enum hostfp_rounding rounding)
{
    unsigned csr = _mm_getcsr();
    if (rounding != HOSTFP_NEAREST)
        _mm_setcsr(base);
    return (csr & 1 ? HOSTFP_INVALID : 0) | (csr & 4 ? HOSTFP_DIVBYZERO : 0) | (csr & 8 ? HOSTFP_OVERFLOW : 0) |
           (csr & 16 ? HOSTFP_UNDERFLOW : 0) | (csr & 32 ? HOSTFP_INEXACT : 0);
}
#else
static unsigned host_env_begin(enum hostfp_rounding rounding)
{
    static const int modes[4] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
    fesetround(modes[rounding]);
    feclearexcept(FE_ALL_EXCEPT);
    return 0;
}

static unsigned host_env_end(unsigned base, enum hostfp_rounding rounding)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    (void)base;
    (void)rounding;
    fesetround(FE_TONEAREST);
    return (e & FE_INVALID ? HOSTFP_INVALID : 0) | (e & FE_DIVBYZERO ? HOSTFP_DIVBYZERO : 0) |
           (e & FE_OVERFLOW ? HOSTFP_OVERFLOW : 0) | (e & FE_UNDERFLOW ? HOSTFP_UNDERFLOW : 0) |
           (e & FE_INEXACT ? HOSTFP_INEXACT : 0);
}
#endif

/* Volatile operands and results keep the arithmetic between setting the
 * environment and reading the flags: the compiler may not move it, or
 * fold it with constants, across the calls. */
static uint64_t host_compute_d(enum hostfp_op op, uint64_t a, uint64_t b)
{
    volatile double x = f64(a), y = f64(b), r = 0;
    volatile int64_t i = op == HOSTFP_FROM_S32 ? (int32_t)a : op == HOSTFP_FROM_U32 ? (int64_t)(uint32_t)a : (int64_t)a;
    switch (op) {
    case HOSTFP_ADD: r = x + y; break;
    case HOSTFP_SUB: r = x - y; break;
    case HOSTFP_MUL: r = x * y; break;
    case HOSTFP_DIV: r = x / y; break;
    case HOSTFP_SQRT: r = hostfp_sqrt(x); break;
    case HOSTFP_NARROW: break;   /* never: narrowing gives single precision */
    case HOSTFP_FROM_S32:
    case HOSTFP_FROM_U32:
    case HOSTFP_FROM_S64: r = (double)i; break;
    }
    return bits64(r);
}

static uint64_t host_compute_s(enum hostfp_op op, uint64_t a, uint64_t b)
{
    volatile float x = f32(a), y = f32(b), r = 0;
    volatile double xd = f64(a);
    volatile int64_t i = op == HOSTFP_FROM_S32 ? (int32_t)a : op == HOSTFP_FROM_U32 ? (int64_t)(uint32_t)a : (int64_t)a;
    switch (op) {
    case HOSTFP_ADD: r = x + y; break;
    case HOSTFP_SUB: r = x - y; break;
    case HOSTFP_MUL: r = x * y; break;
    case HOSTFP_DIV: r = x / y; break;
    case HOSTFP_SQRT: r = hostfp_sqrtf(x); break;
    case HOSTFP_NARROW: r = (float)xd; break;
    case HOSTFP_FROM_S32:
    case HOSTFP_FROM_U32:
    case HOSTFP_FROM_S64: r = (float)i; break;
    }
    return bits32(r);
}

uint64_t hostfp_round(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, enum hostfp_rounding rounding,
                      unsigned *flags)
{
    unsigned base = host_env_begin(rounding);
    uint64_t r = dp ? host_compute_d(op, a, b) : host_compute_s(op, a, b);
    *flags = host_env_end(base, rounding);
    return r;
}
