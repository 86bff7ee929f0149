"""Random ARM-state instructions: data processing, multiplies, media.

Only encodings with a defined result in user mode are generated. What is
left out, by the ARM ARM (DDI 0100I) rule that makes it UNPREDICTABLE or
IMPLEMENTATION DEFINED:

- A5.1 data processing: Rd = PC (a branch, or with S a CPSR <- SPSR copy
  that has no SPSR in user mode); the register-shifted forms with any of
  Rd, Rn, Rm, Rs = PC (A5.1.5); SBZ fields (Rn of MOV/MVN, Rd of the
  comparisons) nonzero.
- A4.1.38 MRS of SPSR (none in user mode); A4.1.39 MSR of SPSR, MSR
  writing the c field, and MSR operands with bits of UnallocMask set
  (bits 26:20 and 15:10 on ARMv6, so the x field only ever carries E;
  26:0 before it, Q too on ARMv4).
- A4.1.16 CPS (ARMv6): imod = 01, imod = 00 with M = 0, a mode with
  M = 0, and A:I:F zero with imod = 1x or nonzero with imod = 0x. The
  others have no effect in user mode, which the comparison of CPSR's mode,
  A, I and F bits checks.
- A4.1.12 CLZ with Rd or Rm = PC.
- A4.1.40/A4.1.34 MUL/MLA with PC; Rd = Rm before ARMv6; the S forms on
  ARMv4 (C flag UNPREDICTABLE).
- A4.1.129/A4.1.87/A4.1.117/A4.1.77 the long multiplies with PC, with
  RdHi = RdLo, and before ARMv6 with RdHi or RdLo = Rm.
- The DSP and ARMv6 multiplies (A4.1.74-A4.1.91, A4.1.118-A4.1.120) and
  QADD family (A4.1.46-A4.1.56) with PC in any register field; SMLALxy,
  SMLALD, SMLSLD, UMAAL with RdHi = RdLo.
- The ARMv6 media instructions (parallel add/subtract, SEL, SSAT/USAT,
  PKH, REV, SXT/UXT, USAD8) with PC in any register field.
"""
from streams import AL, V5, V5TE, V6

DP_AND, DP_EOR, DP_SUB, DP_RSB, DP_ADD, DP_ADC, DP_SBC, DP_RSC = range(8)
DP_TST, DP_TEQ, DP_CMP, DP_CMN, DP_ORR, DP_MOV, DP_BIC, DP_MVN = range(8, 16)


def enc_dp(cond, op, s, rn, rd, op2, imm):
    return (cond << 28) | (imm << 25) | (op << 21) | (s << 20) | (rn << 16) | (rd << 12) | op2


def dp_operands(g, op):
    """Rn, Rd and S of a data-processing instruction of opcode op."""
    if DP_TST <= op <= DP_CMN:
        return g.any_reg(), 0, 1
    rn = 0 if op in (DP_MOV, DP_MVN) else g.any_reg()
    return rn, g.reg(), g.rng.getrandbits(1)


def gen_dp_one(g):
    rng = g.rng
    op = rng.randrange(16)
    rn, rd, s = dp_operands(g, op)
    form = rng.randrange(3)
    cond = g.cond()
    if form == 0:                                   # immediate, rotated
        rot = rng.randrange(16) if rng.random() < 0.7 else 0
        op2 = (rot << 8) | rng.getrandbits(8)
        if rn == 0 and op not in (DP_MOV, DP_MVN) and rng.random() < 0.05:
            rn = 15                                  # reads pc + 8
        g.emit(enc_dp(cond, op, s, rn, rd, op2, 1))
    elif form == 1:                                 # register, shifted by an immediate
        rm = 15 if rng.random() < 0.03 else g.any_reg()
        amount = rng.choice([0, 0, 1, 31, rng.randrange(32)])
        op2 = (amount << 7) | (rng.randrange(4) << 5) | rm
        g.emit(enc_dp(cond, op, s, rn, rd, op2, 0))
    else:                                           # register, shifted by a register
        rm, rs = g.any_reg(), g.any_reg()
        op2 = (rs << 8) | (rng.randrange(4) << 5) | 0x10 | rm
        g.emit(enc_dp(cond, op, s, rn, rd, op2, 0))


# MSR fields a stream writes: field mask -> (imm8, rotation) that covers
# the writable bits: flags (f: NZCV, Q from ARMv5TE), GE (s, ARMv6) and
# E (x, ARMv6: user mode writes the data endianness, UserMask 0xF80F0200).
MSR_FLAGS, MSR_GE, MSR_E = 8, 4, 2


def msr_fields(g):
    fields = {MSR_FLAGS: (0xF8 if g.has(V5TE) else 0xF0, 4)}
    if g.has(V6):
        fields[MSR_GE] = (0x0F, 8)
        fields[MSR_E] = (0x02, 12)
    return fields


