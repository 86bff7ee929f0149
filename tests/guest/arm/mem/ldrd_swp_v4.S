@ cpu: arm7tdmi
@ ldrd_swp.S built for ARMv4T (ARCH = 4): SWP and SWPB only (LDRD and STRD
@ are ARMv5TE).
        .arch   armv4t
        .set    ARCH, 4
        .include "ldrd_swp.S"
