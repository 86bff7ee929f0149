# cpu: 4kc 24kf mips64r2
/* Code written at run time runs after the cacheflush system call over it;
 * rewritten and flushed again, the new code runs, not the translation of
 * the old. Built for o32 (cacheflush is 4147) and for n64 (5197, whose
 * arguments are whole 64-bit registers and whose code page lies above
 * 4 GiB). Prints "ok" and exits 0, or "fail N". */
#if _MIPS_SIM == _ABI64
#define SYS_WRITE 5001
#define SYS_EXIT 5058
#define SYS_MMAP 5009
#define SYS_CACHEFLUSH 5197
#define LA dla
#else
#define SYS_WRITE 4004
#define SYS_EXIT 4001
#define SYS_MMAP 4090
#define SYS_CACHEFLUSH 4147
#define LA la
#endif
    .set noreorder
    .set noat
    .text
    .globl __start
__start:
    addiu $sp, $sp, -32
    li $a0, 0                   /* mmap(NULL, 4096, RWX, PRIVATE|ANONYMOUS, -1, 0) */
    li $a1, 4096
    li $a2, 7
    li $a3, 0x802
#if _MIPS_SIM == _ABI64
    li $a4, -1
    li $a5, 0
#else
    li $t0, -1
    sw $t0, 16($sp)
    sw $zero, 20($sp)
#endif
    li $v0, SYS_MMAP
    syscall
    bnez $a3, fail
    li $s1, 0                   /* check number */
    move $s0, $v0

    li $a0, 0x24020001          /* addiu $v0, $zero, 1 */
    jal put_and_run
    addiu $s1, $s1, 1
    li $t0, 1
    bne $v0, $t0, fail
    li $a0, 0x24020002          /* addiu $v0, $zero, 2 */
    jal put_and_run
    addiu $s1, $s1, 1
    li $t0, 2
    bne $v0, $t0, fail
    li $a0, 0x24020003          /* addiu $v0, $zero, 3, run twice: still the new code */
    jal put_and_run
    addiu $s1, $s1, 1
    li $t0, 3
    bne $v0, $t0, fail
    nop
    jalr $s0
    addiu $s1, $s1, 1
    li $t0, 3
    bne $v0, $t0, fail
    nop

    li $a0, 1
    LA $a1, okmsg
    li $a2, 3
    li $v0, SYS_WRITE
    syscall
    li $a0, 0
    li $v0, SYS_EXIT
    syscall

fail:
    LA $a1, failmsg
    addiu $t0, $s1, 48
    sb $t0, 5($a1)
    li $a0, 1
    li $a2, 7
    li $v0, SYS_WRITE
    syscall
    li $a0, 1
    li $v0, SYS_EXIT
    syscall

/* Writes the instruction in $a0 and "jr $ra; nop" to the page at $s0,
 * flushes the range and calls it; the code's $v0 comes back. */
put_and_run:
    move $s2, $ra
    sw $a0, 0($s0)
    li $t0, 0x03e00008          /* jr $ra */
    sw $t0, 4($s0)
    sw $zero, 8($s0)
    move $a0, $s0
    li $a1, 12
    li $a2, 3                   /* BCACHE */
    li $v0, SYS_CACHEFLUSH
    syscall
    bnez $a3, fail
    nop
    jalr $s0
    nop
    jr $s2
    nop

    .data
okmsg: .ascii "ok\n"
failmsg: .ascii "fail 0\n"
