/* Constant folding and propagation: a pure op whose operands are all
 * constants becomes a movi; identities (x+0, x*1, x&0, ...) become movs or
 * constants; a conditional branch on constants becomes a branch or nothing,
 * and code made unreachable by that is dropped up to a label that a live
 * branch still reaches. */
#include <string.h>

#include "ir/eval.h"
#include "opt.h"

struct cf_state {
    struct ir_block *b;
    bool *is_const1;  /* per temp + 1: IR_NO_TEMP wraps to entry 0, never constant */
    uint64_t *val;
    const struct ir_op **def;  /* per temp: the op that defines it */
    bool *reached;   /* per label: a kept branch in live code jumps to it */
    bool *keep;      /* per op */
    uint32_t first_dropped;
};

static bool cf_const(const struct cf_state *s, uint32_t t, uint64_t *v)
{
    if (!s->is_const1[t + 1])
        return false;
    *v = s->val[t];
    return true;
}

static bool cf_const_is(const struct cf_state *s, uint32_t t, uint64_t want)
{
    uint64_t v;
    return cf_const(s, t, &v) && v == want;
}

/* x OP identity -> x, x OP absorbing -> constant. */
static void cf_identities(const struct cf_state *s, struct ir_op *op)
{
    uint64_t ones = op->type == IR_I32 ? UINT32_MAX : UINT64_MAX;
    uint32_t a = op->args[0], b = op->args[1];

    switch (op->opc) {
    case IR_add: case IR_or: case IR_xor:
        if (cf_const_is(s, b, 0))
            opt_make_mov(s->b, op, a);
        else if (cf_const_is(s, a, 0))
            opt_make_mov(s->b, op, b);
        break;
    case IR_sub: case IR_shl: case IR_shr: case IR_sar: case IR_rotl: case IR_rotr: case IR_andc:
        if (cf_const_is(s, b, 0))
            opt_make_mov(s->b, op, a);
        break;
    case IR_shli: case IR_shri: case IR_sari: case IR_rotli: case IR_rotri:
        if (op->imm == 0)
            opt_make_mov(s->b, op, a);
        break;
    case IR_mul:
        if (cf_const_is(s, b, 1))
            opt_make_mov(s->b, op, a);
        else if (cf_const_is(s, a, 1))
            opt_make_mov(s->b, op, b);
        else if (cf_const_is(s, a, 0) || cf_const_is(s, b, 0))
            opt_make_movi(op, 0);
        break;
    case IR_and:
        if (cf_const_is(s, b, ones))
            opt_make_mov(s->b, op, a);
        else if (cf_const_is(s, a, ones))
            opt_make_mov(s->b, op, b);
        else if (cf_const_is(s, a, 0) || cf_const_is(s, b, 0))
            opt_make_movi(op, 0);
        break;
    case IR_movcond:
        if (op->args[2] == op->args[3])
            opt_make_mov(s->b, op, op->args[2]);
        break;
    case IR_trunc:
        /* The low half of an extended 32-bit value is that value (MIPS64
         * sign-extends each 32-bit result the next 32-bit op truncates). */
        if (s->def[a] && (s->def[a]->opc == IR_ext32s || s->def[a]->opc == IR_ext32u))
            opt_make_mov(s->b, op, s->def[a]->args[0]);
        break;
    default:
        break;
    }
}

static bool cf_fold_pure(struct cf_state *s, struct ir_op *op)
{
    uint64_t v[IR_MAX_ARGS], r;
    for (unsigned k = 0; k < op->nargs; k++)
        if (!cf_const(s, op->args[k], &v[k]))
            return false;
    if (!ir_eval_pure(op, v, &r))
        return false;
    opt_make_movi(op, r);
    return true;
}

/* A movi as the builder makes it, which folding would rewrite unchanged. */
static bool cf_plain_movi(const struct ir_op *op)
{
    return op->opc == IR_movi && op->aux == 0 && op->imm == ir_trunc_type((enum ir_type)op->type, op->imm);
}

