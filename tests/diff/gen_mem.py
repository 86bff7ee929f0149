"""Random ARM loads and stores, every address in the memory window.

A few registers are bases (pointers into the window) and indexes (small
known values); the stream never writes them but through writeback, whose
effect the generator follows exactly, so it knows every address. An
instruction that writes back is unconditional and outside the reach of
any forward branch, so it always runs. What is left out, by the rule of
the ARM ARM (DDI 0100I) that makes it UNPREDICTABLE or IMPLEMENTATION
DEFINED:

- A5.2 (LDR/STR/LDRB/STRB): Rn = PC with writeback or post-indexed;
  writeback with Rd = Rn; Rm = PC; Rm = Rn with writeback; LDRB with
  Rd = PC; LDR to PC (a branch, not this group's); STR of PC (stores
  pc + 8 or pc + 12, IMPLEMENTATION DEFINED).
- A5.3 (LDRH/STRH/LDRSB/LDRSH/LDRD/STRD): P = 0 with W = 1; PC as Rd or
  Rm; writeback with Rd = Rn; LDRD/STRD with odd Rd or Rd = r14,
  writeback with Rn = Rd or Rd + 1, LDRD with Rm = Rd or Rd + 1.
- A5.4 (LDM/STM): PC in the list (LDM: a branch; STM: IMPLEMENTATION
  DEFINED value), S = 1 (user registers, UNPREDICTABLE in user mode),
  writeback with Rn in the list, empty lists.
- A4.1.108 SWP: PC in any field, Rn = Rd or Rn = Rm.
- A4.1.27/A4.1.103 (and the ARMv6K B, H, D forms): PC in any field;
  STREX with Rd = Rn or Rd = Rt (Rt + 1 for STREXD); a STREX to another
  address or size than the open LDREX (the pair is generated together).
- Alignment: ARMv5 word, halfword and SWP accesses aligned (unaligned ones
  are UNPREDICTABLE or rotate, see arm_exceptions.py), LDRD/STRD
  doubleword-aligned before ARMv6 and word-aligned from it; LDM/STM,
  LDREX/STREX naturally aligned (alignment faults).
"""
from streams import AL, V5TE, V6, V6K, WINDOW, WINDOW_END
from gen_arm import gen_dp_one, gen_setend

# Offset values an index register may hold, and their chances.
INDEX_VALUES = [0, 4, 8, 12, 16, 32, -4, -8, -16, 1, 2, 3, -1, -2, 6, 64]


def setup_mem(rng, features, thumb=False):
    """Bases and indexes for one stream: register -> value."""
    regs = list(range(8) if thumb else range(15))
    rng.shuffle(regs)
    fixed = {}
    nbase = rng.randrange(1, 4)
    for r in regs[:nbase]:
        v = WINDOW + rng.randrange(256, 768)
        if rng.random() < 0.8 or V6 not in features:
            v &= ~7 if rng.random() < 0.5 else ~3
        fixed[r] = v
    for r in regs[nbase:nbase + rng.randrange(1, 3)]:
        v = rng.choice(INDEX_VALUES)
        if V6 not in features or rng.random() < 0.7:
            v &= ~3
        fixed[r] = v & 0xFFFFFFFF
    return fixed


def bases(g):
    return [r for r, v in g.fixed.items() if WINDOW <= g.fixed[r] < WINDOW_END]


def indexes(g):
    return [r for r in g.fixed if r not in bases(g)]


def in_window(addr, size):
    return WINDOW <= addr and addr + size <= WINDOW_END


def aligned(g, addr, size, kind):
    """Whether an access of size bytes at addr is allowed (see above)."""
    if kind == "strict":
        return addr % size == 0
    if kind == "ldrd":
        return addr % (4 if g.has(V6) else 8) == 0
    return g.has(V6) or addr % size == 0


