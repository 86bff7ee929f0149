/* MIPS multiply and divide: HI/LO moves, MULT(U), DIV(U), the MADD/MSUB
 * accumulators, MUL, and the MIPS64 doubleword forms. */
#include "mips/translate.h"

#define I32 IR_I32
#define I64 IR_I64

void mips_trans_mfhi(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), mips_get_hilo(dc, MIPS_SLOT_HI));
}

void mips_trans_mflo(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), mips_get_hilo(dc, MIPS_SLOT_LO));
}

void mips_trans_mthi(struct mips_dc *dc, uint32_t insn)
{
    mips_set_hilo(dc, MIPS_SLOT_HI, mips_gpr(dc, rs_of(insn)));
}

void mips_trans_mtlo(struct mips_dc *dc, uint32_t insn)
{
    mips_set_hilo(dc, MIPS_SLOT_LO, mips_gpr(dc, rs_of(insn)));
}

/* HI and LO from the halves of a 64-bit value, each sign-extended. */
static void set_hilo64(struct mips_dc *dc, uint32_t v)
{
    struct ir_block *b = dc->b;
    uint32_t lo = ir_unop(b, IR_trunc, I32, v);
    uint32_t hi = ir_unop(b, IR_trunc, I32, ir_shifti(b, IR_shri, I64, v, 32));
    mips_set_hilo(dc, MIPS_SLOT_LO, mips_sext32(dc, lo));
    mips_set_hilo(dc, MIPS_SLOT_HI, mips_sext32(dc, hi));
}

/* HI:LO as one 64-bit value (their low words). */
static uint32_t get_hilo64(struct mips_dc *dc)
{
    struct ir_block *b = dc->b;
    uint32_t lo = mips_get_hilo(dc, MIPS_SLOT_LO), hi = mips_get_hilo(dc, MIPS_SLOT_HI);
    if (mips_is64_dc(dc)) {
        lo = ir_unop(b, IR_trunc, I32, lo);
        hi = ir_unop(b, IR_trunc, I32, hi);
    }
    uint32_t h = ir_shifti(b, IR_shli, I64, ir_unop(b, IR_ext32u, I64, hi), 32);
    return ir_binop(b, IR_or, I64, h, ir_unop(b, IR_ext32u, I64, lo));
}

static uint32_t product(struct mips_dc *dc, uint32_t insn, bool is_signed)
{
    return ir_binop(dc->b, is_signed ? IR_muls_32_64 : IR_mulu_32_64, I64, mips_gpr32(dc, rs_of(insn)),
                    mips_gpr32(dc, rt_of(insn)));
}

void mips_trans_mult(struct mips_dc *dc, uint32_t insn) { set_hilo64(dc, product(dc, insn, true)); }
void mips_trans_multu(struct mips_dc *dc, uint32_t insn) { set_hilo64(dc, product(dc, insn, false)); }

static void accumulate(struct mips_dc *dc, uint32_t insn, bool is_signed, enum ir_opcode opc)
{
    set_hilo64(dc, ir_binop(dc->b, opc, I64, get_hilo64(dc), product(dc, insn, is_signed)));
}

void mips_trans_madd(struct mips_dc *dc, uint32_t insn) { accumulate(dc, insn, true, IR_add); }
void mips_trans_maddu(struct mips_dc *dc, uint32_t insn) { accumulate(dc, insn, false, IR_add); }
void mips_trans_msub(struct mips_dc *dc, uint32_t insn) { accumulate(dc, insn, true, IR_sub); }
void mips_trans_msubu(struct mips_dc *dc, uint32_t insn) { accumulate(dc, insn, false, IR_sub); }

/* MUL leaves HI and LO UNPREDICTABLE: they are kept, as qemu does. */
void mips_trans_mul(struct mips_dc *dc, uint32_t insn)
{
    uint32_t v = mips_op32(dc, IR_mul, mips_gpr32(dc, rs_of(insn)), mips_gpr32(dc, rt_of(insn)));
    mips_set_gpr32(dc, rd_of(insn), v);
}

static void dmult(struct mips_dc *dc, uint32_t insn, enum ir_opcode high)
{
    uint32_t a = mips_gpr(dc, rs_of(insn)), b = mips_gpr(dc, rt_of(insn));
    mips_set_hilo(dc, MIPS_SLOT_LO, ir_binop(dc->b, IR_mul, I64, a, b));
    mips_set_hilo(dc, MIPS_SLOT_HI, ir_binop(dc->b, high, I64, a, b));
}

void mips_trans_dmult(struct mips_dc *dc, uint32_t insn) { dmult(dc, insn, IR_mulhs); }
void mips_trans_dmultu(struct mips_dc *dc, uint32_t insn) { dmult(dc, insn, IR_mulhu); }

/* ---- division: a helper, as the IR has no divide ---- */

enum mips_div_kind { DIV_W, DIVU_W, DIV_D, DIVU_D };

static void divide(struct mips_dc *dc, uint32_t insn, enum mips_div_kind kind)
{
    bool dword = kind == DIV_D || kind == DIVU_D;
    uint32_t args[3] = {
        dword ? mips_gpr(dc, rs_of(insn)) : mips_gpr32(dc, rs_of(insn)),
        dword ? mips_gpr(dc, rt_of(insn)) : mips_gpr32(dc, rt_of(insn)),
        mips_imm32(dc, kind),
    };
    ir_call(dc->b, MIPS_H_DIV, 3, args);
}

void mips_trans_div(struct mips_dc *dc, uint32_t insn) { divide(dc, insn, DIV_W); }
void mips_trans_divu(struct mips_dc *dc, uint32_t insn) { divide(dc, insn, DIVU_W); }
void mips_trans_ddiv(struct mips_dc *dc, uint32_t insn) { divide(dc, insn, DIV_D); }
void mips_trans_ddivu(struct mips_dc *dc, uint32_t insn) { divide(dc, insn, DIVU_D); }

/* A zero divisor leaves HI and LO UNPREDICTABLE; qemu divides by 1 instead
 * (LO = the dividend, HI = 0), and so does this, as it does for the
 * quotient that overflows (the most negative number over -1). Word
 * results are sign-extended. */
uint64_t mips_helper_div(void *cpu, uint64_t a, uint64_t b, uint64_t kind, uint64_t unused)
{
    struct mips_cpu *c = cpu;
    (void)unused;
    switch (kind) {
    case DIV_W: {
        int32_t x = (int32_t)a, y = (int32_t)b;
        if (y == 0 || (x == INT32_MIN && y == -1))
            y = 1;
        c->lo = (uint64_t)(int64_t)(x / y);
        c->hi = (uint64_t)(int64_t)(x % y);
        break;
    }
    case DIVU_W: {
        uint32_t x = (uint32_t)a, y = (uint32_t)b ? (uint32_t)b : 1;
        c->lo = (uint64_t)(int64_t)(int32_t)(x / y);
        c->hi = (uint64_t)(int64_t)(int32_t)(x % y);
        break;
    }
    case DIV_D: {
        int64_t x = (int64_t)a, y = (int64_t)b;
        if (y == 0 || (x == INT64_MIN && y == -1))
            y = 1;
        c->lo = (uint64_t)(x / y);
        c->hi = (uint64_t)(x % y);
        break;
    }
    default: {
        uint64_t y = b ? b : 1;
        c->lo = a / y;
        c->hi = a % y;
        break;
    }
    }
    return 0;
}
