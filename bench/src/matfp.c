/* Double-precision matrix multiply, 32x32, followed by a row
 * normalisation (division, square root): the i-k-j order timed, checked
 * bit for bit against i-j-k dot products, which add the same terms in the
 * same order. Size: multiplications (each feeds its result back). */
#include <math.h>

#include "common.h"

#define DEFAULT_SIZE 432
#define EXPECTED 0x83d06e72634e5c7dULL

enum { N = 32 };

static void mul_ikj(const double *a, const double *b, double *c)
{
    for (int i = 0; i < N * N; i++)
        c[i] = 0.0;
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++) {
            double aik = a[i * N + k];
            for (int j = 0; j < N; j++)
                c[i * N + j] += aik * b[k * N + j];
        }
}

static int check_ijk(const double *a, const double *b, const double *c)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < N; k++)
                s += a[i * N + k] * b[k * N + j];
            if (s != c[i * N + j])
                return 0;
        }
    return 1;
}

/* Scales each row to unit length so values stay in range round after round. */
static void normalise(const double *c, double *a)
{
    for (int i = 0; i < N; i++) {
        double s = 0.0;
        for (int j = 0; j < N; j++)
            s += c[i * N + j] * c[i * N + j];
        s = sqrt(s);
        for (int j = 0; j < N; j++)
            a[i * N + j] = c[i * N + j] / s + 1.0 / (i + j + 1);
    }
}

/* The value's bits, without reading memory as another type. */
static uint64_t bits_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

int main(int argc, char **argv)
{
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE);
    double *a = bench_alloc(N * N * 8), *b = bench_alloc(N * N * 8), *c = bench_alloc(N * N * 8);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i * N + j] = 1.0 / (i + 2 * j + 1);
            b[i * N + j] = (double)((i * 7 + j * 3) % 11) / 3.0 - 1.5;
        }
    uint64_t sum = BENCH_HASH_INIT;
    for (uint32_t r = 0; r < size; r++) {
        mul_ikj(a, b, c);
        if (r == 0 || r + 1 == size)
            bench_check("matfp", check_ijk(a, b, c), "i-k-j and i-j-k products differ");
        uint64_t u = bits_of(c[(r * 37) % (N * N)]);
        sum = bench_mix(bench_mix(sum, (uint32_t)u), (uint32_t)(u >> 32));
        normalise(c, a);
    }
    for (int i = 0; i < N * N; i += 7) {
        uint64_t u = bits_of(a[i]);
        sum = bench_mix(bench_mix(sum, (uint32_t)u), (uint32_t)(u >> 32));
    }
    free(a); free(b); free(c);
    return bench_done("matfp", size, DEFAULT_SIZE, sum, EXPECTED);
}
