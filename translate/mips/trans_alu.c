/* MIPS arithmetic, logic, shifts, comparisons, conditional moves, count
 * leading zeros/ones and the Release 2 bit-field and byte operations, with
 * their MIPS64 doubleword forms. Word operations act on the low 32 bits
 * and write their result sign-extended (MIPS64 Volume II, "32-bit
 * operations on 64-bit processors"). */
#include "mips/translate.h"

#define I32 IR_I32
#define I64 IR_I64

/* Integer Overflow exception when v (of type t) is negative: ADD, SUB,
 * ADDI and their doubleword forms leave rd unwritten (SIGFPE). */
static void overflow_if_negative(struct mips_dc *dc, enum ir_type t, uint32_t v)
{
    uint32_t go_on = ir_new_label(dc->b);
    ir_brcond(dc->b, t, IR_GE, v, ir_movi(dc->b, t, 0), go_on);
    ir_exit(dc->b, EXIT_MIPS_OVERFLOW, mips_imm(dc, dc->exc_pc));
    ir_label(dc->b, go_on);
}

/* a + b of type t, trapping on signed overflow: the operands agree in sign
 * and the sum does not. */
static uint32_t add_trap(struct mips_dc *dc, enum ir_type t, uint32_t a, uint32_t b)
{
    struct ir_block *bl = dc->b;
    uint32_t sum = ir_binop(bl, IR_add, t, a, b);
    uint32_t ov = ir_binop(bl, IR_and, t, ir_binop(bl, IR_xor, t, sum, a), ir_binop(bl, IR_xor, t, sum, b));
    overflow_if_negative(dc, t, ov);
    return sum;
}

/* a - b, trapping when the operands differ in sign and the result's sign
 * differs from a's. */
static uint32_t sub_trap(struct mips_dc *dc, enum ir_type t, uint32_t a, uint32_t b)
{
    struct ir_block *bl = dc->b;
    uint32_t diff = ir_binop(bl, IR_sub, t, a, b);
    uint32_t ov = ir_binop(bl, IR_and, t, ir_binop(bl, IR_xor, t, a, b), ir_binop(bl, IR_xor, t, a, diff));
    overflow_if_negative(dc, t, ov);
    return diff;
}

/* ---- shifts ---- */

static void shift_imm32(struct mips_dc *dc, uint32_t insn, enum ir_opcode opc)
{
    uint32_t v = ir_shifti(dc->b, opc, I32, mips_gpr32(dc, rt_of(insn)), sa_of(insn));
    mips_set_gpr32(dc, rd_of(insn), v);
}

void mips_trans_sll(struct mips_dc *dc, uint32_t insn) { shift_imm32(dc, insn, IR_shli); }
void mips_trans_srl(struct mips_dc *dc, uint32_t insn) { shift_imm32(dc, insn, IR_shri); }
void mips_trans_sra(struct mips_dc *dc, uint32_t insn) { shift_imm32(dc, insn, IR_sari); }
void mips_trans_rotr(struct mips_dc *dc, uint32_t insn) { shift_imm32(dc, insn, IR_rotri); }

/* The count is rs modulo 32, as IR shifts take it. */
static void shift_var32(struct mips_dc *dc, uint32_t insn, enum ir_opcode opc)
{
    uint32_t v = mips_op32(dc, opc, mips_gpr32(dc, rt_of(insn)), mips_gpr32(dc, rs_of(insn)));
    mips_set_gpr32(dc, rd_of(insn), v);
}

void mips_trans_sllv(struct mips_dc *dc, uint32_t insn) { shift_var32(dc, insn, IR_shl); }
void mips_trans_srlv(struct mips_dc *dc, uint32_t insn) { shift_var32(dc, insn, IR_shr); }
void mips_trans_srav(struct mips_dc *dc, uint32_t insn) { shift_var32(dc, insn, IR_sar); }
void mips_trans_rotrv(struct mips_dc *dc, uint32_t insn) { shift_var32(dc, insn, IR_rotr); }

/* DSLL/DSLL32 and the others: function bit 2 adds 32 to the amount. */
static void shift_imm64(struct mips_dc *dc, uint32_t insn, enum ir_opcode opc)
{
    unsigned n = sa_of(insn) + (bit(insn, 2) ? 32 : 0);
    mips_set_gpr(dc, rd_of(insn), ir_shifti(dc->b, opc, I64, mips_gpr(dc, rt_of(insn)), n));
}

void mips_trans_dsll(struct mips_dc *dc, uint32_t insn) { shift_imm64(dc, insn, IR_shli); }
void mips_trans_dsrl(struct mips_dc *dc, uint32_t insn) { shift_imm64(dc, insn, IR_shri); }
void mips_trans_dsra(struct mips_dc *dc, uint32_t insn) { shift_imm64(dc, insn, IR_sari); }
void mips_trans_drotr(struct mips_dc *dc, uint32_t insn) { shift_imm64(dc, insn, IR_rotri); }

