@ cpu: arm1176
@ Encodings at the edge of defined space are undefined (SIGILL, as under
@ qemu-arm): PLD with a register-shifted register (bit 4 set; only the
@ immediate-shift register form exists, ARM ARM DDI 0100I A4.1.45) and the
@ parallel add/subtract operations 101 and 110 (A4.1, media space).
@ A SIGILL handler counts the signals and steps over the instruction.
@ Prints "ok" and exits 0, or "fail N" and exits 1.

        .syntax unified
        .arm
        .equ    UC_PC, 92               @ ucontext: uc_mcontext (20) + arm_pc (72)

        .data
        .align  2
sigact: .word   on_sigill, 4, 0, 0      @ handler, SA_SIGINFO, restorer, mask
count:  .word   0
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 0\n"

        .text
        .global _start
_start:
        mov     r0, #4                  @ rt_sigaction(SIGILL, &sigact, NULL, 8)
        ldr     r1, =sigact
        mov     r2, #0
        mov     r3, #8
        mov     r7, #174
        svc     #0
        mov     r1, sp
        .word   0xf7d1f011              @ PLD [r1, r1, lsl r0]: undefined
        .word   0xf751f031              @ PLD [r1, -r1, lsr r0]: undefined
        pld     [r1, r1, lsl #2]        @ defined: no signal
        .word   0xe61120b3              @ SADD op 101: undefined
        .word   0xe65120d3              @ UADD op 110: undefined
        ldr     r0, =count
        ldr     r0, [r0]
        cmp     r0, #4
        bne     fail

        mov     r0, #1
        ldr     r1, =okmsg
        mov     r2, #3
        mov     r7, #4
        svc     #0
        mov     r0, #0
        mov     r7, #1
        svc     #0

fail:   add     r0, r0, #'0'
        ldr     r1, =failmsg
        strb    r0, [r1, #5]
        mov     r0, #1
        mov     r2, #7
        mov     r7, #4
        svc     #0
        mov     r0, #1
        mov     r7, #1
        svc     #0

@ SIGILL: count it and resume after the instruction.
on_sigill:
        ldr     r3, =count
        ldr     r1, [r3]
        add     r1, r1, #1
        str     r1, [r3]
        ldr     r3, [r2, #UC_PC]
        add     r3, r3, #4
        str     r3, [r2, #UC_PC]
        bx      lr
