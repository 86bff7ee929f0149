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

#endif
