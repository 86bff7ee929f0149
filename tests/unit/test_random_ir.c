/* Differential random testing of the translator. A seeded generator builds
 * one random IR block per program; the interpreter with every pass off runs
 * it from a random initial state and is the reference. Every engine x pass
 * configuration (tconfig) must then end in exactly the same state: exit
 * reason, pc, registers, flags, helper calls, fault info and the memory page.
 *
 * Environment:
 *   DUET_RANDOM_IR_COUNT  programs per test (default: see main)
 *   DUET_RANDOM_IR_SEED   first seed (default 1); program k uses seed + k
 *   DUET_RANDOM_IR_VERBOSE=1  print each seed before running it
 * A failure prints the seed and test; DUET_RANDOM_IR_SEED=<seed>
 * DUET_RANDOM_IR_COUNT=1 reproduces it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ir_programs.h"
#include "ir/ir.h"
#include "opt/opt.h"

/* Guest pcs, from the program's pc base: the random block and two more
 * blocks, each insn_start + exit halt. */
#define BLOCK_PC 0x1000u
#define NEXT_PC 0x2000u
#define NEXT_PC2 0x3000u
#define MAX_POOL 1024
#define MAX_PENDING 6
#define MAX_DETAILED 3       /* failing programs printed in full, per test */
#define MAX_REPORTED 20      /* failing programs listed at all, per test */
#define RUNS 2               /* runs per config on one machine, from two states */
/* Small: the cache allocates an arena of half its size per machine, which
 * MALLOC_PERTURB_ (set by meson test) would fill on every one. */
#define CODE_CACHE_SIZE (256u << 10)

/* ---- PRNG: splitmix64 --------------------------------------------------- */

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(rng_next(r) % n);
}

static bool rng_pct(struct rng *r, unsigned pct)
{
    return rng_below(r, 100) < pct;
}

/* ---- Program parameters --------------------------------------------------- */

enum prog_kind { K_STRAIGHT, K_BRANCHES, K_ADDR64, K_FAULTS, K_NUM };
static const char *const kind_name[K_NUM] = {
    "straight_line", "with_branches", "addr64", "faults",
};

struct prog_params {
    uint64_t seed;
    enum prog_kind kind;
    bool branches;  /* labels, br, brcond, exits in the middle */
    bool addr64;    /* tguest64: I64 addresses */
    bool faults;    /* some accesses and checks may fault */
    uint64_t pc;    /* the pc base: imm32 or not, 32-bit or not */
};

static struct prog_params params_for(enum prog_kind kind, uint64_t seed)
{
    struct rng r = { seed ^ 0x5eed0000u };
    struct prog_params p = { .seed = seed, .kind = kind };
    p.branches = kind == K_BRANCHES || (kind != K_STRAIGHT && rng_pct(&r, 50));
    p.addr64 = kind == K_ADDR64 || (kind == K_FAULTS && rng_pct(&r, 50));
    p.faults = kind == K_FAULTS;
    static const uint64_t bases[] = { 0, 0x7ffff000u, 0xfff00000u, 0x7ffe00000000ull,
                                      0xffffffff80000000ull };
    p.pc = rng_pct(&r, 50) ? 0 : bases[rng_below(&r, p.addr64 ? 5 : 3)];
    return p;
}

/* ---- Generator state ------------------------------------------------------ */

struct gen {
    struct ir_block *b;
    const struct prog_params *p;
    struct rng rng;
    enum ir_type at;            /* guest address type */
    uint32_t pool[MAX_POOL];    /* available temps, in definition order */
    uint32_t def[MAX_POOL];     /* op index defining pool[k] */
    unsigned npool;
    struct {
        uint32_t id;
        uint32_t minbr;         /* op index of the first branch to it */
    } pend[MAX_PENDING];        /* labels branched to but not yet placed */
    unsigned npend;
    unsigned ninsns;
    uint64_t slot_pc[2];        /* goto_tb target of each chaining slot */
    unsigned slots_used;        /* a block uses each slot once (ops.def) */
};

static bool chance(struct gen *g, unsigned pct)
{
    return rng_pct(&g->rng, pct);
}

static uint32_t below(struct gen *g, uint32_t n)
{
    return rng_below(&g->rng, n);
}

static enum ir_type rand_type(struct gen *g)
{
    return chance(g, 50) ? IR_I32 : IR_I64;
}

/* Records the temp just defined by the last op as available. */
static uint32_t def(struct gen *g, uint32_t t)
{
    assert_true(g->npool < MAX_POOL);
    g->pool[g->npool] = t;
    g->def[g->npool] = g->b->nops - 1;
    g->npool++;
    return t;
}

