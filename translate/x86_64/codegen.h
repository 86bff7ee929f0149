/* The x86-64 backend: IR block -> host code in the code cache. */
#ifndef DUET_X64_CODEGEN_H
#define DUET_X64_CODEGEN_H

#include "cache.h"
#include "x86_64/emit.h"

/* What a block's code returns to the dispatcher, in RAX:RDX. */
struct jit_ret {
    uint64_t reason;  /* enum exit_reason */
    uint64_t arg;     /* EXIT_CHAIN: the struct tb_link to patch */
};
typedef struct jit_ret (*jit_enter_fn)(struct cpu_head *cpu, const uint8_t *code);

/* Fixed addresses a block's code refers to. */
struct jit_env {
    const uint8_t *epilogue;
    struct jc_entry *jump_cache;
    uint64_t mem_size;        /* bound checked for 64-bit guest addresses */
};

/* Writes the entry trampoline and the shared epilogue at buf; returns the
 * entry point and fills env->epilogue. guest_base goes in R15. */
jit_enter_fn jit_gen_trampoline(struct x64_buf *buf, uint8_t *guest_base, struct jit_env *env);

/* Translates b into [start, end) for tb (whose links it fills). Returns
 * the code size, 0 when the space ran out, or -1 when the block cannot be
 * compiled (too many spill slots): the caller interprets it instead. Its
 * working memory and the host->guest pc table (*meta) come from scratch. */
long jit_gen_block(const struct ir_block *b, const struct jit_env *env, struct tblock *tb,
                   uint8_t *start, uint8_t *end, struct arena *scratch,
                   struct tb_meta **meta, uint32_t *nmeta);

#endif
