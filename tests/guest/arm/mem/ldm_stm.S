@ cpu: arm7tdmi arm926 arm1136 arm1176
@ LDM/STM: IA, IB, DA, DB with and without writeback, the base in the
@ list, the pc in the list (loaded: a jump; stored: its address + 8), all
@ sixteen registers (ARM ARM DDI 0100I A5.4). The S-bit forms are
@ UNPREDICTABLE in user mode (qemu-arm makes them undefined): not tested.
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


@ Compares with an immediate: no scratch register.
        .macro  checki reg, imm
        .set    nchk, nchk + 1
        cmp     \reg, #\imm
        ldrne   r0, =nchk
        bne     fail
        .endm

        .data
        .align  4
src:    .word   0x101, 0x202, 0x303, 0x404, 0x505, 0x606, 0x707, 0x808
dst:    .space  64
area:   .space  64
jtab:   .word   0x111, t1, 0x222, t2, 0x333, t3, 0x444, t4
all16:  .word   0x01000000, 0x02000000, 0x03000000, 0x04000000
        .word   0x05000000, 0x06000000, 0x07000000, 0x08000000
        .word   0x09000000, 0x0a000000, 0x0b000000, 0x0c000000
        .word   0x0d000000, stack_top, 0x0f000000, t_all
stack:  .space  128
stack_top:
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 000\n"

        .text
        .global _start
_start:
        bl      ldm_modes
        bl      stm_modes
        bl      base_in_list
        bl      pc_in_list
        b       all_regs

ldm_modes:
        ldr     r0, =src
        ldmia   r0, {r1-r4}
        check   r1, 0x101
        check   r2, 0x202
        check   r3, 0x303
        check   r4, 0x404
        check   r0, src
        ldmia   r0!, {r1, r3}
        check   r1, 0x101
        check   r3, 0x202
        check   r0, src+8
        ldr     r0, =src
        ldmib   r0, {r1, r2}
        check   r1, 0x202
        check   r2, 0x303
        check   r0, src
        ldmib   r0!, {r1, r2}
        check   r1, 0x202
        check   r2, 0x303
        check   r0, src+8
        ldr     r0, =src+12
        ldmda   r0, {r1-r3}
        check   r1, 0x202
        check   r2, 0x303
        check   r3, 0x404
        check   r0, src+12
        ldmda   r0!, {r1-r3}
        check   r1, 0x202
        check   r3, 0x404
        check   r0, src
        ldr     r0, =src+16
        ldmdb   r0, {r1, r5}
        check   r1, 0x303
        check   r5, 0x404
        check   r0, src+16
        ldmdb   r0!, {r1, r5}
        check   r1, 0x303
        check   r5, 0x404
        check   r0, src+8
        ldmia   r0!, {r7}
        check   r7, 0x303
        check   r0, src+12
        ldmdb   r0, {r6}
        check   r6, 0x303
        ldmda   r0, {r6}
        check   r6, 0x404
        ldmib   r0, {r6}
        check   r6, 0x505
        mov     pc, lr

stm_modes:
        ldr     r0, =dst
        mov     r1, #0xa1
        mov     r2, #0xa2
        mov     r3, #0xa3
        stmia   r0, {r1-r3}
        check   r0, dst
        checkmem dst, 0xa1
        checkmem dst+4, 0xa2
        checkmem dst+8, 0xa3
        ldr     r0, =dst+12
        stmia   r0!, {r1, r2}
        checkmem dst+12, 0xa1
        checkmem dst+16, 0xa2
        check   r0, dst+20
        stmib   r0, {r1, r3}
        checkmem dst+24, 0xa1
        checkmem dst+28, 0xa3
        check   r0, dst+20
        stmib   r0!, {r3}
        checkmem dst+24, 0xa3
        check   r0, dst+24
        ldr     r0, =dst+40
        stmda   r0, {r1-r3}
        checkmem dst+32, 0xa1
        checkmem dst+36, 0xa2
        checkmem dst+40, 0xa3
        check   r0, dst+40
        stmda   r0!, {r1}
        checkmem dst+40, 0xa1
        check   r0, dst+36
        ldr     r0, =dst+64
        stmdb   r0!, {r1-r3}
        checkmem dst+52, 0xa1
        checkmem dst+56, 0xa2
        checkmem dst+60, 0xa3
        check   r0, dst+52
        stmdb   r0, {r3}
        checkmem dst+48, 0xa3
        check   r0, dst+52
        mov     pc, lr

