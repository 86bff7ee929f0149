/* x86-64 instruction encoder. Every public function checks for room for
 * the longest instruction once, up front, then writes with the unchecked
 * helpers below; one helper (encode) builds prefix, REX, opcode, ModRM,
 * SIB and displacement for both register and memory operands. The bytes
 * of an instruction go through a local cursor and b->p is stored once:
 * a byte store may alias b->p, so writing through it would reload it for
 * every byte, each reload waiting for the previous store. */
#include "x86_64/emit.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

/* The helpers below are forced inline: each public function then gets its
 * own copy with its flags and opcode known, and most of encode's tests
 * fold away. */
#define EMIT_INLINE static inline __attribute__((always_inline))

/* The longest form emitted here is 66 REX 0F op ModRM SIB disp32 imm32
 * (14 bytes); 16 leaves a margin and is what callers are promised. */
#define X64_MAX_INSN 16

/* encode() flags. */
enum {
    F_W = 1,      /* REX.W: 64-bit operand size */
    F_66 = 2,     /* operand-size prefix: 16-bit operand */
    F_BREG = 4,   /* ModRM.reg names a byte register */
    F_BRM = 8,    /* ModRM.rm names a byte register (register form only) */
};

EMIT_INLINE bool room(struct x64_buf *b, size_t n)
{
    if (b->end - b->p >= (ptrdiff_t)n)
        return true;
    b->overflow = true;
    return false;
}

EMIT_INLINE bool room16(struct x64_buf *b)
{
    return room(b, X64_MAX_INSN);
}

EMIT_INLINE uint8_t *put8(uint8_t *p, uint8_t v)
{
    *p = v;
    return p + 1;
}

EMIT_INLINE uint8_t *put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    return p + 2;
}

EMIT_INLINE uint8_t *put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
    return p + 4;
}

EMIT_INLINE uint8_t *put64(uint8_t *p, uint64_t v)
{
    return put32(put32(p, (uint32_t)v), (uint32_t)(v >> 32));
}

/* Immediates after an encoded instruction. */
EMIT_INLINE void append8(struct x64_buf *b, uint8_t v)
{
    b->p = put8(b->p, v);
}

EMIT_INLINE void append16(struct x64_buf *b, uint16_t v)
{
    b->p = put16(b->p, v);
}

EMIT_INLINE void append32(struct x64_buf *b, uint32_t v)
{
    b->p = put32(b->p, v);
}

EMIT_INLINE void append64(struct x64_buf *b, uint64_t v)
{
    b->p = put64(b->p, v);
}

EMIT_INLINE bool fits8(int64_t v)
{
    return v >= INT8_MIN && v <= INT8_MAX;
}

EMIT_INLINE unsigned wflag(bool w64)
{
    return w64 ? F_W : 0;
}

/* Without any REX, byte registers 4-7 mean AH/CH/DH/BH; an empty REX
 * (0x40) switches them to SPL/BPL/SIL/DIL. */
EMIT_INLINE bool needs_rex40(unsigned r)
{
    return r >= 4 && r <= 7;
}

/* Prefixes (0x66 must precede REX, REX must directly precede the opcode)
 * and the one- or two-byte opcode; opcodes above 0xff are 0F xx. */
EMIT_INLINE uint8_t *prefix_op(uint8_t *p, unsigned flags, unsigned rex, unsigned opc)
{
    if (flags & F_66)
        p = put8(p, 0x66);
    if (flags & F_W)
        rex |= 8;
    if (rex)
        p = put8(p, (uint8_t)(0x40 | rex));
    if (opc > 0xff)
        p = put8(p, (uint8_t)(opc >> 8));
    return put8(p, (uint8_t)opc);
}

/* Emits one instruction with ModRM.reg = reg (a register or a /digit) and
 * ModRM.rm = register rm when m is NULL, else the memory operand *m. */
