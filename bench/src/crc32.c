/* CRC-32 (IEEE 802.3): the byte-wise table loop and slicing-by-4 over
 * generated data. Size: KiB processed by each method. Checked against the
 * bitwise definition and the "123456789" check value. */
#include "common.h"

#define DEFAULT_SIZE 224000
#define EXPECTED 0x8cd54cf6942d6152ULL

enum { CHUNK = 4096 };

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return ~c;
}

static void crc_tables(uint32_t t[4][256])
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
        t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int s = 1; s < 4; s++)
            t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
}

static uint32_t crc_bytewise(const uint32_t t[4][256], uint32_t crc, const uint8_t *p, size_t n)
{
    uint32_t c = ~crc;
    while (n--)
        c = t[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

/* Four bytes per step, assembled from bytes so it works on either endianness. */
static uint32_t crc_slice4(const uint32_t t[4][256], uint32_t crc, const uint8_t *p, size_t n)
{
    uint32_t c = ~crc;
    for (; n >= 4; n -= 4, p += 4) {
        c ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        c = t[3][c & 0xff] ^ t[2][(c >> 8) & 0xff] ^ t[1][(c >> 16) & 0xff] ^ t[0][c >> 24];
    }
    while (n--)
        c = t[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

int main(int argc, char **argv)
{
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE);
    static uint32_t t[4][256];
    crc_tables(t);
    bench_check("crc32", crc_bitwise((const uint8_t *)"123456789", 9) == 0xcbf43926u, "check value");
    bench_check("crc32", crc_slice4(t, 0, (const uint8_t *)"123456789", 9) == 0xcbf43926u,
                "check value, slicing-by-4");

    uint8_t *buf = bench_alloc(CHUNK);
    uint32_t seed = 0x9e3779b9;
    for (int i = 0; i < CHUNK; i++)
        buf[i] = (uint8_t)bench_rand(&seed);
    bench_check("crc32", crc_bytewise(t, 0, buf, 1000) == crc_bitwise(buf, 1000), "table vs bitwise");

    uint32_t a = 0, b = 0;
    uint64_t sum = BENCH_HASH_INIT;
    for (uint32_t i = 0; i < size; i++) {
        size_t off = i % 4, len = 1024 - off;  /* unaligned starts and tails too */
        const uint8_t *p = buf + (i * 1024) % CHUNK + off;
        a = crc_bytewise(t, a, p, len);
        b = crc_slice4(t, b, p, len);
        if ((i & 255) == 255)
            sum = bench_mix(sum, a);
    }
    bench_check("crc32", a == b, "byte-wise and slicing-by-4 differ");
    sum = bench_mix(sum, a);
    free(buf);
    return bench_done("crc32", size, DEFAULT_SIZE, sum, EXPECTED);
}
