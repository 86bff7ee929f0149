@ cpu: arm926 arm1136 arm1176
@ sigill: arm7tdmi
@ LDR/STR/LDRB/STRB: immediate and scaled-register offsets (LSL, LSR, ASR,
@ ROR, RRX and the #0 encodings of #32), up/down, pre/post-indexed,
@ writeback, LDRT/STRT, the base as the destination, loads to the pc and
@ stores of the pc (ARM ARM DDI 0100I A5.2), and PLD (ARMv5TE, left out of
@ the ARMv4T build; checked last, so ARMv4T runs every other check first).
@ Prints "ok" and exits 0, or prints "fail N" (N: the Nth check in this
@ file) and exits 1. Scratch registers of the checks: r11, ip.

        .syntax unified
        .arm

@ ARCH: the architecture level of the checks, 5 unless ldr_str_modes_v4.S sets 4
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
words:  .word   0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00
        .word   0x80818283, 0xf0f1f2f3, 0x01020304, 0x05060708
buf:    .space  64
ptrs:   .word   0, 0
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
        bl      imm_offsets
        bl      reg_offsets
        bl      stores
        bl      translated_forms
        bl      base_and_pc
        bl      conditional
        b       pass

@ Immediate offsets: pre-indexed with and without writeback, post-indexed.
imm_offsets:
        ldr     r0, =words
        ldr     r1, [r0, #4]
        check   r1, 0x55667788
        check   r0, words
        ldr     r1, [r0]
        check   r1, 0x11223344
        add     r0, r0, #8
        ldr     r1, [r0, #-8]
        check   r1, 0x11223344
        check   r0, words+8
        ldr     r1, [r0, #4]!
        check   r1, 0xddeeff00
        check   r0, words+12
        ldr     r1, [r0, #-12]!
        check   r1, 0x11223344
        check   r0, words
        ldr     r1, [r0], #8
        check   r1, 0x11223344
        check   r0, words+8
        ldr     r1, [r0], #-4
        check   r1, 0x99aabbcc
        check   r0, words+4
        ldr     r0, =words
        ldrb    r1, [r0, #1]
        check   r1, 0x33
        ldrb    r1, [r0, #3]!
        check   r1, 0x11
        check   r0, words+3
        ldrb    r1, [r0], #-2
        check   r1, 0x11
        check   r0, words+1
        ldr     r0, =words+16
        ldrb    r1, [r0]            @ 0x83: zero-extended
        check   r1, 0x83
        ldrb    r1, [r0, #-1]
        check   r1, 0xdd
        ldr     r2, =words+4095     @ the largest offset
        ldrb    r1, [r2, #-4095]
        check   r1, 0x44
        mov     pc, lr

@ Register offsets with every shift type.
reg_offsets:
        ldr     r0, =words
        mov     r2, #8
        ldr     r1, [r0, r2]
        check   r1, 0x99aabbcc
        add     r0, r0, #12
        ldr     r1, [r0, -r2]
        check   r1, 0x55667788
        check   r0, words+12
        ldr     r0, =words
        mov     r2, #3
        ldr     r1, [r0, r2, lsl #2]
        check   r1, 0xddeeff00
        mov     r2, #0x40
        ldr     r1, [r0, r2, lsr #4]
        check   r1, 0x55667788
        mvn     r2, #0              @ LSR #32: offset 0
        ldr     r1, [r0, r2, lsr #32]
        check   r1, 0x11223344
        ldr     r0, =words+16
        mvn     r2, #15             @ -16 ASR #2 = -4
        ldr     r1, [r0, r2, asr #2]
        check   r1, 0xddeeff00
        ldr     r0, =words+1
        mov     r2, #0x80000000     @ ASR #32 of a negative value: -1
        ldrb    r1, [r0, r2, asr #32]
        check   r1, 0x44
        mvn     r2, #0x80000000     @ ASR #32 of a positive value: 0
        ldrb    r1, [r0, r2, asr #32]
        check   r1, 0x33
        ldr     r0, =words
        ldr     r2, =0x20000001     @ ROR #29: 9
        ldrb    r1, [r0, r2, ror #29]
        check   r1, 0xbb
        ldr     r0, =words+0x80000000
        mov     r2, #2
        mov     r3, #1
        cmp     r3, #0              @ C = 1
        ldrb    r1, [r0, r2, rrx]   @ offset 0x80000001
        check   r1, 0x33
        ldr     r0, =words
        mov     r2, #4
        cmp     r3, #2              @ C = 0
        ldrb    r1, [r0, r2, rrx]   @ offset 2
        check   r1, 0x22
        mov     r2, #2
        ldr     r1, [r0, r2, lsl #2]!
        check   r1, 0x99aabbcc
        check   r0, words+8
        mov     r2, #1
        ldr     r1, [r0, -r2, lsl #3]!
        check   r1, 0x11223344
        check   r0, words
        mov     r2, #16
        ldr     r1, [r0], r2, lsr #1
        check   r1, 0x11223344
        check   r0, words+8
        ldr     r1, [r0], -r2
        check   r1, 0x99aabbcc
        check   r0, words-8
        ldr     r0, =words
        mov     r2, #5
        ldrb    r1, [r0, r2]!
        check   r1, 0x77
        check   r0, words+5
        ldrb    r1, [r0], -r2, lsl #0
        check   r1, 0x77
        check   r0, words
        mov     pc, lr

@ Stores: every addressing form; STRB writes one byte only.
stores:
        ldr     r0, =buf
        ldr     r1, =0xcafef00d
        str     r1, [r0]
        checkmem buf, 0xcafef00d
        ldr     r1, =0x12345678
        str     r1, [r0, #8]
        checkmem buf+8, 0x12345678
        check   r0, buf
        add     r0, r0, #16
        ldr     r1, =0xa5a5a5a5
        str     r1, [r0, #-4]!
        checkmem buf+12, 0xa5a5a5a5
        check   r0, buf+12
        ldr     r1, =0x0badf00d
        str     r1, [r0], #8
        checkmem buf+12, 0x0badf00d
        check   r0, buf+20
        mov     r2, #1
        str     r1, [r0, r2, lsl #2]
        checkmem buf+24, 0x0badf00d
        str     r2, [r0, -r2, lsl #2]!
        checkmem buf+16, 1
        check   r0, buf+16
        str     r2, [r0], -r2, lsl #4
        check   r0, buf
        ldr     r1, =0x87654321
        str     r1, [r0, #32]
        ldr     r1, =0xffffff99
        strb    r1, [r0, #33]
        checkmem buf+32, 0x87659921
        mov     r2, #35
        strb    r1, [r0, r2]!
        checkmem buf+32, 0x99659921
        check   r0, buf+35
        mov     r1, #0x42
        strb    r1, [r0], #-3
        checkmem buf+32, 0x42659921
        check   r0, buf+32
        @ Rt == Rn with writeback is UNPREDICTABLE: qemu and duet store
        @ the original base.
        .inst   0xe4800004          @ str r0, [r0], #4 (gas warns)
        checkmem buf+32, buf+32
        check   r0, buf+36
        .inst   0xe5a00004          @ str r0, [r0, #4]!
        checkmem buf+40, buf+36
        check   r0, buf+40
        mov     pc, lr

@ LDRT/STRT/LDRBT/STRBT: post-indexed with W = 1, the same in user mode.
translated_forms:
        ldr     r0, =words
        ldrt    r1, [r0], #4
        check   r1, 0x11223344
        check   r0, words+4
        mov     r2, #8
        ldrt    r1, [r0], r2
        check   r1, 0x55667788
        check   r0, words+12
        ldrbt   r1, [r0], #-1
        check   r1, 0x00
        check   r0, words+11
        ldrbt   r1, [r0], -r2, lsl #1
        check   r1, 0x99
        check   r0, words-5
        ldr     r0, =buf+48
        ldr     r1, =0x13572468
        strt    r1, [r0], #4
        checkmem buf+48, 0x13572468
        check   r0, buf+52
        mov     r1, #0xee
        strbt   r1, [r0], #-3
        checkmem buf+52, 0xee
        check   r0, buf+49
        strbt   r1, [r0], r2
        checkmem buf+48, 0x1357ee68
        check   r0, buf+57
        mov     pc, lr

@ The base as the destination, loads to the pc and stores of the pc.
base_and_pc:
        ldr     r0, =words
        ldr     r0, [r0, #4]        @ no writeback: defined
        check   r0, 0x55667788
        ldr     r0, =ptrs
        ldr     r1, =ptrs+4
        str     r1, [r0]
        @ Rt == Rn with writeback is UNPREDICTABLE: qemu and duet keep the
        @ loaded value.
        .inst   0xe4900004          @ ldr r0, [r0], #4 (gas warns)
        check   r0, ptrs+4
        ldr     r0, =ptrs
        .inst   0xe5b00000          @ ldr r0, [r0, #0]!
        check   r0, ptrs+4
        ldr     r0, =ptrs
        adr     r1, 1f
        str     r1, [r0]
        ldr     pc, [r0]            @ loads to the pc jump
        b       2f
1:      ldr     r1, =ptrs
        adr     r2, 3f
        str     r2, [r1, #4]
        ldr     pc, [r1, #4]!       @ writeback happens too
2:      mov     r0, #99
        b       fail
3:      check   r1, ptrs+4
        ldr     r0, =buf
4:      str     pc, [r0]            @ stores this instruction's address + 8
        adr     r1, 4b + 8
        ldr     r2, [r0]
        checkr  r2, r1
5:      ldr     r1, [pc, #-8]       @ the pc reads as this address + 8
        adr     r2, 5b
        ldr     r2, [r2]
        checkr  r1, r2
        mov     pc, lr

@ A failed condition skips the access and the writeback; PLD (ARMv5TE)
@ never faults.
conditional:
        ldr     r0, =words
        mov     r1, #0
        cmp     r0, r0
        ldrne   r1, [r0], #4
        check   r1, 0
        check   r0, words
        strne   r1, [r0, #4]!
        check   r0, words
        ldrne   pc, [r0]
        ldreq   r1, [r0, #4]!
        check   r1, 0x55667788
        check   r0, words+4
        .if     ARCH >= 5
        mov     r0, #0              @ address 0 is not mapped
        pld     [r0]
        pld     [r0, #-4095]
        mov     r2, #0x100
        pld     [r0, r2, lsl #2]
        pld     [r0, -r2]
        .endif
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
