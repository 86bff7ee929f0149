/* The MIPS part of decode_check: random words decoded by duet's MIPS
 * table for each model and by Capstone in MIPS32 or MIPS64 mode, in both
 * byte orders. */
#include <stdio.h>
#include <string.h>

#include <capstone.h>

#include "decode_check.h"
#include "mips/translate.h"

static unsigned w_op(uint32_t w) { return w >> 26; }
static unsigned w_rs(uint32_t w) { return (w >> 21) & 31; }
static unsigned w_rt(uint32_t w) { return (w >> 16) & 31; }
static unsigned w_rd(uint32_t w) { return (w >> 11) & 31; }
static unsigned w_sa(uint32_t w) { return (w >> 6) & 31; }
static unsigned w_funct(uint32_t w) { return w & 63; }

enum { OP_SPECIAL = 0, OP_REGIMM = 1, OP_COP0 = 0x10, OP_COP1 = 0x11, OP_COP2 = 0x12, OP_COP1X = 0x13,
       OP_SPECIAL2 = 0x1c, OP_SPECIAL3 = 0x1f };

static bool is_cop0(uint32_t w) { return w_op(w) == OP_COP0; }
static bool is_cache(uint32_t w) { return w_op(w) == 0x2f; }
static bool is_sdbbp(uint32_t w) { return w_op(w) == OP_SPECIAL2 && w_funct(w) == 0x3f; }
static bool is_cop2(uint32_t w)
{
    unsigned op = w_op(w);
    return op == OP_COP2 || op == 0x32 || op == 0x36 || op == 0x3a || op == 0x3e;
}
static bool is_bc3(uint32_t w) { return w_op(w) == OP_COP1X && w_rs(w) == 8; }
static bool is_jalx(uint32_t w) { return w_op(w) == 0x1d; }
static bool is_msa(uint32_t w)
{
    unsigned op = w_op(w), rs = w_rs(w);
    if (op == 0x1e)
        return true;
    if (op == OP_COP1 && (rs == 0x0b || rs == 0x0f || rs >= 0x18))
        return true;
    return op == OP_SPECIAL && (w_funct(w) == 0x05 || w_funct(w) == 0x15) && !(w & 0x700);   /* LSA DLSA */
}
/* The DSP ASE: SPECIAL3 functions outside Release 2's, BPOSGE32/64, and
 * the accumulator forms of MULT, MADD... (ac in bits 12..11). */
static bool is_dsp(uint32_t w)
{
    unsigned op = w_op(w), f = w_funct(w);
    if (op == OP_SPECIAL3)
        return f == 0x0a || f == 0x0c || (f >= 0x10 && f <= 0x14) || f == 0x18 || f == 0x30 || f == 0x31 ||
               f == 0x38 || f == 0x34 || f == 0x35 || f == 0x0d;
    if (op == OP_REGIMM)
        return w_rt(w) == 0x1c || w_rt(w) == 0x1d;
    bool acc_op = (op == OP_SPECIAL && f >= 0x10 && f <= 0x19) || (op == OP_SPECIAL2 && (f <= 1 || f == 4 || f == 5));
    return acc_op && (w & 0x1800) && !(w & 0xe7c0);
}
/* FP operands the model cannot hold: a D or L operand in an odd register
 * is valid with FR=1 only, which duet checks when it translates; Capstone's
 * MIPS32 mode assumes FR=0. */
