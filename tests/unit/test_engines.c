/* Every IR op on both engines, under every pass configuration, against
 * expected values worked out by hand from the semantics in ops.def. Each
 * vector runs twice: operands read from guest registers (so nothing folds)
 * and operands as constants (so constant folding and the JIT's immediate
 * forms are exercised). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ir_programs.h"

struct vec {
    enum ir_opcode opc;
    enum ir_type type;
    uint32_t aux;     /* cond */
    uint64_t imm;     /* shift count */
    uint64_t a, b, c, d;
    uint64_t want;
};

#define I32 IR_I32
#define I64 IR_I64
static const struct vec vecs[] = {
    { IR_mov, I32, 0, 0, 0xdeadbeef, 0, 0, 0, 0xdeadbeef },
    { IR_mov, I64, 0, 0, 0x123456789abcdef0, 0, 0, 0, 0x123456789abcdef0 },
    { IR_add, I32, 0, 0, 0xffffffff, 2, 0, 0, 1 },
    { IR_add, I64, 0, 0, 0xffffffffffffffff, 2, 0, 0, 1 },
    { IR_add, I64, 0, 0, 0xffffffff, 1, 0, 0, 0x100000000 },
    { IR_add, I64, 0, 0, 5, 0x123456789, 0, 0, 0x12345678e },
    { IR_sub, I32, 0, 0, 1, 2, 0, 0, 0xffffffff },
    { IR_sub, I64, 0, 0, 1, 2, 0, 0, 0xffffffffffffffff },
    { IR_mul, I32, 0, 0, 0x10001, 0x10001, 0, 0, 0x20001 },
    { IR_mul, I32, 0, 0, 0xffffffff, 0xffffffff, 0, 0, 1 },
    { IR_mul, I64, 0, 0, 0x100000001, 0x100000001, 0, 0, 0x200000001 },
    { IR_mul, I64, 0, 0, 7, 0xfffffffffffffffd, 0, 0, 0xffffffffffffffeb },
    { IR_mulhu, I32, 0, 0, 0xffffffff, 0xffffffff, 0, 0, 0xfffffffe },
    { IR_mulhs, I32, 0, 0, 0xffffffff, 0xffffffff, 0, 0, 0 },
    { IR_mulhs, I32, 0, 0, 0x80000000, 0x80000000, 0, 0, 0x40000000 },
    { IR_mulhs, I32, 0, 0, 0x80000000, 2, 0, 0, 0xffffffff },
    { IR_mulhu, I64, 0, 0, 0xffffffffffffffff, 0xffffffffffffffff, 0, 0, 0xfffffffffffffffe },
    { IR_mulhs, I64, 0, 0, 0xffffffffffffffff, 0xffffffffffffffff, 0, 0, 0 },
    { IR_mulhs, I64, 0, 0, 0x8000000000000000, 2, 0, 0, 0xffffffffffffffff },
    { IR_mulu_32_64, I64, 0, 0, 0xffffffff, 0xffffffff, 0, 0, 0xfffffffe00000001 },
    { IR_muls_32_64, I64, 0, 0, 0xffffffff, 0xffffffff, 0, 0, 1 },
    { IR_muls_32_64, I64, 0, 0, 0x80000000, 3, 0, 0, 0xfffffffe80000000 },
    { IR_neg, I32, 0, 0, 1, 0, 0, 0, 0xffffffff },
    { IR_neg, I64, 0, 0, 0x8000000000000000, 0, 0, 0, 0x8000000000000000 },
    { IR_and, I32, 0, 0, 0xff00ff00, 0x0ff00ff0, 0, 0, 0x0f000f00 },
    { IR_and, I64, 0, 0, 0xff00ff00ff00ff00, 0xffffffff0ff00ff0, 0, 0, 0xff00ff000f000f00 },
    { IR_or, I32, 0, 0, 0xf0000000, 0x0000000f, 0, 0, 0xf000000f },
    { IR_or, I64, 0, 0, 0xf000000000000000, 0x80000000, 0, 0, 0xf000000080000000 },
    { IR_xor, I32, 0, 0, 0xffffffff, 0x12345678, 0, 0, 0xedcba987 },
    { IR_xor, I64, 0, 0, 0xffffffffffffffff, 1, 0, 0, 0xfffffffffffffffe },
    { IR_andc, I32, 0, 0, 0xffffffff, 0x0000ffff, 0, 0, 0xffff0000 },
    { IR_andc, I64, 0, 0, 0xffffffffffffffff, 0xffffffff, 0, 0, 0xffffffff00000000 },
    { IR_not, I32, 0, 0, 0, 0, 0, 0, 0xffffffff },
    { IR_not, I64, 0, 0, 0xffffffff, 0, 0, 0, 0xffffffff00000000 },
    { IR_shl, I32, 0, 0, 1, 31, 0, 0, 0x80000000 },
    { IR_shl, I32, 0, 0, 1, 33, 0, 0, 2 },
    { IR_shl, I64, 0, 0, 1, 63, 0, 0, 0x8000000000000000 },
    { IR_shl, I64, 0, 0, 3, 64, 0, 0, 3 },
    { IR_shr, I32, 0, 0, 0x80000000, 31, 0, 0, 1 },
    { IR_shr, I64, 0, 0, 0x8000000000000000, 32, 0, 0, 0x80000000 },
    { IR_sar, I32, 0, 0, 0x80000000, 4, 0, 0, 0xf8000000 },
    { IR_sar, I32, 0, 0, 0x80000000, 36, 0, 0, 0xf8000000 },
    { IR_sar, I64, 0, 0, 0x8000000000000000, 60, 0, 0, 0xfffffffffffffff8 },
    { IR_rotl, I32, 0, 0, 0x80000001, 1, 0, 0, 0x00000003 },
    { IR_rotl, I64, 0, 0, 0x8000000000000001, 4, 0, 0, 0x18 },
    { IR_rotr, I32, 0, 0, 0x80000001, 1, 0, 0, 0xc0000000 },
    { IR_rotr, I32, 0, 0, 0x12345678, 0, 0, 0, 0x12345678 },
    { IR_rotr, I64, 0, 0, 0x1, 1, 0, 0, 0x8000000000000000 },
    { IR_shli, I32, 0, 4, 0x12345678, 0, 0, 0, 0x23456780 },
    { IR_shli, I64, 0, 36, 0x12345678, 0, 0, 0, 0x2345678000000000 },
    { IR_shri, I32, 0, 28, 0xf0000000, 0, 0, 0, 0xf },
    { IR_shri, I64, 0, 63, 0x8000000000000000, 0, 0, 0, 1 },
    { IR_sari, I32, 0, 31, 0x80000000, 0, 0, 0, 0xffffffff },
    { IR_sari, I32, 0, 0, 0x80000000, 0, 0, 0, 0x80000000 },
    { IR_sari, I64, 0, 32, 0xffffffff00000000, 0, 0, 0, 0xffffffffffffffff },
    { IR_rotli, I32, 0, 8, 0x12345678, 0, 0, 0, 0x34567812 },
    { IR_rotli, I64, 0, 8, 0x1122334455667788, 0, 0, 0, 0x2233445566778811 },
    { IR_rotri, I32, 0, 8, 0x12345678, 0, 0, 0, 0x78123456 },
    { IR_rotri, I64, 0, 16, 0x1122334455667788, 0, 0, 0, 0x7788112233445566 },
    { IR_ext8u, I32, 0, 0, 0x12345680, 0, 0, 0, 0x80 },
    { IR_ext8s, I32, 0, 0, 0x12345680, 0, 0, 0, 0xffffff80 },
    { IR_ext8s, I64, 0, 0, 0x7f, 0, 0, 0, 0x7f },
    { IR_ext8s, I64, 0, 0, 0x80, 0, 0, 0, 0xffffffffffffff80 },
    { IR_ext16u, I32, 0, 0, 0xffff8001, 0, 0, 0, 0x8001 },
    { IR_ext16u, I64, 0, 0, 0xffffffffffff8001, 0, 0, 0, 0x8001 },
    { IR_ext16s, I32, 0, 0, 0x8001, 0, 0, 0, 0xffff8001 },
    { IR_ext16s, I64, 0, 0, 0x8001, 0, 0, 0, 0xffffffffffff8001 },
    { IR_ext32u, I64, 0, 0, 0x80000000, 0, 0, 0, 0x80000000 },
    { IR_ext32s, I64, 0, 0, 0x80000000, 0, 0, 0, 0xffffffff80000000 },
    { IR_ext32s, I64, 0, 0, 0x7fffffff, 0, 0, 0, 0x7fffffff },
    { IR_trunc, I32, 0, 0, 0x123456789abcdef0, 0, 0, 0, 0x9abcdef0 },
    { IR_clz, I32, 0, 0, 0, 0, 0, 0, 32 },
    { IR_clz, I32, 0, 0, 1, 0, 0, 0, 31 },
    { IR_clz, I32, 0, 0, 0x80000000, 0, 0, 0, 0 },
    { IR_clz, I32, 0, 0, 0x00010000, 0, 0, 0, 15 },
    { IR_clz, I64, 0, 0, 0, 0, 0, 0, 64 },
    { IR_clz, I64, 0, 0, 1, 0, 0, 0, 63 },
    { IR_clz, I64, 0, 0, 0x100000000, 0, 0, 0, 31 },
    { IR_bswap, I32, 0, 0, 0x11223344, 0, 0, 0, 0x44332211 },
    { IR_bswap, I64, 0, 0, 0x1122334455667788, 0, 0, 0, 0x8877665544332211 },
    { IR_bswap16, I32, 0, 0, 0xaabb1122, 0, 0, 0, 0x2211 },
    { IR_bswap16, I64, 0, 0, 0xffffffffffff80ff, 0, 0, 0, 0xff80 },
    { IR_setcond, I32, IR_EQ, 0, 5, 5, 0, 0, 1 },
    { IR_setcond, I32, IR_NE, 0, 5, 5, 0, 0, 0 },
    { IR_setcond, I32, IR_LT, 0, 0xffffffff, 0, 0, 0, 1 },
    { IR_setcond, I32, IR_LTU, 0, 0xffffffff, 0, 0, 0, 0 },
    { IR_setcond, I32, IR_GE, 0, 0x80000000, 0x7fffffff, 0, 0, 0 },
    { IR_setcond, I32, IR_GEU, 0, 0x80000000, 0x7fffffff, 0, 0, 1 },
    { IR_setcond, I32, IR_LE, 0, 3, 3, 0, 0, 1 },
    { IR_setcond, I32, IR_LEU, 0, 4, 3, 0, 0, 0 },
    { IR_setcond, I32, IR_GT, 0, 1, 0xffffffff, 0, 0, 1 },
    { IR_setcond, I32, IR_GTU, 0, 1, 0xffffffff, 0, 0, 0 },
    { IR_setcond, I64, IR_LT, 0, 0xffffffff, 0, 0, 0, 0 },
    { IR_setcond, I64, IR_LT, 0, 0x8000000000000000, 0, 0, 0, 1 },
    { IR_setcond, I64, IR_GTU, 0, 0x8000000000000000, 0x7fffffffffffffff, 0, 0, 1 },
    { IR_setcond, I64, IR_EQ, 0, 0x100000000, 0, 0, 0, 0 },
    { IR_movcond, I32, IR_EQ, 0, 1, 1, 0xaaaa, 0xbbbb, 0xaaaa },
    { IR_movcond, I32, IR_LT, 0, 1, 0xffffffff, 0xaaaa, 0xbbbb, 0xbbbb },
    { IR_movcond, I32, IR_LTU, 0, 1, 0xffffffff, 0, 0xbbbb, 0 },
    { IR_movcond, I64, IR_GE, 0, 0x8000000000000000, 0, 7, 0x123456789, 0x123456789 },
    { IR_movcond, I64, IR_NE, 0, 0x100000000, 0, 0xffffffffffffffff, 0, 0xffffffffffffffff },
};

