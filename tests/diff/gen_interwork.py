"""Interworking inside a stream: units that leave the stream's state (ARM
or Thumb) for a few instructions of the other and come back, by every
way the architecture has of switching.

ARM streams (arm-dp, arm-mem):
- BX Rm to Thumb code that returns with "bx pc" (ARMv4T);
- BLX Rm and BLX immediate to Thumb code that returns with "bx lr"
  (ARMv5);
- LDR pc and LDM with pc in the list, loading a Thumb address with bit 0
  set (ARMv5: A4.1.23 LDR, A4.1.20 LDM (1), "interworking"); on ARMv4T an
  ARM address (bits 1:0 set are UNPREDICTABLE there, and loads to the pc
  do not interwork).

Thumb streams (thumb):
- BX pc to ARM code that returns with BX Rm (ARMv4T);
- BLX Rm and BLX immediate (the 0xE800 suffix) to ARM code that returns
  with "bx lr" (ARMv5);
- POP {pc} of an ARM address (ARMv5: A7.1.50 POP), and of a Thumb address
  with bit 0 set (every version: before ARMv5 bit 0 is ignored and the
  state stays Thumb).

Every switching instruction is unconditional (a failed condition would run
the other state's code as this one's) and in one unit with the code it
enters, so a forward branch skips it whole. Thumb code entered from ARM is
gen_thumb's data processing; ARM code entered from Thumb is gen_arm's,
neither writing lr where lr holds the return address. A unit in a Thumb
stream that holds ARM code starts on a word boundary (Unit.align).
"""
from streams import Gen, Unit, V5, THUMB_NOP
from gen_arm import gen_dp_one
from gen_thumb import gen_alu
from gen_mem import bases, in_window

T_BX_PC, T_BX_LR = 0x4778, 0x4770
A_BX_LR = 0xE12FFF1E
LR, SP, PC = 14, 13, 15


def thumb_code(g, n):
    """n Thumb data-processing halfwords with the stream's registers."""
    sub = Gen(g.rng, g.features, thumb=True)
    sub.fixed, sub.cur = g.fixed, g.cur
    while len(sub.units) < n:
        gen_alu(sub)
    return [h for u in sub.units for h in u.words]


def arm_code(g, n, keep=()):
    """n ARM data-processing words that leave the registers in keep alone."""
    sub = Gen(g.rng, g.features, thumb=False)
    sub.fixed = dict(g.fixed)
    sub.fixed.update({r: 0 for r in keep})
    sub.cur = g.cur
    while len(sub.units) < n:
        gen_dp_one(sub)
    return [w for u in sub.units for w in u.words]


def packed(halves):
    """Thumb halfwords as ARM-stream words, padded with a NOP."""
    if len(halves) % 2:
        halves = halves + [THUMB_NOP]
    return [halves[i] | (halves[i + 1] << 16) for i in range(0, len(halves), 2)]


def halves(words):
    """ARM words as Thumb-stream halfwords (low half first)."""
    return [h for w in words for h in (w & 0xFFFF, w >> 16)]


def scratch(g, low=False):
    """A register the unit may write (low: r0-r7): not fixed, not sp or lr."""
    regs = [r for r in g.free_regs() if r not in (SP, LR) and (r < 8 or not low)]
    return g.rng.choice(regs) if regs else None


def to_thumb_code(g, back):
    """Thumb code of one to four instructions ending with back, padded so
    that a "bx pc" in it sits on a word boundary."""
    body = thumb_code(g, g.rng.randrange(1, 5))
    if back == T_BX_PC:
        if len(body) % 2:
            body.append(THUMB_NOP)
        return body + [T_BX_PC, THUMB_NOP]
    return body + [back]


# ---- ARM streams ---------------------------------------------------------

def arm_bx(g):
    """add rX, pc, #1; bx rX; Thumb code; bx pc (ARM again after it)."""
    rx = scratch(g)
    if rx is None:
        return
    g.emit(0xE28F0001 | (rx << 12), 0xE12FFF10 | rx, *packed(to_thumb_code(g, T_BX_PC)))


def arm_blx(g):
    """BLX to Thumb code that returns with bx lr to a B over it:
    add rX, pc, #5; blx rX; b over; Thumb code, or blx #thumb; b over;
    Thumb code. rX may be lr itself: BLX reads it before it writes lr."""
    if LR in g.fixed:
        return
    code = packed(to_thumb_code(g, T_BX_LR))
    k = g.rng.randrange(3)
    rx = scratch(g) if k == 1 else LR
    b_over = 0xEA000000 | (len(code) - 1)                # from pc + 8 past the code
    if k == 0 or rx is None:
        g.emit(0xFA000000, b_over, *code)                 # blx pc + 8, lr at the B
    else:
        g.emit(0xE28F0005 | (rx << 12), 0xE12FFF30 | rx, b_over, *code)


def word_slot(g, base, span):
    """An offset (0..252) from base to span bytes of window at a word
    boundary, or None."""
    offs = [o for o in range(0, 256, 4)
            if in_window(g.cur[base] + o, span) and (g.cur[base] + o) % 4 == 0]
    return g.rng.choice(offs) if offs else None


