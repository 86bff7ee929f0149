/* The code cache and the run loop: chaining and unlinking, the jump cache,
 * invalidation, flushes, exit requests, precise faults, and two
 * translators running on two host threads at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ir_programs.h"

#define LOOP 0x1000u
#define DONE 0x1004u
#define SUB 0x1200u
#define RET 0x1100u

static uint32_t imm32(struct ir_block *b, uint32_t v) { return ir_movi(b, IR_I32, v); }

/* r0 += 1; loop while r0 < r5 */
static void loop_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t out = ir_new_label(b);
    ir_insn_start(b, b->pc);
    uint32_t r0 = ir_binop(b, IR_add, IR_I32, ir_get_reg(b, 0), imm32(b, 1));
    ir_set_reg(b, 0, r0);
    ir_brcond(b, IR_I32, IR_GEU, r0, ir_get_reg(b, 5), out);
    ir_goto_tb(b, 0, LOOP);
    ir_label(b, out);
    ir_goto_tb(b, 1, DONE);
}

/* r1 += *(uint32_t *)ctx: the "guest code" a test rewrites */
static void done_block(struct ir_block *b, void *ctx)
{
    uint32_t k = ctx ? *(uint32_t *)ctx : 0;
    ir_insn_start(b, b->pc);
    ir_set_reg(b, 1, ir_binop(b, IR_add, IR_I32, ir_get_reg(b, 1), imm32(b, k)));
    ir_exit(b, EXIT_HALT, imm32(b, b->pc));
}

static void test_chaining(void **state)
{
    (void)state;
    for (unsigned cfg = 0; cfg < 4; cfg++) {
        struct tprog p = { 0 };
        struct tmachine_opts o = { .engine = cfg & 1 ? ENGINE_INTERP : ENGINE_JIT, .no_chain = cfg >= 2 };
        struct tmachine m;
        tprog_add(&p, LOOP, loop_block);
        tprog_add(&p, DONE, done_block);
        tmachine_init(&m, &p, &o);
        m.cpu.r[5] = 100000;
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_HALT);
        assert_int_equal(m.cpu.r[0], 100000);
        assert_int_equal(p.translations, 2);
        const struct dbt_stats *s = dbt_stats(m.d);
        if (o.engine == ENGINE_JIT && !o.no_chain) {
            /* Each slot leaves through the dispatcher once, then is linked. */
            assert_true(s->chain_exits <= 2);
            assert_int_equal(s->chain_links, 2);
        } else {
            assert_int_equal(s->chain_exits, 100000);
        }
        tmachine_fini(&m);
    }
}

/* A chained jump into a block that is invalidated must be unlinked: the
 * next run sees the new code, while the block jumping to it survives. */
static void test_invalidate_unlinks(void **state)
{
    (void)state;
    for (unsigned e = 0; e < 2; e++) {
        uint32_t k = 10;
        struct tprog p = { .ctx = &k };
        struct tmachine_opts o = { .engine = e ? ENGINE_INTERP : ENGINE_JIT };
        struct tmachine m;
        tprog_add(&p, LOOP, loop_block);
        tprog_add(&p, DONE, done_block);
        tmachine_init(&m, &p, &o);
        m.cpu.r[5] = 3;
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_HALT);
        m.cpu.r[0] = 0;
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_HALT);
        assert_int_equal(m.cpu.r[1], 20);
        k = 1000;
        dbt_invalidate(m.d, DONE, 4);
        m.cpu.r[0] = 0;
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_HALT);
        assert_int_equal(m.cpu.r[1], 1020);
        assert_int_equal(p.translations, 3);
        assert_int_equal(dbt_stats(m.d)->invalidations, 1);
        /* Invalidating a range with no code costs nothing. */
        dbt_invalidate(m.d, 0x5000, 0x1000);
        assert_int_equal(dbt_stats(m.d)->invalidations, 1);
        /* The loop block is invalidated by a write to its page. */
        dbt_invalidate(m.d, LOOP + 2, 1);
        m.cpu.r[0] = 0;
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_HALT);
        assert_int_equal(p.translations, 4);
        assert_int_equal(m.cpu.r[1], 2020);
        tmachine_fini(&m);
    }
}