EMIT_INLINE void encode(struct x64_buf *b, unsigned flags, unsigned opc, unsigned reg,
                   const struct x64_mem *m, unsigned rm)
{
    unsigned rex = (reg & 8) ? 4 : 0;
    bool force = ((flags & F_BREG) && needs_rex40(reg))
              || ((flags & F_BRM) && !m && needs_rex40(rm));

    if (!m) {
        rex |= (rm & 8) ? 1 : 0;
        uint8_t *p = prefix_op(b->p, flags, rex | (force ? 0x40 : 0), opc);
        b->p = put8(p, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
        return;
    }

    bool sib = m->index != X64_NO_REG || (m->base & 7) == 4; /* rm=100 means SIB */
    unsigned mod = 2;
    if (m->disp == 0 && (m->base & 7) != 5) /* mod=00 rm/base=101 means no base */
        mod = 0;
    else if (fits8(m->disp))
        mod = 1;

    assert(m->index != X64_RSP); /* index=100 means no index */
    assert(m->scale == 1 || m->scale == 2 || m->scale == 4 || m->scale == 8);
    rex |= (m->base & 8) ? 1 : 0;
    if (m->index != X64_NO_REG)
        rex |= (m->index & 8) ? 2 : 0;
    uint8_t *p = prefix_op(b->p, flags, rex | (force ? 0x40 : 0), opc);
    p = put8(p, (uint8_t)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : (m->base & 7))));
    if (sib) {
        unsigned ss = m->scale == 8 ? 3 : m->scale == 4 ? 2 : m->scale == 2 ? 1 : 0;
        unsigned idx = m->index == X64_NO_REG ? 4 : (m->index & 7);
        p = put8(p, (uint8_t)(ss << 6 | idx << 3 | (m->base & 7)));
    }
    if (mod == 1)
        p = put8(p, (uint8_t)m->disp);
    else if (mod == 2)
        p = put32(p, (uint32_t)m->disp);
    b->p = p;
}

/* Register-register and register-memory shorthands for encode(). */
EMIT_INLINE void op_rr(struct x64_buf *b, unsigned flags, unsigned opc, unsigned reg, unsigned rm)
{
    encode(b, flags, opc, reg, NULL, rm);
}

EMIT_INLINE void op_rm(struct x64_buf *b, unsigned flags, unsigned opc, unsigned reg, struct x64_mem m)
{
    encode(b, flags, opc, reg, &m, 0);
}

/* Opcodes whose register is in the low three bits (push, pop, bswap, B8). */
EMIT_INLINE void op_plus_r(struct x64_buf *b, unsigned flags, unsigned opc, unsigned r)
{
    b->p = prefix_op(b->p, flags, (r & 8) ? 1 : 0, opc + (r & 7));
}

void x64_buf_init(struct x64_buf *b, uint8_t *start, uint8_t *end)
{
    b->start = start;
    b->p = start;
    b->end = end;
    b->overflow = false;
}

void x64_emit_u8(struct x64_buf *b, uint8_t v)
{
    if (room16(b))
        append8(b, v);
}

void x64_emit_u32(struct x64_buf *b, uint32_t v)
{
    if (room16(b))
        append32(b, v);
}

void x64_emit_mov_rr(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src)
{
    if (room16(b))
        op_rr(b, wflag(w64), 0x89, src, dst);
}

void x64_emit_mov_ri(struct x64_buf *b, enum x64_reg dst, uint64_t imm)
{
    if (!room16(b))
        return;
    if (imm == 0) {
        op_rr(b, 0, 0x31, dst, dst); /* xor r32, r32: shortest, clobbers flags */
    } else if (imm <= UINT32_MAX) {
        op_plus_r(b, 0, 0xb8, dst); /* 32-bit writes zero-extend */
        append32(b, (uint32_t)imm);
    } else if ((int64_t)imm == (int32_t)imm) {
        op_rr(b, F_W, 0xc7, 0, dst);
        append32(b, (uint32_t)imm);
    } else {
        op_plus_r(b, F_W, 0xb8, dst);
        append64(b, imm);
    }
}

