/* x86-64 code generation. Register conventions inside translated code:
 *   RBP  the guest CPU state (struct cpu_head at offset 0)
 *   R15  the guest memory base: guest address A is at [R15 + A]
 *   RSP  the frame: spill slots, register saves around helper calls
 *   RAX, RCX, RDX  scratch within one op; never hold a temp
 *   the rest      temps, as regalloc decided
 * IR_I32 values live zero-extended in 64-bit registers and slots, which the
 * 32-bit x86 forms give for free, so an I32 guest address indexes [R15+A]
 * directly. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "regalloc.h"

#define FRAME_SLOTS 0
#define FRAME_SAVE (8 * RA_MAX_SLOTS)
/* 16-byte aligned after the return address and six pushes. */
#define FRAME_SIZE (FRAME_SAVE + 8 * 16 + 8)

struct fixup {
    uint8_t *field;
    uint32_t label;
};

/* The out-of-line path of a rotated word load, emitted after the block. */
struct cold_rot {
    uint8_t *jcc;          /* the fast path's jump here, to patch */
    uint8_t *back;         /* where the fast path continues */
    uint64_t pc;           /* guest instruction, for faults in this path */
    uint32_t addr, aux;
    enum x64_reg d;
};

/* The out-of-line fault exit of a 64-bit address outside the guest space. */
struct cold_bound {
    uint8_t *jcc;          /* the check's jump here, to patch */
    uint64_t pc;           /* guest instruction of the access */
    enum x64_reg addr;     /* still holds the address */
    bool write;
};

struct cg {
    struct x64_buf buf;
    const struct ir_block *b;
    const struct jit_env *env;
    struct tblock *tb;
    struct ra_result ra;
    uint32_t owner[16];       /* temp last defined in each register */
    uint64_t cur_pc;
    struct fixup *fixups;
    uint32_t nfixups;
    struct tb_meta *meta;     /* room for every insn_start and cold path */
    uint32_t nmeta;
    uint8_t *request_jcc;     /* the entry check's jump to its stub */
    struct cold_rot *cold;
    uint32_t ncold;
    struct cold_bound *bounds;
    uint32_t nbounds;
};

static bool fits_i32(uint64_t v)
{
    return (int64_t)v == (int32_t)v;
}

static struct x64_mem slot_mem(uint32_t slot)
{
    return x64_mem_bd(X64_RSP, FRAME_SLOTS + 8 * (int32_t)slot);
}

static struct x64_mem state_mem(int32_t off)
{
    return x64_mem_bd(X64_RBP, off);
}

static bool is_const(const struct cg *g, uint32_t t)
{
    return g->ra.loc[t].kind == RA_CONST;
}

/* An immediate usable in place of temp t in a w64 (or 32-bit) operation. */
static bool imm_ok(const struct cg *g, uint32_t t, bool w64)
{
    return is_const(g, t) && (!w64 || fits_i32(g->ra.cval[t]));
}

static void load_into(struct cg *g, enum x64_reg dst, uint32_t t)
{
    const struct ra_loc *l = &g->ra.loc[t];
    if (l->kind == RA_CONST)
        x64_emit_mov_ri(&g->buf, dst, g->ra.cval[t]);
    else if (l->kind == RA_SLOT)
        x64_emit_load(&g->buf, 8, false, true, dst, slot_mem(l->slot));
    else if (l->kind == RA_STATE)
        x64_emit_load(&g->buf, l->reg, false, l->reg == 8, dst, state_mem(l->slot));
    else if (l->reg != dst)
        x64_emit_mov_rr(&g->buf, true, dst, (enum x64_reg)l->reg);
}

/* The register holding t, loading it into scratch when it has none. */
static enum x64_reg in_reg(struct cg *g, uint32_t t, enum x64_reg scratch)
{
    if (g->ra.loc[t].kind == RA_REG)
        return (enum x64_reg)g->ra.loc[t].reg;
    load_into(g, scratch, t);
    return scratch;
}

/* Where to compute temp t: its register, or RAX when it lives in a slot. */
static enum x64_reg dst_reg(struct cg *g, uint32_t t)
{
    if (g->ra.loc[t].kind == RA_REG) {
        g->owner[g->ra.loc[t].reg] = t;
        return (enum x64_reg)g->ra.loc[t].reg;
    }
    return X64_RAX;
}

static void dst_done(struct cg *g, uint32_t t, enum x64_reg r)
{
    if (g->ra.loc[t].kind == RA_SLOT)
        x64_emit_store(&g->buf, 8, r, slot_mem(g->ra.loc[t].slot));
}

static enum x64_cc cond_cc(enum ir_cond c)
{
    static const uint8_t map[IR_NUM_CONDS] = {
        [IR_EQ] = X64_CC_E, [IR_NE] = X64_CC_NE, [IR_LT] = X64_CC_L, [IR_GE] = X64_CC_GE,
        [IR_LE] = X64_CC_LE, [IR_GT] = X64_CC_G, [IR_LTU] = X64_CC_B, [IR_GEU] = X64_CC_AE,
        [IR_LEU] = X64_CC_BE, [IR_GTU] = X64_CC_A,
    };
    return (enum x64_cc)map[c];
}

/* Second operand of a two-operand ALU op into d: immediate, slot or register. */
static void alu_operand(struct cg *g, enum x64_alu alu, bool w64, enum x64_reg d, uint32_t t)
{
    const struct ra_loc *l = &g->ra.loc[t];
    if (imm_ok(g, t, w64))
        x64_emit_alu_ri(&g->buf, alu, w64, d, (int32_t)g->ra.cval[t]);
    else if (l->kind == RA_SLOT)
        x64_emit_alu_rm(&g->buf, alu, w64, d, slot_mem(l->slot));
    else if (l->kind == RA_STATE && w64 == (l->reg == 8))
        x64_emit_alu_rm(&g->buf, alu, w64, d, state_mem(l->slot));
    else
        x64_emit_alu_rr(&g->buf, alu, w64, d, in_reg(g, t, X64_RCX));
}