static uint64_t rand_const(struct gen *g)
{
    static const uint64_t special[] = {
        0, 1, ~0ull, 0x80000000u, 0x7fffffffu, 0xffffffffu, 0x100000000ull,
        0xffffffff80000000ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
        2, 7, 8, 16, 31, 32, 33, 63, 64, 0x80, 0xff, 0x8000, 0xffff, TMEM,
    };
    switch (below(g, 5)) {
    case 0: return special[below(g, sizeof(special) / sizeof(special[0]))];
    case 1: return below(g, 70);
    case 2: return (uint64_t)-(int64_t)(1 + below(g, 64));
    case 3: return (uint32_t)rng_next(&g->rng);
    default: return rng_next(&g->rng);
    }
}

static uint32_t gen_movi(struct gen *g, enum ir_type t, uint64_t v)
{
    return def(g, ir_movi(g->b, t, v));
}

/* A fresh value of type t: a constant or a guest register or flag. */
static uint32_t fresh(struct gen *g, enum ir_type t)
{
    if (chance(g, 60))
        return gen_movi(g, t, rand_const(g));
    if (t == IR_I64)
        return def(g, ir_get_reg(g->b, T_X0 + below(g, 4)));
    if (chance(g, 30))
        return def(g, ir_get_flag(g->b, below(g, T_NFLAGS)));
    return def(g, ir_get_reg(g->b, T_R0 + below(g, 8)));
}

static unsigned count_type(const struct gen *g, enum ir_type t)
{
    unsigned n = 0;
    for (unsigned k = 0; k < g->npool; k++)
        n += g->b->temp_type[g->pool[k]] == t;
    return n;
}

/* An available temp of type t: often a recent one, sometimes an old one
 * (long live ranges make the register allocator spill), sometimes new. */
static uint32_t pick(struct gen *g, enum ir_type t)
{
    unsigned n = count_type(g, t);
    if (n == 0 || chance(g, 12))
        return fresh(g, t);
    unsigned want = n > 6 && chance(g, 50) ? n - 1 - below(g, 6) : below(g, n);
    for (unsigned k = 0; k < g->npool; k++)
        if (g->b->temp_type[g->pool[k]] == t && want-- == 0)
            return g->pool[k];
    fail_msg("pick: no temp");
    return 0;
}

/* ---- Value ops ------------------------------------------------------------ */

static void gen_binop(struct gen *g)
{
    static const enum ir_opcode ops[] = {
        IR_add, IR_sub, IR_mul, IR_mulhu, IR_mulhs, IR_and, IR_or, IR_xor, IR_andc,
        IR_shl, IR_shr, IR_sar, IR_rotl, IR_rotr,
    };
    enum ir_type t = rand_type(g);
    enum ir_opcode opc = ops[below(g, sizeof(ops) / sizeof(ops[0]))];
    uint32_t a = pick(g, t);
    uint32_t c = chance(g, 8) ? a : pick(g, t);
    def(g, ir_binop(g->b, opc, t, a, c));
}

static void gen_unop(struct gen *g)
{
    static const enum ir_opcode ops[] = {
        IR_mov, IR_neg, IR_not, IR_clz, IR_bswap, IR_bswap16,
        IR_ext8u, IR_ext8s, IR_ext16u, IR_ext16s,
    };
    enum ir_type t = rand_type(g);
    enum ir_opcode opc = ops[below(g, sizeof(ops) / sizeof(ops[0]))];
    def(g, ir_unop(g->b, opc, t, pick(g, t)));
}

/* The ops whose operand and result types differ. */
static void gen_widen(struct gen *g)
{
    switch (below(g, 5)) {
    case 0: def(g, ir_unop(g->b, IR_ext32u, IR_I64, pick(g, IR_I32))); break;
    case 1: def(g, ir_unop(g->b, IR_ext32s, IR_I64, pick(g, IR_I32))); break;
    case 2: def(g, ir_unop(g->b, IR_trunc, IR_I32, pick(g, IR_I64))); break;
    default: {
        enum ir_opcode opc = chance(g, 50) ? IR_mulu_32_64 : IR_muls_32_64;
        uint32_t a = pick(g, IR_I32);
        def(g, ir_binop(g->b, opc, IR_I64, a, chance(g, 8) ? a : pick(g, IR_I32)));
        break;
    }
    }
}

static unsigned rand_shift(struct gen *g, enum ir_type t)
{
    unsigned w = t == IR_I64 ? 64 : 32;
    static const unsigned edges[] = { 0, 1, 8, 16, 31 };
    if (chance(g, 30))
        return chance(g, 20) ? w - 1 : edges[below(g, 5)];
    return below(g, w);
}

static void gen_shifti(struct gen *g)
{
    static const enum ir_opcode ops[] = { IR_shli, IR_shri, IR_sari, IR_rotli, IR_rotri };
    enum ir_type t = rand_type(g);
    enum ir_opcode opc = ops[below(g, 5)];
    def(g, ir_shifti(g->b, opc, t, pick(g, t), rand_shift(g, t)));
}

