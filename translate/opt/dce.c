/* Dead code elimination: a backward walk drops ops whose result nothing
 * reads and that have no other effect: pure ops, pure helper calls and
 * guest register or flag reads, and the nops other passes leave. Loads
 * stay: a dead load may still fault. */
#include "opt.h"

/* Pure ops and the state reads, as a set of opcodes. */
static const uint64_t dce_removable_opcodes = (1ull << IR_get_reg) | (1ull << IR_get_flag)
#define IR_OP(name, nargs, has_dst, flags) | (((flags) & IR_OPF_PURE) ? 1ull << IR_##name : 0)
#include "ir/ops.def"
#undef IR_OP
    ;

static bool dce_removable(const struct ir_block *b, const struct ir_op *op)
{
    if (op->opc == IR_call)
        return (ir_op_flags(b, op) & IR_OPF_PURE) != 0;
    return (dce_removable_opcodes >> op->opc) & 1;
}

void opt_dce(struct ir_block *b)
{
    /* Indexed by temp + 1: IR_NO_TEMP wraps to entry 0, which absorbs the
     * marks of unused operands, so marking needs no branch. */
    bool *live1 = arena_zalloc(&b->scratch, (b->ntemps + 1) * sizeof(bool));
    bool *keep = arena_alloc(&b->scratch, b->nops * sizeof(bool));
    uint32_t first_dropped = b->nops;

    const struct ir_op *ops = b->ops;
    for (uint32_t i = b->nops; i-- > 0;) {
        const struct ir_op *op = &ops[i];
        if (op->dst == IR_NO_TEMP)
            keep[i] = op->opc != IR_nop;
        else
            keep[i] = live1[op->dst + 1] || !dce_removable(b, op);
        if (!keep[i]) {
            first_dropped = i;
            continue;
        }
        live1[(uint32_t)(op->args[0] + 1)] = true;
        live1[(uint32_t)(op->args[1] + 1)] = true;
        live1[(uint32_t)(op->args[2] + 1)] = true;
        live1[(uint32_t)(op->args[3] + 1)] = true;
    }
    opt_compact(b, keep, first_dropped);
}
