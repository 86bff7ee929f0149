"""Random VFPv2 instructions (ARM1176): single and double precision
arithmetic, conversions, compares, transfers, FMSTAT, loads and stores
(FLDMX/FSTMX too, and in either data endianness after SETEND),
and FPSCR writes that change the rounding mode, flush-to-zero and
default NaN in mid-stream.

Left out, by the rule of the ARM ARM (DDI 0100I, part C) that makes it
UNPREDICTABLE:
- C4.1 FMRS, FMRDH/FMRDL, FMRRD/FMRRS, FMRX with Rd = PC (but FMSTAT);
  FMRRD/FMRRS with Rd = Rn; FMSRR/FMRRS with Sm = s31; any transfer with
  Rn or Rd = PC; double registers with the D, N or M bit set (VFPv2 has
  d0-d15 only).
- C4.1.23/C4.1.22 FLDM/FSTM with no registers or past the last register;
  writeback with Rn = PC (the base is a window register here).
- FLDMX/FSTMX (the X forms, an odd word count with doubles) are
  generated; what FSTMX stores is IMPLEMENTATION DEFINED (see
  arm_exceptions.py, vfp-fstmx-format).
- C2.2 FPSCR: reserved bits and the trap enables written as zero; LEN
  changes only by an FMXR that surely runs, and only stride 1 (see
  arm_exceptions.py for stride 2). In a short vector, a destination
  vector that overlaps a source vector without being the same registers
  is UNPREDICTABLE (C5.1): such operands are not generated.
"""
from streams import AL
from gen_arm import gen_dp_one, gen_setend
from gen_mem import bases, in_window

SINGLE_SPECIAL = [0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
                  0x7F800001, 0x7FA00000, 0xFF812345, 0x00000001, 0x007FFFFF, 0x80400000,
                  0x00800000, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x3F800000, 0xBF800000,
                  0x3F000000, 0x3FC00000, 0x40200000, 0xBFC00000, 0x4F000000, 0xCF000000,
                  0x4F800000, 0x4EFFFFFF, 0xCF000001, 0x5F000000, 0x34000000, 0x0C000000]
DOUBLE_SPECIAL = [0x0, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
                  0x7FF8000000000000, 0x7FF0000000000001, 0x7FF4000000000000,
                  0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x8008000000000000,
                  0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0x3FF0000000000000,
                  0xBFF0000000000000, 0x3FE0000000000000, 0x3FF8000000000000,
                  0x4004000000000000, 0x41E0000000000000, 0xC1E0000000000000,
                  0x41DFFFFFFFC00000, 0x41EFFFFFFFE00000, 0x41F0000000000000,
                  0x47EFFFFFE0000000, 0x47F0000000000000, 0x3690000000000000,
                  0x36A0000000000000, 0x380FFFFFFFFFFFFF, 0xC1E0000000200000]


def random_single(rng):
    r = rng.random()
    if r < 0.4:
        return rng.choice(SINGLE_SPECIAL)
    if r < 0.7:   # ordinary numbers of moderate exponent
        return (rng.getrandbits(1) << 31) | (rng.randrange(100, 160) << 23) | rng.getrandbits(23)
    return rng.getrandbits(32)


def random_double(rng):
    r = rng.random()
    if r < 0.4:
        return rng.choice(DOUBLE_SPECIAL)
    if r < 0.7:
        return (rng.getrandbits(1) << 63) | (rng.randrange(1000, 1050) << 52) | rng.getrandbits(52)
    if r < 0.8:   # near the single range's edges, for FCVTSD
        return (rng.getrandbits(1) << 63) | (rng.randrange(0x360, 0x3A0) << 52) | rng.getrandbits(52)
    return rng.getrandbits(64)


def random_vfp_regs(rng):
    words = []
    for _ in range(16):
        if rng.random() < 0.5:
            d = random_double(rng)
            words += [d & 0xFFFFFFFF, d >> 32]
        else:
            words += [random_single(rng), random_single(rng)]
    return words


# FPSCR fields a stream may set: N Z C V, DN, FZ, RMode, IDC and the
# cumulative exception flags.
FPSCR_FREE = 0xF3C0009F


def random_fpscr(rng, vectors):
    v = rng.getrandbits(32) & FPSCR_FREE
    if vectors and rng.random() < 0.3:
        v |= rng.choice([1, 2, 3, 7]) << 16          # LEN - 1, stride 1
    return v


def vlen(g):
    return ((g.fpscr >> 16) & 7) + 1


def sreg(n):
    """Field and extra bit of single register n."""
    return n >> 1, n & 1


def bank_vector(g, reg, dbl):
    """The registers a vector operand starting at reg covers (in singles),
    or just reg when it is scalar (bank 0, or LEN 1)."""
    size = 4 if dbl else 8
    n = vlen(g)
    if n == 1 or reg < size:
        return [reg]
    bank = reg // size * size
    return [bank + (reg - bank + i) % size for i in range(n)]


