/* ARM loads and stores: LDR/STR and the byte, halfword and doubleword forms,
 * LDM/STM, SWP, the exclusives and PLD (ARM ARM DDI 0100I, user mode).
 *
 * Every form computes all its addresses and performs all its loads before it
 * writes a register: a load that faults then leaves the guest registers as
 * they were before the instruction, which the precise-fault rule of the IR
 * requires. */
#include "arm/translate.h"

#define I32 IR_I32

/* The address of a single-register transfer (P, U, W and Rn of the
 * encoding, shared by the word/byte, halfword and doubleword forms). */
struct arm_addr {
    unsigned rn;
    uint32_t addr;   /* temp: the address accessed */
    uint32_t wb;     /* temp: the new base, or IR_NO_TEMP without writeback */
};

static uint32_t op2(struct arm_dc *dc, enum ir_opcode opc, uint32_t a, uint32_t b)
{
    return ir_binop(dc->b, opc, I32, a, b);
}

/* base +/- offset. A zero offset leaves the base, and a constant base
 * (r15) with a constant offset is a constant, as in arm_add_imm. */
static uint32_t offset_by(struct arm_dc *dc, uint32_t base, uint32_t offset, bool up)
{
    uint32_t k, v;
    if (arm_imm_value(dc, offset, &k) && (k == 0 || arm_imm_value(dc, base, &v)))
        return arm_add_imm(dc, base, up ? k : -k);
    return op2(dc, up ? IR_add : IR_sub, base, offset);
}

/* Pre-indexed (P = 1) accesses base +/- offset, post-indexed the base
 * itself. Post-indexed always writes back (with W = 1 it is the LDRT/STRT
 * form, the same access in user mode). Writeback to r15 is UNPREDICTABLE:
 * it is dropped so that only the transfer itself can end the block. */
static struct arm_addr arm_address(struct arm_dc *dc, uint32_t insn, uint32_t offset)
{
    struct arm_addr a = { .rn = bits(insn, 19, 16), .wb = IR_NO_TEMP };
    bool pre = bit(insn, 24);
    uint32_t base = arm_get_reg(dc, a.rn);
    uint32_t moved = offset_by(dc, base, offset, bit(insn, 23));

    a.addr = pre ? moved : base;
    if ((!pre || bit(insn, 21)) && a.rn != 15)
        a.wb = moved;
    return a;
}

static void arm_writeback(struct arm_dc *dc, const struct arm_addr *a)
{
    if (a->wb != IR_NO_TEMP)
        ir_set_reg(dc->b, a->rn, a->wb);
}

/* A loaded value into Rt; r15 takes the interworking load path. */
static void arm_write_loaded(struct arm_dc *dc, unsigned rt, uint32_t v)
{
    if (rt == 15)
        arm_load_pc(dc, v);
    else
        ir_set_reg(dc->b, rt, v);
}

/* The base is written back before Rt so that a load into the base register
 * keeps the loaded value. */
static void arm_finish_load(struct arm_dc *dc, const struct arm_addr *a, unsigned rt, uint32_t v)
{
    arm_writeback(dc, a);
    arm_write_loaded(dc, rt, v);
}

/* A word access before ARMv6 to an address not known to be aligned (a
 * pc-relative literal's address is a known constant). */
static bool arm_legacy_unaligned(struct arm_dc *dc, uint32_t mo, uint32_t addr)
{
    uint32_t a;
    if ((mo & IR_MO_SIZE_MASK) != 2 || (dc->features & ARM_F_V6))
        return false;
    return !arm_imm_value(dc, addr, &a) || (a & 3) != 0;
}

/* LDR/SWP access. Before ARMv6 a word load from a non-aligned address reads
 * the aligned word rotated right by 8 * addr[1:0]; from v6 on, Linux runs
 * with SCTLR.U set and the access is a plain unaligned one. */
