# cpu: 24kf mips64r2
/* RECIP.D and RSQRT.D with FR=0 (MIPS32 Release 2 requires them in either
 * FP register mode; a double is an even/odd pair): 1/4 = 0.25 and
 * 1/sqrt(4) = 0.5, also in the single format. Prints "ok" and exits 0, or
 * "fail N". */
#define SYS_WRITE 4004
#define SYS_EXIT 4001
    .set noreorder
    .set noat
    .text
    .globl __start
__start:
    li $s1, 1
    lui $t0, 0x4010             /* 4.0 */
    mtc1 $zero, $f2
    mtc1 $t0, $f3
    recip.d $f4, $f2
    mfc1 $t1, $f4
    mfc1 $t2, $f5
    li $t3, 0x3fd00000          /* 0.25 */
    bnez $t1, fail
    nop
    bne $t2, $t3, fail
    nop
    li $s1, 2
    rsqrt.d $f6, $f2
    mfc1 $t1, $f6
    mfc1 $t2, $f7
    li $t3, 0x3fe00000          /* 0.5 */
    bnez $t1, fail
    nop
    bne $t2, $t3, fail
    nop
    li $s1, 3
    lui $t0, 0x4080             /* 4.0f */
    mtc1 $t0, $f9
    recip.s $f10, $f9
    rsqrt.s $f11, $f9
    mfc1 $t1, $f10
    mfc1 $t2, $f11
    lui $t3, 0x3e80             /* 0.25f */
    bne $t1, $t3, fail
    nop
    lui $t3, 0x3f00             /* 0.5f */
    bne $t2, $t3, fail
    nop

    li $a0, 1
    la $a1, okmsg
    li $a2, 3
    li $v0, SYS_WRITE
    syscall
    li $a0, 0
    li $v0, SYS_EXIT
    syscall

fail:
    la $a1, failmsg
    addiu $t0, $s1, 48
    sb $t0, 5($a1)
    li $a0, 1
    li $a2, 7
    li $v0, SYS_WRITE
    syscall
    li $a0, 1
    li $v0, SYS_EXIT
    syscall

    .data
okmsg: .ascii "ok\n"
failmsg: .ascii "fail 0\n"
