/* translate/hostfp.c against the host's own flags: whenever hostfp_nearest
 * (or hostfp_quick) takes an operation, the result and Inexact must be
 * what the host computes with MXCSR cleared before and read after, and
 * the host must have raised nothing else. Operands are random bit patterns biased towards the edges
 * (zeros, denormals, extremes, near-equal pairs, exactly representable
 * results). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <emmintrin.h>

#include "hostfp.h"

enum { ROUNDS = 200000, MXCSR_FLAGS = 0x3f, MXCSR_DE = 0x02, MXCSR_PE = 0x20 };

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static double f64(uint64_t v) { double d; memcpy(&d, &v, 8); return d; }
static float f32(uint64_t v) { float f; uint32_t w = (uint32_t)v; memcpy(&f, &w, 4); return f; }
static uint64_t bits64(double d) { uint64_t v; memcpy(&v, &d, 8); return v; }
static uint64_t bits32(float f) { uint32_t w; memcpy(&w, &f, 4); return w; }

/* A double: mostly ordinary, sometimes a zero, denormal, extreme or a
 * short mantissa (so that exact results occur). */
static uint64_t random_double(uint64_t *s)
{
    uint64_t r = next_random(s), sign = r & (1ull << 63);
    switch (r % 8) {
    case 0: return sign;
    case 1: return sign | (next_random(s) & ((1ull << 52) - 1));          /* denormal */
    case 2: return sign | (uint64_t)(1 + r % 2046) << 52 | (next_random(s) & ((1ull << 52) - 1));
    case 3: return bits64((double)(int32_t)next_random(s) / (1 << (r >> 8) % 16));
    case 4: return sign | (uint64_t)(1023 - 420 + r % 840) << 52 | (next_random(s) & ((1ull << 52) - 1));
    default: return sign | (uint64_t)(1013 + r % 20) << 52 | (next_random(s) & (0xfffull << 40));
    }
}

static uint64_t random_single(uint64_t *s)
{
    uint64_t r = next_random(s), sign = r & (1u << 31);
    switch (r % 7) {
    case 0: return sign;
    case 1: return sign | (next_random(s) & ((1u << 23) - 1));
    case 2: return sign | (uint64_t)(1 + r % 254) << 23 | (next_random(s) & ((1u << 23) - 1));
    case 3: return bits32((float)(int16_t)next_random(s) / (1 << (r >> 8) % 8));
    default: return sign | (uint64_t)(120 + r % 14) << 23 | (next_random(s) & (0x3ffu << 13));
    }
}

/* The reference: the host's arithmetic, with its flags. */
static uint64_t host_op(enum hostfp_op op, bool dp, uint64_t a, uint64_t b, unsigned *flags)
{
    unsigned base = _mm_getcsr() & ~MXCSR_FLAGS;
    _mm_setcsr(base);
    volatile double x = f64(a), y = f64(b), rd = 0;
    volatile float xs = f32(a), ys = f32(b), rs = 0;
    switch (op) {
    case HOSTFP_ADD: if (dp) rd = x + y; else rs = xs + ys; break;
    case HOSTFP_SUB: if (dp) rd = x - y; else rs = xs - ys; break;
    case HOSTFP_MUL: if (dp) rd = x * y; else rs = xs * ys; break;
    case HOSTFP_DIV: if (dp) rd = x / y; else rs = xs / ys; break;
    case HOSTFP_SQRT: if (dp) rd = __builtin_sqrt(x); else rs = __builtin_sqrtf(xs); break;
    case HOSTFP_NARROW: rs = (float)x; break;
    case HOSTFP_FROM_S32: if (dp) rd = (int32_t)a; else rs = (float)(int32_t)a; break;
    case HOSTFP_FROM_U32: if (dp) rd = (uint32_t)a; else rs = (float)(uint32_t)a; break;
    case HOSTFP_FROM_S64: if (dp) rd = (double)(int64_t)a; else rs = (float)(int64_t)a; break;
    }
    *flags = _mm_getcsr() & MXCSR_FLAGS;
    _mm_setcsr(base);
    return dp ? bits64(rd) : bits32(rs);
}

static unsigned check_op(enum hostfp_op op, bool dp, uint64_t a, uint64_t b)
{
    uint64_t r;
    bool inexact;
    if (!hostfp_nearest(op, dp, a, b, &r, &inexact))
        return 0;
    unsigned flags;
    uint64_t want = host_op(op, dp, a, b, &flags);
    if (r != want || inexact != ((flags & MXCSR_PE) != 0) || (flags & ~MXCSR_PE)) {
        print_error("op %d dp %d a %#llx b %#llx: got %#llx inexact %d, host %#llx flags %#x\n", op, dp,
                    (unsigned long long)a, (unsigned long long)b, (unsigned long long)r, inexact,
                    (unsigned long long)want, flags);
        fail();
    }
    return 1;
}

