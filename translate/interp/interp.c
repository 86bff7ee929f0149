/* The portable IR interpreter. It is the reference the JIT is tested against,
 * so it follows ops.def literally; pure ops go through ir_eval_pure. */
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "ir/eval.h"
#include "util/xalloc.h"

void interp_prepare(struct interp_block *ib, const struct ir_block *b)
{
    memset(&ib->ir, 0, sizeof(ib->ir));
    ir_block_copy(&ib->ir, b);
    ib->label_pos = xcalloc(b->nlabels ? b->nlabels : 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < b->nops; i++)
        if (b->ops[i].opc == IR_label)
            ib->label_pos[b->ops[i].imm] = i;
}

void interp_free(struct interp_block *ib)
{
    ir_block_free(&ib->ir);
    free(ib->label_pos);
    ib->label_pos = NULL;
}

static uint8_t *guest_ptr(const struct guest_mem *mem, struct cpu_head *cpu, uint64_t addr,
                          unsigned size, bool write)
{
    /* The reservation ends in a guard area, so an access starting inside
     * the guest space never leaves it; only the start needs checking. */
    (void)size;
    if (addr >= mem->size) {
        cpu->fault_addr = addr;
        cpu->fault_write = write;
        dbt_raise(cpu, EXIT_FAULT);
    }
    return mem->base + addr;
}

/* A value of the memop's size in the byte order it has in guest memory
 * (the host is little-endian), and back: the same swap both ways. */
static uint64_t memory_order(uint32_t mo, uint64_t v)
{
    unsigned size = ir_mo_size(mo);
    if (size < 8)
        v &= (1ull << (8 * size)) - 1;
    return (mo & IR_MO_BE) && size > 1 ? __builtin_bswap64(v) >> (64 - 8 * size) : v;
}

