"""Instruction streams: units of instructions, forward branches between
them, the prologue and epilogue around them, and the initial state.

A stream is a list of units. A unit is one instruction, or a few that must
run together (a value set up for the MSR that uses it, an LDREX/STREX
pair); a branch skips whole units, so it never lands inside one. Cutting a
stream to its first k units (for bisection) keeps every branch, pointing
any target past the cut at the cut.
"""
import random

from diffcase import CODE, SAVE, SAVE_SELF, SAVE_RETURN, CODE_MAX, WINDOW, WINDOW_WORDS

# Features, as translate/arm/cpu.h names them.
V4T, V5, V5TE, V5J, V6, V6K, VFP2 = "v4t", "v5", "v5te", "v5j", "v6", "v6k", "vfp2"
MODELS = {
    "arm7tdmi": {V4T},
    "arm926": {V4T, V5, V5TE, V5J},
    "arm1136": {V4T, V5, V5TE, V5J, V6},
    "arm1176": {V4T, V5, V5TE, V5J, V6, V6K, VFP2},
}
# qemu-arm's CPU of the same architecture, or None when it has none (its
# arm1136 is ARMv6K; arm1136-r2 is the ARMv6 one).
QEMU_CPU = {"arm7tdmi": None, "arm926": "arm926", "arm1136": "arm1136-r2", "arm1176": "arm1176"}

AL = 14


THUMB_NOP = 0x46C0                   # mov r8, r8


class Unit:
    """Instruction words (32-bit ARM or 16-bit Thumb halfwords), or a
    forward branch: branch = (kind, cond, skip) with kind "b" or "bl".
    align: a Thumb unit that must start on a word boundary (it holds ARM
    code, or a "bx pc"); layout puts a NOP in front of it when needed."""

    def __init__(self, words=(), branch=None, align=False):
        self.words = list(words)
        self.branch = branch
        self.align = align

    def size(self, thumb):
        if self.branch:
            return 4 if (not thumb or self.branch[0] == "bl") else 2
        return len(self.words) * (2 if thumb else 4)


class Stream:
    """v6: the model has SETEND, so the epilogue must undo a big-endian
    data state before it stores."""

    def __init__(self, thumb, units, regs, cpsr, fpscr, vfp, window, r7, v6=False):
        self.thumb, self.v6 = thumb, v6
        self.units = units
        self.regs, self.cpsr, self.fpscr, self.vfp, self.window = regs, cpsr, fpscr, vfp, window
        self.r7 = r7


def arm_branch(kind, cond, at, target):
    off = ((target - (at + 8)) >> 2) & 0xFFFFFF
    return (cond << 28) | (0x0B000000 if kind == "bl" else 0x0A000000) | off


def thumb_branch(kind, cond, at, target):
    off = target - (at + 4)
    if kind == "bl":
        return [0xF000 | ((off >> 12) & 0x7FF), 0xF800 | ((off >> 1) & 0x7FF)]
    if cond == AL:
        return [0xE000 | ((off >> 1) & 0x7FF)]
    return [0xD000 | (cond << 8) | ((off >> 1) & 0xFF)]


def stream_start(thumb):
    """Where the first unit goes: after the prologue that reloads r7."""
    return CODE + (8 if thumb else 12)


def unit_addrs(units, thumb):
    """The address of each unit (after its alignment NOP, if any) and the
    end of the last."""
    addrs = []
    a = stream_start(thumb)
    for u in units:
        if u.align and a % 4:
            a += 2
        addrs.append(a)
        a += u.size(thumb)
    return addrs, a


def layout(stream, count=None):
    """The stream's first count units (all by default) as halfwords or
    words from the stream start, and the address of each unit."""
    units = stream.units[:len(stream.units) if count is None else count]
    thumb = stream.thumb
    addrs, end = unit_addrs(units, thumb)
    out = []
    for i, u in enumerate(units):
        if u.align and (stream_start(thumb) + 2 * len(out)) % 4:
            out.append(THUMB_NOP)
        if not u.branch:
            out += u.words
            continue
        kind, cond, skip = u.branch
        j = i + 1 + skip
        target = addrs[j] if j < len(units) else end
        if thumb:
            out += thumb_branch(kind, cond, addrs[i], target)
        else:
            out.append(arm_branch(kind, cond, addrs[i], target))
    return out, addrs, end


