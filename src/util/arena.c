#include <stdlib.h>

#include "arena.h"
#include "xalloc.h"

#define ARENA_MIN_CHUNK (64u << 10)

struct arena_chunk {
    struct arena_chunk *next;
    max_align_t data[];
};

void arena_init(struct arena *a)
{
    memset(a, 0, sizeof(*a));
}

static void arena_free_extra(struct arena *a)
{
    while (a->extra) {
        struct arena_chunk *c = a->extra;
        a->extra = c->next;
        free(c);
    }
    a->extra_bytes = 0;
}

void arena_free(struct arena *a)
{
    arena_free_extra(a);
    free(a->base);
    memset(a, 0, sizeof(*a));
}

/* Allocations that do not fit in base get chunks of their own, kept until
 * the reset; base itself never moves while its memory is handed out. */
void *arena_alloc_slow(struct arena *a, size_t n)
{
    struct arena_chunk *c = xmalloc(sizeof(*c) + n);
    c->next = a->extra;
    a->extra = c;
    a->extra_bytes += n;
    return c->data;
}

void arena_reset(struct arena *a)
{
    size_t need = a->used + a->extra_bytes;
    arena_free_extra(a);
    if (need > a->size || !a->base) {
        size_t size = a->size ? a->size : ARENA_MIN_CHUNK;
        while (size < need)
            size *= 2;
        free(a->base);
        a->base = xmalloc(size);
        a->size = size;
    }
    a->used = 0;
}
