"""Random Thumb-1 instructions (ARMv4T to ARMv6): shifts, add/subtract,
immediates, the ALU group, high-register ADD/CMP/MOV, loads and stores of
every form (bases and indexes as in gen_mem), PUSH/POP, LDMIA/STMIA, the
ARMv6 extensions and reversals, SETEND and CPS; branches come from
streams.Gen.

Left out, by the rule of the ARM ARM (DDI 0100I, part A7) that makes it
UNPREDICTABLE:
- A7.1.6/A7.1.24/A7.1.48 high-register ADD, CMP, MOV with both registers
  low; Rd = PC (a branch, not this group's); CMP with PC.
- A7.1.45 MUL with Rd = Rm before ARMv6, and on ARMv4 at all (C flag
  UNPREDICTABLE).
- CPS with A:I:F = 000.
- A7.1.28/A7.1.57 LDMIA/STMIA with the base in the list (writeback) and
  empty lists; A7.1.50 POP of PC (a branch); A7.1.29 LDR literal beyond
  the code page.
- Addresses and alignment as in gen_mem.
"""
from streams import CODE, V5, V6, unit_addrs
from gen_mem import bases, indexes, in_window, aligned


def cur_addr(g):
    """Where the next unit goes (when it needs no alignment)."""
    return unit_addrs(g.units, True)[1]


def gen_alu(g):
    rng = g.rng
    k = rng.randrange(5)
    rd = g.reg()
    if k == 0:                                            # LSL/LSR/ASR #imm
        g.emit((rng.randrange(3) << 11) | (rng.randrange(32) << 6) | (g.any_reg() << 3) | rd)
    elif k == 1:                                          # ADD/SUB reg or imm3
        g.emit(0x1800 | (rng.getrandbits(2) << 9) | (g.any_reg() << 6) | (g.any_reg() << 3) | rd)
    elif k == 2:                                          # MOV/CMP/ADD/SUB #imm8
        op = rng.randrange(4)
        r = g.any_reg() if op == 1 else rd
        g.emit(0x2000 | (op << 11) | (r << 8) | rng.choice([0, 1, 0x7F, 0x80, 0xFF, rng.getrandbits(8)]))
    else:                                                 # data processing
        op = rng.randrange(16)
        rm = g.any_reg()
        if op == 13 and (not g.has(V5) or (not g.has(V6) and rm == rd)):
            return
        if op in (8, 10, 11):                             # TST, CMP, CMN: no write
            rd = g.any_reg()
        g.emit(0x4000 | (op << 6) | (rm << 3) | rd)


def gen_hireg(g):
    """ADD/CMP/MOV with a high register; at least one of them high."""
    rng = g.rng
    op = rng.randrange(3)
    if op == 1:
        rd, rm = rng.randrange(15), rng.randrange(15)
    else:
        writable = [r for r in range(15) if r not in g.fixed]
        rd = rng.choice(writable)
        rm = 15 if rng.random() < 0.1 else rng.randrange(15)
    if rd < 8 and rm < 8:
        return
    g.emit(0x4400 | (op << 8) | ((rd >> 3) << 7) | (rm << 3) | (rd & 7))


# Register-offset forms: opcode -> (load, size, alignment class).
LDST_REG = {0: (0, 4, "word"), 1: (0, 2, "half"), 2: (0, 1, "byte"), 3: (1, 1, "byte"),
            4: (1, 4, "word"), 5: (1, 2, "half"), 6: (1, 1, "byte"), 7: (1, 2, "half")}


