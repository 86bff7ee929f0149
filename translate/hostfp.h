/* IEEE arithmetic on the host without its floating-point environment.
 *
 * The guest FPUs (ARM VFP, MIPS CP1) need each operation's exceptions.
 * Reading them from MXCSR means writing MXCSR around every operation, which
 * costs far more than the operation itself. For ordinary operands rounding
 * to nearest, nothing but Inexact can be raised, and whether the result is
 * inexact can be computed exactly with a few more operations (an error-free
 * sum or product). Anything else (other rounding modes, NaNs, infinities,
 * denormals, division by zero, results that may be tiny or overflow) is
 * left to the caller's slow path. */
#ifndef DUET_HOSTFP_H
#define DUET_HOSTFP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <emmintrin.h>
#else
#include <math.h>
#endif

enum hostfp_op {
    HOSTFP_ADD, HOSTFP_SUB, HOSTFP_MUL, HOSTFP_DIV, HOSTFP_SQRT,
    HOSTFP_NARROW,    /* a is a double, the result single */
    HOSTFP_FROM_S32,  /* a is an integer */
    HOSTFP_FROM_U32,
    HOSTFP_FROM_S64,
};

/* IEEE rounding directions. */
enum hostfp_rounding { HOSTFP_NEAREST, HOSTFP_DOWN, HOSTFP_UP, HOSTFP_ZERO };

/* IEEE exceptions, as hostfp_round reports them. */
enum {
    HOSTFP_INVALID = 1, HOSTFP_DIVBYZERO = 2, HOSTFP_OVERFLOW = 4, HOSTFP_UNDERFLOW = 8, HOSTFP_INEXACT = 16,
};

/* op on any operands in any rounding direction, through the host's
 * environment; *flags receives the HOSTFP_* exceptions it raised (the
 * host's: x86 detects tininess after rounding). NaN operands are the
 * caller's business: the host's NaN rules are not the guest's. */
uint64_t hostfp_round(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, enum hostfp_rounding rounding,
                      unsigned *flags);

/* Computes op rounding to nearest, ties to even, in single (dp false) or
 * double precision on the bit patterns a and b. Returns false, computing
 * nothing, unless the operation raises nothing but perhaps Inexact and its
 * result is zero or a normal number above the smallest normal magnitude;
 * then *r is the result and *inexact whether rounding changed it. */
bool hostfp_nearest(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, uint64_t *r, bool *inexact);

/* Square roots as the instructions compute them (sqrt() may call the
 * library to set errno). */
#if defined(__x86_64__)
static inline float hostfp_sqrtf(float x) { return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(x))); }
static inline double hostfp_sqrt(double x) { __m128d v = _mm_set_sd(x); return _mm_cvtsd_f64(_mm_sqrt_sd(v, v)); }
#else
static inline float hostfp_sqrtf(float x) { return sqrtf(x); }
static inline double hostfp_sqrt(double x) { return sqrt(x); }
#endif

/* Whether a result rounded to nearest shows that its operation raised
 * nothing but perhaps Inexact, whatever the operands were: a normal
 * number above the smallest normal magnitude. An invalid operation gives
 * a NaN, division by zero and overflow an infinity, and an exact result
 * below the smallest normal rounds to at most the smallest normal. */
static inline bool hostfp_plain_d(double r)
{
    uint64_t v;
    memcpy(&v, &r, 8);
    uint64_t mag2 = v << 1, lo = (1ull << 53) + 2, hi = (0x7ffull << 53) - 2;
    return mag2 - lo <= hi - lo;
}

static inline bool hostfp_plain_s(float r)
{
    uint32_t v;
    memcpy(&v, &r, 4);
    uint32_t mag2 = v << 1, lo = (1u << 24) + 2, hi = (0xffu << 24) - 2;
    return mag2 - lo <= hi - lo;
}