def pc_load(g, base, rx):
    """LDR pc, [rB, #off] or LDMIA rB, {regs, pc}, and the offset of the
    word it loads the pc from; None when the window has no room."""
    regs = sorted(g.rng.sample([r for r in g.free_regs() if r not in (SP, LR, rx)],
                               g.rng.randrange(0, 3)))
    if g.rng.getrandbits(1) or not regs:
        off = word_slot(g, base, 4)
        if off is None:
            return None
        return 0xE5900000 | (base << 16) | (PC << 12) | off, off
    span = 4 * (len(regs) + 1)
    if not in_window(g.cur[base], span) or g.cur[base] % 4:
        return None
    return 0xE8900000 | (base << 16) | (1 << PC) | sum(1 << r for r in regs), span - 4


def arm_load_pc(g):
    """Stores a code address into the window (str rX, [rB, #off]) and
    loads it into the pc. On ARMv5 the address is Thumb code's with bit 0
    set, on ARMv4T the next ARM instruction's."""
    bs, rx = bases(g), scratch(g)
    if not bs or rx is None:
        return
    base = g.rng.choice(bs)
    load = pc_load(g, base, rx)
    if load is None:
        return
    store = 0xE5800000 | (base << 16) | (rx << 12) | load[1]
    if g.has(V5):
        g.emit(0xE28F0005 | (rx << 12), store, load[0], *packed(to_thumb_code(g, T_BX_PC)))
    else:
        g.emit(0xE28F0004 | (rx << 12), store, load[0])   # to the ARM instruction after the load


def gen_interwork_arm(g):
    """One interworking unit of an ARM stream."""
    kinds = [arm_bx] + ([arm_blx] if g.has(V5) else [])
    if bases(g):
        kinds.append(arm_load_pc)
    g.rng.choice(kinds)(g)


# ---- Thumb streams -------------------------------------------------------

def to_arm_code(g, back, keep=()):
    """ARM code of one to three instructions ending with back (words)."""
    return arm_code(g, g.rng.randrange(1, 4), keep) + back


def thumb_bx(g):
    """bx pc; nop; ARM code; add rX, pc, #1; bx rX (Thumb after it)."""
    rx = scratch(g)
    if rx is None:
        return
    back = [0xE28F0001 | (rx << 12), 0xE12FFF10 | rx]
    g.emit_unit(Unit([T_BX_PC, THUMB_NOP] + halves(to_arm_code(g, back)), align=True))


def thumb_blx(g):
    """BLX to ARM code at A + 8 (A: the unit's word-aligned start) that
    returns with bx lr to a B over it. The head: the BLX immediate pair;
    add rX, pc, #4; blx rX; or add rX, pc, #4; mov lr, rX; blx lr (BLX
    reads lr before it writes it). Then b over, a NOP up to A + 8, the
    ARM code."""
    if LR in g.fixed:
        return
    code = halves(to_arm_code(g, [A_BX_LR], keep=(LR,)))
    k = g.rng.randrange(3)
    rx = scratch(g, low=True)
    if k == 0 or rx is None:
        head = [0xF000, 0xE802]                          # blx to (pc + 4 + 4) & ~3
    elif k == 1:
        head = [0xA001 | (rx << 8), 0x4780 | (rx << 3)]
    else:
        head = [0xA001 | (rx << 8), 0x4686 | (rx << 3), 0x4780 | (LR << 3)]
    pad = [THUMB_NOP] * (3 - len(head))
    b_over = 0xE000 | ((len(code) + len(pad) - 1) & 0x7FF)   # from pc + 4 past the code
    g.emit_unit(Unit(head + [b_over] + pad + code, align=True))


def thumb_pop_pc(g):
    """add rX, pc, #4 (an ARM address; + 1 for a Thumb one); push {rX};
    pop {pc}; then ARM code returning to Thumb, or the Thumb code that
    follows."""
    rx, ry = scratch(g, low=True), scratch(g)
    if rx is None or SP not in g.cur or not in_window(g.cur[SP] - 4, 4):
        return
    push_pop = [0xB400 | (1 << rx), 0xBD00]
    if g.has(V5) and g.rng.getrandbits(1):
        back = [0xE28F0001 | (ry << 12), 0xE12FFF10 | ry]
        code = [0xA001 | (rx << 8)] + push_pop + [THUMB_NOP] + halves(to_arm_code(g, back))
    else:
        code = [0xA001 | (rx << 8), 0x3001 | (rx << 8)] + push_pop   # adds rX, #1: Thumb
    g.emit_unit(Unit(code, align=True))


def gen_interwork_thumb(g):
    """One interworking unit of a Thumb stream."""
    kinds = [thumb_bx, thumb_pop_pc] + ([thumb_blx] if g.has(V5) else [])
    g.rng.choice(kinds)(g)


def with_interwork(body, unit, p=0.05):
    """A group's body that now and then emits an interworking unit."""
    def gen(g):
        (unit if g.rng.random() < p else body)(g)
    return gen
