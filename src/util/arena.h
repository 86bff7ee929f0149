/* A bump allocator for memory that lives until the next reset: the working
 * arrays the passes and the backend need for one block. After the first
 * few blocks it is one chunk big enough for the largest block seen, so an
 * allocation is a pointer bump and a reset is free. */
#ifndef DUET_ARENA_H
#define DUET_ARENA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct arena_chunk;

struct arena {
    uint8_t *base;
    size_t size, used;
    struct arena_chunk *extra;  /* taken when base ran out; merged into base at reset */
    size_t extra_bytes;
};

#define ARENA_ALIGN 16

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Forgets every allocation; grows the base chunk to what was needed. */
void arena_reset(struct arena *a);
void *arena_alloc_slow(struct arena *a, size_t n);

/* n bytes, 16-byte aligned, uninitialised. Never NULL. */
static inline void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (n > a->size - a->used)
        return arena_alloc_slow(a, n);
    void *p = a->base + a->used;
    a->used += n;
    return p;
}

static inline void *arena_zalloc(struct arena *a, size_t n)
{
    return memset(arena_alloc(a, n), 0, n);
}

#endif
