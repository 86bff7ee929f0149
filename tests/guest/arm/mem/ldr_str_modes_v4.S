@ cpu: arm7tdmi
@ ldr_str_modes.S built for ARMv4T (ARCH = 4): the same checks without PLD.
        .arch   armv4t
        .set    ARCH, 4
        .include "ldr_str_modes.S"
