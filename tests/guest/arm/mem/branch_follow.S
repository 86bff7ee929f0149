@ cpu: arm926
@ An unconditional forward branch inside a page does not end a block: the
@ translator goes on at its target. Rewriting only the target (and
@ flushing only it) must still replace the block that went through the
@ branch, ARM and Thumb; rewriting the code the branch skips changes
@ nothing. Prints "ok" and exits 0, or "fail N".

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

        @ ARM: mov r0, #1; b 16; mov r0, #9; mov r0, #9; add r0, r0, #X; bx lr
        ldr     r1, =0xe3a00001
        str     r1, [r8]
        ldr     r1, =0xea000001
        str     r1, [r8, #4]
        ldr     r1, =0xe3a00009
        str     r1, [r8, #8]
        str     r1, [r8, #12]
        ldr     r1, =0xe2800010         @ add r0, r0, #16
        str     r1, [r8, #16]
        ldr     r1, =0xe12fff1e
        str     r1, [r8, #20]
        mov     r0, r8
        add     r1, r8, #24
        bl      flush
        mov     r10, r8
        bl      run_twice
        cmp     r0, #17
        bne     fail
        add     r9, r9, #1              @ 1: the target alone rewritten
        ldr     r1, =0xe2800020         @ add r0, r0, #32
        str     r1, [r8, #16]
        add     r0, r8, #16
        add     r1, r8, #20
        bl      flush
        bl      run_twice
        cmp     r0, #33
        bne     fail
        add     r9, r9, #1              @ 2: the skipped code rewritten
        ldr     r1, =0xe3a00005         @ mov r0, #5
        str     r1, [r8, #8]
        add     r0, r8, #8
        add     r1, r8, #12
        bl      flush
        bl      run_twice
        cmp     r0, #33
        bne     fail

        @ Thumb, at r8 + 64: movs r0, #1; b 72; movs r0, #9 (x2); adds r0, #X; bx lr
        add     r9, r9, #1              @ 3
        add     r10, r8, #64
        ldr     r1, =0xe0012001
        str     r1, [r10]
        ldr     r1, =0x20092009
        str     r1, [r10, #4]
        ldr     r1, =0x47703010         @ adds r0, #16; bx lr
        str     r1, [r10, #8]
        mov     r0, r10
        add     r1, r10, #12
        bl      flush
        orr     r10, r10, #1
        bl      run_twice
        cmp     r0, #17
        bne     fail
        add     r9, r9, #1              @ 4
        ldr     r1, =0x3020             @ adds r0, #32
        bic     r10, r10, #1
        strh    r1, [r10, #8]
        add     r0, r10, #8
        add     r1, r10, #10
        bl      flush
        orr     r10, r10, #1
        bl      run_twice
        cmp     r0, #33
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

@ cacheflush(r0, r1, 0); fails the check unless it returns 0.
flush:
        push    {r7, lr}
        mov     r2, #0
        ldr     r7, =0xf0002
        svc     #0
        cmp     r0, #0
        bne     fail
        pop     {r7, pc}

@ Calls the code at r10 (bit 0: Thumb) twice, the second time through the
@ translation the first made; both must agree. Its r0 comes back in r0.
run_twice:
        push    {r4, lr}
        blx     r10
        mov     r4, r0
        blx     r10
        cmp     r0, r4
        bne     fail
        pop     {r4, pc}
