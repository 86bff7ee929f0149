/* Decoder cross-check: random 32-bit ARM words and every 16-bit Thumb
 * halfword, and random MIPS words in both byte orders, decoded by duet's
 * tables for each CPU model and by Capstone, must agree on whether they
 * are instructions, but for the exception classes below. Prints each
 * class with its count and an example, and every disagreement no class
 * explains; exits 1 if there is any.
 *
 *   decode_check [--isa arm|mips|all] [--count N] [--seed S] [--model NAME] [--verbose]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capstone.h>

#include "arm/translate.h"
#include "decode_check.h"

/* Capstone 4 decodes ARMv7 (and ARMv8 AArch32) and has no CPU levels;
 * duet's models stop at ARMv6K and VFPv2. */
static const struct exception_class classes[] = {
    /* ARM state: ARMv7 and later encodings. */
    { "ARMv7/v8 unconditional space (NEON, PLI, barriers, CRC, SETPAN...)", false,
      0xf0000000, 0xf0000000, true },
    { "ARMv6T2 MOVW/MOVT", false, 0x0fb00000, 0x03000000, true },
    { "ARMv6T2/v7 bit-field and divide: SBFX, UBFX, BFI, BFC, RBIT, SDIV, UDIV", false,
      0x0f000070, 0x07000050, true },
    { "ARMv6T2/v7 bit-field and divide: SBFX, UBFX, BFI, BFC, RBIT, SDIV, UDIV", false,
      0x0f000070, 0x07000010, true },
    { "ARMv6T2/v7 RBIT, bit-field, MLS, LDRHT/STRHT, LDRSBT/LDRSHT", false,
      0x0f0000f0, 0x00600090, true },
    { "ARMv6T2 LDRHT/STRHT/LDRSBT/LDRSHT (post-indexed with W)", false,
      0x0f200090, 0x00200090, true },
    { "ARMv7/v8 exclusives with acquire/release and LDA/STL", false, 0x0f800c90, 0x01800c90, true },
    { "ARMv7 virtualization and security: HVC, SMC, ERET, MRS/MSR banked", false,
      0x0f900000, 0x01000000, true },
    { "Coprocessors other than VFPv2 (cp0-9, cp12-15 beyond the TLS and barrier forms), VFPv3/v4, NEON moves", false,
      0x0c000000, 0x0c000000, true },
    { "UDF, the permanently undefined space (A3.16.5): Capstone names it, duet undefined as it is", false,
      0x0ff000f0, 0x07f000f0, true },
    /* ARM state: UNPREDICTABLE encodings duet executes. */
    { "LDREXD/STREXD with an odd or PC register (UNPREDICTABLE)", false, 0x0fe000f0, 0x01a00090, false },
    { "FMRX/FMXR of VFP system registers VFPv2 lacks (duet's handler: undefined)", false,
      0x0fe00fff, 0x0ee00a10, false },
    { "LDRD/STRD post-indexed with W = 1 (UNPREDICTABLE, A5.3): duet ignores W", false,
      0x0f3000d0, 0x002000d0, false },
    { "LDRD/STRD with an odd Rd (UNPREDICTABLE, A4.1.26/A4.1.102)", false,
      0x0e1010d0, 0x000010d0, false },
    { "MSR immediate with an empty field mask (UNPREDICTABLE; the ARMv6K hint space): no effect", false,
      0x0fff0000, 0x03200000, false },
    { "CPS with SBZ bits set or neither imod nor M (UNPREDICTABLE, A4.1.16): no effect in user mode", false,
      0xfff10000, 0xf1000000, false },
    { "FLDMX/FSTMX (cp11, odd word count, C4.1.21/C4.1.66): Capstone 4 does not decode them", false,
      0x0e000f01, 0x0c000b01, false },
    { "Thumb PUSH, POP, LDMIA, STMIA with an empty list (UNPREDICTABLE, A7.1.28)", true,
      0xf6ff, 0xb400, false },
    { "Thumb PUSH, POP, LDMIA, STMIA with an empty list (UNPREDICTABLE, A7.1.28)", true,
      0xf0ff, 0xc000, false },
    /* Thumb: 16-bit encodings of ARMv6T2 and later. */
    { "Thumb-2 CBZ/CBNZ", true, 0xf500, 0xb100, true },
    { "Thumb-2 IT and hints (NOP, YIELD, WFE, WFI, SEV)", true, 0xff00, 0xbf00, true },
    { "Thumb-2 UDF (duet: undefined, as it is)", true, 0xff00, 0xde00, true },
    /* Thumb: halves of the Thumb-1 BL/BLX pair, each an instruction to
     * duet (as on ARMv4T-v6 cores), the first half of a 32-bit Thumb-2
     * instruction to Capstone. */
    { "Thumb-1 BLX suffix / Thumb-2 32-bit prefix 11101", true, 0xf800, 0xe800, false },
    { "Thumb-1 BL prefix and suffix / Thumb-2 32-bit prefixes 11110, 11111", true, 0xf000, 0xf000, false },
};

