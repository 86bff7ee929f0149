/* The translator of one CPU: frontend, passes, backend, code cache and the
 * loop that runs blocks. Each instance is independent; two of them run on
 * two host threads in one process. */
#ifndef DUET_DBT_H
#define DUET_DBT_H

#include <stdio.h>
#include "ir/ir.h"
#include "symtab.h"

/* The first member of every guest CPU state. Backends reach guest registers
 * at fixed offsets from it (ir_state_slot.offset is from this struct's start). */
struct cpu_head {
    uint64_t pc;
    uint32_t block_flags;     /* guest mode bits: part of the block lookup key */
    uint32_t exit_request;    /* store 1 (atomically) from any thread to stop at the next block entry */
    uint64_t fault_addr;      /* EXIT_FAULT: guest address that faulted */
    uint64_t exit_arg;        /* EXIT_HELPER and guest reasons: a value for the caller */
    uint32_t fault_write;     /* EXIT_FAULT: 1 for a store */
    uint32_t pad;
};

enum engine_kind { ENGINE_JIT, ENGINE_INTERP };
#if defined(__x86_64__)
#define ENGINE_DEFAULT ENGINE_JIT
#else
#define ENGINE_DEFAULT ENGINE_INTERP
#endif
int engine_parse(const char *name, enum engine_kind *out);
const char *engine_name(enum engine_kind e);

/* Optimisation passes, each switchable to bisect a miscompile. */
enum opt_pass {
    OPT_CONSTFOLD,
    OPT_COPYPROP,
    OPT_GETSET,
    OPT_DCE,
    OPT_CONDFOLD,
    OPT_NUM_PASSES
};
extern const char *const opt_pass_name[OPT_NUM_PASSES];

/* Guest memory in user mode: the guest address space is a host reservation,
 * guest address A lives at base + A. A 32-bit guest gets 4 GiB so no
 * address can leave it; pages the guest may not touch are PROT_NONE and a
 * touch becomes EXIT_FAULT with the exact guest state. */
struct guest_mem {
    uint8_t *base;
    uint64_t size;
};

struct frontend {
    const struct ir_guest_desc *desc;
    /* Translates guest code at b->pc for mode b->flags into b (empty on
     * entry). Ends every path with an exit op and sets b->guest_size. */
    void (*translate)(void *opaque, struct ir_block *b);
    /* -d in_asm: prints the guest code of a translated block (optional),
     * naming addresses by syms when there are any. */
    void (*log_in_asm)(void *opaque, const struct ir_block *b, struct symtab *syms, FILE *f);
    void *opaque;
};

/* -d categories */
enum {
    LOG_IN_ASM = 1u << 0,
    LOG_OP = 1u << 1,
    LOG_OP_OPT = 1u << 2,
    LOG_OUT_ASM = 1u << 3,
    LOG_EXEC = 1u << 4,
    LOG_INT = 1u << 5,
    LOG_UNIMP = 1u << 6,
};

struct dbt_config {
    enum engine_kind engine;
    size_t code_cache_size;   /* bytes of host code; 0: default */
    uint32_t passes_off;      /* bit (1 << enum opt_pass) disables a pass */
    bool verify;              /* run the IR verifier after every pass */
    bool no_chain;            /* never link blocks (debugging) */
    uint32_t log;             /* LOG_* */
    FILE *logfile;            /* NULL: stderr */
    struct symtab *symbols;   /* the guest's, for -d in_asm; NULL: none */
};

struct dbt_stats {
    uint64_t blocks_translated;
    uint64_t insns_translated;
    uint64_t translate_ns;
    uint64_t host_bytes;
    uint64_t ir_ops;
    uint64_t blocks_run;      /* dispatcher entries into a block */
    uint64_t chain_links;     /* slots patched */
    uint64_t chain_exits;     /* dispatcher returns from an unlinked slot */
    uint64_t jc_lookups;      /* indirect exits that reached the dispatcher */
    uint64_t flushes;
    uint64_t invalidations;
};

struct dbt;

struct dbt *dbt_create(const struct dbt_config *cfg, const struct frontend *fe,
                       const struct guest_mem *mem);
void dbt_destroy(struct dbt *d);

/* Runs guest code from cpu->pc until something the translator does not
 * handle itself: a syscall, fault, exit request, halt or guest reason. */
enum exit_reason dbt_run(struct dbt *d, struct cpu_head *cpu);

/* Drops every block with code in [start, start+len): a write to guest code. */
void dbt_invalidate(struct dbt *d, uint64_t start, uint64_t len);
/* Drops every block. Only between blocks (not from a helper). */
void dbt_flush(struct dbt *d);
const struct dbt_stats *dbt_stats(const struct dbt *d);
void dbt_stats_print(FILE *f, const struct dbt_stats *s);
/* Adds s into sum (the translators of several threads). */
void dbt_stats_add(struct dbt_stats *sum, const struct dbt_stats *s);

/* Leaves the running block from inside a helper flagged IR_HF_MAY_FAULT.
 * The guest pc is that of the instruction calling the helper. */
_Noreturn void dbt_raise(struct cpu_head *cpu, enum exit_reason reason);

#endif
