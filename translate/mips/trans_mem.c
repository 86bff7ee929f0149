/* MIPS loads and stores: the aligned forms, the unaligned pairs LWL/LWR,
 * SWL/SWR (and LDL/LDR, SDL/SDR) in either endianness, and LL/SC, LLD/SCD.
 *
 * A misaligned LW/LH/SW... is an Address Error on the CPU, which Linux
 * fixes up by doing the access itself (unaligned access emulation), so
 * user code sees it succeed: here it is a plain unaligned access. LL and
 * SC are not fixed up: a misaligned one is SIGBUS. */
#include "mips/translate.h"

#define I32 IR_I32
#define I64 IR_I64

static uint32_t ea(struct mips_dc *dc, uint32_t insn)
{
    return mips_address(dc, rs_of(insn), simm16(insn));
}

/* A load into rt; words and halves are sign- or zero-extended to the
 * register's width. */
static void load(struct mips_dc *dc, uint32_t insn, unsigned size_log2, bool sign)
{
    uint32_t v = ir_load(dc->b, dc->rt, mips_mo(dc, size_log2, sign), ea(dc, insn));
    mips_set_gpr(dc, rt_of(insn), v);
}

void mips_trans_lb(struct mips_dc *dc, uint32_t insn) { load(dc, insn, 0, true); }
void mips_trans_lbu(struct mips_dc *dc, uint32_t insn) { load(dc, insn, 0, false); }
void mips_trans_lh(struct mips_dc *dc, uint32_t insn) { load(dc, insn, 1, true); }
void mips_trans_lhu(struct mips_dc *dc, uint32_t insn) { load(dc, insn, 1, false); }
void mips_trans_lw(struct mips_dc *dc, uint32_t insn) { load(dc, insn, 2, true); }
void mips_trans_lwu(struct mips_dc *dc, uint32_t insn) { load(dc, insn, 2, false); }
void mips_trans_ld(struct mips_dc *dc, uint32_t insn) { load(dc, insn, 3, false); }

static void store(struct mips_dc *dc, uint32_t insn, unsigned size_log2)
{
    ir_store(dc->b, mips_mo(dc, size_log2, false), ea(dc, insn), mips_gpr(dc, rt_of(insn)));
}

void mips_trans_sb(struct mips_dc *dc, uint32_t insn) { store(dc, insn, 0); }
void mips_trans_sh(struct mips_dc *dc, uint32_t insn) { store(dc, insn, 1); }
void mips_trans_sw(struct mips_dc *dc, uint32_t insn) { store(dc, insn, 2); }
void mips_trans_sd(struct mips_dc *dc, uint32_t insn) { store(dc, insn, 3); }

/* ---- the unaligned pairs ----
 *
 * With A the address, the aligned unit (4 or 8 bytes) holding A is read in
 * the CPU's byte order; o = A mod size. LWL/SWL move the part of the
 * register from its most significant byte down, LWR/SWR the part from its
 * least significant byte up; how much depends on o and the endianness.
 * With k the number of bytes shifted by (MIPS32 Volume II, LWL/LWR):
 *   LWL: k = BE ? o : size-1-o    reg = reg & ~(ones << 8k) | mem << 8k
 *   LWR: k = BE ? size-1-o : o    reg = reg & ~(ones >> 8k) | mem >> 8k
 *   SWL: k as LWL                 mem = mem & ~(ones >> 8k) | reg >> 8k
 *   SWR: k as LWR                 mem = mem & ~(ones << 8k) | reg << 8k */
struct unaligned {
    enum ir_type t;      /* I32 for the word forms, I64 for the doubleword ones */
    unsigned size_log2;
    uint32_t aligned;    /* address of the aligned unit */
    uint32_t shift;      /* 8k, of type t */
};

static struct unaligned unaligned_setup(struct mips_dc *dc, uint32_t insn, bool dword, bool left)
{
    struct ir_block *b = dc->b;
    struct unaligned u = { dword ? I64 : I32, dword ? 3 : 2, 0, 0 };
    unsigned size = 1u << u.size_log2;
    uint32_t addr = ea(dc, insn);
    uint32_t o = mips_op(dc, IR_and, addr, mips_imm(dc, size - 1));
    u.aligned = mips_op(dc, IR_andc, addr, mips_imm(dc, size - 1));
    /* k = o, or size - 1 - o = o ^ (size - 1) */
    if (left != dc->be)
        o = mips_op(dc, IR_xor, o, mips_imm(dc, size - 1));
    uint32_t k = o;
    if (u.t != dc->rt)
        k = u.t == I32 ? ir_unop(b, IR_trunc, I32, o) : ir_unop(b, IR_ext32u, I64, o);
    u.shift = ir_shifti(b, IR_shli, u.t, k, 3);
    return u;
}

static uint32_t ones(struct mips_dc *dc, enum ir_type t)
{
    return ir_movi(dc->b, t, ~0ull);
}

/* reg with the bytes (ones shifted by opc) replaced by mem shifted by opc. */
static uint32_t merge(struct mips_dc *dc, const struct unaligned *u, enum ir_opcode opc, uint32_t keep_from,
                      uint32_t insert)
{
    struct ir_block *b = dc->b;
    uint32_t mask = ir_binop(b, opc, u->t, ones(dc, u->t), u->shift);
    uint32_t kept = ir_binop(b, IR_andc, u->t, keep_from, mask);
    return ir_binop(b, IR_or, u->t, kept, ir_binop(b, opc, u->t, insert, u->shift));
}

