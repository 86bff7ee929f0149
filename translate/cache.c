/* Code cache: one executable buffer filled front to back, a bookkeeping
 * arena flushed with it, a hash of blocks by (pc, flags), a page index for
 * invalidation and a jump cache. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cache.h"
#include "util/xalloc.h"
#include "x86_64/emit.h"

#define HASH_BITS 15
#define PAGE_BITS 12
#define PAGE_HASH_BITS 12

struct page_node {
    uint64_t page;
    struct tblock *tb;
    struct page_node *next;
};

struct code_cache {
    uint8_t *code;           /* the executable buffer */
    size_t code_size;
    size_t prefix;           /* bytes kept across flushes */
    size_t code_used;
    uint8_t *arena;
    size_t arena_size, arena_used;
    struct tblock **blocks;  /* every block, for freeing */
    size_t nblocks, blocks_cap;
    struct tblock **jit_blocks; /* blocks with host code, in address order */
    size_t njit, jit_cap;
    struct tblock *hash[1u << HASH_BITS];
    /* A bit per hash bucket that has held a block since the last flush:
     * most lookups are for code not translated yet, and this small map
     * answers them without touching the large bucket array. */
    uint64_t hash_used[(1u << HASH_BITS) / 64];
    struct page_node *pages[1u << PAGE_HASH_BITS];
    struct jc_entry jc[JC_SIZE];
};

static uint32_t tb_hash(uint64_t pc, uint32_t flags)
{
    uint64_t h = (pc ^ ((uint64_t)flags << 7)) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> (64 - HASH_BITS));
}

static uint32_t page_hash(uint64_t page)
{
    return (uint32_t)((page * 0x9e3779b97f4a7c15ull) >> (64 - PAGE_HASH_BITS));
}

struct code_cache *cache_create(size_t code_size, size_t reserved_prefix)
{
    struct code_cache *c = xcalloc(1, sizeof(*c));
    c->code = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (c->code == MAP_FAILED) {
        free(c);
        return NULL;
    }
    c->code_size = code_size;
    c->prefix = reserved_prefix;
    c->code_used = reserved_prefix;
    c->arena_size = code_size / 2 + (1u << 20);
    c->arena = xmalloc(c->arena_size);
    return c;
}

static void cache_free_interp(struct code_cache *c)
{
    for (size_t i = 0; i < c->nblocks; i++) {
        if (c->blocks[i]->interp) {
            interp_free(c->blocks[i]->interp);
            free(c->blocks[i]->interp);
        }
    }
}

void cache_destroy(struct code_cache *c)
{
    if (!c)
        return;
    cache_free_interp(c);
    munmap(c->code, c->code_size);
    free(c->arena);
    free(c->blocks);
    free(c->jit_blocks);
    free(c);
}

uint8_t *cache_prefix(struct code_cache *c)
{
    return c->code;
}

void cache_code_space(struct code_cache *c, uint8_t **start, uint8_t **end)
{
    *start = c->code + c->code_used;
    *end = c->code + c->code_size;
}

bool cache_contains_code(const struct code_cache *c, const void *host_pc)
{
    const uint8_t *p = host_pc;
    return p >= c->code && p < c->code + c->code_size;
}

void *cache_alloc(struct code_cache *c, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size > c->arena_size - c->arena_used)
        return NULL;
    void *p = c->arena + c->arena_used;
    c->arena_used += size;
    memset(p, 0, size);
    return p;
}

static bool cache_index_pages(struct code_cache *c, struct tblock *tb)
{
    uint64_t first = tb->pc >> PAGE_BITS;
    uint64_t last = (tb->pc + (tb->guest_size ? tb->guest_size - 1 : 0)) >> PAGE_BITS;

    for (uint64_t page = first; page <= last; page++) {
        struct page_node *n = cache_alloc(c, sizeof(*n));
        if (!n)
            return false;
        uint32_t h = page_hash(page);
        n->page = page;
        n->tb = tb;
        n->next = c->pages[h];
        c->pages[h] = n;
    }
    return true;
}

struct tblock *cache_begin_block(struct code_cache *c)
{
    return cache_alloc(c, sizeof(struct tblock));
}

bool cache_commit_block(struct code_cache *c, struct tblock *tb, uint64_t pc, uint32_t flags,
                        uint32_t guest_size, uint32_t code_size)
{
    if (code_size > c->code_size - c->code_used)
        return false;
    tb->pc = pc;
    tb->flags = flags;
    tb->guest_size = guest_size;
    tb->valid = true;
    if (!cache_index_pages(c, tb))
        return false;
    if (code_size) {
        tb->code = c->code + c->code_used;
        tb->code_size = code_size;
        /* 16-byte aligned block starts keep hot loops on fetch lines. */
        c->code_used = (c->code_used + code_size + 15) & ~(size_t)15;
        if (c->code_used > c->code_size)
            c->code_used = c->code_size;
    }
    for (unsigned s = 0; s < 2; s++)
        tb->out[s].owner = tb;
    if (c->nblocks == c->blocks_cap) {
        c->blocks_cap = c->blocks_cap ? c->blocks_cap * 2 : 1024;
        c->blocks = xrealloc(c->blocks, c->blocks_cap * sizeof(*c->blocks));
    }
    c->blocks[c->nblocks++] = tb;
    if (tb->code) {
        if (c->njit == c->jit_cap) {
            c->jit_cap = c->jit_cap ? c->jit_cap * 2 : 1024;
            c->jit_blocks = xrealloc(c->jit_blocks, c->jit_cap * sizeof(*c->jit_blocks));
        }
        c->jit_blocks[c->njit++] = tb;
    }
    uint32_t h = tb_hash(pc, flags);
    tb->hash_next = c->hash[h];
    c->hash[h] = tb;
    c->hash_used[h / 64] |= 1ull << (h % 64);
    return true;
}