void x64_emit_load(struct x64_buf *b, unsigned size, bool sign, bool w64, enum x64_reg dst,
                   struct x64_mem m)
{
    if (!room16(b))
        return;
    switch (size) {
    case 1:
        op_rm(b, wflag(w64), sign ? 0x0fbe : 0x0fb6, dst, m);
        break;
    case 2:
        op_rm(b, wflag(w64), sign ? 0x0fbf : 0x0fb7, dst, m);
        break;
    case 4:
        if (sign && w64)
            op_rm(b, F_W, 0x63, dst, m);
        else
            op_rm(b, 0, 0x8b, dst, m); /* mov r32 zero-extends */
        break;
    default:
        assert(size == 8);
        op_rm(b, F_W, 0x8b, dst, m);
        break;
    }
}

void x64_emit_store(struct x64_buf *b, unsigned size, enum x64_reg src, struct x64_mem m)
{
    if (!room16(b))
        return;
    switch (size) {
    case 1:
        op_rm(b, F_BREG, 0x88, src, m);
        break;
    case 2:
        op_rm(b, F_66, 0x89, src, m);
        break;
    case 4:
        op_rm(b, 0, 0x89, src, m);
        break;
    default:
        assert(size == 8);
        op_rm(b, F_W, 0x89, src, m);
        break;
    }
}

EMIT_INLINE unsigned size_flags(unsigned size)
{
    assert(size == 1 || size == 2 || size == 4 || size == 8);
    return size == 1 ? F_BREG : size == 2 ? F_66 : size == 8 ? F_W : 0;
}

void x64_emit_lock_cmpxchg(struct x64_buf *b, unsigned size, enum x64_reg src, struct x64_mem m)
{
    if (!room16(b))
        return;
    append8(b, 0xf0);
    op_rm(b, size_flags(size), size == 1 ? 0x0fb0 : 0x0fb1, src, m);
}

void x64_emit_xchg_m(struct x64_buf *b, unsigned size, enum x64_reg r, struct x64_mem m)
{
    if (!room16(b))
        return;
    op_rm(b, size_flags(size), size == 1 ? 0x86 : 0x87, r, m);
}

void x64_emit_store_imm(struct x64_buf *b, unsigned size, int32_t imm, struct x64_mem m)
{
    if (!room16(b))
        return;
    switch (size) {
    case 1:
        op_rm(b, 0, 0xc6, 0, m);
        append8(b, (uint8_t)imm);
        break;
    case 2:
        op_rm(b, F_66, 0xc7, 0, m);
        append16(b, (uint16_t)imm);
        break;
    default:
        assert(size == 4 || size == 8);
        op_rm(b, size == 8 ? F_W : 0, 0xc7, 0, m);
        append32(b, (uint32_t)imm);
        break;
    }
}

void x64_emit_lea(struct x64_buf *b, bool w64, enum x64_reg dst, struct x64_mem m)
{
    if (room16(b))
        op_rm(b, wflag(w64), 0x8d, dst, m);
}

void x64_emit_alu_rr(struct x64_buf *b, enum x64_alu op, bool w64, enum x64_reg dst, enum x64_reg src)
{
    if (room16(b))
        op_rr(b, wflag(w64), (unsigned)op << 3 | 1, src, dst); /* op r/m, reg */
}

/* Group-1 immediate forms share 83 /op ib (imm8) and 81 /op id. */
EMIT_INLINE void alu_imm(struct x64_buf *b, enum x64_alu op, bool w64, const struct x64_mem *m,
                    unsigned r, int32_t imm)
{
    bool short_form = fits8(imm);
    encode(b, wflag(w64), short_form ? 0x83 : 0x81, op, m, r);
    if (short_form)
        append8(b, (uint8_t)imm);
    else
        append32(b, (uint32_t)imm);
}

void x64_emit_alu_ri(struct x64_buf *b, enum x64_alu op, bool w64, enum x64_reg dst, int32_t imm)
{
    if (room16(b))
        alu_imm(b, op, w64, NULL, dst, imm);
}

void x64_emit_alu_mi(struct x64_buf *b, enum x64_alu op, bool w64, struct x64_mem m, int32_t imm)
{
    if (room16(b))
        alu_imm(b, op, w64, &m, 0, imm);
}

void x64_emit_alu_rm(struct x64_buf *b, enum x64_alu op, bool w64, enum x64_reg dst, struct x64_mem m)
{
    if (room16(b))
        op_rm(b, wflag(w64), (unsigned)op << 3 | 3, dst, m); /* op reg, r/m */
}