static void gen_cond(struct gen *g)
{
    enum ir_type t = rand_type(g);
    enum ir_cond c = (enum ir_cond)below(g, IR_NUM_CONDS);
    uint32_t a = pick(g, t);
    uint32_t x = chance(g, 8) ? a : pick(g, t);
    if (chance(g, 40)) {
        def(g, ir_setcond(g->b, t, c, a, x));
        return;
    }
    enum ir_type vt = chance(g, 70) ? t : rand_type(g);
    uint32_t v1 = pick(g, vt);
    uint32_t v2 = chance(g, 8) ? v1 : pick(g, vt);
    /* movcond's comparison and values share T. */
    if (vt != t) {
        a = pick(g, vt);
        x = pick(g, vt);
    }
    def(g, ir_movcond(g->b, vt, c, a, x, v1, v2));
}

/* Register and flag slots; half the time one of a few hot ones (r0, read
 * by TH_MIX, among them), so gets and sets of one slot meet often. */
static uint32_t rand_reg(struct gen *g)
{
    static const uint32_t hot[] = { T_R0, T_R0 + 1, T_X0 };
    return chance(g, 50) ? hot[below(g, 3)] : below(g, T_NREGS);
}

static uint32_t rand_flag(struct gen *g)
{
    return chance(g, 50) ? 0 : below(g, T_NFLAGS);
}

static void gen_state(struct gen *g)
{
    switch (below(g, 4)) {
    case 0: def(g, ir_get_reg(g->b, rand_reg(g))); break;
    case 1: def(g, ir_get_flag(g->b, rand_flag(g))); break;
    case 2: {
        uint32_t r = rand_reg(g);
        ir_set_reg(g->b, r, pick(g, r >= T_X0 ? IR_I64 : IR_I32));
        break;
    }
    default:
        ir_set_flag(g->b, rand_flag(g), pick(g, IR_I32));
        break;
    }
}

/* ---- Memory ----------------------------------------------------------------- */

/* An 8-aligned address that may be outside the page: in the hole after it,
 * at 0, near the top of the 32-bit space, or (I64) beyond 4 GiB. */
static uint32_t gen_fault_addr(struct gen *g)
{
    enum ir_type at = g->at;
    switch (below(g, 4)) {
    case 0: return gen_movi(g, at, TMEM_HOLE + 8 * below(g, 16));
    case 1: return gen_movi(g, at, chance(g, 50) ? 0 : at == IR_I64 ? 0x100000000ull : 0xfffffff8u);
    case 2: {
        uint32_t m = def(g, ir_binop(g->b, IR_and, at, pick(g, at), gen_movi(g, at, 0x1f8)));
        return def(g, ir_binop(g->b, IR_add, at, m, gen_movi(g, at, TMEM + 0xf00)));
    }
    default:
        return def(g, ir_binop(g->b, IR_and, at, pick(g, at), gen_movi(g, at, ~7ull)));
    }
}

/* An address inside the page, with room for 8 bytes: TMEM + off + (v & mask). */
static uint32_t gen_addr(struct gen *g)
{
    static const uint32_t masks[] = { TMEM_SIZE - 8, 0x7ff, 0x3ff, 0xff, 0x1f, 0x7, 0 };
    enum ir_type at = g->at;
    if (g->p->faults && chance(g, 6))
        return gen_fault_addr(g);
    uint32_t mask = masks[below(g, sizeof(masks) / sizeof(masks[0]))];
    uint32_t off = below(g, TMEM_SIZE - 8 - mask + 1);
    if (chance(g, 15))
        return gen_movi(g, at, TMEM + off + ((uint32_t)rng_next(&g->rng) & mask));
    uint32_t v = at == IR_I64 && chance(g, 25)
                     ? def(g, ir_unop(g->b, IR_ext32u, IR_I64, pick(g, IR_I32)))
                     : pick(g, at);
    uint32_t m = def(g, ir_binop(g->b, IR_and, at, v, gen_movi(g, at, mask)));
    uint32_t base = gen_movi(g, at, TMEM + off);
    enum ir_opcode opc = off == 0 && chance(g, 30) ? IR_or : IR_add;
    return chance(g, 50) ? def(g, ir_binop(g->b, opc, at, m, base))
                         : def(g, ir_binop(g->b, opc, at, base, m));
}

static uint32_t rand_memop(struct gen *g, enum ir_type t, bool load)
{
    uint32_t size = below(g, t == IR_I64 ? 4 : 3);
    uint32_t flags = 0;
    if (load && chance(g, 50))
        flags |= IR_MO_SIGN;
    if (chance(g, 40))
        flags |= IR_MO_BE;
    return IR_MO(size, flags, below(g, 3));
}

static void gen_load(struct gen *g)
{
    enum ir_type t = rand_type(g);
    uint32_t mo = rand_memop(g, t, true);
    def(g, ir_load(g->b, t, mo, gen_addr(g)));
}

static void gen_store(struct gen *g)
{
    enum ir_type t = rand_type(g);
    uint32_t mo = rand_memop(g, t, false);
    uint32_t addr = gen_addr(g);
    ir_store(g->b, mo, addr, pick(g, t));
}

