@ cpu: arm1136 arm1176
@ sigill: arm7tdmi
@ Unaligned accesses on ARMv6 with SCTLR.U set, as Linux runs user code:
@ LDR/STR, LDRH/LDRSH/STRH and register offsets at any byte address are
@ plain unaligned accesses; LDRD needs only word alignment (ARM ARM
@ DDI 0100I A2.8). LDRD (ARMv5TE) comes first, so ARMv4T stops there.
@ Prints "ok" and exits 0, or prints "fail N" (N: the Nth check in this
@ file) and exits 1. Scratch registers of the checks: r11, ip.

        .syntax unified
        .arm

        .set    nchk, 0
        .macro  check reg, val
        .set    nchk, nchk + 1
        ldr     ip, =\val
        cmp     \reg, ip
        ldrne   r0, =nchk
        bne     fail
        .endm

        .macro  checkr reg, reg2
        .set    nchk, nchk + 1
        cmp     \reg, \reg2
        ldrne   r0, =nchk
        bne     fail
        .endm

        .macro  checkmem addr, val
        ldr     r11, =\addr
        ldr     r11, [r11]
        check   r11, \val
        .endm


        .data
        .align  4
bytes:  .byte   0x10, 0x21, 0x32, 0x43, 0x54, 0x65, 0x76, 0x87
        .byte   0x98, 0xa9, 0xba, 0xcb, 0xdc, 0xed, 0xfe, 0x0f
ubuf:   .word   0, 0, 0, 0
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
        ldr     r0, =bytes+4
        ldrd    r2, r3, [r0]        @ word-aligned, not doubleword-aligned
        check   r2, 0x87766554
        check   r3, 0xcbbaa998
        ldr     r0, =bytes
        ldr     r1, [r0, #1]
        check   r1, 0x54433221
        ldr     r1, [r0, #2]
        check   r1, 0x65544332
        ldr     r1, [r0, #3]
        check   r1, 0x76655443
        mov     r2, #7
        ldr     r1, [r0, r2]
        check   r1, 0xbaa99887
        ldr     r1, [r0, #5]!
        check   r1, 0x98877665
        check   r0, bytes+5
        ldr     r1, [r0], #1
        check   r1, 0x98877665
        check   r0, bytes+6
        ldrh    r1, [r0, #-5]
        check   r1, 0x3221
        ldrh    r1, [r0, #1]
        check   r1, 0x9887
        ldrsh   r1, [r0, #1]
        check   r1, 0xffff9887
        ldrsh   r1, [r0, #-3]
        check   r1, 0x5443
        ldr     r0, =ubuf
        ldr     r1, =0xaabbccdd
        str     r1, [r0, #1]
        checkmem ubuf, 0xbbccdd00
        checkmem ubuf+4, 0x000000aa
        ldr     r1, =0x11223344
        mov     r2, #6
        str     r1, [r0, r2]!
        checkmem ubuf+4, 0x334400aa
        checkmem ubuf+8, 0x00001122
        check   r0, ubuf+6
        ldr     r1, =0xffff5566
        strh    r1, [r0, #-3]
        checkmem ubuf, 0x66ccdd00
        checkmem ubuf+4, 0x33440055
        strh    r1, [r0, #3]
        checkmem ubuf+8, 0x00556622
        b       pass

fail:   ldr     r4, =failmsg + 5
        mov     r3, #100
        bl      digit
        mov     r3, #10
        bl      digit
        mov     r3, #1
        bl      digit
        mov     r0, #1
        ldr     r1, =failmsg
        mov     r2, #9
        mov     r7, #4
        svc     #0
        mov     r0, #1
        mov     r7, #1
        svc     #0

@ Stores the digit of r0 for the power of ten r3 at r4 and advances.
digit:  mov     r2, #'0'
1:      cmp     r0, r3
        subhs   r0, r0, r3
        addhs   r2, r2, #1
        bhs     1b
        strb    r2, [r4], #1
        mov     pc, lr

pass:   mov     r0, #1
        ldr     r1, =okmsg
        mov     r2, #3
        mov     r7, #4
        svc     #0
        mov     r0, #0
        mov     r7, #1
        svc     #0
        .ltorg
