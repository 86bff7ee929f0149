@ cpu: arm7tdmi arm926 arm1136 arm1176
@ A system call number Linux does not have returns -ENOSYS, each time it is
@ made; with -d unimp duet logs it once. Prints "ok" and exits 0.
    .syntax unified
    .arm
    .text
    .global _start
_start:
    mov r6, #2
1:  ldr r7, =499            @ no ARM EABI call has this number
    svc #0
    cmn r0, #38             @ -ENOSYS
    bne fail
    subs r6, r6, #1
    bne 1b
    mov r0, #1
    adr r1, ok_msg
    mov r2, #3
    mov r7, #4              @ write
    svc #0
    mov r0, #0
    mov r7, #1              @ exit
    svc #0
fail:
    mov r0, #1
    mov r7, #1
    svc #0
ok_msg:
    .ascii "ok\n"