void x64_emit_cmp_m8_i(struct x64_buf *b, struct x64_mem m, int8_t imm)
{
    if (!room16(b))
        return;
    op_rm(b, 0, 0x80, X64_CMP, m);
    append8(b, (uint8_t)imm);
}

void x64_emit_test_rr(struct x64_buf *b, bool w64, enum x64_reg a, enum x64_reg c)
{
    if (room16(b))
        op_rr(b, wflag(w64), 0x85, c, a);
}

void x64_emit_test_ri(struct x64_buf *b, bool w64, enum x64_reg a, int32_t imm)
{
    if (!room16(b))
        return;
    op_rr(b, wflag(w64), 0xf7, 0, a);
    append32(b, (uint32_t)imm);
}

void x64_emit_imul_rr(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src)
{
    if (room16(b))
        op_rr(b, wflag(w64), 0x0faf, dst, src);
}

void x64_emit_imul_rri(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src, int32_t imm)
{
    if (!room16(b))
        return;
    if (fits8(imm)) {
        op_rr(b, wflag(w64), 0x6b, dst, src);
        append8(b, (uint8_t)imm);
    } else {
        op_rr(b, wflag(w64), 0x69, dst, src);
        append32(b, (uint32_t)imm);
    }
}

/* Group-3 (F7 /digit) single-register forms. */
EMIT_INLINE void group3(struct x64_buf *b, unsigned digit, bool w64, enum x64_reg r)
{
    if (room16(b))
        op_rr(b, wflag(w64), 0xf7, digit, r);
}

void x64_emit_mul_r(struct x64_buf *b, bool w64, enum x64_reg src)
{
    group3(b, 4, w64, src);
}

void x64_emit_imul_r(struct x64_buf *b, bool w64, enum x64_reg src)
{
    group3(b, 5, w64, src);
}

void x64_emit_neg(struct x64_buf *b, bool w64, enum x64_reg r)
{
    group3(b, 3, w64, r);
}

void x64_emit_not(struct x64_buf *b, bool w64, enum x64_reg r)
{
    group3(b, 2, w64, r);
}

void x64_emit_shift_cl(struct x64_buf *b, enum x64_shift op, bool w64, enum x64_reg r)
{
    if (room16(b))
        op_rr(b, wflag(w64), 0xd3, op, r);
}

void x64_emit_shift_ri(struct x64_buf *b, enum x64_shift op, bool w64, enum x64_reg r, uint8_t imm)
{
    if (!room16(b))
        return;
    if (imm == 1) {
        op_rr(b, wflag(w64), 0xd1, op, r);
    } else {
        op_rr(b, wflag(w64), 0xc1, op, r);
        append8(b, imm);
    }
}

/* movzx/movsx from a register: the byte form needs REX for SPL..DIL. */
EMIT_INLINE void extend_rr(struct x64_buf *b, unsigned opc8, unsigned src_size, bool w64,
                      enum x64_reg dst, enum x64_reg src)
{
    assert(src_size == 1 || src_size == 2);
    if (!room16(b))
        return;
    if (src_size == 1)
        op_rr(b, wflag(w64) | F_BRM, opc8, dst, src);
    else
        op_rr(b, wflag(w64), opc8 + 1, dst, src);
}

void x64_emit_movzx(struct x64_buf *b, unsigned src_size, bool w64, enum x64_reg dst, enum x64_reg src)
{
    extend_rr(b, 0x0fb6, src_size, w64, dst, src);
}

void x64_emit_movsx(struct x64_buf *b, unsigned src_size, bool w64, enum x64_reg dst, enum x64_reg src)
{
    extend_rr(b, 0x0fbe, src_size, w64, dst, src);
}

void x64_emit_movsxd(struct x64_buf *b, enum x64_reg dst, enum x64_reg src)
{
    if (room16(b))
        op_rr(b, F_W, 0x63, dst, src);
}

void x64_emit_bswap(struct x64_buf *b, bool w64, enum x64_reg r)
{
    if (room16(b))
        op_plus_r(b, wflag(w64), 0x0fc8, r);
}

