"""Random MIPS FPU (coprocessor 1) instructions: S, D, W and L arithmetic
and conversions under the FCSR rounding mode (set at the start and by
CTC1 in the stream), C.cond.fmt into the eight condition codes, MOVF/MOVT
of general and FP registers, MOVZ/MOVN.fmt, MADD/MSUB/NMADD/NMSUB.fmt,
moves and loads and stores (indexed too), FCSR causes, flags, enables
and FS. BC1T/BC1F and their likely forms come from mips_streams.py.

Left out, by the rule of the MIPS32/MIPS64 Architecture for Programmers
Volume II (Release 2) that makes it UNPREDICTABLE or reserved:

- FR=0: D and L operands in odd registers (LDC1, SDC1, LDXC1, SDXC1, the
  D arithmetic) and MFHC1/MTHC1 of odd registers; the L format altogether
  (it needs FR=1 in duet and in qemu); LUXC1 and SUXC1 (UNPREDICTABLE with
  FR=0: qemu raises Reserved Instruction, duet executes them).
- CTC1 of FCSR with a Cause bit whose Enable is set, or with Cause.E:
  that is an immediate exception on the CTC1 (generated: values cleared
  so first). Initial FCSRs likewise.
- Paired single (not in duet), DMFC1/DMTC1 (the 32-bit harness cannot
  save a 64-bit register).
- Misaligned FP loads and stores and addresses outside the window.

The upper word of a register written in FR=1 with an S or W result is
UNPREDICTABLE by the manual; qemu and duet keep it, and it is compared
(see mips_exceptions.py).
"""
import struct

from mips_streams import R2, COP1X, sx32
from gen_mips import alu_one, itype, rtype, address, setup_bases

COP1, COP1X_OP = 0x11, 0x13
FMT_S, FMT_D, FMT_W, FMT_L = 0x10, 0x11, 0x14, 0x15

SPECIAL_S = [0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x7F800001,
             0x7FBFFFFF, 0xFFC00000, 0x00000001, 0x807FFFFF, 0x00800000, 0x7F7FFFFF,
             0x3F800000, 0xBF800000, 0x4F000000, 0xCF000000, 0x5F000000, 0xDF000000,
             0x3F000000, 0x3FC00000, 0x40200000, 0xC0200000, 0x4B000001]
SPECIAL_D = [0, 1 << 63, 0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000,
             0x7FF0000000000001, 0x7FF7FFFFFFFFFFFF, 0x0000000000000001, 0x000FFFFFFFFFFFFF,
             0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0x3FF0000000000000, 0xBFF0000000000000,
             0x41E0000000000000, 0xC1E0000000000000, 0x41DFFFFFFFC00000, 0xC1E0000000200000,
             0x43E0000000000000, 0xC3E0000000000000, 0x3FE0000000000000, 0x3FF8000000000000,
             0x4004000000000000, 0xC004000000000000, 0x3690000000000000, 0x36A0000000000000]


