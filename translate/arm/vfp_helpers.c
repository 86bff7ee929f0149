/* VFPv2 arithmetic, compares and conversions (ARM ARM DDI 0100I, part C)
 * for the ARM helpers, on the host's IEEE arithmetic.
 *
 * The host computes each correctly rounded result in the mode FPSCR.RMode
 * selects and reports invalid, divide-by-zero, overflow and inexact, which
 * IEEE 754 defines the same for both machines. What ARM defines otherwise
 * than x86 is done here explicitly:
 *  - NaN operands never reach the host: a signalling NaN raises IOC and is
 *    quieted, a signalling NaN wins over a quiet one and the first operand
 *    over the second, and default-NaN mode (FPSCR.DN) returns 0x7fc00000 /
 *    0x7ff8000000000000. An invalid operation also gives that default NaN,
 *    where x86 gives a negative one.
 *  - ARM detects tininess before rounding, x86 after: a result that rounds
 *    up to the smallest normal number is tiny on ARM. Such a result is
 *    computed again towards zero, where it stays below the smallest normal
 *    exactly when the exact result was below it.
 *  - Flush-to-zero (FPSCR.FZ): denormal operands count as zero of their
 *    sign and raise IDC; tiny results become zero of their sign and raise
 *    UFC only (not IXC).
 *  - Conversions to integer saturate, NaN gives 0, both raising IOC alone;
 *    they are done on the bits, as x86's give 0x80000000 out of range.
 * Exceptions are never trapped (FPSCR's trap enables read as zero).
 *
 * The compiler does not know that arithmetic depends on the rounding mode
 * or sets the exception flags (GCC ignores #pragma STDC FENV_ACCESS), so it
 * may move it across the calls that set the mode and read the flags. The
 * operands are therefore read from volatile variables after the mode is
 * set and the flags cleared, and the result is written to a volatile
 * variable before the flags are read: volatile accesses keep their order
 * with those calls, and the arithmetic sits between them. */
#include <string.h>

#include "hostfp.h"
#include "arm/translate.h"
#include "arm/vfp.h"

/* ---- formats ---- */

static uint64_t sign_bit(bool dp) { return dp ? 1ull << 63 : 1ull << 31; }
static uint64_t exp_mask(bool dp) { return dp ? 0x7ffull << 52 : 0xffull << 23; }
static uint64_t frac_mask(bool dp) { return dp ? (1ull << 52) - 1 : (1ull << 23) - 1; }
static uint64_t quiet_bit(bool dp) { return dp ? 1ull << 51 : 1ull << 22; }
/* The smallest normal magnitude, as bits. */
static uint64_t min_normal(bool dp) { return dp ? 1ull << 52 : 1ull << 23; }
static uint64_t default_nan(bool dp) { return dp ? 0x7ff8000000000000ull : 0x7fc00000u; }

static bool is_nan(uint64_t v, bool dp) { return (v & ~sign_bit(dp)) > exp_mask(dp); }
static bool is_snan(uint64_t v, bool dp) { return is_nan(v, dp) && !(v & quiet_bit(dp)); }
static bool is_inf(uint64_t v, bool dp) { return (v & ~sign_bit(dp)) == exp_mask(dp); }
static bool is_denormal(uint64_t v, bool dp)
{
    return (v & exp_mask(dp)) == 0 && (v & frac_mask(dp)) != 0;
}

static float f32_of(uint64_t v) { float f; uint32_t w = (uint32_t)v; memcpy(&f, &w, 4); return f; }
static double f64_of(uint64_t v) { double d; memcpy(&d, &v, 8); return d; }
static uint64_t bits_f64(double d) { uint64_t v; memcpy(&v, &d, 8); return v; }

/* ---- one operation's context: FPSCR and the flags it raises ---- */

struct vfp_ctx {
    uint32_t fpscr;
    uint32_t exc;   /* cumulative flags raised, FPSCR bit positions */
};

static unsigned rmode(const struct vfp_ctx *c) { return (c->fpscr >> VFP_RMODE_SHIFT) & 3; }