/* Operand types differ from the op type for these. */
static enum ir_type arg_type(const struct vec *v)
{
    switch (v->opc) {
    case IR_mulu_32_64: case IR_muls_32_64: case IR_ext32u: case IR_ext32s: return I32;
    case IR_trunc: return I64;
    default: return v->type;
    }
}

#define VEC_BASE 0x100000u
#define NVECS (sizeof(vecs) / sizeof(vecs[0]))

/* Operands come from r1-r4 / x0-x3; the result goes to r0 / x0... x3 is
 * reused as the I64 result register so the inputs stay intact. */
static uint32_t operand(struct ir_block *b, const struct vec *v, bool constant, unsigned k)
{
    const uint64_t vals[4] = { v->a, v->b, v->c, v->d };
    enum ir_type t = k < 2 ? arg_type(v) : v->type;
    if (constant)
        return ir_movi(b, t, vals[k]);
    return ir_get_reg(b, t == I32 ? T_R0 + 1 + k : T_X0 + k);
}

static void vec_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    unsigned idx = (unsigned)(b->pc - VEC_BASE) / 8;
    bool constant = ((b->pc - VEC_BASE) / 4) & 1;
    const struct vec *v = &vecs[idx];
    unsigned nargs = ir_op_info[v->opc].nargs;
    uint32_t args[4];

    ir_insn_start(b, b->pc);
    for (unsigned k = 0; k < nargs; k++)
        args[k] = operand(b, v, constant, k);
    struct ir_op *op = ir_emit(b, v->opc, v->type);
    for (unsigned k = 0; k < nargs; k++)
        op->args[k] = args[k];
    op->aux = v->aux;
    op->imm = v->imm;
    ir_set_reg(b, v->type == I32 ? T_R0 : T_X0 + 3, op->dst);
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc));
}