/* Every pc is a distinct block: r0 += pc; go to pc + 4 until r6. */
static void walk_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t out = ir_new_label(b);
    uint32_t pc = (uint32_t)b->pc;
    ir_insn_start(b, pc);
    ir_set_reg(b, 0, ir_binop(b, IR_add, IR_I32, ir_get_reg(b, 0), imm32(b, pc)));
    ir_brcond(b, IR_I32, IR_GEU, imm32(b, pc), ir_get_reg(b, 6), out);
    ir_goto_tb(b, 0, pc + 4);
    ir_label(b, out);
    ir_exit(b, EXIT_HALT, imm32(b, pc));
}

static void test_flush_when_full(void **state)
{
    (void)state;
    for (unsigned e = 0; e < 2; e++) {
        struct tprog p = { .fallback = walk_block };
        struct tmachine_opts o = { .engine = e ? ENGINE_INTERP : ENGINE_JIT, .code_cache_size = 64 * 1024 };
        struct tmachine m;
        tmachine_init(&m, &p, &o);
        uint32_t last = 0x100000 + 4 * 20000;
        m.cpu.r[6] = last;
        for (int round = 0; round < 2; round++) {
            m.cpu.r[0] = 0;
            assert_int_equal(tmachine_run(&m, 0x100000), EXIT_HALT);
            uint32_t want = 0;
            for (uint32_t pc = 0x100000; pc <= last; pc += 4)
                want += pc;
            assert_int_equal(m.cpu.r[0], want);
        }
        if (o.engine == ENGINE_JIT)
            assert_true(dbt_stats(m.d)->flushes >= 2);
        tmachine_fini(&m);
    }
}

/* Call and return through exit_indirect: the return hits the jump cache. */
static void call_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    ir_insn_start(b, b->pc);
    ir_set_reg(b, 0, ir_binop(b, IR_add, IR_I32, ir_get_reg(b, 0), imm32(b, 1)));
    ir_set_reg(b, 7, imm32(b, RET));
    ir_goto_tb(b, 0, SUB);
}

static void sub_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    ir_insn_start(b, b->pc);
    ir_set_reg(b, 1, ir_binop(b, IR_add, IR_I32, ir_get_reg(b, 1), ir_get_reg(b, 0)));
    ir_exit_indirect(b, ir_get_reg(b, 7));
}

static void ret_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t out = ir_new_label(b);
    ir_insn_start(b, b->pc);
    ir_brcond(b, IR_I32, IR_GEU, ir_get_reg(b, 0), ir_get_reg(b, 5), out);
    ir_goto_tb(b, 0, LOOP);
    ir_label(b, out);
    ir_exit(b, EXIT_HALT, imm32(b, b->pc));
}

static void test_jump_cache(void **state)
{
    (void)state;
    for (unsigned e = 0; e < 2; e++) {
        struct tprog p = { 0 };
        struct tmachine_opts o = { .engine = e ? ENGINE_INTERP : ENGINE_JIT };
        struct tmachine m;
        tprog_add(&p, LOOP, call_block);
        tprog_add(&p, SUB, sub_block);
        tprog_add(&p, RET, ret_block);
        tmachine_init(&m, &p, &o);
        m.cpu.r[5] = 50000;
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_HALT);
        assert_int_equal(m.cpu.r[1], (uint32_t)(50000ull * 50001 / 2));
        const struct dbt_stats *s = dbt_stats(m.d);
        if (o.engine == ENGINE_JIT)
            assert_true(s->jc_lookups <= 1);
        else
            assert_int_equal(s->jc_lookups, 50000);
        /* A different mode (flags) is a different block: no stale hit. */
        tmachine_fini(&m);
    }
}

/* insn 0x1000: r0 = 1; insn 0x1004: r1 = load TMEM; insn 0x1008: r2 = 5,
 * r3 = load r4 (the hole); insn 0x100c: r3 = 9 */
static void fault_block(struct ir_block *b, void *ctx)
{
    bool store = *(bool *)ctx;
    ir_insn_start(b, 0x1000);
    ir_set_reg(b, 0, imm32(b, 1));
    ir_insn_start(b, 0x1004);
    ir_set_reg(b, 1, ir_load(b, IR_I32, IR_MO(2, 0, 0), imm32(b, TMEM)));
    ir_insn_start(b, 0x1008);
    ir_set_reg(b, 2, imm32(b, 5));
    if (store)
        ir_store(b, IR_MO(2, 0, 0), ir_get_reg(b, 4), imm32(b, 7));
    else
        ir_set_reg(b, 3, ir_load(b, IR_I32, IR_MO(2, 0, 0), ir_get_reg(b, 4)));
    ir_insn_start(b, 0x100c);
    ir_set_reg(b, 2, imm32(b, 9));
    ir_set_reg(b, 0, imm32(b, 2));
    ir_exit(b, EXIT_HALT, imm32(b, 0x100c));
}

