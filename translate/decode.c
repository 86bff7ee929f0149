#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "util/xalloc.h"

int decode_table_init(struct decode_table *t, const struct decode_entry *e, unsigned n, unsigned bits)
{
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
        for (unsigned k = 0; k < bits; k++) {
            uint32_t bit = 1u << (bits - 1 - k);
            if (p[k] == '0' || p[k] == '1') {
                t->mask[i] |= bit;
                if (p[k] == '1')
                    t->value[i] |= bit;
            }
        }
    }
    return 0;
}

void decode_table_free(struct decode_table *t)
{
    free(t->mask);
    free(t->value);
    t->mask = t->value = NULL;
    t->n = 0;
}

int decode_lookup(const struct decode_table *t, uint32_t insn, uint32_t features)
{
    for (unsigned i = 0; i < t->n; i++)
        if ((insn & t->mask[i]) == t->value[i])
            return (t->entries[i].features & ~features) ? -1 : (int)i;
    return -1;
}
