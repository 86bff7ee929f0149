/* Unit tests of the IR builder, printer and verifier. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ir/ir.h"

/* ---- A small test guest ---------------------------------------------- */

enum { R0, R1, R2, R3, D0, D1, NUM_REGS };
enum { NF, ZF, CF, VF, NUM_FLAGS };
enum { H_ADD2, H_SYNC, H_RAND, NUM_HELPERS };

static const struct ir_state_slot test_regs[NUM_REGS] = {
    { "r0", 0, IR_I32 }, { "r1", 4, IR_I32 }, { "r2", 8, IR_I32 }, { "r3", 12, IR_I32 },
    { "d0", 16, IR_I64 }, { "d1", 24, IR_I64 },
};

static const struct ir_state_slot test_flags[NUM_FLAGS] = {
    { "NF", 32, IR_I32 }, { "ZF", 36, IR_I32 }, { "CF", 40, IR_I32 }, { "VF", 44, IR_I32 },
};

static uint64_t helper_add2(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)cpu, (void)c, (void)d;
    return (uint32_t)(a + b);
}

static uint64_t helper_sync(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)cpu, (void)a, (void)b, (void)c, (void)d;
    return 0;
}

static uint64_t helper_rand(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)cpu, (void)a, (void)b, (void)c, (void)d;
    return 4;
}

static const struct ir_helper test_helpers[NUM_HELPERS] = {
    { "helper_add2", helper_add2, 2, IR_I32, IR_HF_PURE },
    { "helper_sync", helper_sync, 1, IR_RET_VOID, IR_HF_WRITES_STATE | IR_HF_MAY_FAULT },
    { "helper_rand", helper_rand, 0, IR_I64, IR_HF_READS_STATE },
};

static const struct ir_guest_desc test_guest = {
    .name = "test",
    .regs = test_regs,
    .nregs = NUM_REGS,
    .flags = test_flags,
    .nflags = NUM_FLAGS,
    .helpers = test_helpers,
    .nhelpers = NUM_HELPERS,
    .addr_type = IR_I32,
};

/* ---- Helpers ----------------------------------------------------------- */

static struct ir_op *last(struct ir_block *b)
{
    return &b->ops[b->nops - 1];
}

/* Printer sink collecting lines. */
struct lines {
    char text[128][160];
    unsigned n;
};

static void collect(void *opaque, const char *line)
{
    struct lines *l = opaque;
    assert_null(strchr(line, '\n'));
    if (l->n < 128)
        snprintf(l->text[l->n], sizeof(l->text[0]), "%s", line);
    l->n++;
}

static void discard(void *opaque, const char *line)
{
    (*(unsigned *)opaque)++;
    assert_non_null(line);
}

static int verify(const struct ir_block *b)
{
    char err[256] = "";
    int r = ir_verify(b, err, sizeof(err));
    if (r)
        print_message("verifier: %s\n", err);
    return r;
}

/* The block must be rejected with a message naming op `idx` (or any op
 * when idx < 0) and containing `word`. The printer must survive it. */
static void expect_reject(const struct ir_block *b, int idx, const char *word)
{
    char err[256] = "";
    char want[32];
    unsigned nlines = 0;

    assert_int_equal(ir_verify(b, err, sizeof(err)), -1);
    if (idx >= 0) {
        snprintf(want, sizeof(want), "op %d (", idx);
        if (strncmp(err, want, strlen(want)) != 0)
            fail_msg("expected \"%s...\", got \"%s\"", want, err);
    }
    if (!strstr(err, word))
        fail_msg("expected \"%s\" in \"%s\"", word, err);
    ir_print(b, discard, &nlines);
    assert_int_equal(nlines, b->nops + 1);
}

/* Starts a block: op 0 insn_start, op 1 t0 = get_reg r0, op 2 t1 = get_reg r1. */
static void begin(struct ir_block *b)
{
    ir_block_init(b, &test_guest, 0x1000, 0);
    ir_insn_start(b, 0x1000);
    ir_get_reg(b, R0);
    ir_get_reg(b, R1);
}

static void end(struct ir_block *b)
{
    ir_exit(b, EXIT_NONE, 0);
}

/* ---- A block containing every opcode ------------------------------------ */

