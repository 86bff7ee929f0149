/* The guest side of MIPS differential testing: reads a file of cases on
 * stdin (layout in mipscase.py), and for each one loads the memory window,
 * the code (flushed with cacheflush, as MIPS code that writes code must),
 * the FP registers and FCSR, HI, LO and the general registers, then enters
 * the code. The stream ends with "lw $k1, -8($k0); jr $k1", back to
 * save_state, which stores the final state (the n64 build is linked low
 * for that). A signal (an overflow trap, an
 * enabled FP exception, a misaligned LL) goes to on_signal on an alternate
 * stack, which stores the signal number, the pc and the registers of the
 * signal frame instead. Either way the state and the window go to stdout.
 * SIGTRAP, from a conditional trap that fired, goes to on_trap, which
 * counts it and resumes the stream after the trap instruction (streams
 * keep traps out of delay slots, where the pc of the frame is the
 * branch's).
 *
 * $k0 and $k1 belong to the kernel (an interrupt may change them at any
 * time), so user code keeps nothing in them: the streams never use them
 * and the harness keeps the save area and its return address there.
 *
 * Built for o32 (32-bit registers, or WIDE: 64-bit registers on a MIPS64
 * model) and n64 (N64), FR=0 or FR=1 (FR64), either byte order. No libc.
 * The state written does not depend on the ABI: qemu runs MIPS64 code only
 * as n64, duet also as o32, and the two are compared.
 * The FP instructions run only when the case file says the CPU has an FPU. */

#define REGION          0x30000000
#define SAVE            (REGION + 0x800)
#define CODE            (REGION + 0x1000)
#define ALTSTACK        (REGION + 0x10000)
#define ALTSTACK_SIZE   0x8000
#define WINDOW          0x31000000
#define WINDOW_BYTES    1024
#define INBUF           0x32000000
#define INBUF_SIZE      0x04000000
#define MAGIC           0x4d444946
#define FLAG_FPU        1

/* A case: registers, HI, LO, FP registers (8 bytes each), FCSR, the
 * number of code words, the window, the code. */
#define C_GPR           0
#define C_HI            256
#define C_LO            264
#define C_FPR           272
#define C_FCSR          528
#define C_NCODE         532
#define C_WINDOW        536
#define C_CODE          (C_WINDOW + WINDOW_BYTES)

/* The save area: status (0 or the signal), pc offset, registers, HI, LO,
 * FP registers, FCSR, the number of traps taken. */
#define S_STATUS        0
#define S_PC            4
#define S_GPR           8
#define S_HI            264
#define S_LO            272
#define S_FPR           280
#define S_FCSR          536
#define S_TRAPS         540
#define STATE_BYTES     544
#define S_RETURN        (-8)

#if N64
#define SYS_READ        5000
#define SYS_WRITE       5001
#define SYS_MMAP        5009
#define SYS_SIGACTION   5013
#define SYS_ALTSTACK    5129
#define SYS_CACHEFLUSH  5197
#define SYS_EXIT_GROUP  5205
#define LA              dla
#define PADDU           daddu
#define PADDIU          daddiu
#define PSUBU           dsubu
#define PLOAD           ld
#define PSTORE          sd
#define PTR             .dword
#define UC_MCONTEXT     40
#define SC_PC           576
#define SC_REGS         0
#define SC_MDHI         512
#define SC_MDLO         544
#else
#define SYS_READ        4003
#define SYS_WRITE       4004
#define SYS_MMAP        4090
#define SYS_SIGACTION   4194
#define SYS_ALTSTACK    4206
#define SYS_CACHEFLUSH  4147
#define SYS_EXIT_GROUP  4246
#define LA              la
#define PADDU           addu
#define PADDIU          addiu
#define PSUBU           subu
#define PLOAD           lw
#define PSTORE          sw
#define PTR             .word
#define UC_MCONTEXT     24
#define SC_PC           8
#define SC_REGS         16
#define SC_MDHI         552
#define SC_MDLO         560
#endif