/* Atomics read and write like a load and a store of the same access. */
static void gen_atomic(struct gen *g)
{
    enum ir_type t = rand_type(g);
    uint32_t mo = rand_memop(g, t, false);
    uint32_t addr = gen_addr(g);
    if (chance(g, 50))
        def(g, ir_xchg(g->b, t, mo, addr, pick(g, t)));
    else
        def(g, ir_cmpxchg(g->b, t, mo, addr, pick(g, t), pick(g, t)));
}

/* ---- Helper calls ------------------------------------------------------------ */

/* A zero computed at run time (or a constant zero). */
static uint32_t gen_zero(struct gen *g)
{
    enum ir_type t = rand_type(g);
    uint32_t a = pick(g, t);
    switch (below(g, 4)) {
    case 0: return gen_movi(g, t, 0);
    case 1: return def(g, ir_binop(g->b, IR_xor, t, a, a));
    case 2: return def(g, ir_binop(g->b, IR_sub, t, a, a));
    default: return def(g, ir_binop(g->b, IR_and, t, a, gen_movi(g, t, 0)));
    }
}

static void gen_call(struct gen *g)
{
    uint32_t args[4];
    switch (below(g, 3)) {
    case 0: {
        bool four = chance(g, 50);
        for (unsigned k = 0; k < (four ? 4u : 3u); k++)
            args[k] = pick(g, rand_type(g));
        def(g, four ? ir_call(g->b, TH_WEIGH4, 4, args) : ir_call(g->b, TH_ADD3, 3, args));
        break;
    }
    case 1:
        for (unsigned k = 0; k < 2; k++)
            args[k] = pick(g, rand_type(g));
        def(g, ir_call(g->b, TH_MIX, 2, args));
        break;
    default:
        args[0] = g->p->faults && chance(g, 30) ? pick(g, rand_type(g)) : gen_zero(g);
        ir_call(g->b, TH_CHECK, 1, args);
        break;
    }
}

/* A new guest instruction. Branches stay within one instruction (ops.def):
 * the pc of a fault must be that of the instruction in code order. */
static void place_all_labels(struct gen *g);

static void gen_insn_start(struct gen *g)
{
    place_all_labels(g);
    ir_insn_start(g->b, g->p->pc + BLOCK_PC + 4 * g->ninsns++);
}

/* ---- Control flow ---------------------------------------------------------- */

static void place_label(struct gen *g, unsigned k)
{
    uint32_t minbr = g->pend[k].minbr;
    ir_label(g->b, g->pend[k].id);
    /* Temps defined after the first branch to it may have been skipped. */
    while (g->npool > 0 && g->def[g->npool - 1] > minbr)
        g->npool--;
    g->pend[k] = g->pend[--g->npend];
}

static void place_random_label(struct gen *g)
{
    place_label(g, below(g, g->npend));
}

static void place_all_labels(struct gen *g)
{
    while (g->npend > 0)
        place_random_label(g);
}

/* A pending label to branch to, new or not; its first branch is op `at`. */
static uint32_t branch_target(struct gen *g, uint32_t at)
{
    if (g->npend < MAX_PENDING && (g->npend == 0 || chance(g, 40))) {
        g->pend[g->npend].id = ir_new_label(g->b);
        g->pend[g->npend].minbr = at;
        return g->pend[g->npend++].id;
    }
    return g->pend[below(g, g->npend)].id;
}

static void gen_branch(struct gen *g)
{
    if (chance(g, 12)) {
        ir_br(g->b, branch_target(g, g->b->nops));
        place_random_label(g);  /* the op after a br must be a label */
        return;
    }
    enum ir_type t = rand_type(g);
    enum ir_cond c = (enum ir_cond)below(g, IR_NUM_CONDS);
    uint32_t a, x;
    if (chance(g, 15)) {  /* constant condition: constfold turns it into br or nothing */
        a = gen_movi(g, t, rand_const(g));
        x = chance(g, 30) ? a : gen_movi(g, t, rand_const(g));
    } else if (chance(g, 10)) {
        /* A test of a 64-bit comparison's truncated result, as MIPS64
         * branches are built: condfold looks through the trunc. */
        uint32_t f = def(g, ir_setcond(g->b, IR_I64, c, pick(g, IR_I64), pick(g, IR_I64)));
        t = IR_I32;
        a = def(g, ir_unop(g->b, IR_trunc, IR_I32, f));
        c = chance(g, 50) ? IR_EQ : IR_NE;
        x = gen_movi(g, t, chance(g, 80) ? 0 : 1);
    } else {
        a = pick(g, t);
        x = chance(g, 5) ? a : pick(g, t);
    }
    ir_brcond(g->b, t, c, a, x, branch_target(g, g->b->nops));
}

/* The pc operand of exit_indirect: a next block's pc, constant or
 * computed (possibly chosen at run time). */
