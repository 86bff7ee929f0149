@ The guest side of differential testing: reads a file of cases on stdin
@ (layout in diffcase.py), and for each one loads the memory window, the
@ code (flushing the instruction cache over it, as ARM code that writes
@ code must), the VFP registers and FPSCR, CPSR and r0-r14, then enters
@ the code. The code ends with an epilogue (written by the generator) that
@ stores the final state into the save area and returns to after_case,
@ which writes that state and the window to stdout.
@
@ ARMv4T code but for the VFP and STREX instructions, which run only when
@ the case file's flags say the CPU has them. No libc, no stack.

        .syntax unified
        .arm
        .fpu    vfp

        .equ    REGION, 0x30000000
        .equ    REGBLK, REGION + 0xD00   @ r0-r14 as the ldm below loads them
        .equ    EXCL_WORD, REGION + 0xCF0
        .equ    SAVE, REGION + 0xE00
        .equ    CODE, REGION + 0x1000
        .equ    WINDOW, 0x31000000
        .equ    WINDOW_BYTES, 1024
        .equ    INBUF, 0x32000000
        .equ    INBUF_SIZE, 0x04000000
        .equ    STATE_BYTES, 49 * 4
        .equ    MAGIC, 0x46464944
        .equ    FLAG_VFP, 1
        .equ    FLAG_EXCL, 2

        @ Offsets in a case.
        .equ    C_CPSR, 60
        .equ    C_FPSCR, 64
        .equ    C_VFP, 68
        .equ    C_WINDOW, 196
        .equ    C_ENTRY, C_WINDOW + WINDOW_BYTES
        .equ    C_NCODE, C_ENTRY + 4
        .equ    C_CODE, C_NCODE + 4

        .bss
        .align  2
vars:   .space  12              @ next case, cases left, flags

        .text
        .global _start
_start:
        ldr     r0, =REGION
        mov     r1, #0x2000
        mov     r2, #7          @ read, write, execute
        bl      map_fixed
        ldr     r0, =WINDOW
        mov     r1, #0x1000
        mov     r2, #3
        bl      map_fixed
        ldr     r0, =INBUF
        ldr     r1, =INBUF_SIZE
        mov     r2, #3
        bl      map_fixed
        bl      read_input
        ldr     r4, =INBUF
        ldr     r0, [r4]
        ldr     r1, =MAGIC
        cmp     r0, r1
        bne     fail
        ldr     r8, [r4, #4]
        ldr     r9, [r4, #8]
        add     r4, r4, #16
        ldr     r0, =vars
        stmia   r0, {r4, r8, r9}

next_case:
        ldr     r0, =vars
        ldmia   r0, {r4, r8, r9}
        subs    r8, r8, #1
        bmi     done
        str     r8, [r0, #4]

        @ The code page: zeroed, then the case's code.
        ldr     r0, =CODE
        mov     r1, #0
        mov     r2, #0x1000
1:      subs    r2, r2, #4
        str     r1, [r0, r2]
        bne     1b
        ldr     r2, [r4, #C_NCODE]
        add     r3, r4, #C_CODE & 0xFF00
        add     r3, r3, #C_CODE & 0xFF
        mov     r5, #0
2:      cmp     r5, r2
        ldrlo   r6, [r3, r5, lsl #2]
        strlo   r6, [r0, r5, lsl #2]
        addlo   r5, r5, #1
        blo     2b
        add     r3, r3, r2, lsl #2
        ldr     r1, =vars
        str     r3, [r1]
        add     r1, r0, r2, lsl #2
        mov     r2, #0
        ldr     r7, =0xf0002    @ cacheflush(start, end, 0)
        svc     #0

        @ The memory window.
        ldr     r0, =WINDOW
        add     r3, r4, #C_WINDOW
        mov     r2, #0
3:      ldr     r1, [r3, r2]
        str     r1, [r0, r2]
        add     r2, r2, #4
        cmp     r2, #WINDOW_BYTES
        blo     3b

        @ Where the epilogue finds the save area and returns to.
        ldr     r0, =SAVE
        str     r0, [r0, #0xF0]
        adr     r1, after_case
        str     r1, [r0, #0xF4]

        @ Branches, not conditions, keep the CPU from instructions it lacks
        @ (whether a failing condition spares an undefined one from the
        @ exception is not the same on every CPU).
        tst     r9, #FLAG_VFP
        beq     5f
        add     r0, r4, #C_VFP
        fldmiad r0, {d0-d15}
        ldr     r0, [r4, #C_FPSCR]
        fmxr    fpscr, r0
5:      @ A STREX clears the exclusive monitor, whatever it stores.
        tst     r9, #FLAG_EXCL
        beq     6f
        ldr     r1, =EXCL_WORD
        strex   r0, r2, [r1]
6:

        @ r0-r14 with the entry address in r7 (the prologue reloads r7).
        ldr     r0, =REGBLK
        mov     r2, #0
4:      ldr     r1, [r4, r2]
        str     r1, [r0, r2]
        add     r2, r2, #4
        cmp     r2, #60
        blo     4b
        ldr     r1, [r4, #C_ENTRY]
        str     r1, [r0, #28]
        ldr     r1, [r4, #C_CPSR]
        msr     cpsr_fs, r1
        ldmia   r0, {r0-r14}
        bx      r7

after_case:
        mov     r0, #1
        ldr     r1, =SAVE
        mov     r2, #STATE_BYTES
        bl      write_all
        mov     r0, #1
        ldr     r1, =WINDOW
        mov     r2, #WINDOW_BYTES
        bl      write_all
        b       next_case

done:
        mov     r0, #0
        mov     r7, #248        @ exit_group
        svc     #0

fail:
        mov     r0, #2
        mov     r7, #248
        svc     #0

@ mmap2(r0, r1, r2, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0)
map_fixed:
        mov     r3, #0x32
        mvn     r4, #0
        mov     r5, #0
        mov     r7, #192
        svc     #0
        cmn     r0, #4096
        bhi     fail
        bx      lr

@ All of stdin into INBUF.
read_input:
        ldr     r5, =INBUF
        ldr     r6, =INBUF + INBUF_SIZE
1:      subs    r2, r6, r5
        beq     fail
        mov     r0, #0
        mov     r1, r5
        mov     r7, #3
        svc     #0
        cmp     r0, #0
        blt     fail
        addgt   r5, r5, r0
        bgt     1b
        bx      lr

@ write(r0, r1, r2) until all is written.
write_all:
        mov     r7, #4
        mov     r6, r0
1:      mov     r0, r6
        svc     #0
        cmp     r0, #0
        ble     fail
        add     r1, r1, r0
        subs    r2, r2, r0
        bne     1b
        bx      lr