static void shift_var64(struct mips_dc *dc, uint32_t insn, enum ir_opcode opc)
{
    uint32_t v = mips_op(dc, opc, mips_gpr(dc, rt_of(insn)), mips_gpr(dc, rs_of(insn)));
    mips_set_gpr(dc, rd_of(insn), v);
}

void mips_trans_dsllv(struct mips_dc *dc, uint32_t insn) { shift_var64(dc, insn, IR_shl); }
void mips_trans_dsrlv(struct mips_dc *dc, uint32_t insn) { shift_var64(dc, insn, IR_shr); }
void mips_trans_dsrav(struct mips_dc *dc, uint32_t insn) { shift_var64(dc, insn, IR_sar); }
void mips_trans_drotrv(struct mips_dc *dc, uint32_t insn) { shift_var64(dc, insn, IR_rotr); }

/* ---- three-register arithmetic and logic ---- */

void mips_trans_add(struct mips_dc *dc, uint32_t insn)
{
    uint32_t v = add_trap(dc, I32, mips_gpr32(dc, rs_of(insn)), mips_gpr32(dc, rt_of(insn)));
    mips_set_gpr32(dc, rd_of(insn), v);
}

void mips_trans_addu(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr32(dc, rd_of(insn), mips_op32(dc, IR_add, mips_gpr32(dc, rs_of(insn)), mips_gpr32(dc, rt_of(insn))));
}

void mips_trans_sub(struct mips_dc *dc, uint32_t insn)
{
    uint32_t v = sub_trap(dc, I32, mips_gpr32(dc, rs_of(insn)), mips_gpr32(dc, rt_of(insn)));
    mips_set_gpr32(dc, rd_of(insn), v);
}

void mips_trans_subu(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr32(dc, rd_of(insn), mips_op32(dc, IR_sub, mips_gpr32(dc, rs_of(insn)), mips_gpr32(dc, rt_of(insn))));
}

void mips_trans_dadd(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), add_trap(dc, I64, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn))));
}

void mips_trans_daddu(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), mips_op(dc, IR_add, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn))));
}

void mips_trans_dsub(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), sub_trap(dc, I64, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn))));
}

void mips_trans_dsubu(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), mips_op(dc, IR_sub, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn))));
}

/* The logical operations and comparisons act on whole registers. */
static void logic3(struct mips_dc *dc, uint32_t insn, enum ir_opcode opc)
{
    mips_set_gpr(dc, rd_of(insn), mips_op(dc, opc, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn))));
}

void mips_trans_and(struct mips_dc *dc, uint32_t insn) { logic3(dc, insn, IR_and); }
void mips_trans_or(struct mips_dc *dc, uint32_t insn) { logic3(dc, insn, IR_or); }
void mips_trans_xor(struct mips_dc *dc, uint32_t insn) { logic3(dc, insn, IR_xor); }

void mips_trans_nor(struct mips_dc *dc, uint32_t insn)
{
    uint32_t v = mips_op(dc, IR_or, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn)));
    mips_set_gpr(dc, rd_of(insn), ir_unop(dc->b, IR_not, dc->rt, v));
}

static void set_less(struct mips_dc *dc, unsigned rd, enum ir_cond c, uint32_t a, uint32_t b)
{
    mips_set_gpr(dc, rd, ir_setcond(dc->b, dc->rt, c, a, b));
}

void mips_trans_slt(struct mips_dc *dc, uint32_t insn)
{
    set_less(dc, rd_of(insn), IR_LT, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn)));
}

void mips_trans_sltu(struct mips_dc *dc, uint32_t insn)
{
    set_less(dc, rd_of(insn), IR_LTU, mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rt_of(insn)));
}

static void cond_move(struct mips_dc *dc, uint32_t insn, enum ir_cond c)
{
    unsigned rd = rd_of(insn);
    uint32_t v = ir_movcond(dc->b, dc->rt, c, mips_gpr(dc, rt_of(insn)), mips_imm(dc, 0),
                            mips_gpr(dc, rs_of(insn)), mips_gpr(dc, rd));
    mips_set_gpr(dc, rd, v);
}

void mips_trans_movz(struct mips_dc *dc, uint32_t insn) { cond_move(dc, insn, IR_EQ); }
void mips_trans_movn(struct mips_dc *dc, uint32_t insn) { cond_move(dc, insn, IR_NE); }

/* ---- immediates ---- */

void mips_trans_addi(struct mips_dc *dc, uint32_t insn)
{
    uint32_t v = add_trap(dc, I32, mips_gpr32(dc, rs_of(insn)), mips_imm32(dc, (uint32_t)simm16(insn)));
    mips_set_gpr32(dc, rt_of(insn), v);
}

