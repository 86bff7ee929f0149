/* Dead code elimination: a backward walk drops ops whose result nothing
 * reads and that have no other effect: pure ops, pure helper calls and
 * guest register or flag reads. Loads stay: a dead load may still fault. */
#include "opt.h"

static bool dce_removable(const struct ir_block *b, const struct ir_op *op)
{
    if (op->dst == IR_NO_TEMP)
        return false;
    if (op->opc == IR_get_reg || op->opc == IR_get_flag)
        return true;
    return (ir_op_flags(b, op) & IR_OPF_PURE) != 0;
}

void opt_dce(struct ir_block *b)
{
    bool *live = arena_zalloc(&b->scratch, b->ntemps * sizeof(bool));
    bool *keep = arena_alloc(&b->scratch, b->nops * sizeof(bool));

    for (uint32_t i = b->nops; i-- > 0;) {
        const struct ir_op *op = &b->ops[i];
        keep[i] = !(dce_removable(b, op) && !live[op->dst]);
        if (!keep[i])
            continue;
        for (unsigned k = 0; k < op->nargs; k++)
            if (op->args[k] != IR_NO_TEMP)
                live[op->args[k]] = true;
    }
    opt_compact(b, keep);
}