static void load_inputs(struct tcpu *c, const struct vec *v)
{
    const uint64_t vals[4] = { v->a, v->b, v->c, v->d };
    memset(c->r, 0, sizeof(c->r));
    memset(c->x, 0, sizeof(c->x));
    for (unsigned k = 0; k < 4; k++) {
        c->r[1 + k] = (uint32_t)vals[k];
        c->x[k] = vals[k];
    }
}

static void test_every_op_vector(void **state)
{
    (void)state;
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = vec_block };
        struct tmachine_opts o;
        struct tmachine m;
        char name[64];
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        for (unsigned i = 0; i < NVECS; i++) {
            for (unsigned form = 0; form < 2; form++) {
                const struct vec *v = &vecs[i];
                load_inputs(&m.cpu, v);
                enum exit_reason r = tmachine_run(&m, VEC_BASE + i * 8 + form * 4);
                uint64_t got = v->type == I32 ? m.cpu.r[0] : m.cpu.x[3];
                if (r != EXIT_HALT || got != v->want) {
                    print_error("%s: %s.%s %s operands: got 0x%llx (exit %d), want 0x%llx\n",
                                tconfig_name(cfg, name, sizeof(name)), ir_op_info[v->opc].name,
                                v->type == I32 ? "i32" : "i64", form ? "constant" : "register",
                                (unsigned long long)got, r, (unsigned long long)v->want);
                    fail();
                }
            }
        }
        tmachine_fini(&m);
    }
}

