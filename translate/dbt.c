/* The translator of one CPU: find or translate the block at the guest pc,
 * run it, link direct exits, fill the jump cache, and turn host faults in
 * guest memory into EXIT_FAULT with the exact guest pc. */
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

#include <capstone.h>

#include "cache.h"
#include "dbt.h"
#include "interp/interp.h"
#include "opt/opt.h"
#include "util/guest_mem.h"
#include "util/xalloc.h"
#include "x86_64/codegen.h"

#define DEFAULT_CODE_CACHE (64u << 20)
#define TRAMPOLINE_SIZE 256

struct dbt {
    struct dbt_config cfg;
    struct frontend fe;
    struct guest_mem mem;
    struct code_cache *cache;
    jit_enter_fn enter;
    struct jit_env jit;
    struct ir_block ir;       /* scratch for translation */
    uint64_t *temps;          /* interpreter temps */
    uint32_t temps_cap;
    struct dbt_stats stats;
};

/* What a fault needs to know about the block running on this thread. Only
 * the thread's own signal handler reads it: host signals are delivered to
 * the thread that faulted, so this is the one piece of per-thread state. */
struct dbt_run {
    sigjmp_buf jb;
    struct dbt *d;
    struct cpu_head *cpu;
    volatile bool in_interp;
    volatile uint64_t interp_pc;
};
static _Thread_local struct dbt_run *current_run;

static const char *const engine_names[] = { [ENGINE_JIT] = "jit", [ENGINE_INTERP] = "interp" };

int engine_parse(const char *name, enum engine_kind *out)
{
    for (unsigned i = 0; i < 2; i++) {
        if (strcmp(name, engine_names[i]) == 0) {
            *out = (enum engine_kind)i;
            return 0;
        }
    }
    return -1;
}

