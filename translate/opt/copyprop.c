/* Copy propagation: every use of the result of "dst = mov src" reads src
 * instead. Temps are single-assignment and branches go forward, so src is
 * available wherever dst is. The movs themselves are left to dce. */
#include "opt.h"

void opt_copyprop(struct ir_block *b)
{
    uint32_t *repl = arena_alloc(&b->scratch, b->ntemps * sizeof(uint32_t));

    for (uint32_t t = 0; t < b->ntemps; t++)
        repl[t] = t;
    for (uint32_t i = 0; i < b->nops; i++) {
        struct ir_op *op = &b->ops[i];
        for (unsigned k = 0; k < op->nargs; k++)
            if (op->args[k] != IR_NO_TEMP)
                op->args[k] = repl[op->args[k]];
        if (op->opc == IR_mov)
            repl[op->dst] = op->args[0];
    }
}
