/* IR block storage, op tables and the builder API. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "util/xalloc.h"

const struct ir_op_info ir_op_info[IR_NUM_OPCODES] = {
#define IR_OP(name, nargs, has_dst, flags) [IR_##name] = { #name, nargs, has_dst, flags },
#include "ops.def"
#undef IR_OP
};

const char *const ir_cond_name[IR_NUM_CONDS] = {
    "eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu",
};

void ir_block_init(struct ir_block *b, const struct ir_guest_desc *guest, uint64_t pc, uint32_t flags)
{
    memset(b, 0, sizeof(*b));
    arena_init(&b->scratch);
    b->guest = guest;
    ir_block_reset(b, pc, flags);
}

void ir_block_reset(struct ir_block *b, uint64_t pc, uint32_t flags)
{
    b->pc = pc;
    b->flags = flags;
    b->guest_size = 0;
    b->nruns = 0;
    b->ninsns = 0;
    b->nops = 0;
    b->ntemps = 0;
    b->nlabels = 0;
    b->labels_placed = 0;
    b->first_mov = UINT32_MAX;
    arena_reset(&b->scratch);
}

void ir_block_note_code(struct ir_block *b, uint64_t pc, uint32_t len, uint64_t next_run)
{
    if (b->nruns == 0)
        b->runs[b->nruns++] = (struct ir_code_run){ b->pc, 0 };
    struct ir_code_run *r = &b->runs[b->nruns - 1];
    r->len = (uint32_t)(pc + len - r->pc);
    if (pc + len - b->pc > b->guest_size)
        b->guest_size = (uint32_t)(pc + len - b->pc);
    if (next_run)
        b->runs[b->nruns++] = (struct ir_code_run){ next_run, 0 };
}

void ir_block_free(struct ir_block *b)
{
    free(b->ops);
    free(b->temp_type);
    arena_free(&b->scratch);
    memset(b, 0, sizeof(*b));
}

void ir_block_copy(struct ir_block *dst, const struct ir_block *src)
{
    struct ir_op *ops = dst->ops;
    uint8_t *types = dst->temp_type;
    struct arena scratch = dst->scratch;
    uint32_t ops_cap = dst->ops_cap, temps_cap = dst->temps_cap;

    if (ops_cap < src->nops) {
        ops_cap = src->nops;
        ops = xrealloc(ops, (size_t)ops_cap * sizeof(*ops));
    }
    if (temps_cap < src->ntemps) {
        temps_cap = src->ntemps;
        types = xrealloc(types, temps_cap);
    }
    *dst = *src;
    dst->ops = ops;
    dst->ops_cap = ops_cap;
    dst->temp_type = types;
    dst->temps_cap = temps_cap;
    dst->scratch = scratch;
    if (src->nops)
        memcpy(ops, src->ops, (size_t)src->nops * sizeof(*ops));
    if (src->ntemps)
        memcpy(types, src->temp_type, src->ntemps);
}

void ir_grow_temps(struct ir_block *b)
{
    b->temps_cap = b->temps_cap ? b->temps_cap * 2 : 64;
    b->temp_type = xrealloc(b->temp_type, b->temps_cap);
}

uint32_t ir_new_label(struct ir_block *b)
{
    return b->nlabels++;
}

void ir_grow_ops(struct ir_block *b)
{
    b->ops_cap = b->ops_cap ? b->ops_cap * 2 : 128;
    b->ops = xrealloc(b->ops, (size_t)b->ops_cap * sizeof(*b->ops));
}

uint32_t ir_movi(struct ir_block *b, enum ir_type t, uint64_t imm)
{
    struct ir_op *op = ir_emit(b, IR_movi, t);
    op->imm = t == IR_I32 ? (uint32_t)imm : imm;
    return op->dst;
}

uint32_t ir_mov(struct ir_block *b, enum ir_type t, uint32_t a)
{
    return ir_unop(b, IR_mov, t, a);
}

uint32_t ir_unop(struct ir_block *b, enum ir_opcode opc, enum ir_type t, uint32_t a)
{
    struct ir_op *op = ir_emit_shaped(b, opc, t, 1, true);
    op->args[0] = a;
    return op->dst;
}

uint32_t ir_binop(struct ir_block *b, enum ir_opcode opc, enum ir_type t, uint32_t a, uint32_t c)
{
    struct ir_op *op = ir_emit_shaped(b, opc, t, 2, true);
    op->args[0] = a;
    op->args[1] = c;
    return op->dst;
}

uint32_t ir_shifti(struct ir_block *b, enum ir_opcode opc, enum ir_type t, uint32_t a, unsigned count)
{
    struct ir_op *op = ir_emit_shaped(b, opc, t, 1, true);
    op->args[0] = a;
    op->imm = count;
    return op->dst;
}

uint32_t ir_setcond(struct ir_block *b, enum ir_type t, enum ir_cond c, uint32_t a, uint32_t x)
{
    struct ir_op *op = ir_emit(b, IR_setcond, t);
    op->args[0] = a;
    op->args[1] = x;
    op->aux = c;
    return op->dst;
}

uint32_t ir_movcond(struct ir_block *b, enum ir_type t, enum ir_cond c, uint32_t a, uint32_t x,
                    uint32_t vtrue, uint32_t vfalse)
{
    struct ir_op *op = ir_emit(b, IR_movcond, t);
    op->args[0] = a;
    op->args[1] = x;
    op->args[2] = vtrue;
    op->args[3] = vfalse;
    op->aux = c;
    return op->dst;
}

void ir_label(struct ir_block *b, uint32_t label)
{
    ir_emit(b, IR_label, IR_I32)->imm = label;
    b->labels_placed++;
}

void ir_br(struct ir_block *b, uint32_t label)
{
    ir_emit(b, IR_br, IR_I32)->imm = label;
}

void ir_brcond(struct ir_block *b, enum ir_type t, enum ir_cond c, uint32_t a, uint32_t x, uint32_t label)
{
    struct ir_op *op = ir_emit(b, IR_brcond, t);
    op->args[0] = a;
    op->args[1] = x;
    op->aux = c;
    op->imm = label;
}

static uint32_t ir_state_get(struct ir_block *b, enum ir_opcode opc, const struct ir_state_slot *s,
                             uint32_t idx)
{
    struct ir_op *op = ir_emit(b, opc, (enum ir_type)s[idx].type);
    op->imm = idx;
    return op->dst;
}

static void ir_state_set(struct ir_block *b, enum ir_opcode opc, const struct ir_state_slot *s,
                         uint32_t idx, uint32_t v)
{
    struct ir_op *op = ir_emit(b, opc, (enum ir_type)s[idx].type);
    op->args[0] = v;
    op->imm = idx;
}

uint32_t ir_get_reg(struct ir_block *b, uint32_t reg)
{
    return ir_state_get(b, IR_get_reg, b->guest->regs, reg);
}

void ir_set_reg(struct ir_block *b, uint32_t reg, uint32_t v)
{
    ir_state_set(b, IR_set_reg, b->guest->regs, reg, v);
}

uint32_t ir_get_flag(struct ir_block *b, uint32_t flag)
{
    return ir_state_get(b, IR_get_flag, b->guest->flags, flag);
}

void ir_set_flag(struct ir_block *b, uint32_t flag, uint32_t v)
{
    ir_state_set(b, IR_set_flag, b->guest->flags, flag, v);
}

uint32_t ir_load(struct ir_block *b, enum ir_type t, uint32_t memop, uint32_t addr)
{
    struct ir_op *op = ir_emit(b, IR_load, t);
    op->args[0] = addr;
    op->aux = memop;
    return op->dst;
}

void ir_store(struct ir_block *b, uint32_t memop, uint32_t addr, uint32_t v)
{
    struct ir_op *op = ir_emit(b, IR_store, (enum ir_type)b->temp_type[v]);
    op->args[0] = addr;
    op->args[1] = v;
    op->aux = memop;
}

uint32_t ir_cmpxchg(struct ir_block *b, enum ir_type t, uint32_t memop, uint32_t addr,
                    uint32_t expected, uint32_t desired)
{
    struct ir_op *op = ir_emit(b, IR_cmpxchg, t);
    op->args[0] = addr;
    op->args[1] = expected;
    op->args[2] = desired;
    op->aux = memop;
    return op->dst;
}

uint32_t ir_xchg(struct ir_block *b, enum ir_type t, uint32_t memop, uint32_t addr, uint32_t v)
{
    struct ir_op *op = ir_emit(b, IR_xchg, t);
    op->args[0] = addr;
    op->args[1] = v;
    op->aux = memop;
    return op->dst;
}

uint32_t ir_call(struct ir_block *b, uint32_t helper, unsigned nargs, const uint32_t *args)
{
    const struct ir_helper *h = &b->guest->helpers[helper];
    bool has_ret = h->ret != IR_RET_VOID;
    struct ir_op *op = ir_emit(b, IR_call, has_ret ? (enum ir_type)h->ret : IR_I64);

    if (!has_ret) {
        /* ir_emit allocated a temp for dst; a void helper defines none. */
        b->ntemps--;
        op->dst = IR_NO_TEMP;
    }
    op->imm = helper;
    op->nargs = (uint8_t)nargs;
    for (unsigned i = 0; i < nargs && i < IR_MAX_ARGS; i++)
        op->args[i] = args[i];
    return op->dst;
}

void ir_insn_start(struct ir_block *b, uint64_t pc)
{
    ir_emit(b, IR_insn_start, IR_I64)->imm = pc;
    b->ninsns++;
}

void ir_goto_tb(struct ir_block *b, unsigned slot, uint64_t pc)
{
    struct ir_op *op = ir_emit(b, IR_goto_tb, IR_I64);
    op->aux = slot;
    op->imm = pc;
}

void ir_exit_indirect(struct ir_block *b, uint32_t pc)
{
    struct ir_op *op = ir_emit(b, IR_exit_indirect, (enum ir_type)b->temp_type[pc]);
    op->args[0] = pc;
}

void ir_exit(struct ir_block *b, enum exit_reason reason, uint32_t pc)
{
    struct ir_op *op = ir_emit(b, IR_exit, (enum ir_type)b->temp_type[pc]);
    op->args[0] = pc;
    op->aux = reason;
}
