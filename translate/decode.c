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

/* The instruction bits of bucket v, at their places. */
static uint32_t decode_bucket_bits(const struct decode_table *t, uint32_t v)
{
    uint32_t x = 0;
    for (unsigned r = 0; r < t->nruns; r++)
        x |= ((v >> t->runs[r].pos) & ((1u << t->runs[r].width) - 1)) << t->runs[r].shift;
    return x;
}

static void decode_build_index(struct decode_table *t)
{
    unsigned nb = 1u << __builtin_popcount(t->index_mask);
    unsigned total = 0;

    t->bucket_start = xmalloc((nb + 1) * sizeof(uint32_t));
    for (int pass = 0; pass < 2; pass++) {
        total = 0;
        for (uint32_t v = 0; v < nb; v++) {
            uint32_t x = decode_bucket_bits(t, v);
            if (pass)
                t->bucket_start[v] = total;
            for (unsigned i = 0; i < t->n; i++) {
                if (((x ^ t->value[i]) & t->mask[i] & t->index_mask) != 0)
                    continue;
                if (pass)
                    t->bucket_list[total] = (uint16_t)i;
                total++;
            }
        }
        if (!pass)
            t->bucket_list = xmalloc((total ? total : 1) * sizeof(uint16_t));
    }
    t->bucket_start[nb] = total;
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
    uint32_t v = 0;
    for (unsigned r = 0; r < t->nruns; r++)
        v |= ((insn >> t->runs[r].shift) & ((1u << t->runs[r].width) - 1)) << t->runs[r].pos;
    for (uint32_t k = t->bucket_start[v]; k < t->bucket_start[v + 1]; k++) {
        unsigned i = t->bucket_list[k];
        if ((insn & t->mask[i]) == t->value[i])
            return (t->entries[i].features & ~features) ? -1 : (int)i;
    }
    return -1;
}