static void test_fault_reports_guest_pc(void **state)
{
    (void)state;
    static const uint32_t bad[3] = { TMEM_HOLE, TMEM_HOLE + 0x100, 0xfffffffe };
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        for (unsigned store = 0; store < 2; store++) {
            bool is_store = store;
            struct tprog p = { .fallback = fault_block, .ctx = &is_store };
            struct tmachine_opts o;
            struct tmachine m;
            tconfig(cfg, &o);
            tmachine_init(&m, &p, &o);
            for (unsigned i = 0; i < 3; i++) {
                memset(m.cpu.r, 0, sizeof(m.cpu.r));
                m.cpu.r[4] = bad[i];
                assert_int_equal(tmachine_run(&m, 0x1000), EXIT_FAULT);
                assert_int_equal(m.cpu.head.pc, 0x1008);
                assert_int_equal(m.cpu.head.fault_addr, bad[i]);
                assert_int_equal(m.cpu.head.fault_write, store);
                assert_int_equal(m.cpu.r[0], 1);
                assert_int_equal(m.cpu.r[2], 5);
                assert_int_equal(m.cpu.r[3], 0);
            }
            /* The same block runs on once the address is good. */
            m.cpu.r[4] = TMEM + 8;
            assert_int_equal(tmachine_run(&m, 0x1000), EXIT_HALT);
            assert_int_equal(m.cpu.r[0], 2);
            assert_int_equal(m.cpu.r[2], 9);
            assert_int_equal(p.translations, 1);
            tmachine_fini(&m);
        }
    }
}

/* A helper that raises reports the instruction that called it. */
static void raise_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    ir_insn_start(b, 0x1000);
    ir_set_reg(b, 0, imm32(b, 1));
    ir_insn_start(b, 0x1004);
    uint32_t a[1] = { ir_get_reg(b, 4) };
    ir_call(b, TH_CHECK, 1, a);
    ir_set_reg(b, 0, imm32(b, 2));
    ir_insn_start(b, 0x1008);
    ir_exit(b, EXIT_HALT, imm32(b, 0x1008));
}

static void test_helper_raise(void **state)
{
    (void)state;
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = raise_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        m.cpu.r[4] = 0x1234;
        assert_int_equal(tmachine_run(&m, 0x1000), EXIT_FAULT);
        assert_int_equal(m.cpu.head.pc, 0x1004);
        assert_int_equal(m.cpu.head.fault_addr, 0x1234);
        assert_int_equal(m.cpu.r[0], 1);
        m.cpu.r[4] = 0;
        assert_int_equal(tmachine_run(&m, 0x1000), EXIT_HALT);
        assert_int_equal(m.cpu.r[0], 2);
        tmachine_fini(&m);
    }
}

/* 64-bit guest addresses beyond the guest space fault instead of leaving it. */
static void far_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    ir_insn_start(b, 0x1000);
    uint32_t v = ir_load(b, IR_I64, IR_MO(3, 0, 0), ir_get_reg(b, T_X0));
    ir_set_reg(b, T_X0 + 1, v);
    ir_insn_start(b, 0x1004);
    ir_store(b, IR_MO(0, 0, 0), ir_get_reg(b, T_X0 + 2), v);
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I64, 0x1008));
}

static void test_addr64_bounds(void **state)
{
    (void)state;
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = far_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        o.addr64 = true;
        tmachine_init(&m, &p, &o);
        memcpy(tmachine_mem(&m), "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
        m.cpu.x[0] = TMEM;
        m.cpu.x[2] = 0x100000000ull + TMEM;
        assert_int_equal(tmachine_run(&m, 0x1000), EXIT_FAULT);
        assert_int_equal(m.cpu.head.pc, 0x1004);
        assert_int_equal(m.cpu.head.fault_addr, 0x100000000ull + TMEM);
        assert_int_equal(m.cpu.x[1], 0x0807060504030201ull);
        m.cpu.x[0] = 0xffffffff00000000ull;
        assert_int_equal(tmachine_run(&m, 0x1000), EXIT_FAULT);
        assert_int_equal(m.cpu.head.pc, 0x1000);
        assert_int_equal(m.cpu.head.fault_addr, 0xffffffff00000000ull);
        tmachine_fini(&m);
    }
}

