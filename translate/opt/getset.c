/* Guest register and flag get/set elimination. Walking forward, each slot
 * remembers the temp that holds its value (from the last get or set) and
 * the last set nobody has observed yet:
 *  - a get of a slot with a known value becomes a mov of that value;
 *  - a set overwritten before anything observes it is dropped.
 * State is observed by exits, branches (the other path may read it),
 * helpers that read it, and anything that may fault (the guest state must
 * be exact there). Labels forget known values: they may come from another
 * path. */
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "util/xalloc.h"

struct gs_slots {
    uint32_t *known;    /* temp holding the value, or IR_NO_TEMP */
    uint32_t *pending;  /* op index of an unobserved set, or UINT32_MAX */
    uint32_t n;
};

static void gs_forget(struct gs_slots *s, bool values, bool sets)
{
    for (uint32_t i = 0; i < s->n; i++) {
        if (values)
            s->known[i] = IR_NO_TEMP;
        if (sets)
            s->pending[i] = UINT32_MAX;
    }
}

static void gs_get(struct gs_slots *s, struct ir_op *op, uint32_t slot)
{
    if (s->known[slot] != IR_NO_TEMP) {
        opt_make_mov(op, s->known[slot]);
        return;
    }
    s->known[slot] = op->dst;
    s->pending[slot] = UINT32_MAX;
}

static void gs_set(struct gs_slots *s, bool *keep, const struct ir_op *op, uint32_t i, uint32_t slot)
{
    if (s->pending[slot] != UINT32_MAX)
        keep[s->pending[slot]] = false;
    s->pending[slot] = i;
    s->known[slot] = op->args[0];
}

/* Registers are slots 0..nregs-1, flags follow. */
static void gs_op(const struct ir_block *b, struct gs_slots *s, bool *keep, uint32_t i)
{
    struct ir_op *op = &b->ops[i];
    uint32_t nregs = b->guest->nregs;
    uint32_t f = ir_op_flags(b, op);

    switch (op->opc) {
    case IR_get_reg: gs_get(s, op, (uint32_t)op->imm); return;
    case IR_get_flag: gs_get(s, op, nregs + (uint32_t)op->imm); return;
    case IR_set_reg: gs_set(s, keep, op, i, (uint32_t)op->imm); return;
    case IR_set_flag: gs_set(s, keep, op, i, nregs + (uint32_t)op->imm); return;
    case IR_label: gs_forget(s, true, true); return;
    default: break;
    }
    if (f & (IR_OPF_BRANCH | IR_OPF_EXIT | IR_OPF_MAY_FAULT | IR_OPF_READS_STATE))
        gs_forget(s, false, true);
    if (f & IR_OPF_WRITES_STATE)
        gs_forget(s, true, true);
}

void opt_getset(struct ir_block *b)
{
    struct gs_slots s;
    s.n = b->guest->nregs + b->guest->nflags;
    s.known = xmalloc((s.n ? s.n : 1) * sizeof(uint32_t));
    s.pending = xmalloc((s.n ? s.n : 1) * sizeof(uint32_t));
    bool *keep = xmalloc((b->nops ? b->nops : 1) * sizeof(bool));

    gs_forget(&s, true, true);
    for (uint32_t i = 0; i < b->nops; i++) {
        keep[i] = true;
        gs_op(b, &s, keep, i);
    }
    opt_compact(b, keep);
    free(keep);
    free(s.known);
    free(s.pending);
}
