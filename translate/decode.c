/* Pattern tables compiled to mask/value pairs, with an index: a few
 * instruction bits that many patterns fix select a bucket listing, in table
 * order, only the entries that can match an instruction with those bits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "util/xalloc.h"

static void decode_compile(struct decode_table *t, unsigned i, const char *p, unsigned bits)
{
    for (unsigned k = 0; k < bits; k++) {
        uint32_t bit = 1u << (bits - 1 - k);
        if (p[k] == '0' || p[k] == '1') {
            t->mask[i] |= bit;
            if (p[k] == '1')
                t->value[i] |= bit;
        }
    }
}

/* The DECODE_INDEX_BITS bits fixed by the most patterns (the lowest bit on
 * ties), as runs of adjacent bits. */
static void decode_pick_index(struct decode_table *t, unsigned bits)
{
    unsigned count[32] = { 0 };
    uint32_t chosen = 0;

    for (unsigned i = 0; i < t->n; i++)
        for (unsigned b = 0; b < bits; b++)
            count[b] += (t->mask[i] >> b) & 1;
    for (unsigned k = 0; k < DECODE_INDEX_BITS && k < bits; k++) {
        int best = -1;
        for (unsigned b = 0; b < bits; b++)
            if (!(chosen & (1u << b)) && (best < 0 || count[b] > count[best]))
                best = (int)b;
        chosen |= 1u << best;
    }
    t->index_mask = chosen;
    t->nruns = 0;
    unsigned pos = 0;
    for (unsigned b = 0; b < bits; b++) {
        if (!(chosen & (1u << b)))
            continue;
        if (t->nruns && t->runs[t->nruns - 1].shift + t->runs[t->nruns - 1].width == b) {
            t->runs[t->nruns - 1].width++;
        } else {
            t->runs[t->nruns] = (struct decode_run){ (uint8_t)b, 1, (uint8_t)pos };
            t->nruns++;
        }
        pos++;
    }
}

/* The index bits of x, packed into a bucket number. */
static uint32_t decode_gather_runs(const struct decode_table *t, uint32_t x)
{
    uint32_t v = 0;
    for (unsigned r = 0; r < t->nruns; r++)
        v |= ((x >> t->runs[r].shift) & ((1u << t->runs[r].width) - 1)) << t->runs[r].pos;
    return v;
}

/* The same by table, one lookup per instruction byte, for decode_lookup. */
static void decode_build_gather(struct decode_table *t)
{
    for (unsigned k = 0; k < 4; k++)
        for (unsigned x = 0; x < 256; x++)
            t->gather[k][x] = (uint16_t)decode_gather_runs(t, x << (8 * k));
}

static uint32_t decode_gather(const struct decode_table *t, uint32_t x)
{
    return t->gather[0][x & 0xff] | t->gather[1][(x >> 8) & 0xff] |
           t->gather[2][(x >> 16) & 0xff] | t->gather[3][x >> 24];
}

/* Calls add(t, v, i) for every bucket v entry i can match in: the bucket
 * bits its pattern fixes are its own, the others take every value. */
static void decode_for_buckets(struct decode_table *t, unsigned i, unsigned nb,
                               void (*add)(struct decode_table *t, uint32_t v, unsigned i))
{
    uint32_t fixed = decode_gather(t, t->mask[i]);
    uint32_t val = decode_gather(t, t->value[i] & t->mask[i]);
    uint32_t free_bits = (nb - 1) & ~fixed, sub = 0;
    do {
        add(t, val | sub, i);
        sub = (sub - free_bits) & free_bits;  /* next subset of free_bits */
    } while (sub);
}

static void decode_count(struct decode_table *t, uint32_t v, unsigned i)
{
    (void)i;
    t->bucket_start[v + 1]++;
}

static void decode_fill(struct decode_table *t, uint32_t v, unsigned i)
{
    t->bucket_list[t->bucket_start[v]++] = (uint16_t)i;
}

/* Entries go to their buckets in table order, so each list keeps it. */
static void decode_build_index(struct decode_table *t)
{
    unsigned nb = 1u << __builtin_popcount(t->index_mask);

    t->bucket_start = xcalloc(nb + 1, sizeof(uint32_t));
    for (unsigned i = 0; i < t->n; i++)
        decode_for_buckets(t, i, nb, decode_count);
    for (unsigned v = 0; v < nb; v++)
        t->bucket_start[v + 1] += t->bucket_start[v];
    t->bucket_list = xmalloc((t->bucket_start[nb] ? t->bucket_start[nb] : 1) * sizeof(uint16_t));
    for (unsigned i = 0; i < t->n; i++)
        decode_for_buckets(t, i, nb, decode_fill);
    /* Filling advanced each start to the next bucket's: shift them back. */
    for (unsigned v = nb; v > 0; v--)
        t->bucket_start[v] = t->bucket_start[v - 1];
    t->bucket_start[0] = 0;
}

int decode_table_init(struct decode_table *t, const struct decode_entry *e, unsigned n, unsigned bits)
{
    memset(t, 0, sizeof(*t));
    t->entries = e;
    t->n = n;
    t->mask = xcalloc(n, sizeof(uint32_t));
    t->value = xcalloc(n, sizeof(uint32_t));
    for (unsigned i = 0; i < n; i++) {
        const char *p = e[i].pattern;
        if (strlen(p) != bits) {
            fprintf(stderr, "duet: decoder entry %s: pattern '%s' is not %u bits\n", e[i].name, p, bits);
            decode_table_free(t);
            return -1;
        }
        decode_compile(t, i, p, bits);
    }
    decode_pick_index(t, bits);
    decode_build_gather(t);
    decode_build_index(t);
    return 0;
}

void decode_table_free(struct decode_table *t)
{
    free(t->mask);
    free(t->value);
    free(t->bucket_start);
    free(t->bucket_list);
    memset(t, 0, sizeof(*t));
}

int decode_lookup(const struct decode_table *t, uint32_t insn, uint32_t features)
{
    uint32_t v = decode_gather(t, insn);
    for (uint32_t k = t->bucket_start[v]; k < t->bucket_start[v + 1]; k++) {
        unsigned i = t->bucket_list[k];
        if ((insn & t->mask[i]) == t->value[i])
            return (t->entries[i].features & ~features) ? -1 : (int)i;
    }
    return -1;
}
