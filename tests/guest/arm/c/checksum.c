/* Table-driven CRC-32, a bitwise Adler-style sum and a tiny hash over
 * generated data: loops, shifts, byte loads, table lookups. */
#include <stdint.h>
#include <stdio.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t adler(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static uint8_t buf[1 << 16];

int main(void)
{
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof(buf); i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)(x >> 3);
    }
    crc_init();
    printf("crc32 %08x\n", crc32(buf, sizeof(buf)));
    printf("adler %08x\n", adler(buf, sizeof(buf)));
    printf("fnv1a %016llx\n", (unsigned long long)fnv1a(buf, sizeof(buf)));
    return 0;
}