def shifted(value, typ, amount):
    value &= 0xFFFFFFFF
    if typ == 0:
        return (value << amount) & 0xFFFFFFFF
    if typ == 1:
        return 0 if amount == 0 else value >> amount
    if typ == 2:
        s = value - (1 << 32) if value & 0x80000000 else value
        return (s >> (32 if amount == 0 else amount)) & 0xFFFFFFFF
    if amount == 0:
        return None                       # RRX: depends on the carry flag
    return ((value >> amount) | (value << (32 - amount))) & 0xFFFFFFFF


def wb_allowed(g, cond):
    return cond == AL and g.shadow == 0


def transfer(g, base, pre, up, offset, size, align, wb):
    """Address accessed and new base, or None when not allowed."""
    cur = g.cur[base]
    moved = (cur + offset if up else cur - offset) & 0xFFFFFFFF
    addr = moved if pre else cur
    if not in_window(addr, size) or not aligned(g, addr, size, align):
        return None
    if wb and not in_window(moved, 1):
        return None
    return addr, moved


def pick_mode(g, cond, allow_t=True):
    """P, W and whether the base is written back."""
    modes = [(1, 0)]
    if wb_allowed(g, cond):
        modes += [(1, 1), (0, 0)] + ([(0, 1)] if allow_t else [])
    p, w = g.rng.choice(modes)
    return p, w, (p == 0 or w == 1)


def gen_word_byte(g):
    rng = g.rng
    cond = g.cond()
    load, byte = rng.getrandbits(1), rng.getrandbits(1)
    base = rng.choice(bases(g))
    p, w, wb = pick_mode(g, cond)
    up = rng.getrandbits(1)
    if rng.random() < 0.5 or not indexes(g):
        offset = rng.randrange(0, 300)
        field = offset
        reg_form = 0
    else:
        rm = rng.choice(indexes(g))
        typ, amount = rng.randrange(4), rng.choice([0, 0, 1, 2, rng.randrange(32)])
        offset = shifted(g.cur[rm], typ, amount)
        if offset is None:
            return
        field = (amount << 7) | (typ << 5) | rm
        reg_form = 1
    size = 1 if byte else 4
    t = transfer(g, base, p, up, offset, size, "word", wb)
    if not t:
        return
    rd = g.reg() if load else g.any_reg()
    if wb and rd == base:
        return
    g.emit((cond << 28) | 0x04000000 | (reg_form << 25) | (p << 24) | (up << 23) | (byte << 22) |
           (w << 21) | (load << 20) | (base << 16) | (rd << 12) | field)
    if wb:
        g.cur[base] = t[1]


def gen_extra(g):
    """LDRH, STRH, LDRSB, LDRSH, LDRD, STRD."""
    rng = g.rng
    cond = g.cond()
    kinds = ["ldrh", "strh", "ldrsb", "ldrsh"] + (["ldrd", "strd"] if g.has(V5TE) else [])
    kind = rng.choice(kinds)
    base = rng.choice(bases(g))
    p, w, wb = pick_mode(g, cond, allow_t=False)
    up = rng.getrandbits(1)
    if rng.random() < 0.5 or not indexes(g):
        offset = rng.randrange(0, 256)
        imm, field = 1, ((offset >> 4) << 8) | (offset & 15)
    else:
        rm = rng.choice(indexes(g))
        offset, imm, field = g.cur[rm], 0, rm
    size, align = {"ldrh": (2, "half"), "strh": (2, "half"), "ldrsb": (1, "byte"),
                   "ldrsh": (2, "half"), "ldrd": (8, "ldrd"), "strd": (8, "ldrd")}[kind]
    t = transfer(g, base, p, up, offset, size, align, wb)
    if not t:
        return
    if kind in ("ldrd", "strd"):
        rd = rng.randrange(0, 14, 2)
        if (kind == "ldrd" and (rd in g.fixed or rd + 1 in g.fixed)) or (wb and base in (rd, rd + 1)):
            return
        load, sh = 0, (0b10 if kind == "ldrd" else 0b11)
    else:
        load = kind != "strh"
        rd = g.reg() if load else g.any_reg()
        if wb and rd == base:
            return
        sh = {"ldrh": 0b01, "strh": 0b01, "ldrsb": 0b10, "ldrsh": 0b11}[kind]
    g.emit((cond << 28) | (p << 24) | (up << 23) | (imm << 22) | (w << 21) | (load << 20) |
           (base << 16) | (rd << 12) | 0x90 | (sh << 5) | field)
    if wb:
        g.cur[base] = t[1]


