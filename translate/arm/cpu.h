/* ARM guest CPU state and models. The CPU knows nothing of its platform:
 * Linux user mode and the boards drive it through struct cpu_head exits. */
#ifndef DUET_ARM_CPU_H
#define DUET_ARM_CPU_H

#include "dbt.h"

/* Architecture features; a model has a set, an encoding requires a set. */
enum {
    ARM_F_V4T = 1u << 0,   /* Thumb, BX, halfword loads */
    ARM_F_V5 = 1u << 1,    /* v5T: CLZ, BLX, BKPT, loads to pc interwork */
    ARM_F_V5TE = 1u << 2,  /* DSP multiplies, QADD..., LDRD/STRD, PLD, MCRR */
    ARM_F_V5J = 1u << 3,   /* BXJ */
    ARM_F_V6 = 1u << 4,    /* media, REV, SXT/UXT, LDREX/STREX, SETEND, CPS, unaligned access */
    ARM_F_V6K = 1u << 5,   /* LDREXB/H/D, CLREX, YIELD/WFE/WFI/SEV, TPIDRURO */
    ARM_F_VFP2 = 1u << 6,
};

struct arm_model {
    const char *name;
    uint32_t features;
    uint32_t midr;
    const char *platform;     /* AT_PLATFORM */
    const char *uname;        /* uname -m */
    uint32_t hwcap;           /* AT_HWCAP */
};
/* NULL when unknown; arm_models[] ends with a NULL name. */
const struct arm_model *arm_model_find(const char *name);
extern const struct arm_model arm_models[];
#define ARM_DEFAULT_MODEL "arm1176"

/* Block mode flags (cpu_head.block_flags). */
enum {
    ARM_TB_THUMB = 1u << 0,
    ARM_TB_BE_DATA = 1u << 1,   /* CPSR.E: big-endian data accesses */
    /* FPSCR.LEN (bits 18..16) and STRIDE (21..20), at their FPSCR
     * positions: whether a VFP operation is scalar or a short vector is
     * decided when it is translated. arm_cpu_set_fpscr and FMXR keep them
     * equal to FPSCR's. */
    ARM_TB_VFP_VECTOR = 0x00370000u,
};

struct arm_cpu {
    struct cpu_head head;       /* head.pc is the pc; r[15] is unused */
    uint32_t r[16];
    /* Flags as QEMU keeps them: N is bit 31 of nf, Z is (zf == 0), C is cf
     * (0 or 1), V is bit 31 of vf. */
    uint32_t nf, zf, cf, vf;
    uint32_t qf;                /* sticky saturation: nonzero when set */
    uint32_t ge;                /* GE[3:0] of the ARMv6 SIMD instructions */
    uint32_t excl_addr;         /* exclusive monitor: address, or ~0 when open */
    uint64_t excl_val;          /* what LDREX* read, zero-extended */
    uint32_t tpidruro;          /* TLS register (CP15 c13, user read-only) */
    uint32_t fpscr;
    uint32_t fpexc;
    uint64_t vfp_d[16];
    const struct arm_model *model;
};

/* IR register slots: r0-r14, then the state the translator touches. */
enum {
    ARM_SLOT_R0 = 0,
    ARM_SLOT_SP = 13,
    ARM_SLOT_LR = 14,
    ARM_SLOT_BLOCK_FLAGS = 15,
    ARM_SLOT_QF,
    ARM_SLOT_GE,
    ARM_SLOT_EXCL_ADDR,
    ARM_SLOT_EXCL_VAL,
    ARM_SLOT_TPIDRURO,
    ARM_SLOT_FAULT_ADDR,   /* cpu_head.fault_addr (I64) */
    ARM_SLOT_FPSCR,
    /* The VFP registers as the 64-bit d0-d15 (sN is the low word of
     * d(N/2) when N is even, the high word when odd): the only view of
     * them the IR has, as slots must not overlap. */
    ARM_SLOT_D0,
    ARM_SLOT_D15 = ARM_SLOT_D0 + 15,
    ARM_NSLOTS
};
enum { ARM_NF, ARM_ZF, ARM_CF, ARM_VF, ARM_NFLAGS };

/* Guest-specific exit reasons. */
enum {
    EXIT_ARM_KUSER = EXIT_GUEST_BASE,  /* pc entered the kuser helper page */
};

void arm_cpu_reset(struct arm_cpu *c, const struct arm_model *m);
/* CPSR as the guest sees it (user mode: N Z C V Q, E, T, GE, mode 0x10). */
uint32_t arm_cpsr_read(const struct arm_cpu *c);
/* Writes the flag fields of CPSR selected by mask (user-writable bits). */
void arm_cpsr_write(struct arm_cpu *c, uint32_t val, uint32_t mask);
/* Writes FPSCR and the block mode flags that follow its LEN and STRIDE. */
void arm_cpu_set_fpscr(struct arm_cpu *c, uint32_t fpscr);

#endif
