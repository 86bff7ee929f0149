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
 * tracks the same way, with a stack of temps in definition order.
 *
 * A guest has dozens of slots and a block touches a few, so the pass keeps
 * the slots it has seen in a list and works on those alone: only a touched
 * slot can have a known value or an unobserved set. */
#include <string.h>

#include "opt.h"

struct gs_slots {
    struct ir_block *b;
    uint32_t *known;     /* per slot: temp holding the value, or IR_NO_TEMP */
    uint32_t *pending;   /* per slot: op index of an unobserved set, or UINT32_MAX */
    uint32_t n;
    uint32_t *touched;   /* slots got or set so far, in order of first touch */
    bool *is_touched;    /* per slot */
    uint32_t ntouched;
    uint32_t *sets;      /* slots whose pending entry may be set */
    uint32_t nsets;
    uint32_t *at_label;  /* per label, by position in touched: values agreed so far */
    uint32_t *label_ntouched; /* per label: touched slots when the first path merged,
                               * 0 when none has; later slots are unknown there */
    bool *label_seen;    /* per label: some path into it was merged */
    bool reachable;      /* the current op can be reached by falling through */
    uint32_t *minbr;     /* per label: index of the first branch to it */
    uint32_t *def_at;    /* per temp: index of its definition */
    bool *avail;         /* per temp: defined and not cut off by a label */
    uint32_t *stack;     /* available temps in definition order */
    uint32_t nstack;
    struct ir_op *ops;
};

static void gs_touch(struct gs_slots *s, uint32_t slot)
{
    if (!s->is_touched[slot]) {
        s->is_touched[slot] = true;
        s->touched[s->ntouched++] = slot;
    }
}

/* At label l: temps defined after the first branch to it become unavailable. */
static void gs_cut(struct gs_slots *s, uint64_t l)
{
    while (s->nstack > 0 && s->def_at[s->stack[s->nstack - 1]] > s->minbr[l])
        s->avail[s->stack[--s->nstack]] = false;
}

/* Merges the current known values into what label l has seen. Slots first
 * touched after the first merge were unknown on that path and stay so. */
static void gs_merge_into(struct gs_slots *s, uint64_t l)
{
    uint32_t *v = &s->at_label[l * s->n];
    if (!s->label_seen[l]) {
        for (uint32_t p = 0; p < s->ntouched; p++)
            v[p] = s->known[s->touched[p]];
        s->label_ntouched[l] = s->ntouched;
        s->label_seen[l] = true;
        return;
    }
    for (uint32_t p = 0; p < s->label_ntouched[l]; p++)
        if (v[p] != s->known[s->touched[p]])
            v[p] = IR_NO_TEMP;
}

static void gs_forget_sets(struct gs_slots *s)
{
    for (uint32_t k = 0; k < s->nsets; k++)
        s->pending[s->sets[k]] = UINT32_MAX;
    s->nsets = 0;
}

static void gs_forget_values(struct gs_slots *s)
{
    for (uint32_t p = 0; p < s->ntouched; p++)
        s->known[s->touched[p]] = IR_NO_TEMP;
}

static void gs_label(struct gs_slots *s, uint64_t l)
{
    if (s->reachable)
        gs_merge_into(s, l);
    gs_cut(s, l);
    uint32_t agreed = s->label_seen[l] ? s->label_ntouched[l] : 0;
    const uint32_t *v = &s->at_label[l * s->n];
    for (uint32_t p = 0; p < s->ntouched; p++) {
        uint32_t t = p < agreed ? v[p] : IR_NO_TEMP;
        s->known[s->touched[p]] = t != IR_NO_TEMP && s->avail[t] ? t : IR_NO_TEMP;
    }
    gs_forget_sets(s);
    s->reachable = true;
}

static void gs_get(struct gs_slots *s, struct ir_op *op, uint32_t slot)
{
    if (s->known[slot] != IR_NO_TEMP) {
        opt_make_mov(s->b, op, s->known[slot]);
        return;
    }
    /* An unknown slot has no unobserved set either: a set makes it known. */
    gs_touch(s, slot);
    s->known[slot] = op->dst;
}

static void gs_set(struct gs_slots *s, const struct ir_op *op, uint32_t i, uint32_t slot)
{
    gs_touch(s, slot);
    uint32_t p = s->pending[slot];
    if (p != UINT32_MAX) {
        opt_make_nop(&s->ops[p]);  /* dce takes it out */
    } else
        s->sets[s->nsets++] = slot;
    s->pending[slot] = i;
    s->known[slot] = op->args[0];
}

static void gs_branch(struct gs_slots *s, uint64_t l, uint32_t i)
{
    if (s->minbr[l] == UINT32_MAX)
        s->minbr[l] = i;  /* branches go forward: the first one seen is the first */
    gs_merge_into(s, l);
}

/* The properties that make an op matter here; gets and sets read and
 * write state, labels and branches have theirs. */
