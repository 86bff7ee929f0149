/* Guest register and flag get/set elimination. Walking forward, each slot
 * remembers the temp that holds its value (from the last get or set) and
 * the last set nobody has observed yet:
 *  - a get of a slot with a known value becomes a mov of that value;
 *  - a set overwritten before anything observes it is dropped.
 * State is observed by exits, branches (the other path may read it),
 * helpers that read it, and anything that may fault (the guest state must
 * be exact there). At a label a slot keeps its known value when every
 * path into it (each branch to it and the fall-through) agrees on it and
 * the temp is still available there: a label makes the temps defined after
 * the first branch to it unavailable (the verifier's rule), which this pass
 * tracks the same way, with a stack of temps in definition order. */
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "util/xalloc.h"

struct gs_slots {
    uint32_t *known;    /* temp holding the value, or IR_NO_TEMP */
    uint32_t *pending;  /* op index of an unobserved set, or UINT32_MAX */
    uint32_t n;
    uint32_t *at_label; /* per label, n entries: values agreed by the paths so far */
    bool *label_seen;   /* per label: some path into it was merged */
    bool reachable;     /* the current op can be reached by falling through */
    uint32_t *minbr;    /* per label: index of the first branch to it */
    uint32_t *def_at;   /* per temp: index of its definition */
    bool *avail;        /* per temp: defined and not cut off by a label */
    uint32_t *stack;    /* available temps in definition order */
    uint32_t nstack;
};

static void gs_defined(struct gs_slots *s, uint32_t t, uint32_t i)
{
    s->def_at[t] = i;
    s->avail[t] = true;
    s->stack[s->nstack++] = t;
}

/* At label l: temps defined after the first branch to it become unavailable. */
static void gs_cut(struct gs_slots *s, uint64_t l)
{
    while (s->nstack > 0 && s->def_at[s->stack[s->nstack - 1]] > s->minbr[l])
        s->avail[s->stack[--s->nstack]] = false;
}

/* Merges the current known values into what label l has seen. */
static void gs_merge_into(struct gs_slots *s, uint64_t l)
{
    uint32_t *v = &s->at_label[l * s->n];
    if (!s->label_seen[l]) {
        memcpy(v, s->known, s->n * sizeof(uint32_t));
        s->label_seen[l] = true;
        return;
    }
    for (uint32_t i = 0; i < s->n; i++)
        if (v[i] != s->known[i])
            v[i] = IR_NO_TEMP;
}

static void gs_label(struct gs_slots *s, uint64_t l)
{
    if (s->reachable)
        gs_merge_into(s, l);
    gs_cut(s, l);
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t t = s->label_seen[l] ? s->at_label[l * s->n + i] : IR_NO_TEMP;
        s->known[i] = t != IR_NO_TEMP && s->avail[t] ? t : IR_NO_TEMP;
        s->pending[i] = UINT32_MAX;
    }
    s->reachable = true;
}

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
    case IR_label: gs_label(s, op->imm); return;
    case IR_br: case IR_brcond: gs_merge_into(s, op->imm); break;
    default: break;
    }
    if (op->opc == IR_br || (f & IR_OPF_EXIT))
        s->reachable = false;
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
    s.at_label = xmalloc(((size_t)b->nlabels * s.n + 1) * sizeof(uint32_t));
    s.label_seen = xcalloc(b->nlabels + 1, sizeof(bool));
    s.reachable = true;
    s.minbr = xmalloc((b->nlabels + 1) * sizeof(uint32_t));
    s.def_at = xmalloc((b->ntemps + 1) * sizeof(uint32_t));
    s.avail = xcalloc(b->ntemps + 1, sizeof(bool));
    s.stack = xmalloc((b->ntemps + 1) * sizeof(uint32_t));
    s.nstack = 0;
    for (uint32_t l = 0; l < b->nlabels; l++)
        s.minbr[l] = UINT32_MAX;
    for (uint32_t i = b->nops; i-- > 0;)
        if (b->ops[i].opc == IR_br || b->ops[i].opc == IR_brcond)
            s.minbr[b->ops[i].imm] = i;

    gs_forget(&s, true, true);
    for (uint32_t i = 0; i < b->nops; i++) {
        keep[i] = true;
        gs_op(b, &s, keep, i);
        if (b->ops[i].dst != IR_NO_TEMP)
            gs_defined(&s, b->ops[i].dst, i);
    }
    opt_compact(b, keep);
    free(keep);
    free(s.known);
    free(s.pending);
    free(s.at_label);
    free(s.label_seen);
    free(s.minbr);
    free(s.def_at);
    free(s.avail);
    free(s.stack);
}