/* Flush-to-zero of an operand. */
static uint64_t squash(struct vfp_ctx *c, uint64_t v, bool dp)
{
    if ((c->fpscr & VFP_FZ) && is_denormal(v, dp)) {
        c->exc |= VFP_IDC;
        return v & sign_bit(dp);
    }
    return v;
}

/* A NaN operand as a result: quieted, or the default NaN (FPSCR.DN). A
 * signalling NaN raises IOC. */
static uint64_t quieten(struct vfp_ctx *c, uint64_t v, bool dp)
{
    if (is_snan(v, dp))
        c->exc |= VFP_IOC;
    return (c->fpscr & VFP_DN) ? default_nan(dp) : v | quiet_bit(dp);
}

/* The result of an operation with a NaN among a and b (ARM ARM C2.3.2): the
 * first signalling NaN, else the first quiet one. Any signalling NaN
 * raises IOC. */
static uint64_t nan_result(struct vfp_ctx *c, uint64_t a, uint64_t b, bool dp)
{
    uint64_t pick = is_snan(a, dp) ? a : is_snan(b, dp) ? b : is_nan(a, dp) ? a : b;

    if (is_snan(a, dp) || is_snan(b, dp))
        c->exc |= VFP_IOC;
    return (c->fpscr & VFP_DN) ? default_nan(dp) : pick | quiet_bit(dp);
}

/* ---- host arithmetic ---- */

/* ARM RMode (RN, RP, RM, RZ) as the host's rounding direction. */
static const enum hostfp_rounding host_rounding[4] = { HOSTFP_NEAREST, HOSTFP_UP, HOSTFP_DOWN, HOSTFP_ZERO };

/* Runs op rounding as ARM mode rm does; *exc receives the HOSTFP_* flags. */
static uint64_t host_exec(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, unsigned rm, unsigned *exc)
{
    return hostfp_round(op, dp, a, b, host_rounding[rm], exc);
}

/* Whether the exact result of op, rounded to r, was tiny: nonzero and below
 * the smallest normal magnitude. */
static bool is_tiny(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, uint64_t r, bool inexact)
{
    uint64_t mag = r & ~sign_bit(dp);
    unsigned exc;

    if (mag == 0)
        return inexact;
    if (mag != min_normal(dp))
        return mag < min_normal(dp);
    if (!inexact)
        return false;
    /* Rounding up may have reached the smallest normal from below;
     * rounding towards zero cannot. */
    mag = host_exec(op, dp, a, b, 3, &exc) & ~sign_bit(dp);
    return mag < min_normal(dp);
}

/* ---- the fast path ---- */

/* The common case, without touching the host's environment: rounding to
 * nearest with ordinary operands and result, where nothing but Inexact can
 * be raised (translate/hostfp.c). False when the slow path must decide. */
static bool vfp_fast(struct vfp_ctx *c, enum hostfp_op op, bool dp, uint64_t a, uint64_t b, uint64_t *r)
{
    bool inexact;
    if (rmode(c) != 0 || !hostfp_nearest(op, dp, a, b, r, &inexact))
        return false;
    if (inexact)
        c->exc |= VFP_IXC;
    return true;
}

/* ---- rounding ---- */

/* The rounded result of op on operands that are not NaNs, with the flags
 * ARM raises. dp is the precision of the result. */
static uint64_t vfp_round(struct vfp_ctx *c, enum hostfp_op op, bool dp, uint64_t a, uint64_t b)
{
    unsigned exc;
    uint64_t r;

    if (vfp_fast(c, op, dp, a, b, &r))
        return r;
    r = host_exec(op, dp, a, b, rmode(c), &exc);
    bool inexact = exc & HOSTFP_INEXACT;

    if (exc & HOSTFP_INVALID) {
        c->exc |= VFP_IOC;
        return default_nan(dp);
    }
    if (exc & HOSTFP_DIVBYZERO)
        c->exc |= VFP_DZC;
    if (exc & HOSTFP_OVERFLOW)
        c->exc |= VFP_OFC;
    if (!(exc & HOSTFP_OVERFLOW) && is_tiny(op, dp, a, b, r, inexact)) {
        if (c->fpscr & VFP_FZ) {
            c->exc |= VFP_UFC;
            return r & sign_bit(dp);
        }
        if (inexact)
            c->exc |= VFP_UFC;
    }
    if (inexact)
        c->exc |= VFP_IXC;
    return r;
}