static bool is_odd_double(uint32_t w)
{
    unsigned op = w_op(w), fmt = w_rs(w);
    if (op == OP_COP1X && (w_funct(w) & 0x20) && (w & 7) == 1)
        return (w_rs(w) | w_rt(w) | w_rd(w) | w_sa(w)) & 1;
    if (op == OP_COP1X && (w_funct(w) == 0x01 || w_funct(w) == 0x05))  /* LDXC1 LUXC1 */
        return w_sa(w) & 1;
    if (op == OP_COP1X && (w_funct(w) == 0x09 || w_funct(w) == 0x0d))  /* SDXC1 SUXC1 */
        return w_rd(w) & 1;
    if (op == 0x35 || op == 0x3d)                              /* LDC1 SDC1 */
        return w_rt(w) & 1;
    if (op != OP_COP1 || (fmt != 0x11 && fmt != 0x15 && fmt != 0x10 && fmt != 0x14))
        return false;
    unsigned f = w_funct(w);
    bool src64 = fmt == 0x11 || fmt == 0x15, dst64 = src64;
    if (f == 0x21 || f == 0x25 || (f >= 0x08 && f <= 0x0b))   /* to D or L */
        dst64 = true;
    if (f == 0x20 || f == 0x24 || (f >= 0x0c && f <= 0x0f))   /* to S or W */
        dst64 = false;
    bool odd_src = (w_rd(w) & 1) || (f < 4 && (w_rt(w) & 1)) || (f >= 0x30 && (w_rt(w) & 1));
    return (src64 && odd_src) || (dst64 && f < 0x30 && (w_sa(w) & 1));
}
static bool is_cc_nonzero(uint32_t w)
{
    return w_op(w) == OP_COP1 && (w_rs(w) == 0x10 || w_rs(w) == 0x11) && w_funct(w) >= 0x30 &&
           (w_sa(w) >> 2) != 0;
}
static bool is_cop1x_d(uint32_t w)
{
    return w_op(w) == OP_COP1X && (((w_funct(w) & 0x20) && (w & 7) == 1) || w_funct(w) == 0x0f);
}

/* SPECIAL2 functions that are not MIPS32/MIPS64 ones: Capstone's MIPS64
 * mode decodes Cavium Octeon's there (BADDU, SEQI, CINS, EXTS, POP...). */
static bool is_octeon(uint32_t w)
{
    static const uint8_t mips_functs[] = { 0x00, 0x01, 0x02, 0x04, 0x05, 0x20, 0x21, 0x24, 0x25, 0x3f };
    if (w_op(w) != OP_SPECIAL2)
        return false;
    for (size_t i = 0; i < sizeof(mips_functs); i++)
        if (w_funct(w) == mips_functs[i])
            return false;
    return true;
}

struct mips_class {
    const char *what;
    bool capstone_accepts;     /* true: Capstone accepts, duet not; false: the reverse */
    bool (*match)(uint32_t insn);
};

/* Why Capstone 4 (MIPS32 or MIPS64 mode with every ASE it knows, no CPU
 * levels, FR=0) and duet's MIPS table disagree. */
static const struct mips_class mips_classes[] = {
    { "Coprocessor 0 (privileged: MFC0, MTC0, ERET, TLB..., BC0): Reserved/Coprocessor Unusable in user mode",
      true, is_cop0 },
    { "CACHE (privileged)", true, is_cache },
    { "SDBBP (EJTAG debug breakpoint, privileged)", true, is_sdbbp },
    { "Coprocessor 2 (COP2, LWC2, SWC2, LDC2, SDC2): no CP2 on these models", true, is_cop2 },
    { "BC3F/BC3T (MIPS I-II coprocessor 3; COP1X in MIPS32/MIPS64)", true, is_bc3 },
    { "JALX (MIPS16e/microMIPS, not in these models)", true, is_jalx },
    { "MSA ASE (op 011110, COP1 BZ/BNZ.fmt, LSA, DLSA): not in these models", true, is_msa },
    { "DSP ASE (SPECIAL3 DSP functions, BPOSGE32, accumulators ac1-ac3): not in these models", true, is_dsp },
    { "Cavium Octeon SPECIAL2 instructions (Capstone's MIPS64 mode): not in these models", true, is_octeon },
    { "D/L operands in odd FP registers: Capstone assumes FR=0, duet checks FR when translating",
      false, is_odd_double },
    { "C.cond.fmt with a condition code other than 0 (MIPS IV, MIPS32): Capstone 4 decodes cc 0 only",
      false, is_cc_nonzero },
    { "MADD/MSUB/NMADD/NMSUB.D and PREFX (MIPS32 Release 2): Capstone 4's MIPS32 mode lacks them",
      false, is_cop1x_d },
    { NULL, false, NULL },
};

