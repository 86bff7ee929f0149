/* An LZ77-style compressor: hash-chain match finder over a 4 KiB window,
 * tokens written as a byte stream, then decompressed and compared with the
 * input. Size: KiB compressed (in 16 KiB blocks of generated text). */
#include "common.h"

#define DEFAULT_SIZE 20480
#define EXPECTED 0xfcc28894b3ebea5aULL

enum { BLOCK = 16384, WINDOW = 4096, MIN_MATCH = 3, MAX_MATCH = 130, HASH_BITS = 12,
       MAX_CHAIN = 16 };

/* Text-like input: words from a small vocabulary with occasional noise. */
static void gen_text(uint8_t *p, size_t n, uint32_t *seed)
{
    static const char *const words[] = { "the ", "quick ", "brown ", "fox ", "jumps ", "over ",
        "lazy ", "dog ", "and ", "translator ", "block ", "guest ", "host ", "code ", "cache ",
        "register ", "\n" };
    size_t i = 0;
    while (i < n) {
        uint32_t r = bench_rand(seed);
        const char *w = words[r % (sizeof(words) / sizeof(words[0]))];
        if ((r >> 8) % 13 == 0)
            p[i++] = (uint8_t)(r >> 16);
        for (; *w && i < n; w++)
            p[i++] = (uint8_t)*w;
    }
}

static uint32_t hash3(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

struct finder {
    int32_t head[1 << HASH_BITS];
    int32_t prev[BLOCK];
};

static uint32_t longest_match(const struct finder *f, const uint8_t *in, uint32_t pos, uint32_t n,
                              uint32_t *dist)
{
    uint32_t best = 0, limit = n - pos < MAX_MATCH ? n - pos : MAX_MATCH;
    int32_t cand = f->head[hash3(in + pos)];
    for (int chain = 0; cand >= 0 && pos - (uint32_t)cand <= WINDOW && chain < MAX_CHAIN; chain++) {
        uint32_t len = 0;
        while (len < limit && in[cand + len] == in[pos + len])
            len++;
        if (len > best) {
            best = len;
            *dist = pos - (uint32_t)cand;
        }
        cand = f->prev[cand];
    }
    return best;
}

static void insert(struct finder *f, const uint8_t *in, uint32_t pos)
{
    uint32_t h = hash3(in + pos);
    f->prev[pos] = f->head[h];
    f->head[h] = (int32_t)pos;
}

/* Tokens: 0x00-0x7f = that many + 1 literals follow; 0x80 | (len - 3), then
 * a 2-byte distance. Returns the output length. */
static uint32_t compress(struct finder *f, const uint8_t *in, uint32_t n, uint8_t *out)
{
    uint32_t o = 0, lit_start = 0, pos = 0;
    for (int i = 0; i < (1 << HASH_BITS); i++)
        f->head[i] = -1;
    while (pos < n) {
        uint32_t dist = 0, len = pos + MIN_MATCH <= n ? longest_match(f, in, pos, n, &dist) : 0;
        if (len < MIN_MATCH && pos - lit_start < 128) {
            if (pos + MIN_MATCH <= n)
                insert(f, in, pos);
            pos++;
            continue;
        }
        if (pos > lit_start) {
            out[o++] = (uint8_t)(pos - lit_start - 1);
            memcpy(out + o, in + lit_start, pos - lit_start);
            o += pos - lit_start;
        }
        if (len >= MIN_MATCH) {
            out[o++] = (uint8_t)(0x80 | (len - MIN_MATCH));
            out[o++] = (uint8_t)dist;
            out[o++] = (uint8_t)(dist >> 8);
            for (uint32_t k = 0; k < len; k++, pos++)
                if (pos + MIN_MATCH <= n)
                    insert(f, in, pos);
        }
        lit_start = pos;
    }
    if (pos > lit_start) {
        out[o++] = (uint8_t)(pos - lit_start - 1);
        memcpy(out + o, in + lit_start, pos - lit_start);
        o += pos - lit_start;
    }
    return o;
}

static uint32_t decompress(const uint8_t *in, uint32_t n, uint8_t *out)
{
    uint32_t o = 0;
    for (uint32_t i = 0; i < n;) {
        uint32_t t = in[i++];
        if (t < 0x80) {
            memcpy(out + o, in + i, t + 1);
            o += t + 1;
            i += t + 1;
        } else {
            uint32_t len = (t & 0x7f) + MIN_MATCH, dist = in[i] | (uint32_t)in[i + 1] << 8;
            i += 2;
            for (uint32_t k = 0; k < len; k++, o++)
                out[o] = out[o - dist];  /* overlapping copies repeat */
        }
    }
    return o;
}

int main(int argc, char **argv)
{
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE);
    uint32_t blocks = (size + 15) / 16, seed = 0xfeedbeef;
    uint8_t *in = bench_alloc(BLOCK), *packed = bench_alloc(BLOCK + BLOCK / 64 + 16);
    uint8_t *back = bench_alloc(BLOCK);
    struct finder *f = bench_alloc(sizeof(*f));
    uint64_t sum = BENCH_HASH_INIT;
    for (uint32_t b = 0; b < blocks; b++) {
        gen_text(in, BLOCK, &seed);
        uint32_t n = compress(f, in, BLOCK, packed);
        bench_check("lz77", decompress(packed, n, back) == BLOCK && memcmp(in, back, BLOCK) == 0,
                    "round trip");
        for (uint32_t i = 0; i < n; i += 61)
            sum = bench_mix(sum, packed[i]);
        sum = bench_mix(sum, n);
    }
    free(in); free(packed); free(back); free(f);
    return bench_done("lz77", size, DEFAULT_SIZE, sum, EXPECTED);
}