static void test_arithmetic(void **state)
{
    (void)state;
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    unsigned taken[2][HOSTFP_SQRT + 1] = { { 0 } };
    for (unsigned i = 0; i < ROUNDS; i++) {
        for (int dp = 0; dp < 2; dp++) {
            uint64_t a = dp ? random_double(&seed) : random_single(&seed);
            uint64_t b = dp ? random_double(&seed) : random_single(&seed);
            if (i % 5 == 0)   /* near-equal operands: cancellation */
                b = (a ^ (dp ? 1ull << 63 : 1u << 31)) + next_random(&seed) % 4;
            for (int op = HOSTFP_ADD; op <= HOSTFP_SQRT; op++)
                taken[dp][op] += check_op(op, dp, a, b);
        }
    }
    /* The fast path must actually take the ordinary cases. */
    for (int dp = 0; dp < 2; dp++)
        for (int op = HOSTFP_ADD; op <= HOSTFP_SQRT; op++)
            assert_true(taken[dp][op] > ROUNDS / 4);
}

static void test_conversions(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    for (unsigned i = 0; i < ROUNDS; i++) {
        uint64_t v = next_random(&seed) >> (next_random(&seed) % 64);
        if (i & 1)
            v = -v;
        for (int dp = 0; dp < 2; dp++)
            for (int op = HOSTFP_FROM_S32; op <= HOSTFP_FROM_S64; op++)
                assert_int_equal(check_op(op, dp, v, 0), 1);
        check_op(HOSTFP_NARROW, false, random_double(&seed), 0);
    }
    /* Edges: the largest integers, and doubles just around the single range. */
    uint64_t edges[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull,
                         0xffffffffffffffffull, 0x7fffffbfffffffffull };
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        for (int dp = 0; dp < 2; dp++)
            for (int op = HOSTFP_FROM_S32; op <= HOSTFP_FROM_S64; op++)
                check_op(op, dp, edges[i], 0);
    uint64_t narrow[] = { bits64(3.4028234663852886e38), bits64(3.4028235677973366e38), bits64(1.1754943508222875e-38),
                          bits64(1.1754942e-38), bits64(1e-300), bits64(-0.0), bits64(1.0 / 3) };
    for (size_t i = 0; i < sizeof(narrow) / sizeof(narrow[0]); i++)
        check_op(HOSTFP_NARROW, false, narrow[i], 0);
}

/* Operands of any kind, infinities and NaNs too. */
static uint64_t any_operand(uint64_t *s, bool dp)
{
    static const uint64_t special_d[] = { 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
                                          0x7ff0000000000001ull, 0x0010000000000000ull, 0x7fefffffffffffffull };
    static const uint64_t special_s[] = { 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x00800000, 0x7f7fffff };
    uint64_t r = next_random(s);
    if (r % 8 == 0)
        return dp ? special_d[(r >> 8) % 6] : special_s[(r >> 8) % 6];
    return dp ? random_double(s) : random_single(s);
}

/* A random value whose exponent mirrors a's about the middle of the range. */
static uint64_t mirrored(uint64_t *s, bool dp, uint64_t a)
{
    unsigned shift = dp ? 52 : 23, top = dp ? 2046 : 254;
    uint64_t exp = (a >> shift) & (top + 1), mant = next_random(s) & ((1ull << shift) - 1);
    return (exp <= top ? top - exp : 1) << shift | mant;
}

static bool plain(bool dp, uint64_t r)
{
    return dp ? hostfp_plain_d(f64(r)) : hostfp_plain_s(f32(r));
}

/* hostfp_plain_d/_s: with a result they accept the host raised nothing but
 * perhaps Inexact, rounding to nearest, whatever the operands (x86's
 * denormal-operand flag is no IEEE exception). */