struct tblock *cache_lookup(struct code_cache *c, uint64_t pc, uint32_t flags)
{
    uint32_t h = tb_hash(pc, flags);
    if (!(c->hash_used[h / 64] & (1ull << (h % 64))))
        return NULL;
    for (struct tblock *tb = c->hash[h]; tb; tb = tb->hash_next)
        if (tb->pc == pc && tb->flags == flags)
            return tb;
    return NULL;
}

struct tblock *cache_find_host(struct code_cache *c, const void *host_pc)
{
    const uint8_t *p = host_pc;
    size_t lo = 0, hi = c->njit;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        struct tblock *tb = c->jit_blocks[mid];
        if (p < tb->code)
            hi = mid;
        else if (p >= tb->code + tb->code_size)
            lo = mid + 1;
        else
            return tb;
    }
    return NULL;
}

uint64_t cache_guest_pc(const struct tblock *tb, const void *host_pc)
{
    uint32_t off = (uint32_t)((const uint8_t *)host_pc - tb->code);
    uint64_t pc = tb->pc;
    for (uint32_t i = 0; i < tb->nmeta && tb->meta[i].host_off <= off; i++)
        pc = tb->meta[i].guest_pc;
    return pc;
}

bool cache_link(struct tb_link *l, struct tblock *target)
{
    if (l->target || !l->patch || !target->code || !target->valid)
        return false;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    x64_patch_rel32(l->patch, target->code);
    l->target = target;
    l->in_next = target->incoming;
    target->incoming = l;
    return true;
}

static void cache_unlink(struct tb_link *l)
{
    x64_patch_rel32(l->patch, l->stub);
    l->target = NULL;
    l->in_next = NULL;
}

/* Removes l from its target's incoming list and restores its stub. */
static void cache_unlink_out(struct tb_link *l)
{
    struct tb_link **pp = &l->target->incoming;
    while (*pp && *pp != l)
        pp = &(*pp)->in_next;
    if (*pp)
        *pp = l->in_next;
    cache_unlink(l);
}

void cache_invalidate_block(struct code_cache *c, struct tblock *tb)
{
    if (!tb->valid)
        return;
    tb->valid = false;
    struct tblock **pp = &c->hash[tb_hash(tb->pc, tb->flags)];
    while (*pp && *pp != tb)
        pp = &(*pp)->hash_next;
    if (*pp)
        *pp = tb->hash_next;
    struct jc_entry *e = &c->jc[jc_hash(tb->pc)];
    if (tb->code && e->code == tb->code)
        memset(e, 0, sizeof(*e));
    while (tb->incoming) {
        struct tb_link *l = tb->incoming;
        tb->incoming = l->in_next;
        cache_unlink(l);
    }
    for (unsigned s = 0; s < 2; s++)
        if (tb->out[s].target)
            cache_unlink_out(&tb->out[s]);
}

unsigned cache_invalidate_range(struct code_cache *c, uint64_t start, uint64_t len)
{
    unsigned n = 0;
    if (len == 0)
        return 0;
    uint64_t end = start + len - 1;
    for (uint64_t page = start >> PAGE_BITS; page <= end >> PAGE_BITS; page++) {
        for (struct page_node *pn = c->pages[page_hash(page)]; pn; pn = pn->next) {
            struct tblock *tb = pn->tb;
            uint64_t tb_end = tb->pc + (tb->guest_size ? tb->guest_size - 1 : 0);
            if (pn->page != page || !tb->valid || tb_end < start || tb->pc > end)
                continue;
            cache_invalidate_block(c, tb);
            n++;
        }
        if (page == UINT64_MAX >> PAGE_BITS)
            break;
    }
    return n;
}

void cache_flush(struct code_cache *c)
{
    cache_free_interp(c);
    c->nblocks = 0;
    c->njit = 0;
    c->arena_used = 0;
    c->code_used = c->prefix;
    memset(c->hash, 0, sizeof(c->hash));
    memset(c->hash_used, 0, sizeof(c->hash_used));
    memset(c->pages, 0, sizeof(c->pages));
    memset(c->jc, 0, sizeof(c->jc));
}

struct jc_entry *cache_jump_cache(struct code_cache *c)
{
    return c->jc;
}

void cache_jc_insert(struct code_cache *c, struct tblock *tb)
{
    if (!tb->code)
        return;
    struct jc_entry *e = &c->jc[jc_hash(tb->pc)];
    e->pc = tb->pc;
    e->flags = tb->flags;
    e->code = tb->code;
}