void x64_emit_rol16_8(struct x64_buf *b, enum x64_reg r)
{
    if (!room16(b))
        return;
    op_rr(b, F_66, 0xc1, X64_ROL, r);
    append8(b, 8);
}

void x64_emit_bsr(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src)
{
    if (room16(b))
        op_rr(b, wflag(w64), 0x0fbd, dst, src);
}

void x64_emit_setcc(struct x64_buf *b, enum x64_cc cc, enum x64_reg r)
{
    if (room16(b))
        op_rr(b, F_BRM, 0x0f90 + cc, 0, r);
}

void x64_emit_cmovcc(struct x64_buf *b, enum x64_cc cc, bool w64, enum x64_reg dst, enum x64_reg src)
{
    if (room16(b))
        op_rr(b, wflag(w64), 0x0f40 + cc, dst, src);
}

/* Emits opcode bytes then a rel32 towards target (0 when unreachable: the
 * caller checks reachability); on overflow returns b->start, which the
 * caller may patch harmlessly since the block is discarded. */
static uint8_t *branch(struct x64_buf *b, unsigned opc, const uint8_t *target)
{
    if (!room16(b))
        return b->start;
    b->p = prefix_op(b->p, 0, 0, opc);
    uint8_t *field = b->p;
    append32(b, 0);
    if (x64_rel32_ok(field, target))
        x64_patch_rel32(field, target);
    return field;
}

uint8_t *x64_emit_jmp(struct x64_buf *b, const uint8_t *target)
{
    return branch(b, 0xe9, target);
}

uint8_t *x64_emit_jcc(struct x64_buf *b, enum x64_cc cc, const uint8_t *target)
{
    return branch(b, 0x0f80 + cc, target);
}

uint8_t *x64_emit_call(struct x64_buf *b, const uint8_t *target)
{
    return branch(b, 0xe8, target);
}

/* FF /2 and /4 default to 64-bit operands in long mode: no REX.W. */
void x64_emit_call_r(struct x64_buf *b, enum x64_reg r)
{
    if (room16(b))
        op_rr(b, 0, 0xff, 2, r);
}

void x64_emit_jmp_r(struct x64_buf *b, enum x64_reg r)
{
    if (room16(b))
        op_rr(b, 0, 0xff, 4, r);
}

void x64_emit_jmp_m(struct x64_buf *b, struct x64_mem m)
{
    if (room16(b))
        op_rm(b, 0, 0xff, 4, m);
}

void x64_emit_ret(struct x64_buf *b)
{
    if (room16(b))
        append8(b, 0xc3);
}

void x64_emit_push(struct x64_buf *b, enum x64_reg r)
{
    if (room16(b))
        op_plus_r(b, 0, 0x50, r);
}

void x64_emit_pop(struct x64_buf *b, enum x64_reg r)
{
    if (room16(b))
        op_plus_r(b, 0, 0x58, r);
}

/* Intel SDM recommended multi-byte NOP sequences, indexed by length. */
static const uint8_t nop_forms[9][9] = {
    { 0x90 },
    { 0x66, 0x90 },
    { 0x0f, 0x1f, 0x00 },
    { 0x0f, 0x1f, 0x40, 0x00 },
    { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
    { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
    { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
    { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    { 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

void x64_emit_nops(struct x64_buf *b, unsigned n)
{
    /* All or nothing, so an overflowing buffer is left untouched. */
    if (!room(b, n > X64_MAX_INSN ? n : X64_MAX_INSN))
        return;
    while (n > 0) {
        unsigned len = n < 9 ? n : 9;
        memcpy(b->p, nop_forms[len - 1], len);
        b->p += len;
        n -= len;
    }
}

void x64_patch_rel32(uint8_t *field, const uint8_t *target)
{
    /* Integer arithmetic: the two pointers need not share an object. */
    int32_t rel = (int32_t)((uintptr_t)target - ((uintptr_t)field + 4));
    memcpy(field, &rel, sizeof rel);
}

bool x64_rel32_ok(const uint8_t *field, const uint8_t *target)
{
    int64_t rel = (int64_t)((uintptr_t)target - ((uintptr_t)field + 4));
    return rel >= INT32_MIN && rel <= INT32_MAX;
}