def pcrel(insn_at, target, base):
    """A load or store at insn_at of the word at target, pc-relative."""
    off = (insn_at + 8) - target
    assert 0 < off < 4096
    return base | off          # U = 0: pc + 8 - off


STR_PC, LDR_PC = 0xE50F0000, 0xE51F0000   # str/ldr r0, [pc, #-off]
SAVE_CPSR = SAVE + 4 + 0x38


def save_r0_cpsr(at, v6):
    """The epilogue's first words: r0 and CPSR into the save area. With
    SETEND (ARMv6) the stream may end with big-endian data: CPSR is read
    first, SETEND LE restores the harness's data order, and r0, stored
    before it, is reversed when E was set."""
    if not v6:
        return [pcrel(at, SAVE, STR_PC)]
    return [pcrel(at, SAVE, STR_PC),
            0xE10F0000,                               # mrs r0, cpsr
            0xF1010000,                               # setend le
            pcrel(at + 12, SAVE_CPSR, STR_PC),        # str r0, [SAVE_CPSR]
            0xE3100C02,                               # tst r0, #0x200 (E)
            pcrel(at + 20, SAVE, LDR_PC),             # ldr r0, [SAVE]
            0x16BF0F30,                               # revne r0, r0
            pcrel(at + 28, SAVE, STR_PC)]             # str r0, [SAVE]


def epilogue(at, vfp, v6=False):
    """ARM code at address at storing r0-r14, CPSR (and FPSCR, d0-d15)
    into SAVE and returning to the harness; reaches SAVE pc-relatively."""
    w = save_r0_cpsr(at, v6)
    w += [pcrel(at + 4 * len(w), SAVE_SELF, LDR_PC),  # ldr r0, [SAVE_SELF]
          0xE2800004,                                 # add r0, r0, #4
          0xE8807FFE]                                 # stmia r0, {r1-r14}
    if not v6:
        w += [0xE10F1000,                             # mrs r1, cpsr
              0xE5801038]                             # str r1, [r0, #0x38]
    if vfp:
        w += [0xEEF11A10,                             # fmrx r1, fpscr
              0xE580103C,                             # str r1, [r0, #0x3c]
              0xE2800040,                             # add r0, r0, #0x40
              0xEC800B20]                             # fstmiad r0, {d0-d15}
    w.append(pcrel(at + 4 * len(w), SAVE_RETURN, 0xE51FF000))  # ldr pc, [pc, #-off]
    return w


def code_words(stream, vfp, count=None):
    """The whole code of a case: prologue (reloads r7, which carried the
    entry address), the stream (or its first count units), epilogue."""
    body, _, end = layout(stream, count)
    if stream.thumb:
        half = [0x4F00, 0xE001, stream.r7 & 0xFFFF, stream.r7 >> 16] + body  # ldr r7, [pc]; b +2
        if len(half) % 2:
            half.append(0x46C0)                      # nop (mov r8, r8): align
            end += 2
        half += [0x4778, 0x46C0]                     # bx pc: to ARM at end + 4
        words = [half[i] | (half[i + 1] << 16) for i in range(0, len(half), 2)]
        words += epilogue(end + 4, vfp, stream.v6)
    else:
        words = [0xE59F7000, 0xEA000000, stream.r7] + body   # ldr r7, [pc]; b +0; .word
        words += epilogue(end, vfp, stream.v6)
    assert len(words) * 4 <= CODE_MAX
    return words


def case_of(stream, vfp, count=None):
    return {
        "regs": stream.regs, "cpsr": stream.cpsr, "fpscr": stream.fpscr,
        "vfp": stream.vfp, "window": stream.window,
        "entry": CODE | (1 if stream.thumb else 0), "code": code_words(stream, vfp, count),
    }