/* Every pure op of ops.def appears in the vectors. */
static void test_vectors_cover_every_pure_op(void **state)
{
    (void)state;
    for (unsigned opc = 0; opc < IR_NUM_OPCODES; opc++) {
        if (!(ir_op_info[opc].flags & IR_OPF_PURE) || opc == IR_movi)
            continue;
        bool found = false;
        for (unsigned i = 0; i < NVECS; i++)
            found |= vecs[i].opc == opc;
        if (!found) {
            print_error("no vector for %s\n", ir_op_info[opc].name);
            fail();
        }
    }
}

/* Stores of every size and endianness, then loads with every extension.
 * With addr_const the addresses are constants, else they come from r7. */
static void mem_block(struct ir_block *b, void *ctx)
{
    bool addr_const = *(bool *)ctx;
    uint32_t base = addr_const ? 0 : ir_get_reg(b, T_R0 + 7);
#define A(off) (addr_const ? ir_movi(b, IR_I32, TMEM + (off)) \
                           : ir_binop(b, IR_add, IR_I32, base, ir_movi(b, IR_I32, off)))
    ir_insn_start(b, b->pc);
    ir_store(b, IR_MO(2, 0, 0), A(0), ir_movi(b, I32, 0x11223344));
    ir_store(b, IR_MO(2, IR_MO_BE, 0), A(4), ir_get_reg(b, T_R0 + 1));
    ir_store(b, IR_MO(1, IR_MO_BE, 0), A(8), ir_movi(b, I32, 0xabcd));
    ir_store(b, IR_MO(3, IR_MO_BE, 0), A(16), ir_get_reg(b, T_X0));
    ir_store(b, IR_MO(0, 0, 0), A(24), ir_movi(b, I32, 0x80));
    ir_store(b, IR_MO(3, 0, 0), A(32), ir_movi(b, I64, 0x8877665544332211));
    ir_store(b, IR_MO(1, 0, 0), A(40), ir_get_reg(b, T_R0 + 2));
    ir_insn_start(b, b->pc + 4);
    ir_set_reg(b, T_R0 + 0, ir_load(b, I32, IR_MO(0, IR_MO_SIGN, 0), A(24)));
    ir_set_reg(b, T_R0 + 1, ir_load(b, I32, IR_MO(1, IR_MO_BE, 0), A(8)));
    ir_set_reg(b, T_R0 + 2, ir_load(b, I32, IR_MO(1, IR_MO_BE | IR_MO_SIGN, 0), A(8)));
    ir_set_reg(b, T_R0 + 3, ir_load(b, I32, IR_MO(2, 0, 0), A(4)));
    ir_set_reg(b, T_R0 + 4, ir_load(b, I32, IR_MO(0, 0, 0), A(24)));
    ir_set_reg(b, T_X0 + 0, ir_load(b, I64, IR_MO(2, IR_MO_BE | IR_MO_SIGN, 0), A(0)));
    ir_set_reg(b, T_X0 + 1, ir_load(b, I64, IR_MO(3, IR_MO_BE, 0), A(16)));
    ir_set_reg(b, T_X0 + 2, ir_load(b, I64, IR_MO(1, IR_MO_SIGN, 0), A(8)));
    ir_set_reg(b, T_X0 + 3, ir_load(b, I64, IR_MO(2, IR_MO_SIGN, 0), A(36)));
#undef A
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc));
}

static void test_memory_ops(void **state)
{
    (void)state;
    static const uint8_t want_mem[48] = {
        0x44, 0x33, 0x22, 0x11, 0x88, 0x99, 0xaa, 0xbb, 0xab, 0xcd, 0, 0, 0, 0, 0, 0,
        1, 2, 3, 4, 5, 6, 7, 8, 0x80, 0, 0, 0, 0, 0, 0, 0,
        0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0xfe, 0xca, 0, 0, 0, 0, 0, 0,
    };
    for (unsigned cfg = 0; cfg < 2 * T_CONFIGS; cfg++) {
        bool addr_const = cfg >= T_CONFIGS;
        struct tprog p = { .fallback = mem_block, .ctx = &addr_const };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg % T_CONFIGS, &o);
        tmachine_init(&m, &p, &o);
        m.cpu.r[1] = 0x8899aabb;
        m.cpu.r[2] = 0x1234cafe;
        m.cpu.r[7] = TMEM;
        m.cpu.x[0] = 0x0102030405060708;
        assert_int_equal(tmachine_run(&m, 0x2000), EXIT_HALT);
        assert_memory_equal(tmachine_mem(&m), want_mem, sizeof(want_mem));
        assert_int_equal(m.cpu.r[0], 0xffffff80);
        assert_int_equal(m.cpu.r[1], 0xabcd);
        assert_int_equal(m.cpu.r[2], 0xffffabcd);
        assert_int_equal(m.cpu.r[3], 0xbbaa9988);
        assert_int_equal(m.cpu.r[4], 0x80);
        assert_int_equal(m.cpu.x[0], 0x44332211);
        assert_int_equal(m.cpu.x[1], 0x0102030405060708);
        assert_int_equal(m.cpu.x[2], 0xffffffffffffcdab);
        assert_int_equal(m.cpu.x[3], 0xffffffff88776655);
        tmachine_fini(&m);
    }
}

