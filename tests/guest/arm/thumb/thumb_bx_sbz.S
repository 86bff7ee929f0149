@ cpu: arm926
@ Thumb BX and BLX (register) with their should-be-zero bits 2:0 set are
@ undefined (SIGILL, as under qemu-arm), not the high-register MOV whose
@ encoding space they share (ARM ARM DDI 0100I A7.1.19, A7.1.24).
@ A SIGILL handler counts the signals and steps over the instruction.
@ Prints "ok" and exits 0, or "fail N" and exits 1.

        .syntax unified
        .equ    UC_PC, 92               @ ucontext: uc_mcontext (20) + arm_pc (72)

        .data
        .align  2
sigact: .word   on_sigill, 4, 0, 0      @ handler, SA_SIGINFO, restorer, mask
count:  .word   0
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 0\n"

        .text
        .arm
        .global _start
_start:
        mov     r0, #4                  @ rt_sigaction(SIGILL, &sigact, NULL, 8)
        ldr     r1, =sigact
        mov     r2, #0
        mov     r3, #8
        mov     r7, #174
        svc     #0
        mov     r9, #0x55
        adr     r0, thumb_part + 1
        bx      r0

        .thumb
        .thumb_func
thumb_part:
        movs    r0, #0
        mov     r8, r0
        .hword  0x4781                  @ BLX r0 with bit 0 set: undefined
        .hword  0x4709                  @ BX r1 with bit 0 set: undefined
        .hword  0x47c6                  @ BLX r8 with bits 2:1 set: undefined
        ldr     r0, =count
        ldr     r0, [r0]
        cmp     r0, #3
        bne     fail1
        mov     r0, r9                  @ no MOV r9 happened
        cmp     r0, #0x55
        bne     fail2
        b       pass
fail1:  movs    r0, #1
        b       fail
fail2:  movs    r0, #2
        b       fail

pass:   movs    r0, #1
        ldr     r1, =okmsg
        movs    r2, #3
        movs    r7, #4
        svc     #0
        movs    r0, #0
        movs    r7, #1
        svc     #0

fail:   ldr     r1, =failmsg
        movs    r2, #'0'
        adds    r2, r2, r0
        strb    r2, [r1, #5]
        movs    r0, #1
        movs    r2, #7
        movs    r7, #4
        svc     #0
        movs    r0, #1
        movs    r7, #1
        svc     #0

        .arm
@ SIGILL: count it and resume after the 2-byte instruction.
on_sigill:
        ldr     r3, =count
        ldr     r1, [r3]
        add     r1, r1, #1
        str     r1, [r3]
        ldr     r3, [r2, #UC_PC]
        add     r3, r3, #2
        str     r3, [r2, #UC_PC]
        bx      lr
        .ltorg