def gen_msr(g):
    """MSR of the flags (f field) and, on ARMv6, GE (s field) and E (x)."""
    rng = g.rng
    cond = g.cond()
    fields = msr_fields(g)
    mask = rng.choice(sorted(fields))
    allowed, rot = fields[mask]
    if rng.random() < 0.5:
        # Immediate: imm8 rotated right by 2 * rot onto the field.
        imm8 = rng.getrandbits(8) & allowed
        g.emit((cond << 28) | 0x0320F000 | (mask << 16) | (rot << 8) | imm8)
        return
    # Register: the operand is first cut to the allowed bits, in the same
    # unit so a branch cannot skip the AND alone.
    rd, rm = g.reg(), g.any_reg()
    g.emit(enc_dp(AL, DP_AND, 0, rm, rd, (rot << 8) | allowed, 1),
           (cond << 28) | 0x0120F000 | (mask << 16) | rd)


def gen_setend(g):
    """SETEND BE or LE (ARMv6, A4.1 SETEND): the data endianness of the
    loads and stores after it (CPSR.E, A2.7). Unconditional."""
    g.emit(0xF1010000 | (g.rng.getrandbits(1) << 9))


# Legal mode numbers for CPS to name (user mode ignores them).
MODES = [0x10, 0x11, 0x12, 0x13, 0x17, 0x1B, 0x1F]


def gen_cps(g):
    """CPS (ARMv6, A4.1.16): no effect in user mode. CPSIE/CPSID of A, I, F
    with or without a mode, or a mode change alone."""
    rng = g.rng
    if rng.random() < 0.2:
        imod, m, aif = 0, 1, 0
    else:
        imod, m, aif = rng.choice([2, 3]), rng.getrandbits(1), rng.randrange(1, 8)
    mode = rng.choice(MODES) if m else 0
    g.emit(0xF1000000 | (imod << 18) | (m << 17) | (aif << 6) | mode)


def gen_dp(g):
    rng = g.rng
    r = rng.random()
    if r < 0.05:
        g.emit((g.cond() << 28) | 0x010F0000 | (g.reg() << 12))          # MRS rd, cpsr
    elif r < 0.10:
        gen_msr(g)
    elif r < 0.15 and g.has(V5):
        rd, rm = g.reg(), g.any_reg()
        g.emit((g.cond() << 28) | 0x016F0F10 | (rd << 12) | rm)          # CLZ
    elif r < 0.18 and g.has(V6):
        gen_setend(g)
    elif r < 0.20 and g.has(V6):
        gen_cps(g)
    else:
        gen_dp_one(g)


# Multiplies ---------------------------------------------------------------

def gen_mul_basic(g):
    rng = g.rng
    cond = g.cond()
    s = rng.getrandbits(1) if g.has(V5) else 0
    rm, rs, rn = g.any_reg(), g.any_reg(), g.any_reg()
    rd = g.reg()
    if not g.has(V6):
        if rd == rm:
            return
    if rng.random() < 0.5:
        g.emit((cond << 28) | (s << 20) | (rd << 16) | (rs << 8) | 0x90 | rm)              # MUL
    else:
        g.emit((cond << 28) | 0x00200000 | (s << 20) | (rd << 16) | (rn << 12) | (rs << 8) | 0x90 | rm)


def two_dest(g):
    free = g.free_regs()
    if len(free) < 2:
        return None
    hi, lo = g.rng.sample(free, 2)
    return hi, lo


def gen_mul_long(g):
    rng = g.rng
    d = two_dest(g)
    if not d:
        return
    hi, lo = d
    rm, rs = g.any_reg(), g.any_reg()
    if not g.has(V6) and rm in (hi, lo):
        return
    cond = g.cond()
    s = rng.getrandbits(1) if g.has(V5) else 0
    sign, acc = rng.getrandbits(1), rng.getrandbits(1)
    g.emit((cond << 28) | 0x00800090 | (sign << 22) | (acc << 21) | (s << 20) | (hi << 16) |
           (lo << 12) | (rs << 8) | rm)


def gen_mul_dsp(g):
    """ARMv5TE: SMLAxy, SMLAWy, SMULWy, SMLALxy, SMULxy, QADD family."""
    rng = g.rng
    cond = g.cond() << 28
    rm, rs, rn = g.any_reg(), g.any_reg(), g.any_reg()
    x, y = rng.getrandbits(1), rng.getrandbits(1)
    k = rng.randrange(6)
    if k == 3:
        d = two_dest(g)
        if d:
            g.emit(cond | 0x01400080 | (d[0] << 16) | (d[1] << 12) | (rs << 8) | (y << 6) | (x << 5) | rm)
        return
    rd = g.reg()
    if k == 0:
        g.emit(cond | 0x01000080 | (rd << 16) | (rn << 12) | (rs << 8) | (y << 6) | (x << 5) | rm)
    elif k == 1:
        g.emit(cond | 0x01200080 | (rd << 16) | (rn << 12) | (rs << 8) | (y << 6) | rm)
    elif k == 2:
        g.emit(cond | 0x012000A0 | (rd << 16) | (rs << 8) | (y << 6) | rm)
    elif k == 4:
        g.emit(cond | 0x01600080 | (rd << 16) | (rs << 8) | (y << 6) | (x << 5) | rm)
    else:
        op = rng.randrange(4)
        g.emit(cond | 0x01000050 | (op << 21) | (rn << 16) | (rd << 12) | rm)