/* cmpxchg that succeeds and fails, of every size and endianness, and xchg. */
static void atomic_block(struct ir_block *b, void *ctx)
{
    bool addr_const = *(bool *)ctx;
    uint32_t base = addr_const ? 0 : ir_get_reg(b, T_R0 + 7);
#define A(off) (addr_const ? ir_movi(b, IR_I32, TMEM + (off)) \
                           : ir_binop(b, IR_add, IR_I32, base, ir_movi(b, IR_I32, off)))
#define C32(v) ir_movi(b, I32, v)
#define C64(v) ir_movi(b, I64, v)
    ir_insn_start(b, b->pc);
    ir_store(b, IR_MO(2, 0, 0), A(0), C32(0x11223344));
    ir_store(b, IR_MO(1, IR_MO_BE, 0), A(8), C32(0x1234));
    ir_store(b, IR_MO(2, 0, 0), A(16), C32(0x01020304));
    ir_store(b, IR_MO(3, 0, 0), A(24), C64(0x8877665544332211));
    ir_insn_start(b, b->pc + 4);
    ir_set_reg(b, T_R0 + 0, ir_cmpxchg(b, I32, IR_MO(2, 0, 0), A(0), C32(0x11223344), ir_get_reg(b, T_R0 + 1)));
    ir_set_reg(b, T_R0 + 1, ir_cmpxchg(b, I32, IR_MO(2, 0, 0), A(0), C32(0x11223344), C32(0)));
    ir_set_reg(b, T_R0 + 2, ir_cmpxchg(b, I32, IR_MO(1, IR_MO_BE, 0), A(8), C32(0x1234), ir_get_reg(b, T_R0 + 2)));
    ir_set_reg(b, T_R0 + 3, ir_cmpxchg(b, I32, IR_MO(0, 0, 0), A(12), ir_get_reg(b, T_R0 + 3), C32(0x7f)));
    ir_set_reg(b, T_R0 + 4, ir_xchg(b, I32, IR_MO(2, IR_MO_BE, 0), A(16), C32(0xcafebabe)));
    ir_set_reg(b, T_X0 + 0, ir_cmpxchg(b, I64, IR_MO(3, IR_MO_BE, 0), A(24), ir_get_reg(b, T_X0 + 0),
                                       C64(0x0102030405060708)));
    ir_set_reg(b, T_X0 + 1, ir_xchg(b, I64, IR_MO(1, 0, 0), A(32), ir_get_reg(b, T_X0 + 1)));
#undef A
#undef C32
#undef C64
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc));
}

static void test_atomic_ops(void **state)
{
    (void)state;
    static const uint8_t want_mem[40] = {
        0xdd, 0xcc, 0xbb, 0xaa, 0, 0, 0, 0, 0xbe, 0xef, 0, 0, 0x7f, 0, 0, 0,
        0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,
        0x45, 0x23, 0, 0, 0, 0, 0, 0,
    };
    for (unsigned cfg = 0; cfg < 2 * T_CONFIGS; cfg++) {
        bool addr_const = cfg >= T_CONFIGS;
        struct tprog p = { .fallback = atomic_block, .ctx = &addr_const };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg % T_CONFIGS, &o);
        tmachine_init(&m, &p, &o);
        m.cpu.r[1] = 0xaabbccdd;
        m.cpu.r[2] = 0xffffbeef;    /* bits above the access size are ignored */
        m.cpu.r[3] = 0xffffff00;
        m.cpu.r[7] = TMEM;
        m.cpu.x[0] = 0x1122334455667788;
        m.cpu.x[1] = 0xffffffffffff2345;
        assert_int_equal(tmachine_run(&m, 0x2000), EXIT_HALT);
        assert_memory_equal(tmachine_mem(&m), want_mem, sizeof(want_mem));
        assert_int_equal(m.cpu.r[0], 0x11223344);
        assert_int_equal(m.cpu.r[1], 0xaabbccdd);
        assert_int_equal(m.cpu.r[2], 0x1234);
        assert_int_equal(m.cpu.r[3], 0);
        assert_int_equal(m.cpu.r[4], 0x04030201);
        assert_int_equal(m.cpu.x[0], 0x1122334455667788);
        assert_int_equal(m.cpu.x[1], 0);
        tmachine_fini(&m);
    }
}