static void cg_compare(struct cg *g, bool w64, uint32_t a, uint32_t b)
{
    enum x64_reg ra = in_reg(g, a, X64_RDX);
    alu_operand(g, X64_CMP, w64, ra, b);
}

/* True when the result register is the second operand's (the allocator
 * hands a commutative op's dying second operand over): swap them. */
static bool takes_second(const struct cg *g, enum x64_reg d, uint32_t a, uint32_t b)
{
    const struct ra_loc *la = &g->ra.loc[a], *lb = &g->ra.loc[b];
    return lb->kind == RA_REG && lb->reg == d && !(la->kind == RA_REG && la->reg == d);
}

static void cg_alu(struct cg *g, const struct ir_op *op, enum x64_alu alu)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    uint32_t a = op->args[0], b = op->args[1];
    if (takes_second(g, d, a, b)) {
        a = op->args[1];
        b = op->args[0];
    }
    /* d = a + imm in one instruction when a stays live in another register. */
    if (alu == X64_ADD && g->ra.loc[a].kind == RA_REG && g->ra.loc[a].reg != d && imm_ok(g, b, true)) {
        x64_emit_lea(&g->buf, w64, d, x64_mem_bd((enum x64_reg)g->ra.loc[a].reg, (int32_t)g->ra.cval[b]));
        dst_done(g, op->dst, d);
        return;
    }
    load_into(g, d, a);
    alu_operand(g, alu, w64, d, b);
    dst_done(g, op->dst, d);
}

static void cg_mul(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    if (imm_ok(g, op->args[1], true)) {
        enum x64_reg a = in_reg(g, op->args[0], X64_RCX);
        x64_emit_imul_rri(&g->buf, w64, d, a, (int32_t)g->ra.cval[op->args[1]]);
    } else {
        uint32_t a = op->args[0], b = op->args[1];
        if (takes_second(g, d, a, b)) {
            a = op->args[1];
            b = op->args[0];
        }
        load_into(g, d, a);
        x64_emit_imul_rr(&g->buf, w64, d, in_reg(g, b, X64_RCX));
    }
    dst_done(g, op->dst, d);
}

/* 32x32 products formed in 64-bit registers: RAX = a * b. */
static void cg_mul64_of_32(struct cg *g, const struct ir_op *op, bool sign)
{
    load_into(g, X64_RAX, op->args[0]);
    load_into(g, X64_RCX, op->args[1]);
    if (sign) {
        x64_emit_movsxd(&g->buf, X64_RAX, X64_RAX);
        x64_emit_movsxd(&g->buf, X64_RCX, X64_RCX);
    }
    x64_emit_imul_rr(&g->buf, true, X64_RAX, X64_RCX);
}

static void cg_mulh(struct cg *g, const struct ir_op *op, bool sign)
{
    enum x64_reg d = dst_reg(g, op->dst);
    if (op->type == IR_I32) {
        cg_mul64_of_32(g, op, sign);
        x64_emit_shift_ri(&g->buf, sign ? X64_SAR : X64_SHR, true, X64_RAX, 32);
        x64_emit_mov_rr(&g->buf, false, d, X64_RAX);
    } else {
        load_into(g, X64_RAX, op->args[0]);
        enum x64_reg b = in_reg(g, op->args[1], X64_RCX);
        if (sign)
            x64_emit_imul_r(&g->buf, true, b);
        else
            x64_emit_mul_r(&g->buf, true, b);
        x64_emit_mov_rr(&g->buf, true, d, X64_RDX);
    }
    dst_done(g, op->dst, d);
}

static void cg_mul_32_64(struct cg *g, const struct ir_op *op, bool sign)
{
    enum x64_reg d = dst_reg(g, op->dst);
    cg_mul64_of_32(g, op, sign);
    x64_emit_mov_rr(&g->buf, true, d, X64_RAX);
    dst_done(g, op->dst, d);
}

static void cg_unary(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    load_into(g, d, op->args[0]);
    switch (op->opc) {
    case IR_neg: x64_emit_neg(&g->buf, w64, d); break;
    case IR_not: x64_emit_not(&g->buf, w64, d); break;
    case IR_bswap: x64_emit_bswap(&g->buf, w64, d); break;
    default: /* mov: load_into did it */
        break;
    }
    dst_done(g, op->dst, d);
}

static void cg_andc(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    uint32_t b = op->args[1];
    if (is_const(g, b) && (!w64 || fits_i32(~g->ra.cval[b]))) {
        load_into(g, d, op->args[0]);
        x64_emit_alu_ri(&g->buf, X64_AND, w64, d, (int32_t)~g->ra.cval[b]);
        dst_done(g, op->dst, d);
        return;
    }
    load_into(g, X64_RCX, b);
    x64_emit_not(&g->buf, w64, X64_RCX);
    load_into(g, d, op->args[0]);
    x64_emit_alu_rr(&g->buf, X64_AND, w64, d, X64_RCX);
    dst_done(g, op->dst, d);
}

static enum x64_shift shift_kind(enum ir_opcode opc)
{
    switch (opc) {
    case IR_shl: case IR_shli: return X64_SHL;
    case IR_shr: case IR_shri: return X64_SHR;
    case IR_sar: case IR_sari: return X64_SAR;
    case IR_rotl: case IR_rotli: return X64_ROL;
    default: return X64_ROR;
    }
}

/* x86 masks shift counts to the operand width, as the IR defines. */
static void cg_shift(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    load_into(g, X64_RCX, op->args[1]);
    load_into(g, d, op->args[0]);
    x64_emit_shift_cl(&g->buf, shift_kind((enum ir_opcode)op->opc), w64, d);
    dst_done(g, op->dst, d);
}