#define GS_OBSERVED (IR_OPF_LABEL | IR_OPF_BRANCH | IR_OPF_EXIT | IR_OPF_MAY_FAULT | \
                     IR_OPF_READS_STATE | IR_OPF_WRITES_STATE)

/* The opcodes that may have one of them (calls: by their helper). */
static const uint64_t gs_candidates = 0
#define IR_OP(name, nargs, has_dst, flags) | (((flags) & (GS_OBSERVED | IR_OPF_CALL)) ? 1ull << IR_##name : 0)
#include "ir/ops.def"
#undef IR_OP
    ;

/* The state ops, the most frequent ones here, are told apart by their
 * distance from get_reg: bit 0 set or get, bit 1 register or flag. */
_Static_assert(IR_set_reg == IR_get_reg + 1 && IR_get_flag == IR_get_reg + 2 &&
               IR_set_flag == IR_get_reg + 3, "ops.def order of the state ops");

/* A get or set; registers are slots 0..nregs-1, flags follow. */
static void gs_state_op(const struct ir_block *b, struct gs_slots *s, uint32_t i, uint32_t k)
{
    struct ir_op *op = &b->ops[i];
    uint32_t slot = (uint32_t)op->imm + ((k & 2) ? b->guest->nregs : 0);
    if (k & 1)
        gs_set(s, op, i, slot);
    else
        gs_get(s, op, slot);
}

/* Any other op with a GS_OBSERVED property. */
static void gs_op(const struct ir_block *b, struct gs_slots *s, uint32_t i, uint32_t f)
{
    struct ir_op *op = &b->ops[i];

    switch (op->opc) {
    case IR_label: gs_label(s, op->imm); return;
    case IR_br: case IR_brcond: gs_branch(s, op->imm, i); break;
    default: break;
    }
    if (op->opc == IR_br || (f & IR_OPF_EXIT))
        s->reachable = false;
    if (f & (IR_OPF_BRANCH | IR_OPF_EXIT | IR_OPF_MAY_FAULT | IR_OPF_READS_STATE))
        gs_forget_sets(s);
    if (f & IR_OPF_WRITES_STATE) {
        gs_forget_values(s);
        gs_forget_sets(s);
    }
}

static void gs_init(struct ir_block *b, struct gs_slots *s)
{
    struct arena *a = &b->scratch;
    uint32_t n = b->guest->nregs + b->guest->nflags;

    s->b = b;
    s->n = n;
    s->known = arena_alloc(a, n * sizeof(uint32_t));
    memset(s->known, 0xff, n * sizeof(uint32_t));
    s->pending = arena_alloc(a, n * sizeof(uint32_t));
    memset(s->pending, 0xff, n * sizeof(uint32_t));
    s->touched = arena_alloc(a, n * sizeof(uint32_t));
    s->is_touched = arena_zalloc(a, n * sizeof(bool));
    s->ntouched = 0;
    s->sets = arena_alloc(a, n * sizeof(uint32_t));
    s->nsets = 0;
    s->at_label = arena_alloc(a, (size_t)b->nlabels * n * sizeof(uint32_t));
    s->label_ntouched = arena_alloc(a, b->nlabels * sizeof(uint32_t));
    s->label_seen = arena_zalloc(a, b->nlabels * sizeof(bool));
    s->reachable = true;
    s->minbr = arena_alloc(a, b->nlabels * sizeof(uint32_t));
    memset(s->minbr, 0xff, b->nlabels * sizeof(uint32_t));
    s->def_at = arena_alloc(a, b->ntemps * sizeof(uint32_t));
    s->avail = arena_zalloc(a, b->ntemps * sizeof(bool));
    s->stack = arena_alloc(a, b->ntemps * sizeof(uint32_t));
    s->nstack = 0;
    s->ops = b->ops;
}

/* The definitions of the ops that observe nothing are recorded through
 * locals: the compiler cannot keep fields of s in registers across stores
 * that might alias them. */
void opt_getset(struct ir_block *b)
{
    struct gs_slots s;

    gs_init(b, &s);
    uint32_t *def_at = s.def_at, *stack = s.stack, nstack = 0;
    bool *avail = s.avail;
    const struct ir_op *ops = b->ops;
    for (uint32_t i = 0, n = b->nops; i < n; i++) {
        const struct ir_op *op = &ops[i];
        uint32_t f, k = (uint32_t)op->opc - IR_get_reg;
        if (k < 4) {
            gs_state_op(b, &s, i, k);
        } else if (((gs_candidates >> op->opc) & 1) && ((f = ir_op_flags(b, op)) & GS_OBSERVED)) {
            s.nstack = nstack;
            gs_op(b, &s, i, f);
            nstack = s.nstack;
        }
        uint32_t d = op->dst;
        if (d != IR_NO_TEMP) {
            def_at[d] = i;
            avail[d] = true;
            stack[nstack++] = d;
        }
    }
}