@ STM stores the base as it was; LDM with the base in the list keeps the
@ loaded value.
base_in_list:
        ldr     r0, =area
        mov     r1, #0x55
        stmia   r0!, {r0, r1}       @ the base lowest: its original value
        checkmem area, area
        checkmem area+4, 0x55
        check   r0, area+8
        ldr     r2, =area+16
        mov     r3, #0x66
        stmia   r2, {r1, r2, r3}    @ no writeback: defined
        checkmem area+16, 0x55
        checkmem area+20, area+16
        checkmem area+24, 0x66
        ldr     r1, =area+40
        stmdb   r1!, {r1, r2}
        checkmem area+32, area+40
        checkmem area+36, area+16
        check   r1, area+32
        ldr     r0, =src
        ldmia   r0, {r0, r1}        @ no writeback: defined
        check   r0, 0x101
        check   r1, 0x202
        ldr     r1, =src
        ldmia   r1, {r0, r1, r2}
        check   r0, 0x101
        check   r1, 0x202
        check   r2, 0x303
        @ With writeback the base's value is UNPREDICTABLE; qemu and duet
        @ keep the loaded value. gas rejects the syntax.
        ldr     r2, =src
        .inst   0xe8b2000e          @ ldmia r2!, {r1, r2, r3}
        check   r1, 0x101
        check   r2, 0x202
        check   r3, 0x303
        ldr     r3, =src+16
        .inst   0xe9330018          @ ldmdb r3!, {r3, r4}
        check   r3, 0x303
        check   r4, 0x404
        mov     pc, lr

@ The pc in the list: loading it jumps (after the other registers and the
@ writeback), storing it stores its address + 8.
pc_in_list:
        ldr     r0, =jtab
        mov     r1, #0
        ldmia   r0, {r1, pc}
        b       bad
t1:     check   r1, 0x111
        check   r0, jtab
        add     r0, r0, #8
        ldmia   r0!, {r1, pc}
        b       bad
t2:     check   r1, 0x222
        check   r0, jtab+16
        add     r0, r0, #8
        ldmdb   r0!, {r1, pc}
        b       bad
t3:     check   r1, 0x333
        check   r0, jtab+16
        add     r0, r0, #4
        ldmib   r0, {r1, pc}
        b       bad
t4:     check   r1, 0x444
        cmp     r0, r0
        ldmne   r0!, {r1, pc}       @ not taken: no load, no writeback
        check   r0, jtab+20
        check   r1, 0x444
        stmne   r0!, {r1, r2}
        check   r0, jtab+20
        ldr     r0, =dst
        mov     r1, #0x77
2:      stmia   r0, {r1, pc}
        adr     r2, 2b + 8
        ldr     r3, [r0, #4]
        checkr  r3, r2
        checkmem dst, 0x77
        mov     pc, lr

bad:    ldr     r0, =999
        b       fail

@ Every register through STMDB/LDMIA on sp, then LDM of all sixteen.
all_regs:
        ldr     sp, =stack_top
        mov     r0, #0x01000000
        mov     r1, #0x02000000
        mov     r2, #0x03000000
        mov     r3, #0x04000000
        mov     r4, #0x05000000
        mov     r5, #0x06000000
        mov     r6, #0x07000000
        mov     r7, #0x08000000
        mov     r8, #0x09000000
        mov     r9, #0x0a000000
        mov     r10, #0x0b000000
        mov     r11, #0x0c000000
        mov     r12, #0x0d000000
        mov     lr, #0x0f000000
        push    {r0-r12, lr}
        mov     r0, #0
        mov     r1, #0
        mov     r2, #0
        mov     r3, #0
        mov     r4, #0
        mov     r5, #0
        mov     r6, #0
        mov     r7, #0
        mov     r8, #0
        mov     r9, #0
        mov     r10, #0
        mov     r11, #0
        mov     r12, #0
        mov     lr, #0
        pop     {r0-r12, lr}
        checki  r0, 0x01000000
        checki  r1, 0x02000000
        checki  r2, 0x03000000
        checki  r3, 0x04000000
        checki  r4, 0x05000000
        checki  r5, 0x06000000
        checki  r6, 0x07000000
        checki  r7, 0x08000000
        checki  r8, 0x09000000
        checki  r9, 0x0a000000
        checki  r10, 0x0b000000
        checki  r11, 0x0c000000
        checki  r12, 0x0d000000
        checki  lr, 0x0f000000
        check   sp, stack_top
        checkmem stack_top-56, 0x01000000
        checkmem stack_top-8, 0x0d000000
        checkmem stack_top-4, 0x0f000000
        mov     sp, #0
        ldr     r0, =all16
        ldm     r0, {r0-r15}
        b       bad
t_all:  checki  r0, 0x01000000
        checki  r1, 0x02000000
        checki  r2, 0x03000000
        checki  r3, 0x04000000
        checki  r4, 0x05000000
        checki  r5, 0x06000000
        checki  r6, 0x07000000
        checki  r7, 0x08000000
        checki  r8, 0x09000000
        checki  r9, 0x0a000000
        checki  r10, 0x0b000000
        checki  r11, 0x0c000000
        checki  r12, 0x0d000000
        checki  lr, 0x0f000000
        check   sp, stack_top
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