static void cg_shifti(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    unsigned n = (unsigned)op->imm & (w64 ? 63 : 31);
    enum x64_reg d = dst_reg(g, op->dst);
    load_into(g, d, op->args[0]);
    if (n)
        x64_emit_shift_ri(&g->buf, shift_kind((enum ir_opcode)op->opc), w64, d, (uint8_t)n);
    dst_done(g, op->dst, d);
}

static void cg_ext(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    enum x64_reg a = in_reg(g, op->args[0], X64_RCX);
    switch (op->opc) {
    case IR_ext8u: x64_emit_movzx(&g->buf, 1, w64, d, a); break;
    case IR_ext8s: x64_emit_movsx(&g->buf, 1, w64, d, a); break;
    case IR_ext16u: x64_emit_movzx(&g->buf, 2, w64, d, a); break;
    case IR_ext16s: x64_emit_movsx(&g->buf, 2, w64, d, a); break;
    case IR_ext32s: x64_emit_movsxd(&g->buf, d, a); break;
    case IR_bswap16:
        x64_emit_movzx(&g->buf, 2, false, d, a);
        x64_emit_rol16_8(&g->buf, d);
        break;
    case IR_ext32u:
        /* An I32 value is already held zero-extended. */
        if (d != a)
            x64_emit_mov_rr(&g->buf, false, d, a);
        break;
    default: /* trunc */
        x64_emit_mov_rr(&g->buf, false, d, a);
        break;
    }
    dst_done(g, op->dst, d);
}

/* clz = width-1 - bsr(a), with bsr's "no bit" case made -1 by a cmov. */
static void cg_clz(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    enum x64_reg a = in_reg(g, op->args[0], X64_RDX);
    x64_emit_mov_ri(&g->buf, X64_RCX, UINT64_MAX);
    x64_emit_bsr(&g->buf, w64, X64_RAX, a);
    x64_emit_cmovcc(&g->buf, X64_CC_E, w64, X64_RAX, X64_RCX);
    x64_emit_neg(&g->buf, w64, X64_RAX);
    x64_emit_alu_ri(&g->buf, X64_ADD, w64, X64_RAX, w64 ? 63 : 31);
    x64_emit_mov_rr(&g->buf, w64, d, X64_RAX);
    dst_done(g, op->dst, d);
}

static void cg_setcond(struct cg *g, const struct ir_op *op)
{
    enum x64_reg d = dst_reg(g, op->dst);
    cg_compare(g, op->type == IR_I64, op->args[0], op->args[1]);
    x64_emit_setcc(&g->buf, cond_cc((enum ir_cond)op->aux), X64_RAX);
    x64_emit_movzx(&g->buf, 1, false, d, X64_RAX);
    dst_done(g, op->dst, d);
}

/* The condition is taken into DL first, so loading the two values (which
 * may clobber flags) cannot disturb it. */
static void cg_movcond(struct cg *g, const struct ir_op *op)
{
    bool w64 = op->type == IR_I64;
    enum x64_reg d = dst_reg(g, op->dst);
    cg_compare(g, w64, op->args[0], op->args[1]);
    x64_emit_setcc(&g->buf, cond_cc((enum ir_cond)op->aux), X64_RDX);
    load_into(g, X64_RAX, op->args[3]);
    load_into(g, X64_RCX, op->args[2]);
    x64_emit_test_ri(&g->buf, false, X64_RDX, 0xff);
    x64_emit_cmovcc(&g->buf, X64_CC_NE, true, X64_RAX, X64_RCX);
    x64_emit_mov_rr(&g->buf, true, d, X64_RAX);
    dst_done(g, op->dst, d);
}

static void cg_get_state(struct cg *g, const struct ir_op *op, const struct ir_state_slot *s)
{
    if (g->ra.loc[op->dst].kind == RA_STATE)
        return;   /* it stays in the state until its last use */
    enum x64_reg d = dst_reg(g, op->dst);
    x64_emit_load(&g->buf, s->type == IR_I64 ? 8 : 4, false, s->type == IR_I64, d,
                  state_mem((int32_t)s->offset));
    dst_done(g, op->dst, d);
}

/* Stores temp t (size 4 or 8) at m. */
static void store_temp(struct cg *g, unsigned size, uint32_t t, struct x64_mem m)
{
    if (is_const(g, t) && (size == 4 || fits_i32(g->ra.cval[t]))) {
        x64_emit_store_imm(&g->buf, size, (int32_t)g->ra.cval[t], m);
        return;
    }
    x64_emit_store(&g->buf, size, in_reg(g, t, X64_RAX), m);
}

static void cg_set_state(struct cg *g, const struct ir_op *op, const struct ir_state_slot *s)
{
    store_temp(g, s->type == IR_I64 ? 8 : 4, op->args[0], state_mem((int32_t)s->offset));
}

static void store_pc_imm(struct cg *g, uint64_t pc)
{
    if (fits_i32(pc)) {
        x64_emit_store_imm(&g->buf, 8, (int32_t)pc, state_mem(offsetof(struct cpu_head, pc)));
    } else {
        x64_emit_mov_ri(&g->buf, X64_RAX, pc);
        x64_emit_store(&g->buf, 8, X64_RAX, state_mem(offsetof(struct cpu_head, pc)));
    }
}

static void jmp_epilogue(struct cg *g, enum exit_reason reason)
{
    x64_emit_mov_ri(&g->buf, X64_RAX, reason);
    x64_emit_jmp(&g->buf, g->env->epilogue);
}

/* Guest memory operand for address temp a. 64-bit addresses are checked
 * against the guest space first: outside it is a fault, reported from a
 * path placed after the block. A power-of-two space is one shift. */