def gen_ldm_stm(g):
    rng = g.rng
    cond = g.cond()
    load = rng.getrandbits(1)
    base = rng.choice(bases(g))
    pool = g.free_regs() if load else list(range(15))
    regs = sorted(set(rng.sample(pool, rng.randrange(1, min(len(pool), 6) + 1))))
    p, u = rng.getrandbits(1), rng.getrandbits(1)
    w = rng.getrandbits(1) if wb_allowed(g, cond) and base not in regs else 0
    n = 4 * len(regs)
    cur = g.cur[base]
    low = {(0, 1): cur, (1, 1): cur + 4, (0, 0): cur - n + 4, (1, 0): cur - n}[(p, u)]
    if not in_window(low, n) or low % 4:
        return
    new = cur + n if u else cur - n
    if w and not in_window(new, 1):
        return
    mask = sum(1 << r for r in regs)
    g.emit((cond << 28) | 0x08000000 | (p << 24) | (u << 23) | (w << 21) | (load << 20) |
           (base << 16) | mask)
    if w:
        g.cur[base] = new


def gen_swp(g):
    rng = g.rng
    base = rng.choice(bases(g))
    byte = rng.getrandbits(1)
    addr = g.cur[base]
    if not in_window(addr, 4) or (not byte and addr % 4):
        return
    rd, rm = g.reg(), g.any_reg()
    if rm == base:
        return
    g.emit((g.cond() << 28) | 0x01000090 | (byte << 22) | (base << 16) | (rd << 12) | rm)


# LDREX/STREX and the ARMv6K sizes: (bits 22:21, size).
EXCL_SIZES = {"w": (0, 4), "d": (1, 8), "b": (2, 1), "h": (3, 2)}


def gen_exclusive(g):
    """An LDREX and a STREX of the same size and address, or a STREX alone
    (which fails: the monitor is open)."""
    rng = g.rng
    if g.shadow:
        return
    sizes = ["w"] + (["d", "b", "h"] if g.has(V6K) else [])
    kind = rng.choice(sizes)
    bits, size = EXCL_SIZES[kind]
    base = rng.choice(bases(g))
    addr = g.cur[base]
    if not in_window(addr, size) or addr % size:
        return
    if kind == "d":
        rt = rng.randrange(0, 14, 2)
        rt2 = rng.randrange(0, 14, 2)
        if rt in g.fixed or rt + 1 in g.fixed:
            return
        stored = (rt2, rt2 + 1)
    else:
        rt, rt2 = g.reg(), g.any_reg()
        stored = (rt2,)
    rs = g.reg()
    if rs in stored or rs == base:
        return
    ldrex = (AL << 28) | 0x01900F9F | (bits << 21) | (base << 16) | (rt << 12)
    strex = (AL << 28) | 0x01800F90 | (bits << 21) | (base << 16) | (rs << 12) | rt2
    if rng.random() < 0.2:
        g.emit(strex)
    else:
        g.emit(ldrex, strex)


def gen_pld(g):
    base = g.rng.choice(bases(g))
    g.emit(0xF5D0F000 | (g.rng.getrandbits(1) << 23) | (base << 16) | g.rng.randrange(4096))


def gen_mem(g):
    r = g.rng.random()
    if r < 0.35:
        gen_word_byte(g)
    elif r < 0.6:
        gen_extra(g)
    elif r < 0.75:
        gen_ldm_stm(g)
    elif r < 0.8:
        gen_swp(g)
    elif r < 0.9 and g.has(V6):
        gen_exclusive(g)
    elif r < 0.92 and g.has(V5TE):
        gen_pld(g)
    elif r < 0.95 and g.has(V6):
        gen_setend(g)                   # the accesses after it big- or little-endian
    else:
        gen_dp_one(g)