static uint32_t reg_of_width(struct mips_dc *dc, unsigned r, enum ir_type t)
{
    return t == I32 ? mips_gpr32(dc, r) : mips_gpr(dc, r);
}

static void load_partial(struct mips_dc *dc, uint32_t insn, bool dword, bool left)
{
    struct unaligned u = unaligned_setup(dc, insn, dword, left);
    uint32_t mem = ir_load(dc->b, u.t, mips_mo(dc, u.size_log2, false), u.aligned);
    unsigned rt = rt_of(insn);
    uint32_t v = merge(dc, &u, left ? IR_shl : IR_shr, reg_of_width(dc, rt, u.t), mem);
    /* The word forms sign-extend on MIPS64, as qemu does (LWR that leaves
     * bit 31 alone makes the upper half UNPREDICTABLE). */
    if (dword)
        mips_set_gpr(dc, rt, v);
    else
        mips_set_gpr32(dc, rt, v);
}

/* Read, merge, write back: the bytes outside the part are rewritten with
 * the values just read (one CPU: nothing else can write them between). */
static void store_partial(struct mips_dc *dc, uint32_t insn, bool dword, bool left)
{
    struct unaligned u = unaligned_setup(dc, insn, dword, left);
    uint32_t mo = mips_mo(dc, u.size_log2, false);
    uint32_t mem = ir_load(dc->b, u.t, mo, u.aligned);
    uint32_t v = merge(dc, &u, left ? IR_shr : IR_shl, mem, reg_of_width(dc, rt_of(insn), u.t));
    ir_store(dc->b, mo, u.aligned, v);
}

void mips_trans_lwl(struct mips_dc *dc, uint32_t insn) { load_partial(dc, insn, false, true); }
void mips_trans_lwr(struct mips_dc *dc, uint32_t insn) { load_partial(dc, insn, false, false); }
void mips_trans_swl(struct mips_dc *dc, uint32_t insn) { store_partial(dc, insn, false, true); }
void mips_trans_swr(struct mips_dc *dc, uint32_t insn) { store_partial(dc, insn, false, false); }
void mips_trans_ldl(struct mips_dc *dc, uint32_t insn) { load_partial(dc, insn, true, true); }
void mips_trans_ldr(struct mips_dc *dc, uint32_t insn) { load_partial(dc, insn, true, false); }
void mips_trans_sdl(struct mips_dc *dc, uint32_t insn) { store_partial(dc, insn, true, true); }
void mips_trans_sdr(struct mips_dc *dc, uint32_t insn) { store_partial(dc, insn, true, false); }

/* ---- LL/SC ----
 * The CPU state holds the linked address and the value LL read; SC stores
 * with one host compare-and-swap against that value, so it fails when
 * another thread changed the word in between (a change and back is not
 * seen, as in qemu-user). */

static void load_linked(struct mips_dc *dc, uint32_t insn, unsigned size_log2)
{
    uint32_t addr = ea(dc, insn);
    mips_check_align(dc, addr, (1u << size_log2) - 1, false);
    uint32_t v = ir_load(dc->b, dc->rt, mips_mo(dc, size_log2, true), addr);
    ir_set_reg(dc->b, MIPS_SLOT_LLADDR, addr);
    ir_set_reg(dc->b, MIPS_SLOT_LLVAL, v);
    mips_set_gpr(dc, rt_of(insn), v);
}

/* rt = 1 and the store when the link holds, else rt = 0; the link is
 * broken afterwards either way. */
static void store_conditional(struct mips_dc *dc, uint32_t insn, unsigned size_log2)
{
    struct ir_block *b = dc->b;
    unsigned rt = rt_of(insn);
    enum ir_type t = size_log2 == 3 ? IR_I64 : IR_I32;
    uint32_t addr = ea(dc, insn);
    mips_check_align(dc, addr, (1u << size_log2) - 1, true);
    uint32_t v = mips_gpr(dc, rt), want = ir_get_reg(b, MIPS_SLOT_LLVAL);
    uint32_t fail = ir_new_label(b), done = ir_new_label(b);

    if (t != dc->rt) {
        /* A word on MIPS64: LL's value is the sign-extended word. */
        v = ir_unop(b, IR_trunc, IR_I32, v);
        want = ir_unop(b, IR_trunc, IR_I32, want);
    }
    ir_brcond(b, dc->rt, IR_NE, ir_get_reg(b, MIPS_SLOT_LLADDR), addr, fail);
    uint32_t old = ir_cmpxchg(b, t, mips_mo(dc, size_log2, false), addr, want, v);
    ir_brcond(b, t, IR_NE, old, want, fail);
    mips_set_gpr(dc, rt, mips_imm(dc, 1));
    ir_br(b, done);
    ir_label(b, fail);
    mips_set_gpr(dc, rt, mips_imm(dc, 0));
    ir_label(b, done);
    ir_set_reg(b, MIPS_SLOT_LLADDR, mips_imm(dc, ~0ull));
}

void mips_trans_ll(struct mips_dc *dc, uint32_t insn) { load_linked(dc, insn, 2); }
void mips_trans_lld(struct mips_dc *dc, uint32_t insn) { load_linked(dc, insn, 3); }
void mips_trans_sc(struct mips_dc *dc, uint32_t insn) { store_conditional(dc, insn, 2); }
void mips_trans_scd(struct mips_dc *dc, uint32_t insn) { store_conditional(dc, insn, 3); }