const char *engine_name(enum engine_kind e)
{
    return engine_names[e];
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Host pc and "was it a write" of a fault, where the host tells. */
static const uint8_t *fault_host_pc(const ucontext_t *uc, bool *write)
{
#if defined(__x86_64__)
    *write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
    return (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
#else
    (void)uc;
    *write = false;
    return NULL;
#endif
}

static void fault_handler(int sig, siginfo_t *si, void *uc_void)
{
    struct dbt_run *run = current_run;
    ucontext_t *uc = uc_void;
    uint8_t *addr = si->si_addr;

    if (!run || addr < run->d->mem.base || addr >= run->d->mem.base + run->d->mem.size + GUEST_MEM_GUARD) {
        /* Not a guest access: let the default action report the crash. */
        signal(sig, SIG_DFL);
        return;
    }
    bool write;
    const uint8_t *rip = fault_host_pc(uc, &write);
    struct cpu_head *cpu = run->cpu;
    if (rip && cache_contains_code(run->d->cache, rip)) {
        struct tblock *tb = cache_find_host(run->d->cache, rip);
        if (tb)
            cpu->pc = cache_guest_pc(tb, rip);
    } else if (run->in_interp) {
        cpu->pc = run->interp_pc;
    }
    /* else a helper flagged IR_HF_MAY_FAULT: the pc was stored before the call */
    cpu->fault_addr = (uint64_t)(addr - run->d->mem.base);
    cpu->fault_write = write;
    siglongjmp(run->jb, EXIT_FAULT);
}

static void install_fault_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

_Noreturn void dbt_raise(struct cpu_head *cpu, enum exit_reason reason)
{
    struct dbt_run *run = current_run;
    if (run->in_interp)
        cpu->pc = run->interp_pc;
    siglongjmp(run->jb, (int)reason);
}

struct dbt *dbt_create(const struct dbt_config *cfg, const struct frontend *fe,
                       const struct guest_mem *mem)
{
    if (fe->desc->addr_type == IR_I32 && mem->size < (1ull << 32))
        return NULL;  /* a 32-bit address must not be able to leave the space */
    struct dbt *d = xcalloc(1, sizeof(*d));
    d->cfg = *cfg;
    d->fe = *fe;
    d->mem = *mem;
#if !defined(__x86_64__)
    d->cfg.engine = ENGINE_INTERP;
#endif
    if (!d->cfg.code_cache_size)
        d->cfg.code_cache_size = DEFAULT_CODE_CACHE;
    d->cache = cache_create(d->cfg.code_cache_size, TRAMPOLINE_SIZE);
    if (!d->cache) {
        free(d);
        return NULL;
    }
    struct x64_buf buf;
    x64_buf_init(&buf, cache_prefix(d->cache), cache_prefix(d->cache) + TRAMPOLINE_SIZE);
    d->jit.jump_cache = cache_jump_cache(d->cache);
    d->jit.mem_size = mem->size;
    d->enter = jit_gen_trampoline(&buf, mem->base, &d->jit);
    ir_block_init(&d->ir, fe->desc, 0, 0);
    install_fault_handler();
    return d;
}

void dbt_destroy(struct dbt *d)
{
    if (!d)
        return;
    cache_destroy(d->cache);
    ir_block_free(&d->ir);
    free(d->temps);
    free(d);
}

static void log_line(void *opaque, const char *line)
{
    fprintf(opaque, "%s\n", line);
}

static void dbt_log_ir(struct dbt *d, const char *what)
{
    FILE *f = d->cfg.logfile ? d->cfg.logfile : stderr;
    fprintf(f, "%s:\n", what);
    ir_print(&d->ir, log_line, f);
}

/* Frontend, then the passes. */
static void dbt_build_ir(struct dbt *d, uint64_t pc, uint32_t flags)
{
    ir_block_reset(&d->ir, pc, flags);
    d->fe.translate(d->fe.opaque, &d->ir);
    if ((d->cfg.log & LOG_IN_ASM) && d->fe.log_in_asm)
        d->fe.log_in_asm(d->fe.opaque, &d->ir, d->cfg.symbols, d->cfg.logfile ? d->cfg.logfile : stderr);
    if (d->cfg.log & LOG_OP)
        dbt_log_ir(d, "IR");
    bool verify = d->cfg.verify;
#ifdef DUET_DEBUG_CHECKS
    verify = true;
#endif
    char err[320];
    if (verify && ir_verify(&d->ir, err, sizeof(err)) != 0) {
        fprintf(stderr, "duet: internal error: frontend produced bad IR at pc 0x%llx: %s\n",
                (unsigned long long)pc, err);
        abort();
    }
    if (opt_run(&d->ir, d->cfg.passes_off, verify, err, sizeof(err)) != 0) {
        fprintf(stderr, "duet: internal error at pc 0x%llx: %s\n", (unsigned long long)pc, err);
        abort();
    }
    if (d->cfg.log & LOG_OP_OPT)
        dbt_log_ir(d, "IR after passes");
}

static void dbt_log_host_code(struct dbt *d, const struct tblock *tb)
{
    FILE *f = d->cfg.logfile ? d->cfg.logfile : stderr;
    csh cs;
    cs_insn *insn;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
        return;
    fprintf(f, "OUT: [size=%u] guest pc 0x%llx\n", tb->code_size, (unsigned long long)tb->pc);
    size_t n = cs_disasm(cs, tb->code, tb->code_size, (uint64_t)(uintptr_t)tb->code, 0, &insn);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  0x%llx:  %s %s\n", (unsigned long long)insn[i].address, insn[i].mnemonic, insn[i].op_str);
    if (n)
        cs_free(insn, n);
    cs_close(&cs);
}

/* Emits host code for d->ir into tb; false when the cache is full. */
static bool dbt_emit_jit(struct dbt *d, struct tblock *tb, bool *interpret)
{
    uint8_t *start, *end;
    struct tb_meta *meta = NULL;
    uint32_t nmeta = 0;

    cache_code_space(d->cache, &start, &end);
    long size = jit_gen_block(&d->ir, &d->jit, tb, start, end, &d->ir.scratch, &meta, &nmeta);
    if (size < 0) {
        *interpret = true;
        return true;
    }
    bool ok = size > 0;
    if (ok) {
        tb->meta = cache_alloc(d->cache, nmeta * sizeof(*meta) + 1);
        ok = tb->meta != NULL;
        if (ok && nmeta)
            memcpy(tb->meta, meta, nmeta * sizeof(*meta));
        tb->nmeta = nmeta;
    }
    ok = ok && cache_commit_block(d->cache, tb, d->ir.pc, d->ir.flags, d->ir.guest_size, (uint32_t)size);
    if (ok)
        d->stats.host_bytes += (uint64_t)size;
    if (ok && (d->cfg.log & LOG_OUT_ASM))
        dbt_log_host_code(d, tb);
    return ok;
}

static bool dbt_emit_interp(struct dbt *d, struct tblock *tb)
{
    if (!cache_commit_block(d->cache, tb, d->ir.pc, d->ir.flags, d->ir.guest_size, 0))
        return false;
    tb->interp = xmalloc(sizeof(*tb->interp));
    interp_prepare(tb->interp, &d->ir);
    if (d->ir.ntemps > d->temps_cap) {
        d->temps_cap = d->ir.ntemps;
        d->temps = xrealloc(d->temps, d->temps_cap * sizeof(*d->temps));
    }
    return true;
}

static struct tblock *dbt_translate(struct dbt *d, uint64_t pc, uint32_t flags)
{
    uint64_t t0 = now_ns();
    dbt_build_ir(d, pc, flags);
    for (int attempt = 0; attempt < 2; attempt++) {
        struct tblock *tb = cache_begin_block(d->cache);
        bool interpret = d->cfg.engine == ENGINE_INTERP, ok = false;
        if (tb && !interpret)
            ok = dbt_emit_jit(d, tb, &interpret);
        if (tb && interpret)
            ok = dbt_emit_interp(d, tb);
        if (ok) {
            tb->ninsns = d->ir.ninsns;
            d->stats.blocks_translated++;
            d->stats.insns_translated += d->ir.ninsns;
            d->stats.ir_ops += d->ir.nops;
            d->stats.translate_ns += now_ns() - t0;
            return tb;
        }
        dbt_flush(d);
    }
    fprintf(stderr, "duet: block at pc 0x%llx does not fit in the code cache\n", (unsigned long long)pc);
    abort();
}

static struct tblock *dbt_find(struct dbt *d, struct cpu_head *cpu)
{
    struct tblock *tb = cache_lookup(d->cache, cpu->pc, cpu->block_flags);
    return tb ? tb : dbt_translate(d, cpu->pc, cpu->block_flags);
}

static struct block_exit dbt_exec(struct dbt *d, struct dbt_run *run, struct tblock *tb,
                                  struct tb_link **link)
{
    d->stats.blocks_run++;
    if (d->cfg.log & LOG_EXEC)
        fprintf(d->cfg.logfile ? d->cfg.logfile : stderr, "exec 0x%llx\n", (unsigned long long)tb->pc);
    if (tb->code) {
        struct jit_ret r = d->enter(run->cpu, tb->code);
        *link = r.reason == EXIT_CHAIN ? (struct tb_link *)(uintptr_t)r.arg : NULL;
        return (struct block_exit){ (enum exit_reason)r.reason, 0 };
    }
    run->in_interp = true;
    struct block_exit e = interp_run(tb->interp, run->cpu, &d->mem, d->temps, &run->interp_pc);
    run->in_interp = false;
    *link = e.reason == EXIT_CHAIN ? &tb->out[e.slot & 1] : NULL;
    return e;
}

static enum exit_reason dbt_loop(struct dbt *d, struct dbt_run *run)
{
    struct cpu_head *cpu = run->cpu;
    struct tb_link *link = NULL;

    for (;;) {
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE))
            return EXIT_REQUEST;
        uint64_t flushes = d->stats.flushes;
        struct tblock *tb = dbt_find(d, cpu);
        if (d->stats.flushes != flushes)
            link = NULL;  /* the block it belonged to is gone */
        if (link && !d->cfg.no_chain && link->owner->valid && cache_link(link, tb))
            d->stats.chain_links++;
        struct block_exit e = dbt_exec(d, run, tb, &link);
        switch (e.reason) {
        case EXIT_CHAIN:
            d->stats.chain_exits++;
            break;
        case EXIT_LOOKUP:
            d->stats.jc_lookups++;
            link = NULL;
            if (d->cfg.engine == ENGINE_JIT)
                cache_jc_insert(d->cache, dbt_find(d, cpu));
            break;
        default:
            return e.reason;
        }
    }
}