/* SBZ (should-be-zero) and SBO (should-be-one) fields, values other
 * than which are UNPREDICTABLE (ARM ARM DDI 0100I); the two decoders
 * differ in which of them they accept. The cross-check compares them on
 * the encoding with those fields as the manual asks. */
static const struct sb_form sb_forms[] = {
    /* MOV, MVN: Rn (A5.1) */
    { false, 0x0da00010, 0x01a00000, 0x000f0000, 0 }, { false, 0x0da00090, 0x01a00010, 0x000f0000, 0 },
    { false, 0x0fa00000, 0x03a00000, 0x000f0000, 0 },
    /* TST, TEQ, CMP, CMN: Rd */
    { false, 0x0f900010, 0x01100000, 0x0000f000, 0 }, { false, 0x0f900090, 0x01100010, 0x0000f000, 0 },
    { false, 0x0f900000, 0x03100000, 0x0000f000, 0 },
    /* MRS (A4.1.38), MSR imm and reg (A4.1.39) */
    { false, 0x0fb000f0, 0x01000000, 0x00000f0f, 0x000f0000 },
    { false, 0x0fb00000, 0x03200000, 0, 0x0000f000 },
    { false, 0x0fb000f0, 0x01200000, 0x00000f00, 0x0000f000 },
    /* BX, BXJ, BLX (reg), CLZ */
    { false, 0x0ff000c0, 0x01200000, 0, 0x000fff00 }, { false, 0x0ff000f0, 0x01600010, 0, 0x000f0f00 },
    /* MUL, SMULWy, SMULxy: Rn; QADD family, SWP: bits 11:8 */
    { false, 0x0fe000f0, 0x00000090, 0x0000f000, 0 }, { false, 0x0ff000b0, 0x012000a0, 0x0000f000, 0 },
    { false, 0x0ff00090, 0x01600080, 0x0000f000, 0 }, { false, 0x0f9000f0, 0x01000050, 0x00000f00, 0 },
    { false, 0x0fb000f0, 0x01000090, 0x00000f00, 0 },
    /* LDREX/STREX family, halfword and doubleword register offsets */
    { false, 0x0f9000f0, 0x01900090, 0, 0x00000f0f }, { false, 0x0f9000f0, 0x01800090, 0, 0x00000f00 },
    { false, 0x0e400090, 0x00000090, 0x00000f00, 0 },
    /* Media: parallel add/subtract, SEL, SSAT16/USAT16, REV*, extensions */
    { false, 0x0f800010, 0x06000010, 0, 0x00000f00 }, { false, 0x0ff000f0, 0x068000b0, 0, 0x00000f00 },
    { false, 0x0fb000f0, 0x06a00030, 0, 0x00000f00 }, { false, 0x0fb00070, 0x06b00030, 0, 0x000f0f00 },
    { false, 0x0f8000f0, 0x06800070, 0x00000300, 0 },
    /* Thumb BX/BLX (reg): bits 2:0 */
    { true, 0xff00, 0x4700, 0x0007, 0 },
};

/* insn with its SBZ/SBO fields as the manual asks (insn itself when it has none). */
static uint32_t sb_normalise(uint32_t insn, bool thumb)
{
    for (size_t i = 0; i < sizeof(sb_forms) / sizeof(sb_forms[0]); i++) {
        const struct sb_form *f = &sb_forms[i];
        if (f->thumb == thumb && (insn & f->mask) == f->value)
            return (insn & ~(f->sbz | f->sbo)) | f->sbo;
    }
    return insn;
}

/* Capstone's answer for one encoding. */
static bool capstone_valid(csh cs, uint32_t insn, bool thumb)
{
    uint8_t code[4] = { insn & 0xff, (insn >> 8) & 0xff, (insn >> 16) & 0xff, insn >> 24 };
    cs_insn *ci;
    size_t n = cs_disasm(cs, code, thumb ? 2 : 4, 0x1000, 1, &ci);
    bool ok = n == 1 && ci[0].size == (thumb ? 2 : 4);
    if (n)
        cs_free(ci, n);
    return ok;
}

/* duet's answer: a table line other than the ones that mark undefined space. */
static bool duet_valid(const struct decode_table *t, uint32_t insn, uint32_t features)
{
    int line = decode_lookup(t, insn, features);
    return line >= 0 && strncmp(t->entries[line].name, "undefined", 9) != 0;
}

static const struct exception_class *classify(uint32_t insn, bool thumb, bool capstone_accepts)
{
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (classes[i].thumb == thumb && classes[i].capstone_accepts == capstone_accepts &&
            (insn & classes[i].mask) == classes[i].value)
            return &classes[i];
    return NULL;
}

_Static_assert(sizeof(classes) / sizeof(classes[0]) <= MAX_CLASSES, "too many exception classes");