/* Flags, helper calls with state effects, and branches both ways. */
static void control_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t skip = ir_new_label(b), join = ir_new_label(b);
    ir_insn_start(b, b->pc);
    uint32_t r1 = ir_get_reg(b, T_R0 + 1);
    ir_set_flag(b, 0, ir_setcond(b, I32, IR_LT, r1, ir_movi(b, I32, 0)));
    ir_set_flag(b, 1, ir_setcond(b, I32, IR_EQ, r1, ir_movi(b, I32, 0)));
    uint32_t args[3] = { ir_get_reg(b, T_X0), ir_get_reg(b, T_X0 + 1), ir_movi(b, I64, 5) };
    ir_set_reg(b, T_X0 + 2, ir_call(b, TH_ADD3, 3, args));
    ir_insn_start(b, b->pc + 4);
    ir_set_reg(b, T_R0, ir_movi(b, I32, 7));
    uint32_t margs[2] = { r1, ir_movi(b, I32, 1) };
    ir_set_reg(b, T_R0 + 2, ir_call(b, TH_MIX, 2, margs));
    ir_insn_start(b, b->pc + 8);
    ir_brcond(b, I32, IR_NE, ir_get_flag(b, 0), ir_movi(b, I32, 0), skip);
    ir_set_reg(b, T_R0 + 3, ir_movi(b, I32, 0x1111));
    ir_br(b, join);
    ir_label(b, skip);
    ir_set_reg(b, T_R0 + 3, ir_movi(b, I32, 0x2222));
    ir_label(b, join);
    ir_set_reg(b, T_R0 + 4, ir_binop(b, IR_add, I32, ir_get_flag(b, 0), ir_get_flag(b, 1)));
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc));
}

static void test_control_and_calls(void **state)
{
    (void)state;
    static const uint32_t inputs[3] = { 0xfffffff0, 5, 0 };
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = control_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        for (unsigned i = 0; i < 3; i++) {
            uint32_t r1 = inputs[i];
            m.cpu.r[1] = r1;
            m.cpu.x[0] = 0x100000000;
            m.cpu.x[1] = 0xffffffff;
            assert_int_equal(tmachine_run(&m, 0x3000), EXIT_HALT);
            assert_int_equal(m.cpu.f[0], (int32_t)r1 < 0);
            assert_int_equal(m.cpu.f[1], r1 == 0);
            assert_int_equal(m.cpu.x[2], 0x100000000 + 0xffffffff + 5);
            assert_int_equal(m.cpu.r[0], 7);
            assert_int_equal(m.cpu.r[2], r1 * 31 + 1 + 7);
            assert_int_equal(m.cpu.helper_calls, i + 1);
            assert_int_equal(m.cpu.r[3], (int32_t)r1 < 0 ? 0x2222 : 0x1111);
            assert_int_equal(m.cpu.r[4], ((int32_t)r1 < 0) + (r1 == 0));
            assert_int_equal(m.cpu.head.pc, 0x3000);
        }
        tmachine_fini(&m);
    }
}
/* A call whose arguments sit in each other's argument registers: the
 * first four temps take the first registers of the allocation order (rsi,
 * rdi, r8, r9), and the call wants them as (r8, rdi, r9, rsi) in (rsi,
 * rdx, rcx, r8), a cycle through rsi and r8 with rdi also the CPU state
 * pointer's register. */
static void arg_cycle_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t t[4];
    ir_insn_start(b, b->pc);
    for (unsigned k = 0; k < 4; k++)
        t[k] = ir_get_reg(b, T_X0 + k);
    uint32_t args[4] = { t[2], t[1], t[3], t[0] };
    ir_set_reg(b, T_X0, ir_call(b, TH_WEIGH4, 4, args));
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc));
}

static void test_call_argument_cycle(void **state)
{
    (void)state;
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = arg_cycle_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        for (unsigned k = 0; k < 4; k++)
            m.cpu.x[k] = 1000u << (4 * k);   /* 1000, 16000, 256000, 4096000 */
        assert_int_equal(tmachine_run(&m, 0x3000), EXIT_HALT);
        assert_int_equal(m.cpu.x[0], 256000 + 3 * 16000 + 5 * 4096000 + 7 * 1000);
        tmachine_fini(&m);
    }
}

/* More live values than host registers, across a helper call: forces
 * spills and the save/restore of caller-saved registers around the call. */
