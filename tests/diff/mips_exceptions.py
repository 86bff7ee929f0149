"""Where qemu-mips (the reference of scripts/difftest) contradicts the MIPS
Architecture for Programmers Volume II (MIPS32 and MIPS64, Release 2), or
where Linux and qemu-user give different answers to an architectural
event. Each entry names the manual section and how the case is handled;
everything else must match exactly."""

EXCEPTIONS = [
    {
        "id": "fcsr-fs-flush",
        "section": "Vol. I-A 6.7 (FCSR.FS); Vol. II ADD.fmt...: FS flushes denormal operands and results",
        "what": "With FCSR.FS = 1 qemu 7.2 flushes denormal results to zero (without Underflow "
                "and Inexact) but computes with denormal operands as they are; whether operands "
                "count as zero is implementation-dependent in the manual. duet does what qemu does.",
        "handled": "compared: gen_mips_fpu sets FS in a fifth of the streams; duet follows qemu "
                   "(translate/mips/fpu_helpers.c).",
    },
    {
        "id": "fp-abs-neg-nan",
        "section": "Vol. II ABS.fmt, NEG.fmt (\"a NaN operand signals invalid operation\" before "
                   "Release 6 / ABS2008)",
        "what": "ABS.fmt and NEG.fmt are arithmetic in the legacy FPU: a signalling NaN raises "
                "Invalid. qemu 7.2 changes the sign bit only, as the 2008 FPU does; duet does the same.",
        "handled": "compared: duet follows qemu (trans_fpu.c: ABS/NEG/MOV are sign-bit IR).",
    },
    {
        "id": "branch-in-delay-slot",
        "section": "Vol. II \"Jump and Branch Instructions\": a branch or jump in a delay slot is "
                   "UNPREDICTABLE",
        "what": "qemu raises a Reserved Instruction (SIGILL) for a branch in a delay slot; duet "
                "does the same.",
        "handled": "never generated: a delay slot holds one non-branch instruction (mips_streams.py).",
    },
    {
        "id": "trap-break-codes",
        "section": "Vol. II TEQ...TNEI, BREAK (the code field is for software)",
        "what": "Linux turns trap and BREAK codes 6 and 7 (overflow, divide by zero) into SIGFPE, "
                "others into SIGTRAP; qemu-user 7.2 gives SIGTRAP for all, duet follows Linux "
                "(tests/guest/mips/c/traps.c checks it).",
        "handled": "never generated: gen_mips.gen_trap leaves codes 6 and 7 out; no BREAK or "
                   "SYSCALL in streams. A trap that fires is SIGTRAP everywhere; the harness "
                   "counts it and resumes after it.",
    },
    {
        "id": "rdhwr-cc",
        "section": "Vol. II RDHWR (register 2, CC: the Count register, read where HWREna allows "
                   "it; Linux allows it or emulates it)",
        "what": "A cycle counter: no two runs agree. qemu-user 7.2 returns a Count that never "
                "moves (CP0_Count); duet the host's monotonic clock at the rate CCRes gives.",
        "handled": "gen_mips.gen_rdhwr_cc keeps only whether the value is a sign-extended 32-bit "
                   "value (the unit leaves zeros when it is).",
    },
    {
        "id": "rdhwr-fixed-values",
        "section": "Vol. II RDHWR (registers 0 CPUNum, 1 SYNCI_Step, 3 CCRes, 29 UserLocal); "
                   "Linux simulate_rdhwr",
        "what": "Not a contradiction, a choice: CPUNum is whichever CPU the thread runs on and "
                "SYNCI_Step the hardware's cache line; qemu and duet both give CPU 0, 32-byte "
                "lines and CCRes 2. UserLocal is what set_thread_area wrote (0 in the harness).",
        "handled": "compared as qemu gives them, also in delay slots and on the 4kc (Linux "
                   "emulates RDHWR before Release 2, qemu-user and duet run it).",
    },
    {
        "id": "delay-slot-signal-pc",
        "section": "Vol. III EPC and Cause.BD (an exception in a delay slot reports the branch); "
                   "Vol. II \"Jump and Branch Instructions\"",
        "what": "A trap in a delay slot (ADD overflow, an enabled FP exception) has EPC at the "
                "branch, and Linux puts EPC into the signal frame; qemu-user 7.2 puts the delay "
                "slot's address there. duet reports the branch.",
        "handled": "mipscase.canonical_signal_pc: the signal pc of every runner is moved from a "
                   "delay slot to its branch before the comparison.",
    },
    {
        "id": "fpe-cause-cleared",
        "section": "Vol. I-A FCSR Cause field; Linux arch/mips/kernel/traps.c do_fpe",
        "what": "Before delivering SIGFPE for an enabled FP exception Linux clears the Cause bits "
                "that trapped (duet does too); qemu-user leaves them in FCSR.",
        "handled": "harness_mips.S on_signal clears them from the FCSR it saves, for every runner.",
    },
    {
        "id": "misaligned-access",
        "section": "Vol. II LH, LW, LD, SH, SW, SD... (Address Error exception on a misaligned address)",
        "what": "A misaligned ordinary load or store is an Address Error; Linux emulates the access "
                "(do_ade) and duet does too, qemu-user raises SIGBUS.",
        "handled": "never generated: gen_mips aligns them; misaligned LL/SC (SIGBUS in Linux, qemu "
                   "and duet) are generated.",
    },
    {
        "id": "luxc1-suxc1-fr0",
        "section": "Vol. II LUXC1, SUXC1 (UNPREDICTABLE with FR = 0)",
        "what": "qemu raises a Reserved Instruction for LUXC1/SUXC1 with FR = 0; duet executes them.",
        "handled": "never generated with FR = 0 (gen_mips_fpu.gen_fp_mem).",
    },
    {
        "id": "quiet-nan-operand",
        "section": "Vol. I-A 6.x (FP data types, NaN handling): a quiet NaN operand gives a quiet NaN",
        "what": "Not a contradiction, a choice: which quiet NaN is left open; qemu's legacy FPU "
                "returns the default NaN (default-NaN mode), and so does duet.",
        "handled": "compared as qemu gives it (tests/guest/mips/regress/fp_qnan.S checks duet).",
    },
    {
        "id": "fr1-single-upper-word",
        "section": "Vol. II StoreFPR / MTC1, ADD.S...: with FR = 1 a single or word result leaves the "
                   "upper word of the register UNPREDICTABLE",
        "what": "Not a contradiction, a choice: qemu keeps the upper word, and so does duet.",
        "handled": "compared as qemu gives it (FR=1 streams of mips-fpu).",
    },
    {
        "id": "div-by-zero",
        "section": "Vol. II DIV, DIVU, DDIV, DDIVU: HI and LO UNPREDICTABLE for a zero divisor",
        "what": "Not a contradiction, a choice: duet gives qemu's HI and LO (trans_muldiv.c).",
        "handled": "compared as qemu gives it (streams do not follow register values, so a zero "
                   "divisor happens).",
    },
    {
        "id": "paired-single",
        "section": "Vol. II ADD.PS... (the PS format), Vol. I-A FIR.PS and FIR.3D",
        "what": "qemu 7.2's MIPS64R2-generic implements paired single and MIPS-3D and says so "
                "in FIR; duet implements neither (a Reserved Instruction, SIGILL) and its FIR "
                "leaves PS and 3D clear (tests/guest/mips/regress/fir_formats.S checks that every "
                "format FIR announces works).",
        "handled": "never generated: gen_mips_fpu has the S, D, W and L formats only.",
    },
]
