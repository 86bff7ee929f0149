/* Internal to the MIPS frontend: the per-instruction translation context
 * and the helpers every instruction group uses. */
#ifndef DUET_MIPS_TRANSLATE_H
#define DUET_MIPS_TRANSLATE_H

#include "decode.h"
#include "mips/mips.h"

struct mips_frontend {
    const struct mips_model *model;
    bool big_endian;
    struct mips_code_fetch fetch;
    struct decode_table table;
};

/* What a branch or jump leaves for the block loop, which translates the
 * delay slot and then the exits. */
enum mips_branch_kind {
    MIPS_BR_NONE,
    MIPS_BR_ALWAYS,      /* to target */
    MIPS_BR_COND,        /* to target when cond is nonzero, else on after the slot */
    MIPS_BR_INDIRECT,    /* to the address in target_temp */
};

struct mips_branch {
    enum mips_branch_kind kind;
    bool likely;         /* the delay slot runs only when taken */
    uint64_t target;
    uint32_t cond;       /* temp (I32): nonzero when taken */
    uint32_t target_temp;
};

/* One instruction being translated. */
struct mips_dc {
    struct ir_block *b;
    const struct mips_frontend *fe;
    uint32_t features;
    uint64_t pc;           /* address of this instruction */
    uint32_t insn;
    enum ir_type rt;       /* register width: IR_I32 (MIPS32) or IR_I64 (MIPS64) */
    bool be;               /* big-endian data */
    bool fr;               /* Status.FR of this block */
    bool in_delay;         /* this instruction is a branch's delay slot */
    uint64_t exc_pc;       /* where its exceptions are reported: the branch for a delay slot */
    bool end;              /* the instruction left the block (trapped) */
    struct mips_branch br;
};

typedef void (*mips_trans_fn)(struct mips_dc *dc, uint32_t insn);
#define INST(fn, name, pattern, features) void mips_trans_##fn(struct mips_dc *dc, uint32_t insn);
#include "mips/mips_insns.inc"
#undef INST

/* Helpers of the MIPS guest (mips_helpers.inc). */
enum {
#define HELPER(id, fn, nargs, ret, flags) MIPS_H_##id,
#include "mips/mips_helpers.inc"
#undef HELPER
    MIPS_NHELPERS
};
#define HELPER(id, fn, nargs, ret, flags) \
    uint64_t fn(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d);
#include "mips/mips_helpers.inc"
#undef HELPER

/* Instruction fields. */
static inline uint32_t bits(uint32_t insn, unsigned hi, unsigned lo)
{
    return (insn >> lo) & ((2u << (hi - lo)) - 1);
}
static inline bool bit(uint32_t insn, unsigned n)
{
    return (insn >> n) & 1;
}
static inline unsigned rs_of(uint32_t insn) { return bits(insn, 25, 21); }
static inline unsigned rt_of(uint32_t insn) { return bits(insn, 20, 16); }
static inline unsigned rd_of(uint32_t insn) { return bits(insn, 15, 11); }
static inline unsigned sa_of(uint32_t insn) { return bits(insn, 10, 6); }
static inline int64_t simm16(uint32_t insn) { return (int16_t)(insn & 0xffff); }

static inline bool mips_is64_dc(const struct mips_dc *dc) { return dc->rt == IR_I64; }

/* Constants of register width, and 32-bit ones. */
static inline uint32_t mips_imm(struct mips_dc *dc, uint64_t v) { return ir_movi(dc->b, dc->rt, v); }
static inline uint32_t mips_imm32(struct mips_dc *dc, uint32_t v) { return ir_movi(dc->b, IR_I32, v); }

/* General registers at register width; $zero reads 0, writes to it vanish. */
uint32_t mips_gpr(struct mips_dc *dc, unsigned r);
void mips_set_gpr(struct mips_dc *dc, unsigned r, uint32_t v);
/* The low word of a register (I32), and a 32-bit result written
 * sign-extended to register width. */
uint32_t mips_gpr32(struct mips_dc *dc, unsigned r);
void mips_set_gpr32(struct mips_dc *dc, unsigned r, uint32_t v32);
/* A 32-bit temp sign-extended to register width. */
uint32_t mips_sext32(struct mips_dc *dc, uint32_t v32);
/* HI and LO at register width. */
uint32_t mips_get_hilo(struct mips_dc *dc, unsigned slot);
void mips_set_hilo(struct mips_dc *dc, unsigned slot, uint32_t v);

static inline uint32_t mips_op(struct mips_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t b)
{
    return ir_binop(dc->b, opc, dc->rt, a, b);
}
static inline uint32_t mips_op32(struct mips_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t b)
{
    return ir_binop(dc->b, opc, IR_I32, a, b);
}

/* Effective address base + offset (an IR_I32 temp on MIPS32, I64 on MIPS64). */
uint32_t mips_address(struct mips_dc *dc, unsigned base, int64_t offset);
/* Memory operation of this CPU's data endianness. */
static inline uint32_t mips_mo(struct mips_dc *dc, unsigned size_log2, bool sign)
{
    return IR_MO(size_log2, (sign ? IR_MO_SIGN : 0) | (dc->be ? IR_MO_BE : 0), 0);
}

/* Leaves to the dispatcher with reason, reporting this instruction (or the
 * branch whose delay slot it is). Ends the block. */
void mips_exit(struct mips_dc *dc, enum exit_reason reason);
/* The same with cpu_head.exit_arg set to arg. */
void mips_exit_arg(struct mips_dc *dc, enum exit_reason reason, uint64_t arg);
/* Reserved Instruction. */
void mips_reserved(struct mips_dc *dc);
/* Leaves with reason when cond (I32 temp) is nonzero, else goes on. */
void mips_exit_if(struct mips_dc *dc, uint32_t cond, enum exit_reason reason, uint64_t arg);
/* Address error when addr has any of the bits of mask set (alignment). */
void mips_check_align(struct mips_dc *dc, uint32_t addr, unsigned mask, bool write);

/* Branches: set dc->br; the block loop does the rest. A branch in a delay
 * slot is a Reserved Instruction (UNPREDICTABLE in the manual; qemu's
 * choice). Returns false when it was one. */
bool mips_branch(struct mips_dc *dc, enum mips_branch_kind kind, uint64_t target, uint32_t cond,
                 bool likely);
void mips_branch_indirect(struct mips_dc *dc, uint32_t target);

/* FP: whether CP1 is usable for this encoding (register numbers valid for
 * the FR mode); a Reserved Instruction exit when not. */
bool mips_fp_check_double(struct mips_dc *dc, unsigned r);

#endif
