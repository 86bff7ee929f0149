@ cpu: arm7tdmi arm926 arm1136 arm1176
@ LDRH/STRH/LDRSB/LDRSH: the split 8-bit immediate and register offsets,
@ up/down, pre/post-indexed, writeback, zero and sign extension, STRH
@ writing two bytes only (ARM ARM DDI 0100I A5.3).
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
half:   .hword  0x1122, 0x3344, 0x8081, 0x7f7e, 0xf0f1, 0x0102, 0x8000, 0xffff
        .space  0xfe - 16
        .hword  0xa55a              @ at half + 0xfe
        .align  4
hbuf:   .word   0x11111111, 0x22222222, 0x33333333, 0x44444444
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
        bl      imm_forms
        bl      reg_forms
        bl      stores
        b       pass

imm_forms:
        ldr     r0, =half
        ldrh    r1, [r0]
        check   r1, 0x1122
        ldrh    r1, [r0, #2]
        check   r1, 0x3344
        ldrh    r1, [r0, #4]        @ zero-extended
        check   r1, 0x8081
        ldrsh   r1, [r0, #4]
        check   r1, 0xffff8081
        ldrsh   r1, [r0, #6]
        check   r1, 0x7f7e
        ldrsb   r1, [r0, #4]
        check   r1, 0xffffff81
        ldrsb   r1, [r0, #5]
        check   r1, 0xffffff80
        ldrsb   r1, [r0, #6]
        check   r1, 0x7e
        ldrsh   r1, [r0, #12]
        check   r1, 0xffff8000
        ldrsh   r1, [r0, #14]
        check   r1, 0xffffffff
        ldrh    r1, [r0, #14]
        check   r1, 0xffff
        ldrh    r1, [r0, #0xfe]     @ both halves of the split immediate
        check   r1, 0xa55a
        ldrsh   r1, [r0, #0xfe]
        check   r1, 0xffffa55a
        ldrsb   r1, [r0, #0xff]
        check   r1, 0xffffffa5
        add     r0, r0, #0x100
        ldrh    r1, [r0, #-0xfe]
        check   r1, 0x3344
        check   r0, half+0x100
        ldr     r0, =half
        ldrh    r1, [r0, #2]!
        check   r1, 0x3344
        check   r0, half+2
        ldrsh   r1, [r0, #2]!
        check   r1, 0xffff8081
        check   r0, half+4
        ldrsb   r1, [r0, #-1]!
        check   r1, 0x33
        check   r0, half+3
        ldrsb   r1, [r0], #3
        check   r1, 0x33
        check   r0, half+6
        ldrh    r1, [r0], #-6
        check   r1, 0x7f7e
        check   r0, half
        ldrsh   r1, [r0], #12
        check   r1, 0x1122
        check   r0, half+12
        ldrh    r0, [r0]            @ into the base, no writeback
        check   r0, 0x8000
        mov     pc, lr

reg_forms:
        ldr     r0, =half
        mov     r2, #4
        ldrh    r1, [r0, r2]
        check   r1, 0x8081
        check   r0, half
        add     r0, r0, #8
        ldrsh   r1, [r0, -r2]
        check   r1, 0xffff8081
        ldrsb   r1, [r0, -r2]!
        check   r1, 0xffffff81
        check   r0, half+4
        ldrsh   r1, [r0, r2]!
        check   r1, 0xfffff0f1
        check   r0, half+8
        ldrh    r1, [r0], -r2
        check   r1, 0xf0f1
        check   r0, half+4
        ldrsb   r1, [r0], r2
        check   r1, 0xffffff81
        check   r0, half+8
        mov     pc, lr

stores:
        ldr     r0, =hbuf
        ldr     r1, =0xdeadbeef
        strh    r1, [r0]
        checkmem hbuf, 0x1111beef
        strh    r1, [r0, #2]
        checkmem hbuf, 0xbeefbeef
        check   r0, hbuf
        ldr     r1, =0x12348765
        strh    r1, [r0, #6]!
        checkmem hbuf+4, 0x87652222
        check   r0, hbuf+6
        strh    r1, [r0], #-2
        checkmem hbuf+4, 0x87652222
        check   r0, hbuf+4
        mov     r2, #4
        strh    r1, [r0, r2]
        checkmem hbuf+8, 0x33338765
        ldr     r1, =0xfedc4321
        strh    r1, [r0, r2]!
        checkmem hbuf+8, 0x33334321
        check   r0, hbuf+8
        strh    r1, [r0], -r2
        check   r0, hbuf+4
        add     r0, r0, #10
        mov     r1, #0x77
        strh    r1, [r0, -r2]!
        checkmem hbuf+8, 0x00774321
        check   r0, hbuf+10
        ldr     r3, =hbuf+12
        strh    r1, [r3], r2
        checkmem hbuf+12, 0x44440077
        check   r3, hbuf+16
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