/* Registers: whole 64-bit slots, or the low word of each slot. */
#if WIDE || N64
#define LREG            ld
#define SREG            sd
#define LOW             0
#else
#define LREG            lw
#define SREG            sw
#ifdef __MIPSEB__
#define LOW             4
#else
#define LOW             0
#endif
#endif
/* The low word of a 64-bit slot, whatever the register width. */
#ifdef __MIPSEB__
#define LOW32           4
#else
#define LOW32           0
#endif

#define SA_FLAGS        0x48000008      /* SA_NODEFER | SA_ONSTACK | SA_SIGINFO */

        .set    noreorder
        .set    noat
#if WIDE && !N64
        .set    gp=64                   /* ld and sd are instructions, not o32 macros */
#endif

        .data
        .align  3
vars:   .dword  0                       /* next case */
        .word   0                       /* cases left */
        .word   0                       /* flags */
altstack:
        PTR     ALTSTACK
        PTR     ALTSTACK_SIZE
        .word   0, 0
sigact:
#if N64
        .word   SA_FLAGS, 0
        .dword  on_signal
#else
        .word   SA_FLAGS
        .word   on_signal
#endif
        .word   0, 0, 0, 0
trapact:
#if N64
        .word   SA_FLAGS, 0
        .dword  on_trap
#else
        .word   SA_FLAGS
        .word   on_trap
#endif
        .word   0, 0, 0, 0
signals:
        .byte   4, 8, 10, 11, 0         /* SIGILL SIGFPE SIGBUS SIGSEGV */

        .text
        .globl  __start
__start:
        PADDIU  $sp, $sp, -32
        li      $a0, REGION
        li      $a1, 0x20000
        jal     map_fixed
        li      $a2, 7                  /* read, write, execute */
        li      $a0, WINDOW
        li      $a1, 0x1000
        jal     map_fixed
        li      $a2, 3
        li      $a0, INBUF
        li      $a1, INBUF_SIZE
        jal     map_fixed
        li      $a2, 3
        jal     read_input
        nop
        jal     install_handlers
        nop
        li      $s1, INBUF
        lw      $8, 0($s1)
        li      $9, MAGIC
        bne     $8, $9, fail
        nop
        LA      $s0, vars
        lw      $8, 4($s1)
        sw      $8, 8($s0)
        lw      $8, 8($s1)
        sw      $8, 12($s0)
        PADDIU  $s1, $s1, 16
        PSTORE  $s1, 0($s0)

next_case:
        LA      $s0, vars
        PLOAD   $s1, 0($s0)             /* the case */
        lw      $s2, 8($s0)
        beqz    $s2, done
        addiu   $s2, $s2, -1
        sw      $s2, 8($s0)

        /* The save area, zeroed; where the stream returns to. */
        li      $8, SAVE
        li      $9, STATE_BYTES
1:      addiu   $9, $9, -4
        PADDU   $10, $8, $9
        bnez    $9, 1b
        sw      $zero, 0($10)
        LA      $9, save_state
        sw      $9, S_RETURN($8)        /* a 32-bit address in every ABI */

        /* The code page: zeroed, then the case's code, then flushed. */
        li      $8, CODE
        li      $9, 0x1000
1:      addiu   $9, $9, -4
        PADDU   $10, $8, $9
        bnez    $9, 1b
        sw      $zero, 0($10)
        lw      $9, C_NCODE($s1)
        PADDIU  $10, $s1, C_CODE
        move    $11, $8
1:      beqz    $9, 2f
        nop
        lw      $12, 0($10)
        sw      $12, 0($11)
        PADDIU  $10, $10, 4
        PADDIU  $11, $11, 4
        b       1b
        addiu   $9, $9, -1
2:      PADDIU  $10, $10, 7             /* the next case, 8-byte aligned */
        li      $9, -8
        and     $10, $10, $9
        PSTORE  $10, 0($s0)
        move    $a0, $8
        li      $a1, 0x1000
        li      $a2, 3                  /* BCACHE */
        li      $v0, SYS_CACHEFLUSH
        syscall
        bnez    $a3, fail
        nop

        /* The memory window. */
        li      $8, WINDOW
        PADDIU  $10, $s1, C_WINDOW
        li      $9, WINDOW_BYTES
