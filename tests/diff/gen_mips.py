"""Random MIPS32 and MIPS64 Release 2 integer instructions: ALU, shifts
and rotates, multiply and divide, bit operations, conditional moves,
loads and stores (mips_streams.py adds the branches and jumps).

Only encodings with a defined result in user mode are generated. What is
left out, by the rule of the MIPS32/MIPS64 Architecture for Programmers
Volume II (Release 2) that makes it UNPREDICTABLE:

- CLZ, CLO, DCLZ, DCLO with rt != rd ("software must place the same GPR
  number in both the rt and rd fields").
- HI and LO after MUL (UNPREDICTABLE): a MUL is followed in its unit by a
  MULT that sets both. MTHI/MTLO after MULT, DIV, MADD... before an MFHI or
  MFLO (the other register becomes UNPREDICTABLE): the generator tracks
  whether such a result may be pending.
- EXT, INS, DEXT*, DINS* with a field past the register (lsb + size > 32,
  resp. > 64, or the ranges of DEXTM/DEXTU/DINSM/DINSU broken).
- MIPS64: the 32-bit operations (ADDU, SUBU, ADDIU, shifts right and
  rotates, MULT, DIV, MADD, MUL, CLZ, EXT, INS, WSBH...) on registers that
  do not hold sign-extended 32-bit values; LWL/LWR into such a register.
- Loads and stores: outside the window (the harness maps nothing else);
  misaligned LH/LW/LD/SH/SW/SD (an Address Error; Linux emulates the
  access, qemu-user raises SIGBUS, see mips_exceptions.py); an SC without
  its LL just before it, or with a load, store or branch between
  (success UNPREDICTABLE). A misaligned LL is generated now and then: an
  Address Error, SIGBUS in both.
- BREAK and SYSCALL; conditional traps with the codes 6 and 7, which
  Linux turns into SIGFPE and qemu-user into SIGTRAP (see
  mips_exceptions.py), and traps in delay slots (the harness resumes after
  a trap that fires, and in a delay slot the signal's pc is the branch).
- RDHWR of registers Linux neither allows nor emulates (SIGILL); the value
  of RDHWR $2, the cycle counter, which differs run to run: the unit keeps
  only whether it is a sign-extended 32-bit value (see mips_exceptions.py).
"""
from mips_streams import R2
from mipscase import WINDOW, WINDOW_BYTES

MAX_IMM = 0xFFFF