/* ---- the ARM operations ---- */

static uint64_t vfp_binop(struct vfp_ctx *c, enum hostfp_op op, bool dp, uint64_t a, uint64_t b)
{
    a = squash(c, a, dp);
    b = squash(c, b, dp);
    if (is_nan(a, dp) || is_nan(b, dp))
        return nan_result(c, a, b, dp);
    return vfp_round(c, op, dp, a, b);
}

static uint64_t vfp_sqrt(struct vfp_ctx *c, bool dp, uint64_t a)
{
    a = squash(c, a, dp);
    if (is_nan(a, dp))
        return quieten(c, a, dp);
    if ((a & sign_bit(dp)) && (a & ~sign_bit(dp))) {   /* below zero: invalid */
        c->exc |= VFP_IOC;
        return default_nan(dp);
    }
    return vfp_round(c, HOSTFP_SQRT, dp, a, 0);
}

static uint64_t vfp_neg(uint64_t a, bool dp) { return a ^ sign_bit(dp); }

/* One element of arm_helper_vfp_arith: fd is the destination's old value.
 * The multiply-accumulate forms round the product, then add it to (the
 * negation of) fd with fd first, so a NaN in fd wins (ARM ARM C4). */
static uint64_t vfp_arith_one(struct vfp_ctx *c, unsigned op, bool dp, uint64_t fd, uint64_t fn, uint64_t fm)
{
    uint64_t p;

    switch (op) {
    case VFP_ADD: return vfp_binop(c, HOSTFP_ADD, dp, fn, fm);
    case VFP_SUB: return vfp_binop(c, HOSTFP_SUB, dp, fn, fm);
    case VFP_DIV: return vfp_binop(c, HOSTFP_DIV, dp, fn, fm);
    case VFP_MUL: return vfp_binop(c, HOSTFP_MUL, dp, fn, fm);
    case VFP_NMUL: return vfp_neg(vfp_binop(c, HOSTFP_MUL, dp, fn, fm), dp);
    case VFP_CPY: return fm;
    case VFP_ABS: return fm & ~sign_bit(dp);
    case VFP_NEG: return vfp_neg(fm, dp);
    case VFP_SQRT: return vfp_sqrt(c, dp, fm);
    default: break;
    }
    p = vfp_binop(c, HOSTFP_MUL, dp, fn, fm);
    if (op == VFP_NMAC || op == VFP_NMSC)
        p = vfp_neg(p, dp);
    if (op == VFP_MSC || op == VFP_NMSC)
        fd = vfp_neg(fd, dp);
    return vfp_binop(c, HOSTFP_ADD, dp, fd, p);
}

/* ---- the register file ---- */

static uint64_t reg_read(const struct arm_cpu *cpu, unsigned r, bool dp)
{
    if (dp)
        return cpu->vfp_d[r];
    return (uint32_t)(cpu->vfp_d[r >> 1] >> (32 * (r & 1)));
}

static void reg_write(struct arm_cpu *cpu, unsigned r, bool dp, uint64_t v)
{
    if (dp) {
        cpu->vfp_d[r] = v;
        return;
    }
    unsigned shift = 32 * (r & 1);
    cpu->vfp_d[r >> 1] = (cpu->vfp_d[r >> 1] & ~(0xffffffffull << shift)) | ((uint64_t)(uint32_t)v << shift);
}