void mips_trans_addiu(struct mips_dc *dc, uint32_t insn)
{
    uint32_t v = mips_op32(dc, IR_add, mips_gpr32(dc, rs_of(insn)), mips_imm32(dc, (uint32_t)simm16(insn)));
    mips_set_gpr32(dc, rt_of(insn), v);
}

void mips_trans_daddi(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rt_of(insn), add_trap(dc, I64, mips_gpr(dc, rs_of(insn)), mips_imm(dc, (uint64_t)simm16(insn))));
}

void mips_trans_daddiu(struct mips_dc *dc, uint32_t insn)
{
    uint32_t v = mips_op(dc, IR_add, mips_gpr(dc, rs_of(insn)), mips_imm(dc, (uint64_t)simm16(insn)));
    mips_set_gpr(dc, rt_of(insn), v);
}

/* The comparisons take the immediate sign-extended, SLTIU too. */
void mips_trans_slti(struct mips_dc *dc, uint32_t insn)
{
    set_less(dc, rt_of(insn), IR_LT, mips_gpr(dc, rs_of(insn)), mips_imm(dc, (uint64_t)simm16(insn)));
}

void mips_trans_sltiu(struct mips_dc *dc, uint32_t insn)
{
    set_less(dc, rt_of(insn), IR_LTU, mips_gpr(dc, rs_of(insn)), mips_imm(dc, (uint64_t)simm16(insn)));
}

/* The logical immediates are zero-extended. */
static void logic_imm(struct mips_dc *dc, uint32_t insn, enum ir_opcode opc)
{
    mips_set_gpr(dc, rt_of(insn), mips_op(dc, opc, mips_gpr(dc, rs_of(insn)), mips_imm(dc, insn & 0xffff)));
}

void mips_trans_andi(struct mips_dc *dc, uint32_t insn) { logic_imm(dc, insn, IR_and); }
void mips_trans_ori(struct mips_dc *dc, uint32_t insn) { logic_imm(dc, insn, IR_or); }
void mips_trans_xori(struct mips_dc *dc, uint32_t insn) { logic_imm(dc, insn, IR_xor); }

void mips_trans_lui(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rt_of(insn), mips_imm(dc, (uint64_t)(int64_t)(int32_t)(insn << 16)));
}

/* ---- counting ---- */

void mips_trans_clz(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr32(dc, rd_of(insn), ir_unop(dc->b, IR_clz, I32, mips_gpr32(dc, rs_of(insn))));
}

void mips_trans_clo(struct mips_dc *dc, uint32_t insn)
{
    uint32_t inv = ir_unop(dc->b, IR_not, I32, mips_gpr32(dc, rs_of(insn)));
    mips_set_gpr32(dc, rd_of(insn), ir_unop(dc->b, IR_clz, I32, inv));
}

void mips_trans_dclz(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), ir_unop(dc->b, IR_clz, I64, mips_gpr(dc, rs_of(insn))));
}

void mips_trans_dclo(struct mips_dc *dc, uint32_t insn)
{
    uint32_t inv = ir_unop(dc->b, IR_not, I64, mips_gpr(dc, rs_of(insn)));
    mips_set_gpr(dc, rd_of(insn), ir_unop(dc->b, IR_clz, I64, inv));
}

/* ---- bit fields (Release 2) ---- */

static uint64_t low_mask(unsigned size)
{
    return size >= 64 ? ~0ull : (1ull << size) - 1;
}

/* rs[pos + size - 1 : pos], zero-extended, of type t. */
static uint32_t extract(struct mips_dc *dc, enum ir_type t, uint32_t v, unsigned pos, unsigned size)
{
    uint32_t shifted = pos ? ir_shifti(dc->b, IR_shri, t, v, pos) : v;
    return ir_binop(dc->b, IR_and, t, shifted, ir_movi(dc->b, t, low_mask(size)));
}

/* dst with bits [pos + size - 1 : pos] replaced by the low bits of v. */
static uint32_t deposit(struct mips_dc *dc, enum ir_type t, uint32_t dst, uint32_t v, unsigned pos, unsigned size)
{
    uint64_t field = low_mask(size) << pos;
    uint32_t ins = ir_binop(dc->b, IR_and, t, v, ir_movi(dc->b, t, low_mask(size)));
    if (pos)
        ins = ir_shifti(dc->b, IR_shli, t, ins, pos);
    uint32_t kept = ir_binop(dc->b, IR_and, t, dst, ir_movi(dc->b, t, ~field));
    return ir_binop(dc->b, IR_or, t, kept, ins);
}

/* A field past the register's width is UNPREDICTABLE: a Reserved
 * Instruction, as qemu makes it. */