static struct x64_mem guest_mem_operand(struct cg *g, uint32_t a, bool write)
{
    if (is_const(g, a) && g->ra.cval[a] < 0x80000000u && g->b->guest->addr_type == IR_I32)
        return x64_mem_bd(X64_R15, (int32_t)g->ra.cval[a]);
    enum x64_reg r = in_reg(g, a, X64_RCX);
    if (g->b->guest->addr_type == IR_I64) {
        uint64_t size = g->env->mem_size;
        enum x64_cc outside = X64_CC_NE;
        if ((size & (size - 1)) == 0) {
            x64_emit_mov_rr(&g->buf, true, X64_RDX, r);
            x64_emit_shift_ri(&g->buf, X64_SHR, true, X64_RDX, (uint8_t)__builtin_ctzll(size));
        } else {
            x64_emit_mov_ri(&g->buf, X64_RDX, size);
            x64_emit_alu_rr(&g->buf, X64_CMP, true, r, X64_RDX);
            outside = X64_CC_AE;
        }
        uint8_t *jcc = x64_emit_jcc(&g->buf, outside, g->buf.p);
        g->bounds[g->nbounds++] = (struct cold_bound){ jcc, g->cur_pc, r, write };
    }
    return x64_mem_bi(X64_R15, r, 0);
}

static void cg_cold_bound(struct cg *g, const struct cold_bound *c)
{
    if (!g->buf.overflow)
        x64_patch_rel32(c->jcc, g->buf.p);
    x64_emit_store(&g->buf, 8, c->addr, state_mem(offsetof(struct cpu_head, fault_addr)));
    x64_emit_store_imm(&g->buf, 4, c->write, state_mem(offsetof(struct cpu_head, fault_write)));
    store_pc_imm(g, c->pc);
    jmp_epilogue(g, EXIT_FAULT);
}

/* d = the guest value of memop aux at m, in a T of width w64. */
static void emit_guest_load(struct cg *g, uint32_t aux, bool w64, enum x64_reg d, struct x64_mem m)
{
    bool sign = aux & IR_MO_SIGN;
    unsigned size = ir_mo_size(aux);

    if (!(aux & IR_MO_BE) || size == 1) {
        x64_emit_load(&g->buf, size, sign, w64, d, m);
    } else if (size == 2) {
        x64_emit_load(&g->buf, 2, false, false, d, m);
        x64_emit_rol16_8(&g->buf, d);
        if (sign)
            x64_emit_movsx(&g->buf, 2, w64, d, d);
    } else {
        x64_emit_load(&g->buf, size, false, size == 8, d, m);
        x64_emit_bswap(&g->buf, size == 8, d);
        if (sign && size == 4 && w64)
            x64_emit_movsxd(&g->buf, d, d);
    }
}

static void cg_load(struct cg *g, const struct ir_op *op)
{
    struct x64_mem m = guest_mem_operand(g, op->args[0], false);
    enum x64_reg d = dst_reg(g, op->dst);
    emit_guest_load(g, op->aux, op->type == IR_I64, d, m);
    dst_done(g, op->dst, d);
}

static void cg_meta(struct cg *g, uint64_t pc);

/* ---- Rotated word loads --------------------------------------------------
 * v = rotr(load32(a & ~3), (a & 3) * 8) is how a guest describes a word
 * load that rotates a misaligned word (ARMv5 LDR). Addresses are nearly
 * always aligned, and then it is load32(a): the block tests a & 3 and
 * loads directly, and only a misaligned address jumps to the whole
 * computation, placed after the block. Matched as five consecutive ops
 * (movi between them aside) whose intermediate temps nothing else reads. */

struct rot_match {
    uint32_t addr, v, aux;
    uint32_t last;         /* index of the rotr */
};

static bool const_is(const struct cg *g, uint32_t t, uint64_t v)
{
    return is_const(g, t) && g->ra.cval[t] == v;
}

/* The next op after i that is not a movi, or NULL. */
static const struct ir_op *next_real(const struct cg *g, uint32_t *i)
{
    while (++*i < g->b->nops)
        if (g->b->ops[*i].opc != IR_movi)
            return &g->b->ops[*i];
    return NULL;
}

static bool is_i32_op(const struct ir_op *op, enum ir_opcode opc)
{
    return op && op->opc == opc && op->type == IR_I32;
}

/* Whether op i is the last to read t. Between t's definition and op i the
 * pattern below has only movis, which read nothing, so then op i is its
 * only reader. */
static bool last_read_at(const struct cg *g, uint32_t t, uint32_t i)
{
    return g->ra.end[t] == i;
}

static bool match_rot_load(const struct cg *g, uint32_t i, struct rot_match *m)
{
    const struct ir_op *mask = &g->b->ops[i];
    if (g->b->guest->addr_type != IR_I32 || !is_i32_op(mask, IR_andc) ||
        !const_is(g, mask->args[1], 3) || is_const(g, mask->args[0]))
        return false;
    const struct ir_op *ld = next_real(g, &i);
    if (!is_i32_op(ld, IR_load) || ld->args[0] != mask->dst || !last_read_at(g, mask->dst, i) ||
        (ld->aux & (IR_MO_SIZE_MASK | IR_MO_SIGN)) != 2)
        return false;
    const struct ir_op *low = next_real(g, &i);
    if (!is_i32_op(low, IR_and) || low->args[0] != mask->args[0] || !const_is(g, low->args[1], 3))
        return false;
    const struct ir_op *bits = next_real(g, &i);
    if (!is_i32_op(bits, IR_shli) || bits->args[0] != low->dst || !last_read_at(g, low->dst, i) ||
        bits->imm != 3)
        return false;
    const struct ir_op *rot = next_real(g, &i);
    if (!is_i32_op(rot, IR_rotr) || rot->args[0] != ld->dst || rot->args[1] != bits->dst ||
        !last_read_at(g, ld->dst, i) || !last_read_at(g, bits->dst, i))
        return false;
    *m = (struct rot_match){ mask->args[0], rot->dst, ld->aux, i };
    return true;
}