/* Encodings whose fields the MIPS32/MIPS64 Volume II requires to be zero
 * ("0" in the encoding diagram; other values are Reserved or UNPREDICTABLE). */
static const struct sb_form mips_sb_forms[] = {
    /* SPECIAL arithmetic, logic, SLT, MOVZ/MOVN, D arithmetic: sa */
    { false, 0xfc00003e, 0x00000020, 0x7c0, 0 }, { false, 0xfc00003c, 0x00000024, 0x7c0, 0 },
    { false, 0xfc00003e, 0x0000002a, 0x7c0, 0 }, { false, 0xfc00003c, 0x0000002c, 0x7c0, 0 },
    { false, 0xfc00003e, 0x0000000a, 0x7c0, 0 },
    /* MULT, DIV and the D forms: rd, sa; MFHI/MFLO: rs, rt, sa; MTHI/MTLO: rt, rd, sa */
    { false, 0xfc000038, 0x00000018, 0xffc0, 0 }, { false, 0xfc00003d, 0x00000010, 0x03ff07c0, 0 },
    { false, 0xfc00003d, 0x00000011, 0x001fffc0, 0 },
    /* JR: rt, rd; JALR: rt; both: hint bits 9..6 (bit 10 is .HB); SYNC: rs, rt, rd */
    { false, 0xfc00003f, 0x00000008, 0x001ff3c0, 0 }, { false, 0xfc00003f, 0x00000009, 0x001f03c0, 0 },
    { false, 0xfc00003f, 0x0000000f, 0x03fff800, 0 },
    /* LUI: rs; BLEZ/BGTZ (and likely): rt */
    { false, 0xfc000000, 0x3c000000, 0x03e00000, 0 }, { false, 0xb8000000, 0x18000000, 0x001f0000, 0 },
    /* SPECIAL2 MADD, MADDU, MSUB, MSUBU: rd, sa; MUL, CLZ, CLO, DCLZ, DCLO: sa */
    { false, 0xfc00003a, 0x70000000, 0xffc0, 0 }, { false, 0xfc00003f, 0x70000002, 0x7c0, 0 },
    { false, 0xfc00003a, 0x70000020, 0x7c0, 0 },
    /* BSHFL/DBSHFL (WSBH, SEB, SEH, DSBH, DSHD): rs; RDHWR: rs, sa */
    { false, 0xfc00003b, 0x7c000020, 0x03e00000, 0 }, { false, 0xfc00003f, 0x7c00003b, 0x03e007c0, 0 },
    /* COP1 moves (MFC1...MTHC1): bits 10..0 */
    { false, 0xfe000000, 0x44000000, 0x7ff, 0 }, { false, 0xfe000000, 0x44800000, 0x7ff, 0 },
    { false, 0, 0, 0, 0 },
};

static uint32_t mips_sb_normalise(uint32_t insn)
{
    for (size_t i = 0; mips_sb_forms[i].mask; i++) {
        const struct sb_form *f = &mips_sb_forms[i];
        if ((insn & f->mask) == f->value)
            return insn & ~f->sbz;
    }
    return insn;
}

static bool mips_capstone_valid(csh cs, uint32_t insn, bool big)
{
    uint8_t code[4];
    for (int i = 0; i < 4; i++)
        code[i] = (uint8_t)(insn >> (big ? 24 - 8 * i : 8 * i));
    cs_insn *ci;
    size_t n = cs_disasm(cs, code, 4, 0x1000, 1, &ci);
    if (n)
        cs_free(ci, n);
    return n == 1;
}