static uint32_t arm_load(struct arm_dc *dc, uint32_t mo, uint32_t addr)
{
    if (!arm_legacy_unaligned(dc, mo, addr))
        return ir_load(dc->b, I32, mo, addr);
    uint32_t word = ir_load(dc->b, I32, mo, op2(dc, IR_andc, addr, arm_imm(dc, 3)));
    uint32_t rot = ir_shifti(dc->b, IR_shli, I32, op2(dc, IR_and, addr, arm_imm(dc, 3)), 3);
    return op2(dc, IR_rotr, word, rot);
}

/* STR/SWP access: before ARMv6 a word store ignores addr[1:0]. */
static void arm_store(struct arm_dc *dc, uint32_t mo, uint32_t addr, uint32_t v)
{
    if (arm_legacy_unaligned(dc, mo, addr))
        addr = op2(dc, IR_andc, addr, arm_imm(dc, 3));
    ir_store(dc->b, mo, addr, v);
}

/* One register to or from memory: L (bit 20) selects the direction. A store
 * of r15 stores this instruction's address + 8. */
static void arm_single(struct arm_dc *dc, uint32_t insn, uint32_t offset, uint32_t mo)
{
    struct arm_addr a = arm_address(dc, insn, offset);
    unsigned rt = bits(insn, 15, 12);

    if (bit(insn, 20)) {
        arm_finish_load(dc, &a, rt, arm_load(dc, mo, a.addr));
    } else {
        arm_store(dc, mo, a.addr, arm_get_reg(dc, rt));
        arm_writeback(dc, &a);
    }
}

/* B (bit 22) selects a byte rather than a word. */
static uint32_t arm_word_byte_mo(struct arm_dc *dc, uint32_t insn)
{
    return arm_mo(dc, bit(insn, 22) ? 0 : 2, false);
}

void arm_trans_ld_st_imm(struct arm_dc *dc, uint32_t insn)
{
    arm_single(dc, insn, arm_imm(dc, bits(insn, 11, 0)), arm_word_byte_mo(dc, insn));
}

/* The scaled register offset uses the data-processing immediate shifts
 * (LSR/ASR #0 mean #32, ROR #0 is RRX); the carry-out it also computes is
 * unused and removed by dce. */
void arm_trans_ld_st_reg(struct arm_dc *dc, uint32_t insn)
{
    uint32_t rm = arm_get_reg(dc, bits(insn, 3, 0));
    uint32_t offset = arm_shift_imm(dc, rm, bits(insn, 6, 5), bits(insn, 11, 7)).value;
    arm_single(dc, insn, offset, arm_word_byte_mo(dc, insn));
}

/* Offset of the halfword and doubleword forms: bit 22 selects an 8-bit
 * immediate split over bits 11:8 and 3:0, else the register Rm. */
static uint32_t arm_extra_offset(struct arm_dc *dc, uint32_t insn)
{
    if (bit(insn, 22))
        return arm_imm(dc, (bits(insn, 11, 8) << 4) | bits(insn, 3, 0));
    return arm_get_reg(dc, bits(insn, 3, 0));
}

/* S and H (bits 6, 5): 01 LDRH/STRH, 10 LDRSB, 11 LDRSH. The stores with S
 * set are LDRD/STRD, decoded by their own table line first, so they only
 * arrive here on CPUs without them: undefined. Unaligned halfwords are plain
 * unaligned accesses (allowed on v6, UNPREDICTABLE before). */
void arm_trans_ld_st_h(struct arm_dc *dc, uint32_t insn)
{
    unsigned sh = bits(insn, 6, 5);

    if (!bit(insn, 20) && sh != 1) {
        arm_undef(dc);
        return;
    }
    arm_single(dc, insn, arm_extra_offset(dc, insn), arm_mo(dc, sh == 2 ? 0 : 1, sh != 1));
}

/* An even Rt other than r14 pairs with Rt + 1; anything else is undefined
 * (as qemu treats it), which also keeps r15 out of the pair. */
static bool arm_bad_pair(unsigned rt)
{
    return (rt & 1) || rt == 14;
}

