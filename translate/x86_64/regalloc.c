/* Linear scan (Poletto and Sarkar): intervals in order of definition, an
 * active set sorted by end, and when registers run out the interval that
 * ends last goes to a stack slot for its whole life. Temps defined by movi
 * are constants and never occupy a register: codegen folds them into
 * immediates or materialises them in a scratch register. */

#include "regalloc.h"

/* The allocatable registers, in the order they are handed out: the
 * caller-saved RSI, RDI, R8-R11 first (short intervals never cost a save
 * around a call), then the callee-saved RBX, R12-R14. Each kind is in
 * ascending register number, so its first free one is its lowest free bit. */
#define RA_CALLER_MASK ((1u << X64_RSI) | (1u << X64_RDI) | (1u << X64_R8) | (1u << X64_R9) | \
                        (1u << X64_R10) | (1u << X64_R11))
#define RA_CALLEE_MASK ((1u << X64_RBX) | (1u << X64_R12) | (1u << X64_R13) | (1u << X64_R14))
#define NREGS 10

/* The arrays of ra_result are copied here: the compiler keeps them in
 * registers instead of reloading them after every store. */
struct ra_state {
    const struct ir_block *b;
    const struct ir_op *ops;
    struct ra_loc *loc;
    uint32_t *end;
    uint64_t *cval;
    uint32_t *start;           /* per allocated temp: index of its definition */
    uint32_t *calls;           /* indices of the call ops, ascending */
    uint32_t ncalls;
    uint32_t next_call;        /* the first entry of calls after the current op */
    uint32_t active[NREGS];    /* temps in registers */
    unsigned nactive;
    uint32_t busy;             /* bit per register held by an active temp */
    uint32_t nslots;
    uint32_t slot_busy_until[RA_MAX_SLOTS]; /* entries below nslots are set */
};

/* Whether a call lies strictly inside the interval of t, defined at the
 * current op. */
static bool ra_crosses_call(const struct ra_state *s, uint32_t t)
{
    return s->next_call < s->ncalls && s->calls[s->next_call] < s->end[t];
}

/* Drops the intervals that ended before op i, without branching on each. */
static void ra_expire(struct ra_state *s, uint32_t i)
{
    unsigned n = 0;
    uint32_t freed = 0;
    for (unsigned k = 0; k < s->nactive; k++) {
        uint32_t t = s->active[k];
        bool live = s->end[t] >= i;
        s->active[n] = t;
        n += live;
        freed |= (uint32_t)!live << s->loc[t].reg;
    }
    s->nactive = n;
    s->busy &= ~freed;
}

static int ra_free_reg(const struct ra_state *s, bool want_callee_saved)
{
    uint32_t caller = RA_CALLER_MASK & ~s->busy, callee = RA_CALLEE_MASK & ~s->busy;
    uint32_t want = want_callee_saved ? callee : caller, other = want_callee_saved ? caller : callee;
    if (want)
        return __builtin_ctz(want);
    return other ? __builtin_ctz(other) : -1;
}

/* The guest state slot temp t was read from, when nothing writes it
 * while t lives: then t needs no spill slot of its own. */
static bool ra_state_backed(const struct ra_state *s, uint32_t t, struct ra_loc *loc)
{
    const struct ir_block *b = s->b;
    const struct ir_op *def = &s->ops[s->start[t]];
    if (def->opc != IR_get_reg && def->opc != IR_get_flag)
        return false;
    enum ir_opcode set = def->opc == IR_get_reg ? IR_set_reg : IR_set_flag;
    const struct ir_state_slot *slot =
        def->opc == IR_get_reg ? &b->guest->regs[def->imm] : &b->guest->flags[def->imm];
    if (slot->offset > UINT16_MAX)
        return false;
    for (uint32_t i = s->start[t] + 1; i <= s->end[t]; i++) {
        const struct ir_op *op = &s->ops[i];
        if (!(ir_op_flags(b, op) & IR_OPF_WRITES_STATE))
            continue;
        if ((op->opc != IR_set_reg && op->opc != IR_set_flag) || (op->opc == set && op->imm == def->imm))
            return false;
    }
    *loc = (struct ra_loc){ RA_STATE, slot->type == IR_I64 ? 8 : 4, (uint16_t)slot->offset };
    return true;
}

static int ra_assign_slot(struct ra_state *s, uint32_t t)
{
    if (ra_state_backed(s, t, &s->loc[t]))
        return 0;
    for (uint32_t k = 0; k < RA_MAX_SLOTS; k++) {
        if (k >= s->nslots || s->slot_busy_until[k] < s->start[t]) {
            s->slot_busy_until[k] = s->end[t];
            s->loc[t] = (struct ra_loc){ RA_SLOT, X64_NO_REG, (uint16_t)k };
            if (k >= s->nslots)
                s->nslots = k + 1;
            return 0;
        }
    }
    return -1;
}