# Values that find the edges: zero, signs, carries, saturation limits.
EDGE_VALUES = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000,
               0x80000001, 0xFFFFFFFF, 0xFFFFFFFE, 0x00010000, 0x00008000, 0x7F7F7F7F,
               0x80808080, 0xFFFF0000, 0x0000FFFF, 31, 32, 33, 0x100]


def random_word(rng):
    r = rng.random()
    if r < 0.25:
        return rng.choice(EDGE_VALUES)
    if r < 0.35:
        return rng.randrange(64)
    if r < 0.45:
        return (-rng.randrange(1, 64)) & 0xFFFFFFFF
    return rng.getrandbits(32)


def random_cpsr(rng, features):
    v = rng.getrandbits(4) << 28
    if V5TE in features:
        v |= rng.getrandbits(1) << 27
    if V6 in features:
        v |= rng.getrandbits(4) << 16
    return v


class Gen:
    """Per-stream generator state: random source, model features and the
    registers the stream may not write (memory bases and indexes)."""

    def __init__(self, rng, features, thumb=False):
        self.rng = rng
        self.features = features
        self.thumb = thumb
        self.units = []
        self.shadow = 0        # units still inside a forward branch's reach
        self.fixed = {}        # register -> initial value (bases and indexes)
        self.cur = {}          # register -> value at the current point
        self.fpscr = 0         # FPSCR's vector length at the current point

    def has(self, f):
        return f in self.features

    def cond(self, p_al=0.5):
        if self.rng.random() < p_al:
            return AL
        return self.rng.randrange(14)

    def free_regs(self, allow_sp_lr=True):
        regs = [r for r in range(15) if r not in self.fixed]
        if self.thumb:
            regs = [r for r in regs if r < 8]
        elif not allow_sp_lr:
            regs = [r for r in regs if r < 13]
        return regs

    def reg(self):
        """A register the stream may write."""
        return self.rng.choice(self.free_regs())

    def any_reg(self):
        """A register the stream may read (fixed ones included)."""
        return self.rng.randrange(8 if self.thumb else 15)

    def emit(self, *words):
        self.units.append(Unit(words))
        if self.shadow:
            self.shadow -= 1

    def emit_unit(self, unit):
        self.units.append(unit)
        if self.shadow:
            self.shadow -= 1

    def branch(self):
        kind = "bl" if (self.rng.random() < 0.15 and not self.thumb) else "b"
        cond = AL if kind == "bl" else self.cond(0.3)
        if self.thumb and self.rng.random() < 0.1 and 14 not in self.fixed:
            kind, cond = "bl", AL
        if kind == "bl" and 14 in self.fixed:
            kind = "b"
        skip = self.rng.randrange(4)
        self.emit_unit(Unit(branch=(kind, cond, skip)))
        self.shadow = max(self.shadow, skip)


def make_stream(rng, features, thumb, body, length, vfp_init=None, fpscr=0, window=None, fixed=None):
    """Runs body(gen) until the stream has length units; body emits one or
    more units per call. fixed: registers with values set beforehand."""
    g = Gen(rng, features, thumb)
    g.fixed = dict(fixed or {})
    g.cur = dict(g.fixed)
    g.fpscr = fpscr
    while len(g.units) < length:
        if rng.random() < 0.08:
            g.branch()
        else:
            body(g)
    regs = [random_word(rng) for _ in range(15)]
    for r, v in g.fixed.items():
        regs[r] = v
    if window is None:
        window = [rng.getrandbits(32) for _ in range(WINDOW_WORDS)]
    vfp = vfp_init or [0] * 32
    return Stream(thumb, g.units, regs, random_cpsr(rng, features), fpscr, vfp, window, regs[7],
                  V6 in features)


def window_random(rng):
    return [random_word(rng) for _ in range(WINDOW_WORDS)]


def stream_rng(seed, group, index):
    """The random source of one stream: the same seed, group and index
    always give the same stream."""
    return random.Random("%d/%s/%d" % (seed, group, index))


WINDOW_END = WINDOW + 4 * WINDOW_WORDS