static void build_all_ops(struct ir_block *b)
{
    uint32_t args[2];

    ir_block_init(b, &test_guest, 0x1000, 3);
    uint32_t L0 = ir_new_label(b), L1 = ir_new_label(b), L2 = ir_new_label(b), L3 = ir_new_label(b);

    ir_insn_start(b, 0x1000);                                   /* op 0 */
    uint32_t a = ir_get_reg(b, R1);                             /* t0 */
    uint32_t c = ir_get_reg(b, R2);                             /* t1 */
    uint32_t k = ir_movi(b, IR_I32, 0x10);                      /* t2 */
    uint32_t m = ir_mov(b, IR_I32, a);                          /* t3 */
    uint32_t sum = ir_binop(b, IR_add, IR_I32, a, c);           /* t4 */
    ir_binop(b, IR_sub, IR_I32, a, c);                          /* t5 */
    ir_binop(b, IR_mul, IR_I32, a, c);
    ir_binop(b, IR_mulhu, IR_I32, a, c);
    ir_binop(b, IR_mulhs, IR_I32, a, c);
    uint32_t w = ir_binop(b, IR_mulu_32_64, IR_I64, a, c);      /* t9 */
    uint32_t ws = ir_binop(b, IR_muls_32_64, IR_I64, a, c);     /* t10 */
    ir_unop(b, IR_neg, IR_I32, a);
    ir_binop(b, IR_and, IR_I32, a, c);
    ir_binop(b, IR_or, IR_I32, a, c);
    ir_binop(b, IR_xor, IR_I32, a, c);
    ir_binop(b, IR_andc, IR_I32, a, c);
    ir_unop(b, IR_not, IR_I32, a);                              /* t16 */
    ir_binop(b, IR_shl, IR_I32, a, k);
    ir_binop(b, IR_shr, IR_I32, a, k);
    ir_binop(b, IR_sar, IR_I32, a, k);
    ir_binop(b, IR_rotl, IR_I32, a, k);
    ir_binop(b, IR_rotr, IR_I32, a, k);                         /* t21 */
    ir_shifti(b, IR_shli, IR_I32, a, 3);
    ir_shifti(b, IR_shri, IR_I32, a, 31);
    ir_shifti(b, IR_sari, IR_I32, a, 1);
    ir_shifti(b, IR_rotli, IR_I32, a, 8);
    ir_shifti(b, IR_rotri, IR_I64, w, 63);                      /* t26 */
    ir_unop(b, IR_ext8u, IR_I32, a);
    ir_unop(b, IR_ext8s, IR_I32, a);
    ir_unop(b, IR_ext16u, IR_I32, a);
    ir_unop(b, IR_ext16s, IR_I32, a);                           /* t30 */
    uint32_t z = ir_unop(b, IR_ext32u, IR_I64, a);              /* t31 */
    ir_unop(b, IR_ext32s, IR_I64, a);
    ir_unop(b, IR_trunc, IR_I32, ws);                           /* t33 */
    ir_unop(b, IR_clz, IR_I32, a);
    ir_unop(b, IR_bswap, IR_I32, a);
    ir_unop(b, IR_bswap16, IR_I32, a);                          /* t36 */
    uint32_t lt = ir_setcond(b, IR_I32, IR_LT, a, c);           /* t37 */
    ir_movcond(b, IR_I32, IR_GEU, a, c, k, m);                  /* t38 */
    ir_get_flag(b, NF);                                         /* t39 */
    ir_set_flag(b, ZF, lt);
    uint32_t d = ir_get_reg(b, D0);                             /* t40 */
    ir_set_reg(b, D1, z);
    ir_load(b, IR_I32, IR_MO(0, 0, 0), a);                      /* t41 */
    ir_load(b, IR_I32, IR_MO(1, IR_MO_SIGN | IR_MO_BE, 1), a);
    ir_load(b, IR_I64, IR_MO(2, IR_MO_SIGN, 0), a);
    ir_load(b, IR_I64, IR_MO(3, IR_MO_BE, 2), a);               /* t44 */
    ir_store(b, IR_MO(2, 0, 0), a, sum);
    ir_store(b, IR_MO(3, IR_MO_BE, 1), a, d);
    ir_cmpxchg(b, IR_I32, IR_MO(2, 0, 0), a, c, k);             /* t45 */
    ir_xchg(b, IR_I64, IR_MO(3, IR_MO_BE, 1), a, d);            /* t46 */
    args[0] = a;
    args[1] = c;
    uint32_t h = ir_call(b, H_ADD2, 2, args);                   /* t47 */
    args[0] = h;
    ir_call(b, H_SYNC, 1, args);
    ir_call(b, H_RAND, 0, NULL);                                /* t48 */
    ir_insn_start(b, 0x1004);                                   /* op 55 */
    ir_brcond(b, IR_I32, IR_LTU, a, c, L0);
    uint32_t in = ir_binop(b, IR_add, IR_I32, a, k);            /* t49 */
    ir_set_reg(b, R3, in);
    ir_br(b, L1);
    ir_label(b, L0);
    ir_set_reg(b, R0, k);
    ir_label(b, L1);                                            /* op 62 */
    ir_brcond(b, IR_I64, IR_EQ, w, d, L2);
    ir_goto_tb(b, 0, 0x1008);
    ir_label(b, L2);
    ir_insn_start(b, 0x1008);
    ir_brcond(b, IR_I32, IR_NE, a, m, L3);
    ir_exit_indirect(b, h);
    ir_label(b, L3);
    ir_emit(b, IR_nop, IR_I32);                                 /* op 70 */
    ir_exit(b, EXIT_SYSCALL, a);                                /* op 71 */
}

static const char *const all_ops_text[] = {
    "block pc=0x1000 flags=0x3 insns=3 ops=72 temps=50",
    " ---- 0x1000",
    "  t0:i32 = get_reg r1",
    "  t1:i32 = get_reg r2",
    "  t2:i32 = movi 0x10",
    "  t3:i32 = mov t0",
    "  t4:i32 = add t0, t1",
    "  t5:i32 = sub t0, t1",
    "  t6:i32 = mul t0, t1",
    "  t7:i32 = mulhu t0, t1",
    "  t8:i32 = mulhs t0, t1",
    "  t9:i64 = mulu_32_64 t0, t1",
    "  t10:i64 = muls_32_64 t0, t1",
    "  t11:i32 = neg t0",
    "  t12:i32 = and t0, t1",
    "  t13:i32 = or t0, t1",
    "  t14:i32 = xor t0, t1",
    "  t15:i32 = andc t0, t1",
    "  t16:i32 = not t0",
    "  t17:i32 = shl t0, t2",
    "  t18:i32 = shr t0, t2",
    "  t19:i32 = sar t0, t2",
    "  t20:i32 = rotl t0, t2",
    "  t21:i32 = rotr t0, t2",
    "  t22:i32 = shli t0, 3",
    "  t23:i32 = shri t0, 31",
    "  t24:i32 = sari t0, 1",
    "  t25:i32 = rotli t0, 8",
    "  t26:i64 = rotri t9, 63",
    "  t27:i32 = ext8u t0",
    "  t28:i32 = ext8s t0",
    "  t29:i32 = ext16u t0",
    "  t30:i32 = ext16s t0",
    "  t31:i64 = ext32u t0",
    "  t32:i64 = ext32s t0",
    "  t33:i32 = trunc t10",
    "  t34:i32 = clz t0",
    "  t35:i32 = bswap t0",
    "  t36:i32 = bswap16 t0",
    "  t37:i32 = setcond lt t0, t1",
    "  t38:i32 = movcond geu t0, t1, t2, t3",
    "  t39:i32 = get_flag NF",
    "  set_flag ZF, t37",
    "  t40:i64 = get_reg d0",
    "  set_reg d1, t31",
    "  t41:i32 = load.u8.le.m0 t0",
    "  t42:i32 = load.s16.be.m1 t0",
    "  t43:i64 = load.s32.le.m0 t0",
    "  t44:i64 = load.u64.be.m2 t0",
    "  store.32.le.m0 t0, t4",
    "  store.64.be.m1 t0, t40",
    "  t45:i32 = cmpxchg.32.le.m0 t0, t1, t2",
    "  t46:i64 = xchg.64.be.m1 t0, t40",
    "  t47:i32 = call helper_add2 t0, t1",
    "  call helper_sync t47",
    "  t48:i64 = call helper_rand",
    " ---- 0x1004",
    "  brcond.i32 ltu t0, t1, L0",
    "  t49:i32 = add t0, t2",
    "  set_reg r3, t49",
    "  br L1",
    "L0:",
    "  set_reg r0, t2",
    "L1:",
    "  brcond.i64 eq t9, t40, L2",
    "  goto_tb 0, 0x1008",
    "L2:",
    " ---- 0x1008",
    "  brcond.i32 ne t0, t3, L3",
    "  exit_indirect t47",
    "L3:",
    "  nop",
    "  exit syscall, t0",
};

/* ---- Builder ------------------------------------------------------------ */

