@ cpu: arm1136 arm1176
@ sigill: arm7tdmi arm926
@ Big-endian data after SETEND BE (CPSR.E = 1, ARMv6): word, halfword,
@ signed, doubleword, multiple, swap and exclusive accesses all use the
@ data endianness; byte accesses are unchanged (ARM ARM DDI 0100I A2.7).
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
words:  .word   0x11223344, 0x55667788, 0x000083f0, 0x99aabbcc
buf:    .word   0, 0, 0, 0
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
@ Literal loads are data loads too: everything the checks need is loaded
@ and compared with little-endian data.
        ldr     r0, =words
        setend  be
        ldr     r1, [r0]
        ldrb    r2, [r0]
        ldrh    r3, [r0, #2]
        ldrsh   r4, [r0, #8]        @ bytes f0 83
        ldrsb   r5, [r0, #9]
        ldrd    r6, r7, [r0]
        ldmib   r0, {r8, r9}
        setend  le
        check   r1, 0x44332211
        check   r2, 0x44
        check   r3, 0x2211
        check   r4, 0xfffff083
        check   r5, 0xffffff83
        check   r6, 0x44332211
        check   r7, 0x88776655
        check   r8, 0x88776655
        check   r9, 0xf0830000
        ldr     r0, =buf
        ldr     r1, =0xaabbccdd
        ldr     r2, =0x1234
        ldr     r3, =0x01020304
        ldr     r4, =0x0a0b0c0d
        ldr     r5, =0x51525354
        ldr     r6, =0x61626364
        add     r7, r0, #8
        setend  be
        str     r1, [r0]
        strh    r2, [r0, #4]
        ldrex   r8, [r0]
        strex   r9, r3, [r0]
        swp     r10, r4, [r0]
        stmia   r7, {r5, r6}
        setend  le
        check   r8, 0xaabbccdd
        check   r9, 0
        check   r10, 0x01020304
        checkmem buf, 0x0d0c0b0a
        checkmem buf+4, 0x00003412
        checkmem buf+8, 0x54535251
        checkmem buf+12, 0x64636261
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
