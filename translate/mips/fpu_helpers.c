/* MIPS FPU arithmetic, conversions and compares (MIPS32 Volume I-A
 * chapter 6, Volume II) on the host's IEEE arithmetic, as the legacy
 * (pre-2008) MIPS FPU defines them and qemu implements them:
 *  - NaNs: a signalling NaN has the quiet bit SET, a quiet NaN has it
 *    clear. A signalling NaN operand raises Invalid and gives the default
 *    NaN (0x7fbfffff, 0x7ff7ffffffffffff); a quiet NaN operand gives the
 *    default NaN too (qemu's default-NaN mode), and so does an invalid
 *    operation. NaNs never reach the host, which reads them the other way
 *    round.
 *  - FCSR.Cause is set from each operation's exceptions; an enabled one
 *    (or Unimplemented, never raised here) traps with EXIT_MIPS_FPE and
 *    leaves the flags alone, else the flags accumulate it.
 *  - Conversions to integer out of range or of a NaN raise Invalid and
 *    give 2^31-1 (2^63-1 for L).
 *  - FCSR.FS: a result below the smallest normal is zero of its sign
 *    without Underflow or Inexact, and denormal operands are used as they
 *    are (whether they count as zero is implementation-dependent; this is
 *    what qemu does).
 *  - MADD and the others round the product, then the sum (not fused).
 * The host computes each rounded result in the FCSR mode and reports the
 * IEEE exceptions, whose tininess (after rounding) x86 and qemu's MIPS
 * agree on. Volatile operands keep the arithmetic between setting the
 * mode and reading the flags (see translate/arm/vfp_helpers.c). */
#include <string.h>

#include "hostfp.h"
#include "mips/fpu.h"
#include "mips/translate.h"

/* ---- formats ---- */

static uint64_t sign_bit(bool dp) { return dp ? 1ull << 63 : 1ull << 31; }
static uint64_t exp_mask(bool dp) { return dp ? 0x7ffull << 52 : 0xffull << 23; }
static uint64_t quiet_bit(bool dp) { return dp ? 1ull << 51 : 1ull << 22; }
static uint64_t min_normal(bool dp) { return dp ? 1ull << 52 : 1ull << 23; }
static uint64_t default_nan(bool dp) { return dp ? 0x7ff7ffffffffffffull : 0x7fbfffffu; }

static uint64_t mag(uint64_t v, bool dp) { return v & ~sign_bit(dp); }
static bool is_nan(uint64_t v, bool dp) { return mag(v, dp) > exp_mask(dp); }
static bool is_snan(uint64_t v, bool dp) { return is_nan(v, dp) && (v & quiet_bit(dp)); }

static float f32_of(uint64_t v) { float f; uint32_t w = (uint32_t)v; memcpy(&f, &w, 4); return f; }
static double f64_of(uint64_t v) { double d; memcpy(&d, &v, 8); return d; }
static uint64_t bits_f64(double d) { uint64_t v; memcpy(&v, &d, 8); return v; }

/* ---- one operation's context ---- */

struct fp_ctx {
    uint32_t fcsr;
    unsigned exc;   /* MIPS_FP_* raised */
};

static unsigned rmode(const struct fp_ctx *c) { return c->fcsr & MIPS_FCSR_RM; }
static bool flush(const struct fp_ctx *c) { return (c->fcsr & MIPS_FCSR_FS) != 0; }

/* The result of an operation with a NaN among its operands: the default
 * NaN, for quiet NaN operands too (qemu's legacy FPU runs in default-NaN
 * mode; which quiet NaN the result is the manual leaves open). */
static uint64_t nan_result(struct fp_ctx *c, const uint64_t *v, unsigned n, bool dp)
{
    for (unsigned i = 0; i < n; i++)
        if (is_snan(v[i], dp))
            c->exc |= MIPS_FP_V;
    return default_nan(dp);
}

static bool any_nan(const uint64_t *v, unsigned n, bool dp)
{
    for (unsigned i = 0; i < n; i++)
        if (is_nan(v[i], dp))
            return true;
    return false;
}

/* ---- rounding ---- */