def gen_mul_v6(g):
    """ARMv6: UMAAL, SMLAD/SMUAD, SMLSD/SMUSD, SMLALD, SMLSLD, SMMUL, SMMLA, SMMLS."""
    rng = g.rng
    cond = g.cond() << 28
    rm, rs, rn = g.any_reg(), g.any_reg(), g.any_reg()
    x = rng.getrandbits(1)
    k = rng.randrange(7)
    if k in (0, 3, 4):
        d = two_dest(g)
        if not d:
            return
        hi, lo = d
        if k == 0:
            g.emit(cond | 0x00400090 | (hi << 16) | (lo << 12) | (rs << 8) | rm)          # UMAAL
        else:
            sub = 0x40 if k == 4 else 0
            g.emit(cond | 0x07400010 | sub | (hi << 16) | (lo << 12) | (rs << 8) | (x << 5) | rm)
        return
    rd = g.reg()
    if rng.random() < 0.3:
        rn = 15                                     # SMUAD, SMUSD, SMMUL forms
    if k in (1, 2):
        sub = 0x40 if k == 2 else 0
        g.emit(cond | 0x07000010 | sub | (rd << 16) | (rn << 12) | (rs << 8) | (x << 5) | rm)
    elif k == 5:
        g.emit(cond | 0x07500010 | (rd << 16) | (rn << 12) | (rs << 8) | (x << 5) | rm)    # SMMUL/SMMLA
    elif rn != 15:
        g.emit(cond | 0x075000D0 | (rd << 16) | (rn << 12) | (rs << 8) | (x << 5) | rm)    # SMMLS


def gen_mul(g):
    r = g.rng.random()
    if r < 0.1:
        gen_dp_one(g)                 # flags and values for the multiplies to meet
    elif r < 0.35:
        gen_mul_basic(g)
    elif r < 0.55:
        gen_mul_long(g)
    elif r < 0.8 and g.has(V5TE):
        gen_mul_dsp(g)
    elif g.has(V6):
        gen_mul_v6(g)
    else:
        gen_mul_basic(g)


# Media (ARMv6) -------------------------------------------------------------

PAR_PREFIXES = [1, 2, 3, 5, 6, 7]        # S, Q, SH, U, UQ, UH
PAR_OPS = [0, 1, 2, 3, 4, 7]             # ADD16, ASX, SAX, SUB16, ADD8, SUB8
EXTENDS = [0x068, 0x06A, 0x06B, 0x06C, 0x06E, 0x06F]   # SXTB16 SXTB SXTH UXTB16 UXTB UXTH


def gen_media(g):
    rng = g.rng
    cond = g.cond() << 28
    rn, rm, rs = g.any_reg(), g.any_reg(), g.any_reg()
    rd = g.reg()
    k = rng.randrange(10)
    if k == 0:
        g.emit(cond | 0x06000F10 | (rng.choice(PAR_PREFIXES) << 20) | (rn << 16) | (rd << 12) |
               (rng.choice(PAR_OPS) << 5) | rm)
    elif k == 1:
        g.emit(cond | 0x06800FB0 | (rn << 16) | (rd << 12) | rm)                      # SEL
    elif k == 2:
        sh = rng.randrange(32)
        tb = rng.getrandbits(1)
        g.emit(cond | 0x06800010 | (tb << 6) | (rn << 16) | (rd << 12) | (sh << 7) | rm)   # PKH
    elif k == 3:
        base = 0x06E00010 if rng.getrandbits(1) else 0x06A00010                     # USAT / SSAT
        g.emit(cond | base | (rng.randrange(32) << 16) | (rd << 12) | (rng.randrange(32) << 7) |
               (rng.getrandbits(1) << 6) | rm)
    elif k == 4:
        base = 0x06E00F30 if rng.getrandbits(1) else 0x06A00F30                     # USAT16 / SSAT16
        g.emit(cond | base | (rng.randrange(16) << 16) | (rd << 12) | rm)
    elif k == 5:
        g.emit(cond | rng.choice([0x06BF0F30, 0x06BF0FB0, 0x06FF0FB0]) | (rd << 12) | rm)   # REV*
    elif k == 6:
        n = 15 if rng.random() < 0.5 else rn
        g.emit(cond | (rng.choice(EXTENDS) << 20) | 0x70 | (n << 16) | (rd << 12) |
               (rng.randrange(4) << 10) | rm)
    elif k == 7:
        n = 15 if rng.random() < 0.5 else rn                                         # USAD8 / USADA8
        g.emit(cond | 0x07800010 | (rd << 16) | (n << 12) | (rs << 8) | rm)
    elif k == 8:
        gen_msr(g)                       # GE flags for SEL
    else:
        gen_dp_one(g)