/* Sums and products rounding to nearest, as hostfp_nearest computes them
 * but inline and deciding on the result: true, with *r and whether
 * rounding changed it, when the result is plain (so nothing but Inexact
 * was raised); false when the caller must take its slow path. Subtraction
 * is the sum with b's sign flipped. */

/* Knuth's TwoSum: the exact error of the rounded sum s = a + b, as long
 * as no sum overflows. */
static inline double hostfp_sum_error_d(double a, double b, double s)
{
    double bb = s - a;
    return (a - (s - bb)) + (b - bb);
}

static inline float hostfp_sum_error_s(float a, float b, float s)
{
    float bb = s - a;
    return (a - (s - bb)) + (b - bb);
}

/* TwoSum's error term is exact whatever the operands' exponents, as long
 * as no sum overflows, which operands below 2^1023 (2^127) ensure. */
static inline bool hostfp_quick_sum_d(uint64_t a, uint64_t b, uint64_t *r, bool *inexact)
{
    double x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    double s = x + y;
    if (!hostfp_plain_d(s) || a << 1 >= 0x7feull << 53 || b << 1 >= 0x7feull << 53)
        return false;
    *inexact = hostfp_sum_error_d(x, y, s) != 0;
    memcpy(r, &s, 8);
    return true;
}

static inline bool hostfp_quick_sum_s(uint64_t a, uint64_t b, uint64_t *r, bool *inexact)
{
    uint32_t wa = (uint32_t)a, wb = (uint32_t)b, ws;
    float x, y;
    memcpy(&x, &wa, 4);
    memcpy(&y, &wb, 4);
    float s = x + y;
    if (!hostfp_plain_s(s) || wa << 1 >= 0xfeu << 24 || wb << 1 >= 0xfeu << 24)
        return false;
    *inexact = hostfp_sum_error_s(x, y, s) != 0;
    memcpy(&ws, &s, 4);
    *r = ws;
    return true;
}

/* The product of the two 53-bit significands of normal operands has 105
 * or 106 bits, of which rounding to a normal result keeps the top 53. */
static inline bool hostfp_quick_product_d(uint64_t a, uint64_t b, uint64_t *r, bool *inexact)
{
    const uint64_t frac = (1ull << 52) - 1, exp = 0x7ffull << 52;
    double x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    double p = x * y;
    if (!hostfp_plain_d(p) || !(a & exp) || !(b & exp))
        return false;
    unsigned __int128 m = (unsigned __int128)((a & frac) | (frac + 1)) * ((b & frac) | (frac + 1));
    unsigned top = (unsigned)(m >> 105);
    *inexact = (uint64_t)m << (12 - top) != 0;   /* the 52 + top bits dropped */
    memcpy(r, &p, 8);
    return true;
}

/* The product of two singles is exact in double precision. */
static inline bool hostfp_quick_product_s(uint64_t a, uint64_t b, uint64_t *r, bool *inexact)
{
    uint32_t wa = (uint32_t)a, wb = (uint32_t)b, wp;
    float x, y;
    memcpy(&x, &wa, 4);
    memcpy(&y, &wb, 4);
    float p = x * y;
    if (!hostfp_plain_s(p))
        return false;
    *inexact = (double)p != (double)x * (double)y;
    memcpy(&wp, &p, 4);
    *r = wp;
    return true;
}

/* hostfp_nearest with the sums and products inline: for guest helpers
 * that pass a constant op. */
static inline bool hostfp_quick(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, uint64_t *r, bool *inexact)
{
    switch (op) {
    case HOSTFP_SUB:
        b ^= dp ? 1ull << 63 : 1ull << 31;
        /* fall through */
    case HOSTFP_ADD:
        return dp ? hostfp_quick_sum_d(a, b, r, inexact) : hostfp_quick_sum_s(a, b, r, inexact);
    case HOSTFP_MUL:
        return dp ? hostfp_quick_product_d(a, b, r, inexact) : hostfp_quick_product_s(a, b, r, inexact);
    default:
        return hostfp_nearest(op, dp, a, b, r, inexact);
    }
}

#endif