def vector_ok(g, d, srcs, dbl):
    """No partial overlap of the destination vector with a source vector."""
    dv = set(bank_vector(g, d, dbl))
    for s in srcs:
        sv = set(bank_vector(g, s, dbl))
        if dv & sv and bank_vector(g, s, dbl) != bank_vector(g, d, dbl):
            return False
    return True


def pick(g, dbl):
    return g.rng.randrange(16 if dbl else 32)


def dp_fields(d, n, m, dbl):
    if dbl:
        return (d << 12) | (n << 16) | m
    (fd, bd), (fn, bn), (fm, bm) = sreg(d), sreg(n), sreg(m)
    return (bd << 22) | (fd << 12) | (fn << 16) | (bn << 7) | (bm << 5) | fm


def gen_arith(g):
    rng = g.rng
    dbl = rng.getrandbits(1)
    d, n, m = pick(g, dbl), pick(g, dbl), pick(g, dbl)
    if not vector_ok(g, d, [n, m], dbl):
        return
    cond = g.cond() << 28
    if rng.random() < 0.15:                                           # FDIV
        g.emit(cond | 0x0E800A00 | (dbl << 8) | dp_fields(d, n, m, dbl))
        return
    q, r, s = rng.getrandbits(1), rng.getrandbits(1), rng.getrandbits(1)
    g.emit(cond | 0x0E000A00 | (q << 21) | (r << 20) | (s << 6) | (dbl << 8) | dp_fields(d, n, m, dbl))


def gen_unary(g):
    rng = g.rng
    dbl = rng.getrandbits(1)
    d, m = pick(g, dbl), pick(g, dbl)
    if not vector_ok(g, d, [m], dbl):
        return
    if dbl and len(bank_vector(g, d, 1)) > 1 and len(bank_vector(g, m, 1)) > 1:
        return                               # arm_exceptions.py: vfp-dp-unary-vector
    o, nbit = rng.getrandbits(1), rng.getrandbits(1)
    f = dp_fields(d, 0, m, dbl) & ~(1 << 7)
    g.emit((g.cond() << 28) | 0x0EB00A40 | (o << 16) | (nbit << 7) | (dbl << 8) | f)


def gen_compare(g):
    rng = g.rng
    dbl = rng.getrandbits(1)
    d, m = pick(g, dbl), pick(g, dbl)
    e = rng.getrandbits(1)
    cond = g.cond() << 28
    zero = rng.random() < 0.3
    f = dp_fields(d, 0, 0 if zero else m, dbl) & ~(1 << 7)
    g.emit(cond | (0x0EB50A40 if zero else 0x0EB40A40) | (e << 7) | (dbl << 8) | f)
    if rng.random() < 0.7:
        g.emit((g.cond() << 28) | 0x0EF1FA10)                           # FMSTAT


def mixed_fields(d, d_dbl, m, m_dbl):
    """Fd and Fm fields when the two have different precisions."""
    f = 0
    if d_dbl:
        f |= d << 12
    else:
        f |= (sreg(d)[0] << 12) | (sreg(d)[1] << 22)
    if m_dbl:
        f |= m
    else:
        f |= sreg(m)[0] | (sreg(m)[1] << 5)
    return f


def gen_convert(g):
    rng = g.rng
    cond = g.cond() << 28
    k = rng.randrange(3)
    if k == 0:                               # FCVTDS (z = 0: to double), FCVTSD
        to_single = rng.getrandbits(1)
        d, m = pick(g, not to_single), pick(g, to_single)
        g.emit(cond | 0x0EB70AC0 | (to_single << 8) | mixed_fields(d, not to_single, m, to_single))
    elif k == 1:                             # FUITO/FSITO: from a single's bits
        dbl = rng.getrandbits(1)
        d, m = pick(g, dbl), pick(g, 0)
        g.emit(cond | 0x0EB80A40 | (rng.getrandbits(1) << 7) | (dbl << 8) | mixed_fields(d, dbl, m, 0))
    else:                                    # FTOUI/FTOSI, Z: round towards zero
        dbl = rng.getrandbits(1)
        d, m = pick(g, 0), pick(g, dbl)
        g.emit(cond | 0x0EBC0A40 | (rng.getrandbits(1) << 16) | (rng.getrandbits(1) << 7) |
               (dbl << 8) | mixed_fields(d, 0, m, dbl))