static const struct mips_class *mips_classify(uint32_t insn, bool capstone_accepts)
{
    for (size_t i = 0; mips_classes[i].what; i++)
        if (mips_classes[i].capstone_accepts == capstone_accepts && mips_classes[i].match(insn))
            return &mips_classes[i];
    return NULL;
}

_Static_assert(sizeof(mips_classes) / sizeof(mips_classes[0]) <= MAX_CLASSES, "too many exception classes");

static void mips_check_one(csh cs, bool big, const struct decode_table *t, uint32_t insn, uint32_t features,
                           uint32_t all, struct tally *ty, bool verbose)
{
    bool c = mips_capstone_valid(cs, insn, big);
    int line = decode_lookup(t, insn, features);
    bool d = line >= 0;
    ty->checked++;
    if (c == d) {
        ty->agreed++;
        return;
    }
    if (c && decode_lookup(t, insn, all) >= 0) {
        ty->later_level++;
        return;
    }
    uint32_t norm = mips_sb_normalise(insn);
    if (norm != insn && mips_capstone_valid(cs, norm, big) == (decode_lookup(t, norm, all) >= 0)) {
        ty->sb_fields++;
        return;
    }
    const struct mips_class *k = mips_classify(insn, c);
    if (k) {
        size_t i = (size_t)(k - mips_classes);
        if (!ty->by_class[i]++)
            ty->example[i] = insn;
        return;
    }
    ty->unexplained++;
    if (verbose || ty->unexplained <= 20)
        printf("  unexplained: mips %08x: Capstone %s, duet %s\n", insn, c ? "accepts" : "rejects",
               d ? "accepts" : "rejects");
}

static void mips_print_tally(const char *model, const struct tally *ty)
{
    printf("%s: %lu checked, %lu agree, %lu of a later architecture level, "
           "%lu differ only in fields that must be zero, %lu unexplained\n",
           model, ty->checked, ty->agreed, ty->later_level, ty->sb_fields, ty->unexplained);
    for (size_t i = 0; mips_classes[i].what; i++)
        if (ty->by_class[i])
            printf("  %8lu  %s (e.g. %08x)\n", ty->by_class[i], mips_classes[i].what, ty->example[i]);
}

static bool mips_no_fetch(void *opaque, uint64_t pc, unsigned size, uint32_t *insn)
{
    (void)opaque, (void)pc, (void)size, (void)insn;
    return false;
}

unsigned long check_mips(unsigned long count, uint64_t seed, const char *only, bool verbose)
{
    uint32_t all = 0;
    for (const struct mips_model *m = mips_models; m->name; m++)
        all |= m->features;
    struct mips_code_fetch fetch = { mips_no_fetch, NULL };
    unsigned long unexplained = 0;
    for (const struct mips_model *m = mips_models; m->name; m++) {
        if (only && strcmp(only, m->name) != 0)
            continue;
        for (int big = 0; big < 2; big++) {
            csh cs;
            cs_mode mode = ((m->features & MIPS_F_64) ? CS_MODE_MIPS64 : CS_MODE_MIPS32) |
                           (big ? CS_MODE_BIG_ENDIAN : CS_MODE_LITTLE_ENDIAN);
            if (cs_open(CS_ARCH_MIPS, mode, &cs) != CS_ERR_OK) {
                fprintf(stderr, "decode_check: Capstone has no MIPS support\n");
                return 1;
            }
            struct mips_frontend *fe = mips_frontend_create(m, big, &fetch);
            struct tally ty = { 0 };
            uint64_t s = seed;
            for (unsigned long i = 0; i < count; i++)
                mips_check_one(cs, big, &fe->table, (uint32_t)next_random(&s), m->features, all, &ty, verbose);
            char name[64];
            snprintf(name, sizeof(name), "%s %s", m->name, big ? "mips" : "mipsel");
            mips_print_tally(name, &ty);
            unexplained += ty.unexplained;
            mips_frontend_destroy(fe);
            cs_close(&cs);
        }
    }
    return unexplained;
}

