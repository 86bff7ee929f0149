/* Shared by the workloads: the size argument, a deterministic generator,
 * checksum mixing and the result line the harness checks.
 *
 * Every workload takes one optional argument, its size in work units
 * (DEFAULT_SIZE when absent; the harness reads that define from the
 * source to scale it), checks its own result against a simple reference,
 * and prints one line "NAME size=N checksum=HEX". It exits 1 when a check
 * fails. Checksums are computed from values, never from memory images, so
 * they are the same on little- and big-endian, 32- and 64-bit guests. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline uint32_t bench_size(int argc, char **argv, uint32_t def)
{
    if (argc < 2)
        return def;
    char *end;
    unsigned long v = strtoul(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || v == 0 || v > 0x7fffffffUL) {
        fprintf(stderr, "%s: size must be a positive integer, not '%s'\n", argv[0], argv[1]);
        exit(2);
    }
    return (uint32_t)v;
}

/* xorshift32: the same sequence on every guest. */
static inline uint32_t bench_rand(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* FNV-1a over 32-bit values, fed a byte at a time in a fixed order. */
static inline uint64_t bench_mix(uint64_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++, v >>= 8)
        h = (h ^ (v & 0xff)) * 0x100000001b3ULL;
    return h;
}

#define BENCH_HASH_INIT 0xcbf29ce484222325ULL

static inline void *bench_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "out of memory (%lu bytes)\n", (unsigned long)n);
        exit(2);
    }
    return p;
}

static inline void bench_check(const char *name, int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "%s: FAIL: %s\n", name, what);
        exit(1);
    }
}

/* Prints the result line; at the default size the checksum must also be
 * the one recorded in the source (from a native run). */
static inline int bench_done(const char *name, uint32_t size, uint32_t def, uint64_t sum,
                             uint64_t expected)
{
    printf("%s size=%lu checksum=%016llx\n", name, (unsigned long)size, (unsigned long long)sum);
    if (size == def && sum != expected) {
        fprintf(stderr, "%s: FAIL: checksum %016llx, expected %016llx\n", name,
                (unsigned long long)sum, (unsigned long long)expected);
        return 1;
    }
    return 0;
}

#endif
