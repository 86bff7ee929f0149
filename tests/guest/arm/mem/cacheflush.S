@ cpu: arm926
@ Code written at run time runs after the cacheflush system call (ARM
@ private 0xf0002) over it; rewritten and flushed again, the new code runs,
@ not the translation of the old. Prints "ok" and exits 0, or "fail N".

        .syntax unified
        .arm

        .data
okmsg:  .ascii  "ok\n"
failmsg: .ascii "fail 0\n"

        .text
        .global _start
_start:
        mov     r0, #0                  @ mmap2(NULL, 4096, RWX, PRIVATE|ANONYMOUS, -1, 0)
        mov     r1, #4096
        mov     r2, #7
        mov     r3, #0x22
        mvn     r4, #0
        mov     r5, #0
        mov     r7, #192
        svc     #0
        mov     r8, r0
        mov     r9, #0                  @ check number

        ldr     r1, =0xe3a00001         @ mov r0, #1
        bl      put_and_run
        add     r9, r9, #1
        cmp     r0, #1
        bne     fail
        ldr     r1, =0xe3a00002         @ mov r0, #2
        bl      put_and_run
        add     r9, r9, #1
        cmp     r0, #2
        bne     fail
        ldr     r1, =0xe3a00003         @ mov r0, #3, run twice: still the new code
        bl      put_and_run
        add     r9, r9, #1
        cmp     r0, #3
        bne     fail
        mov     lr, pc
        mov     pc, r8
        add     r9, r9, #1
        cmp     r0, #3
        bne     fail

        mov     r0, #1
        ldr     r1, =okmsg
        mov     r2, #3
        mov     r7, #4
        svc     #0
        mov     r0, #0
        mov     r7, #1
        svc     #0

fail:
        ldr     r1, =failmsg
        add     r2, r9, #'0'
        strb    r2, [r1, #5]
        mov     r0, #1
        mov     r2, #7
        mov     r7, #4
        svc     #0
        mov     r0, #1
        mov     r7, #1
        svc     #0

@ Writes the instruction in r1 and "bx lr" to the page at r8, flushes the
@ range and calls it; the code's r0 comes back in r0.
put_and_run:
        push    {r4, lr}
        str     r1, [r8]
        ldr     r1, =0xe12fff1e         @ bx lr
        str     r1, [r8, #4]
        mov     r0, r8
        add     r1, r8, #8
        mov     r2, #0
        ldr     r7, =0xf0002
        svc     #0
        cmp     r0, #0
        bne     fail
        mov     lr, pc
        mov     pc, r8
        pop     {r4, pc}
