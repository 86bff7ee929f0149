/* Internal to the ARM frontend: the per-instruction translation context and
 * the helpers every instruction group uses. */
#ifndef DUET_ARM_TRANSLATE_H
#define DUET_ARM_TRANSLATE_H

#include "arm/arm.h"
#include "decode.h"

struct arm_frontend {
    const struct arm_model *model;
    struct arm_code_fetch fetch;
    struct decode_table arm;
    struct decode_table thumb;
};

/* One instruction being translated. */
/* A constant the instruction made, reused while no label has been placed
 * since (a label may make it unavailable): the same value is asked for
 * again and again (zeros of the condition test, carries, masks). */
#define ARM_CONSTS 4
struct arm_const {
    uint32_t value, temp, labels_placed;
};

struct arm_dc {
    struct ir_block *b;
    const struct arm_frontend *fe;
    uint32_t features;
    uint32_t pc;           /* address of this instruction */
    uint32_t insn;
    bool thumb;
    bool be_data;
    uint32_t vfp_vector;   /* FPSCR.LEN and STRIDE the block runs with (ARM_TB_VFP_VECTOR) */
    bool end;              /* the instruction left the block (wrote the pc, trapped) */
    unsigned len;          /* bytes the instruction took (a Thumb BL pair takes 4) */
    struct arm_const consts[ARM_CONSTS]; /* constants made for this instruction */
    unsigned nconsts;
    uint32_t follow;       /* nonzero: an unconditional branch the block goes on at */
};

/* Handlers, one per table line (arm_insns.inc); a handler may serve
 * several lines. */
typedef void (*arm_trans_fn)(struct arm_dc *dc, uint32_t insn);
#define INST(fn, name, pattern, features) void arm_trans_##fn(struct arm_dc *dc, uint32_t insn);
#include "arm/arm_insns.inc"
#undef INST

#define TINST(fn, name, pattern, features) void arm_thumb_##fn(struct arm_dc *dc, uint32_t insn);
#define TINST_ARM(fn, name, pattern, features)
#include "arm/thumb_insns.inc"
#undef TINST
#undef TINST_ARM

/* Helpers of the ARM guest (arm_helpers.inc). */
enum {
#define HELPER(id, fn, nargs, ret, flags) ARM_H_##id,
#include "arm/arm_helpers.inc"
#undef HELPER
    ARM_NHELPERS
};
#define HELPER(id, fn, nargs, ret, flags) \
    uint64_t fn(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d);
#include "arm/arm_helpers.inc"
#undef HELPER

/* Bit fields. */
static inline uint32_t bits(uint32_t insn, unsigned hi, unsigned lo)
{
    return (insn >> lo) & ((2u << (hi - lo)) - 1);
}
static inline bool bit(uint32_t insn, unsigned n)
{
    return (insn >> n) & 1;
}

/* The I32 constant v: a movi, or the one this instruction made already. */
uint32_t arm_imm(struct arm_dc *dc, uint32_t v);
/* Whether t is a constant arm_imm made for this instruction, and its value. */
bool arm_imm_value(const struct arm_dc *dc, uint32_t t, uint32_t *v);
/* a + k (I32, modulo 2^32) for an address: a itself when k is 0, a constant
 * when a is one. Constant folding would make the same of an add, but only
 * after every pass before it had carried the add along. */
uint32_t arm_add_imm(struct arm_dc *dc, uint32_t a, uint32_t k);
/* Register read: r15 reads as this instruction's address + 8 (ARM) or + 4 (Thumb). */
uint32_t arm_get_reg(struct arm_dc *dc, unsigned r);
/* Register write; r15 ends the block with a jump to v & ~3 (ARM) / ~1 (Thumb). */
void arm_set_reg(struct arm_dc *dc, unsigned r, uint32_t v);
/* Writes the pc with interworking (BX): bit 0 selects Thumb. Ends the block. */
void arm_bx(struct arm_dc *dc, uint32_t v);
/* Loads into the pc interwork from ARMv5 on, not before. */
void arm_load_pc(struct arm_dc *dc, uint32_t v);
/* Direct jump to a constant target in the same mode. Ends the block. */
void arm_jump(struct arm_dc *dc, uint32_t target);
void arm_branch_direct(struct arm_dc *dc, uint32_t target);
/* Leaves to the dispatcher with reason at pc (this instruction for faults
 * and undefined instructions, the next one for SVC). Ends the block. */
void arm_exit(struct arm_dc *dc, enum exit_reason reason, uint32_t pc);
void arm_undef(struct arm_dc *dc);

/* Switches to Thumb (or ARM) and jumps to a constant target. The mode is
 * the same every time this exit runs, so it may be chained. */
void arm_set_thumb(struct arm_dc *dc, bool thumb, uint32_t target);
/* SETEND: sets the data endianness and ends the block (the following code
 * must be translated for the new endianness). */
void arm_set_endian(struct arm_dc *dc, bool big);

/* Memory operation for this instruction's data accesses (endianness from CPSR.E). */
static inline uint32_t arm_mo(struct arm_dc *dc, unsigned size_log2, bool sign)
{
    return IR_MO(size_log2, (sign ? IR_MO_SIGN : 0) | (dc->be_data ? IR_MO_BE : 0), 0);
}

/* Flags. */
void arm_set_nz(struct arm_dc *dc, uint32_t result);
void arm_set_flag(struct arm_dc *dc, unsigned flag, uint32_t v);
uint32_t arm_get_flag(struct arm_dc *dc, unsigned flag);
/* IR for "condition cond holds": a temp that is nonzero when it does. */
uint32_t arm_cond_true(struct arm_dc *dc, unsigned cond);

/* The shifter operand of data processing: value and carry-out temps. */
struct arm_op2 {
    uint32_t value;
    uint32_t carry;   /* 0 or 1 */
};
struct arm_op2 arm_shift_imm(struct arm_dc *dc, uint32_t rm, unsigned type, unsigned amount);
struct arm_op2 arm_shift_reg(struct arm_dc *dc, uint32_t rm, unsigned type, uint32_t amount);

/* a + b + carry_in, and a - b - !carry_in, setting N Z C V when s. */
uint32_t arm_add_flags(struct arm_dc *dc, uint32_t a, uint32_t b, uint32_t carry_in, bool s);
uint32_t arm_sub_flags(struct arm_dc *dc, uint32_t a, uint32_t b, uint32_t carry_in, bool s);

/* Byte reversals shared by ARM and Thumb REV, REV16, REVSH. */
uint32_t arm_gen_rev(struct arm_dc *dc, uint32_t v);
uint32_t arm_gen_rev16(struct arm_dc *dc, uint32_t v);
uint32_t arm_gen_revsh(struct arm_dc *dc, uint32_t v);

#endif