/* One encoding on one model. An encoding duet knows but the model lacks
 * the features for is an ARM architecture level question, not a decoding
 * one: it counts as agreeing when Capstone accepts it. */
static void check_one(csh cs, const struct decode_table *t, uint32_t insn, bool thumb,
                      uint32_t features, uint32_t all_features, struct tally *ty, bool verbose)
{
    bool c = capstone_valid(cs, insn, thumb);
    bool d = duet_valid(t, insn, features);
    ty->checked++;
    if (c == d) {
        ty->agreed++;
        return;
    }
    if (c && duet_valid(t, insn, all_features)) {
        ty->later_level++;
        return;
    }
    uint32_t norm = sb_normalise(insn, thumb);
    if (norm != insn && capstone_valid(cs, norm, thumb) == duet_valid(t, norm, all_features)) {
        ty->sb_fields++;
        return;
    }
    const struct exception_class *k = classify(insn, thumb, c);
    if (k) {
        size_t i = (size_t)(k - classes);
        if (!ty->by_class[i]++)
            ty->example[i] = insn;
        return;
    }
    ty->unexplained++;
    if (verbose || ty->unexplained <= 20)
        printf("  unexplained: %s %0*x: Capstone %s, duet %s\n", thumb ? "thumb" : "arm",
               thumb ? 4 : 8, insn, c ? "accepts" : "rejects", d ? "accepts" : "rejects");
}

static void print_tally(const char *model, const struct tally *ty)
{
    printf("%s: %lu checked, %lu agree, %lu of a later architecture level, "
           "%lu differ only in SBZ/SBO fields, %lu unexplained\n",
           model, ty->checked, ty->agreed, ty->later_level, ty->sb_fields, ty->unexplained);
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (ty->by_class[i])
            printf("  %8lu  %s (e.g. %08x)\n", ty->by_class[i], classes[i].what, ty->example[i]);
}

static bool no_fetch(void *opaque, uint64_t pc, unsigned size, uint32_t *insn)
{
    (void)opaque, (void)pc, (void)size, (void)insn;
    return false;
}


static unsigned long check_arm(unsigned long count, uint64_t seed, const char *only, bool verbose);

int main(int argc, char **argv)
{
    unsigned long count = 200000;
    uint64_t seed = 1;
    bool verbose = false;
    const char *only = NULL, *isa = "all";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = strtoul(argv[++i], NULL, 0);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0) | 1;
        else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--isa") == 0 && i + 1 < argc)
            isa = argv[++i];
        else if (strcmp(argv[i], "--verbose") == 0)
            verbose = true;
        else {
            fprintf(stderr, "usage: decode_check [--isa arm|mips|all] [--count N] [--seed S] [--model NAME] [--verbose]\n");
            return 2;
        }
    }
    unsigned long unexplained = 0;
    if (strcmp(isa, "mips") != 0)
        unexplained += check_arm(count, seed, only, verbose);
    if (strcmp(isa, "arm") != 0)
        unexplained += check_mips(count, seed, only, verbose);
    printf("decode_check: %lu unexplained disagreements\n", unexplained);
    return unexplained ? 1 : 0;
}

/* Every ARM model: random ARM words and every Thumb halfword; the number
 * of unexplained disagreements. */
static unsigned long check_arm(unsigned long count, uint64_t seed, const char *only, bool verbose)
{
    csh arm_cs, thumb_cs;
    if (cs_open(CS_ARCH_ARM, CS_MODE_ARM, &arm_cs) != CS_ERR_OK ||
        cs_open(CS_ARCH_ARM, CS_MODE_THUMB, &thumb_cs) != CS_ERR_OK) {
        fprintf(stderr, "decode_check: Capstone has no ARM support\n");
        return 1;
    }
    uint32_t all = 0;
    for (const struct arm_model *m = arm_models; m->name; m++)
        all |= m->features;
    struct arm_code_fetch fetch = { no_fetch, NULL };
    unsigned long unexplained = 0;
    for (const struct arm_model *m = arm_models; m->name; m++) {
        if (only && strcmp(only, m->name) != 0)
            continue;
        struct arm_frontend *fe = arm_frontend_create(m, &fetch);
        struct tally arm = { 0 }, thumb = { 0 };
        uint64_t s = seed;
        for (unsigned long i = 0; i < count; i++)
            check_one(arm_cs, &fe->arm, (uint32_t)next_random(&s), false, m->features, all, &arm, verbose);
        for (uint32_t h = 0; h < 0x10000; h++)
            check_one(thumb_cs, &fe->thumb, h, true, m->features, all, &thumb, verbose);
        char name[64];
        snprintf(name, sizeof(name), "%s ARM", m->name);
        print_tally(name, &arm);
        snprintf(name, sizeof(name), "%s Thumb", m->name);
        print_tally(name, &thumb);
        unexplained += arm.unexplained + thumb.unexplained;
        arm_frontend_destroy(fe);
    }
    cs_close(&arm_cs);
    cs_close(&thumb_cs);
    return unexplained;
}