static uint32_t next_pc_temp(struct gen *g)
{
    uint64_t base = g->p->pc, pc = base + (chance(g, 50) ? NEXT_PC : NEXT_PC2);
    enum ir_type t = base + NEXT_PC2 > UINT32_MAX ? IR_I64 : rand_type(g);
    if (chance(g, 50))
        return gen_movi(g, t, pc);
    uint32_t a = pick(g, t);
    if (chance(g, 50)) {
        uint32_t z = def(g, ir_binop(g->b, IR_xor, t, a, a));
        return def(g, ir_binop(g->b, IR_add, t, z, gen_movi(g, t, pc)));
    }
    uint32_t c = pick(g, t);
    return def(g, ir_movcond(g->b, t, (enum ir_cond)below(g, IR_NUM_CONDS), a, c,
                             gen_movi(g, t, base + NEXT_PC), gen_movi(g, t, base + NEXT_PC2)));
}

static void gen_exit(struct gen *g)
{
    static const enum exit_reason reasons[] = {
        EXIT_HALT, EXIT_SYSCALL, EXIT_UNDEF, EXIT_DEBUG, EXIT_GUEST_BASE + 1,
    };
    unsigned slot = below(g, 2), kind = below(g, 4);

    if (kind == 0 && (g->slots_used & (1u << slot)))
        slot ^= 1;
    if (kind == 0 && (g->slots_used & (1u << slot)))
        kind = 1;
    switch (kind) {
    case 0:
        g->slots_used |= 1u << slot;
        ir_goto_tb(g->b, slot, g->slot_pc[slot]);
        break;
    case 1:
        ir_exit_indirect(g->b, next_pc_temp(g));
        break;
    default: {
        enum exit_reason r = reasons[below(g, sizeof(reasons) / sizeof(reasons[0]))];
        uint32_t pc = chance(g, 50) ? pick(g, rand_type(g))
                                    : gen_movi(g, g->at, g->p->pc + BLOCK_PC + 0x100);
        ir_exit(g->b, r, pc);
        break;
    }
    }
}

/* An exit in the middle, skipped by the branches to the label after it. */
static void gen_mid_exit(struct gen *g)
{
    if (g->npend == 0)
        return;
    gen_exit(g);
    place_random_label(g);
}

static void gen_label(struct gen *g)
{
    if (g->npend > 0)
        place_random_label(g);
}

/* ---- Whole program ---------------------------------------------------------- */

struct op_kind {
    void (*fn)(struct gen *g);
    unsigned weight;
    bool control;  /* only in programs with branches */
};

static const struct op_kind op_kinds[] = {
    { gen_binop, 24, false },    { gen_unop, 10, false },   { gen_widen, 6, false },
    { gen_shifti, 8, false },    { gen_cond, 7, false },    { gen_state, 10, false },
    { gen_load, 8, false },      { gen_store, 8, false },   { gen_call, 4, false },
    { gen_atomic, 2, false },
    { gen_insn_start, 5, false }, { gen_branch, 7, true },  { gen_label, 4, true },
    { gen_mid_exit, 2, true },
};
#define NUM_OP_KINDS (sizeof(op_kinds) / sizeof(op_kinds[0]))

static void gen_step(struct gen *g)
{
    unsigned total = 0;
    for (unsigned k = 0; k < NUM_OP_KINDS; k++)
        if (g->p->branches || !op_kinds[k].control)
            total += op_kinds[k].weight;
    unsigned r = below(g, total);
    for (unsigned k = 0; k < NUM_OP_KINDS; k++) {
        if (!g->p->branches && op_kinds[k].control)
            continue;
        if (r < op_kinds[k].weight) {
            op_kinds[k].fn(g);
            return;
        }
        r -= op_kinds[k].weight;
    }
}

static void gen_program(struct ir_block *b, const struct prog_params *p)
{
    struct gen *g = calloc(1, sizeof(*g));
    assert_non_null(g);
    g->b = b;
    g->p = p;
    g->rng.s = p->seed * 0x100000001b3ull + p->kind;
    g->at = (enum ir_type)b->guest->addr_type;
    /* One target per slot, as frontends do. */
    for (unsigned k = 0; k < 2; k++)
        g->slot_pc[k] = p->pc + (chance(g, 50) ? NEXT_PC : NEXT_PC2);
    /* 5..200 ops, sometimes up to 700 */
    uint32_t target = 5 + below(g, chance(g, 50) ? 36 : chance(g, 95) ? 196 : 696);
    gen_insn_start(g);
    while (b->nops < target)
        gen_step(g);
    place_all_labels(g);
    gen_exit(g);
    free(g);
}

static void random_block(struct ir_block *b, void *ctx)
{
    gen_program(b, ctx);
}

static void next_block(struct ir_block *b, void *ctx)
{
    (void)ctx;
    ir_insn_start(b, b->pc);
    ir_exit(b, EXIT_HALT, ir_movi(b, b->guest->addr_type, b->pc + 4));
}