static void test_plain_results(void **state)
{
    (void)state;
    uint64_t seed = 0x2545f4914f6cdd1dull;
    unsigned accepted = 0;
    for (unsigned i = 0; i < ROUNDS; i++) {
        for (int dp = 0; dp < 2; dp++) {
            uint64_t a = any_operand(&seed, dp), b = any_operand(&seed, dp);
            if (i % 5 == 0)   /* products and quotients near the ends of the range */
                b = mirrored(&seed, dp, a);
            for (int op = HOSTFP_ADD; op <= HOSTFP_SQRT; op++) {
                unsigned flags;
                uint64_t r = host_op(op, dp, a, b, &flags);
                if (!plain(dp, r))
                    continue;
                accepted++;
                if (flags & ~(MXCSR_PE | MXCSR_DE)) {
                    print_error("op %d dp %d a %#llx b %#llx: plain %#llx with flags %#x\n", op, dp,
                                (unsigned long long)a, (unsigned long long)b, (unsigned long long)r, flags);
                    fail();
                }
            }
        }
    }
    assert_true(accepted > ROUNDS);
    assert_false(hostfp_plain_d(f64(0x0010000000000000ull)));   /* the smallest normal may be tiny */
    assert_true(hostfp_plain_d(f64(0x0010000000000001ull)));
    assert_false(hostfp_plain_d(-0.0));
    assert_true(hostfp_plain_d(f64(0xffefffffffffffffull)));
    assert_false(hostfp_plain_s(f32(0x80800000)));
    assert_true(hostfp_plain_s(f32(0x7f7fffff)));
    assert_false(hostfp_plain_s(f32(0x7f800000)));
}

/* hostfp_quick's inline sums and products against the host, on operands
 * of any kind: when it takes one, result and Inexact are the host's and
 * nothing else was raised. */
static void test_quick_sums_and_products(void **state)
{
    (void)state;
    static const enum hostfp_op ops[] = { HOSTFP_ADD, HOSTFP_SUB, HOSTFP_MUL };
    uint64_t seed = 0x853c49e6748fea9bull;
    unsigned taken = 0, inexact_seen = 0;
    for (unsigned i = 0; i < ROUNDS; i++) {
        for (int dp = 0; dp < 2; dp++) {
            uint64_t a = any_operand(&seed, dp), b = any_operand(&seed, dp);
            if (i % 5 == 0)
                b = mirrored(&seed, dp, a);
            else if (i % 5 == 1)   /* near-equal operands: cancellation */
                b = (a ^ (dp ? 1ull << 63 : 1u << 31)) + next_random(&seed) % 4;
            for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
                uint64_t r;
                bool inexact;
                unsigned flags;
                if (!hostfp_quick(ops[k], dp, a, b, &r, &inexact))
                    continue;
                taken++;
                inexact_seen += inexact;
                uint64_t want = host_op(ops[k], dp, a, b, &flags);
                if (r != want || inexact != ((flags & MXCSR_PE) != 0) || (flags & ~(MXCSR_PE | MXCSR_DE))) {
                    print_error("op %d dp %d a %#llx b %#llx: got %#llx inexact %d, host %#llx flags %#x\n",
                                ops[k], dp, (unsigned long long)a, (unsigned long long)b, (unsigned long long)r,
                                inexact, (unsigned long long)want, flags);
                    fail();
                }
            }
        }
    }
    assert_true(taken > ROUNDS);
    assert_true(inexact_seen > ROUNDS / 4 && inexact_seen < taken - ROUNDS / 4);
}

/* What the slow path must keep: operations whose flags are more than
 * Inexact are refused. */
static void test_refusals(void **state)
{
    (void)state;
    uint64_t r;
    bool inexact;
    assert_false(hostfp_nearest(HOSTFP_DIV, true, bits64(1.0), bits64(0.0), &r, &inexact));
    assert_false(hostfp_nearest(HOSTFP_SQRT, true, bits64(-4.0), 0, &r, &inexact));
    assert_true(hostfp_nearest(HOSTFP_SQRT, true, bits64(-0.0), 0, &r, &inexact));
    assert_int_equal(r, bits64(-0.0));
    assert_false(hostfp_nearest(HOSTFP_ADD, true, 0x7ff0000000000000ull, bits64(1.0), &r, &inexact));
    assert_false(hostfp_nearest(HOSTFP_MUL, false, bits32(1e-30f), bits32(1e-30f), &r, &inexact));
    assert_false(hostfp_nearest(HOSTFP_MUL, false, bits32(1e30f), bits32(1e30f), &r, &inexact));
    assert_false(hostfp_nearest(HOSTFP_NARROW, false, bits64(1e300), 0, &r, &inexact));
    assert_false(hostfp_nearest(HOSTFP_ADD, false, 0x7fc00000, bits32(1.0f), &r, &inexact));
    assert_true(hostfp_nearest(HOSTFP_DIV, true, bits64(1.0), bits64(3.0), &r, &inexact));
    assert_true(inexact);
    assert_true(hostfp_nearest(HOSTFP_DIV, true, bits64(1.0), bits64(4.0), &r, &inexact));
    assert_false(inexact);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_plain_results),
        cmocka_unit_test(test_quick_sums_and_products),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
