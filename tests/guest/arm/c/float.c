/* Float and double arithmetic on VFP (built with -mfpu=vfp
 * -mfloat-abi=softfp): results printed exactly (%a) and in decimal
 * (%.17g), rounding modes and exception flags through <fenv.h> (the C
 * library reaches FPSCR when AT_HWCAP has VFP), square roots, conversions
 * and their saturation, comparisons with NaN. Output compared with
 * qemu-arm's. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Operands come through volatile variables so the compiler computes
 * nothing at build time. */
static volatile double vd[] = {
    1.0, -2.5, 0.1, 3.0, 1e308, -1e-310, 0.0, -0.0, 123456789.125, 1.0 / 3.0,
    4.9406564584124654e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
};
static volatile float vf[] = {
    1.0f, -2.5f, 0.1f, 3.0f, 3e38f, -1e-40f, 0.0f, -0.0f, 16777217.0f, 1.0f / 3.0f,
    1.4e-45f, 1.17549435e-38f, 3.40282347e38f,
};
#define ND (sizeof(vd) / sizeof(vd[0]))
#define NF (sizeof(vf) / sizeof(vf[0]))

static uint64_t bits64(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static uint32_t bits32(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static void print_d(const char *what, double d)
{
    printf("%-10s %a %.17g %016llx\n", what, d, d, (unsigned long long)bits64(d));
}

static void print_f(const char *what, float f)
{
    printf("%-10s %a %.9g %08lx\n", what, (double)f, (double)f, (unsigned long)bits32(f));
}

static void arithmetic(void)
{
    for (unsigned i = 0; i < ND; i++) {
        for (unsigned j = 0; j < ND; j += 3) {
            double a = vd[i], b = vd[j];
            printf("d[%u] d[%u]\n", i, j);
            print_d(" add", a + b);
            print_d(" sub", a - b);
            print_d(" mul", a * b);
            print_d(" div", a / b);
            print_d(" mla", a + a * b);
            print_d(" nmul", -(a * b));
        }
    }
    for (unsigned i = 0; i < NF; i++) {
        for (unsigned j = 1; j < NF; j += 3) {
            float a = vf[i], b = vf[j];
            printf("f[%u] f[%u]\n", i, j);
            print_f(" add", a + b);
            print_f(" sub", a - b);
            print_f(" mul", a * b);
            print_f(" div", a / b);
            print_f(" mls", a - a * b);
        }
    }
}

/* Prints the exception flags e and ends the line. */
static void print_flags(int e)
{
    static const struct {
        int flag;
        const char *name;
    } names[] = {
        { FE_INVALID, "invalid" }, { FE_DIVBYZERO, "divbyzero" }, { FE_OVERFLOW, "overflow" },
        { FE_UNDERFLOW, "underflow" }, { FE_INEXACT, "inexact" },
    };
    printf(" flags");
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (e & names[i].flag)
            printf(" %s", names[i].name);
    printf("%s\n", e & FE_ALL_EXCEPT ? "" : " none");
}

/* The same operations in each rounding mode, with the flags they raise. */
static void rounding(void)
{
    static const int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
    static const char *const names[] = { "nearest", "upward", "downward", "towardzero" };
    for (unsigned m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0) {
            printf("fesetround %s failed\n", names[m]);
            continue;
        }
        printf("mode %s (fegetround %s)\n", names[m], fegetround() == modes[m] ? "agrees" : "differs");
        feclearexcept(FE_ALL_EXCEPT);
        print_d(" 1/3", vd[0] / vd[3]);
        print_d(" -1/3", -vd[0] / vd[3]);
        print_f(" 1/3f", vf[0] / vf[3]);
        print_f(" 0.1+1f", vf[2] + vf[0]);
        print_d(" max*3", vd[12] * vd[3]);
        print_d(" tiny/3", vd[10] / vd[3]);
        print_d(" sqrt2", sqrt(vd[3] - vd[0]));
        printf(" int %d %d %u\n", (int)(vd[8] * 1.5), (int)(-vd[8] / 7), (unsigned)(vd[8] / 3));
        print_flags(fetestexcept(FE_ALL_EXCEPT));
    }
    fesetround(FE_TONEAREST);
    static const struct {
        const char *what;
        double a, b;
        char op;
    } ops[] = {
        { "1/0", 1.0, 0.0, '/' }, { "0/0", 0.0, 0.0, '/' }, { "max*max", DBL_MAX, DBL_MAX, '*' },
        { "min*min", DBL_MIN, DBL_MIN, '*' }, { "1+1", 1.0, 1.0, '+' },
        { "inf-inf", INFINITY, INFINITY, '-' },
        { "min/2", DBL_MIN, 2.0, '/' }, { "1+eps/2", 1.0, DBL_EPSILON / 2, '+' },
    };
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        volatile double a = ops[i].a, b = ops[i].b, r;
        feclearexcept(FE_ALL_EXCEPT);
        switch (ops[i].op) {
        case '+': r = a + b; break;
        case '-': r = a - b; break;
        case '*': r = a * b; break;
        default: r = a / b; break;
        }
        printf("%-8s %a", ops[i].what, r);
        print_flags(fetestexcept(FE_ALL_EXCEPT));
    }
}