static bool field_ok(struct mips_dc *dc, unsigned pos, unsigned size, unsigned width)
{
    if (size == 0 || pos + size > width) {
        mips_reserved(dc);
        return false;
    }
    return true;
}

void mips_trans_ext(struct mips_dc *dc, uint32_t insn)
{
    unsigned pos = sa_of(insn), size = rd_of(insn) + 1;
    if (field_ok(dc, pos, size, 32))
        mips_set_gpr32(dc, rt_of(insn), extract(dc, I32, mips_gpr32(dc, rs_of(insn)), pos, size));
}

void mips_trans_ins(struct mips_dc *dc, uint32_t insn)
{
    unsigned pos = sa_of(insn), msb = rd_of(insn);
    if (msb < pos) {
        mips_reserved(dc);
        return;
    }
    unsigned rt = rt_of(insn);
    uint32_t v = deposit(dc, I32, mips_gpr32(dc, rt), mips_gpr32(dc, rs_of(insn)), pos, msb - pos + 1);
    mips_set_gpr32(dc, rt, v);
}

static void dext(struct mips_dc *dc, uint32_t insn, unsigned pos, unsigned size)
{
    if (field_ok(dc, pos, size, 64))
        mips_set_gpr(dc, rt_of(insn), extract(dc, I64, mips_gpr(dc, rs_of(insn)), pos, size));
}

void mips_trans_dext(struct mips_dc *dc, uint32_t insn) { dext(dc, insn, sa_of(insn), rd_of(insn) + 1); }
void mips_trans_dextm(struct mips_dc *dc, uint32_t insn) { dext(dc, insn, sa_of(insn), rd_of(insn) + 33); }
void mips_trans_dextu(struct mips_dc *dc, uint32_t insn) { dext(dc, insn, sa_of(insn) + 32, rd_of(insn) + 1); }

static void dins(struct mips_dc *dc, uint32_t insn, unsigned pos, unsigned msb)
{
    if (msb < pos) {
        mips_reserved(dc);
        return;
    }
    unsigned rt = rt_of(insn);
    mips_set_gpr(dc, rt, deposit(dc, I64, mips_gpr(dc, rt), mips_gpr(dc, rs_of(insn)), pos, msb - pos + 1));
}

void mips_trans_dins(struct mips_dc *dc, uint32_t insn) { dins(dc, insn, sa_of(insn), rd_of(insn)); }
void mips_trans_dinsm(struct mips_dc *dc, uint32_t insn) { dins(dc, insn, sa_of(insn), rd_of(insn) + 32); }
void mips_trans_dinsu(struct mips_dc *dc, uint32_t insn) { dins(dc, insn, sa_of(insn) + 32, rd_of(insn) + 32); }

/* ---- byte operations (Release 2) ---- */

/* The bytes within each halfword swapped: the byte reversal of the word
 * with its halfwords put back in place. */
void mips_trans_wsbh(struct mips_dc *dc, uint32_t insn)
{
    uint32_t rev = ir_unop(dc->b, IR_bswap, I32, mips_gpr32(dc, rt_of(insn)));
    mips_set_gpr32(dc, rd_of(insn), ir_shifti(dc->b, IR_rotri, I32, rev, 16));
}

void mips_trans_seb(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr32(dc, rd_of(insn), ir_unop(dc->b, IR_ext8s, I32, mips_gpr32(dc, rt_of(insn))));
}

void mips_trans_seh(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr32(dc, rd_of(insn), ir_unop(dc->b, IR_ext16s, I32, mips_gpr32(dc, rt_of(insn))));
}

/* The bytes within each of the four halfwords swapped. */
static uint32_t swap_halfword_bytes64(struct mips_dc *dc, uint32_t v)
{
    struct ir_block *b = dc->b;
    uint32_t m = ir_movi(b, I64, 0x00ff00ff00ff00ffull);
    uint32_t lo = ir_shifti(b, IR_shli, I64, ir_binop(b, IR_and, I64, v, m), 8);
    uint32_t hi = ir_binop(b, IR_and, I64, ir_shifti(b, IR_shri, I64, v, 8), m);
    return ir_binop(b, IR_or, I64, lo, hi);
}

void mips_trans_dsbh(struct mips_dc *dc, uint32_t insn)
{
    mips_set_gpr(dc, rd_of(insn), swap_halfword_bytes64(dc, mips_gpr(dc, rt_of(insn))));
}

/* The halfwords in reverse order: a full byte reversal, then each
 * halfword's bytes back. */
void mips_trans_dshd(struct mips_dc *dc, uint32_t insn)
{
    uint32_t rev = ir_unop(dc->b, IR_bswap, I64, mips_gpr(dc, rt_of(insn)));
    mips_set_gpr(dc, rd_of(insn), swap_halfword_bytes64(dc, rev));
}
