/* Reference semantics of the pure IR ops, shared by the interpreter and
 * constant folding so both agree by construction. Values are held in
 * uint64_t; IR_I32 values are always kept zero-extended. */
#ifndef DUET_IR_EVAL_H
#define DUET_IR_EVAL_H

#include "ir.h"

static inline uint64_t ir_trunc_type(enum ir_type t, uint64_t v)
{
    return t == IR_I32 ? (uint32_t)v : v;
}

static inline int64_t ir_signed(enum ir_type t, uint64_t v)
{
    return t == IR_I32 ? (int64_t)(int32_t)v : (int64_t)v;
}

static inline bool ir_eval_cond(enum ir_type t, enum ir_cond c, uint64_t a, uint64_t b)
{
    int64_t sa = ir_signed(t, a), sb = ir_signed(t, b);
    switch (c) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_LT: return sa < sb;
    case IR_GE: return sa >= sb;
    case IR_LE: return sa <= sb;
    case IR_GT: return sa > sb;
    case IR_LTU: return a < b;
    case IR_GEU: return a >= b;
    case IR_LEU: return a <= b;
    case IR_GTU: return a > b;
    default: return false;
    }
}

static inline uint64_t ir_mulh(enum ir_type t, bool is_signed, uint64_t a, uint64_t b)
{
    if (t == IR_I32) {
        if (is_signed)
            return (uint32_t)(((int64_t)(int32_t)a * (int64_t)(int32_t)b) >> 32);
        return (uint32_t)((a * b) >> 32);
    }
    if (is_signed)
        return (uint64_t)(((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64);
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static inline uint64_t ir_rotl(enum ir_type t, uint64_t a, unsigned n)
{
    unsigned w = t == IR_I32 ? 32 : 64;
    n &= w - 1;
    if (n == 0)
        return a;
    return ir_trunc_type(t, (a << n) | (a >> (w - n)));
}

static inline uint64_t ir_clz(enum ir_type t, uint64_t a)
{
    if (t == IR_I32)
        return a ? (uint64_t)__builtin_clz((uint32_t)a) : 32;
    return a ? (uint64_t)__builtin_clzll(a) : 64;
}

/* Evaluates a pure op on argument values; returns false for ops that are
 * not pure value computations. */
static inline bool ir_eval_pure(const struct ir_op *op, const uint64_t *v, uint64_t *out)
{
    enum ir_type t = op->type;
    unsigned w = t == IR_I32 ? 32 : 64;
    uint64_t r;

    switch (op->opc) {
    case IR_movi: r = op->imm; break;
    case IR_mov: r = v[0]; break;
    case IR_add: r = v[0] + v[1]; break;
    case IR_sub: r = v[0] - v[1]; break;
    case IR_mul: r = v[0] * v[1]; break;
    case IR_mulhu: r = ir_mulh(t, false, v[0], v[1]); break;
    case IR_mulhs: r = ir_mulh(t, true, v[0], v[1]); break;
    case IR_mulu_32_64: r = (uint64_t)(uint32_t)v[0] * (uint32_t)v[1]; break;
    case IR_muls_32_64: r = (uint64_t)((int64_t)(int32_t)v[0] * (int32_t)v[1]); break;
    case IR_neg: r = -v[0]; break;
    case IR_and: r = v[0] & v[1]; break;
    case IR_or: r = v[0] | v[1]; break;
    case IR_xor: r = v[0] ^ v[1]; break;
    case IR_andc: r = v[0] & ~v[1]; break;
    case IR_not: r = ~v[0]; break;
    case IR_shl: r = v[0] << (v[1] & (w - 1)); break;
    case IR_shr: r = v[0] >> (v[1] & (w - 1)); break;
    case IR_sar: r = (uint64_t)(ir_signed(t, v[0]) >> (v[1] & (w - 1))); break;
    case IR_rotl: r = ir_rotl(t, v[0], (unsigned)(v[1] & (w - 1))); break;
    case IR_rotr: r = ir_rotl(t, v[0], (unsigned)((w - (v[1] & (w - 1))) & (w - 1))); break;
    case IR_shli: r = v[0] << (op->imm & (w - 1)); break;
    case IR_shri: r = v[0] >> (op->imm & (w - 1)); break;
    case IR_sari: r = (uint64_t)(ir_signed(t, v[0]) >> (op->imm & (w - 1))); break;
    case IR_rotli: r = ir_rotl(t, v[0], (unsigned)(op->imm & (w - 1))); break;
    case IR_rotri: r = ir_rotl(t, v[0], (unsigned)((w - (op->imm & (w - 1))) & (w - 1))); break;
    case IR_ext8u: r = (uint8_t)v[0]; break;
    case IR_ext8s: r = (uint64_t)(int64_t)(int8_t)v[0]; break;
    case IR_ext16u: r = (uint16_t)v[0]; break;
    case IR_ext16s: r = (uint64_t)(int64_t)(int16_t)v[0]; break;
    case IR_ext32u: r = (uint32_t)v[0]; break;
    case IR_ext32s: r = (uint64_t)(int64_t)(int32_t)v[0]; break;
    case IR_trunc: r = (uint32_t)v[0]; break;
    case IR_clz: r = ir_clz(t, v[0]); break;
    case IR_bswap: r = t == IR_I32 ? __builtin_bswap32((uint32_t)v[0]) : __builtin_bswap64(v[0]); break;
    case IR_bswap16: r = __builtin_bswap16((uint16_t)v[0]); break;
    case IR_setcond: r = ir_eval_cond(t, (enum ir_cond)op->aux, v[0], v[1]); break;
    case IR_movcond: r = ir_eval_cond(t, (enum ir_cond)op->aux, v[0], v[1]) ? v[2] : v[3]; break;
    default: return false;
    }
    *out = ir_trunc_type(t, r);
    return true;
}

#endif