static void test_builder_basic(void **state)
{
    (void)state;
    struct ir_block b;

    ir_block_init(&b, &test_guest, 0x2000, 5);
    assert_int_equal(b.pc, 0x2000);
    assert_int_equal(b.flags, 5);
    assert_int_equal(b.nops, 0);
    assert_int_equal(b.ntemps, 0);

    ir_insn_start(&b, 0x2000);
    assert_int_equal(b.ninsns, 1);
    uint32_t t0 = ir_movi(&b, IR_I32, 0x123456789ull);
    assert_int_equal(t0, 0);
    assert_int_equal(b.ops[1].opc, IR_movi);
    assert_int_equal(b.ops[1].imm, 0x23456789u); /* truncated to i32 */
    assert_int_equal(b.ops[1].nargs, 0);
    uint32_t t1 = ir_movi(&b, IR_I64, 0x123456789ull);
    assert_int_equal(b.ops[2].imm, 0x123456789ull);
    assert_int_equal(b.temp_type[t1], IR_I64);

    uint32_t t2 = ir_binop(&b, IR_add, IR_I32, t0, t0);
    assert_int_equal(t2, 2);
    assert_int_equal(last(&b)->nargs, 2);
    assert_int_equal(last(&b)->args[0], t0);
    assert_int_equal(last(&b)->args[2], IR_NO_TEMP);
    assert_int_equal(last(&b)->dst, t2);

    uint32_t r = ir_get_reg(&b, D0);
    assert_int_equal(last(&b)->type, IR_I64);
    assert_int_equal(b.temp_type[r], IR_I64);
    assert_int_equal(last(&b)->imm, D0);

    ir_store(&b, IR_MO(3, 0, 0), t0, r);
    assert_int_equal(last(&b)->type, IR_I64); /* from the stored value */
    assert_int_equal(last(&b)->dst, IR_NO_TEMP);

    uint32_t args[2] = { t0, t2 };
    uint32_t before = b.ntemps;
    uint32_t h = ir_call(&b, H_ADD2, 2, args);
    assert_int_equal(h, before);
    assert_int_equal(b.temp_type[h], IR_I32);
    assert_int_equal(last(&b)->nargs, 2);
    assert_int_equal(last(&b)->imm, H_ADD2);
    assert_int_equal(ir_call(&b, H_SYNC, 1, args), IR_NO_TEMP);
    assert_int_equal(b.ntemps, before + 1); /* a void call defines no temp */

    uint32_t lab = ir_new_label(&b);
    assert_int_equal(lab, 0);
    assert_int_equal(b.nlabels, 1);
    ir_brcond(&b, IR_I32, IR_GTU, t0, t2, lab);
    assert_int_equal(last(&b)->aux, IR_GTU);
    assert_int_equal(last(&b)->imm, lab);
    ir_label(&b, lab);
    ir_goto_tb(&b, 1, 0x2004);
    assert_int_equal(last(&b)->aux, 1);
    assert_int_equal(last(&b)->imm, 0x2004);
    assert_int_equal(b.nops, 11);
    assert_int_equal(b.ntemps, 5);
    assert_int_equal(verify(&b), 0);

    uint32_t flags = ir_op_flags(&b, &b.ops[6]);
    assert_true(flags & IR_OPF_CALL);
    assert_true(flags & IR_OPF_PURE);
    flags = ir_op_flags(&b, &b.ops[7]);
    assert_true(flags & IR_OPF_SIDE_EFFECTS);
    assert_true(flags & IR_OPF_WRITES_STATE);
    assert_true(flags & IR_OPF_MAY_FAULT);

    struct ir_block copy;
    ir_block_init(&copy, &test_guest, 0, 0);
    ir_block_copy(&copy, &b);
    assert_int_equal(copy.nops, b.nops);
    assert_int_equal(copy.ntemps, b.ntemps);
    assert_ptr_not_equal(copy.ops, b.ops);
    assert_memory_equal(copy.ops, b.ops, b.nops * sizeof(*b.ops));
    assert_memory_equal(copy.temp_type, b.temp_type, b.ntemps);
    ir_block_free(&copy);

    ir_block_reset(&b, 0x3000, 1);
    assert_int_equal(b.nops, 0);
    assert_int_equal(b.ntemps, 0);
    assert_int_equal(b.nlabels, 0);
    assert_int_equal(b.ninsns, 0);
    assert_int_equal(b.pc, 0x3000);
    ir_block_free(&b);
}

static void test_builder_all_ops(void **state)
{
    (void)state;
    struct ir_block b;
    build_all_ops(&b);

    assert_int_equal(b.nops, 72);
    assert_int_equal(b.ntemps, 50);
    assert_int_equal(b.nlabels, 4);
    assert_int_equal(b.ninsns, 3);
    /* Temps are numbered in definition order. */
    uint32_t next = 0;
    for (uint32_t i = 0; i < b.nops; i++) {
        if (b.ops[i].dst != IR_NO_TEMP) {
            assert_int_equal(b.ops[i].dst, next);
            assert_int_equal(b.temp_type[next], b.ops[i].type);
            next++;
        }
    }
    assert_int_equal(next, b.ntemps);
    ir_block_free(&b);
}

/* ---- Printer ------------------------------------------------------------- */

static void test_print_all_ops(void **state)
{
    (void)state;
    struct ir_block b;
    static struct lines out;
    size_t n = sizeof(all_ops_text) / sizeof(all_ops_text[0]);

    build_all_ops(&b);
    out.n = 0;
    ir_print(&b, collect, &out);
    for (size_t i = 0; i < n && i < out.n; i++)
        assert_string_equal(out.text[i], all_ops_text[i]);
    assert_int_equal(out.n, n);
    ir_block_free(&b);
}