static void cg_rot_load(struct cg *g, const struct rot_match *m)
{
    enum x64_reg a = in_reg(g, m->addr, X64_RCX);
    x64_emit_test_ri(&g->buf, false, a, 3);
    uint8_t *jcc = x64_emit_jcc(&g->buf, X64_CC_NE, g->buf.p);
    enum x64_reg d = dst_reg(g, m->v);
    emit_guest_load(g, m->aux, false, d, x64_mem_bi(X64_R15, a, 0));
    g->cold[g->ncold++] = (struct cold_rot){ jcc, g->buf.p, g->cur_pc, m->addr, m->aux, d };
    dst_done(g, m->v, d);
}

/* The misaligned case: the aligned word rotated right by 8 * (a & 3). Only
 * the scratch registers and the result's register change. */
static void cg_cold_rot(struct cg *g, const struct cold_rot *c)
{
    if (!g->buf.overflow)
        x64_patch_rel32(c->jcc, g->buf.p);
    cg_meta(g, c->pc);
    load_into(g, X64_RDX, c->addr);
    x64_emit_mov_rr(&g->buf, false, X64_RAX, X64_RDX);
    x64_emit_alu_ri(&g->buf, X64_AND, false, X64_RAX, ~3);
    emit_guest_load(g, c->aux, false, X64_RAX, x64_mem_bi(X64_R15, X64_RAX, 0));
    x64_emit_mov_rr(&g->buf, false, X64_RCX, X64_RDX);
    x64_emit_alu_ri(&g->buf, X64_AND, false, X64_RCX, 3);
    x64_emit_shift_ri(&g->buf, X64_SHL, false, X64_RCX, 3);
    x64_emit_shift_cl(&g->buf, X64_ROR, false, X64_RAX);
    x64_emit_mov_rr(&g->buf, false, c->d, X64_RAX);
    x64_emit_jmp(&g->buf, c->back);
}

static uint64_t bswap_size(uint64_t v, unsigned size)
{
    return __builtin_bswap64(v) >> (64 - 8 * size);
}

/* Swaps the low size bytes of r (size 2, 4, 8), as a big-endian access needs. */
static void swap_size(struct cg *g, unsigned size, enum x64_reg r)
{
    if (size == 2)
        x64_emit_rol16_8(&g->buf, r);
    else
        x64_emit_bswap(&g->buf, size == 8, r);
}

static void cg_store(struct cg *g, const struct ir_op *op)
{
    unsigned size = ir_mo_size(op->aux);
    bool be = (op->aux & IR_MO_BE) && size > 1;
    uint32_t v = op->args[1];
    struct x64_mem m = guest_mem_operand(g, op->args[0], true);

    if (is_const(g, v)) {
        uint64_t c = g->ra.cval[v];
        if (be)
            c = bswap_size(c, size);
        if (size < 8 || fits_i32(c)) {
            x64_emit_store_imm(&g->buf, size, (int32_t)c, m);
        } else {
            x64_emit_mov_ri(&g->buf, X64_RAX, c);
            x64_emit_store(&g->buf, size, X64_RAX, m);
        }
        return;
    }
    enum x64_reg r = in_reg(g, v, X64_RAX);
    if (be) {
        x64_emit_mov_rr(&g->buf, true, X64_RAX, r);
        swap_size(g, size, X64_RAX);
        r = X64_RAX;
    }
    x64_emit_store(&g->buf, size, r, m);
}

/* cmpxchg and xchg: rdx holds the new value and rax the expected one, both
 * in memory byte order; rax receives the old memory value. */
static void cg_atomic(struct cg *g, const struct ir_op *op)
{
    unsigned size = ir_mo_size(op->aux);
    bool be = (op->aux & IR_MO_BE) && size > 1;
    bool cas = op->opc == IR_cmpxchg;
    struct x64_mem m = guest_mem_operand(g, op->args[0], true);

    x64_emit_mov_rr(&g->buf, true, X64_RDX, in_reg(g, op->args[cas ? 2 : 1], X64_RDX));
    if (be)
        swap_size(g, size, X64_RDX);
    if (cas) {
        x64_emit_mov_rr(&g->buf, true, X64_RAX, in_reg(g, op->args[1], X64_RAX));
        if (be)
            swap_size(g, size, X64_RAX);
        x64_emit_lock_cmpxchg(&g->buf, size, X64_RDX, m);
    } else {
        x64_emit_xchg_m(&g->buf, size, X64_RDX, m);
        x64_emit_mov_rr(&g->buf, true, X64_RAX, X64_RDX);
    }
    /* A failed cmpxchg of 1 or 2 bytes leaves the rest of rax as it was. */
    if (size < 4)
        x64_emit_movzx(&g->buf, size, false, X64_RAX, X64_RAX);
    if (be)
        swap_size(g, size, X64_RAX);
    enum x64_reg d = dst_reg(g, op->dst);
    x64_emit_mov_rr(&g->buf, op->type == IR_I64, d, X64_RAX);
    dst_done(g, op->dst, d);
}

/* One register of a helper call's setup: dst from temp t, which lives in
 * register src, or (src X64_NO_REG) is a constant or in a slot; t is
 * IR_NO_TEMP for the CPU state pointer (src RBP). */
struct arg_move {
    enum x64_reg dst, src;
    uint32_t t;
};

/* Whether some move other than mv[k] still reads register r. */
static bool arg_read_elsewhere(const struct arg_move *mv, unsigned n, unsigned k, enum x64_reg r)
{
    for (unsigned j = 0; j < n; j++)
        if (j != k && mv[j].src == r)
            return true;
    return false;
}