1:      addiu   $9, $9, -4
        PADDU   $11, $10, $9
        lw      $12, 0($11)
        PADDU   $11, $8, $9
        bnez    $9, 1b
        sw      $12, 0($11)

        lw      $8, 12($s0)
        andi    $8, $8, FLAG_FPU
        beqz    $8, 3f
        nop
        jal     load_fp
        nop
3:
        LREG    $8, C_HI + LOW($s1)
        mthi    $8
        LREG    $8, C_LO + LOW($s1)
        mtlo    $8

        move    $k0, $s1
        LREG    $1, C_GPR + 8 * 1 + LOW($k0)
        LREG    $2, C_GPR + 8 * 2 + LOW($k0)
        LREG    $3, C_GPR + 8 * 3 + LOW($k0)
        LREG    $4, C_GPR + 8 * 4 + LOW($k0)
        LREG    $5, C_GPR + 8 * 5 + LOW($k0)
        LREG    $6, C_GPR + 8 * 6 + LOW($k0)
        LREG    $7, C_GPR + 8 * 7 + LOW($k0)
        LREG    $8, C_GPR + 8 * 8 + LOW($k0)
        LREG    $9, C_GPR + 8 * 9 + LOW($k0)
        LREG    $10, C_GPR + 8 * 10 + LOW($k0)
        LREG    $11, C_GPR + 8 * 11 + LOW($k0)
        LREG    $12, C_GPR + 8 * 12 + LOW($k0)
        LREG    $13, C_GPR + 8 * 13 + LOW($k0)
        LREG    $14, C_GPR + 8 * 14 + LOW($k0)
        LREG    $15, C_GPR + 8 * 15 + LOW($k0)
        LREG    $16, C_GPR + 8 * 16 + LOW($k0)
        LREG    $17, C_GPR + 8 * 17 + LOW($k0)
        LREG    $18, C_GPR + 8 * 18 + LOW($k0)
        LREG    $19, C_GPR + 8 * 19 + LOW($k0)
        LREG    $20, C_GPR + 8 * 20 + LOW($k0)
        LREG    $21, C_GPR + 8 * 21 + LOW($k0)
        LREG    $22, C_GPR + 8 * 22 + LOW($k0)
        LREG    $23, C_GPR + 8 * 23 + LOW($k0)
        LREG    $24, C_GPR + 8 * 24 + LOW($k0)
        LREG    $25, C_GPR + 8 * 25 + LOW($k0)
        LREG    $28, C_GPR + 8 * 28 + LOW($k0)
        LREG    $29, C_GPR + 8 * 29 + LOW($k0)
        LREG    $30, C_GPR + 8 * 30 + LOW($k0)
        LREG    $31, C_GPR + 8 * 31 + LOW($k0)
        li      $k0, SAVE
        li      $k1, CODE
        jr      $k1
        nop

/* The stream's end: every register into the save area ($k0). */
save_state:
        SREG    $1, S_GPR + 8 * 1 + LOW($k0)
        SREG    $2, S_GPR + 8 * 2 + LOW($k0)
        SREG    $3, S_GPR + 8 * 3 + LOW($k0)
        SREG    $4, S_GPR + 8 * 4 + LOW($k0)
        SREG    $5, S_GPR + 8 * 5 + LOW($k0)
        SREG    $6, S_GPR + 8 * 6 + LOW($k0)
        SREG    $7, S_GPR + 8 * 7 + LOW($k0)
        SREG    $8, S_GPR + 8 * 8 + LOW($k0)
        SREG    $9, S_GPR + 8 * 9 + LOW($k0)
        SREG    $10, S_GPR + 8 * 10 + LOW($k0)
        SREG    $11, S_GPR + 8 * 11 + LOW($k0)
        SREG    $12, S_GPR + 8 * 12 + LOW($k0)
        SREG    $13, S_GPR + 8 * 13 + LOW($k0)
        SREG    $14, S_GPR + 8 * 14 + LOW($k0)
        SREG    $15, S_GPR + 8 * 15 + LOW($k0)
        SREG    $16, S_GPR + 8 * 16 + LOW($k0)
        SREG    $17, S_GPR + 8 * 17 + LOW($k0)
        SREG    $18, S_GPR + 8 * 18 + LOW($k0)
        SREG    $19, S_GPR + 8 * 19 + LOW($k0)
        SREG    $20, S_GPR + 8 * 20 + LOW($k0)
        SREG    $21, S_GPR + 8 * 21 + LOW($k0)
        SREG    $22, S_GPR + 8 * 22 + LOW($k0)
        SREG    $23, S_GPR + 8 * 23 + LOW($k0)
        SREG    $24, S_GPR + 8 * 24 + LOW($k0)
        SREG    $25, S_GPR + 8 * 25 + LOW($k0)
        SREG    $28, S_GPR + 8 * 28 + LOW($k0)
        SREG    $29, S_GPR + 8 * 29 + LOW($k0)
        SREG    $30, S_GPR + 8 * 30 + LOW($k0)
        SREG    $31, S_GPR + 8 * 31 + LOW($k0)
        mfhi    $1
        SREG    $1, S_HI + LOW($k0)
        mflo    $1
        SREG    $1, S_LO + LOW($k0)
        jal     save_fp
        nop
        b       after_case
        nop