static void test_print_invalid(void **state)
{
    (void)state;
    struct ir_block b;
    static struct lines out;
    uint32_t args[2] = { 0, 1 };

    begin(&b);
    last(&b)->imm = 99;                                   /* op 2 */
    ir_get_flag(&b, NF);                                  /* op 3, t2 */
    last(&b)->imm = 7;
    ir_set_flag(&b, CF, 0);                               /* op 4 */
    last(&b)->imm = 1000;
    ir_call(&b, H_ADD2, 2, args);                         /* op 5, t3 */
    last(&b)->imm = 3;
    ir_setcond(&b, IR_I32, IR_EQ, 0, 1);                  /* op 6, t4 */
    last(&b)->aux = 10;
    ir_binop(&b, IR_add, IR_I32, 0, 1);                   /* op 7, t5 */
    last(&b)->args[1] = 500;
    ir_binop(&b, IR_add, IR_I32, 0, 1);                   /* op 8, t6 */
    last(&b)->dst = 777;
    ir_binop(&b, IR_add, IR_I32, 0, 1);                   /* op 9, t7 */
    last(&b)->nargs = 200;
    ir_binop(&b, IR_add, IR_I32, 0, 1);                   /* op 10, t8 */
    last(&b)->opc = 999;
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, 3);                /* op 11 */
    last(&b)->type = 9;
    ir_load(&b, IR_I32, 0xffffffffu, 0);                  /* op 12, t9 */
    ir_exit(&b, (enum exit_reason)(EXIT_GUEST_BASE + 8), 0);
    ir_exit(&b, (enum exit_reason)20, 0);
    ir_exit(&b, EXIT_HALT, 1);
    ir_exit(&b, (enum exit_reason)0xffffffffu, 1);

    static const char *const expect[] = {
        "block pc=0x1000 flags=0x0 insns=1 ops=17 temps=10",
        " ---- 0x1000",
        "  t0:i32 = get_reg r0",
        "  t1:i32 = get_reg <bad reg 99>",
        "  t2:i32 = get_flag <bad flag 7>",
        "  set_flag <bad flag 1000>, t0",
        "  t3:i32 = call <bad helper 3> t0, t1",
        "  t4:i32 = setcond <bad cond 10> t0, t1",
        "  t5:i32 = add t0, <bad temp 500>",
        "  <bad temp 777>:i32 = add t0, t1",
        "  t7:i32 = add t0, t1, <bad temp 4294967295>, <bad temp 4294967295>",
        "  <bad op 999>",
        "  brcond.<bad type 9> eq t0, t1, L3",
        "  t9:i32 = load.s64.be.m255 t0",
        "  exit guest+8, t0",
        "  exit <bad exit 20>, t0",
        "  exit halt, t1",
        "  exit guest+4294967263, t1",
    };
    size_t n = sizeof(expect) / sizeof(expect[0]);
    out.n = 0;
    ir_print(&b, collect, &out);
    for (size_t i = 0; i < n && i < out.n; i++)
        assert_string_equal(out.text[i], expect[i]);
    assert_int_equal(out.n, n);

    /* Without a guest description no slot or helper name is available. */
    b.guest = NULL;
    out.n = 0;
    ir_print(&b, collect, &out);
    assert_string_equal(out.text[2], "  t0:i32 = get_reg <bad reg 0>");
    assert_string_equal(out.text[6], "  t3:i32 = call <bad helper 3> t0, t1");
    char err[64];
    assert_int_equal(ir_verify(&b, err, sizeof(err)), -1);
    ir_block_free(&b);
}

static void test_print_long_names(void **state)
{
    (void)state;
    static char longname[1000];
    static struct ir_state_slot regs[1];
    static struct lines out;
    struct ir_guest_desc g = test_guest;
    struct ir_block b;

    memset(longname, 'x', sizeof(longname) - 1);
    regs[0] = (struct ir_state_slot){ longname, 0, IR_I32 };
    g.regs = regs;
    g.nregs = 1;
    ir_block_init(&b, &g, 0, 0);
    ir_get_reg(&b, 0);
    out.n = 0;
    ir_print(&b, collect, &out);
    assert_int_equal(out.n, 2);
    assert_true(strncmp(out.text[1], "  t0:i32 = get_reg xxxx", 23) == 0);
    ir_block_free(&b);
}

/* ---- Verifier: accepted blocks ------------------------------------------ */

static void test_verify_all_ops(void **state)
{
    (void)state;
    struct ir_block b;
    unsigned count[IR_NUM_OPCODES] = { 0 };

    build_all_ops(&b);
    for (uint32_t i = 0; i < b.nops; i++) {
        assert_true(b.ops[i].opc < IR_NUM_OPCODES);
        count[b.ops[i].opc]++;
    }
    for (unsigned o = 0; o < IR_NUM_OPCODES; o++)
        if (count[o] == 0)
            fail_msg("opcode %s missing from the all-ops block", ir_op_info[o].name);
    assert_int_equal(verify(&b), 0);

    /* A copy verifies too, and err is left alone on success. */
    struct ir_block copy;
    char err[16] = "untouched";
    ir_block_init(&copy, &test_guest, 0, 0);
    ir_block_copy(&copy, &b);
    assert_int_equal(ir_verify(&copy, err, sizeof(err)), 0);
    assert_string_equal(err, "untouched");
    ir_block_free(&copy);
    ir_block_free(&b);
}

static void test_verify_minimal(void **state)
{
    (void)state;
    struct ir_block b;

    ir_block_init(&b, &test_guest, 0, 0);
    ir_goto_tb(&b, 1, 0x40);
    assert_int_equal(verify(&b), 0);
    ir_block_free(&b);

    /* Shift counts up to width - 1, i64 memops, every condition. */
    begin(&b);
    uint32_t w = ir_get_reg(&b, D0);
    ir_shifti(&b, IR_shli, IR_I64, w, 63);
    ir_shifti(&b, IR_sari, IR_I32, 0, 31);
    ir_shifti(&b, IR_rotri, IR_I32, 0, 0);
    for (unsigned c = 0; c < IR_NUM_CONDS; c++)
        ir_setcond(&b, IR_I64, (enum ir_cond)c, w, w);
    ir_load(&b, IR_I32, IR_MO(2, IR_MO_SIGN | IR_MO_BE, 255), 0);
    ir_store(&b, IR_MO(3, IR_MO_BE, 255), 0, w);
    ir_exit(&b, (enum exit_reason)255, w);
    assert_int_equal(verify(&b), 0);
    ir_block_free(&b);
}

/* ---- Verifier: rejected blocks, one rule at a time ------------------------ */

static void test_reject_empty(void **state)
{
    (void)state;
    struct ir_block b;
    char err[64] = "";

    ir_block_init(&b, &test_guest, 0, 0);
    assert_int_equal(ir_verify(&b, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "empty"));
    ir_block_free(&b);
}

static void test_reject_opcode_type(void **state)
{
    (void)state;
    struct ir_block b;

    begin(&b);
    ir_binop(&b, IR_add, IR_I32, 0, 1);
    last(&b)->opc = IR_NUM_OPCODES;
    end(&b);
    expect_reject(&b, 3, "opcode");
    last(&b)->opc = 0xffff; /* the exit: first error wins */
    expect_reject(&b, 3, "opcode");
    ir_block_free(&b);

    begin(&b);
    ir_binop(&b, IR_add, IR_I32, 0, 1);
    last(&b)->type = 2;
    end(&b);
    expect_reject(&b, 3, "type");
    ir_block_free(&b);

    begin(&b);
    ir_label(&b, ir_new_label(&b));
    last(&b)->type = 0x80;
    end(&b);
    expect_reject(&b, 3, "type");
    ir_block_free(&b);
}