/* MIPS RM (RN, RZ, RP, RM) as the host's rounding direction. */
static const enum hostfp_rounding host_rounding[4] = { HOSTFP_NEAREST, HOSTFP_ZERO, HOSTFP_UP, HOSTFP_DOWN };

/* op rounded as FCSR says, with the MIPS exceptions it raises. */
static uint64_t fp_round(struct fp_ctx *c, enum hostfp_op op, bool dp, uint64_t a, uint64_t b)
{
    uint64_t r;
    bool inexact;
    if (rmode(c) == 0 && hostfp_nearest(op, dp, a, b, &r, &inexact)) {
        c->exc |= inexact ? MIPS_FP_I : 0;
        return r;
    }
    unsigned exc;
    r = hostfp_round(op, dp, a, b, host_rounding[rmode(c)], &exc);

    if (exc & HOSTFP_INVALID) {
        c->exc |= MIPS_FP_V;
        return default_nan(dp);
    }
    unsigned e = (exc & HOSTFP_DIVBYZERO ? MIPS_FP_Z : 0) | (exc & HOSTFP_OVERFLOW ? MIPS_FP_O : 0) |
                 (exc & HOSTFP_UNDERFLOW ? MIPS_FP_U : 0) | (exc & HOSTFP_INEXACT ? MIPS_FP_I : 0);
    if (flush(c) && mag(r, dp) < min_normal(dp) && (mag(r, dp) || (e & MIPS_FP_U))) {
        e &= ~(unsigned)(MIPS_FP_U | MIPS_FP_I);
        r &= sign_bit(dp);
    }
    c->exc |= e;
    return r;
}

static uint64_t fp_binop(struct fp_ctx *c, enum hostfp_op op, bool dp, uint64_t a, uint64_t b)
{
    uint64_t v[2] = { a, b };
    if (any_nan(v, 2, dp))
        return nan_result(c, v, 2, dp);
    return fp_round(c, op, dp, v[0], v[1]);
}

static uint64_t one(bool dp) { return dp ? 0x3ff0000000000000ull : 0x3f800000u; }

static uint64_t fp_sqrt(struct fp_ctx *c, bool dp, uint64_t a)
{
    if (is_nan(a, dp))
        return nan_result(c, &a, 1, dp);
    return fp_round(c, HOSTFP_SQRT, dp, a, 0);
}

/* ---- conversions ---- */

static uint64_t fp_cvt_float(struct fp_ctx *c, unsigned from, bool to_dp, uint64_t a)
{
    if (from == FMT_W || from == FMT_L)
        return fp_round(c, from == FMT_W ? HOSTFP_FROM_S32 : HOSTFP_FROM_S64, to_dp, a, 0);
    bool dp = from == FMT_D;
    if (is_nan(a, dp)) {
        nan_result(c, &a, 1, dp);
        return default_nan(to_dp);
    }
    if (dp == to_dp)
        return a;
    if (to_dp)   /* widening is exact */
        return bits_f64((double)f32_of(a));
    return fp_round(c, HOSTFP_NARROW, false, a, 0);
}

/* x rounded to an integral value by MIPS mode rm (|x| < 2^63 or integral). */
static double round_integral(double x, unsigned rm, bool *inexact)
{
    if (!(x > -9223372036854775808.0 && x < 9223372036854775808.0)) {
        *inexact = false;
        return x;
    }
    double t = (double)(int64_t)x, frac = x - t;
    *inexact = frac != 0;
    switch (rm) {
    case 1: return t;                                     /* towards zero */
    case 2: return frac > 0 ? t + 1 : t;                  /* towards +inf */
    case 3: return frac < 0 ? t - 1 : t;                  /* towards -inf */
    default:                                              /* nearest, ties to even */
        if (frac > 0.5 || (frac == 0.5 && ((int64_t)t & 1)))
            return t + 1;
        if (frac < -0.5 || (frac == -0.5 && ((int64_t)t & 1)))
            return t - 1;
        return t;
    }
}

/* To W (32-bit) or L: out of range, infinities and NaNs are Invalid with
 * 2^31-1 or 2^63-1. */