#define PRESSURE 40
static void pressure_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t v[PRESSURE], w[PRESSURE];
    ir_insn_start(b, b->pc);
    uint32_t r1 = ir_get_reg(b, T_R0 + 1), x0 = ir_get_reg(b, T_X0);
    for (unsigned i = 0; i < PRESSURE; i++) {
        v[i] = ir_binop(b, IR_mul, I32, r1, ir_movi(b, I32, 2 * i + 1));
        w[i] = ir_binop(b, IR_add, I64, x0, ir_movi(b, I64, (uint64_t)i << 33));
    }
    uint32_t args[2] = { v[0], v[1] };
    uint32_t mixed = ir_call(b, TH_MIX, 2, args);
    uint32_t sum = mixed, sum64 = ir_movi(b, I64, 0);
    for (unsigned i = 0; i < PRESSURE; i++) {
        sum = ir_binop(b, IR_xor, I32, ir_shifti(b, IR_rotli, I32, sum, 3), v[i]);
        sum64 = ir_binop(b, IR_add, I64, sum64, w[i]);
    }
    ir_set_reg(b, T_R0 + 2, sum);
    ir_set_reg(b, T_X0 + 1, sum64);
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc));
}

static void test_register_pressure(void **state)
{
    (void)state;
    const uint32_t r1 = 0x9e3779b9, r0 = 0x55;
    const uint64_t x0 = 0x123456789;
    uint32_t sum = (uint32_t)(r1 * 31 + r1 * 3 + r0);
    uint64_t sum64 = 0;
    for (unsigned i = 0; i < PRESSURE; i++) {
        sum = ((sum << 3) | (sum >> 29)) ^ (uint32_t)(r1 * (2 * i + 1));
        sum64 += x0 + ((uint64_t)i << 33);
    }
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = pressure_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        m.cpu.r[0] = r0;
        m.cpu.r[1] = r1;
        m.cpu.x[0] = x0;
        assert_int_equal(tmachine_run(&m, 0x4000), EXIT_HALT);
        assert_int_equal(m.cpu.r[2], sum);
        assert_int_equal(m.cpu.x[1], sum64);
        tmachine_fini(&m);
    }
}

/* Every guest register read and kept live with more computed values than
 * host registers: spilled reads stay in the CPU state unless the block
 * writes their register while they live (r0 and x0 here), which must then
 * take a slot of their own. */
#define STATE_PRESSURE 12
static void state_pressure_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t g[T_NREGS], c[STATE_PRESSURE];
    ir_insn_start(b, b->pc);
    for (unsigned i = 0; i < T_NREGS; i++)
        g[i] = ir_get_reg(b, i);
    for (unsigned i = 0; i < STATE_PRESSURE; i++)
        c[i] = ir_binop(b, IR_mul, I32, g[i % 8], ir_movi(b, I32, 2 * i + 3));
    ir_set_reg(b, T_R0, c[1]);
    ir_set_reg(b, T_X0, ir_binop(b, IR_add, I64, g[T_X0 + 1], ir_movi(b, I64, 1)));
    uint32_t sum = ir_movi(b, I32, 0), sum64 = ir_movi(b, I64, 0);
    for (unsigned i = 0; i < STATE_PRESSURE; i++)
        sum = ir_binop(b, IR_add, I32, ir_shifti(b, IR_rotli, I32, sum, 5), c[i]);
    /* Backwards, so r0 lives longest and is the first to be spilled. */
    for (unsigned i = T_NREGS; i-- > 0;) {
        if (i < T_X0)
            sum = ir_binop(b, IR_xor, I32, ir_shifti(b, IR_rotli, I32, sum, 7), g[i]);
        else
            sum64 = ir_binop(b, IR_add, I64, ir_shifti(b, IR_rotli, I64, sum64, 9), g[i]);
    }
    ir_set_reg(b, T_R0 + 2, sum);
    ir_set_reg(b, T_X0 + 1, sum64);
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc));
}

static uint32_t rotl32(uint32_t v, unsigned n) { return (v << n) | (v >> (32 - n)); }
static uint64_t rotl64(uint64_t v, unsigned n) { return (v << n) | (v >> (64 - n)); }

static void test_state_pressure(void **state)
{
    (void)state;
    uint32_t r[8];
    uint64_t x[4];
    for (unsigned i = 0; i < 8; i++)
        r[i] = 0x9e3779b9u * (i + 1);
    for (unsigned i = 0; i < 4; i++)
        x[i] = 0x123456789abcdefull * (i + 3);
    uint32_t sum = 0;
    uint64_t sum64 = 0;
    for (unsigned i = 0; i < STATE_PRESSURE; i++)
        sum = rotl32(sum, 5) + r[i % 8] * (2 * i + 3);
    for (unsigned i = 8; i-- > 0;)
        sum = rotl32(sum, 7) ^ r[i];
    for (unsigned i = 4; i-- > 0;)
        sum64 = rotl64(sum64, 9) + x[i];
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = state_pressure_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        memcpy(m.cpu.r, r, sizeof(r));
        memcpy(m.cpu.x, x, sizeof(x));
        assert_int_equal(tmachine_run(&m, 0x4000), EXIT_HALT);
        assert_int_equal(m.cpu.r[0], r[1] * 5);
        assert_int_equal(m.cpu.x[0], x[1] + 1);
        assert_int_equal(m.cpu.r[2], sum);
        assert_int_equal(m.cpu.x[1], sum64);
        tmachine_fini(&m);
    }
}

