@ cpu: arm1176
@ sigill: arm7tdmi arm926 arm1136
@ LDREX/STREX and the byte, halfword and doubleword forms (ARMv6K), CLREX:
@ success, failure without a reservation, after CLREX, after a STREX, to
@ another address, and after the value changed. That last case is the
@ model of qemu-user and duet (the reservation checks the value); on
@ hardware a plain store by the same CPU may or may not clear the monitor
@ (IMPLEMENTATION DEFINED, ARM ARM DDI 0100I A2.9). LDREX and STREX are
@ ARMv6; exclusive_v6.S builds this file without the ARMv6K instructions
@ (V6K = 0). In the full build the first CLREX comes after the word checks,
@ so ARMv6 runs those and then stops with SIGILL.
@ Prints "ok" and exits 0, or prints "fail N" (N: the Nth check in this
@ file) and exits 1. Scratch registers of the checks: r11, ip.

        .syntax unified
        .arm

        .ifndef V6K
        .set    V6K, 1
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
        .align  3
exd:    .word   0x11111111, 0x22222222
ex:     .word   100
ex2:    .word   200
exb:    .word   0x11223383
exh:    .word   0x8001f00f
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
        bl      words
        bl      failures
        .if     V6K
        bl      bytes_halves
        bl      doublewords
        .endif
        b       pass

words:
        ldr     r0, =ex
        ldrex   r1, [r0]
        check   r1, 100
        add     r1, r1, #1
        strex   r2, r1, [r0]
        check   r2, 0
        checkmem ex, 101
        strex   r2, r1, [r0]        @ the monitor is open after a STREX
        check   r2, 1
        mov     r3, #0              @ an atomic increment, five times
1:      ldrex   r1, [r0]
        add     r1, r1, #1
        strex   r2, r1, [r0]
        cmp     r2, #0
        bne     1b
        add     r3, r3, #1
        cmp     r3, #5
        bne     1b
        checkmem ex, 106
        mov     pc, lr

failures:
        ldr     r0, =ex
        mov     r1, #55
        .if     V6K
        clrex
        .endif
        strex   r2, r1, [r0]        @ no reservation (open after the last STREX)
        check   r2, 1
        checkmem ex, 106
        .if     V6K
        ldrex   r1, [r0]
        clrex
        strex   r2, r1, [r0]
        check   r2, 1
        .endif
        ldr     r3, =ex2
        ldrex   r1, [r0]
        strex   r2, r1, [r3]        @ another address
        check   r2, 1
        checkmem ex2, 200
        strex   r2, r1, [r0]        @ the failed STREX opened the monitor
        check   r2, 1
        ldrex   r1, [r0]
        mov     r4, #7
        str     r4, [r0]            @ the value changed
        strex   r2, r1, [r0]
        check   r2, 1
        checkmem ex, 7
        ldrex   r1, [r3]            @ a new reservation replaces the old one
        ldrex   r1, [r0]
        mov     r4, #8
        strex   r2, r4, [r3]
        check   r2, 1
        mov     pc, lr

        .if     V6K
bytes_halves:
        ldr     r0, =exb
        ldrexb  r1, [r0]
        check   r1, 0x83            @ zero-extended
        mvn     r4, #0xbb           @ 0xffffff44: the low byte is stored
        strexb  r2, r4, [r0]
        check   r2, 0
        checkmem exb, 0x11223344
        strexb  r2, r4, [r0]
        check   r2, 1
        ldr     r0, =exb+2
        ldrexb  r1, [r0]
        check   r1, 0x22
        mov     r4, #0x99
        strexb  r2, r4, [r0]
        check   r2, 0
        checkmem exb, 0x11993344
        ldr     r0, =exh+2
        ldrexh  r1, [r0]
        check   r1, 0x8001          @ zero-extended
        ldr     r4, =0xabcd1234
        strexh  r2, r4, [r0]
        check   r2, 0
        checkmem exh, 0x1234f00f
        strexh  r2, r4, [r0]
        check   r2, 1
        ldr     r0, =exh
        ldrexh  r1, [r0]
        check   r1, 0xf00f
        clrex
        strexh  r2, r4, [r0]
        check   r2, 1
        checkmem exh, 0x1234f00f
        mov     pc, lr

doublewords:
        ldr     r0, =exd
        ldrexd  r2, r3, [r0]
        check   r2, 0x11111111
        check   r3, 0x22222222
        ldr     r4, =0x33333333
        ldr     r5, =0x44444444
        strexd  r1, r4, r5, [r0]
        check   r1, 0
        checkmem exd, 0x33333333
        checkmem exd+4, 0x44444444
        strexd  r1, r2, r3, [r0]
        check   r1, 1
        checkmem exd, 0x33333333
        ldrexd  r6, r7, [r0]
        check   r6, 0x33333333
        check   r7, 0x44444444
        clrex
        strexd  r1, r2, r3, [r0]
        check   r1, 1
        checkmem exd+4, 0x44444444
        mov     pc, lr
        .endif

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