static uint64_t fp_to_int(struct fp_ctx *c, bool dp, uint64_t a, unsigned rm, bool to_l)
{
    uint64_t overflow = to_l ? 0x7fffffffffffffffull : 0x7fffffffu;
    if (is_nan(a, dp)) {
        c->exc |= MIPS_FP_V;
        return overflow;
    }
    double x = dp ? f64_of(a) : (double)f32_of(a);
    bool inexact;
    double r = round_integral(x, rm, &inexact);
    double lo = to_l ? -9223372036854775808.0 : -2147483648.0, hi = to_l ? 9223372036854775808.0 : 2147483648.0;
    if (!(r >= lo && r < hi)) {
        c->exc |= MIPS_FP_V;
        return overflow;
    }
    if (inexact)
        c->exc |= MIPS_FP_I;
    int64_t i = (int64_t)r;
    return to_l ? (uint64_t)i : (uint32_t)(int32_t)i;
}

/* ---- FCSR ---- */

/* Cause from this operation; the exception if enabled, else the flags. */
static void fp_finish(struct mips_cpu *cpu, unsigned exc)
{
    unsigned enables = (cpu->fcsr >> MIPS_FCSR_ENABLES_SHIFT) & 0x1f;
    cpu->fcsr = (cpu->fcsr & ~(0x3fu << MIPS_FCSR_CAUSE_SHIFT)) | exc << MIPS_FCSR_CAUSE_SHIFT;
    if (exc & (enables | MIPS_FP_E))
        dbt_raise(&cpu->head, EXIT_MIPS_FPE);
    cpu->fcsr |= exc << MIPS_FCSR_FLAGS_SHIFT;
}

static unsigned op_of(uint64_t op) { return op & 0xff; }
static unsigned fmt_of_op(uint64_t op) { return (op >> FP_FMT_SHIFT) & 0xf; }

static unsigned to_int_mode(const struct fp_ctx *c, unsigned op)
{
    static const unsigned modes[4] = { 0, 1, 2, 3 };   /* round, trunc, ceil, floor as RN, RZ, RP, RM */
    unsigned k = op >= FP_CVT_L ? op - FP_CVT_L : op - FP_CVT_W;
    return k == 0 ? rmode(c) : modes[k - 1];
}

uint64_t mips_helper_fp_unop(void *cpu, uint64_t op, uint64_t a, uint64_t unused1, uint64_t unused2)
{
    struct mips_cpu *m = cpu;
    struct fp_ctx c = { m->fcsr, 0 };
    unsigned o = op_of(op), fmt = fmt_of_op(op);
    bool dp = fmt == FMT_D;
    uint64_t r;
    (void)unused1;
    (void)unused2;
    switch (o) {
    case FP_SQRT: r = fp_sqrt(&c, dp, a); break;
    case FP_RECIP: r = fp_binop(&c, HOSTFP_DIV, dp, one(dp), a); break;
    case FP_RSQRT: {
        uint64_t s = fp_sqrt(&c, dp, a);
        r = fp_binop(&c, HOSTFP_DIV, dp, one(dp), s);
        break;
    }
    case FP_CVT_S: r = fp_cvt_float(&c, fmt, false, a); break;
    case FP_CVT_D: r = fp_cvt_float(&c, fmt, true, a); break;
    default: r = fp_to_int(&c, dp, a, to_int_mode(&c, o), o >= FP_CVT_L); break;
    }
    fp_finish(m, c.exc);
    return r;
}

/* C.cond.fmt: cond bit 0 true when unordered, bit 1 when equal, bit 2
 * when less; bit 3 makes quiet NaNs Invalid too. */