/* A signal in the stream: its number, the pc (from CODE) and the registers
 * of the frame, then FCSR and the FP registers as they are (qemu leaves
 * FCSR out of the frame), without the Cause bits that trapped. */
on_signal:
        li      $k0, SAVE
        sw      $a0, S_STATUS($k0)
        PADDIU  $8, $a2, UC_MCONTEXT
        lw      $9, SC_PC + LOW32($8)
        li      $10, CODE
        subu    $9, $9, $10
        sw      $9, S_PC($k0)
        PADDIU  $11, $8, SC_REGS + 8
        PADDIU  $12, $k0, S_GPR + 8
        li      $13, 31
1:      LREG    $14, LOW($11)
        SREG    $14, LOW($12)
        PADDIU  $11, $11, 8
        addiu   $13, $13, -1
        bnez    $13, 1b
        PADDIU  $12, $12, 8
        SREG    $zero, S_GPR + 8 * 26 + LOW($k0)
        SREG    $zero, S_GPR + 8 * 27 + LOW($k0)
        LREG    $14, SC_MDHI + LOW($8)
        SREG    $14, S_HI + LOW($k0)
        LREG    $14, SC_MDLO + LOW($8)
        SREG    $14, S_LO + LOW($k0)
        jal     save_fp
        nop
        /* Linux clears the Cause bits that trapped before it delivers
         * SIGFPE (do_fpe), qemu-user leaves them: the same either way. */
        lw      $14, S_FCSR($k0)
        srl     $15, $14, 7
        andi    $15, $15, 0x1f
        ori     $15, $15, 0x20          /* enables and Unimplemented */
        srl     $24, $14, 12
        and     $15, $15, $24
        andi    $15, $15, 0x3f
        sll     $15, $15, 12
        nor     $15, $15, $zero
        and     $14, $14, $15
        b       after_case
        sw      $14, S_FCSR($k0)

/* SIGTRAP: one more trap taken; the stream goes on after the trap (the
 * frame's pc, the low word of its 64-bit slot, plus 4). */
on_trap:
        li      $8, SAVE
        lw      $9, S_TRAPS($8)
        addiu   $9, $9, 1
        sw      $9, S_TRAPS($8)
        PADDIU  $8, $a2, UC_MCONTEXT
        lw      $9, SC_PC + LOW32($8)
        addiu   $9, $9, 4
        jr      $ra
        sw      $9, SC_PC + LOW32($8)

after_case:
        li      $a0, 1
        li      $a1, SAVE
        jal     write_all
        li      $a2, STATE_BYTES
        li      $a0, 1
        li      $a1, WINDOW
        jal     write_all
        li      $a2, WINDOW_BYTES
        b       next_case
        nop

done:
        li      $a0, 0
        li      $v0, SYS_EXIT_GROUP
        syscall
fail:
        li      $a0, 2
        li      $v0, SYS_EXIT_GROUP
        syscall

/* FCSR and the FP registers of the case at $s1 (FR=0: the 32-bit
 * registers, each the low word of its slot). */
