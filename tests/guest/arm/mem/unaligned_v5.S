@ cpu: arm7tdmi arm926
@ Unaligned accesses before ARMv6 (legacy alignment, as ARMv4 and ARMv5
@ Linux run user code after the alignment trap turns checking off): LDR and SWP read
@ the aligned word rotated right by 8 * address[1:0]; STR, SWP's store and
@ LDM/STM ignore address[1:0]; writeback uses the unmasked address (ARM ARM
@ DDI 0100I A2.8, A4.1.23 LDR, A4.1.108 SWP).
@ qemu-arm (7.2) does not model the legacy behaviour (it makes plain
@ unaligned accesses), so under it this program passes the aligned checks
@ 1-3 and fails at check 4, the first rotated load.
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
sw:     .word   0x12345678
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
        ldr     r0, =bytes
        ldr     r1, [r0]
        check   r1, 0x43322110
        ldr     r1, [r0, #4]
        check   r1, 0x87766554
        ldrb    r1, [r0, #1]
        check   r1, 0x21
        ldr     r1, [r0, #1]        @ 0x43322110 ror 8
        check   r1, 0x10433221
        ldr     r1, [r0, #2]
        check   r1, 0x21104332
        ldr     r1, [r0, #3]
        check   r1, 0x32211043
        ldr     r1, [r0, #5]!       @ 0x87766554 ror 8
        check   r1, 0x54877665
        check   r0, bytes+5
        ldr     r1, [r0], #2
        check   r1, 0x54877665
        check   r0, bytes+7
        mov     r2, #2
        ldr     r1, [r0, r2]        @ 0xcbbaa998 ror 8
        check   r1, 0x98cbbaa9
        ldr     r0, =bytes+2
        ldmia   r0!, {r1, r2}       @ from bytes + 0
        check   r1, 0x43322110
        check   r2, 0x87766554
        check   r0, bytes+10
        ldr     r0, =ubuf
        ldr     r1, =0xaabbccdd
        str     r1, [r0, #2]        @ to ubuf + 0
        checkmem ubuf, 0xaabbccdd
        checkmem ubuf+4, 0
        ldr     r1, =0x11223344
        str     r1, [r0, #7]!       @ to ubuf + 4
        checkmem ubuf+4, 0x11223344
        checkmem ubuf+8, 0
        check   r0, ubuf+7
        add     r0, r0, #2
        stmia   r0!, {r1, r2}       @ to ubuf + 8
        checkmem ubuf+8, 0x11223344
        checkmem ubuf+12, 0x87766554
        check   r0, ubuf+17
        ldr     r0, =sw+1
        ldr     r1, =0xcafef00d
        swp     r2, r1, [r0]        @ 0x12345678 ror 8, store to sw
        check   r2, 0x78123456
        checkmem sw, 0xcafef00d
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
