/* IR verifier: checks the structural rules every pass and backend relies on.
 * It must never crash on garbage in the ops, so every index is checked
 * before use. One error (the first found, in op order) is reported. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "ir.h"

#define NONE UINT32_MAX
#define MO_VALID_BITS (0xfu | (0xffu << IR_MO_MMU_SHIFT))

struct vctx {
    const struct ir_block *b;
    char *err;
    size_t errlen;
    uint32_t *def_at;      /* per temp: op index of its definition, or NONE */
    uint8_t *avail;        /* per temp: not skipped by a branch */
    uint32_t *stack;       /* available temps in definition order */
    uint32_t nstack;
    uint32_t *label_pos;   /* per label: op index of its first placement, or NONE */
    uint32_t *label_minbr; /* per label: lowest index of a branch to it, or NONE */
    uint32_t last_insn;    /* index of the latest insn_start, or NONE */
    unsigned slots_used;   /* goto_tb slots seen */
};

static const char *type_name(unsigned t)
{
    return t == IR_I32 ? "i32" : t == IR_I64 ? "i64" : "bad type";
}

static unsigned type_width(unsigned t)
{
    return t == IR_I64 ? 64 : 32;
}

static int fail(struct vctx *c, uint32_t i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct vctx *c, uint32_t i, const char *fmt, ...)
{
    va_list ap;
    int n = 0;

    if (!c->err || c->errlen == 0)
        return -1;
    if (i != NONE) {
        unsigned opc = c->b->ops[i].opc;
        if (opc < IR_NUM_OPCODES)
            n = snprintf(c->err, c->errlen, "op %u (%s): ", i, ir_op_info[opc].name);
        else
            n = snprintf(c->err, c->errlen, "op %u (<bad op %u>): ", i, opc);
    }
    if (n < 0 || (size_t)n >= c->errlen)
        return -1;
    va_start(ap, fmt);
    vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static bool is_branch(unsigned opc)
{
    return opc == IR_br || opc == IR_brcond;
}

/* Records label placements and the first branch to each label. */
static void scan_labels(struct vctx *c)
{
    const struct ir_block *b = c->b;

    for (uint32_t i = 0; i < b->nops; i++) {
        const struct ir_op *op = &b->ops[i];
        if (op->imm >= b->nlabels)
            continue;
        if (op->opc == IR_label && c->label_pos[op->imm] == NONE)
            c->label_pos[op->imm] = i;
        if (is_branch(op->opc) && c->label_minbr[op->imm] == NONE)
            c->label_minbr[op->imm] = i;
    }
}

static int check_call(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    const struct ir_guest_desc *g = c->b->guest;

    if (!g->helpers || op->imm >= g->nhelpers)
        return fail(c, i, "helper %llu out of range (%u helpers)", (unsigned long long)op->imm,
                    g->nhelpers);
    const struct ir_helper *h = &g->helpers[op->imm];
    const char *name = h->name ? h->name : "?";
    if (op->nargs > IR_MAX_ARGS || op->nargs != h->nargs)
        return fail(c, i, "nargs %u, helper %s takes %u", op->nargs, name, h->nargs);
    if (h->ret == IR_RET_VOID) {
        if (op->dst != IR_NO_TEMP)
            return fail(c, i, "void helper %s has a dst", name);
        return 0;
    }
    if (op->dst == IR_NO_TEMP)
        return fail(c, i, "missing dst for helper %s returning %s", name, type_name(h->ret));
    if (op->type != h->ret)
        return fail(c, i, "dst type %s, helper %s returns %s", type_name(op->type), name,
                    type_name(h->ret));
    return 0;
}

/* Opcode, type, nargs and dst presence. */
static int check_shape(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    if (op->opc >= IR_NUM_OPCODES)
        return fail(c, i, "invalid opcode %u", op->opc);
    if (op->type != IR_I32 && op->type != IR_I64)
        return fail(c, i, "invalid type %u", op->type);
    const struct ir_op_info *info = &ir_op_info[op->opc];
    if (info->nargs == IR_VARARGS && op->opc == IR_call)
        return check_call(c, i, op);
    if (info->nargs == IR_VARARGS)
        return op->nargs > IR_MAX_ARGS ? fail(c, i, "nargs %u too many", op->nargs) : 0;
    if (op->nargs != info->nargs)
        return fail(c, i, "nargs %u, expected %u", op->nargs, info->nargs);
    if (info->has_dst && op->dst == IR_NO_TEMP)
        return fail(c, i, "missing dst");
    if (!info->has_dst && op->dst != IR_NO_TEMP)
        return fail(c, i, "has a dst t%u but defines nothing", op->dst);
    return 0;
}

/* get_reg/set_reg/get_flag/set_flag: slot index and slot type. */
static int check_state(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    const struct ir_guest_desc *g = c->b->guest;
    bool is_reg = op->opc == IR_get_reg || op->opc == IR_set_reg;
    const struct ir_state_slot *slots = is_reg ? g->regs : g->flags;
    uint32_t n = is_reg ? g->nregs : g->nflags;

    if (!slots || op->imm >= n)
        return fail(c, i, "%s index %llu out of range (%u)", is_reg ? "reg" : "flag",
                    (unsigned long long)op->imm, n);
    if (slots[op->imm].type != op->type)
        return fail(c, i, "type %s, but %s %llu has type %s", type_name(op->type),
                    is_reg ? "reg" : "flag", (unsigned long long)op->imm,
                    type_name(slots[op->imm].type));
    return 0;
}

/* Result type constraints of the width-changing ops. */
static int check_result_type(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    switch (op->opc) {
    case IR_mulu_32_64: case IR_muls_32_64: case IR_ext32u: case IR_ext32s:
        if (op->type != IR_I64)
            return fail(c, i, "type %s invalid, must be i64", type_name(op->type));
        return 0;
    case IR_trunc:
        if (op->type != IR_I32)
            return fail(c, i, "type %s invalid, must be i32", type_name(op->type));
        return 0;
    case IR_get_reg: case IR_set_reg: case IR_get_flag: case IR_set_flag:
        return check_state(c, i, op);
    default:
        return 0;
    }
}

/* Expected type of argument k, or -1 for any. */
static int arg_type(const struct vctx *c, const struct ir_op *op, unsigned k)
{
    switch (op->opc) {
    case IR_mulu_32_64: case IR_muls_32_64: case IR_ext32u: case IR_ext32s:
        return IR_I32;
    case IR_trunc:
        return IR_I64;
    case IR_load: case IR_store: case IR_cmpxchg: case IR_xchg:
        return k == 0 ? c->b->guest->addr_type : op->type;
    case IR_call:
        return -1;
    default:
        return op->type;
    }
}

static int check_arg(struct vctx *c, uint32_t i, const struct ir_op *op, unsigned k)
{
    uint32_t t = op->args[k];

    if (t >= c->b->ntemps)
        return fail(c, i, "arg %u t%u out of range (%u temps)", k, t, c->b->ntemps);
    if (c->def_at[t] == NONE)
        return fail(c, i, "arg %u t%u used before its definition", k, t);
    if (!c->avail[t])
        return fail(c, i, "arg %u t%u not available: a branch may skip its definition at op %u", k,
                    t, c->def_at[t]);
    int want = arg_type(c, op, k);
    if (want >= 0 && c->b->temp_type[t] != want)
        return fail(c, i, "arg %u t%u has type %s, expected %s", k, t,
                    type_name(c->b->temp_type[t]), type_name((unsigned)want));
    return 0;
}

static int check_dst(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    uint32_t t = op->dst;

    if (t == IR_NO_TEMP)
        return 0;
    if (t >= c->b->ntemps)
        return fail(c, i, "dst t%u out of range (%u temps)", t, c->b->ntemps);
    if (c->def_at[t] != NONE)
        return fail(c, i, "dst t%u defined twice (first at op %u)", t, c->def_at[t]);
    if (c->b->temp_type[t] != op->type)
        return fail(c, i, "dst t%u has type %s, op type %s", t, type_name(c->b->temp_type[t]),
                    type_name(op->type));
    c->def_at[t] = i;
    c->avail[t] = 1;
    c->stack[c->nstack++] = t;
    return 0;
}

static int check_memop(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    uint32_t mo = op->aux;

    if (mo & ~MO_VALID_BITS)
        return fail(c, i, "memop 0x%x has reserved bits set", mo);
    if (8 * ir_mo_size(mo) > type_width(op->type))
        return fail(c, i, "memop size %u bytes too wide for %s", ir_mo_size(mo),
                    type_name(op->type));
    if (op->opc != IR_load && (mo & IR_MO_SIGN))
        return fail(c, i, "memop sign flag on a store or atomic");
    return 0;
}

/* A label: range, single placement; temps defined between the first branch
 * to it and here become unavailable (that branch skips their definition). */
static int check_label(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    if (op->imm >= c->b->nlabels)
        return fail(c, i, "label %llu out of range (%u labels)", (unsigned long long)op->imm,
                    c->b->nlabels);
    if (c->label_pos[op->imm] != i)
        return fail(c, i, "label %llu placed twice (first at op %u)", (unsigned long long)op->imm,
                    c->label_pos[op->imm]);
    uint32_t minbr = c->label_minbr[op->imm];
    if (minbr == NONE || minbr > i)
        return 0;
    /* The JIT maps host code to the guest instruction before it in code
     * order, which is only the one executing if no branch skips a start. */
    if (c->last_insn != NONE && c->last_insn > minbr)
        return fail(c, i, "branch at op %u crosses insn_start at op %u", minbr, c->last_insn);
    while (c->nstack > 0 && c->def_at[c->stack[c->nstack - 1]] > minbr)
        c->avail[c->stack[--c->nstack]] = 0;
    return 0;
}

static int check_branch(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    if (op->imm >= c->b->nlabels)
        return fail(c, i, "branch to label %llu out of range (%u labels)",
                    (unsigned long long)op->imm, c->b->nlabels);
    uint32_t pos = c->label_pos[op->imm];
    if (pos == NONE)
        return fail(c, i, "branch to label %llu that is never placed", (unsigned long long)op->imm);
    if (pos <= i)
        return fail(c, i, "backward branch to label %llu at op %u", (unsigned long long)op->imm, pos);
    return 0;
}

static int check_cond(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    if (op->aux >= IR_NUM_CONDS)
        return fail(c, i, "condition %u invalid", op->aux);
    return 0;
}

/* Immediates and aux fields. */
static int check_imm(struct vctx *c, uint32_t i, const struct ir_op *op)
{
    switch (op->opc) {
    case IR_shli: case IR_shri: case IR_sari: case IR_rotli: case IR_rotri:
        if (op->imm >= type_width(op->type))
            return fail(c, i, "shift count %llu out of range for %s", (unsigned long long)op->imm,
                        type_name(op->type));
        return 0;
    case IR_setcond: case IR_movcond:
        return check_cond(c, i, op);
    case IR_brcond:
        return check_cond(c, i, op) ? -1 : check_branch(c, i, op);
    case IR_br:
        return check_branch(c, i, op);
    case IR_label:
        return check_label(c, i, op);
    case IR_load: case IR_store: case IR_cmpxchg: case IR_xchg:
        return check_memop(c, i, op);
    case IR_goto_tb:
        if (op->aux > 1)
            return fail(c, i, "chaining slot %u invalid (0 or 1)", op->aux);
        /* A slot has one jump to patch and one target. */
        if (c->slots_used & (1u << op->aux))
            return fail(c, i, "chaining slot %u used twice", op->aux);
        c->slots_used |= 1u << op->aux;
        return 0;
    case IR_exit:
        if (op->aux >= 256)
            return fail(c, i, "exit reason %u out of range", op->aux);
        return 0;
    default:
        return 0;
    }
}

static int check_op(struct vctx *c, uint32_t i)
{
    const struct ir_op *op = &c->b->ops[i];

    if (check_shape(c, i, op) || check_result_type(c, i, op))
        return -1;
    for (unsigned k = 0; k < op->nargs; k++)
        if (check_arg(c, i, op, k))
            return -1;
    /* The passes rewrite all IR_MAX_ARGS operands without looking at nargs. */
    for (unsigned k = op->nargs; k < IR_MAX_ARGS; k++)
        if (op->args[k] != IR_NO_TEMP)
            return fail(c, i, "unused operand %u is t%u, not none", k, op->args[k]);
    if (check_dst(c, i, op) || check_imm(c, i, op))
        return -1;
    return 0;
}

static int check_ops(struct vctx *c)
{
    const struct ir_block *b = c->b;
    bool ended = false;

    for (uint32_t i = 0; i < b->nops; i++) {
        const struct ir_op *op = &b->ops[i];
        if (ended && op->opc != IR_label)
            return fail(c, i, "unreachable: follows an exit or br without a label");
        if (check_op(c, i))
            return -1;
        if (op->opc == IR_insn_start)
            c->last_insn = i;
        ended = op->opc == IR_br || (ir_op_info[op->opc].flags & IR_OPF_EXIT);
    }
    uint32_t last = b->nops - 1;
    if (!(ir_op_info[b->ops[last].opc].flags & IR_OPF_EXIT))
        return fail(c, last, "block does not end with an exit");
    return 0;
}

static bool alloc_ctx(struct vctx *c)
{
    size_t nt = (size_t)c->b->ntemps + 1, nl = (size_t)c->b->nlabels + 1;

    c->def_at = malloc(nt * sizeof(*c->def_at));
    c->avail = calloc(nt, sizeof(*c->avail));
    c->stack = calloc(nt, sizeof(*c->stack));
    c->label_pos = malloc(nl * sizeof(*c->label_pos));
    c->label_minbr = malloc(nl * sizeof(*c->label_minbr));
    if (!c->def_at || !c->avail || !c->stack || !c->label_pos || !c->label_minbr)
        return false;
    for (size_t k = 0; k < nt; k++)
        c->def_at[k] = NONE;
    for (size_t k = 0; k < nl; k++)
        c->label_pos[k] = c->label_minbr[k] = NONE;
    c->last_insn = NONE;
    c->slots_used = 0;
    return true;
}

static void free_ctx(struct vctx *c)
{
    free(c->def_at);
    free(c->avail);
    free(c->stack);
    free(c->label_pos);
    free(c->label_minbr);
}

int ir_verify(const struct ir_block *b, char *err, size_t errlen)
{
    struct vctx c = { .b = b, .err = err, .errlen = errlen };
    int ret;

    if (!b->guest)
        return fail(&c, NONE, "block has no guest description");
    if (b->nops == 0)
        return fail(&c, NONE, "empty block");
    if (!b->ops)
        return fail(&c, NONE, "block has no op storage");
    if (!alloc_ctx(&c))
        ret = fail(&c, NONE, "out of memory");
    else {
        scan_labels(&c);
        ret = check_ops(&c);
    }
    free_ctx(&c);
    return ret;
}