/* A branch that constant folding makes unconditional leaves code behind it
 * that only a dead branch reached; that code must go too, or a temp it
 * defined is used undefined (found by the random IR test). */
static void folded_branch_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    uint32_t l0 = ir_new_label(b), l1 = ir_new_label(b);
    ir_insn_start(b, b->pc);
    uint32_t one = ir_movi(b, I32, 1);
    ir_brcond(b, I32, IR_EQ, one, one, l0);
    uint32_t t1 = ir_get_reg(b, T_R0);
    ir_brcond(b, I32, IR_EQ, t1, t1, l1);
    ir_label(b, l1);
    ir_set_reg(b, T_R0 + 1, t1);
    ir_label(b, l0);
    ir_set_reg(b, T_R0 + 2, ir_movi(b, I32, 7));
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, b->pc + 4));
}

static void test_constfold_drops_code_only_dead_branches_reach(void **state)
{
    (void)state;
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = folded_branch_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        m.cpu.r[0] = 5;
        m.cpu.r[1] = 9;
        assert_int_equal(tmachine_run(&m, 0x5000), EXIT_HALT);
        assert_int_equal(m.cpu.r[1], 9);
        assert_int_equal(m.cpu.r[2], 7);
        tmachine_fini(&m);
    }
}

/* The rotated word load a guest builds as rotr(load(a & ~3), (a & 3) * 8),
 * which the JIT tests for alignment and otherwise computes out of line:
 * insn 0x6000 loads from r7 into r0 (little-endian) and r1 (big-endian),
 * insn 0x6004 writes r2. */
static void rot_load(struct ir_block *b, uint32_t addr, uint32_t flags, unsigned reg)
{
    uint32_t word = ir_load(b, I32, IR_MO(2, flags, 0),
                            ir_binop(b, IR_andc, I32, addr, ir_movi(b, I32, 3)));
    uint32_t low = ir_binop(b, IR_and, I32, addr, ir_movi(b, I32, 3));
    uint32_t rot = ir_binop(b, IR_rotr, I32, word, ir_shifti(b, IR_shli, I32, low, 3));
    ir_set_reg(b, T_R0 + reg, rot);
}

static void rot_load_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    ir_insn_start(b, 0x6000);
    uint32_t addr = ir_get_reg(b, T_R0 + 7);
    rot_load(b, addr, 0, 0);
    rot_load(b, addr, IR_MO_BE, 1);
    ir_insn_start(b, 0x6004);
    ir_set_reg(b, T_R0 + 2, ir_movi(b, I32, 9));
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, 0x6008));
}

static void test_rotated_word_load(void **state)
{
    (void)state;
    static const uint32_t le[4] = { 0x14131211, 0x11141312, 0x12111413, 0x13121114 };
    static const uint32_t be[4] = { 0x11121314, 0x14111213, 0x13141112, 0x12131411 };
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        struct tprog p = { .fallback = rot_load_block };
        struct tmachine_opts o;
        struct tmachine m;
        tconfig(cfg, &o);
        tmachine_init(&m, &p, &o);
        for (unsigned k = 0; k < 4; k++)
            tmachine_mem(&m)[k] = (uint8_t)(0x11 + k);
        for (unsigned k = 0; k < 4; k++) {
            m.cpu.r[7] = TMEM + k;
            assert_int_equal(tmachine_run(&m, 0x6000), EXIT_HALT);
            assert_int_equal(m.cpu.r[0], le[k]);
            assert_int_equal(m.cpu.r[1], be[k]);
        }
        /* Aligned or not, a load from the hole faults at its instruction,
         * at the aligned address, before r2 is written. */
        for (unsigned k = 0; k < 4; k++) {
            m.cpu.r[2] = 0;
            m.cpu.r[7] = TMEM_HOLE + 8 + k;
            assert_int_equal(tmachine_run(&m, 0x6000), EXIT_FAULT);
            assert_int_equal(m.cpu.head.pc, 0x6000);
            assert_int_equal(m.cpu.head.fault_addr, TMEM_HOLE + 8);
            assert_int_equal(m.cpu.r[2], 0);
        }
        tmachine_fini(&m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors_cover_every_pure_op),
        cmocka_unit_test(test_every_op_vector),
        cmocka_unit_test(test_memory_ops),
        cmocka_unit_test(test_atomic_ops),
        cmocka_unit_test(test_control_and_calls),
        cmocka_unit_test(test_call_argument_cycle),
        cmocka_unit_test(test_register_pressure),
        cmocka_unit_test(test_state_pressure),
        cmocka_unit_test(test_constfold_drops_code_only_dead_branches_reach),
        cmocka_unit_test(test_rotated_word_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
