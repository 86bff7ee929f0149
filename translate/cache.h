/* The code cache of one translator: translated blocks, their lookup by
 * guest pc and mode bits, chaining between them, the jump cache used by
 * indirect exits, the page index used to invalidate them on guest writes,
 * and the host code buffer. Nothing here is shared between translators. */
#ifndef DUET_CACHE_H
#define DUET_CACHE_H

#include "dbt.h"
#include "interp/interp.h"

struct tblock;

/* One outgoing direct exit (goto_tb slot). */
struct tb_link {
    uint8_t *patch;          /* JIT: the jmp's rel32 field; NULL when interpreted */
    uint8_t *stub;           /* JIT: where the unlinked jmp goes */
    struct tblock *owner;
    struct tblock *target;   /* linked block, or NULL */
    struct tb_link *in_next; /* next link into the same target */
};

/* Where the code of one guest instruction starts in the host code. */
struct tb_meta {
    uint32_t host_off;
    uint64_t guest_pc;
};

struct tblock {
    uint64_t pc;
    uint32_t flags;
    uint32_t guest_size;
    uint32_t ninsns;
    bool valid;
    struct tblock *hash_next;
    uint8_t *code;           /* JIT entry point, or NULL for an interpreted block */
    uint32_t code_size;
    struct interp_block *interp;
    struct tb_link out[2];
    struct tb_link *incoming;
    struct tb_meta *meta;
    uint32_t nmeta;
};

/* Jump cache entry, read inline by the JIT's indirect exits: keep the
 * layout in step with codegen (offsets JC_PC, JC_FLAGS, JC_CODE). */
struct jc_entry {
    uint64_t pc;
    uint32_t flags;
    uint32_t pad;
    const uint8_t *code;
    uint64_t pad2;
};
#define JC_BITS 12
#define JC_SIZE (1u << JC_BITS)
#define JC_ENTRY_SHIFT 5
static inline uint32_t jc_hash(uint64_t pc)
{
    return (uint32_t)((pc >> 1) ^ (pc >> (JC_BITS + 1))) & (JC_SIZE - 1);
}

struct code_cache;

struct code_cache *cache_create(size_t code_size, size_t reserved_prefix);
void cache_destroy(struct code_cache *c);

/* The reserved prefix of the code buffer (trampolines), kept across flushes. */
uint8_t *cache_prefix(struct code_cache *c);
/* Free host code space for the next block: [*start, *end). */
void cache_code_space(struct code_cache *c, uint8_t **start, uint8_t **end);
bool cache_contains_code(const struct code_cache *c, const void *host_pc);

/* Allocates bookkeeping memory that lives until the next flush; NULL when
 * the cache is full (flush and retry). */
void *cache_alloc(struct code_cache *c, size_t size);
/* A new block is made in two steps so its code can refer to it: begin
 * reserves the bookkeeping (NULL when full), commit makes it findable with
 * code_size bytes of code at the start of the free code space (false when
 * full: flush and translate again). */
struct tblock *cache_begin_block(struct code_cache *c);
bool cache_commit_block(struct code_cache *c, struct tblock *tb, uint64_t pc, uint32_t flags,
                        uint32_t guest_size, uint32_t code_size);
struct tblock *cache_lookup(struct code_cache *c, uint64_t pc, uint32_t flags);
/* The block whose host code contains host_pc, or NULL. */
struct tblock *cache_find_host(struct code_cache *c, const void *host_pc);
/* The guest pc of the instruction at host_pc in tb. */
uint64_t cache_guest_pc(const struct tblock *tb, const void *host_pc);

/* Points the jump of l at target; false when it cannot be linked (an
 * interpreted block on either side, or already linked). */
bool cache_link(struct tb_link *l, struct tblock *target);
void cache_invalidate_block(struct code_cache *c, struct tblock *tb);
/* Invalidates every block with guest code in [start, start+len); returns how many. */
unsigned cache_invalidate_range(struct code_cache *c, uint64_t start, uint64_t len);
void cache_flush(struct code_cache *c);

struct jc_entry *cache_jump_cache(struct code_cache *c);
void cache_jc_insert(struct code_cache *c, struct tblock *tb);

#endif