uint64_t mips_helper_fp_cmp(void *cpu, uint64_t op, uint64_t a, uint64_t b, uint64_t unused)
{
    struct mips_cpu *m = cpu;
    struct fp_ctx c = { m->fcsr, 0 };
    unsigned cond = op & 15, cc = (op >> FP_CC_SHIFT) & 7;
    bool dp = fmt_of_op(op) == FMT_D, t;
    (void)unused;
    if (is_nan(a, dp) || is_nan(b, dp)) {
        if ((cond & 8) || is_snan(a, dp) || is_snan(b, dp))
            c.exc |= MIPS_FP_V;
        t = cond & 1;
    } else {
        double x = dp ? f64_of(a) : (double)f32_of(a), y = dp ? f64_of(b) : (double)f32_of(b);
        t = ((cond & 2) && x == y) || ((cond & 4) && x < y);
    }
    fp_finish(m, c.exc);
    uint32_t bitm = 1u << mips_fcc_bit(cc);
    m->fcsr = t ? m->fcsr | bitm : m->fcsr & ~bitm;
    return 0;
}

/* CFC1 of FCCR (25), FEXR (26) and FENR (28): views of FCSR. */
uint64_t mips_helper_fp_cfc1(void *cpu, uint64_t reg, uint64_t a, uint64_t b, uint64_t d)
{
    const struct mips_cpu *m = cpu;
    uint32_t f = m->fcsr;
    (void)a; (void)b; (void)d;
    switch (reg) {
    case 25: return ((f >> 24) & 0xfe) | ((f >> 23) & 1);
    case 26: return f & 0x0003f07c;
    default: return (f & 0x00000f83) | ((f >> 22) & 4);
    }
}

/* CTC1: as qemu's helper_ctc1, then the exception a cause bit whose
 * enable is set (or E) raises at once. */
uint64_t mips_helper_fp_ctc1(void *cpu, uint64_t reg, uint64_t v, uint64_t b, uint64_t d)
{
    struct mips_cpu *m = cpu;
    uint32_t f = m->fcsr, w = (uint32_t)v;
    (void)b; (void)d;
    switch (reg) {
    case 25:
        if (w & 0xffffff00u)
            return 0;
        f = (f & 0x017fffffu) | (w & 0xfe) << 24 | (w & 1) << 23;
        break;
    case 26:
        if (w & 0x007c0000u)
            return 0;
        f = (f & 0xfffc0f83u) | (w & 0x0003f07cu);
        break;
    case 28:
        if (w & 0x007c0000u)
            return 0;
        f = (f & 0xfefff07cu) | (w & 0x00000f83u) | (w & 4) << 22;
        break;
    default:
        f = (w & m->model->fcsr_writable) | (f & ~m->model->fcsr_writable);
        break;
    }
    m->fcsr = f;
    unsigned cause = (f >> MIPS_FCSR_CAUSE_SHIFT) & 0x3f, enables = (f >> MIPS_FCSR_ENABLES_SHIFT) & 0x1f;
    if (cause & (enables | MIPS_FP_E))
        dbt_raise(&m->head, EXIT_MIPS_FPE);
    return 0;
}

/* ---- arithmetic, one helper per operation and format ----
 *
 * Each first tries the common case: rounding to nearest with Inexact not
 * enabled, and an operation hostfp_quick takes, which raises Inexact or
 * nothing: Cause is that, the flags gain it, and nothing traps. */

static bool quick_fcsr(uint32_t fcsr)
{
    return (fcsr & (MIPS_FCSR_RM | MIPS_FP_I << MIPS_FCSR_ENABLES_SHIFT)) == 0;
}

/* FCSR after an operation that raised Inexact (or nothing); without a
 * branch, as inexactness follows the data. */
static uint32_t fcsr_after_inexact(uint32_t fcsr, bool inexact)
{
    uint32_t raised = MIPS_FP_I << MIPS_FCSR_CAUSE_SHIFT | MIPS_FP_I << MIPS_FCSR_FLAGS_SHIFT;
    return (fcsr & ~(0x3fu << MIPS_FCSR_CAUSE_SHIFT)) | (raised * inexact);
}

/* Everything else, out of line so that the quick path saves no registers. */
static __attribute__((noinline, cold)) uint64_t binop_slow(struct mips_cpu *m, enum hostfp_op op, bool dp,
                                                           uint64_t a, uint64_t b)
{
    struct fp_ctx c = { m->fcsr, 0 };
    uint64_t r = fp_binop(&c, op, dp, a, b);
    fp_finish(m, c.exc);
    return r;
}