/* Short vectors (ARM ARM C5.1). Registers come in banks of 8 singles or 4
 * doubles; a destination in the first bank makes the operation scalar.
 * Otherwise it runs LEN + 1 times, d and n stepping by the stride within
 * their banks, and m too unless it is in the first bank (then it is the
 * same scalar each time). STRIDE 01 and 10 are UNPREDICTABLE: taken as 1. */
struct vfp_vec {
    unsigned len, step_d, step_m, bank;
};

static struct vfp_vec vfp_vector(uint32_t fpscr, bool dp, unsigned d, unsigned m)
{
    struct vfp_vec v = { 1, 0, 0, dp ? 3 : 7 };
    unsigned len = ((fpscr >> VFP_LEN_SHIFT) & 7) + 1;
    unsigned stride = ((fpscr >> VFP_STRIDE_SHIFT) & 3) == 3 ? 2 : 1;

    if (len == 1 || (d & ~v.bank) == 0)
        return v;
    v.len = len;
    v.step_d = stride;
    v.step_m = (m & ~v.bank) ? stride : 0;
    return v;
}

static unsigned vfp_step(unsigned r, unsigned step, unsigned bank)
{
    return (r & ~bank) | ((r + step) & bank);
}

/* ---- the helpers ---- */

/* Data processing: op is an enum vfp_arith_op, with VFP_OP_DP; d, n, m are
 * register numbers. */
uint64_t arm_helper_vfp_arith(void *opaque, uint64_t op, uint64_t d, uint64_t n, uint64_t m)
{
    struct arm_cpu *cpu = opaque;
    bool dp = op & VFP_OP_DP;
    struct vfp_ctx c = { cpu->fpscr, 0 };
    struct vfp_vec v = vfp_vector(cpu->fpscr, dp, (unsigned)d, (unsigned)m);
    unsigned rd = (unsigned)d, rn = (unsigned)n, rm = (unsigned)m;

    for (unsigned i = 0; i < v.len; i++) {
        uint64_t r = vfp_arith_one(&c, op & 15, dp, reg_read(cpu, rd, dp), reg_read(cpu, rn, dp),
                                   reg_read(cpu, rm, dp));
        reg_write(cpu, rd, dp, r);
        rd = vfp_step(rd, v.step_d, v.bank);
        rn = vfp_step(rn, v.step_d, v.bank);
        rm = vfp_step(rm, v.step_m, v.bank);
    }
    cpu->fpscr |= c.exc;
    return 0;
}

/* FCMP, FCMPE (signal_quiet: a quiet NaN raises IOC too), and the Z
 * forms (b is +0): FPSCR.NZCV = 0110 equal, 1000 less, 0010 greater,
 * 0011 unordered. */
static uint32_t vfp_compare(uint32_t fpscr, bool dp, uint64_t a, uint64_t b, bool signal_quiet)
{
    struct vfp_ctx c = { fpscr, 0 };
    uint32_t nzcv;

    a = squash(&c, a, dp);
    b = squash(&c, b, dp);
    if (is_nan(a, dp) || is_nan(b, dp)) {
        if (signal_quiet || is_snan(a, dp) || is_snan(b, dp))
            c.exc |= VFP_IOC;
        nzcv = 0x3;
    } else {
        double x = dp ? f64_of(a) : f32_of(a), y = dp ? f64_of(b) : f32_of(b);
        nzcv = x == y ? 0x6 : x < y ? 0x8 : 0x2;
    }
    return (fpscr & 0x0fffffffu) | nzcv << 28 | c.exc;
}

/* The compares take FPSCR and return it: they touch no other state. */
uint64_t arm_helper_vfp_cmp_s(void *opaque, uint64_t fpscr, uint64_t a, uint64_t b, uint64_t signal_quiet)
{
    (void)opaque;
    return vfp_compare((uint32_t)fpscr, false, a, b, signal_quiet != 0);
}

uint64_t arm_helper_vfp_cmp_d(void *opaque, uint64_t fpscr, uint64_t a, uint64_t b, uint64_t signal_quiet)
{
    (void)opaque;
    return vfp_compare((uint32_t)fpscr, true, a, b, signal_quiet != 0);
}

