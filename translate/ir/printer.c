/* Textual dump of an IR block (-d op). Robust against invalid blocks: any
 * out-of-range index prints as a placeholder, so it can show what the
 * verifier rejected. */
#include <stdarg.h>
#include <stdio.h>

#include "ir.h"

struct line {
    char buf[256];
    size_t len;
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct line *l, const char *fmt, ...)
{
    size_t room = sizeof(l->buf) - l->len;
    va_list ap;
    int n;

    if (room <= 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(l->buf + l->len, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    l->len += (size_t)n < room ? (size_t)n : room - 1;
}

static const char *const exit_names[] = {
    [EXIT_NONE] = "none",       [EXIT_CHAIN] = "chain",   [EXIT_LOOKUP] = "lookup",
    [EXIT_REQUEST] = "request", [EXIT_SYSCALL] = "syscall", [EXIT_HALT] = "halt",
    [EXIT_UNDEF] = "undef",     [EXIT_DEBUG] = "debug",   [EXIT_FAULT] = "fault",
    [EXIT_HELPER] = "helper",
};

static void put_type(struct line *l, unsigned t)
{
    if (t == IR_I32)
        put(l, "i32");
    else if (t == IR_I64)
        put(l, "i64");
    else
        put(l, "<bad type %u>", t);
}

static void put_temp(struct line *l, const struct ir_block *b, uint32_t t)
{
    if (t < b->ntemps)
        put(l, "t%u", t);
    else
        put(l, "<bad temp %u>", t);
}

/* The temp operands, the first preceded by lead, the others by ", ". */
static void put_args(struct line *l, const struct ir_block *b, const struct ir_op *op, const char *lead)
{
    unsigned n = op->nargs < IR_MAX_ARGS ? op->nargs : IR_MAX_ARGS;

    for (unsigned i = 0; i < n; i++) {
        put(l, "%s", i == 0 ? lead : ", ");
        put_temp(l, b, op->args[i]);
    }
}

static void put_cond(struct line *l, uint32_t c)
{
    if (c < IR_NUM_CONDS)
        put(l, " %s", ir_cond_name[c]);
    else
        put(l, " <bad cond %u>", c);
}

static void put_memop(struct line *l, const struct ir_op *op)
{
    uint32_t mo = op->aux;

    put(l, ".");
    if (op->opc == IR_load)
        put(l, "%c", (mo & IR_MO_SIGN) ? 's' : 'u');
    put(l, "%u.%s.m%u", 8 * ir_mo_size(mo), (mo & IR_MO_BE) ? "be" : "le", ir_mo_mmu(mo));
}

static void put_slot(struct line *l, const struct ir_state_slot *slots, uint32_t n, uint64_t idx,
                     const char *what)
{
    if (slots && idx < n && slots[idx].name)
        put(l, " %s", slots[idx].name);
    else
        put(l, " <bad %s %llu>", what, (unsigned long long)idx);
}

static void put_state(struct line *l, const struct ir_block *b, const struct ir_op *op)
{
    const struct ir_guest_desc *g = b->guest;
    bool is_reg = op->opc == IR_get_reg || op->opc == IR_set_reg;

    if (!g)
        put(l, " <bad %s %llu>", is_reg ? "reg" : "flag", (unsigned long long)op->imm);
    else if (is_reg)
        put_slot(l, g->regs, g->nregs, op->imm, "reg");
    else
        put_slot(l, g->flags, g->nflags, op->imm, "flag");
    if (op->opc == IR_set_reg || op->opc == IR_set_flag)
        put_args(l, b, op, ", ");
}

static void put_call(struct line *l, const struct ir_block *b, const struct ir_op *op)
{
    const struct ir_guest_desc *g = b->guest;

    if (g && g->helpers && op->imm < g->nhelpers && g->helpers[op->imm].name)
        put(l, " %s", g->helpers[op->imm].name);
    else
        put(l, " <bad helper %llu>", (unsigned long long)op->imm);
    put_args(l, b, op, " ");
}

static void put_exit(struct line *l, const struct ir_block *b, const struct ir_op *op)
{
    uint32_t r = op->aux;

    if (r < sizeof(exit_names) / sizeof(exit_names[0]))
        put(l, " %s,", exit_names[r]);
    else if (r >= EXIT_GUEST_BASE)
        put(l, " guest+%u,", r - EXIT_GUEST_BASE);
    else
        put(l, " <bad exit %u>,", r);
    put_args(l, b, op, " ");
}

/* Everything after the op name. */
static void put_operands(struct line *l, const struct ir_block *b, const struct ir_op *op)
{
    switch (op->opc) {
    case IR_movi:
        put(l, " 0x%llx", (unsigned long long)op->imm);
        break;
    case IR_shli: case IR_shri: case IR_sari: case IR_rotli: case IR_rotri:
        put_args(l, b, op, " ");
        put(l, ", %llu", (unsigned long long)op->imm);
        break;
    case IR_setcond: case IR_movcond:
        put_cond(l, op->aux);
        put_args(l, b, op, " ");
        break;
    case IR_brcond:
        put_cond(l, op->aux);
        put_args(l, b, op, " ");
        put(l, ", L%llu", (unsigned long long)op->imm);
        break;
    case IR_br:
        put(l, " L%llu", (unsigned long long)op->imm);
        break;
    case IR_get_reg: case IR_set_reg: case IR_get_flag: case IR_set_flag:
        put_state(l, b, op);
        break;
    case IR_call:
        put_call(l, b, op);
        break;
    case IR_goto_tb:
        put(l, " %u, 0x%llx", op->aux, (unsigned long long)op->imm);
        break;
    case IR_exit:
        put_exit(l, b, op);
        break;
    default:
        put_args(l, b, op, " ");
        break;
    }
}

static void print_op(struct line *l, const struct ir_block *b, const struct ir_op *op)
{
    if (op->opc >= IR_NUM_OPCODES) {
        put(l, "  <bad op %u>", op->opc);
        return;
    }
    if (op->opc == IR_insn_start) {
        put(l, " ---- 0x%llx", (unsigned long long)op->imm);
        return;
    }
    if (op->opc == IR_label) {
        put(l, "L%llu:", (unsigned long long)op->imm);
        return;
    }
    put(l, "  ");
    if (op->dst != IR_NO_TEMP) {
        put_temp(l, b, op->dst);
        put(l, ":");
        put_type(l, op->dst < b->ntemps ? b->temp_type[op->dst] : op->type);
        put(l, " = ");
    }
    put(l, "%s", ir_op_info[op->opc].name);
    if (op->opc == IR_brcond) {
        put(l, ".");
        put_type(l, op->type);
    } else if (ir_op_info[op->opc].flags & IR_OPF_MEMORY) {
        put_memop(l, op);
    }
    put_operands(l, b, op);
}

void ir_print(const struct ir_block *b, void (*out)(void *opaque, const char *line), void *opaque)
{
    struct line l = { .len = 0 };

    put(&l, "block pc=0x%llx flags=0x%x insns=%u ops=%u temps=%u", (unsigned long long)b->pc,
        b->flags, b->ninsns, b->nops, b->ntemps);
    out(opaque, l.buf);
    for (uint32_t i = 0; i < b->nops; i++) {
        l.len = 0;
        l.buf[0] = '\0';
        print_op(&l, b, &b->ops[i]);
        out(opaque, l.buf);
    }
}