/* ---- Running ------------------------------------------------------------------ */

struct outcome {
    enum exit_reason reason;
    struct tcpu cpu;
    uint8_t mem[TMEM_SIZE];
};

static void init_state(struct tcpu *c, uint8_t *mem, uint64_t seed)
{
    struct rng r = { seed ^ 0x1717171717171717ull };
    memset(c, 0, sizeof(*c));
    for (unsigned k = 0; k < 8; k++)
        c->r[k] = (uint32_t)(rng_pct(&r, 20) ? rng_below(&r, 16) : rng_next(&r));
    for (unsigned k = 0; k < 4; k++)
        c->x[k] = rng_pct(&r, 20) ? rng_below(&r, 16) : rng_next(&r);
    for (unsigned k = 0; k < 4; k++)
        c->f[k] = rng_pct(&r, 50) ? rng_below(&r, 2) : (uint32_t)rng_next(&r);
    c->helper_calls = rng_below(&r, 1000);
    for (unsigned k = 0; k < TMEM_SIZE; k += 8) {
        uint64_t v = rng_next(&r);
        memcpy(mem + k, &v, 8);
    }
}

/* Runs the program on one machine from initial states first..first+n-1:
 * the later runs find the blocks translated, chained and in the jump cache
 * (and, from another state, may take other paths and exits). */
static void run_config(struct prog_params *p, unsigned cfg, struct outcome *out, unsigned first,
                       unsigned n)
{
    struct tprog prog;
    struct tmachine_opts o;
    struct tmachine m;

    memset(&prog, 0, sizeof(prog));
    prog.ctx = p;
    tprog_add(&prog, p->pc + BLOCK_PC, random_block);
    tprog_add(&prog, p->pc + NEXT_PC, next_block);
    tprog_add(&prog, p->pc + NEXT_PC2, next_block);
    tconfig(cfg, &o);
    o.addr64 = p->addr64;
    o.code_cache_size = CODE_CACHE_SIZE;
    tmachine_init(&m, &prog, &o);
    for (unsigned k = 0; k < n; k++) {
        init_state(&m.cpu, tmachine_mem(&m), p->seed + 0x100000000ull * (first + k));
        out[k].reason = tmachine_run(&m, p->pc + BLOCK_PC);
        out[k].cpu = m.cpu;
        memcpy(out[k].mem, tmachine_mem(&m), TMEM_SIZE);
    }
    tmachine_fini(&m);
}

/* The reference: the interpreter with every pass off. */
static unsigned ref_config(void)
{
    for (unsigned i = 0; i < T_CONFIGS; i++) {
        struct tmachine_opts o;
        tconfig(i, &o);
        if (o.engine == ENGINE_INTERP && o.passes_off == (1u << OPT_NUM_PASSES) - 1)
            return i;
    }
    fail_msg("no interpreter config with all passes off");
    return 0;
}

/* ---- Reporting ------------------------------------------------------------------ */

static void print_line(void *opaque, const char *line)
{
    (void)opaque;
    print_message("#   %s\n", line);
}

static unsigned diff_u64(bool print, const char *what, unsigned idx, uint64_t want, uint64_t got)
{
    if (want == got)
        return 0;
    if (print)
        print_message("#   %s[%u]: expected 0x%llx, got 0x%llx\n", what, idx,
                      (unsigned long long)want, (unsigned long long)got);
    return 1;
}

static unsigned diff_mem(bool print, const uint8_t *want, const uint8_t *got)
{
    unsigned n = 0;
    for (unsigned k = 0; k < TMEM_SIZE; k++) {
        if (want[k] == got[k])
            continue;
        if (print && n < 16)
            print_message("#   mem[0x%x]: expected 0x%02x, got 0x%02x\n", TMEM + k, want[k],
                          got[k]);
        n++;
    }
    if (print && n > 16)
        print_message("#   ... %u bytes differ\n", n);
    return n ? 1 : 0;
}

/* Number of differing fields; each printed when print. */
static unsigned diff_outcomes(const struct outcome *w, const struct outcome *g, bool print)
{
    unsigned n = diff_u64(print, "exit reason", 0, w->reason, g->reason);
    n += diff_u64(print, "pc", 0, w->cpu.head.pc, g->cpu.head.pc);
    for (unsigned k = 0; k < 8; k++)
        n += diff_u64(print, "r", k, w->cpu.r[k], g->cpu.r[k]);
    for (unsigned k = 0; k < 4; k++)
        n += diff_u64(print, "x", k, w->cpu.x[k], g->cpu.x[k]);
    for (unsigned k = 0; k < 4; k++)
        n += diff_u64(print, "f", k, w->cpu.f[k], g->cpu.f[k]);
    n += diff_u64(print, "helper_calls", 0, w->cpu.helper_calls, g->cpu.helper_calls);
    if (w->reason == EXIT_FAULT) {
        n += diff_u64(print, "fault_addr", 0, w->cpu.head.fault_addr, g->cpu.head.fault_addr);
        n += diff_u64(print, "fault_write", 0, w->cpu.head.fault_write, g->cpu.head.fault_write);
    }
    return n + diff_mem(print, w->mem, g->mem);
}