/* A NaN converted to the other precision keeps its sign and the top of
 * its fraction, quieted. */
static uint64_t nan_convert(struct vfp_ctx *c, uint64_t a, bool from_dp)
{
    if (is_snan(a, from_dp))
        c->exc |= VFP_IOC;
    if (c->fpscr & VFP_DN)
        return default_nan(!from_dp);
    a |= quiet_bit(from_dp);
    if (from_dp)
        return (a >> 32 & 0x80000000u) | 0x7f800000u | ((a & frac_mask(true)) >> 29);
    return (a & 0x80000000u) << 32 | exp_mask(true) | (a & frac_mask(false)) << 29;
}

static uint64_t vfp_convert_ff(struct vfp_ctx *c, uint64_t a, bool from_dp)
{
    a = squash(c, a, from_dp);
    if (is_nan(a, from_dp))
        return nan_convert(c, a, from_dp);
    if (from_dp)
        return vfp_round(c, HOSTFP_NARROW, false, a, 0);
    return bits_f64((double)f32_of(a));   /* widening is exact */
}

/* Magnitude m (nonzero, below 2^53) times 2^e, rounded to an integer in
 * mode rm for a value of sign neg; sets *inexact when it was not one. A
 * result of 2^64 or more is UINT64_MAX: it saturates either way. */
static uint64_t round_to_integer(uint64_t m, int e, bool neg, unsigned rm, bool *inexact)
{
    uint64_t q, rem, half;
    bool up;

    if (e >= 0)
        return e > 11 ? UINT64_MAX : m << e;
    *inexact = true;
    if (e < -60) {   /* below 2^-7: zero or one unit away from it */
        q = 0;
        rem = 1;
        half = 2;
    } else {
        q = m >> -e;
        rem = m & ((1ull << -e) - 1);
        half = 1ull << (-e - 1);
        *inexact = rem != 0;
    }
    switch (rm) {
    case 0: up = rem > half || (rem == half && (q & 1)); break;
    case 1: up = rem && !neg; break;
    case 2: up = rem && neg; break;
    default: up = false; break;
    }
    return q + up;
}

/* FTOSI, FTOUI and their Z forms: a is single or double (dp), the result a
 * 32-bit integer, saturated. */
static uint32_t vfp_to_int(struct vfp_ctx *c, uint64_t a, bool dp, bool is_signed, unsigned rm)
{
    unsigned fbits = dp ? 52 : 23, bias = dp ? 1023 : 127;
    bool neg, inexact = false;
    uint64_t mag, exp, m;

    a = squash(c, a, dp);
    if (is_nan(a, dp)) {
        c->exc |= VFP_IOC;
        return 0;
    }
    neg = (a & sign_bit(dp)) != 0;
    exp = (a & exp_mask(dp)) >> fbits;
    m = a & frac_mask(dp);
    if (is_inf(a, dp))
        mag = UINT64_MAX;
    else if (exp == 0 && m == 0)
        mag = 0;
    else
        mag = round_to_integer(exp ? m | 1ull << fbits : m, (int)(exp ? exp : 1) - (int)bias - (int)fbits,
                               neg, rm, &inexact);
    uint64_t lim = is_signed ? (neg ? 1ull << 31 : (1ull << 31) - 1) : (neg ? 0 : UINT32_MAX);
    if (mag > lim) {
        c->exc |= VFP_IOC;
        return (uint32_t)(neg ? (is_signed ? 0x80000000u : 0) : lim);
    }
    if (inexact)
        c->exc |= VFP_IXC;
    return (uint32_t)(neg ? -mag : mag);
}

/* Conversions: op is an enum vfp_cvt_op with VFP_OP_DP for the
 * floating-point side in double precision; a is the source value, the
 * result is zero-extended (an integer goes to a single-precision
 * register). */
