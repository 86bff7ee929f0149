/* Integer matrix multiply, 64x64 32-bit: the cache-friendly i-k-j loop
 * order timed, checked element by element against the plain i-j-k dot
 * products. Size: multiplications (each feeds its result back). */
#include "common.h"

#define DEFAULT_SIZE 1920
#define EXPECTED 0x52830628c98b7c44ULL

enum { N = 64 };

static void mul_ikj(const uint32_t *a, const uint32_t *b, uint32_t *c)
{
    memset(c, 0, N * N * sizeof(*c));
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++) {
            uint32_t aik = a[i * N + k];
            for (int j = 0; j < N; j++)
                c[i * N + j] += aik * b[k * N + j];
        }
}

static int check_ijk(const uint32_t *a, const uint32_t *b, const uint32_t *c)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint32_t s = 0;
            for (int k = 0; k < N; k++)
                s += a[i * N + k] * b[k * N + j];
            if (s != c[i * N + j])
                return 0;
        }
    return 1;
}

int main(int argc, char **argv)
{
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE), seed = 0x7f4a7c15;
    uint32_t *a = bench_alloc(N * N * 4), *b = bench_alloc(N * N * 4), *c = bench_alloc(N * N * 4);
    for (int i = 0; i < N * N; i++) {
        a[i] = bench_rand(&seed) % 1000;
        b[i] = bench_rand(&seed) % 1000;
    }
    uint64_t sum = BENCH_HASH_INIT;
    for (uint32_t r = 0; r < size; r++) {
        mul_ikj(a, b, c);
        if (r == 0 || r + 1 == size)
            bench_check("matint", check_ijk(a, b, c), "i-k-j and i-j-k products differ");
        sum = bench_mix(sum, c[(r * 37) % (N * N)]);
        for (int i = 0; i < N * N; i++)  /* next round multiplies a changed matrix */
            a[i] = (c[i] >> 7) % 1000;
    }
    for (int i = 0; i < N * N; i += 7)
        sum = bench_mix(sum, c[i]);
    free(a); free(b); free(c);
    return bench_done("matint", size, DEFAULT_SIZE, sum, EXPECTED);
}