enum exit_reason dbt_run(struct dbt *d, struct cpu_head *cpu)
{
    struct dbt_run run = { .d = d, .cpu = cpu };
    struct dbt_run *outer = current_run;
    enum exit_reason r;

    current_run = &run;
    int jumped = sigsetjmp(run.jb, 0);
    if (jumped)
        r = (enum exit_reason)jumped;
    else
        r = dbt_loop(d, &run);
    current_run = outer;
    return r;
}

void dbt_invalidate(struct dbt *d, uint64_t start, uint64_t len)
{
    d->stats.invalidations += cache_invalidate_range(d->cache, start, len);
}

void dbt_flush(struct dbt *d)
{
    cache_flush(d->cache);
    d->stats.flushes++;
}

const struct dbt_stats *dbt_stats(const struct dbt *d)
{
    return &d->stats;
}

void dbt_stats_add(struct dbt_stats *sum, const struct dbt_stats *s)
{
    sum->blocks_translated += s->blocks_translated;
    sum->insns_translated += s->insns_translated;
    sum->translate_ns += s->translate_ns;
    sum->host_bytes += s->host_bytes;
    sum->ir_ops += s->ir_ops;
    sum->blocks_run += s->blocks_run;
    sum->chain_links += s->chain_links;
    sum->chain_exits += s->chain_exits;
    sum->jc_lookups += s->jc_lookups;
    sum->flushes += s->flushes;
    sum->invalidations += s->invalidations;
}

void dbt_stats_print(FILE *f, const struct dbt_stats *s)
{
    double insns = (double)s->insns_translated;
    fprintf(f,
            "blocks translated    %llu (%llu guest instructions, %llu IR ops after passes)\n"
            "translation time     %.3f ms (%.0f guest instructions/s)\n"
            "host code            %llu bytes (%.1f per guest instruction)\n"
            "dispatcher entries   %llu\n"
            "chaining             %llu slots linked, %llu exits through unlinked slots\n"
            "jump cache           %llu dispatcher lookups after a miss\n"
            "flushes              %llu, blocks invalidated %llu\n",
            (unsigned long long)s->blocks_translated, (unsigned long long)s->insns_translated,
            (unsigned long long)s->ir_ops, (double)s->translate_ns / 1e6,
            s->translate_ns ? insns * 1e9 / (double)s->translate_ns : 0.0,
            (unsigned long long)s->host_bytes, insns ? (double)s->host_bytes / insns : 0.0,
            (unsigned long long)s->blocks_run, (unsigned long long)s->chain_links,
            (unsigned long long)s->chain_exits, (unsigned long long)s->jc_lookups,
            (unsigned long long)s->flushes, (unsigned long long)s->invalidations);
}