uint64_t arm_helper_vfp_convert(void *opaque, uint64_t op, uint64_t a, uint64_t unused1, uint64_t unused2)
{
    struct arm_cpu *cpu = opaque;
    bool dp = op & VFP_OP_DP;
    struct vfp_ctx c = { cpu->fpscr, 0 };
    unsigned kind = op & 15;
    uint64_t r;

    (void)unused1;
    (void)unused2;
    switch (kind) {
    case VFP_CVT_FF:
        r = vfp_convert_ff(&c, dp ? a : (uint32_t)a, dp);
        break;
    case VFP_UITO:
    case VFP_SITO:
        r = vfp_round(&c, kind == VFP_SITO ? HOSTFP_FROM_S32 : HOSTFP_FROM_U32, dp, (uint32_t)a, 0);
        break;
    default: {
        bool z = kind == VFP_TOUIZ || kind == VFP_TOSIZ;
        bool s = kind == VFP_TOSI || kind == VFP_TOSIZ;
        r = vfp_to_int(&c, dp ? a : (uint32_t)a, dp, s, z ? 3 : rmode(&c));
        break;
    }
    }
    if (c.exc)
        cpu->fpscr |= c.exc;
    return r;
}

/* ---- scalar arithmetic ----
 *
 * One helper per operation and precision, on operand values. Each first
 * takes the host's result as it is when FPSCR allows (quick_fpscr) and the
 * result shows that nothing but Inexact was raised (hostfp_plain_d/_s);
 * otherwise the full rules above decide. FPSCR is read from the CPU state
 * rather than passed in: as an argument it was no faster (matfp), and the
 * flags go there anyway. */

/* Rounding to nearest without flush-to-zero, and IXC already set, so that
 * whether this result is inexact changes nothing. */
static bool quick_fpscr(uint32_t fpscr)
{
    return (fpscr & (VFP_RMODE_MASK | VFP_FZ | VFP_IXC)) == VFP_IXC;
}

/* One element through the full rules, its flags added to FPSCR. Out of
 * line, so that the quick path saves no registers. */
static __attribute__((noinline, cold)) uint64_t scalar_slow(struct arm_cpu *cpu, unsigned op, bool dp, uint64_t fd,
                                                            uint64_t fn, uint64_t fm)
{
    struct vfp_ctx c = { cpu->fpscr, 0 };
    uint64_t r = vfp_arith_one(&c, op, dp, fd, fn, fm);
    if (c.exc)
        cpu->fpscr |= c.exc;
    return r;
}

static uint64_t bits_f32(float f) { uint32_t w; memcpy(&w, &f, 4); return w; }

/* A binary operation whose host result is r. */
static uint64_t binop_d(void *opaque, unsigned op, uint64_t a, uint64_t b, double r)
{
    struct arm_cpu *cpu = opaque;
    if (quick_fpscr(cpu->fpscr) && hostfp_plain_d(r))
        return bits_f64(r);
    return scalar_slow(cpu, op, true, 0, a, b);
}

static uint64_t binop_s(void *opaque, unsigned op, uint64_t a, uint64_t b, float r)
{
    struct arm_cpu *cpu = opaque;
    if (quick_fpscr(cpu->fpscr) && hostfp_plain_s(r))
        return bits_f32(r);
    return scalar_slow(cpu, op, false, 0, (uint32_t)a, (uint32_t)b);
}

#define VFP_BINOP(name, op, expr)                                                                   \
    uint64_t arm_helper_vfp_##name##_d(void *cpu, uint64_t a, uint64_t b, uint64_t u1, uint64_t u2) \
    {                                                                                               \
        double x = f64_of(a), y = f64_of(b);                                                        \
        (void)u1, (void)u2;                                                                         \
        return binop_d(cpu, op, a, b, expr);                                                        \
    }                                                                                               \
    uint64_t arm_helper_vfp_##name##_s(void *cpu, uint64_t a, uint64_t b, uint64_t u1, uint64_t u2) \
    {                                                                                               \
        float x = f32_of(a), y = f32_of(b);                                                         \
        (void)u1, (void)u2;                                                                         \
        return binop_s(cpu, op, a, b, expr);                                                        \
    }