def gen_transfer(g):
    rng = g.rng
    cond = g.cond() << 28
    k = rng.randrange(5)
    if k == 0:                               # FMSR / FMRS
        s = pick(g, 0)
        to_core = rng.getrandbits(1)
        rd = g.reg() if to_core else g.any_reg()
        g.emit(cond | 0x0E000A10 | (to_core << 20) | (sreg(s)[0] << 16) | (rd << 12) | (sreg(s)[1] << 7))
    elif k == 1:                             # FMDLR/FMDHR/FMRDL/FMRDH
        to_core = rng.getrandbits(1)
        rd = g.reg() if to_core else g.any_reg()
        g.emit(cond | 0x0E000B10 | (rng.getrandbits(1) << 21) | (to_core << 20) |
               (pick(g, 1) << 16) | (rd << 12))
    elif k in (2, 3):                        # FMDRR/FMRRD, FMSRR/FMRRS
        to_core = rng.getrandbits(1)
        if to_core:
            free = g.free_regs()
            rd, rn = rng.sample(free, 2)
        else:
            rd, rn = g.any_reg(), g.any_reg()
        if k == 2:
            m = pick(g, 1)
            g.emit(cond | 0x0C400B10 | (to_core << 20) | (rn << 16) | (rd << 12) | m)
        else:
            m = rng.randrange(31)
            g.emit(cond | 0x0C400A10 | (to_core << 20) | (rn << 16) | (rd << 12) |
                   (sreg(m)[1] << 5) | sreg(m)[0])
    else:                                    # FMRX Rd, FPSCR
        g.emit(cond | 0x0EF10A10 | (g.reg() << 12))


def gen_fpscr_write(g):
    """FMXR FPSCR of a value built in a free register: MOV and ORRs of its
    bytes, all in one unit. An FMXR that surely runs (AL, no branch over
    it) may set a new LEN, with stride 1; the operations after it follow
    it."""
    rng = g.rng
    cond = g.cond()
    vector = g.fpscr & 0x00370000
    if cond == AL and g.shadow == 0 and rng.random() < 0.3:
        vector = rng.choice([0, 1, 2, 3, 7]) << 16
        g.fpscr = (g.fpscr & ~0x00370000) | vector
    value = (rng.getrandbits(32) & FPSCR_FREE) | vector
    rd = g.reg()
    words = [0xE3A00000 | (rd << 12) | (value & 0xFF)]                   # mov rd, #byte0
    for i in (1, 2, 3):
        byte = (value >> (8 * i)) & 0xFF
        if byte:
            rot = (32 - 8 * i) // 2
            words.append(0xE3800000 | (rd << 16) | (rd << 12) | (rot << 8) | byte)  # orr
    words.append((cond << 28) | 0x0EE10A10 | (rd << 12))                  # fmxr fpscr, rd
    g.emit(*words)


def gen_vldst(g):
    rng = g.rng
    base = rng.choice(bases(g))
    cur = g.cur[base]
    cond = g.cond()
    dbl = rng.getrandbits(1)
    load = rng.getrandbits(1)
    if cur % 4:
        return
    if rng.random() < 0.5:                   # FLDS/FSTS/FLDD/FSTD
        imm, up = rng.randrange(64), rng.getrandbits(1)
        addr = cur + 4 * imm if up else cur - 4 * imm
        if not in_window(addr, 8 if dbl else 4):
            return
        r = pick(g, dbl)
        f = (r << 12) if dbl else ((sreg(r)[0] << 12) | (sreg(r)[1] << 22))
        g.emit((cond << 28) | 0x0D000A00 | (up << 23) | (load << 20) | (base << 16) |
               (dbl << 8) | f | imm)
        return
    count = rng.randrange(1, 5 if dbl else 9)
    first = rng.randrange((16 if dbl else 32) - count + 1)
    nbytes = count * (8 if dbl else 4)
    x = dbl and rng.random() < 0.3           # FLDMX/FSTMX: one word more
    nbytes += 4 * x
    down = rng.getrandbits(1)
    w = 1 if down else (rng.getrandbits(1) if cond == AL and g.shadow == 0 else 0)
    if down and not (cond == AL and g.shadow == 0):
        return
    low = cur - nbytes if down else cur
    if not in_window(low, nbytes):
        return
    f = (first << 12) if dbl else ((sreg(first)[0] << 12) | (sreg(first)[1] << 22))
    op = 0x0D200A00 if down else 0x0C800A00
    g.emit((cond << 28) | op | (w << 21) | (load << 20) | (base << 16) | (dbl << 8) | f |
           (count * (2 if dbl else 1) + x))
    if w:
        g.cur[base] = low if down else cur + nbytes


def gen_vfp(g):
    r = g.rng.random()
    if r < 0.35:
        gen_arith(g)
    elif r < 0.45:
        gen_unary(g)
    elif r < 0.55:
        gen_compare(g)
    elif r < 0.7:
        gen_convert(g)
    elif r < 0.8:
        gen_transfer(g)
    elif r < 0.85:
        gen_fpscr_write(g)
    elif r < 0.95:
        gen_vldst(g)
    elif r < 0.97:
        gen_setend(g)          # doubles in memory: the word order follows E
    else:
        gen_dp_one(g)
