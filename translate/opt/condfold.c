/* Condition folding: comparisons of comparisons become one comparison, so
 * a guest branch on a flag compiles to one compare and one conditional
 * jump. Rewrites, with x the result of "x = setcond c, a, b" (0 or 1):
 *   xor x, 1                    ->  setcond !c, a, b
 *   setcond/brcond ne x, 0      ->  setcond/brcond c, a, b
 *   setcond/brcond eq x, 0      ->  setcond/brcond !c, a, b
 * and, with x = sub a, b or x = xor a, b (zero exactly when a == b):
 *   setcond/brcond eq/ne x, 0   ->  setcond/brcond eq/ne a, b
 * A brcond also sees through the trunc of a 64-bit setcond (MIPS64 keeps
 * a branch condition as a 32-bit value across the delay slot).
 * a and b are defined before x, so they are available wherever x is. The
 * ops that computed x stay for dce to remove when nothing else reads them. */
#include <string.h>

#include "opt.h"

struct cfd {
    struct ir_block *b;
    uint32_t *def1;  /* per temp + 1: index of its defining op, or UINT32_MAX;
                      * entry 0 takes the writes of ops without a result */
};

static const struct ir_op *def_of(const struct cfd *s, uint32_t t)
{
    if (t == IR_NO_TEMP || s->def1[t + 1] == UINT32_MAX)
        return NULL;
    return &s->b->ops[s->def1[t + 1]];
}

static bool is_const(const struct cfd *s, uint32_t t, uint64_t v)
{
    const struct ir_op *d = def_of(s, t);
    return d && d->opc == IR_movi && d->imm == v;
}

/* Conditions come in pairs, each the negation of the other. */
static enum ir_cond negate(uint32_t c)
{
    return (enum ir_cond)(c ^ 1);
}

/* op (setcond or brcond) compares x with 0 by eq or ne: rewrite it to the
 * comparison that made x. Returns true when it did. */
static bool fold_test_of(struct cfd *s, struct ir_op *op)
{
    if ((op->aux != IR_EQ && op->aux != IR_NE) || !is_const(s, op->args[1], 0))
        return false;
    const struct ir_op *x = def_of(s, op->args[0]);
    if (x && x->opc == IR_trunc && op->opc == IR_brcond) {
        const struct ir_op *y = def_of(s, x->args[0]);
        if (y && y->opc == IR_setcond)
            x = y;
    }
    if (!x || (x->type != op->type && !(op->opc == IR_brcond && x->opc == IR_setcond)))
        return false;
    if (x->opc == IR_setcond) {
        op->type = x->type;
        op->aux = op->aux == IR_NE ? x->aux : negate(x->aux);
    } else if (x->opc != IR_sub && x->opc != IR_xor) {
        return false;
    }
    op->args[0] = x->args[0];
    op->args[1] = x->args[1];
    return true;
}

/* xor x, 1 with x a setcond: the negated comparison. */
static void fold_not(struct cfd *s, struct ir_op *op)
{
    const struct ir_op *x = def_of(s, op->args[0]);
    if (!x || x->opc != IR_setcond || !is_const(s, op->args[1], 1))
        return;
    op->opc = IR_setcond;
    op->aux = negate(x->aux);
    op->args[0] = x->args[0];
    op->args[1] = x->args[1];
}

void opt_condfold(struct ir_block *b)
{
    struct cfd s = { b, arena_alloc(&b->scratch, (b->ntemps + 1) * sizeof(uint32_t)) };
    uint32_t *def1 = s.def1;
    struct ir_op *ops = b->ops;

    memset(def1, 0xff, (b->ntemps + 1) * sizeof(uint32_t));
    for (uint32_t i = 0, n = b->nops; i < n; i++) {
        struct ir_op *op = &ops[i];
        if (op->opc == IR_setcond || op->opc == IR_brcond) {
            /* A chain (eq (xor (setcond ...) 1) 0) folds step by step. */
            while (fold_test_of(&s, op))
                ;
        } else if (op->opc == IR_xor) {
            fold_not(&s, op);
        }
        def1[op->dst + 1] = i;
    }
}