/* Performs the moves as one parallel assignment: a destination is written
 * only when no pending move still reads it; a cycle is broken through RAX. */
static void cg_arg_moves(struct cg *g, struct arg_move *mv, unsigned n)
{
    while (n > 0) {
        unsigned k = 0;
        while (k < n && mv[k].src != mv[k].dst && arg_read_elsewhere(mv, n, k, mv[k].dst))
            k++;
        if (k == n) {
            enum x64_reg r = mv[0].src;
            x64_emit_mov_rr(&g->buf, true, X64_RAX, r);
            for (unsigned j = 0; j < n; j++)
                if (mv[j].src == r)
                    mv[j].src = X64_RAX;
            continue;
        }
        if (mv[k].src == X64_NO_REG)
            load_into(g, mv[k].dst, mv[k].t);
        else if (mv[k].src != mv[k].dst)
            x64_emit_mov_rr(&g->buf, true, mv[k].dst, mv[k].src);
        mv[k] = mv[--n];
    }
}

static void cg_call(struct cg *g, const struct ir_op *op, uint32_t i)
{
    static const uint8_t argreg[IR_MAX_ARGS] = { X64_RSI, X64_RDX, X64_RCX, X64_R8 };
    const struct ir_helper *h = &g->b->guest->helpers[op->imm];
    bool saved[16] = { false };
    struct arg_move mv[IR_MAX_ARGS + 1] = { { X64_RDI, X64_RBP, IR_NO_TEMP } };

    if (h->flags & IR_HF_MAY_FAULT)
        store_pc_imm(g, g->cur_pc);
    for (unsigned r = 0; r < 16; r++) {
        uint32_t t = g->owner[r];
        if (ra_caller_saved((enum x64_reg)r) && t != IR_NO_TEMP && g->ra.end[t] > i) {
            x64_emit_store(&g->buf, 8, (enum x64_reg)r, x64_mem_bd(X64_RSP, FRAME_SAVE + 8 * (int32_t)r));
            saved[r] = true;
        }
    }
    for (unsigned k = 0; k < op->nargs; k++) {
        const struct ra_loc *l = &g->ra.loc[op->args[k]];
        mv[1 + k] = (struct arg_move){ (enum x64_reg)argreg[k], l->kind == RA_REG ? (enum x64_reg)l->reg : X64_NO_REG,
                                       op->args[k] };
    }
    cg_arg_moves(g, mv, 1 + op->nargs);
    x64_emit_mov_ri(&g->buf, X64_RAX, (uint64_t)(uintptr_t)h->fn);
    x64_emit_call_r(&g->buf, X64_RAX);
    for (unsigned r = 0; r < 16; r++)
        if (saved[r])
            x64_emit_load(&g->buf, 8, false, true, (enum x64_reg)r,
                          x64_mem_bd(X64_RSP, FRAME_SAVE + 8 * (int32_t)r));
    if (op->dst != IR_NO_TEMP) {
        enum x64_reg d = dst_reg(g, op->dst);
        x64_emit_mov_rr(&g->buf, op->type == IR_I64, d, X64_RAX);
        dst_done(g, op->dst, d);
    }
}

static void cg_meta(struct cg *g, uint64_t pc)
{
    g->meta[g->nmeta++] = (struct tb_meta){ (uint32_t)(g->buf.p - g->buf.start), pc };
    g->cur_pc = pc;
}

/* The unlinked path of a chaining slot: store the pc, return the link. */
static void cg_chain_stub(struct cg *g, struct tb_link *l, uint64_t pc)
{
    store_pc_imm(g, pc);
    x64_emit_mov_ri(&g->buf, X64_RDX, (uint64_t)(uintptr_t)l);
    jmp_epilogue(g, EXIT_CHAIN);
}

/* Pads so that a jump whose rel32 field starts opcode_len bytes ahead has
 * that field 4-byte aligned (patched atomically when linking). */
static void align_field(struct cg *g, unsigned opcode_len)
{
    unsigned mis = (unsigned)((uintptr_t)(g->buf.p + opcode_len) & 3);
    if (mis)
        x64_emit_nops(&g->buf, 4 - mis);
}

/* The jmp starts unlinked, pointing at the stub right behind it; linking
 * rewrites its rel32, which is 4-byte aligned so the write is atomic. */
static void cg_goto_tb(struct cg *g, const struct ir_op *op)
{
    struct tb_link *l = &g->tb->out[op->aux & 1];
    align_field(g, 1);
    uint8_t *field = x64_emit_jmp(&g->buf, g->buf.p + 5);
    l->patch = g->buf.overflow ? NULL : field;
    l->stub = field + 4;
    cg_chain_stub(g, l, op->imm);
}

/* Whether an earlier branch to label waits for it: branches go forward,
 * so every branch before the label that targets it has a fixup until then. */
static bool label_pending(const struct cg *g, uint64_t label)
{
    for (uint32_t k = 0; k < g->nfixups; k++)
        if (g->fixups[k].label == label)
            return true;
    return false;
}

/* "brcond L; goto_tb X; L: goto_tb Y", a block ending in a conditional
 * branch, with L reached by nothing else: the compare's jcc is itself the
 * chaining jump of Y's slot, so a linked taken branch is one jump. */
static bool is_cond_exit(const struct cg *g, uint32_t i)
{
    const struct ir_op *ops = g->b->ops;
    if (i + 3 >= g->b->nops || ops[i].opc != IR_brcond)
        return false;
    return ops[i + 1].opc == IR_goto_tb && ops[i + 2].opc == IR_label &&
           ops[i + 2].imm == ops[i].imm && ops[i + 3].opc == IR_goto_tb &&
           !label_pending(g, ops[i].imm);
}

