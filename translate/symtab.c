/* Guest symbols: an array sorted by address on first lookup (the loader
 * fills it before the first block is translated, while the process has one
 * thread, so later lookups from several threads only read). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symtab.h"
#include "util/xalloc.h"

void symtab_init(struct symtab *t)
{
    memset(t, 0, sizeof(*t));
}

void symtab_fini(struct symtab *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].name);
    free(t->v);
    memset(t, 0, sizeof(*t));
}

void symtab_add(struct symtab *t, uint64_t addr, uint64_t size, const char *name)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
    }
    t->v[t->n++] = (struct sym){ addr, size, xstrdup(name) };
    t->sorted = false;
}

/* By address; at one address a sized symbol (a function) before a label. */
static int sym_cmp(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return (x->size < y->size) - (x->size > y->size);
}

/* The last symbol at or below addr, or NULL. */
static const struct sym *find_below(struct symtab *t, uint64_t addr)
{
    if (t->n == 0)
        return NULL;
    if (!t->sorted) {
        qsort(t->v, t->n, sizeof(*t->v), sym_cmp);
        t->sorted = true;
    }
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    /* The first of several symbols at that address. */
    uint64_t at = t->v[lo - 1].addr;
    while (lo > 1 && t->v[lo - 2].addr == at)
        lo--;
    return &t->v[lo - 1];
}

bool symtab_describe(struct symtab *t, uint64_t addr, char *buf, size_t len)
{
    const struct sym *s = find_below(t, addr);
    buf[0] = '\0';
    if (!s || (s->size && addr - s->addr >= s->size))
        return false;
    if (addr == s->addr)
        snprintf(buf, len, "%s", s->name);
    else
        snprintf(buf, len, "%s+0x%llx", s->name, (unsigned long long)(addr - s->addr));
    return true;
}