static void test_reject_nargs(void **state)
{
    (void)state;
    struct ir_block b;

    begin(&b);
    ir_binop(&b, IR_add, IR_I32, 0, 1);
    last(&b)->nargs = 1;
    end(&b);
    expect_reject(&b, 3, "nargs");
    ir_block_free(&b);

    begin(&b);
    ir_movi(&b, IR_I32, 1);
    last(&b)->nargs = 255;
    end(&b);
    expect_reject(&b, 3, "nargs");
    ir_block_free(&b);
}

static void test_reject_dst_presence(void **state)
{
    (void)state;
    struct ir_block b;

    begin(&b);
    ir_binop(&b, IR_add, IR_I32, 0, 1);
    last(&b)->dst = IR_NO_TEMP;
    end(&b);
    expect_reject(&b, 3, "missing dst");
    ir_block_free(&b);

    begin(&b);
    uint32_t t = ir_new_temp(&b, IR_I32);
    ir_set_reg(&b, R2, 0);
    last(&b)->dst = t;
    end(&b);
    expect_reject(&b, 3, "dst");
    ir_block_free(&b);
}

static void test_reject_call(void **state)
{
    (void)state;
    struct ir_block b;
    uint32_t args[IR_MAX_ARGS + 1] = { 0, 1, 0, 1, 0 };

    /* helper index out of range */
    begin(&b);
    ir_call(&b, H_ADD2, 2, args);
    last(&b)->imm = NUM_HELPERS;
    end(&b);
    expect_reject(&b, 3, "helper");
    ir_block_free(&b);

    /* nargs differs from the helper's */
    begin(&b);
    ir_call(&b, H_ADD2, 1, args);
    end(&b);
    expect_reject(&b, 3, "nargs");
    ir_block_free(&b);

    /* nargs above IR_MAX_ARGS */
    begin(&b);
    ir_call(&b, H_ADD2, 2, args);
    last(&b)->nargs = IR_MAX_ARGS + 1;
    end(&b);
    expect_reject(&b, 3, "nargs");
    ir_block_free(&b);

    /* void helper with a dst */
    begin(&b);
    uint32_t t = ir_new_temp(&b, IR_I64);
    ir_call(&b, H_SYNC, 1, args);
    last(&b)->dst = t;
    end(&b);
    expect_reject(&b, 3, "void helper");
    ir_block_free(&b);

    /* non-void helper without a dst */
    begin(&b);
    ir_call(&b, H_ADD2, 2, args);
    last(&b)->dst = IR_NO_TEMP;
    end(&b);
    expect_reject(&b, 3, "missing dst");
    ir_block_free(&b);

    /* dst type differs from the helper's return type */
    begin(&b);
    uint32_t h = ir_call(&b, H_ADD2, 2, args);
    last(&b)->type = IR_I64;
    b.temp_type[h] = IR_I64;
    end(&b);
    expect_reject(&b, 3, "returns i32");
    ir_block_free(&b);

    /* call args may be of any type */
    begin(&b);
    uint32_t w = ir_get_reg(&b, D0);
    args[0] = w;
    args[1] = 0;
    ir_call(&b, H_ADD2, 2, args);
    args[0] = w;
    ir_call(&b, H_SYNC, 1, args);
    end(&b);
    assert_int_equal(verify(&b), 0);
    ir_block_free(&b);
}

static void test_reject_args(void **state)
{
    (void)state;
    struct ir_block b;

    /* out of range */
    begin(&b);
    ir_binop(&b, IR_add, IR_I32, 0, 1);
    last(&b)->args[1] = 99;
    end(&b);
    expect_reject(&b, 3, "arg 1 t99 out of range");
    ir_block_free(&b);

    /* IR_NO_TEMP as an arg */
    begin(&b);
    ir_unop(&b, IR_not, IR_I32, IR_NO_TEMP);
    end(&b);
    expect_reject(&b, 3, "out of range");
    ir_block_free(&b);

    /* used before its definition (defined later) */
    begin(&b);
    ir_binop(&b, IR_add, IR_I32, 0, 3);
    ir_movi(&b, IR_I32, 5); /* t3 */
    end(&b);
    expect_reject(&b, 3, "arg 1 t3 used before its definition");
    ir_block_free(&b);

    /* never defined at all */
    begin(&b);
    uint32_t t = ir_new_temp(&b, IR_I32);
    ir_mov(&b, IR_I32, t);
    end(&b);
    expect_reject(&b, 3, "before its definition");
    ir_block_free(&b);

    /* used by its own defining op */
    begin(&b);
    ir_binop(&b, IR_add, IR_I32, 0, 2); /* t2 = t0 + t2 */
    end(&b);
    expect_reject(&b, 3, "arg 1 t2 used before");
    ir_block_free(&b);
}

static void test_reject_dst(void **state)
{
    (void)state;
    struct ir_block b;

    /* out of range */
    begin(&b);
    ir_movi(&b, IR_I32, 1);
    last(&b)->dst = 1234;
    end(&b);
    expect_reject(&b, 3, "dst t1234 out of range");
    ir_block_free(&b);

    /* defined twice */
    begin(&b);
    ir_movi(&b, IR_I32, 1);
    last(&b)->dst = 1;
    end(&b);
    expect_reject(&b, 3, "defined twice");
    ir_block_free(&b);

    /* temp type differs from the op type */
    begin(&b);
    uint32_t t = ir_movi(&b, IR_I32, 1);
    b.temp_type[t] = IR_I64;
    end(&b);
    expect_reject(&b, 3, "dst t2 has type i64");
    ir_block_free(&b);
}