#if FR64
#define FREG(n) ldc1 $f##n, C_FPR + 8 * n($s1)
#define FSAVE(n) sdc1 $f##n, S_FPR + 8 * n($k0)
#else
#define FREG(n) lwc1 $f##n, C_FPR + 8 * n + LOW32($s1)
#define FSAVE(n) swc1 $f##n, S_FPR + 8 * n + LOW32($k0)
#endif
load_fp:
        FREG(0); FREG(1); FREG(2); FREG(3); FREG(4); FREG(5); FREG(6); FREG(7)
        FREG(8); FREG(9); FREG(10); FREG(11); FREG(12); FREG(13); FREG(14); FREG(15)
        FREG(16); FREG(17); FREG(18); FREG(19); FREG(20); FREG(21); FREG(22); FREG(23)
        FREG(24); FREG(25); FREG(26); FREG(27); FREG(28); FREG(29); FREG(30); FREG(31)
        lw      $8, C_FCSR($s1)
        jr      $ra
        ctc1    $8, $31

/* FCSR and the FP registers into the save area ($k0), when there is an FPU. */
save_fp:
        LA      $s0, vars
        lw      $14, 12($s0)
        andi    $14, $14, FLAG_FPU
        beqz    $14, 1f
        nop
        cfc1    $14, $31
        sw      $14, S_FCSR($k0)
        FSAVE(0); FSAVE(1); FSAVE(2); FSAVE(3); FSAVE(4); FSAVE(5); FSAVE(6); FSAVE(7)
        FSAVE(8); FSAVE(9); FSAVE(10); FSAVE(11); FSAVE(12); FSAVE(13); FSAVE(14); FSAVE(15)
        FSAVE(16); FSAVE(17); FSAVE(18); FSAVE(19); FSAVE(20); FSAVE(21); FSAVE(22); FSAVE(23)
        FSAVE(24); FSAVE(25); FSAVE(26); FSAVE(27); FSAVE(28); FSAVE(29); FSAVE(30); FSAVE(31)
1:      jr      $ra
        nop

/* The alternate stack and the handler of each signal a stream may raise. */
install_handlers:
        move    $s6, $ra
        LA      $a0, altstack
        li      $a1, 0
        li      $v0, SYS_ALTSTACK
        syscall
        bnez    $a3, fail
        nop
        LA      $s5, signals
1:      lbu     $a0, 0($s5)
        beqz    $a0, 2f
        nop
        LA      $a1, sigact
        li      $a2, 0
        li      $a3, 16
        li      $v0, SYS_SIGACTION
        syscall
        bnez    $a3, fail
        nop
        b       1b
        PADDIU  $s5, $s5, 1
2:      li      $a0, 5                  /* SIGTRAP */
        LA      $a1, trapact
        li      $a2, 0
        li      $a3, 16
        li      $v0, SYS_SIGACTION
        syscall
        bnez    $a3, fail
        nop
        jr      $s6
        nop

/* mmap(a0, a1, a2, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0) */
map_fixed:
        li      $a3, 0x812
#if N64
        li      $8, -1        /* a4 */
        li      $9, 0         /* a5 */
#else
        li      $8, -1
        sw      $8, 16($sp)
        sw      $zero, 20($sp)
#endif
        li      $v0, SYS_MMAP
        syscall
        bnez    $a3, fail
        nop
        jr      $ra
        nop

/* All of stdin into INBUF. */
read_input:
        li      $s3, INBUF
        li      $s4, INBUF + INBUF_SIZE
1:      PSUBU   $a2, $s4, $s3
        beqz    $a2, fail
        li      $a0, 0
        move    $a1, $s3
        li      $v0, SYS_READ
        syscall
        bnez    $a3, fail
        nop
        beqz    $v0, 2f
        nop
        b       1b
        PADDU   $s3, $s3, $v0
2:      jr      $ra
        nop

/* write(a0, a1, a2) until all is written. */
write_all:
        move    $s3, $a0
        move    $s4, $a1
        move    $s5, $a2
1:      move    $a0, $s3
        move    $a1, $s4
        move    $a2, $s5
        li      $v0, SYS_WRITE
        syscall
        bnez    $a3, fail
        nop
        blez    $v0, fail
        nop
        PADDU   $s4, $s4, $v0
        subu    $s5, $s5, $v0
        bnez    $s5, 1b
        nop
        jr      $ra
        nop
