@ cpu: arm926 arm1136 arm1176
@ sigill: arm7tdmi
@ LDRD/STRD (immediate and register offsets, pre/post-indexed, writeback,
@ the base as a destination) and SWP/SWPB (ARM ARM DDI 0100I A5.3, A4.1.108).
@ LDRD/STRD are ARMv5TE: the ARMv4T build (ldrd_swp_v4.S) has SWP only.
@ Prints "ok" and exits 0, or prints "fail N" (N: the Nth check in this
@ file) and exits 1. Scratch registers of the checks: r11, ip.

        .syntax unified
        .arm

@ ARCH: the architecture level of the checks, 5 unless ldrd_swp_v4.S sets 4
@ (ARMv4T) and includes this file.
        .ifndef ARCH
        .set    ARCH, 5
        .endif

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
dw:     .word   0x11111111, 0x22222222, 0x33333333, 0x44444444
        .word   0x55555555, 0x66666666
        .align  3
dbuf:   .space  32
sw:     .word   0x12345678
swb:    .word   0x11223383
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
        .if     ARCH >= 5
        bl      ldrd_forms
        bl      strd_forms
        .endif
        bl      swp_forms
        b       pass

        .if     ARCH >= 5
ldrd_forms:
        ldr     r0, =dw
        ldrd    r2, r3, [r0]
        check   r2, 0x11111111
        check   r3, 0x22222222
        ldrd    r2, r3, [r0, #8]
        check   r2, 0x33333333
        check   r3, 0x44444444
        check   r0, dw
        ldrd    r4, r5, [r0, #16]!
        check   r4, 0x55555555
        check   r5, 0x66666666
        check   r0, dw+16
        ldrd    r4, r5, [r0, #-16]!
        check   r4, 0x11111111
        check   r5, 0x22222222
        check   r0, dw
        ldrd    r6, r7, [r0], #8
        check   r6, 0x11111111
        check   r7, 0x22222222
        check   r0, dw+8
        ldrd    r6, r7, [r0], #-8
        check   r6, 0x33333333
        check   r7, 0x44444444
        check   r0, dw
        add     r0, r0, #0x100
        ldrd    r8, r9, [r0, #-0xf8]
        check   r8, 0x33333333
        check   r9, 0x44444444
        ldr     r0, =dw
        mov     r1, #8
        ldrd    r2, r3, [r0, r1]
        check   r2, 0x33333333
        check   r3, 0x44444444
        check   r0, dw
        ldrd    r2, r3, [r0, r1]!
        check   r2, 0x33333333
        check   r0, dw+8
        ldrd    r2, r3, [r0, -r1]
        check   r2, 0x11111111
        check   r3, 0x22222222
        ldrd    r2, r3, [r0], r1
        check   r2, 0x33333333
        check   r3, 0x44444444
        check   r0, dw+16
        ldrd    r2, r3, [r0], -r1
        check   r2, 0x55555555
        check   r3, 0x66666666
        check   r0, dw+8
        ldrd    r2, r3, [r0, -r1]!
        check   r2, 0x11111111
        check   r0, dw
        ldrd    r0, r1, [r0]        @ the base as Rt, no writeback: defined
        check   r0, 0x11111111
        check   r1, 0x22222222
        ldr     r3, =dw+8
        ldrd    r2, r3, [r3]        @ the base as Rt2
        check   r2, 0x33333333
        check   r3, 0x44444444
        mov     pc, lr

strd_forms:
        ldr     r0, =dbuf
        ldr     r2, =0xaaaa0001
        ldr     r3, =0xbbbb0002
        strd    r2, r3, [r0]
        checkmem dbuf, 0xaaaa0001
        checkmem dbuf+4, 0xbbbb0002
        check   r0, dbuf
        mov     r4, #4
        mov     r5, #5
        strd    r4, r5, [r0, #8]!
        checkmem dbuf+8, 4
        checkmem dbuf+12, 5
        check   r0, dbuf+8
        strd    r2, r3, [r0], #-8
        checkmem dbuf+8, 0xaaaa0001
        checkmem dbuf+12, 0xbbbb0002
        check   r0, dbuf
        mov     r1, #16
        strd    r4, r5, [r0, r1]
        checkmem dbuf+16, 4
        checkmem dbuf+20, 5
        check   r0, dbuf
        strd    r4, r5, [r0, r1]!
        check   r0, dbuf+16
        mov     r6, #6
        mov     r7, #7
        strd    r6, r7, [r0, -r1]!
        checkmem dbuf, 6
        checkmem dbuf+4, 7
        check   r0, dbuf
        strd    r6, r7, [r0], r1
        check   r0, dbuf+16
        strd    r2, r3, [r0], -r1
        checkmem dbuf+16, 0xaaaa0001
        checkmem dbuf+20, 0xbbbb0002
        check   r0, dbuf
        add     r0, r0, #0x100
        strd    r6, r7, [r0, #-0xe8]
        checkmem dbuf+24, 6
        checkmem dbuf+28, 7
        ldr     r0, =dbuf
        strd    r0, r1, [r0]        @ the base as Rt, no writeback: defined
        checkmem dbuf, dbuf
        checkmem dbuf+4, 16
        mov     pc, lr

        .endif

swp_forms:
        ldr     r0, =sw
        ldr     r1, =0xcafebabe
        swp     r2, r1, [r0]
        check   r2, 0x12345678
        checkmem sw, 0xcafebabe
        check   r1, 0xcafebabe
        ldr     r1, =0x0f0f0f0f
        swp     r1, r1, [r0]        @ Rt == Rm
        check   r1, 0xcafebabe
        checkmem sw, 0x0f0f0f0f
        ldr     r0, =swb
        mvn     r1, #0xbb           @ 0xffffff44
        swpb    r2, r1, [r0]
        check   r2, 0x83            @ zero-extended
        checkmem swb, 0x11223344
        ldr     r0, =swb+2
        mov     r1, #0x99
        swpb    r1, r1, [r0]
        check   r1, 0x22
        checkmem swb, 0x11993344
        mov     pc, lr

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