static void cg_cond_exit(struct cg *g, uint32_t i)
{
    const struct ir_op *br = &g->b->ops[i], *fall = &g->b->ops[i + 1], *taken = &g->b->ops[i + 3];
    struct tb_link *lf = &g->tb->out[fall->aux & 1], *lt = &g->tb->out[taken->aux & 1];

    cg_compare(g, br->type == IR_I64, br->args[0], br->args[1]);
    align_field(g, 2);
    uint8_t *tfield = x64_emit_jcc(&g->buf, cond_cc((enum ir_cond)br->aux), g->buf.p);
    align_field(g, 1);
    uint8_t *ffield = x64_emit_jmp(&g->buf, g->buf.p + 5);
    lf->patch = g->buf.overflow ? NULL : ffield;
    lf->stub = ffield + 4;
    cg_chain_stub(g, lf, fall->imm);
    if (!g->buf.overflow)
        x64_patch_rel32(tfield, g->buf.p);
    lt->patch = g->buf.overflow ? NULL : tfield;
    lt->stub = g->buf.p;
    cg_chain_stub(g, lt, taken->imm);
}

/* Stores the pc, then looks it up inline in the jump cache. */
static void cg_exit_indirect(struct cg *g, const struct ir_op *op)
{
    enum x64_reg pc = X64_RDX;
    load_into(g, pc, op->args[0]);
    x64_emit_store(&g->buf, 8, pc, state_mem(offsetof(struct cpu_head, pc)));
    x64_emit_mov_rr(&g->buf, true, X64_RAX, pc);
    x64_emit_shift_ri(&g->buf, X64_SHR, true, X64_RAX, 1);
    x64_emit_mov_rr(&g->buf, true, X64_RCX, pc);
    x64_emit_shift_ri(&g->buf, X64_SHR, true, X64_RCX, JC_BITS + 1);
    x64_emit_alu_rr(&g->buf, X64_XOR, false, X64_RAX, X64_RCX);
    x64_emit_alu_ri(&g->buf, X64_AND, false, X64_RAX, JC_SIZE - 1);
    x64_emit_shift_ri(&g->buf, X64_SHL, false, X64_RAX, JC_ENTRY_SHIFT);
    x64_emit_mov_ri(&g->buf, X64_RCX, (uint64_t)(uintptr_t)g->env->jump_cache);
    x64_emit_alu_rr(&g->buf, X64_ADD, true, X64_RCX, X64_RAX);
    x64_emit_alu_rm(&g->buf, X64_CMP, true, pc, x64_mem_bd(X64_RCX, offsetof(struct jc_entry, pc)));
    uint8_t *miss1 = x64_emit_jcc(&g->buf, X64_CC_NE, g->buf.p);
    x64_emit_load(&g->buf, 4, false, false, X64_RAX, state_mem(offsetof(struct cpu_head, block_flags)));
    x64_emit_alu_rm(&g->buf, X64_CMP, false, X64_RAX, x64_mem_bd(X64_RCX, offsetof(struct jc_entry, flags)));
    uint8_t *miss2 = x64_emit_jcc(&g->buf, X64_CC_NE, g->buf.p);
    x64_emit_jmp_m(&g->buf, x64_mem_bd(X64_RCX, offsetof(struct jc_entry, code)));
    if (!g->buf.overflow) {
        x64_patch_rel32(miss1, g->buf.p);
        x64_patch_rel32(miss2, g->buf.p);
    }
    jmp_epilogue(g, EXIT_LOOKUP);
}

static void cg_exit(struct cg *g, const struct ir_op *op)
{
    store_temp(g, 8, op->args[0], state_mem(offsetof(struct cpu_head, pc)));
    jmp_epilogue(g, (enum exit_reason)op->aux);
}

static void cg_label(struct cg *g, const struct ir_op *op)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < g->nfixups; k++) {
        if (g->fixups[k].label == op->imm) {
            if (!g->buf.overflow)
                x64_patch_rel32(g->fixups[k].field, g->buf.p);
        } else {
            g->fixups[n++] = g->fixups[k];
        }
    }
    g->nfixups = n;
}

static void cg_branch(struct cg *g, const struct ir_op *op)
{
    uint8_t *field;
    if (op->opc == IR_br) {
        field = x64_emit_jmp(&g->buf, g->buf.p);
    } else {
        cg_compare(g, op->type == IR_I64, op->args[0], op->args[1]);
        field = x64_emit_jcc(&g->buf, cond_cc((enum ir_cond)op->aux), g->buf.p);
    }
    g->fixups[g->nfixups++] = (struct fixup){ field, (uint32_t)op->imm };
}

/* A rotated load starting at the andc at i, or the andc alone; returns
 * the last op emitted. */
static uint32_t cg_andc_or_rot_load(struct cg *g, uint32_t i)
{
    struct rot_match m;
    if (!match_rot_load(g, i, &m)) {
        cg_andc(g, &g->b->ops[i]);
        return i;
    }
    cg_rot_load(g, &m);
    return m.last;
}

/* A block-ending conditional exit starting at the brcond at i, or the
 * branch alone; returns the last op emitted. */
static uint32_t cg_brcond_or_cond_exit(struct cg *g, uint32_t i)
{
    if (!is_cond_exit(g, i)) {
        cg_branch(g, &g->b->ops[i]);
        return i;
    }
    cg_cond_exit(g, i);
    return i + 3;
}

