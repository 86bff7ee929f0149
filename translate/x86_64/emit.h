/* x86-64 instruction encoder: one function per instruction form. Every
 * function appends to a code buffer; running past its end sets overflow
 * instead of writing, so the caller checks once per block. */
#ifndef DUET_X64_EMIT_H
#define DUET_X64_EMIT_H

#include <stdbool.h>
#include <stdint.h>

enum x64_reg {
    X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
    X64_NO_REG = 0xff
};

/* Condition codes, numbered as in the Jcc/SETcc/CMOVcc encodings. */
enum x64_cc {
    X64_CC_O, X64_CC_NO, X64_CC_B, X64_CC_AE, X64_CC_E, X64_CC_NE, X64_CC_BE, X64_CC_A,
    X64_CC_S, X64_CC_NS, X64_CC_P, X64_CC_NP, X64_CC_L, X64_CC_GE, X64_CC_LE, X64_CC_G
};

/* Group-1 ALU operations, numbered as their /digit. */
enum x64_alu { X64_ADD, X64_OR, X64_ADC, X64_SBB, X64_AND, X64_SUB, X64_XOR, X64_CMP };

/* Group-2 shifts, numbered as their /digit. */
enum x64_shift { X64_ROL = 0, X64_ROR = 1, X64_SHL = 4, X64_SHR = 5, X64_SAR = 7 };

struct x64_buf {
    uint8_t *start;
    uint8_t *p;
    uint8_t *end;
    bool overflow;
};

/* A memory operand: [base + index*scale + disp]. index may be X64_NO_REG;
 * scale is 1, 2, 4 or 8. base may be any register including RSP, RBP,
 * R12 and R13 (the encoder handles their special forms). */
struct x64_mem {
    uint8_t base;
    uint8_t index;
    uint8_t scale;
    int32_t disp;
};
static inline struct x64_mem x64_mem_bd(enum x64_reg base, int32_t disp)
{
    return (struct x64_mem){ base, X64_NO_REG, 1, disp };
}
static inline struct x64_mem x64_mem_bi(enum x64_reg base, enum x64_reg index, int32_t disp)
{
    return (struct x64_mem){ base, index, 1, disp };
}

void x64_buf_init(struct x64_buf *b, uint8_t *start, uint8_t *end);
void x64_emit_u8(struct x64_buf *b, uint8_t v);
void x64_emit_u32(struct x64_buf *b, uint32_t v);

/* In all of these w64 selects the 64-bit form (REX.W); the 32-bit forms
 * zero the upper half of the destination register, as the hardware does. */
void x64_emit_mov_rr(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src);
/* Loads imm into dst with the shortest encoding: xor for 0, mov r32 for
 * values that fit in 32 bits unsigned, sign-extended mov for negative
 * int32 values, movabs otherwise. */
void x64_emit_mov_ri(struct x64_buf *b, enum x64_reg dst, uint64_t imm);

/* Loads of size 1, 2, 4 or 8 bytes; sign selects movsx/movsxd, and the
 * result fills 32 bits (w64 false) or 64 bits (w64 true). Zero-extending
 * loads of 1 and 2 bytes use movzx; 4-byte zero-extending is mov r32. */
void x64_emit_load(struct x64_buf *b, unsigned size, bool sign, bool w64, enum x64_reg dst,
                   struct x64_mem m);
/* Stores the low size bytes of src (size 1, 2, 4, 8). */
void x64_emit_store(struct x64_buf *b, unsigned size, enum x64_reg src, struct x64_mem m);
/* lock cmpxchg m, src (size 1, 2, 4, 8): compares with the accumulator of
 * that size, which receives the memory value. */
void x64_emit_lock_cmpxchg(struct x64_buf *b, unsigned size, enum x64_reg src, struct x64_mem m);
/* xchg m, r (size 1, 2, 4, 8); with a memory operand it is always locked. */
void x64_emit_xchg_m(struct x64_buf *b, unsigned size, enum x64_reg r, struct x64_mem m);
/* Stores imm (sign-extended to size for size 8) of size 1, 2, 4 or 8 bytes. */
void x64_emit_store_imm(struct x64_buf *b, unsigned size, int32_t imm, struct x64_mem m);
/* lea dst, [m] (32-bit result zero-extended when !w64) */
void x64_emit_lea(struct x64_buf *b, bool w64, enum x64_reg dst, struct x64_mem m);