def f32(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f64(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def random_single(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(SPECIAL_S)
    if r < 0.6:
        return f32(rng.choice([1, -1]) * rng.randrange(0, 64) / rng.choice([1, 2, 4, 8]))
    if r < 0.7:
        return rng.getrandbits(23) | (rng.getrandbits(1) << 31)        # denormal
    return rng.getrandbits(32)


def random_double(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(SPECIAL_D)
    if r < 0.6:
        return f64(rng.choice([1, -1]) * rng.randrange(0, 1 << 20) / rng.choice([1, 2, 4, 8, 3]))
    if r < 0.7:
        return rng.getrandbits(52) | (rng.getrandbits(1) << 63)        # denormal
    return rng.getrandbits(64)


def random_fprs(rng, fr):
    """The 32 FP registers: with FR=1 a double or a single (high word
    random) each, with FR=0 singles and doubles across even/odd pairs."""
    regs = [0] * 32
    if fr:
        for i in range(32):
            if rng.random() < 0.5:
                regs[i] = random_double(rng)
            else:
                regs[i] = (rng.getrandbits(32) << 32) | random_single(rng)
        return regs
    for i in range(0, 32, 2):
        if rng.random() < 0.5:
            d = random_double(rng)
            regs[i], regs[i + 1] = d & 0xFFFFFFFF, d >> 32
        else:
            regs[i], regs[i + 1] = random_single(rng), random_single(rng)
    return regs


def random_fcsr(rng):
    """Condition codes, FS, rounding mode, flags; rarely enables, with no
    Cause bit that would trap at once."""
    fcc = rng.getrandbits(8)
    v = ((fcc >> 1) << 25) | ((fcc & 1) << 23) | rng.getrandbits(2)
    if rng.random() < 0.2:
        v |= 1 << 24                                       # FS
    v |= rng.getrandbits(5) << 2                           # flags
    enables = rng.getrandbits(5) if rng.random() < 0.15 else 0
    cause = rng.getrandbits(5) & ~enables
    return v | (enables << 7) | (cause << 12)


# ---- register choice ---------------------------------------------------------

def freg(g, dbl):
    """An FP register for a D or L operand (even with FR=0) or any."""
    r = g.rng.randrange(32)
    return r & ~1 if dbl and not g.fr else r


def cop1(fmt, ft, fs, fd, funct):
    return (COP1 << 26) | (fmt << 21) | (ft << 16) | (fs << 11) | (fd << 6) | funct


def fmt_choice(g):
    return g.rng.choice([FMT_S, FMT_D])


# ---- operations -----------------------------------------------------------------

def gen_arith(g):
    fmt = fmt_choice(g)
    d = fmt == FMT_D
    funct = g.rng.choice([0, 1, 2, 3, 4, 5, 6, 7])          # ADD SUB MUL DIV SQRT ABS MOV NEG
    ft = freg(g, d) if funct < 4 else 0
    return cop1(fmt, ft, freg(g, d), freg(g, d), funct)


def gen_recip(g):
    fmt = fmt_choice(g)
    d = fmt == FMT_D
    return cop1(fmt, 0, freg(g, d), freg(g, d), g.rng.choice([0x15, 0x16]))


def gen_convert(g):
    """Every conversion between S, D, W and L, the rounding ones included."""
    rng = g.rng
    to_l = g.fr and rng.random() < 0.35
    k = rng.random()
    if k < 0.4:                                            # ROUND TRUNC CEIL FLOOR .W/.L
        fmt = fmt_choice(g)
        funct = (0x08 if to_l else 0x0C) + rng.randrange(4)
        return cop1(fmt, 0, freg(g, fmt == FMT_D), freg(g, to_l), funct)
    if k < 0.65:                                           # CVT.W/L.fmt
        fmt = fmt_choice(g)
        return cop1(fmt, 0, freg(g, fmt == FMT_D), freg(g, to_l), 0x25 if to_l else 0x24)
    if k < 0.8:                                            # CVT.S.D, CVT.D.S
        if rng.random() < 0.5:
            return cop1(FMT_D, 0, freg(g, True), freg(g, False), 0x20)
        return cop1(FMT_S, 0, freg(g, False), freg(g, True), 0x21)
    fmt = FMT_L if (g.fr and rng.random() < 0.4) else FMT_W  # CVT.S/D from W or L
    to_d = rng.random() < 0.5
    return cop1(fmt, 0, freg(g, fmt == FMT_L), freg(g, to_d), 0x21 if to_d else 0x20)


def gen_compare(g):
    fmt = fmt_choice(g)
    d = fmt == FMT_D
    cc = g.rng.randrange(8)
    return cop1(fmt, freg(g, d), freg(g, d), cc << 2, 0x30 | g.rng.randrange(16))


def gen_cond_move(g):
    """MOVF/MOVT (general and FP registers), MOVZ/MOVN.fmt."""
    rng = g.rng
    cc, tf = rng.randrange(8), rng.getrandbits(1)
    k = rng.random()
    if k < 0.3:
        rd = g.reg()
        g.wrote(rd, True)
        return rtype(g.src(), (cc << 2) | tf, rd, 0, 0x01)
    fmt = fmt_choice(g)
    d = fmt == FMT_D
    if k < 0.65:
        return cop1(fmt, (cc << 2) | tf, freg(g, d), freg(g, d), 0x11)
    return cop1(fmt, g.src(), freg(g, d), freg(g, d), rng.choice([0x12, 0x13]))


def gen_madd(g):
    fmt3 = g.rng.randrange(2)
    d = fmt3 == 1
    op3 = g.rng.choice([4, 5, 6, 7])
    return ((COP1X_OP << 26) | (freg(g, d) << 21) | (freg(g, d) << 16) | (freg(g, d) << 11)
            | (freg(g, d) << 6) | (op3 << 3) | fmt3)


def gen_move(g):
    """MFC1, MTC1, MFHC1, MTHC1, CFC1 of the readable control registers."""
    rng = g.rng
    k = rng.random()
    if k < 0.25:
        rt = g.reg()
        g.wrote(rt, True)
        return cop1(0x00, rt, freg(g, False), 0, 0)         # MFC1
    if k < 0.5:
        return cop1(0x04, g.src(), freg(g, False), 0, 0)    # MTC1
    if k < 0.75 and g.has(R2):
        if rng.random() < 0.5:
            rt = g.reg()
            g.wrote(rt, True)
            return cop1(0x03, rt, freg(g, True), 0, 0)     # MFHC1
        return cop1(0x07, g.src(), freg(g, True), 0, 0)    # MTHC1
    rt = g.reg()
    g.wrote(rt, True)
    return cop1(0x02, rt, rng.choice([0, 25, 26, 28, 31]), 0, 0)   # CFC1


def gen_ctc1(g):
    """LUI/ORI of a value, CTC1 of it to FCSR, FCCR, FEXR or FENR; a value
    with a Cause bit under its Enable is an immediate exception, so FCSR
    values keep them apart (FEXR and FENR write one of the two)."""
    rng = g.rng
    fcr = rng.choice([31, 31, 31, 25, 26, 28])
    if fcr == 31:
        v = random_fcsr(rng) if rng.random() < 0.8 else rng.getrandbits(32)
        enables = (v >> 7) & 0x1F
        v &= ~(((enables | 0x20) << 12) & 0x3F000)
    elif fcr == 26:
        v = rng.getrandbits(32) & ~0x3F000                 # no cause: no exception
    else:
        v = rng.getrandbits(32)
    rt = g.reg()
    g.wrote(rt, True)
    g.emit(itype(0x0F, 0, rt, v >> 16), itype(0x0D, rt, rt, v & 0xFFFF), cop1(0x06, rt, fcr, 0, 0))


def gen_fp_mem(g):
    rng = g.rng
    base = rng.choice(sorted(r for r in g.fixed if r != g.index_reg))
    if g.has(COP1X) and rng.random() < 0.3:
        forms = [(0x00, False), (0x01, True), (0x08, False), (0x09, True)]
        if g.fr:
            forms += [(0x05, True), (0x0D, True)]          # LUXC1 SUXC1
        k = rng.choice(forms)
        funct, d = k
        fr = freg(g, d)
        if funct < 8:
            fields = (0 << 11) | (fr << 6)
        else:
            fields = fr << 11
        return (COP1X_OP << 26) | (base << 21) | (g.index_reg << 16) | fields | funct
    op, size = rng.choice([(0x31, 4), (0x35, 8), (0x39, 4), (0x3D, 8)])
    return itype(op, base, freg(g, size == 8), address(g, base, size))


def fpu_one(g):
    r = g.rng.random()
    if r < 0.25:
        return gen_arith(g)
    if r < 0.45:
        return gen_convert(g)
    if r < 0.55:
        return gen_compare(g)
    if r < 0.65:
        return gen_cond_move(g)
    if r < 0.72 and g.has(COP1X):
        return gen_madd(g)
    if r < 0.77 and g.has(COP1X):
        return gen_recip(g)
    if r < 0.9:
        return gen_move(g)
    return gen_fp_mem(g)


def fpu_body(g):
    r = g.rng.random()
    if r < 0.06:
        gen_ctc1(g)
    elif r < 0.14:
        g.emit(alu_one(g))                                 # values for MTC1, MOVN.fmt...
    else:
        g.emit(fpu_one(g))


def setup_fpu_mem(rng):
    """Bases into the window and an index register (its value a multiple
    of 8, so base + index is aligned for every size)."""
    fixed = setup_bases(rng)
    index = rng.choice([r for r in range(1, 26) if r not in fixed])
    fixed[index] = sx32(rng.choice([0, 8, 16, 24, -8, -16]))
    return fixed, index

