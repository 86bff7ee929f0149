# cpu: mips64r2 5kf
/* Every FP format and ASE that FIR (FCR0) announces works: with FIR.PS
 * set, ADD.PS adds both halves; with FIR.3D set, RECIP1.S gives 1/x. A
 * model that lacks them must leave the bits clear (MIPS64 Volume I-A, FIR:
 * "PS: paired single implemented", "3D: MIPS-3D ASE implemented"), since
 * software picks code by them. n64 only: PS needs FR=1. Prints "ok" and
 * exits 0, or "fail N", or dies by SIGILL where FIR lies. */
#define SYS_WRITE 5001
#define SYS_EXIT 5058
#define FIR_PS (1 << 18)
#define FIR_3D (1 << 19)
    .set noreorder
    .set noat
    .set mips3d
    .text
    .globl __start
__start:
    li $s1, 1                   /* check number */
    cfc1 $s0, $0                /* FIR */
    li $t0, FIR_PS
    and $t0, $s0, $t0
    beqz $t0, 1f
    nop
    lui $t0, 0x3f80             /* 1.0 */
    lui $t1, 0x4040             /* 3.0 */
    mtc1 $t0, $f2               /* $f2 = (1.0, 3.0): upper, lower */
    mthc1 $t0, $f2
    mtc1 $t1, $f2
    add.ps $f0, $f2, $f2
    mfc1 $t2, $f0
    lui $t3, 0x40c0             /* lower: 6.0 */
    bne $t2, $t3, fail
    nop
    addiu $s1, $s1, 1
    mfhc1 $t2, $f0
    lui $t3, 0x4000             /* upper: 2.0 */
    bne $t2, $t3, fail
    nop
1:  li $s1, 3
    li $t0, FIR_3D
    and $t0, $s0, $t0
    beqz $t0, 2f
    nop
    lui $t0, 0x4000             /* 2.0 */
    mtc1 $t0, $f4
    recip1.s $f6, $f4
    mfc1 $t2, $f6
    lui $t3, 0x3f00             /* 0.5 */
    bne $t2, $t3, fail
    nop

2:  li $a0, 1
    dla $a1, okmsg
    li $a2, 3
    li $v0, SYS_WRITE
    syscall
    li $a0, 0
    li $v0, SYS_EXIT
    syscall

fail:
    dla $a1, failmsg
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