static void test_reject_operand_types(void **state)
{
    (void)state;
    struct ir_block b;

    /* default rule: args of type T */
    begin(&b);
    uint32_t w = ir_get_reg(&b, D0); /* t2, op 3 */
    ir_binop(&b, IR_add, IR_I32, 0, w);
    end(&b);
    expect_reject(&b, 4, "arg 1 t2 has type i64, expected i32");
    ir_block_free(&b);

    /* movcond: the selected values must be of type T too */
    begin(&b);
    w = ir_get_reg(&b, D0);
    ir_movcond(&b, IR_I32, IR_EQ, 0, 1, 0, w);
    end(&b);
    expect_reject(&b, 4, "arg 3");
    ir_block_free(&b);

    /* mulu_32_64 / muls_32_64: T must be i64, args i32 */
    begin(&b);
    ir_binop(&b, IR_mulu_32_64, IR_I32, 0, 1);
    end(&b);
    expect_reject(&b, 3, "must be i64");
    ir_block_free(&b);

    begin(&b);
    w = ir_get_reg(&b, D0);
    ir_binop(&b, IR_muls_32_64, IR_I64, w, 1);
    end(&b);
    expect_reject(&b, 4, "arg 0 t2 has type i64, expected i32");
    ir_block_free(&b);

    /* ext32u / ext32s: T i64, arg i32 */
    begin(&b);
    ir_unop(&b, IR_ext32s, IR_I32, 0);
    end(&b);
    expect_reject(&b, 3, "must be i64");
    ir_block_free(&b);

    begin(&b);
    w = ir_get_reg(&b, D0);
    ir_unop(&b, IR_ext32u, IR_I64, w);
    end(&b);
    expect_reject(&b, 4, "expected i32");
    ir_block_free(&b);

    /* trunc: T i32, arg i64 */
    begin(&b);
    w = ir_get_reg(&b, D0);
    ir_unop(&b, IR_trunc, IR_I64, w);
    end(&b);
    expect_reject(&b, 4, "must be i32");
    ir_block_free(&b);

    begin(&b);
    ir_unop(&b, IR_trunc, IR_I32, 0);
    end(&b);
    expect_reject(&b, 3, "expected i64");
    ir_block_free(&b);

    /* load: the address has the guest's address type */
    begin(&b);
    w = ir_get_reg(&b, D0);
    ir_load(&b, IR_I64, IR_MO(3, 0, 0), w);
    end(&b);
    expect_reject(&b, 4, "arg 0 t2 has type i64, expected i32");
    ir_block_free(&b);

    /* store: address type, then a value of type T */
    begin(&b);
    w = ir_get_reg(&b, D0);
    ir_store(&b, IR_MO(2, 0, 0), w, 0);
    end(&b);
    expect_reject(&b, 4, "arg 0");
    ir_block_free(&b);

    begin(&b);
    w = ir_get_reg(&b, D0);
    ir_store(&b, IR_MO(2, 0, 0), 0, w);
    last(&b)->type = IR_I32;
    end(&b);
    expect_reject(&b, 4, "arg 1 t2 has type i64, expected i32");
    ir_block_free(&b);

    /* brcond compares values of type T */
    begin(&b);
    w = ir_get_reg(&b, D0);
    uint32_t l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_EQ, 0, w, l);
    ir_label(&b, l);
    end(&b);
    expect_reject(&b, 4, "arg 1");
    ir_block_free(&b);

    /* exit and exit_indirect: arg of type T */
    begin(&b);
    ir_exit_indirect(&b, 0);
    last(&b)->type = IR_I64;
    expect_reject(&b, 3, "expected i64");
    ir_block_free(&b);

    begin(&b);
    ir_exit(&b, EXIT_HALT, 1);
    last(&b)->type = IR_I64;
    expect_reject(&b, 3, "arg 0 t1");
    ir_block_free(&b);

    begin(&b); /* any T is fine when it matches */
    w = ir_get_reg(&b, D0);
    ir_exit_indirect(&b, w);
    assert_int_equal(verify(&b), 0);
    ir_block_free(&b);
}

static void test_reject_state(void **state)
{
    (void)state;
    struct ir_block b;

    /* index out of range */
    begin(&b);
    ir_get_reg(&b, R0);
    last(&b)->imm = NUM_REGS;
    end(&b);
    expect_reject(&b, 3, "reg index");
    ir_block_free(&b);

    begin(&b);
    ir_set_reg(&b, R0, 0);
    last(&b)->imm = 1ull << 40;
    end(&b);
    expect_reject(&b, 3, "reg index");
    ir_block_free(&b);

    begin(&b);
    ir_get_flag(&b, NF);
    last(&b)->imm = NUM_FLAGS;
    end(&b);
    expect_reject(&b, 3, "flag index");
    ir_block_free(&b);

    begin(&b);
    ir_set_flag(&b, VF, 0);
    last(&b)->imm = 100;
    end(&b);
    expect_reject(&b, 3, "flag index");
    ir_block_free(&b);

    /* T differs from the slot's type */
    begin(&b);
    uint32_t t = ir_get_reg(&b, D0);
    last(&b)->type = IR_I32;
    b.temp_type[t] = IR_I32;
    end(&b);
    expect_reject(&b, 3, "reg 4 has type i64");
    ir_block_free(&b);

    begin(&b);
    ir_set_reg(&b, D1, 0);
    last(&b)->type = IR_I32;
    end(&b);
    expect_reject(&b, 3, "has type i64");
    ir_block_free(&b);

    begin(&b);
    t = ir_get_flag(&b, CF);
    last(&b)->type = IR_I64;
    b.temp_type[t] = IR_I64;
    end(&b);
    expect_reject(&b, 3, "flag 2 has type i32");
    ir_block_free(&b);

    /* set_reg / set_flag: arg of type T */
    begin(&b);
    ir_set_reg(&b, D1, 0);
    end(&b);
    expect_reject(&b, 3, "arg 0 t0 has type i32, expected i64");
    ir_block_free(&b);

    begin(&b);
    t = ir_get_reg(&b, D1);
    ir_set_flag(&b, ZF, t);
    end(&b);
    expect_reject(&b, 4, "expected i32");
    ir_block_free(&b);
}

static void test_reject_shift_imm(void **state)
{
    (void)state;
    static const enum ir_opcode ops[] = { IR_shli, IR_shri, IR_sari, IR_rotli, IR_rotri };
    struct ir_block b;

    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        begin(&b);
        ir_shifti(&b, ops[i], IR_I32, 0, 32);
        end(&b);
        expect_reject(&b, 3, "shift count 32");
        ir_block_free(&b);

        begin(&b);
        uint32_t w = ir_get_reg(&b, D0);
        ir_shifti(&b, ops[i], IR_I64, w, 64);
        end(&b);
        expect_reject(&b, 4, "shift count 64");
        ir_block_free(&b);

        begin(&b);
        ir_shifti(&b, ops[i], IR_I32, 0, 0);
        last(&b)->imm = 1ull << 32;
        end(&b);
        expect_reject(&b, 3, "shift count");
        ir_block_free(&b);
    }
}

static void test_reject_cond(void **state)
{
    (void)state;
    struct ir_block b;

    begin(&b);
    ir_setcond(&b, IR_I32, IR_EQ, 0, 1);
    last(&b)->aux = IR_NUM_CONDS;
    end(&b);
    expect_reject(&b, 3, "condition");
    ir_block_free(&b);

    begin(&b);
    ir_movcond(&b, IR_I32, IR_EQ, 0, 1, 0, 1);
    last(&b)->aux = 0xffffffffu;
    end(&b);
    expect_reject(&b, 3, "condition");
    ir_block_free(&b);

    begin(&b);
    uint32_t l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, (enum ir_cond)IR_NUM_CONDS, 0, 1, l);
    ir_label(&b, l);
    end(&b);
    expect_reject(&b, 3, "condition");
    ir_block_free(&b);
}

