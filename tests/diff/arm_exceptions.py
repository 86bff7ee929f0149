"""Where qemu-arm (the reference of scripts/difftest) contradicts the ARM
ARM (DDI 0100I). Each entry names the manual section and how the case is
kept out of the comparison; everything else must match exactly."""

EXCEPTIONS = [
    {
        "id": "v5-unaligned-ldr",
        "section": "A4.1.23 (LDR), A2.8",
        "what": "Before ARMv6 an unaligned LDR loads the aligned word rotated right by "
                "8 * address[1:0]; qemu-arm 7.2 loads the unaligned bytes instead.",
        "handled": "gen_mem/gen_thumb: word accesses are word-aligned on models without ARMv6 "
                   "(tests/guest/arm/mem/unaligned_v5.S checks duet's rotation).",
    },
    {
        "id": "vfp-stride-2",
        "section": "C5.1 (short vectors), C2.2.2 (FPSCR STRIDE)",
        "what": "Short vectors with FPSCR.STRIDE = 2: qemu-arm steps the register "
                "numbers differently from the ARM ARM.",
        "handled": "gen_vfp.random_fpscr: vectors have stride 1 only.",
    },
    {
        "id": "vfp-dp-unary-vector",
        "section": "C5.1 (short vectors), C4.1.30 FSQRT, FCPY, FABS, FNEG",
        "what": "Double-precision FCPY/FABS/FNEG/FSQRT as a short vector with a vector "
                "source: qemu-arm 7.2 steps the destination from the source register "
                "(translate-vfp.c do_vfp_2op_dp assigns the advanced Dm to Dd), so it "
                "writes the wrong registers; single precision and scalar sources are right.",
        "handled": "gen_vfp.gen_unary: not generated with LEN > 1 and both operands outside bank 0.",
    },
    {
        "id": "vfp-fstmx-format",
        "section": "C4.1 FLDMX, FSTMX (DDI 0100I); F6.1.5, F6.1.6 FLDM*X, FSTM*X (DDI 0487)",
        "what": "Not a contradiction, a choice: in VFPv2 the memory image FSTMX writes is only "
                "defined as what FLDMX reads back (IMPLEMENTATION DEFINED format). The later ARM "
                "ARM specifies it as FSTMD's, the extra word neither stored nor loaded but counted "
                "in the writeback; qemu-arm 7.2 does that, and so does duet (trans_vfp.c).",
        "handled": "compared as qemu gives it: gen_vfp.gen_vldst generates the X forms.",
    },
]
