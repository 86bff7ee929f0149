#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "ir_programs.h"

static uint64_t th_add3(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)cpu; (void)d;
    return a + b + c;
}

static uint64_t th_mix(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)c; (void)d;
    struct tcpu *t = cpu;
    t->helper_calls++;
    return (uint32_t)(a * 31 + b + t->r[0]);
}

static uint64_t th_check(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)b; (void)c; (void)d;
    struct cpu_head *h = cpu;
    if (a) {
        h->fault_addr = a;
        dbt_raise(h, EXIT_FAULT);
    }
    return 0;
}

static uint64_t th_weigh4(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)cpu;
    return a + 3 * b + 5 * c + 7 * d;
}

static const struct ir_state_slot tregs[T_NREGS] = {
#define R(n) { "r" #n, offsetof(struct tcpu, r) + 4 * n, IR_I32 }
#define X(n) { "x" #n, offsetof(struct tcpu, x) + 8 * n, IR_I64 }
    R(0), R(1), R(2), R(3), R(4), R(5), R(6), R(7), X(0), X(1), X(2), X(3),
#undef R
#undef X
};
static const struct ir_state_slot tflags[T_NFLAGS] = {
    { "NF", offsetof(struct tcpu, f) + 0, IR_I32 },
    { "ZF", offsetof(struct tcpu, f) + 4, IR_I32 },
    { "CF", offsetof(struct tcpu, f) + 8, IR_I32 },
    { "VF", offsetof(struct tcpu, f) + 12, IR_I32 },
};
static const struct ir_helper thelpers[TH_NUM] = {
    [TH_ADD3] = { "add3", th_add3, 3, IR_I64, IR_HF_PURE },
    [TH_MIX] = { "mix", th_mix, 2, IR_I32, IR_HF_READS_STATE | IR_HF_WRITES_STATE },
    [TH_CHECK] = { "check", th_check, 1, IR_RET_VOID, IR_HF_MAY_FAULT },
    [TH_WEIGH4] = { "weigh4", th_weigh4, 4, IR_I64, IR_HF_PURE },
};

const struct ir_guest_desc tguest = {
    "test", tregs, T_NREGS, tflags, T_NFLAGS, thelpers, TH_NUM, IR_I32,
};
const struct ir_guest_desc tguest64 = {
    "test64", tregs, T_NREGS, tflags, T_NFLAGS, thelpers, TH_NUM, IR_I64,
};

void tprog_add(struct tprog *p, uint64_t pc, tblock_fn fn)
{
    assert_true(p->n < sizeof(p->blocks) / sizeof(p->blocks[0]));
    p->blocks[p->n].pc = pc;
    p->blocks[p->n].fn = fn;
    p->n++;
}

static void tprog_translate(void *opaque, struct ir_block *b)
{
    struct tprog *p = opaque;
    p->translations++;
    b->guest_size = 4;
    for (unsigned i = 0; i < p->n; i++) {
        if (p->blocks[i].pc == b->pc) {
            p->blocks[i].fn(b, p->ctx);
            return;
        }
    }
    if (p->fallback) {
        p->fallback(b, p->ctx);
        return;
    }
    ir_insn_start(b, b->pc);
    ir_exit(b, EXIT_UNDEF, ir_movi(b, b->guest->addr_type, b->pc));
}

void tmachine_init(struct tmachine *m, struct tprog *p, const struct tmachine_opts *o)
{
    memset(m, 0, sizeof(*m));
    m->prog = p;
    assert_int_equal(guest_mem_reserve(&m->mem, 1ull << 32), 0);
    assert_int_equal(guest_mem_map(&m->mem, TMEM, TMEM_SIZE, PROT_READ | PROT_WRITE), 0);
    struct frontend fe = { .desc = o->addr64 ? &tguest64 : &tguest, .translate = tprog_translate, .opaque = p };
    struct dbt_config cfg = {
        .engine = o->engine,
        .passes_off = o->passes_off,
        .code_cache_size = o->code_cache_size,
        .no_chain = o->no_chain,
        .verify = true,
    };
    m->d = dbt_create(&cfg, &fe, &m->mem);
    assert_non_null(m->d);
}

enum exit_reason tmachine_run(struct tmachine *m, uint64_t pc)
{
    m->cpu.head.pc = pc;
    return dbt_run(m->d, &m->cpu.head);
}

uint8_t *tmachine_mem(struct tmachine *m)
{
    return m->mem.base + TMEM;
}

void tmachine_fini(struct tmachine *m)
{
    dbt_destroy(m->d);
    guest_mem_release(&m->mem);
}

void tconfig(unsigned i, struct tmachine_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->engine = i % 2 ? ENGINE_INTERP : ENGINE_JIT;
    unsigned c = i / 2;
    if (c == 1)
        o->passes_off = (1u << OPT_NUM_PASSES) - 1;
    else if (c >= 2)
        o->passes_off = 1u << (c - 2);
}

const char *tconfig_name(unsigned i, char *buf, size_t len)
{
    unsigned c = i / 2;
    const char *e = i % 2 ? "interp" : "jit";
    if (c == 0)
        snprintf(buf, len, "%s, all passes", e);
    else if (c == 1)
        snprintf(buf, len, "%s, no passes", e);
    else
        snprintf(buf, len, "%s, without %s", e, opt_pass_name[c - 2]);
    return buf;
}
