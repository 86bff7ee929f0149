"""MIPS instruction streams: units, forward branches and jumps with their
delay slots, the epilogue, and the initial state.

As in streams.py (ARM), a stream is a list of units, a unit one
instruction or a few that must run together (an LL/SC pair), and a branch
skips whole units, so cutting a stream to its first k units (for
bisection) keeps every branch, pointing any target past the cut at the
cut. A branch unit is the branch and its delay slot, one instruction that
is never a branch itself (a branch in a delay slot is UNPREDICTABLE,
MIPS32 Volume II, "Jump and Branch Instructions"; see mips_exceptions.py).
"""
from mipscase import CODE, CODE_MAX, K0, K1, WINDOW_WORDS
from streams import random_word

# Features, as translate/mips/cpu.h names them.
R2, M64, FPU, F64, COP1X = "r2", "64", "fpu", "f64", "cop1x"
MODELS = {
    "4kc": set(),
    "24kf": {R2, FPU, F64, COP1X},
    "5kf": {M64, FPU, F64, COP1X},
    "mips64r2": {R2, M64, FPU, F64, COP1X},
}
# qemu's CPU of the same architecture: o32 programs in qemu-mips(el),
# n64 programs in qemu-mips64(el).
QEMU_CPU_O32 = {"4kc": "4Kc", "24kf": "24Kf"}
QEMU_CPU_N64 = {"5kf": "5Kf", "mips64r2": "MIPS64R2-generic"}

M32 = 0xFFFFFFFF
M64_MASK = (1 << 64) - 1


def sx32(v):
    """A 32-bit value sign-extended to 64 bits."""
    v &= M32
    return (v | 0xFFFFFFFF00000000) if v >> 31 else v


def is_sx(v):
    return sx32(v) == v & M64_MASK


class Branch:
    """A branch unit: kind "cond" (word has the 16-bit offset field zero),
    "j" (J/JAL, word has the target field zero) or "jr" (JR/JALR through
    register reg, which a LUI/ORI pair sets first); skip: units jumped
    over; slot: the delay slot's instruction."""

    def __init__(self, kind, word, skip, slot, reg=0):
        self.kind, self.word, self.skip, self.slot, self.reg = kind, word, skip, slot, reg

    def size(self):
        return 16 if self.kind == "jr" else 8

    def encode(self, at, target):
        if self.kind == "cond":
            return [self.word | (((target - at - 4) >> 2) & 0xFFFF), self.slot]
        if self.kind == "j":
            return [self.word | ((target >> 2) & 0x3FFFFFF), self.slot]
        r = self.reg
        return [(0x0F << 26) | (r << 16) | (target >> 16),                 # lui r, hi
                (0x0D << 26) | (r << 21) | (r << 16) | (target & 0xFFFF),  # ori r, r, lo
                self.word, self.slot]


class Unit:
    def __init__(self, words=(), branch=None):
        self.words = list(words)
        self.branch = branch

    def size(self):
        return self.branch.size() if self.branch else 4 * len(self.words)


class Stream:
    def __init__(self, units, gpr, hi, lo, fpr, fcsr, window):
        self.units = units
        self.gpr, self.hi, self.lo, self.fpr, self.fcsr, self.window = gpr, hi, lo, fpr, fcsr, window


def layout(stream, count=None):
    """The first count units (all by default) as words from CODE, the
    address of each unit, and the end."""
    units = stream.units[:len(stream.units) if count is None else count]
    addrs = []
    a = CODE
    for u in units:
        addrs.append(a)
        a += u.size()
    end = a
    out = []
    for i, u in enumerate(units):
        if not u.branch:
            out += u.words
            continue
        j = i + 1 + u.branch.skip
        out += u.branch.encode(addrs[i], addrs[j] if j < len(units) else end)
    return out, addrs, end


