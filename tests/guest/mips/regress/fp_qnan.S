# cpu: 24kf mips64r2
/* A quiet NaN operand (legacy encoding: quiet bit clear) gives the default
 * NaN, as qemu's legacy MIPS FPU does (default-NaN mode), not the operand:
 * ADD.S, SQRT.D, CVT.D.S, and NMADD.S with the sign of the default NaN
 * flipped. Prints "ok" and exits 0, or "fail N". */
#define SYS_WRITE 4004
#define SYS_EXIT 4001
    .set noreorder
    .set noat
    .text
    .globl __start
__start:
    lui $t0, 0x7f80
    ori $t0, $t0, 1             /* a quiet NaN */
    mtc1 $t0, $f2
    lui $t1, 0x3f80             /* 1.0f */
    mtc1 $t1, $f4
    lui $s2, 0x7fbf
    ori $s2, $s2, 0xffff        /* the default single NaN */
    li $s3, -1                  /* the default double NaN: 0x7ff7ffff ffffffff */
    lui $s4, 0x7ff7
    ori $s4, $s4, 0xffff

    li $s1, 1
    add.s $f6, $f4, $f2
    mfc1 $t2, $f6
    bne $t2, $s2, fail
    nop
    li $s1, 2
    mtc1 $zero, $f8             /* a quiet double NaN: 0x7ff00000 00000001 */
    li $t3, 1
    mtc1 $t3, $f8
    lui $t3, 0x7ff0
    mtc1 $t3, $f9
    sqrt.d $f10, $f8
    mfc1 $t2, $f10
    mfc1 $t3, $f11
    bne $t2, $s3, fail
    nop
    bne $t3, $s4, fail
    nop
    li $s1, 3
    cvt.d.s $f12, $f2
    mfc1 $t2, $f12
    mfc1 $t3, $f13
    bne $t2, $s3, fail
    nop
    bne $t3, $s4, fail
    nop
    li $s1, 4
    nmadd.s $f14, $f2, $f4, $f4
    mfc1 $t2, $f14
    lui $t3, 0x8000
    xor $t3, $t3, $s2
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
