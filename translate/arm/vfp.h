/* VFPv2 (ARM ARM DDI 0100I, part C): what the translator (trans_vfp.c) and
 * the helpers (vfp_helpers.c) agree on: FPSCR fields and the operation
 * codes passed to the helpers. */
#ifndef DUET_ARM_VFP_H
#define DUET_ARM_VFP_H

#include <stdint.h>

/* FPSCR fields. */
enum {
    VFP_IOC = 1u << 0,     /* cumulative exception flags */
    VFP_DZC = 1u << 1,
    VFP_OFC = 1u << 2,
    VFP_UFC = 1u << 3,
    VFP_IXC = 1u << 4,
    VFP_IDC = 1u << 7,
    VFP_LEN_SHIFT = 16,    /* short vectors: LEN (3 bits), length - 1 */
    VFP_STRIDE_SHIFT = 20, /* STRIDE (2 bits): 00 is 1, 11 is 2 */
    VFP_RMODE_SHIFT = 22,  /* RN, RP, RM, RZ */
    VFP_FZ = 1u << 24,
    VFP_DN = 1u << 25,
};
#define VFP_LEN_MASK (7u << VFP_LEN_SHIFT)
#define VFP_RMODE_MASK (3u << VFP_RMODE_SHIFT)

/* The FPSCR bits FMXR writes, as qemu-arm keeps them for arm1176: NZCV,
 * bit 26, DN, FZ, RMode, STRIDE, LEN and the cumulative flags. Exceptions
 * are never trapped, so the trap enables read as zero and ignore writes;
 * bit 19 (FZ16 in later architectures) reads as zero. */
#define VFP_FPSCR_WRITABLE 0xf7f7009fu

/* FPSID of the VFP11 coprocessor of the ARM1176 (the value qemu-arm reports). */
#define VFP_FPSID_ARM1176 0x410120b5u

/* arm_helper_vfp_arith(op, d, n, m), the short-vector form. The first
 * nine are numbered as the encoding's opcode bits p:q:r:s (bits 23, 21,
 * 20, 6) number them. */
enum vfp_arith_op {
    VFP_MAC, VFP_NMAC, VFP_MSC, VFP_NMSC, VFP_MUL, VFP_NMUL, VFP_ADD, VFP_SUB, VFP_DIV,
    VFP_CPY, VFP_ABS, VFP_NEG, VFP_SQRT,
};

/* arm_helper_vfp_convert(op, value). VFP_CVT_FF converts between the two
 * precisions (from double to single with VFP_OP_DP). The integer forms
 * read or write an integer in a single-precision register. */
enum vfp_cvt_op {
    VFP_CVT_FF, VFP_UITO, VFP_SITO, VFP_TOUI, VFP_TOUIZ, VFP_TOSI, VFP_TOSIZ,
};

/* Operation flag: double precision (registers are d0-d15 numbers, else
 * s0-s31). */
enum {
    VFP_OP_DP = 1u << 4,
};

#endif