/* LDRD/STRD: bit 5 set is the store. Rt goes to the lower address. */
void arm_trans_ldrd_strd(struct arm_dc *dc, uint32_t insn)
{
    unsigned rt = bits(insn, 15, 12);
    uint32_t mo = arm_mo(dc, 2, false);

    if (arm_bad_pair(rt)) {
        arm_undef(dc);
        return;
    }
    struct arm_addr a = arm_address(dc, insn, arm_extra_offset(dc, insn));
    uint32_t addr2 = arm_add_imm(dc, a.addr, 4);
    if (bit(insn, 5)) {
        ir_store(dc->b, mo, a.addr, arm_get_reg(dc, rt));
        ir_store(dc->b, mo, addr2, arm_get_reg(dc, rt + 1));
        arm_writeback(dc, &a);
        return;
    }
    uint32_t lo = ir_load(dc->b, I32, mo, a.addr);
    uint32_t hi = ir_load(dc->b, I32, mo, addr2);
    arm_writeback(dc, &a);
    ir_set_reg(dc->b, rt, lo);
    ir_set_reg(dc->b, rt + 1, hi);
}

/* The lowest address of LDM/STM with n registers: IA base, IB base + 4,
 * DA base - 4n + 4, DB base - 4n. Before ARMv6 address bits 1:0 are ignored
 * (legacy alignment); from v6 on the Linux alignment fixup makes an
 * unaligned LDM/STM a sequence of unaligned word accesses. */
static uint32_t arm_block_start(struct arm_dc *dc, uint32_t insn, uint32_t base, unsigned n)
{
    bool pre = bit(insn, 24);
    uint32_t off = bit(insn, 23) ? (pre ? 4 : 0) : (pre ? -4 * n : -4 * n + 4);
    uint32_t start = arm_add_imm(dc, base, off);

    if (!(dc->features & ARM_F_V6))
        start = op2(dc, IR_andc, start, arm_imm(dc, 3));
    return start;
}

/* LDM: every word is loaded before any register is written. With the base
 * in the list the loaded value wins, so there is no writeback; r15 is
 * written last since it ends the block. */
static void arm_ldm(struct arm_dc *dc, uint32_t list, uint32_t start, const struct arm_addr *wb)
{
    uint32_t val[16] = { 0 };
    uint32_t addr = start;

    for (unsigned r = 0; r < 16; r++) {
        if (!(list & (1u << r)))
            continue;
        val[r] = ir_load(dc->b, I32, arm_mo(dc, 2, false), addr);
        addr = arm_add_imm(dc, addr, 4);
    }
    if (!(list & (1u << wb->rn)))
        arm_writeback(dc, wb);
    for (unsigned r = 0; r < 15; r++)
        if (list & (1u << r))
            ir_set_reg(dc->b, r, val[r]);
    if (list & (1u << 15))
        arm_load_pc(dc, val[15]);
}

/* STM stores the registers as they were before the instruction, the base
 * included (the architected value when it is the lowest in the list, and
 * the choice for the UNPREDICTABLE other cases); r15 stores its address + 8. */
static void arm_stm(struct arm_dc *dc, uint32_t list, uint32_t start, const struct arm_addr *wb)
{
    uint32_t addr = start;

    for (unsigned r = 0; r < 16; r++) {
        if (!(list & (1u << r)))
            continue;
        ir_store(dc->b, arm_mo(dc, 2, false), addr, arm_get_reg(dc, r));
        addr = arm_add_imm(dc, addr, 4);
    }
    arm_writeback(dc, wb);
}

/* LDM/STM, all four modes. The S bit (user-bank registers, or the exception
 * return with r15 in an LDM list) selects the same registers in user mode,
 * where the exception return is UNPREDICTABLE: both are the plain forms. An
 * empty list is UNPREDICTABLE: undefined here. */