static void build_block(struct ir_block *b, struct prog_params *p)
{
    ir_block_init(b, p->addr64 ? &tguest64 : &tguest, p->pc + BLOCK_PC, 0);
    random_block(b, p);
}

static void print_program(struct prog_params *p, unsigned cfg)
{
    struct ir_block b;
    char err[320] = "";
    struct tmachine_opts o;

    build_block(&b, p);
    print_message("#   IR:\n");
    ir_print(&b, print_line, NULL);
    tconfig(cfg, &o);
    if (o.passes_off != (1u << OPT_NUM_PASSES) - 1) {
        int r = opt_run(&b, o.passes_off, true, err, sizeof(err));
        print_message("#   IR after passes%s%s:\n", r ? ", INVALID: " : "", err);
        ir_print(&b, print_line, NULL);
    }
    ir_block_free(&b);
}

/* ---- Checking one program ---------------------------------------------------- */

static void check_generated(struct prog_params *p)
{
    struct ir_block b;
    char err[320] = "";

    build_block(&b, p);
    if (ir_verify(&b, err, sizeof(err)) != 0) {
        print_message("# generator produced invalid IR, seed %llu (%s): %s\n",
                      (unsigned long long)p->seed, kind_name[p->kind], err);
        ir_print(&b, print_line, NULL);
        ir_block_free(&b);
        fail_msg("invalid generated IR");
    }
    ir_block_free(&b);
}

/* The passes of config cfg must keep the block valid: the translator
 * aborts otherwise, so find out here first. */
static bool passes_keep_valid(struct prog_params *p, unsigned cfg, char *err, size_t errlen)
{
    struct ir_block b;
    struct tmachine_opts o;

    tconfig(cfg, &o);
    build_block(&b, p);
    bool ok = opt_run(&b, o.passes_off, true, err, errlen) == 0;
    ir_block_free(&b);
    return ok;
}

enum fail_class { F_INVALID_IR, F_STATE, F_NUM };
static const char *const fail_name[F_NUM] = { "a pass produced invalid IR", "final state differs" };

/* Per test: failure counts by class and how the reference runs ended. */
struct report {
    unsigned failed;              /* programs with any failure */
    unsigned by_class[F_NUM];     /* programs with a failure of that class */
    unsigned detailed[F_NUM];     /* programs printed in full */
    unsigned exits_next, exits_fault, exits_other;
};

/* The failures of one program: a config mask per class. */
struct prog_result {
    uint32_t cfgs[F_NUM];
    unsigned first_cfg[F_NUM];
    char err[320];                /* first invalid-IR message */
    unsigned bad_run;             /* which run of first_cfg[F_STATE] differs */
};

static void print_cfgs(uint32_t mask)
{
    char name[64];
    for (unsigned c = 0; c < T_CONFIGS; c++)
        if (mask & (1u << c))
            print_message("#     config %u (%s)\n", c, tconfig_name(c, name, sizeof(name)));
}

static void report_program(struct report *rep, struct prog_params *p, const struct prog_result *res,
                           const struct outcome *want, const struct outcome *got)
{
    rep->failed++;
    for (unsigned f = 0; f < F_NUM; f++) {
        if (!res->cfgs[f])
            continue;
        rep->by_class[f]++;
        if (rep->by_class[f] > MAX_REPORTED)
            continue;
        bool ir = f == F_INVALID_IR;
        print_message("# MISMATCH seed %llu (%s, addr64=%d branches=%d faults=%d pc=0x%llx): "
                      "%s%s%s in\n", (unsigned long long)p->seed, kind_name[p->kind], p->addr64,
                      p->branches, p->faults, (unsigned long long)(p->pc + BLOCK_PC), fail_name[f],
                      ir ? ": " : "", ir ? res->err : "");
        print_cfgs(res->cfgs[f]);
        if (rep->detailed[f] >= MAX_DETAILED)
            continue;
        rep->detailed[f]++;
        if (f == F_STATE) {
            char name[64];
            print_message("#   reference vs config %u (%s), run %u:\n", res->first_cfg[f],
                          tconfig_name(res->first_cfg[f], name, sizeof(name)), res->bad_run + 1);
            diff_outcomes(want, got, true);
        }
        print_program(p, res->first_cfg[f]);
    }
}

static void count_exit(struct report *rep, const struct prog_params *p, const struct outcome *o)
{
    uint64_t pc = o->cpu.head.pc - p->pc;
    if (o->reason == EXIT_FAULT)
        rep->exits_fault++;
    else if (pc == NEXT_PC + 4 || pc == NEXT_PC2 + 4)
        rep->exits_next++;
    else
        rep->exits_other++;
}