struct stopper {
    struct cpu_head *cpu;
};

static void *stop_later(void *arg)
{
    struct stopper *s = arg;
    usleep(50 * 1000);
    __atomic_store_n(&s->cpu->exit_request, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* An endless chained loop stops at a block entry when asked to. */
static void test_exit_request(void **state)
{
    (void)state;
    for (unsigned e = 0; e < 2; e++) {
        struct tprog p = { 0 };
        struct tmachine_opts o = { .engine = e ? ENGINE_INTERP : ENGINE_JIT };
        struct tmachine m;
        pthread_t th;
        tprog_add(&p, LOOP, loop_block);
        tprog_add(&p, DONE, done_block);
        tmachine_init(&m, &p, &o);
        m.cpu.head.exit_request = 1;
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_REQUEST);
        assert_int_equal(m.cpu.head.pc, LOOP);
        m.cpu.head.exit_request = 0;
        m.cpu.r[5] = 0xffffffff;
        struct stopper s = { &m.cpu.head };
        assert_int_equal(pthread_create(&th, NULL, stop_later, &s), 0);
        assert_int_equal(tmachine_run(&m, LOOP), EXIT_REQUEST);
        pthread_join(th, NULL);
        assert_int_equal(m.cpu.head.pc, LOOP);
        assert_true(m.cpu.r[0] > 0);
        /* It resumes where it stopped. */
        m.cpu.head.exit_request = 0;
        m.cpu.r[5] = m.cpu.r[0] + 10;
        assert_int_equal(tmachine_run(&m, m.cpu.head.pc), EXIT_HALT);
        assert_int_equal(m.cpu.r[0], m.cpu.r[5]);
        tmachine_fini(&m);
    }
}

struct worker {
    enum engine_kind engine;
    uint32_t n, k;
    uint32_t r0, r1;
    int ok;
};

/* Each thread owns a whole machine; nothing is shared. */
static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct tprog p = { .ctx = &w->k };
    struct tmachine_opts o = { .engine = w->engine, .code_cache_size = 256 * 1024 };
    struct tmachine m;
    tprog_add(&p, LOOP, loop_block);
    tprog_add(&p, DONE, done_block);
    tmachine_init(&m, &p, &o);
    w->ok = 1;
    for (uint32_t round = 0; round < 200; round++) {
        m.cpu.r[0] = 0;
        m.cpu.r[5] = w->n;
        if (tmachine_run(&m, LOOP) != EXIT_HALT || m.cpu.r[0] != w->n)
            w->ok = 0;
        if (round % 10 == 0) {
            dbt_flush(m.d);
            w->k++;
        }
    }
    w->r0 = m.cpu.r[0];
    w->r1 = m.cpu.r[1];
    tmachine_fini(&m);
    return NULL;
}

static void test_two_machines_two_threads(void **state)
{
    (void)state;
    for (unsigned e = 0; e < 2; e++) {
        struct worker w[2] = {
            { .engine = e ? ENGINE_INTERP : ENGINE_JIT, .n = 20000, .k = 1 },
            { .engine = e ? ENGINE_INTERP : ENGINE_JIT, .n = 30000, .k = 1000 },
        };
        pthread_t th[2];
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
        for (int i = 0; i < 2; i++)
            pthread_join(th[i], NULL);
        for (int i = 0; i < 2; i++) {
            uint32_t k0 = i ? 1000 : 1, want = 0;
            /* k grows by one every 10 rounds, after that round ran */
            for (uint32_t round = 0; round < 200; round++)
                want += k0 + (round + 9) / 10;
            assert_true(w[i].ok);
            assert_int_equal(w[i].r0, w[i].n);
            assert_int_equal(w[i].r1, want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chaining),
        cmocka_unit_test(test_invalidate_unlinks),
        cmocka_unit_test(test_flush_when_full),
        cmocka_unit_test(test_jump_cache),
        cmocka_unit_test(test_fault_reports_guest_pc),
        cmocka_unit_test(test_helper_raise),
        cmocka_unit_test(test_addr64_bounds),
        cmocka_unit_test(test_exit_request),
        cmocka_unit_test(test_two_machines_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