void arm_trans_ldm_stm(struct arm_dc *dc, uint32_t insn)
{
    uint32_t list = bits(insn, 15, 0);
    unsigned n = (unsigned)__builtin_popcount(list);

    if (n == 0) {
        arm_undef(dc);
        return;
    }
    unsigned rn = bits(insn, 19, 16);
    uint32_t base = arm_get_reg(dc, rn);
    uint32_t delta = bit(insn, 23) ? 4 * n : -4 * n;
    struct arm_addr wb = { .rn = rn, .wb = IR_NO_TEMP };
    if (bit(insn, 21) && rn != 15)
        wb.wb = arm_add_imm(dc, base, delta);
    uint32_t start = arm_block_start(dc, insn, base, n);
    if (bit(insn, 20))
        arm_ldm(dc, list, start, &wb);
    else
        arm_stm(dc, list, start, &wb);
}

/* SWP/SWPB: one host exchange, atomic for other threads. Before ARMv6 a
 * word access ignores addr[1:0] for the store and rotates the loaded word
 * (arm_load/arm_store's rule), which the exchange of the aligned word
 * followed by the rotation gives. The old memory value goes to Rt last, so
 * Rt == Rm or Rt == Rn work. */
void arm_trans_swp(struct arm_dc *dc, uint32_t insn)
{
    uint32_t mo = arm_mo(dc, bit(insn, 22) ? 0 : 2, false);
    uint32_t addr = arm_get_reg(dc, bits(insn, 19, 16));
    uint32_t v = arm_get_reg(dc, bits(insn, 3, 0));
    uint32_t old;

    if (arm_legacy_unaligned(dc, mo, addr)) {
        uint32_t rot = ir_shifti(dc->b, IR_shli, I32, op2(dc, IR_and, addr, arm_imm(dc, 3)), 3);
        uint32_t word = ir_xchg(dc->b, I32, mo, op2(dc, IR_andc, addr, arm_imm(dc, 3)), v);
        old = op2(dc, IR_rotr, word, rot);
    } else {
        old = ir_xchg(dc->b, I32, mo, addr, v);
    }
    arm_write_loaded(dc, bits(insn, 15, 12), old);
}

/* Exclusive monitor. The CPU state holds one address and the value LDREX*
 * read (LDREXD: the doubleword as one 64-bit access in data byte order).
 * STREX* stores with one host compare-and-swap against that value, so it
 * fails when another thread changed the memory in between; a change and
 * back is not seen, as in qemu-user. */
static void arm_excl_open(struct arm_dc *dc)
{
    ir_set_reg(dc->b, ARM_SLOT_EXCL_ADDR, arm_imm(dc, ~0u));
}

/* The two words of a doubleword access in register order (Rt, Rt+1): the
 * word at the lower address first. */
static void arm_split_pair(struct arm_dc *dc, uint32_t v64, uint32_t *first, uint32_t *second)
{
    uint32_t lo = ir_unop(dc->b, IR_trunc, I32, v64);
    uint32_t hi = ir_unop(dc->b, IR_trunc, I32, ir_shifti(dc->b, IR_shri, IR_I64, v64, 32));
    *first = dc->be_data ? hi : lo;
    *second = dc->be_data ? lo : hi;
}

static uint32_t arm_join_pair(struct arm_dc *dc, uint32_t first, uint32_t second)
{
    uint32_t lo = ir_unop(dc->b, IR_ext32u, IR_I64, dc->be_data ? second : first);
    uint32_t hi = ir_unop(dc->b, IR_ext32u, IR_I64, dc->be_data ? first : second);
    return ir_binop(dc->b, IR_or, IR_I64, lo, ir_shifti(dc->b, IR_shli, IR_I64, hi, 32));
}