/* Emits op i, or the pattern that starts there; returns the last op used. */
static uint32_t cg_op(struct cg *g, uint32_t i)
{
    const struct ir_guest_desc *gd = g->b->guest;
    const struct ir_op *op = &g->b->ops[i];
    switch (op->opc) {
    case IR_andc: return cg_andc_or_rot_load(g, i);
    case IR_brcond: return cg_brcond_or_cond_exit(g, i);
    case IR_movi: break;  /* constants are folded into their uses */
    case IR_mov: case IR_neg: case IR_not: case IR_bswap: cg_unary(g, op); break;
    case IR_add: cg_alu(g, op, X64_ADD); break;
    case IR_sub: cg_alu(g, op, X64_SUB); break;
    case IR_and: cg_alu(g, op, X64_AND); break;
    case IR_or: cg_alu(g, op, X64_OR); break;
    case IR_xor: cg_alu(g, op, X64_XOR); break;
    case IR_mul: cg_mul(g, op); break;
    case IR_mulhu: cg_mulh(g, op, false); break;
    case IR_mulhs: cg_mulh(g, op, true); break;
    case IR_mulu_32_64: cg_mul_32_64(g, op, false); break;
    case IR_muls_32_64: cg_mul_32_64(g, op, true); break;
    case IR_shl: case IR_shr: case IR_sar: case IR_rotl: case IR_rotr: cg_shift(g, op); break;
    case IR_shli: case IR_shri: case IR_sari: case IR_rotli: case IR_rotri: cg_shifti(g, op); break;
    case IR_ext8u: case IR_ext8s: case IR_ext16u: case IR_ext16s: case IR_ext32u:
    case IR_ext32s: case IR_trunc: case IR_bswap16: cg_ext(g, op); break;
    case IR_clz: cg_clz(g, op); break;
    case IR_setcond: cg_setcond(g, op); break;
    case IR_movcond: cg_movcond(g, op); break;
    case IR_label: cg_label(g, op); break;
    case IR_br: cg_branch(g, op); break;
    case IR_get_reg: cg_get_state(g, op, &gd->regs[op->imm]); break;
    case IR_set_reg: cg_set_state(g, op, &gd->regs[op->imm]); break;
    case IR_get_flag: cg_get_state(g, op, &gd->flags[op->imm]); break;
    case IR_set_flag: cg_set_state(g, op, &gd->flags[op->imm]); break;
    case IR_load: cg_load(g, op); break;
    case IR_store: cg_store(g, op); break;
    case IR_cmpxchg:
    case IR_xchg: cg_atomic(g, op); break;
    case IR_call: cg_call(g, op, i); break;
    case IR_insn_start: cg_meta(g, op->imm); break;
    case IR_goto_tb: cg_goto_tb(g, op); break;
    case IR_exit_indirect: cg_exit_indirect(g, op); break;
    case IR_exit: cg_exit(g, op); break;
    default: break;
    }
    return i;
}

/* Block entry: leave at once when someone asked this CPU to stop. */
static void cg_prologue(struct cg *g)
{
    x64_emit_cmp_m8_i(&g->buf, state_mem(offsetof(struct cpu_head, exit_request)), 0);
    g->request_jcc = x64_emit_jcc(&g->buf, X64_CC_NE, g->buf.p);
}

static void cg_epilogue_stubs(struct cg *g)
{
    if (!g->buf.overflow)
        x64_patch_rel32(g->request_jcc, g->buf.p);
    store_pc_imm(g, g->b->pc);
    jmp_epilogue(g, EXIT_REQUEST);
}

long jit_gen_block(const struct ir_block *b, const struct jit_env *env, struct tblock *tb,
                   uint8_t *start, uint8_t *end, struct arena *scratch,
                   struct tb_meta **meta, uint32_t *nmeta)
{
    struct cg g = { .b = b, .env = env, .tb = tb, .cur_pc = b->pc };
    long ret;

    if (regalloc_run(b, scratch, &g.ra) != 0)
        return -1;
    for (unsigned r = 0; r < 16; r++)
        g.owner[r] = IR_NO_TEMP;
    /* Every op is at most one branch, one cold path or one insn_start. */
    g.fixups = arena_alloc(scratch, b->nops * sizeof(*g.fixups));
    g.cold = arena_alloc(scratch, b->nops * sizeof(*g.cold));
    g.meta = arena_alloc(scratch, b->nops * sizeof(*g.meta));
    g.bounds = arena_alloc(scratch, b->nops * sizeof(*g.bounds));
    x64_buf_init(&g.buf, start, end);
    cg_prologue(&g);
    for (uint32_t i = 0; i < b->nops && !g.buf.overflow; i++)
        i = cg_op(&g, i);
    for (uint32_t k = 0; k < g.ncold && !g.buf.overflow; k++)
        cg_cold_rot(&g, &g.cold[k]);
    for (uint32_t k = 0; k < g.nbounds && !g.buf.overflow; k++)
        cg_cold_bound(&g, &g.bounds[k]);
    cg_epilogue_stubs(&g);
    ret = g.buf.overflow ? 0 : (long)(g.buf.p - start);
    *meta = g.meta;
    *nmeta = g.nmeta;
    return ret;
}

jit_enter_fn jit_gen_trampoline(struct x64_buf *buf, uint8_t *guest_base, struct jit_env *env)
{
    static const uint8_t saved[] = { X64_RBP, X64_RBX, X64_R12, X64_R13, X64_R14, X64_R15 };
    uint8_t *entry = buf->p;

    for (unsigned i = 0; i < sizeof(saved); i++)
        x64_emit_push(buf, (enum x64_reg)saved[i]);
    x64_emit_alu_ri(buf, X64_SUB, true, X64_RSP, FRAME_SIZE);
    x64_emit_mov_rr(buf, true, X64_RBP, X64_RDI);
    x64_emit_mov_ri(buf, X64_R15, (uint64_t)(uintptr_t)guest_base);
    x64_emit_jmp_r(buf, X64_RSI);

    env->epilogue = buf->p;
    x64_emit_alu_ri(buf, X64_ADD, true, X64_RSP, FRAME_SIZE);
    for (unsigned i = sizeof(saved); i-- > 0;)
        x64_emit_pop(buf, (enum x64_reg)saved[i]);
    x64_emit_ret(buf);
    return (jit_enter_fn)(uintptr_t)entry;
}