VFP_BINOP(add, VFP_ADD, x + y)
VFP_BINOP(sub, VFP_SUB, x - y)
VFP_BINOP(mul, VFP_MUL, x * y)
VFP_BINOP(div, VFP_DIV, x / y)

/* FNMUL: the product is checked, its negation returned. */
uint64_t arm_helper_vfp_nmul_d(void *cpu, uint64_t a, uint64_t b, uint64_t u1, uint64_t u2)
{
    (void)u1, (void)u2;
    return binop_d(cpu, VFP_MUL, a, b, f64_of(a) * f64_of(b)) ^ sign_bit(true);
}

uint64_t arm_helper_vfp_nmul_s(void *cpu, uint64_t a, uint64_t b, uint64_t u1, uint64_t u2)
{
    (void)u1, (void)u2;
    return binop_s(cpu, VFP_MUL, a, b, f32_of(a) * f32_of(b)) ^ sign_bit(false);
}

uint64_t arm_helper_vfp_sqrt_d(void *opaque, uint64_t a, uint64_t u1, uint64_t u2, uint64_t u3)
{
    struct arm_cpu *cpu = opaque;
    double r = hostfp_sqrt(f64_of(a));
    (void)u1, (void)u2, (void)u3;
    if (quick_fpscr(cpu->fpscr) && hostfp_plain_d(r))
        return bits_f64(r);
    return scalar_slow(cpu, VFP_SQRT, true, 0, 0, a);
}

uint64_t arm_helper_vfp_sqrt_s(void *opaque, uint64_t a, uint64_t u1, uint64_t u2, uint64_t u3)
{
    struct arm_cpu *cpu = opaque;
    float r = hostfp_sqrtf(f32_of(a));
    (void)u1, (void)u2, (void)u3;
    if (quick_fpscr(cpu->fpscr) && hostfp_plain_s(r))
        return bits_f32(r);
    return scalar_slow(cpu, VFP_SQRT, false, 0, 0, (uint32_t)a);
}

/* The multiply-accumulate forms: fd (negated for MSC and NMSC) plus the
 * rounded product (negated for NMAC and NMSC), rounded again. */
#define VFP_MAC(name, op, neg_acc, neg_product)                                                        \
    uint64_t arm_helper_vfp_##name##_d(void *opaque, uint64_t fd, uint64_t fn, uint64_t fm, uint64_t u) \
    {                                                                                                  \
        struct arm_cpu *cpu = opaque;                                                                  \
        double p = f64_of(fn) * f64_of(fm), acc = f64_of(fd);                                          \
        double r = (neg_acc ? -acc : acc) + (neg_product ? -p : p);                                    \
        (void)u;                                                                                       \
        if (quick_fpscr(cpu->fpscr) && hostfp_plain_d(p) && hostfp_plain_d(r))                         \
            return bits_f64(r);                                                                        \
        return scalar_slow(cpu, op, true, fd, fn, fm);                                                 \
    }                                                                                                  \
    uint64_t arm_helper_vfp_##name##_s(void *opaque, uint64_t fd, uint64_t fn, uint64_t fm, uint64_t u) \
    {                                                                                                  \
        struct arm_cpu *cpu = opaque;                                                                  \
        float p = f32_of(fn) * f32_of(fm), acc = f32_of(fd);                                           \
        float r = (neg_acc ? -acc : acc) + (neg_product ? -p : p);                                     \
        (void)u;                                                                                       \
        if (quick_fpscr(cpu->fpscr) && hostfp_plain_s(p) && hostfp_plain_s(r))                         \
            return bits_f32(r);                                                                        \
        return scalar_slow(cpu, op, false, (uint32_t)fd, (uint32_t)fn, (uint32_t)fm);                  \
    }

VFP_MAC(mac, VFP_MAC, false, false)
VFP_MAC(nmac, VFP_NMAC, false, true)
VFP_MAC(msc, VFP_MSC, true, false)
VFP_MAC(nmsc, VFP_NMSC, true, true)