def gen_ldst(g):
    rng = g.rng
    bs = [b for b in bases(g) if b < 8]
    k = rng.randrange(5)
    if k == 0 and bs and indexes(g):
        op = rng.randrange(8)
        load, size, align = LDST_REG[op]
        rn, rm = rng.choice(bs), rng.choice(indexes(g))
        addr = (g.cur[rn] + g.cur[rm]) & 0xFFFFFFFF
        rd = g.reg() if load else g.any_reg()
        if in_window(addr, size) and aligned(g, addr, size, align):
            g.emit(0x5000 | (op << 9) | (rm << 6) | (rn << 3) | rd)
    elif k == 1 and bs:
        byte, load = rng.getrandbits(1), rng.getrandbits(1)
        imm = rng.randrange(32)
        rn = rng.choice(bs)
        size = 1 if byte else 4
        addr = g.cur[rn] + imm * size
        rd = g.reg() if load else g.any_reg()
        if in_window(addr, size) and aligned(g, addr, size, "word"):
            g.emit(0x6000 | (byte << 12) | (load << 11) | (imm << 6) | (rn << 3) | rd)
    elif k == 2 and bs:
        load, imm, rn = rng.getrandbits(1), rng.randrange(32), rng.choice(bs)
        addr = g.cur[rn] + imm * 2
        rd = g.reg() if load else g.any_reg()
        if in_window(addr, 2) and aligned(g, addr, 2, "half"):
            g.emit(0x8000 | (load << 11) | (imm << 6) | (rn << 3) | rd)
    elif k == 3 and 13 in g.cur:
        load, imm = rng.getrandbits(1), rng.randrange(64)
        rd = g.reg() if load else g.any_reg()
        if in_window(g.cur[13] + 4 * imm, 4):
            g.emit(0x9000 | (load << 11) | (rd << 8) | imm)
    else:                                                   # LDR literal
        at = cur_addr(g)
        imm = rng.randrange(64)
        if ((at + 4) & ~3) + 4 * imm + 4 <= CODE + 0x1000:
            g.emit(0x4800 | (g.reg() << 8) | imm)


def gen_multiple(g):
    """PUSH/POP, LDMIA/STMIA, ADD/SUB sp: they move a base, so not in a
    branch's reach."""
    rng = g.rng
    if g.shadow:
        return
    k = rng.randrange(3)
    free = g.free_regs()
    if k == 0 and 13 in g.cur:
        sp = g.cur[13]
        if rng.getrandbits(1):                              # PUSH {list, lr?}
            regs = rng.sample(range(8), rng.randrange(1, 5))
            lr = rng.getrandbits(1)
            n = 4 * (len(regs) + lr)
            if in_window(sp - n, n):
                g.emit(0xB400 | (lr << 8) | sum(1 << r for r in regs))
                g.cur[13] = sp - n
        elif free:                                          # POP {list}
            regs = rng.sample(free, rng.randrange(1, len(free) + 1))
            n = 4 * len(regs)
            if in_window(sp, n):
                g.emit(0xBC00 | sum(1 << r for r in regs))
                g.cur[13] = sp + n
    elif k == 1:
        bs = [b for b in bases(g) if b < 8]
        if not bs:
            return
        rn = rng.choice(bs)
        load = rng.getrandbits(1)
        pool = free if load else [r for r in range(8) if r != rn]
        if not pool:
            return
        regs = rng.sample(pool, rng.randrange(1, min(len(pool), 5) + 1))
        n = 4 * len(regs)
        if in_window(g.cur[rn], n) and g.cur[rn] % 4 == 0:
            g.emit(0xC000 | (load << 11) | (rn << 8) | sum(1 << r for r in regs))
            g.cur[rn] += n
    elif 13 in g.cur:                                       # ADD/SUB sp, #imm
        sub, imm = rng.getrandbits(1), rng.randrange(16)
        new = g.cur[13] - 4 * imm if sub else g.cur[13] + 4 * imm
        if in_window(new, 4):
            g.emit(0xB000 | (sub << 7) | imm)
            g.cur[13] = new


def gen_thumb(g):
    rng = g.rng
    r = rng.random()
    if r < 0.45:
        gen_alu(g)
    elif r < 0.55:
        gen_hireg(g)
    elif r < 0.75:
        gen_ldst(g)
    elif r < 0.85:
        gen_multiple(g)
    elif r < 0.9:                                           # ADD Rd, pc/sp, #imm
        g.emit(0xA000 | (rng.getrandbits(1) << 11) | (g.reg() << 8) | rng.getrandbits(8))
    elif g.has(V6):
        gen_v6(g)
    else:
        gen_alu(g)


def gen_v6(g):
    """ARMv6: extends, reversals, SETEND (the data endianness of what
    follows) and CPS (A7.1 CPS: a NOP in user mode; A:I:F nonzero)."""
    rng = g.rng
    k = rng.randrange(8)
    if k < 3:
        g.emit(0xB200 | (rng.randrange(4) << 6) | (g.any_reg() << 3) | g.reg())       # SXTH..UXTB
    elif k < 6:
        g.emit(0xBA00 | (rng.choice([0, 1, 3]) << 6) | (g.any_reg() << 3) | g.reg())  # REV*
    elif k < 7:
        g.emit(0xB650 | (rng.getrandbits(1) << 3))                                    # SETEND
    else:
        g.emit(0xB660 | (rng.getrandbits(1) << 4) | rng.randrange(1, 8))              # CPSIE/CPSID