void x64_emit_alu_rr(struct x64_buf *b, enum x64_alu op, bool w64, enum x64_reg dst, enum x64_reg src);
/* Uses the imm8 form when imm fits in int8. */
void x64_emit_alu_ri(struct x64_buf *b, enum x64_alu op, bool w64, enum x64_reg dst, int32_t imm);
/* op [m], imm / op [m], reg / op reg, [m] (size 4 or 8 via w64) */
void x64_emit_alu_mi(struct x64_buf *b, enum x64_alu op, bool w64, struct x64_mem m, int32_t imm);
void x64_emit_alu_rm(struct x64_buf *b, enum x64_alu op, bool w64, enum x64_reg dst, struct x64_mem m);
/* cmp byte [m], imm8 */
void x64_emit_cmp_m8_i(struct x64_buf *b, struct x64_mem m, int8_t imm);
void x64_emit_test_rr(struct x64_buf *b, bool w64, enum x64_reg a, enum x64_reg c);
void x64_emit_test_ri(struct x64_buf *b, bool w64, enum x64_reg a, int32_t imm);

/* imul dst, src (two-operand, low half) and imul dst, src, imm32 */
void x64_emit_imul_rr(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src);
void x64_emit_imul_rri(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src, int32_t imm);
/* One-operand mul / imul: rdx:rax = rax * src */
void x64_emit_mul_r(struct x64_buf *b, bool w64, enum x64_reg src);
void x64_emit_imul_r(struct x64_buf *b, bool w64, enum x64_reg src);

void x64_emit_neg(struct x64_buf *b, bool w64, enum x64_reg r);
void x64_emit_not(struct x64_buf *b, bool w64, enum x64_reg r);
/* Shift or rotate r by CL, or by an immediate (1..width-1; 1 uses the D1 form). */
void x64_emit_shift_cl(struct x64_buf *b, enum x64_shift op, bool w64, enum x64_reg r);
void x64_emit_shift_ri(struct x64_buf *b, enum x64_shift op, bool w64, enum x64_reg r, uint8_t imm);

/* movzx/movsx from the low 8 or 16 bits of src (any register: uses REX to
 * reach SIL/DIL etc.); w64 selects a 64-bit destination. */
void x64_emit_movzx(struct x64_buf *b, unsigned src_size, bool w64, enum x64_reg dst, enum x64_reg src);
void x64_emit_movsx(struct x64_buf *b, unsigned src_size, bool w64, enum x64_reg dst, enum x64_reg src);
/* movsxd dst64, src32 */
void x64_emit_movsxd(struct x64_buf *b, enum x64_reg dst, enum x64_reg src);
void x64_emit_bswap(struct x64_buf *b, bool w64, enum x64_reg r);
/* rol r16, 8: swaps the low two bytes, leaves the rest */
void x64_emit_rol16_8(struct x64_buf *b, enum x64_reg r);
/* bsr dst, src (ZF set when src is 0, dst then unchanged) */
void x64_emit_bsr(struct x64_buf *b, bool w64, enum x64_reg dst, enum x64_reg src);

/* setcc on the low byte of r (REX so any register works), not zero-extended */
void x64_emit_setcc(struct x64_buf *b, enum x64_cc cc, enum x64_reg r);
void x64_emit_cmovcc(struct x64_buf *b, enum x64_cc cc, bool w64, enum x64_reg dst, enum x64_reg src);

/* Jumps and calls with a 32-bit displacement. The return value points at
 * the rel32 field so it can be patched later by x64_patch_rel32. */
uint8_t *x64_emit_jmp(struct x64_buf *b, const uint8_t *target);
uint8_t *x64_emit_jcc(struct x64_buf *b, enum x64_cc cc, const uint8_t *target);
uint8_t *x64_emit_call(struct x64_buf *b, const uint8_t *target);
void x64_emit_call_r(struct x64_buf *b, enum x64_reg r);
void x64_emit_jmp_r(struct x64_buf *b, enum x64_reg r);
void x64_emit_jmp_m(struct x64_buf *b, struct x64_mem m);
void x64_emit_ret(struct x64_buf *b);
void x64_emit_push(struct x64_buf *b, enum x64_reg r);
void x64_emit_pop(struct x64_buf *b, enum x64_reg r);
void x64_emit_nops(struct x64_buf *b, unsigned n);
/* Points the rel32 field at target (target - (field + 4)). */
void x64_patch_rel32(uint8_t *field, const uint8_t *target);
/* True when target is reachable by a rel32 from the field. */
bool x64_rel32_ok(const uint8_t *field, const uint8_t *target);

#endif