/* LDREX/B/H/D. r15 operands are UNPREDICTABLE: undefined, as in qemu. */
static void arm_ldrex(struct arm_dc *dc, uint32_t insn, unsigned size_log2)
{
    unsigned rt = bits(insn, 15, 12), rn = bits(insn, 19, 16);
    bool pair = size_log2 == 3;

    if (rn == 15 || rt == 15 || (pair && arm_bad_pair(rt))) {
        arm_undef(dc);
        return;
    }
    uint32_t addr = ir_get_reg(dc->b, rn);
    uint32_t v = ir_load(dc->b, pair ? IR_I64 : I32, arm_mo(dc, size_log2, false), addr);

    ir_set_reg(dc->b, ARM_SLOT_EXCL_ADDR, addr);
    if (pair) {
        uint32_t first, second;
        arm_split_pair(dc, v, &first, &second);
        ir_set_reg(dc->b, ARM_SLOT_EXCL_VAL, v);
        ir_set_reg(dc->b, rt, first);
        ir_set_reg(dc->b, rt + 1, second);
    } else {
        ir_set_reg(dc->b, ARM_SLOT_EXCL_VAL, ir_unop(dc->b, IR_ext32u, IR_I64, v));
        ir_set_reg(dc->b, rt, v);
    }
}

static bool arm_strex_unpredictable(unsigned rd, unsigned rt, unsigned rn, bool pair)
{
    if (rd == 15 || rt == 15 || rn == 15 || rd == rn || rd == rt)
        return true;
    return pair && (arm_bad_pair(rt) || rd == rt + 1);
}

/* STREX/B/H/D: Rd = 0 when the monitor holds this address and the
 * compare-and-swap succeeds, else Rd = 1; the monitor is open afterwards
 * either way. UNPREDICTABLE register choices are undefined, as in qemu. */
static void arm_strex(struct arm_dc *dc, uint32_t insn, unsigned size_log2)
{
    unsigned rd = bits(insn, 15, 12), rt = bits(insn, 3, 0), rn = bits(insn, 19, 16);
    bool pair = size_log2 == 3;

    if (arm_strex_unpredictable(rd, rt, rn, pair)) {
        arm_undef(dc);
        return;
    }
    struct ir_block *b = dc->b;
    uint32_t addr = ir_get_reg(b, rn);
    uint32_t fail = ir_new_label(b), done = ir_new_label(b);

    ir_brcond(b, I32, IR_NE, ir_get_reg(b, ARM_SLOT_EXCL_ADDR), addr, fail);
    uint32_t want = ir_get_reg(b, ARM_SLOT_EXCL_VAL);
    uint32_t v = pair ? arm_join_pair(dc, ir_get_reg(b, rt), ir_get_reg(b, rt + 1))
                      : ir_unop(b, IR_ext32u, IR_I64, ir_get_reg(b, rt));
    uint32_t old = ir_cmpxchg(b, IR_I64, arm_mo(dc, size_log2, false), addr, want, v);
    ir_brcond(b, IR_I64, IR_NE, old, want, fail);
    ir_set_reg(b, rd, arm_imm(dc, 0));
    ir_br(b, done);
    ir_label(b, fail);
    ir_set_reg(b, rd, arm_imm(dc, 1));
    ir_label(b, done);
    arm_excl_open(dc);
}

void arm_trans_ldrex(struct arm_dc *dc, uint32_t insn) { arm_ldrex(dc, insn, 2); }
void arm_trans_ldrexb(struct arm_dc *dc, uint32_t insn) { arm_ldrex(dc, insn, 0); }
void arm_trans_ldrexh(struct arm_dc *dc, uint32_t insn) { arm_ldrex(dc, insn, 1); }
void arm_trans_ldrexd(struct arm_dc *dc, uint32_t insn) { arm_ldrex(dc, insn, 3); }
void arm_trans_strex(struct arm_dc *dc, uint32_t insn) { arm_strex(dc, insn, 2); }
void arm_trans_strexb(struct arm_dc *dc, uint32_t insn) { arm_strex(dc, insn, 0); }
void arm_trans_strexh(struct arm_dc *dc, uint32_t insn) { arm_strex(dc, insn, 1); }
void arm_trans_strexd(struct arm_dc *dc, uint32_t insn) { arm_strex(dc, insn, 3); }

void arm_trans_clrex(struct arm_dc *dc, uint32_t insn)
{
    (void)insn;
    arm_excl_open(dc);
}

/* PLD is a hint: no access, so it cannot fault. */
void arm_trans_pld(struct arm_dc *dc, uint32_t insn)
{
    (void)dc;
    (void)insn;
}