/* Commutative ops whose codegen swaps the operands when the result takes
 * the second one's register. */
static bool ra_commutes(enum ir_opcode opc)
{
    return opc == IR_add || opc == IR_and || opc == IR_or || opc == IR_xor || opc == IR_mul;
}

/* The x86 two-operand forms compute in place: a result that takes the
 * register of an operand dying at its op needs no copy. Every codegen
 * routine reads arg 0 into the result register before anything else
 * writes it (or writes the result last), so handing over arg 0's register
 * is always safe; arg 1's only for the commutative ops codegen swaps. */
static int ra_take_dying(struct ra_state *s, const struct ir_op *op, uint32_t i, bool want_callee_saved)
{
    unsigned nk = ra_commutes((enum ir_opcode)op->opc) ? 2 : 1;
    for (unsigned k = 0; k < nk && k < op->nargs; k++) {
        uint32_t a = op->args[k];
        if (a == IR_NO_TEMP || s->loc[a].kind != RA_REG || s->end[a] != i)
            continue;
        if (k == 1 && op->args[0] == a)
            continue;
        if (want_callee_saved && ra_caller_saved((enum x64_reg)s->loc[a].reg))
            continue;
        for (unsigned n = 0; n < s->nactive; n++) {
            if (s->active[n] == a) {
                s->active[n] = s->active[--s->nactive];
                return s->loc[a].reg;
            }
        }
    }
    return -1;
}

static int ra_allocate(struct ra_state *s, const struct ir_op *op, uint32_t i)
{
    uint32_t t = op->dst;
    s->start[t] = i;
    while (s->next_call < s->ncalls && s->calls[s->next_call] <= i)
        s->next_call++;
    bool callee = ra_crosses_call(s, t);
    ra_expire(s, i);
    int reg = op->opc == IR_call ? -1 : ra_take_dying(s, op, i, callee);
    if (reg < 0)
        reg = ra_free_reg(s, callee);
    if (reg >= 0) {
        s->loc[t] = (struct ra_loc){ RA_REG, (uint8_t)reg, 0 };
        s->active[s->nactive++] = t;
        s->busy |= 1u << reg;
        return 0;
    }
    /* Spill whichever of t and the active intervals ends last. */
    unsigned victim = 0;
    for (unsigned k = 1; k < s->nactive; k++)
        if (s->end[s->active[k]] > s->end[s->active[victim]])
            victim = k;
    uint32_t v = s->active[victim];
    if (s->end[v] <= s->end[t])
        return ra_assign_slot(s, t);
    s->loc[t] = s->loc[v];
    s->active[victim] = t;
    return ra_assign_slot(s, v);
}

/* Last uses and calls in one walk. end1 is indexed by temp + 1: IR_NO_TEMP
 * wraps to entry 0, which takes the writes for unused operands and absent
 * results. */
static void ra_intervals(struct ra_state *s, uint32_t nops, uint32_t *end1)
{
    uint32_t ncalls = 0;
    for (uint32_t i = 0; i < nops; i++) {
        const struct ir_op *op = &s->ops[i];
        end1[op->args[0] + 1] = i;
        end1[op->args[1] + 1] = i;
        end1[op->args[2] + 1] = i;
        end1[op->args[3] + 1] = i;
        end1[op->dst + 1] = i;
        if (op->opc == IR_call)
            s->calls[ncalls++] = i;
    }
    s->ncalls = ncalls;
}

/* Every temp read is defined earlier in the block, so only loc needs
 * clearing: end, start and cval are written before they are read. */
int regalloc_run(const struct ir_block *b, struct arena *scratch, struct ra_result *r)
{
    struct ra_state state, *s = &state;
    uint32_t *end1 = arena_alloc(scratch, (b->ntemps + 1) * sizeof(uint32_t));

    s->b = b;
    s->ops = b->ops;
    s->loc = arena_zalloc(scratch, b->ntemps * sizeof(*s->loc));
    s->end = end1 + 1;
    s->cval = arena_alloc(scratch, b->ntemps * sizeof(*s->cval));
    s->start = arena_alloc(scratch, b->ntemps * sizeof(*s->start));
    s->calls = arena_alloc(scratch, b->nops * sizeof(*s->calls));
    s->next_call = 0;
    s->nactive = 0;
    s->busy = 0;
    s->nslots = 0;
    ra_intervals(s, b->nops, end1);
    *r = (struct ra_result){ s->loc, s->end, s->cval, 0 };
    for (uint32_t i = 0; i < b->nops; i++) {
        const struct ir_op *op = &s->ops[i];
        if (op->dst == IR_NO_TEMP)
            continue;
        if (op->opc == IR_movi) {
            s->loc[op->dst].kind = RA_CONST;
            s->cval[op->dst] = op->imm;
        } else if (ra_allocate(s, op, i) != 0) {
            return -1;
        }
    }
    r->nslots = s->nslots;
    return 0;
}
