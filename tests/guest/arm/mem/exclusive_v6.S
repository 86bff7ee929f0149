@ cpu: arm1136 arm1176
@ sigill: arm7tdmi arm926
@ exclusive.S built for ARMv6 (V6K = 0): LDREX and STREX, without the
@ byte, halfword and doubleword forms and CLREX of ARMv6K.
        .arch   armv6
        .set    V6K, 0
        .include "exclusive.S"