def rtype(rs, rt, rd, sa, funct, op=0):
    return (op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | funct


def itype(op, rs, rt, imm):
    return (op << 26) | (rs << 21) | (rt << 16) | (imm & 0xFFFF)


def imm16(g):
    rng = g.rng
    r = rng.random()
    if r < 0.3:
        return rng.choice([0, 1, 0x7FFF, 0x8000, 0xFFFF, 0xFFFE, 0x00FF, 0xFF00])
    if r < 0.5:
        return rng.randrange(32)
    return rng.getrandbits(16)


# ---- integer ALU ----------------------------------------------------------

# Three-register SPECIAL ops: (funct, inputs): "32" sign-extended inputs,
# sign-extended result; "logic" result sign-extended when the inputs are;
# "bool" 0 or 1 from any inputs.
R3 = [(0x21, "32"), (0x23, "32"), (0x20, "32"), (0x22, "32"), (0x24, "logic"),
      (0x25, "logic"), (0x26, "logic"), (0x27, "logic"), (0x2A, "bool"), (0x2B, "bool")]
TRAPPING = (0x20, 0x22)


def sources(g, kind):
    if kind == "32":
        return g.src32(), g.src32()
    return g.src(), g.src()


def result_sx(g, kind, *srcs):
    if kind == "logic":
        return all(s == 0 or s in g.sx for s in srcs)
    return True


def gen_r3(g):
    funct, kind = g.rng.choice(R3)
    if funct in TRAPPING and g.rng.random() < 0.7:
        funct |= 1                                   # mostly ADDU/SUBU
    rs, rt = sources(g, kind)
    rd = g.reg()
    g.wrote(rd, result_sx(g, kind, rs, rt))
    return rtype(rs, rt, rd, 0, funct)


def gen_imm(g):
    rng = g.rng
    op = rng.choice([0x08, 0x09, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F])
    rt = g.reg()
    if op == 0x0F:                                   # LUI
        g.wrote(rt, True)
        return itype(op, 0, rt, imm16(g))
    rs = g.src32() if op in (0x08, 0x09) else g.src()
    sx = op in (0x08, 0x09, 0x0A, 0x0B, 0x0C) or rs == 0 or rs in g.sx
    g.wrote(rt, sx)
    return itype(op, rs, rt, imm16(g))


def gen_shift(g):
    rng = g.rng
    r2 = g.has(R2)
    funct = rng.choice([0x00, 0x02, 0x03, 0x04, 0x06, 0x07])
    rotate = r2 and funct in (0x02, 0x06) and rng.random() < 0.4
    rt = g.src() if funct in (0x00, 0x04) else g.src32()
    rd = g.reg()
    g.wrote(rd, True)
    if funct < 4:
        sa = rng.choice([0, 1, 31, rng.randrange(32)])
        return rtype(int(rotate), rt, rd, sa, funct)
    return rtype(g.src(), rt, rd, int(rotate), funct)


def gen_movcond(g):
    rs, rt, rd = g.src(), g.src(), g.reg()
    g.wrote(rd, rd in g.sx and (rs == 0 or rs in g.sx))
    return rtype(rs, rt, rd, 0, g.rng.choice([0x0A, 0x0B]))


def gen_bits(g):
    """CLZ/CLO (MIPS32), and the Release 2 EXT, INS, WSBH, SEB, SEH."""
    rng = g.rng
    choices = ["clz"] + (["ext", "ins", "bshfl"] if g.has(R2) else [])
    k = rng.choice(choices)
    if k == "clz":
        rd = g.reg()
        g.wrote(rd, True)
        return rtype(g.src32(), rd, rd, 0, rng.choice([0x20, 0x21]), op=0x1C)
    if k == "bshfl":
        sa = rng.choice([0x02, 0x10, 0x18])          # WSBH SEB SEH
        rt = g.src32() if sa == 0x02 else g.src()
        rd = g.reg()
        g.wrote(rd, True)
        return rtype(0, rt, rd, sa, 0x20, op=0x1F)
    lsb = rng.randrange(32)
    size = rng.randrange(1, 33 - lsb)
    if k == "ext":
        rs, rt = g.src32(), g.reg()
        g.wrote(rt, True)
        return rtype(rs, rt, size - 1, lsb, 0x00, op=0x1F)
    rt = g.dst32()
    if rt is None:
        return rtype(0, 0, 0, 0, 0)                  # NOP
    g.wrote(rt, True)
    return rtype(g.src32(), rt, lsb + size - 1, lsb, 0x04, op=0x1F)


# ---- HI/LO -----------------------------------------------------------------

def hilo_result(g):
    """An arithmetic result reached HI/LO: MTHI/MTLO must wait for an MFHI
    or MFLO."""
    g.hilo_pending = True


def gen_muldiv(g):
    rng = g.rng
    k = rng.random()
    if k < 0.35:
        hilo_result(g)
        return rtype(g.src32(), g.src32(), 0, 0, rng.choice([0x18, 0x19, 0x1A, 0x1B]))
    if k < 0.6:
        hilo_result(g)
        return rtype(g.src32(), g.src32(), 0, 0, rng.choice([0x00, 0x01, 0x04, 0x05]), op=0x1C)
    if k < 0.85 or g.hilo_pending:
        rd = g.reg()
        g.wrote(rd, not g.wide)
        if not (g.shadow or g.likely_slot):
            g.hilo_pending = False
        return rtype(0, 0, rd, 0, rng.choice([0x10, 0x12]))
    return rtype(g.src(), 0, 0, 0, rng.choice([0x11, 0x13]))


def gen_mul(g):
    """MUL leaves HI and LO UNPREDICTABLE: a MULT in the same unit sets them."""
    rd = g.reg()
    g.wrote(rd, True)
    hilo_result(g)
    g.emit(rtype(g.src32(), g.src32(), rd, 0, 0x02, op=0x1C),
           rtype(g.src32(), g.src32(), 0, 0, 0x18))


# ---- MIPS64 ----------------------------------------------------------------

def gen_d_alu(g):
    rng = g.rng
    k = rng.random()
    if k < 0.3:
        funct = rng.choice([0x2D, 0x2F, 0x2D, 0x2F, 0x2C, 0x2E, 0x14, 0x16, 0x17])
        if funct == 0x16 and g.has(R2) and rng.random() < 0.4:
            rd = g.reg()
            g.wrote(rd, False)
            return rtype(g.src(), g.src(), rd, 1, funct)   # DROTRV
        rd = g.reg()
        g.wrote(rd, False)
        return rtype(g.src(), g.src(), rd, 0, funct)
    if k < 0.55:
        funct = rng.choice([0x38, 0x3A, 0x3B, 0x3C, 0x3E, 0x3F])
        rot = int(funct in (0x3A, 0x3E) and g.has(R2) and rng.random() < 0.4)
        rd = g.reg()
        g.wrote(rd, False)
        return rtype(rot, g.src(), rd, rng.choice([0, 1, 31, rng.randrange(32)]), funct)
    if k < 0.7:
        op = rng.choice([0x19, 0x19, 0x18])              # DADDIU, DADDI
        rt = g.reg()
        g.wrote(rt, False)
        return itype(op, g.src(), rt, imm16(g))
    if k < 0.8:
        hilo_result(g)
        return rtype(g.src(), g.src(), 0, 0, rng.choice([0x1C, 0x1D, 0x1E, 0x1F]))
    if k < 0.87:
        rd = g.reg()
        g.wrote(rd, True)
        return rtype(g.src(), rd, rd, 0, rng.choice([0x24, 0x25]), op=0x1C)  # DCLZ DCLO
    if not g.has(R2):
        rd = g.reg()
        g.wrote(rd, False)
        return rtype(g.src(), g.src(), rd, 0, 0x2D)
    return gen_d_bits(g)


def gen_d_bits(g):
    """DEXT, DEXTM, DEXTU, DINS, DINSM, DINSU, DSBH, DSHD."""
    rng = g.rng
    k = rng.randrange(7)
    if k == 6:
        rd = g.reg()
        g.wrote(rd, False)
        return rtype(0, g.src(), rd, rng.choice([0x02, 0x05]), 0x24, op=0x1F)
    lsb = rng.randrange(64)
    size = rng.randrange(1, 65 - lsb)
    rt = g.reg()
    g.wrote(rt, False)
    rs = g.src()
    if k < 3:                                            # extract
        if lsb >= 32:
            size = min(size, 32)
            return rtype(rs, rt, size - 1, lsb - 32, 0x02, op=0x1F)     # DEXTU
        if size > 32:
            return rtype(rs, rt, size - 33, lsb, 0x01, op=0x1F)        # DEXTM
        return rtype(rs, rt, size - 1, lsb, 0x03, op=0x1F)             # DEXT
    msb = lsb + size - 1
    if lsb >= 32:
        return rtype(rs, rt, msb - 32, lsb - 32, 0x06, op=0x1F)        # DINSU
    if msb >= 32:
        return rtype(rs, rt, msb - 32, lsb, 0x05, op=0x1F)             # DINSM
    return rtype(rs, rt, msb, lsb, 0x07, op=0x1F)                      # DINS


# ---- loads and stores ----------------------------------------------------

def setup_bases(rng):
    """One to three registers pointing into the window: register -> value."""
    regs = rng.sample([r for r in range(1, 26) if r not in (26, 27)], rng.randrange(1, 4))
    return {r: WINDOW + rng.randrange(256, 768) // 8 * 8 for r in regs}


def address(g, base, size, aligned=True):
    """imm16 such that base + imm is a size-aligned (or any) address
    whose aligned container of size bytes is in the window."""
    rng = g.rng
    lo = WINDOW - g.fixed[base]
    hi = WINDOW + WINDOW_BYTES - size - g.fixed[base]
    off = rng.randrange(lo, hi + 1)
    off -= (g.fixed[base] + off) % size if aligned else 0
    return off & 0xFFFF


LOADS_32 = [(0x20, 1), (0x21, 2), (0x23, 4), (0x24, 1), (0x25, 2)]     # LB LH LW LBU LHU
STORES_32 = [(0x28, 1), (0x29, 2), (0x2B, 4)]                          # SB SH SW
LOADS_64 = [(0x37, 8), (0x27, 4)]                                      # LD LWU
STORES_64 = [(0x3F, 8)]                                                # SD


def gen_mem_one(g):
    """A single load or store (no LL/SC): fits a delay slot."""
    rng = g.rng
    base = rng.choice(sorted(g.fixed))
    wide = g.wide and rng.random() < 0.4
    k = rng.random()
    if k < 0.35:
        op, size = rng.choice(LOADS_64 if wide else LOADS_32)
        rt = g.reg()
        g.wrote(rt, op not in (0x37, 0x27))
        return itype(op, base, rt, address(g, base, size))
    if k < 0.6:
        op, size = rng.choice(STORES_64 if wide else STORES_32)
        return itype(op, base, g.src(), address(g, base, size))
    if k < 0.95:
        return gen_unaligned(g, base, wide)
    # PREF with a load or store hint (30, PrepareForStore, may change memory)
    return itype(0x33, base, rng.choice([0, 1, 4, 5, 6, 7]), address(g, base, 1, False))


def gen_unaligned(g, base, wide):
    """LWL LWR SWL SWR (LDL LDR SDL SDR): any address."""
    rng = g.rng
    if wide:
        op = rng.choice([0x1A, 0x1B, 0x2C, 0x2D])
        size = 8
    else:
        op = rng.choice([0x22, 0x26, 0x2A, 0x2E])
        size = 4
    off = address(g, base, size, False)
    addr = (g.fixed[base] + (off - 0x10000 if off & 0x8000 else off))
    # The aligned container must be in the window too.
    if addr - addr % size + size > WINDOW + WINDOW_BYTES:
        off = (off - size) & 0xFFFF
    if op in (0x1A, 0x1B):
        rt = g.reg()
        g.wrote(rt, False)
    elif op in (0x22, 0x26):
        rt = g.dst32()
        if rt is None:
            return itype(0x2A, base, g.src(), off)
        g.wrote(rt, True)
    else:
        rt = g.src()
    return itype(op, base, rt, off)


def gen_llsc(g):
    """LL, a few register operations, SC to the same address (LLD/SCD on
    MIPS64); now and then a lone or misaligned LL."""
    rng = g.rng
    base = rng.choice(sorted(g.fixed))
    d = g.wide and rng.random() < 0.4
    ll, sc, size = (0x34, 0x3C, 8) if d else (0x30, 0x38, 4)
    off = address(g, base, size)
    if rng.random() < 0.02:
        off = (off + rng.randrange(1, size)) & 0xFFFF    # Address Error: SIGBUS
    rt = g.reg()
    g.wrote(rt, not d)
    words = [itype(ll, base, rt, off)]
    if rng.random() < 0.1:
        g.emit(*words)
        return
    for _ in range(rng.randrange(3)):
        words.append(alu_one(g))
    rt2 = g.reg()
    words.append(itype(sc, base, rt2, off))
    g.wrote(rt2, True)
    g.emit(*words)


# ---- traps and hardware registers ------------------------------------------

TRAPS_R = [0x30, 0x31, 0x32, 0x33, 0x34, 0x36]        # TGE TGEU TLT TLTU TEQ TNE
TRAPS_I = [0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0E]        # TGEI TGEIU TLTI TLTIU TEQI TNEI
LINUX_FPE_CODES = (6, 7)                               # overflow, divide by zero: SIGFPE


def gen_trap(g):
    """A conditional trap (never in a delay slot): register operands, the
    same register twice now and then (TEQ fires, TNE does not), or an
    immediate."""
    rng = g.rng
    rs = g.src()
    if rng.getrandbits(1):
        rt = rs if rng.random() < 0.2 else g.src()
        code = rng.choice([c for c in (0, 1, 5, 8, 0x3FF, rng.randrange(1024))
                           if c not in LINUX_FPE_CODES])
        g.emit(rtype(rs, rt, 0, 0, rng.choice(TRAPS_R)) | (code << 6))
    else:
        g.emit(itype(0x01, rs, rng.choice(TRAPS_I), imm16(g)))


# RDHWR registers with values that do not change: CPUNum, SYNCI_Step,
# CCRes, UserLocal (Linux allows or emulates them on every model).
HWR_FIXED = [0, 1, 3, 29]
HWR_CC = 2


def gen_rdhwr_one(g):
    """RDHWR rt, $n of a register with a fixed value."""
    rt = g.reg()
    g.wrote(rt, True)
    return rtype(0, rt, g.rng.choice(HWR_FIXED), 0, 0x3B, op=0x1F)


def gen_rdhwr_cc(g):
    """RDHWR rt, $2 (the cycle counter), then rt and a second register
    both zero if the count is a sign-extended 32-bit value:
    sll rd, rt, 0; xor rd, rd, rt; or rt, rd, $0."""
    rt = g.reg()
    rd = g.reg()
    if rd == rt:
        return
    g.wrote(rt, True)
    g.wrote(rd, True)
    g.emit(rtype(0, rt, HWR_CC, 0, 0x3B, op=0x1F), rtype(0, rt, rd, 0, 0x00),
           rtype(rd, rt, rd, 0, 0x26), rtype(rd, 0, rt, 0, 0x25))


# ---- groups ----------------------------------------------------------------

def alu_one(g):
    rng = g.rng
    r = rng.random()
    if r < 0.35:
        return gen_r3(g)
    if r < 0.55:
        return gen_imm(g)
    if r < 0.75:
        return gen_shift(g)
    if r < 0.85:
        return gen_movcond(g)
    return gen_bits(g)


def mips32_one(g):
    """One instruction of the mips32 group (for a delay slot, too)."""
    r = g.rng.random()
    if r < 0.6:
        return alu_one(g)
    if r < 0.75:
        return gen_muldiv(g)
    if r < 0.77:
        return gen_rdhwr_one(g)
    return gen_mem_one(g)


def mips32_body(g):
    r = g.rng.random()
    if r < 0.05:
        gen_mul(g)
    elif r < 0.12:
        gen_llsc(g)
    elif r < 0.13:
        g.emit(rtype(0, 0, 0, g.rng.choice([0, 0, 1, 3]), 0x0F))   # SYNC
    elif r < 0.16:
        gen_trap(g)
    elif r < 0.17:
        gen_rdhwr_cc(g)
    else:
        g.emit(mips32_one(g))


def mips64_one(g):
    if g.rng.random() < 0.5:
        return gen_d_alu(g)
    return mips32_one(g)


def mips64_body(g):
    if g.rng.random() < 0.85:
        g.emit(mips64_one(g))
    else:
        mips32_body(g)