static void roots(void)
{
    for (unsigned i = 0; i < ND; i++)
        print_d("sqrt", sqrt(fabs(vd[i])));
    for (unsigned i = 0; i < NF; i++)
        print_f("sqrtf", sqrtf(fabsf(vf[i])));
    print_d("sqrt(-1)", sqrt(-vd[0]) != sqrt(-vd[0]) ? 0.0 : 1.0);
    /* Newton's iteration for the square root of 2, in float and double. */
    double x = 1.0;
    float y = 1.0f;
    for (int i = 0; i < 6; i++) {
        x = (x + 2.0 / x) / 2.0;
        y = (y + 2.0f / y) / 2.0f;
        printf("newton %d %a %a\n", i, x, (double)y);
    }
}

static void conversions(void)
{
    static volatile double big[] = { 2147483647.4, 2147483647.5, 2147483648.0, -2147483648.9, -2147483649.0,
                                     4294967295.9, 4294967296.0, -0.9, -1.0, 1e20, -1e20, 0.5, 1.5, 2.5 };
    for (unsigned i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
        double d = big[i];
        /* Out of range the VFP saturates (the C result is undefined, the
         * instruction's is not). */
        printf("%-16.17g int %ld uint %lu", d, (long)(int)d, (unsigned long)(unsigned)d);
        printf(" float %a lround %ld\n", (double)(float)d, lround(d));
    }
    static volatile int ints[] = { 0, 1, -1, 16777217, -16777219, 2147483647, -2147483647 - 1, 123456789 };
    for (unsigned i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        int v = ints[i];
        printf("int %d float %a double %a", v, (double)(float)v, (double)v);
        printf(" ufloat %a\n", (double)(float)(unsigned)v);
    }
    for (unsigned i = 0; i < ND; i++)
        print_f("narrow", (float)vd[i]);
    for (unsigned i = 0; i < NF; i++)
        print_d("widen", (double)vf[i]);
}

static void comparisons(void)
{
    volatile double nan = vd[6] / vd[6], one = vd[0], inf = vd[12] * vd[12];
    volatile float nanf = vf[6] / vf[6];
    printf("nan %a %s\n", nan, bits64(nan) >> 63 ? "negative" : "positive");
    printf("cmp nan: < %d <= %d == %d != %d > %d >= %d\n", nan < one, nan <= one, nan == one, nan != one,
           nan > one, nan >= one);
    printf("cmp nanf: < %d == %d != %d\n", nanf < 1.0f, nanf == nanf, nanf != nanf);
    printf("isunordered %d isgreater %d isless %d islessgreater %d\n", isunordered(nan, one),
           isgreater(nan, one), isless(one, nan), islessgreater(one, inf));
    printf("isnan %d isinf %d isfinite %d signbit(-0) %d\n", isnan(nan), isinf(inf), isfinite(one),
           signbit(vd[7]) != 0);
    printf("zero %d %d\n", vd[6] == vd[7], 1.0 / vd[6] == 1.0 / vd[7]);
    int order = 0;
    for (unsigned i = 0; i < ND; i++)
        for (unsigned j = 0; j < ND; j++)
            order = order * 3 % 1000003 + (vd[i] < vd[j]) + 2 * (vd[i] == vd[j]);
    printf("order %d\n", order);
    feclearexcept(FE_ALL_EXCEPT);
    volatile int q = nan == one;
    printf("quiet compare %d", q);
    print_flags(fetestexcept(FE_ALL_EXCEPT));
    feclearexcept(FE_ALL_EXCEPT);
    q = nan < one;
    printf("signalling compare %d", q);
    print_flags(fetestexcept(FE_ALL_EXCEPT));
}

static void loops(void)
{
    double h = 0, poly = 0, dot = 0;
    float hf = 0;
    for (int i = 1; i <= 1000; i++) {
        h += 1.0 / i;
        hf += 1.0f / i;
        dot += (double)i * (1.0 / (i + 1));
    }
    for (int i = 0; i < 20; i++)
        poly = poly * vd[2] + (i % 3) - 1.25;
    printf("harmonic %.17g %.9g dot %.17g poly %a\n", h, (double)hf, dot, poly);
    double m[3][3] = { { 2, -1, 0 }, { -1, 2, -1 }, { 0, -1, 2 } }, v[3] = { 1, 2, 3 };
    for (int it = 0; it < 5; it++) {
        double w[3];
        for (int i = 0; i < 3; i++)
            w[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        double n = sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
        for (int i = 0; i < 3; i++)
            v[i] = w[i] / n;
        printf("power %d %.17g %.17g %.17g\n", it, v[0], v[1], v[2]);
    }
}

int main(void)
{
    arithmetic();
    rounding();
    roots();
    conversions();
    comparisons();
    loops();
    return 0;
}