static inline uint64_t binop(void *cpu, enum hostfp_op op, bool dp, uint64_t a, uint64_t b)
{
    struct mips_cpu *m = cpu;
    uint64_t r;
    bool inexact;
    if (quick_fcsr(m->fcsr) && hostfp_quick(op, dp, a, b, &r, &inexact)) {
        m->fcsr = fcsr_after_inexact(m->fcsr, inexact);
        return r;
    }
    return binop_slow(m, op, dp, a, b);
}

#define MIPS_FP_BINOP(name, op)                                                                      \
    uint64_t mips_helper_fp_##name##_s(void *cpu, uint64_t a, uint64_t b, uint64_t u1, uint64_t u2)  \
    {                                                                                                \
        (void)u1, (void)u2;                                                                          \
        return binop(cpu, op, false, (uint32_t)a, (uint32_t)b);                                      \
    }                                                                                                \
    uint64_t mips_helper_fp_##name##_d(void *cpu, uint64_t a, uint64_t b, uint64_t u1, uint64_t u2)  \
    {                                                                                                \
        (void)u1, (void)u2;                                                                          \
        return binop(cpu, op, true, a, b);                                                           \
    }

MIPS_FP_BINOP(add, HOSTFP_ADD)
MIPS_FP_BINOP(sub, HOSTFP_SUB)
MIPS_FP_BINOP(mul, HOSTFP_MUL)
MIPS_FP_BINOP(div, HOSTFP_DIV)

/* MADD and the others (op): fs * ft rounded, then + or - fr rounded; the
 * N forms negate the result. */
static __attribute__((noinline, cold)) uint64_t madd_slow(struct mips_cpu *m, unsigned op, bool dp, uint64_t fs,
                                                          uint64_t ft, uint64_t fr)
{
    struct fp_ctx c = { m->fcsr, 0 };
    uint64_t p = fp_binop(&c, HOSTFP_MUL, dp, fs, ft);
    uint64_t r = fp_binop(&c, (op == FP_MADD || op == FP_NMADD) ? HOSTFP_ADD : HOSTFP_SUB, dp, p, fr);
    if (op == FP_NMADD || op == FP_NMSUB)
        r ^= sign_bit(dp);
    fp_finish(m, c.exc);
    return r;
}

static inline uint64_t madd(void *cpu, unsigned op, bool dp, uint64_t fs, uint64_t ft, uint64_t fr)
{
    struct mips_cpu *m = cpu;
    enum hostfp_op sum = (op == FP_MADD || op == FP_NMADD) ? HOSTFP_ADD : HOSTFP_SUB;
    uint64_t p, r;
    bool product_inexact, sum_inexact;
    if (quick_fcsr(m->fcsr) && hostfp_quick(HOSTFP_MUL, dp, fs, ft, &p, &product_inexact) &&
        hostfp_quick(sum, dp, p, fr, &r, &sum_inexact)) {
        m->fcsr = fcsr_after_inexact(m->fcsr, product_inexact || sum_inexact);
        return (op == FP_NMADD || op == FP_NMSUB) ? r ^ sign_bit(dp) : r;
    }
    return madd_slow(m, op, dp, fs, ft, fr);
}

#define MIPS_FP_MADD(name, op)                                                                        \
    uint64_t mips_helper_fp_##name##_s(void *cpu, uint64_t fs, uint64_t ft, uint64_t fr, uint64_t u)  \
    {                                                                                                 \
        (void)u;                                                                                      \
        return madd(cpu, op, false, (uint32_t)fs, (uint32_t)ft, (uint32_t)fr);                        \
    }                                                                                                 \
    uint64_t mips_helper_fp_##name##_d(void *cpu, uint64_t fs, uint64_t ft, uint64_t fr, uint64_t u)  \
    {                                                                                                 \
        (void)u;                                                                                      \
        return madd(cpu, op, true, fs, ft, fr);                                                       \
    }

MIPS_FP_MADD(madd, FP_MADD)
MIPS_FP_MADD(msub, FP_MSUB)
MIPS_FP_MADD(nmadd, FP_NMADD)
MIPS_FP_MADD(nmsub, FP_NMSUB)
