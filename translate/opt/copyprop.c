/* Copy propagation: every use of the result of "dst = mov src" reads src
 * instead. Temps are single-assignment and branches go forward, so src is
 * available wherever dst is. The movs themselves are left to dce.
 *
 * The walk starts at b->first_mov. The movs before it were there when
 * copy propagation last ran and forwarded all their uses, and the passes
 * make an op read a mov's result only by making that mov (which lowers
 * first_mov) or by copying operands of ops already forwarded; so nothing
 * before first_mov has anything to forward. (Were a pass to break that, a
 * use would only stay unforwarded: slower code, never wrong.) The second
 * run then skips most blocks of the guests whose constant folding makes
 * no movs. */
#include "opt.h"

/* The replacement of operand a, from a table indexed by temp + 1: entry 0
 * is IR_NO_TEMP, which wraps to 0, so unused operands need no branch. */
static inline uint32_t cp_repl(const uint32_t *repl1, uint32_t a)
{
    return repl1[(uint32_t)(a + 1)];
}

void opt_copyprop(struct ir_block *b)
{
    uint32_t first = b->first_mov;
    b->first_mov = UINT32_MAX;
    if (first >= b->nops)
        return;
    uint32_t *repl1 = arena_alloc(&b->scratch, (b->ntemps + 1) * sizeof(uint32_t));
    struct ir_op *op = b->ops + first, *end = b->ops + b->nops;

    repl1[0] = IR_NO_TEMP;
    for (uint32_t t = 0, n = b->ntemps; t < n; t++)
        repl1[t + 1] = t;
    for (; op < end; op++) {
        op->args[0] = cp_repl(repl1, op->args[0]);
        op->args[1] = cp_repl(repl1, op->args[1]);
        op->args[2] = cp_repl(repl1, op->args[2]);
        op->args[3] = cp_repl(repl1, op->args[3]);
        /* A mov records its replacement; any other op rewrites entry 0
         * with what it holds: whether an op is a mov is too irregular to
         * branch on. */
        uint32_t mov = -(uint32_t)(op->opc == IR_mov);  /* all ones for a mov */
        repl1[(op->dst + 1) & mov] = (op->args[0] & mov) | (IR_NO_TEMP & ~mov);
    }
}