static void test_reject_memop(void **state)
{
    (void)state;
    struct ir_block b;

    /* an i32 load or store of 8 bytes */
    begin(&b);
    ir_load(&b, IR_I32, IR_MO(3, 0, 0), 0);
    end(&b);
    expect_reject(&b, 3, "size 8");
    ir_block_free(&b);

    begin(&b);
    ir_store(&b, IR_MO(3, IR_MO_BE, 0), 0, 1);
    end(&b);
    expect_reject(&b, 3, "size 8");
    ir_block_free(&b);

    /* sign flag on a store */
    begin(&b);
    ir_store(&b, IR_MO(1, IR_MO_SIGN, 0), 0, 1);
    end(&b);
    expect_reject(&b, 3, "sign");
    ir_block_free(&b);

    /* reserved bits */
    begin(&b);
    ir_load(&b, IR_I32, IR_MO(0, 1u << 4, 0), 0);
    end(&b);
    expect_reject(&b, 3, "reserved");
    ir_block_free(&b);

    begin(&b);
    ir_store(&b, IR_MO(0, 1u << 16, 0), 0, 1);
    end(&b);
    expect_reject(&b, 3, "reserved");
    ir_block_free(&b);

    begin(&b);
    ir_load(&b, IR_I32, 1u << 31, 0);
    end(&b);
    expect_reject(&b, 3, "reserved");
    ir_block_free(&b);
}

static void test_reject_labels(void **state)
{
    (void)state;
    struct ir_block b;
    uint32_t l, l2;

    /* label id out of range */
    begin(&b);
    ir_label(&b, 0);
    end(&b);
    expect_reject(&b, 3, "label 0 out of range");
    ir_block_free(&b);

    /* placed twice */
    begin(&b);
    l = ir_new_label(&b);
    ir_label(&b, l);
    ir_movi(&b, IR_I32, 1);
    ir_label(&b, l);
    end(&b);
    expect_reject(&b, 5, "placed twice");
    ir_block_free(&b);

    /* br to a label placed before it (backward) */
    begin(&b);
    l = ir_new_label(&b);
    l2 = ir_new_label(&b);
    ir_label(&b, l);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l2);
    ir_br(&b, l);
    ir_label(&b, l2);
    end(&b);
    expect_reject(&b, 5, "backward");
    ir_block_free(&b);

    /* brcond to itself is backward too */
    begin(&b);
    l = ir_new_label(&b);
    ir_label(&b, l);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l);
    end(&b);
    expect_reject(&b, 4, "backward");
    ir_block_free(&b);

    /* branch to a label that is never placed */
    begin(&b);
    l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l);
    end(&b);
    expect_reject(&b, 3, "never placed");
    ir_block_free(&b);

    /* branch to a label id out of range */
    begin(&b);
    l = ir_new_label(&b);
    ir_br(&b, l + 1);
    ir_label(&b, l);
    end(&b);
    expect_reject(&b, 3, "out of range");
    ir_block_free(&b);

    begin(&b);
    l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l);
    last(&b)->imm = ~0ull;
    ir_label(&b, l);
    end(&b);
    expect_reject(&b, 3, "out of range");
    ir_block_free(&b);
}

static void test_reject_exits(void **state)
{
    (void)state;
    struct ir_block b;

    begin(&b);
    ir_goto_tb(&b, 2, 0x1004);
    expect_reject(&b, 3, "chaining slot");
    ir_block_free(&b);

    begin(&b);
    ir_exit(&b, (enum exit_reason)256, 0);
    expect_reject(&b, 3, "exit reason");
    ir_block_free(&b);
}

static void test_reject_control_flow(void **state)
{
    (void)state;
    struct ir_block b;
    uint32_t l;

    /* last op not an exit */
    begin(&b);
    expect_reject(&b, 2, "does not end with an exit");
    ir_block_free(&b);

    begin(&b);
    l = ir_new_label(&b);
    ir_br(&b, l);
    ir_label(&b, l);
    expect_reject(&b, 4, "does not end with an exit");
    ir_block_free(&b);

    /* an op after an exit that is not a label */
    begin(&b);
    ir_goto_tb(&b, 0, 0x1004);
    ir_movi(&b, IR_I32, 1);
    end(&b);
    expect_reject(&b, 4, "unreachable");
    ir_block_free(&b);

    begin(&b);
    ir_exit_indirect(&b, 0);
    end(&b);
    expect_reject(&b, 4, "unreachable");
    ir_block_free(&b);

    /* an op after br that is not a label */
    begin(&b);
    l = ir_new_label(&b);
    ir_br(&b, l);
    ir_set_reg(&b, R0, 1);
    ir_label(&b, l);
    end(&b);
    expect_reject(&b, 4, "unreachable");
    ir_block_free(&b);

    /* brcond falls through: fine */
    begin(&b);
    l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l);
    ir_set_reg(&b, R0, 1);
    ir_label(&b, l);
    end(&b);
    assert_int_equal(verify(&b), 0);
    ir_block_free(&b);
}

static void test_availability(void **state)
{
    (void)state;
    struct ir_block b;
    uint32_t l, l2, t;

    /* defined inside a region a branch skips, used after the label */
    begin(&b);
    l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l);      /* op 3 */
    t = ir_movi(&b, IR_I32, 1);                 /* op 4, t2 */
    ir_set_reg(&b, R2, t);                      /* op 5: fine, same region */
    ir_label(&b, l);                            /* op 6 */
    ir_binop(&b, IR_add, IR_I32, 0, t);         /* op 7 */
    end(&b);
    expect_reject(&b, 7, "arg 1 t2 not available");
    ir_block_free(&b);

    /* defined before the branch: available after the label */
    begin(&b);
    l = ir_new_label(&b);
    t = ir_movi(&b, IR_I32, 1);                 /* op 3 */
    ir_brcond(&b, IR_I32, IR_EQ, 0, t, l);      /* op 4 */
    ir_set_reg(&b, R2, t);
    ir_label(&b, l);
    ir_binop(&b, IR_add, IR_I32, 0, t);
    end(&b);
    assert_int_equal(verify(&b), 0);
    ir_block_free(&b);

    /* if/else: the then-value is unavailable after the join */
    begin(&b);
    l = ir_new_label(&b);
    l2 = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_NE, 0, 1, l);      /* op 3 */
    t = ir_movi(&b, IR_I32, 1);                 /* op 4 */
    ir_br(&b, l2);                              /* op 5 */
    ir_label(&b, l);                            /* op 6 */
    ir_movi(&b, IR_I32, 2);                     /* op 7 */
    ir_label(&b, l2);                           /* op 8 */
    ir_exit(&b, EXIT_NONE, t);                  /* op 9 */
    expect_reject(&b, 9, "not available");
    ir_block_free(&b);

    /* the else-value too (skipped by br) */
    begin(&b);
    l = ir_new_label(&b);
    l2 = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_NE, 0, 1, l);
    ir_movi(&b, IR_I32, 1);
    ir_br(&b, l2);
    ir_label(&b, l);
    t = ir_movi(&b, IR_I32, 2);
    ir_label(&b, l2);
    ir_exit(&b, EXIT_NONE, t);
    expect_reject(&b, 9, "not available");
    ir_block_free(&b);

    /* a label whose only branch comes after the definition keeps it */
    begin(&b);
    l = ir_new_label(&b);
    l2 = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_NE, 0, 1, l);      /* op 3 */
    ir_label(&b, l);                            /* op 4 */
    t = ir_movi(&b, IR_I32, 1);                 /* op 5 */
    ir_brcond(&b, IR_I32, IR_NE, t, 1, l2);     /* op 6 */
    ir_label(&b, l2);
    ir_exit(&b, EXIT_NONE, t);
    assert_int_equal(verify(&b), 0);
    /* ...but an earlier branch to the later label skips it */
    b.ops[3].imm = l2;
    expect_reject(&b, 8, "not available");
    ir_block_free(&b);

    /* nested: a temp defined between an outer branch and an inner label
     * stays unavailable after later labels as well */
    begin(&b);
    l = ir_new_label(&b);
    l2 = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_NE, 0, 1, l);      /* op 3 */
    t = ir_movi(&b, IR_I32, 1);                 /* op 4 */
    ir_label(&b, l);                            /* op 5 */
    uint32_t u = ir_movi(&b, IR_I32, 2);        /* op 6 */
    ir_brcond(&b, IR_I32, IR_NE, u, 1, l2);     /* op 7 */
    ir_label(&b, l2);                           /* op 8 */
    ir_binop(&b, IR_add, IR_I32, u, 0);         /* op 9: fine */
    ir_binop(&b, IR_add, IR_I32, u, t);         /* op 10 */
    end(&b);
    expect_reject(&b, 10, "arg 1 t2 not available");
    ir_block_free(&b);
}

