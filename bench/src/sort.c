/* Sorting: the C library's qsort with a comparison callback, a top-down
 * merge sort and a median-of-three quicksort with insertion sort for short
 * ranges, on the same random keys. Size: thousands of keys sorted by each. */
#include "common.h"

#define DEFAULT_SIZE 1200
#define EXPECTED 0x8ed0df9d94221b09ULL

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(a, tmp, h);
    merge_sort(a + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    memcpy(a, tmp, k * sizeof(*a));  /* a[j..n) is already in place */
}

static void insertion_sort(uint32_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

static uint32_t median3(uint32_t a, uint32_t b, uint32_t c)
{
    if (a > b) { uint32_t t = a; a = b; b = t; }
    if (b > c) b = c;
    return a > b ? a : b;
}

static void quick_sort(uint32_t *a, size_t n)
{
    while (n > 16) {
        uint32_t p = median3(a[0], a[n / 2], a[n - 1]);
        size_t i = 0, j = n - 1;
        for (;;) {  /* Hoare partition */
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j)
                break;
            uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        /* recurse into the smaller side, loop on the larger */
        if (j + 1 < n - j - 1) {
            quick_sort(a, j + 1);
            a += j + 1; n -= j + 1;
        } else {
            quick_sort(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion_sort(a, n);
}

int main(int argc, char **argv)
{
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE);
    size_t n = (size_t)size * 1000;
    uint32_t *orig = bench_alloc(n * 4), *a = bench_alloc(n * 4), *b = bench_alloc(n * 4);
    uint32_t *c = bench_alloc(n * 4), *tmp = bench_alloc(n * 4), seed = 0x2545f491;
    uint64_t keysum = 0, sum = BENCH_HASH_INIT;
    for (size_t i = 0; i < n; i++) {
        orig[i] = bench_rand(&seed) % (n * 4);  /* some duplicates */
        keysum += orig[i];
    }
    memcpy(a, orig, n * 4);
    memcpy(b, orig, n * 4);
    memcpy(c, orig, n * 4);
    qsort(a, n, 4, cmp_u32);
    merge_sort(b, tmp, n);
    quick_sort(c, n);
    for (size_t i = 0; i < n; i++) {
        bench_check("sort", i == 0 || a[i - 1] <= a[i], "qsort order");
        bench_check("sort", a[i] == b[i] && a[i] == c[i], "sorts disagree");
        keysum -= a[i];
    }
    bench_check("sort", keysum == 0, "keys lost");
    for (size_t i = 0; i < n; i += 97)
        sum = bench_mix(sum, a[i]);
    free(orig); free(a); free(b); free(c); free(tmp);
    return bench_done("sort", size, DEFAULT_SIZE, sum, EXPECTED);
}