static void note_failure(struct prog_result *res, enum fail_class f, unsigned cfg)
{
    if (!res->cfgs[f])
        res->first_cfg[f] = cfg;
    res->cfgs[f] |= 1u << cfg;
}

/* Runs one program under every config; false on any mismatch. */
static bool check_program(struct prog_params *p, unsigned ref, struct report *rep)
{
    struct outcome *want = malloc(RUNS * sizeof(*want)), *got = malloc(RUNS * sizeof(*got));
    struct outcome *first_bad = malloc(sizeof(*first_bad));
    struct prog_result res;
    char err[320];

    assert_true(want && got && first_bad);
    memset(&res, 0, sizeof(res));
    check_generated(p);
    for (unsigned k = 0; k < RUNS; k++) {
        run_config(p, ref, &want[k], k, 1);
        count_exit(rep, p, &want[k]);
    }
    for (unsigned cfg = 0; cfg < T_CONFIGS; cfg++) {
        if (!passes_keep_valid(p, cfg, err, sizeof(err))) {
            if (!res.cfgs[F_INVALID_IR])
                snprintf(res.err, sizeof(res.err), "%s", err);
            note_failure(&res, F_INVALID_IR, cfg);
            continue;
        }
        run_config(p, cfg, got, 0, RUNS);
        for (unsigned k = 0; k < RUNS; k++) {
            if (diff_outcomes(&want[k], &got[k], false) == 0)
                continue;
            if (!res.cfgs[F_STATE]) {
                *first_bad = got[k];
                res.bad_run = k;
            }
            note_failure(&res, F_STATE, cfg);
        }
    }
    bool ok = !res.cfgs[F_INVALID_IR] && !res.cfgs[F_STATE];
    if (!ok)
        report_program(rep, p, &res, &want[res.bad_run], first_bad);
    free(want);
    free(got);
    free(first_bad);
    return ok;
}

/* ---- Tests -------------------------------------------------------------------- */

static uint64_t env_u64(const char *name, uint64_t dflt)
{
    const char *s = getenv(name);
    return s && *s ? strtoull(s, NULL, 0) : dflt;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run_kind(enum prog_kind kind, unsigned dflt_count)
{
    unsigned count = (unsigned)env_u64("DUET_RANDOM_IR_COUNT", dflt_count);
    uint64_t first = env_u64("DUET_RANDOM_IR_SEED", 1);
    bool verbose = env_u64("DUET_RANDOM_IR_VERBOSE", 0) != 0;
    unsigned ref = ref_config();
    struct report rep;
    double t0 = now_s();

    memset(&rep, 0, sizeof(rep));
    for (unsigned k = 0; k < count; k++) {
        struct prog_params p = params_for(kind, first + k);
        if (verbose)
            print_message("# seed %llu\n", (unsigned long long)p.seed);
        check_program(&p, ref, &rep);
    }
    print_message("# %s: %u programs (seeds %llu..%llu) x %u configs in %.2f s: %u passed, "
                  "%u failed (%u invalid IR after a pass, %u state mismatch); reference runs end: "
                  "%u in a next block, %u fault, %u other exit\n",
                  kind_name[kind], count, (unsigned long long)first,
                  (unsigned long long)(first + count - 1), T_CONFIGS, now_s() - t0,
                  count - rep.failed, rep.failed, rep.by_class[F_INVALID_IR], rep.by_class[F_STATE],
                  rep.exits_next, rep.exits_fault, rep.exits_other);
    if (rep.failed)
        fail_msg("%u of %u random programs (%s) failed", rep.failed, count, kind_name[kind]);
}

static void random_programs_straight_line(void **state)
{
    (void)state;
    run_kind(K_STRAIGHT, 1200);
}

static void random_programs_with_branches(void **state)
{
    (void)state;
    run_kind(K_BRANCHES, 1400);
}

static void random_programs_addr64(void **state)
{
    (void)state;
    run_kind(K_ADDR64, 1000);
}

static void random_programs_faults(void **state)
{
    (void)state;
    run_kind(K_FAULTS, 1000);
}

/* The generator is deterministic: the same seed builds the same block. */
static void generator_deterministic(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 50; seed++) {
        struct prog_params p = params_for((enum prog_kind)(seed % K_NUM), seed);
        struct ir_block a, b;
        build_block(&a, &p);
        build_block(&b, &p);
        assert_int_equal(a.nops, b.nops);
        assert_int_equal(a.ntemps, b.ntemps);
        assert_memory_equal(a.ops, b.ops, a.nops * sizeof(*a.ops));
        ir_block_free(&a);
        ir_block_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generator_deterministic),
        cmocka_unit_test(random_programs_straight_line),
        cmocka_unit_test(random_programs_with_branches),
        cmocka_unit_test(random_programs_addr64),
        cmocka_unit_test(random_programs_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