static void test_err_buffer(void **state)
{
    (void)state;
    struct ir_block b;
    char err[8];

    begin(&b);
    assert_int_equal(ir_verify(&b, NULL, 0), -1);
    memset(err, 'z', sizeof(err));
    assert_int_equal(ir_verify(&b, err, 1), -1);
    assert_int_equal(err[0], '\0');
    assert_int_equal(err[1], 'z');
    assert_int_equal(ir_verify(&b, err, sizeof(err)), -1);
    assert_int_equal(strlen(err), sizeof(err) - 1);
    assert_true(strncmp(err, "op 2 (g", 7) == 0);
    ir_block_free(&b);
}

/* Random garbage in every field: the verifier and printer must not crash
 * (run under ASan/UBSan) and mutated blocks are usually rejected. */
static void test_garbage(void **state)
{
    (void)state;
    struct ir_block ref, b;
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    unsigned rejected = 0, nlines;
    char err[128];

    build_all_ops(&ref);
    ir_block_init(&b, &test_guest, 0, 0);
    for (unsigned iter = 0; iter < 20000; iter++) {
        ir_block_copy(&b, &ref);
        for (unsigned k = 0; k < 1 + iter % 3; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            uint64_t r = seed >> 16;
            struct ir_op *op = &b.ops[r % b.nops];
            unsigned small = (unsigned)(r >> 20) % 8;
            uint32_t v = (r >> 40) & 1 ? small : (uint32_t)(r >> 24);
            switch ((r >> 8) % 8) {
            case 0: op->opc = (uint16_t)(small < 4 ? (r >> 24) % (IR_NUM_OPCODES + 2) : v); break;
            case 1: op->type = (uint8_t)v; break;
            case 2: op->nargs = (uint8_t)v; break;
            case 3: op->dst = small == 7 ? IR_NO_TEMP : v % (b.ntemps + 4); break;
            case 4: op->args[small % IR_MAX_ARGS] = small == 7 ? IR_NO_TEMP : v % (b.ntemps + 4); break;
            case 5: op->aux = v; break;
            case 6: op->imm = small < 6 ? small : seed; break;
            default: b.temp_type[v % b.ntemps] = (uint8_t)(small & 3); break;
            }
        }
        if (ir_verify(&b, err, sizeof(err)) != 0) {
            rejected++;
            assert_true(strlen(err) > 0);
        }
        nlines = 0;
        ir_print(&b, discard, &nlines);
        assert_int_equal(nlines, b.nops + 1);
    }
    assert_true(rejected > 10000);
    ir_block_free(&b);
    ir_block_free(&ref);
}

/* A block has one jump per chaining slot: the JIT patches one per slot. */
static void test_reject_slot_twice(void **state)
{
    (void)state;
    struct ir_block b;
    begin(&b);
    uint32_t l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l);
    ir_goto_tb(&b, 0, 0x2000);
    ir_label(&b, l);
    ir_goto_tb(&b, 0, 0x3000);
    expect_reject(&b, 6, "slot 0 used twice");
    ir_block_free(&b);
}

/* Branches stay within one guest instruction, so the instruction before a
 * host pc in code order is the one executing. */
static void test_reject_branch_across_insn(void **state)
{
    (void)state;
    struct ir_block b;
    begin(&b);
    uint32_t l = ir_new_label(&b);
    ir_brcond(&b, IR_I32, IR_EQ, 0, 1, l);
    ir_insn_start(&b, 0x1004);
    ir_label(&b, l);
    end(&b);
    expect_reject(&b, 5, "crosses insn_start at op 4");
    ir_block_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_basic),
        cmocka_unit_test(test_builder_all_ops),
        cmocka_unit_test(test_print_all_ops),
        cmocka_unit_test(test_print_invalid),
        cmocka_unit_test(test_print_long_names),
        cmocka_unit_test(test_verify_all_ops),
        cmocka_unit_test(test_verify_minimal),
        cmocka_unit_test(test_reject_empty),
        cmocka_unit_test(test_reject_opcode_type),
        cmocka_unit_test(test_reject_nargs),
        cmocka_unit_test(test_reject_dst_presence),
        cmocka_unit_test(test_reject_call),
        cmocka_unit_test(test_reject_args),
        cmocka_unit_test(test_reject_dst),
        cmocka_unit_test(test_reject_operand_types),
        cmocka_unit_test(test_reject_state),
        cmocka_unit_test(test_reject_shift_imm),
        cmocka_unit_test(test_reject_cond),
        cmocka_unit_test(test_reject_memop),
        cmocka_unit_test(test_reject_labels),
        cmocka_unit_test(test_reject_exits),
        cmocka_unit_test(test_reject_control_flow),
        cmocka_unit_test(test_availability),
        cmocka_unit_test(test_err_buffer),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_reject_slot_twice),
        cmocka_unit_test(test_reject_branch_across_insn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