def epilogue():
    """lw $k1, -8($k0); jr $k1; nop: back to the harness's save_state."""
    return [(0x23 << 26) | (K0 << 21) | (K1 << 16) | 0xFFF8, (K1 << 21) | 0x08, 0]


def code_words(stream, count=None):
    words = layout(stream, count)[0] + epilogue()
    assert len(words) * 4 <= CODE_MAX
    return words


def delay_slots(stream, count=None):
    """Delay slot offset -> branch offset (from CODE) of each branch unit."""
    units = stream.units[:len(stream.units) if count is None else count]
    slots = {}
    a = 0
    for u in units:
        if u.branch:
            branch = a + u.size() - 8
            slots[branch + 4] = branch
        a += u.size()
    return slots


def case_of(stream, count=None):
    return {"gpr": stream.gpr, "hi": stream.hi, "lo": stream.lo, "fpr": stream.fpr,
            "fcsr": stream.fcsr, "window": stream.window, "code": code_words(stream, count),
            "slots": delay_slots(stream, count)}


def unit_words(stream, k):
    """Unit k's words and address, as laid out in the prefix ending with it."""
    words, addrs, _ = layout(stream, k + 1)
    return words[(addrs[k] - CODE) // 4:], addrs[k]


WRITABLE = [r for r in range(1, 32) if r not in (K0, K1)]


class Gen:
    """Per-stream generator state: random source, model features, the
    registers the stream may not write (memory bases), and for MIPS64
    streams the registers known to hold sign-extended 32-bit values (the
    32-bit operations are UNPREDICTABLE on others, MIPS64 Volume II)."""

    def __init__(self, rng, features, wide):
        self.rng = rng
        self.features = features
        self.wide = wide
        self.units = []
        self.shadow = 0        # units still inside a forward branch's reach
        self.in_slot = False   # generating a delay slot
        self.likely_slot = False
        self.fixed = {}        # register -> value (memory bases)
        self.sx = set(range(32))
        self.fr = False        # FR=1: 32 64-bit FP registers
        self.hilo_pending = False  # a MULT/DIV/MADD result may be in HI/LO unread
        self.index_reg = None  # the FP group's index register

    def has(self, f):
        return f in self.features

    def reg(self):
        """A register the stream may write."""
        return self.rng.choice([r for r in WRITABLE if r not in self.fixed])

    def src(self):
        """A register the stream may read."""
        r = self.rng.random()
        if r < 0.05:
            return 0
        return self.rng.choice(WRITABLE)

    def src32(self):
        """A register holding a sign-extended 32-bit value (any register
        for a 32-bit stream)."""
        if not self.wide:
            return self.src()
        return self.rng.choice(sorted(self.sx | {0}))

    def dst32(self):
        """A writable register that holds a sign-extended 32-bit value (for
        LWL/LWR, which keep part of it)."""
        if not self.wide:
            return self.reg()
        regs = [r for r in self.sx if r in WRITABLE and r not in self.fixed]
        return self.rng.choice(regs) if regs else None

    def wrote(self, r, sx):
        """Register r written with a sign-extended value or not. A write
        only makes a register sign-extended again when it surely runs."""
        if not sx:
            self.sx.discard(r)
        elif self.shadow == 0 and not self.likely_slot:
            self.sx.add(r)

    def emit(self, *words):
        self.units.append(Unit(words))
        if self.shadow:
            self.shadow -= 1

    def emit_branch(self, branch):
        self.units.append(Unit(branch=branch))
        if self.shadow:
            self.shadow -= 1
        self.shadow = max(self.shadow, branch.skip)

    def slot(self, one, likely=False):
        """One instruction for a delay slot, from one(g)."""
        self.in_slot, self.likely_slot = True, likely
        try:
            return one(self)
        finally:
            self.in_slot, self.likely_slot = False, False


def gen_branch(g, one, fp_cc=False):
    """A forward branch or jump with its delay slot; one(g) gives the slot.
    Linking branches never use $31 as their operand (BLTZAL/BGEZAL with
    rs = 31 and JALR with rd = rs are UNPREDICTABLE)."""
    rng = g.rng
    skip = rng.randrange(4)
    r = rng.random()
    likely = rng.random() < 0.25
    if fp_cc and r < 0.3:
        cc = rng.randrange(8)
        word = (0x11 << 26) | (0x08 << 21) | (cc << 18) | (int(likely) << 17) | (rng.getrandbits(1) << 16)
        branch = Branch("cond", word, skip, g.slot(one, likely))
    elif r < 0.45:
        op = rng.choice([0x04, 0x05, 0x06, 0x07])             # BEQ BNE BLEZ BGTZ
        rs, rt = g.src(), (g.src() if op < 6 else 0)
        if likely:
            op += 0x10
        branch = Branch("cond", (op << 26) | (rs << 21) | (rt << 16), skip, g.slot(one, likely))
    elif r < 0.65:
        rt = rng.choice([0x00, 0x01, 0x10, 0x11])             # BLTZ BGEZ BLTZAL BGEZAL
        if likely:
            rt |= 0x02
        rs = g.src()
        if rt & 0x10:
            rs = rng.choice([r for r in range(31) if r not in (K0, K1)])
            g.wrote(31, True)
        branch = Branch("cond", (0x01 << 26) | (rs << 21) | (rt << 16), skip, g.slot(one, likely))
    elif r < 0.8:
        link = rng.random() < 0.4
        if link:
            g.wrote(31, True)
        branch = Branch("j", (0x03 if link else 0x02) << 26, skip, g.slot(one))
    else:
        rs = g.reg()
        g.wrote(rs, True)
        if rng.random() < 0.4:
            rd = rng.choice([r for r in WRITABLE if r != rs and r not in g.fixed])
            g.wrote(rd, True)
            word = (rs << 21) | (rd << 11) | 0x09                # JALR rd, rs
        else:
            word = (rs << 21) | 0x08                             # JR rs
        branch = Branch("jr", word, skip, g.slot(one), reg=rs)
    g.emit_branch(branch)


# 64-bit values that find the edges of doubleword operations.
EDGE_VALUES_64 = [0, 1, (1 << 63), (1 << 63) - 1, (1 << 64) - 1, 0xFFFFFFFF, 0x80000000,
                  0x7FFFFFFF, 0x100000000, 0xFFFFFFFF00000000, 0x00000000FFFF0000,
                  0x8000000080000000, 0x0123456789ABCDEF]


def random_gpr(rng, wide):
    """An initial register value: sign-extended 32-bit, or for MIPS64
    streams sometimes any 64-bit value."""
    if wide and rng.random() < 0.4:
        return rng.choice(EDGE_VALUES_64) if rng.random() < 0.3 else rng.getrandbits(64)
    return sx32(random_word(rng))


def make_stream(rng, features, wide, body, one, length, fixed=None, fpr=None, fcsr=0,
                fr=False, fp_cc=False, index_reg=None):
    """Runs body(g) until the stream has length units; body emits one or
    more units per call, one(g) returns a single instruction for a delay
    slot. fixed: registers with values set beforehand."""
    g = Gen(rng, features, wide)
    g.fixed = dict(fixed or {})
    g.fr = fr
    g.index_reg = index_reg
    gpr = [0] + [random_gpr(rng, wide) for _ in range(31)]
    for r, v in g.fixed.items():
        gpr[r] = v
    gpr[K0] = gpr[K1] = 0
    g.sx = {r for r in range(32) if is_sx(gpr[r])}
    while len(g.units) < length:
        if rng.random() < 0.1:
            gen_branch(g, one, fp_cc)
        else:
            body(g)
    hi, lo = random_gpr(rng, wide), random_gpr(rng, wide)
    window = [random_word(rng) for _ in range(WINDOW_WORDS)]
    return Stream(g.units, gpr, hi, lo, fpr or [0] * 32, fcsr, window)

