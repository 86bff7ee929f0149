# cpu: 4kc 24kf mips64r2
/* An unconditional forward branch (B, J) inside a page does not end a
 * block: the translator runs its delay slot and goes on at the target.
 * Rewriting only the target (and flushing only it) must still replace the
 * block that went through the branch; rewriting the code the branch skips
 * changes nothing. Built for o32 and n64. Prints "ok" and exits 0, or
 * "fail N". */
#if _MIPS_SIM == _ABI64
#define SYS_WRITE 5001
#define SYS_EXIT 5058
#define SYS_MMAP 5009
#define SYS_CACHEFLUSH 5197
#define LA dla
#define ADDU daddu
#define ADDIU daddiu
#define SRL dsrl
#else
#define SYS_WRITE 4004
#define SYS_EXIT 4001
#define SYS_MMAP 4090
#define SYS_CACHEFLUSH 4147
#define LA la
#define ADDU addu
#define ADDIU addiu
#define SRL srl
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

    /* B: addiu v0, zero, 1; b 16; addiu v0, v0, 100 (slot); addiu v0, zero, 9;
     * 16: addiu v0, v0, 16; jr ra; nop */
    li $t0, 0x24020001
    sw $t0, 0($s0)
    li $t0, 0x10000002
    sw $t0, 4($s0)
    li $t0, 0x24420064
    sw $t0, 8($s0)
    li $t0, 0x24020009
    sw $t0, 12($s0)
    li $t0, 0x24420010
    sw $t0, 16($s0)
    li $t0, 0x03e00008
    sw $t0, 20($s0)
    sw $zero, 24($s0)
    move $a0, $s0
    jal flush
    li $a1, 28
    move $s2, $s0
    jal run_twice
    nop
    li $t0, 117
    bne $v0, $t0, fail
    nop
    addiu $s1, $s1, 1           /* 1: the target alone rewritten */
    li $t0, 0x24420020          /* addiu v0, v0, 32 */
    sw $t0, 16($s0)
    ADDIU $a0, $s0, 16
    jal flush
    li $a1, 4
    jal run_twice
    nop
    li $t0, 133
    bne $v0, $t0, fail
    nop
    addiu $s1, $s1, 1           /* 2: the skipped code rewritten */
    li $t0, 0x24020005
    sw $t0, 12($s0)
    ADDIU $a0, $s0, 12
    jal flush
    li $a1, 4
    jal run_twice
    nop
    li $t0, 133
    bne $v0, $t0, fail
    nop

    /* J, at s0 + 64: addiu v0, zero, 2; j 80; addiu v0, v0, 200 (slot);
     * addiu v0, zero, 9; 80: addiu v0, v0, 16; jr ra; nop */
    addiu $s1, $s1, 1           /* 3 */
    ADDIU $s2, $s0, 64
    li $t0, 0x24020002
    sw $t0, 0($s2)
    ADDIU $t0, $s2, 16          /* j: the target's low 28 bits >> 2 */
    SRL $t0, $t0, 2
    li $t1, 0x03ffffff
    and $t0, $t0, $t1
    li $t1, 0x08000000
    or $t0, $t0, $t1
    sw $t0, 4($s2)
    li $t0, 0x244200c8
    sw $t0, 8($s2)
    li $t0, 0x24020009
    sw $t0, 12($s2)
    li $t0, 0x24420010
    sw $t0, 16($s2)
    li $t0, 0x03e00008
    sw $t0, 20($s2)
    sw $zero, 24($s2)
    move $a0, $s2
    jal flush
    li $a1, 28
    jal run_twice
    nop
    li $t0, 218
    bne $v0, $t0, fail
    nop
    addiu $s1, $s1, 1           /* 4 */
    li $t0, 0x24420020
    sw $t0, 16($s2)
    ADDIU $a0, $s2, 16
    jal flush
    li $a1, 4
    jal run_twice
    nop
    li $t0, 234
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

/* cacheflush($a0, $a1, BCACHE); fails the check unless it succeeds. */
flush:
    li $a2, 3
    li $v0, SYS_CACHEFLUSH
    syscall
    bnez $a3, fail
    nop
    jr $ra
    nop

/* Calls the code at $s2 twice, the second time through the translation
 * the first made; both must agree. Its $v0 comes back. */
run_twice:
    move $s3, $ra
    jalr $s2
    nop
    move $s4, $v0
    jalr $s2
    nop
    bne $v0, $s4, fail
    nop
    jr $s3
    nop

    .data
okmsg: .ascii "ok\n"
failmsg: .ascii "fail 0\n"