static uint64_t interp_load(const struct ir_op *op, struct cpu_head *cpu,
                            const struct guest_mem *mem, uint64_t addr)
{
    unsigned size = ir_mo_size(op->aux);
    const uint8_t *p = guest_ptr(mem, cpu, addr, size, false);
    uint64_t v = 0;

    memcpy(&v, p, size);  /* little-endian host */
    v = memory_order(op->aux, v);
    if ((op->aux & IR_MO_SIGN) && size < 8) {
        unsigned sh = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    return ir_trunc_type((enum ir_type)op->type, v);
}

static void interp_store(const struct ir_op *op, struct cpu_head *cpu,
                         const struct guest_mem *mem, uint64_t addr, uint64_t v)
{
    unsigned size = ir_mo_size(op->aux);
    uint8_t *p = guest_ptr(mem, cpu, addr, size, true);

    v = memory_order(op->aux, v);
    memcpy(p, &v, size);
}

#define ATOMIC_RMW(type, p, opc, want, desired, old)                                          \
    do {                                                                                    \
        type e_ = (type)(want);                                                             \
        if ((opc) == IR_cmpxchg)                                                            \
            __atomic_compare_exchange_n((type *)(p), &e_, (type)(desired), false,           \
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);                \
        else                                                                                \
            e_ = __atomic_exchange_n((type *)(p), (type)(desired), __ATOMIC_SEQ_CST);       \
        (old) = e_;                                                                         \
    } while (0)

/* cmpxchg (v: addr, expected, desired) and xchg (v: addr, new). */
static uint64_t interp_atomic(const struct ir_op *op, struct cpu_head *cpu,
                              const struct guest_mem *mem, const uint64_t *v)
{
    unsigned size = ir_mo_size(op->aux);
    uint8_t *p = guest_ptr(mem, cpu, v[0], size, true);
    uint64_t want = memory_order(op->aux, v[1]);
    uint64_t desired = op->opc == IR_cmpxchg ? memory_order(op->aux, v[2]) : want;
    uint64_t old = 0;

    if ((uintptr_t)p % size != 0) {
        /* A host atomic needs natural alignment; the access itself is kept. */
        memcpy(&old, p, size);
        if (op->opc == IR_xchg || old == want)
            memcpy(p, &desired, size);
    } else if (size == 1) {
        ATOMIC_RMW(uint8_t, p, op->opc, want, desired, old);
    } else if (size == 2) {
        ATOMIC_RMW(uint16_t, p, op->opc, want, desired, old);
    } else if (size == 4) {
        ATOMIC_RMW(uint32_t, p, op->opc, want, desired, old);
    } else {
        ATOMIC_RMW(uint64_t, p, op->opc, want, desired, old);
    }
    return memory_order(op->aux, old);
}

static uint64_t interp_call(const struct ir_block *b, const struct ir_op *op,
                            struct cpu_head *cpu, const uint64_t *t, uint64_t cur_pc)
{
    const struct ir_helper *h = &b->guest->helpers[op->imm];
    uint64_t a[IR_MAX_ARGS] = { 0 };

    for (unsigned i = 0; i < op->nargs; i++)
        a[i] = t[op->args[i]];
    if (h->flags & IR_HF_MAY_FAULT)
        cpu->pc = cur_pc;
    return h->fn(cpu, a[0], a[1], a[2], a[3]);
}

static void state_write(struct cpu_head *cpu, const struct ir_state_slot *s, uint64_t v)
{
    uint8_t *p = (uint8_t *)cpu + s->offset;
    if (s->type == IR_I32) {
        uint32_t v32 = (uint32_t)v;
        memcpy(p, &v32, 4);
    } else {
        memcpy(p, &v, 8);
    }
}

static uint64_t state_read(const struct cpu_head *cpu, const struct ir_state_slot *s)
{
    const uint8_t *p = (const uint8_t *)cpu + s->offset;
    if (s->type == IR_I32) {
        uint32_t v32;
        memcpy(&v32, p, 4);
        return v32;
    }
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

struct block_exit interp_run(const struct interp_block *ib, struct cpu_head *cpu,
                             const struct guest_mem *mem, uint64_t *t,
                             volatile uint64_t *cur_pc)
{
    const struct ir_block *b = &ib->ir;
    const struct ir_guest_desc *g = b->guest;

    for (uint32_t i = 0; i < b->nops; i++) {
        const struct ir_op *op = &b->ops[i];
        uint64_t v[IR_MAX_ARGS];

        for (unsigned k = 0; k < op->nargs && k < IR_MAX_ARGS; k++)
            v[k] = t[op->args[k]];
        if ((ir_op_info[op->opc].flags & IR_OPF_PURE) && ir_eval_pure(op, v, &t[op->dst]))
            continue;
        switch (op->opc) {
        case IR_label:
        case IR_insn_start:
            if (op->opc == IR_insn_start)
                *cur_pc = op->imm;
            break;
        case IR_br:
            i = ib->label_pos[op->imm];
            break;
        case IR_brcond:
            if (ir_eval_cond((enum ir_type)op->type, (enum ir_cond)op->aux, v[0], v[1]))
                i = ib->label_pos[op->imm];
            break;
        case IR_get_reg: t[op->dst] = state_read(cpu, &g->regs[op->imm]); break;
        case IR_set_reg: state_write(cpu, &g->regs[op->imm], v[0]); break;
        case IR_get_flag: t[op->dst] = state_read(cpu, &g->flags[op->imm]); break;
        case IR_set_flag: state_write(cpu, &g->flags[op->imm], v[0]); break;
        case IR_load: t[op->dst] = interp_load(op, cpu, mem, v[0]); break;
        case IR_store: interp_store(op, cpu, mem, v[0], v[1]); break;
        case IR_cmpxchg:
        case IR_xchg: t[op->dst] = interp_atomic(op, cpu, mem, v); break;
        case IR_call: {
            uint64_t r = interp_call(b, op, cpu, t, *cur_pc);
            if (op->dst != IR_NO_TEMP)
                t[op->dst] = ir_trunc_type((enum ir_type)op->type, r);
            break;
        }
        case IR_goto_tb:
            cpu->pc = op->imm;
            return (struct block_exit){ EXIT_CHAIN, op->aux };
        case IR_exit_indirect:
            cpu->pc = v[0];
            return (struct block_exit){ EXIT_LOOKUP, 0 };
        case IR_exit:
            cpu->pc = v[0];
            return (struct block_exit){ (enum exit_reason)op->aux, 0 };
        default:
            break;
        }
    }
    /* The verifier guarantees a block ends in an exit. */
    return (struct block_exit){ EXIT_HALT, 0 };
}
