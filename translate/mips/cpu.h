/* MIPS guest CPU state and models. The CPU knows nothing of its platform:
 * Linux user mode drives it through struct cpu_head exits.
 *
 * General registers, HI and LO are 64 bits wide in the state. A MIPS32
 * model's IR sees only their low words (32-bit slots, so its code stays
 * 32-bit); a MIPS64 model sees all of them, with 32-bit results held
 * sign-extended as the architecture requires. */
#ifndef DUET_MIPS_CPU_H
#define DUET_MIPS_CPU_H

#include "dbt.h"

/* Architecture features; a model has a set, an encoding requires a set. */
enum {
    MIPS_F_R2 = 1u << 0,     /* Release 2: EXT/INS, WSBH, SEB/SEH, ROTR, MFHC1/MTHC1, SYNCI */
    MIPS_F_64 = 1u << 1,     /* MIPS64: doubleword registers and instructions */
    MIPS_F_FPU = 1u << 2,    /* coprocessor 1 */
    MIPS_F_F64 = 1u << 3,    /* a 64-bit FPU: FR=1 and the L format */
    MIPS_F_COP1X = 1u << 4,  /* indexed FP loads and stores, MADD.fmt (MIPS IV, MIPS32R2) */
};

struct mips_model {
    const char *name;
    uint32_t features;
    uint32_t prid;            /* CP0 PRId */
    uint32_t fir;             /* CP1 FIR (FCR0) */
    uint32_t fcsr_writable;   /* FCSR bits CTC1 writes */
    const char *platform;     /* AT_PLATFORM */
    const char *uname;        /* uname -m */
};
/* NULL when unknown; mips_models[] ends with a NULL name. */
const struct mips_model *mips_model_find(const char *name);
extern const struct mips_model mips_models[];
#define MIPS_DEFAULT_MODEL32 "24kf"
#define MIPS_DEFAULT_MODEL64 "mips64r2"

/* Block mode flags (cpu_head.block_flags). */
enum {
    MIPS_TB_FR = 1u << 0,     /* Status.FR: 32 64-bit FP registers */
};

struct mips_cpu {
    struct cpu_head head;     /* head.pc is the pc */
    uint64_t gpr[32];         /* gpr[0] stays 0 */
    uint64_t hi, lo;
    uint64_t lladdr;          /* LL/SC: the linked address, or ~0 when none */
    uint64_t llval;           /* and the value LL read */
    uint64_t userlocal;       /* UserLocal: the thread pointer RDHWR $29 reads */
    uint64_t fpr[32];
    uint32_t fcsr;
    uint32_t pad;
    const struct mips_model *model;
    bool big_endian;          /* data and instruction fetch */
};

/* The low word of a 64-bit field, as a byte offset within it. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define MIPS_LOW_WORD 4
#else
#define MIPS_LOW_WORD 0
#endif

/* IR register slots: the general registers (slot 0 unused: $zero is never
 * read or written through the state), HI, LO, then the rest. */
enum {
    MIPS_SLOT_HI = 32,
    MIPS_SLOT_LO,
    MIPS_SLOT_LLADDR,
    MIPS_SLOT_LLVAL,
    MIPS_SLOT_USERLOCAL,
    MIPS_SLOT_FAULT_ADDR,     /* cpu_head.fault_addr (I64) */
    MIPS_SLOT_EXIT_ARG,       /* cpu_head.exit_arg (I64) */
    MIPS_SLOT_FCSR,
    MIPS_SLOT_FPR0,           /* the FP registers, 64 bits each */
    MIPS_SLOT_FPR31 = MIPS_SLOT_FPR0 + 31,
    MIPS_NSLOTS
};

/* Guest-specific exit reasons; cpu_head.exit_arg says more. */
#define EXIT_MIPS_TRAP ((enum exit_reason)(EXIT_GUEST_BASE + 0))     /* conditional trap: its code */
#define EXIT_MIPS_BREAK ((enum exit_reason)(EXIT_GUEST_BASE + 1))    /* BREAK: its code */
#define EXIT_MIPS_OVERFLOW ((enum exit_reason)(EXIT_GUEST_BASE + 2)) /* ADD, SUB, ADDI... overflowed */
#define EXIT_MIPS_FPE ((enum exit_reason)(EXIT_GUEST_BASE + 3))      /* enabled FP exception: FCSR.Cause */
#define EXIT_MIPS_ADDRESS ((enum exit_reason)(EXIT_GUEST_BASE + 4))  /* address error: fault_addr, exit_arg 1 for a store */

/* FCSR fields. */
enum {
    MIPS_FCSR_RM = 3u,                  /* rounding: RN, RZ, RP, RM */
    MIPS_FCSR_FLAGS_SHIFT = 2,
    MIPS_FCSR_ENABLES_SHIFT = 7,
    MIPS_FCSR_CAUSE_SHIFT = 12,
    MIPS_FCSR_FCC0 = 1u << 23,
    MIPS_FCSR_FS = 1u << 24,
};
/* Exception bits within flags, enables and cause (cause also has E, 1 << 5). */
enum { MIPS_FP_I = 1, MIPS_FP_U = 2, MIPS_FP_O = 4, MIPS_FP_Z = 8, MIPS_FP_V = 16, MIPS_FP_E = 32 };

void mips_cpu_reset(struct mips_cpu *c, const struct mips_model *m, bool big_endian);
static inline bool mips_is64(const struct mips_cpu *c) { return (c->model->features & MIPS_F_64) != 0; }
/* A general register as the o32 ABI sees it: the low word. */
static inline uint32_t mips_cpu_gpr32(const struct mips_cpu *c, unsigned r) { return (uint32_t)c->gpr[r]; }
/* Writes a 32-bit value, sign-extended as MIPS64 keeps 32-bit values. */
static inline void mips_cpu_set_gpr32(struct mips_cpu *c, unsigned r, uint32_t v)
{
    if (r)
        c->gpr[r] = (uint64_t)(int64_t)(int32_t)v;
}

#endif