/* Whether folding or an identity can apply: most ops read no constant and
 * need neither. Only the shifts by imm and movcond have identities that
 * do not involve a constant operand, and a movi folds to itself. */
static bool cf_worth_trying(const struct cf_state *s, const struct ir_op *op)
{
    const bool *c1 = s->is_const1;
    if (c1[op->args[0] + 1] | c1[op->args[1] + 1] | c1[op->args[2] + 1] | c1[op->args[3] + 1])
        return true;
    switch (op->opc) {
    case IR_shli: case IR_shri: case IR_sari: case IR_rotli: case IR_rotri: case IR_movcond:
    case IR_movi: case IR_trunc:
        return true;
    default:
        return false;
    }
}

static void cf_set_const(struct cf_state *s, uint32_t t, uint64_t v)
{
    s->is_const1[t + 1] = true;
    s->val[t] = v;
}

static void cf_pure(struct cf_state *s, struct ir_op *op)
{
    uint64_t v;
    if (cf_plain_movi(op)) {
        cf_set_const(s, op->dst, op->imm);
        return;
    }
    if (!cf_worth_trying(s, op))
        return;
    if (!cf_fold_pure(s, op))
        cf_identities(s, op);
    if (op->opc == IR_movi) {
        cf_set_const(s, op->dst, op->imm);
    } else if (op->opc == IR_mov && cf_const(s, op->args[0], &v)) {
        opt_make_movi(op, v);
        cf_set_const(s, op->dst, v);
    }
}

static void cf_drop(struct cf_state *s, uint32_t i)
{
    s->keep[i] = false;
    if (s->first_dropped > i)
        s->first_dropped = i;
}

/* Returns true when the ops after this one are unreachable. */
static bool cf_branch(struct cf_state *s, struct ir_op *op, uint32_t i)
{
    uint64_t a, b;
    if (!cf_const(s, op->args[0], &a) || !cf_const(s, op->args[1], &b)) {
        s->reached[op->imm] = true;
        return false;
    }
    if (!ir_eval_cond((enum ir_type)op->type, (enum ir_cond)op->aux, a, b)) {
        cf_drop(s, i);
        return false;
    }
    uint64_t label = op->imm;
    op->opc = IR_br;
    op->nargs = 0;
    op->args[0] = op->args[1] = IR_NO_TEMP;
    op->aux = 0;
    op->imm = label;
    s->reached[label] = true;
    return true;
}

void opt_constfold(struct ir_block *b)
{
    struct cf_state s = {
        .b = b,
        .is_const1 = arena_zalloc(&b->scratch, (b->ntemps + 1) * sizeof(bool)),
        .val = arena_alloc(&b->scratch, b->ntemps * sizeof(uint64_t)),
        .def = arena_zalloc(&b->scratch, b->ntemps * sizeof(struct ir_op *)),
        .reached = arena_zalloc(&b->scratch, b->nlabels * sizeof(bool)),
        .keep = arena_alloc(&b->scratch, b->nops * sizeof(bool)),
        .first_dropped = b->nops,
    };
    bool dead = false;
    struct ir_op *ops = b->ops;

    memset(s.keep, true, b->nops * sizeof(bool));
    for (uint32_t i = 0, n = b->nops; i < n; i++) {
        struct ir_op *op = &ops[i];
        uint32_t flags = ir_op_info[op->opc].flags;
        /* Branches only go forward, so by a label every branch to it has
         * been seen: it is live if one of them is, or code falls into it. */
        if (op->opc == IR_label)
            dead = dead && !s.reached[op->imm];
        if (dead)
            cf_drop(&s, i);
        else if (flags & IR_OPF_PURE)
            cf_pure(&s, op);
        else if (op->opc == IR_brcond)
            dead = cf_branch(&s, op, i);
        else if (op->opc == IR_br)
            dead = s.reached[op->imm] = true;
        else if (flags & IR_OPF_EXIT)
            dead = true;
        if (op->dst != IR_NO_TEMP)
            s.def[op->dst] = op;
    }
    opt_compact(b, s.keep, s.first_dropped);
}
