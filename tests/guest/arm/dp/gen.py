#!/usr/bin/env python3
"""Generates the self-checking ARM data-processing, branch and PSR tests.

  gen.py DIR

The expected values come from a model of the ARM ARM (DDI 0100I) pseudocode
written here: the shifter operands of A5.1 (immediate, register shifted by
an immediate, register shifted by a register), the sixteen data-processing
instructions of A4.1 with their flag rules (CarryFrom, BorrowFrom,
OverflowFrom) and the condition codes of A3.2. qemu-arm checks the model.
"""
import os
import random
import sys

# The assembly shared with the other generators (asm_harness.py) is one level up.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from asm_harness import ARM_DESCRIPTION, EXPECT_ARM, arch_level, exit_code, header, write_v4  # noqa: E402

M = 0xffffffff
NF, ZF, CF, VF, QF = 1 << 31, 1 << 30, 1 << 29, 1 << 28, 1 << 27
NZCV = [n << 28 for n in range(16)]


def s32(x):
    x &= M
    return x - (1 << 32) if x >> 31 else x


def bit(x, n):
    return (x >> n) & 1


def ror(x, n):
    n &= 31
    return ((x >> n) | (x << (32 - n))) & M if n else x


def cflag(pre):
    return 1 if pre & CF else 0


# ---- shifter operands (A5.1): each returns (shifter_operand, shifter_carry_out) ----

def sh_imm(imm8, rot, pre):
    """A5.1.3: 32-bit immediate. rot is the rotation in bits (0, 2, .., 30)."""
    v = ror(imm8, rot)
    return (v, cflag(pre)) if rot == 0 else (v, bit(v, 31))


def sh_by_imm(rm, kind, n, pre):
    """A5.1.4 to A5.1.12; n is the shift as written: LSL 0..31, LSR/ASR 1..32,
    ROR 1..31, and kind 'rrx' for RRX."""
    c = cflag(pre)
    if kind == 'lsl':
        return (rm, c) if n == 0 else ((rm << n) & M, bit(rm, 32 - n))
    if kind == 'lsr':
        return (0, bit(rm, 31)) if n == 32 else (rm >> n, bit(rm, n - 1))
    if kind == 'asr':
        if n == 32:
            return (M, 1) if bit(rm, 31) else (0, 0)
        return (s32(rm) >> n) & M, bit(rm, n - 1)
    if kind == 'ror':
        return ror(rm, n), bit(rm, n - 1)
    return (c << 31) | (rm >> 1), bit(rm, 0)   # RRX


def sh_by_reg(rm, kind, rs, pre):
    """A5.1.6, A5.1.8, A5.1.10, A5.1.12: only Rs[7:0] counts."""
    c, n = cflag(pre), rs & 0xff
    if n == 0:
        return rm, c
    if kind == 'lsl':
        if n < 32:
            return (rm << n) & M, bit(rm, 32 - n)
        return 0, (bit(rm, 0) if n == 32 else 0)
    if kind == 'lsr':
        if n < 32:
            return rm >> n, bit(rm, n - 1)
        return 0, (bit(rm, 31) if n == 32 else 0)
    if kind == 'asr':
        if n < 32:
            return (s32(rm) >> n) & M, bit(rm, n - 1)
        return (M, 1) if bit(rm, 31) else (0, 0)
    n5 = n & 31   # ROR
    if n5 == 0:
        return rm, bit(rm, 31)
    return ror(rm, n5), bit(rm, n5 - 1)


# ---- data processing (A4.1) ----

OPS = ['and', 'eor', 'sub', 'rsb', 'add', 'adc', 'sbc', 'rsc',
       'tst', 'teq', 'cmp', 'cmn', 'orr', 'mov', 'bic', 'mvn']
LOGICAL = {'and', 'eor', 'tst', 'teq', 'orr', 'mov', 'bic', 'mvn'}
COMPARE = {'tst', 'teq', 'cmp', 'cmn'}
CARRY_IN = {'adc', 'sbc', 'rsc'}
SENTINEL = 0xa5a5a5a5   # r0 before compares: they must not write it


def add_c(x, y, cin):
    """x + y + cin: result, CarryFrom, OverflowFrom."""
    u = x + y + cin
    s = s32(x) + s32(y) + cin
    return u & M, 1 if u > M else 0, 0 if -(1 << 31) <= s < (1 << 31) else 1


def sub_c(x, y, cin):
    """x - y - NOT(cin): result, NOT BorrowFrom, OverflowFrom."""
    b = 1 - cin
    u = x - y - b
    s = s32(x) - s32(y) - b
    return u & M, 0 if u < 0 else 1, 0 if -(1 << 31) <= s < (1 << 31) else 1


def nz(flags, r):
    flags &= ~(NF | ZF)
    if r & (1 << 31):
        flags |= NF
    if r == 0:
        flags |= ZF
    return flags


def dp(op, s, a, shifter, pre):
    """Returns (result or None for compares, flags after)."""
    v, sc = shifter
    c = cflag(pre)
    if op in LOGICAL:
        r = {'and': a & v, 'tst': a & v, 'eor': a ^ v, 'teq': a ^ v, 'orr': a | v,
             'mov': v, 'bic': a & ~v & M, 'mvn': ~v & M}[op]
        post = pre
        if s:
            post = nz(pre, r) & ~CF | (CF if sc else 0)
    else:
        r, co, vo = {'sub': lambda: sub_c(a, v, 1), 'cmp': lambda: sub_c(a, v, 1),
                     'rsb': lambda: sub_c(v, a, 1), 'add': lambda: add_c(a, v, 0),
                     'cmn': lambda: add_c(a, v, 0), 'adc': lambda: add_c(a, v, c),
                     'sbc': lambda: sub_c(a, v, c), 'rsc': lambda: sub_c(v, a, c)}[op]()
        post = pre
        if s:
            post = nz(pre, r) & ~(CF | VF) | (CF if co else 0) | (VF if vo else 0)
    return (None if op in COMPARE else r), post


def variants():
    """(op, s): every opcode with and without S; compares only with S."""
    for op in OPS:
        for s in (False, True):
            if op in COMPARE and not s:
                continue
            yield op, s


def asm(op, s, op2):
    name = op + ('s' if s and op not in COMPARE else '')
    if op in COMPARE:
        return '%s r1, %s' % (name, op2)
    if op in ('mov', 'mvn'):
        return '%s r0, %s' % (name, op2)
    return '%s r0, r1, %s' % (name, op2)


# ---- cases ----

class Case:
    """One check: preset registers and NZCVQ, one instruction, expected
    registers and NZCVQ afterwards."""

    def __init__(self, insn, regs, out, pre, post, note):
        self.insn, self.regs, self.out = insn, regs, out
        self.pre, self.post, self.note = pre, post, note


E32 = [0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffffe,
       0x40000000, 0xc0000000, 0x12345678, 0xdeadbeef, 0x0000ffff, 0x00010000]
EDGE = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cases = []

    def pre(self):
        # Any NZCV, with Q set now and then (nothing here may change it).
        return self.rng.choice(NZCV) | (QF if self.rng.random() < 0.25 else 0)

    def pick(self, pool=E32):
        if self.rng.random() < 0.3:
            return self.rng.getrandbits(32)
        return self.rng.choice(pool)

    def add_dp(self, op, s, op2, regs, shifter_fn, pre=None, note=''):
        """shifter_fn(pre) -> (value, carry)."""
        pre = self.pre() if pre is None else pre
        regs = dict(regs)
        a = regs.get('r1', 0) if op not in ('mov', 'mvn') else 0
        if op in COMPARE:
            regs['r0'] = SENTINEL
        r, post = dp(op, s, a, shifter_fn(pre), pre)
        out = {'r0': SENTINEL if r is None else r}
        text = ', '.join('%s=%#x' % kv for kv in regs.items() if kv[0] != 'r0' or r is not None)
        self.cases.append(Case(asm(op, s, op2), regs, out, pre, post,
                               text + ('; ' + note if note else '')))


def imm_operands(g):
    """(imm8, rot) pairs: rotation 0 and nonzero, results with bit 31 set and
    clear, values below 256 reached by a nonzero rotation."""
    out = [(0, 0), (1, 0), (0x7f, 0), (0x80, 0), (0xff, 0),
           (0xff, 2), (0xfc, 2), (0x02, 2), (0x01, 2), (0xff, 8), (0x80, 8),
           (0x7f, 8), (0x01, 30), (0xc0, 30), (0x3f, 24), (0x00, 4)]
    for _ in range(6):
        out.append((g.rng.getrandbits(8), 2 * g.rng.randrange(16)))
    return out


def gen_dp_imm(g):
    ops = imm_operands(g)
    for op, s in variants():
        chosen = list(ops) if s else g.rng.sample(ops, 10)
        for imm8, rot in chosen:
            pres = [g.pre()]
            if s and op in LOGICAL and rot == 0:
                pres = [0, CF | QF]          # C unchanged: check both ways
            elif s and op in LOGICAL:
                pres = [CF if bit(ror(imm8, rot), 31) == 0 else VF, g.pre()]
            if op in CARRY_IN:
                pres = [g.pre() & ~CF, g.pre() | CF]
            for pre in pres:
                a = g.pick()
                g.add_dp(op, s, '#%#x, %d' % (imm8, rot), {'r1': a},
                         lambda p, imm8=imm8, rot=rot: sh_imm(imm8, rot, p), pre,
                         'imm %#x' % ror(imm8, rot))
    # Arithmetic at the edges: overflow and borrow boundaries.
    imms = [(0, 0), (1, 0), (0x02, 2), (0xff, 0), (0x01, 2)]   # 0, 1, 0x80000000, 0xff, 0x40000000
    for op in ('sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'cmp', 'cmn'):
        for a in EDGE:
            for imm8, rot in imms:
                for c in ((0, CF) if op in CARRY_IN else (g.rng.choice((0, CF)),)):
                    pre = c | (g.rng.choice(NZCV) & ~CF)
                    g.add_dp(op, True, '#%#x, %d' % (imm8, rot), {'r1': a},
                             lambda p, imm8=imm8, rot=rot: sh_imm(imm8, rot, p), pre)


SHIFT_KINDS = ('lsl', 'lsr', 'asr', 'ror', 'rrx')


def shift_text(kind, n):
    return 'rrx' if kind == 'rrx' else '%s #%d' % (kind, n)


def amounts_imm(g, kind):
    if kind == 'rrx':
        return [None]
    lo, hi = {'lsl': (0, 31), 'lsr': (1, 32), 'asr': (1, 32), 'ror': (1, 31)}[kind]
    return sorted({lo, hi, 1, g.rng.randint(lo, hi), g.rng.randint(lo, hi)})


def gen_dp_shift_imm(g):
    for op, s in variants():
        for kind in SHIFT_KINDS:
            for n in amounts_imm(g, kind):
                pres = [g.pre()]
                if kind == 'rrx' or op in CARRY_IN or (kind == 'lsl' and n == 0 and s):
                    pres = [g.pre() & ~CF, g.pre() | CF]
                for pre in pres:
                    a, m = g.pick(), g.pick()
                    g.add_dp(op, s, 'r2, ' + shift_text(kind, n), {'r1': a, 'r2': m},
                             lambda p, m=m, kind=kind, n=n: sh_by_imm(m, kind, n, p), pre)
    # Carry out of every shift kind at each end, for values with the
    # interesting bits set and clear (MOVS: the shifter alone).
    for kind in SHIFT_KINDS:
        ns = [None] if kind == 'rrx' else \
            {'lsl': [0, 1, 31], 'lsr': [1, 31, 32], 'asr': [1, 31, 32], 'ror': [1, 16, 31]}[kind]
        for n in ns:
            for m in (0x80000001, 0x7ffffffe, 0x40000002, 0xbffffffd, 0, M):
                for pre in (0, CF):
                    g.add_dp('mov', True, 'r2, ' + shift_text(kind, n), {'r2': m},
                             lambda p, m=m, kind=kind, n=n: sh_by_imm(m, kind, n, p), pre)
    # Arithmetic at the edges, the register unshifted.
    for op in ('sub', 'rsb', 'add', 'adc', 'sbc', 'rsc', 'cmp', 'cmn'):
        for a in EDGE:
            for m in EDGE:
                for c in ((0, CF) if op in CARRY_IN else (g.rng.choice((0, CF)),)):
                    pre = c | (g.rng.choice(NZCV) & ~CF)
                    g.add_dp(op, True, 'r2', {'r1': a, 'r2': m},
                             lambda p, m=m: sh_by_imm(m, 'lsl', 0, p), pre)


def amounts_reg(g):
    """Rs values: 0, 1..31, 32, 33..255, and values whose bits above 7 are
    set (only Rs[7:0] counts)."""
    return [0, 1, g.rng.randint(2, 30), 31, 32, 33, g.rng.randint(34, 63), 64,
            g.rng.randint(65, 255), 255, 0x100, 0xffffff00, 0x120, 0x80000001,
            0xffffff1f, 0x12345620 | g.rng.getrandbits(5)]


def gen_dp_shift_reg(g):
    for op, s in variants():
        for kind in ('lsl', 'lsr', 'asr', 'ror'):
            rs_pool = amounts_reg(g)
            chosen = rs_pool if (s and op in ('mov', 'and', 'orr')) else g.rng.sample(rs_pool, 6)
            for rs in chosen:
                pres = [g.pre()]
                if op in CARRY_IN or (s and op in LOGICAL and rs & 0xff == 0):
                    pres = [g.pre() & ~CF, g.pre() | CF]
                for pre in pres:
                    a, m = g.pick(), g.pick()
                    g.add_dp(op, s, 'r2, %s r3' % kind, {'r1': a, 'r2': m, 'r3': rs},
                             lambda p, m=m, kind=kind, rs=rs: sh_by_reg(m, kind, rs, p), pre)
    # Carry out of every kind for each amount class, with bit 0 and bit 31 of
    # Rm set and clear.
    for kind in ('lsl', 'lsr', 'asr', 'ror'):
        for rs in (0, 1, 31, 32, 33, 63, 64, 96, 255, 256, 0x21f, 0xffffff20, 0xffffff00):
            for m in (0x80000001, 0x7ffffffe, 0xc0000003):
                for pre in (0, CF):
                    g.add_dp('mov', True, 'r2, %s r3' % kind, {'r2': m, 'r3': rs},
                             lambda p, m=m, kind=kind, rs=rs: sh_by_reg(m, kind, rs, p), pre)


# ---- conditions (A3.2) ----

CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al']


def cond_holds(cond, flags):
    n, z, c, v = (bool(flags & f) for f in (NF, ZF, CF, VF))
    return {'eq': z, 'ne': not z, 'cs': c, 'cc': not c, 'mi': n, 'pl': not n,
            'vs': v, 'vc': not v, 'hi': c and not z, 'ls': not c or z,
            'ge': n == v, 'lt': n != v, 'gt': not z and n == v, 'le': z or n != v,
            'al': True}[cond]


def gen_cond(g):
    """movXX r0, #1 after r0 = 0, for every condition and NZCV."""
    for cond in CONDS:
        for f in NZCV:
            g.cases.append(Case('mov%s r0, #1' % cond, {'r0': 0},
                                {'r0': 1 if cond_holds(cond, f) else 0}, f, f, ''))
    # Flags from a compare in the same block (the translator may fold them
    # when the operands are constants): NZCV = ZC, C, N, CV, NV, NC, ZCV, Z, -.
    producers = [('cmp', 0, 0), ('cmp', 1, 0), ('cmp', 0, 1), ('cmp', 0x80000000, 1),
                 ('cmp', 0x7fffffff, M), ('cmp', 0x80000000, 0), ('cmn', 0x80000000, 0x80000000),
                 ('cmn', 0, 0), ('cmn', 1, 1)]
    for cond in CONDS:
        for op, a, b in producers:
            pre = g.pre()
            _, f = dp(op, True, a, (b, 0), pre)
            g.cases.append(Case('%s r1, r2\n    mov%s r0, #1' % (op, cond),
                                {'r0': 0, 'r1': a, 'r2': b},
                                {'r0': 1 if cond_holds(cond, f) else 0}, pre, f,
                                '%s: %s' % (op, psr_name(f & ~QF))))
    # Flag-setting instructions that fail their condition change nothing;
    # ones that pass set the flags as usual.
    for cond in CONDS[:14]:
        for f in (0, ZF | CF, NF | VF, NF | ZF | CF | VF):
            a, m, rs = g.pick(), g.pick(), g.rng.choice((1, 4, 31, 32, 33))
            sh = sh_by_reg(m, 'lsr', rs, f)
            if cond_holds(cond, f):
                r, post = dp('adc', True, a, sh, f)
            else:
                r, post = SENTINEL, f
            g.cases.append(Case('adcs%s r0, r1, r2, lsr r3' % cond,
                                {'r0': SENTINEL, 'r1': a, 'r2': m, 'r3': rs},
                                {'r0': r}, f, post, ''))


# ---- output ----

PRELUDE = header(ARM_DESCRIPTION) + arch_level('%(arch)d') + r'''@ The Q flag (bit 27) exists from ARMv5TE on; before, bit 27 is a reserved
@ bit, which reads 0 and ignores writes (DDI 0100I A2.5, "Types of PSR
@ bits" and "The Q flag"), so on ARMv4T checks expect Q = 0.
    .if ARCH >= 5
    .set PSR_Q, 0x08000000
    .else
    .set PSR_Q, 0
    .endif
''' + EXPECT_ARM + r'''
@ Fails check n unless reg == reg2.
.macro expect_reg n, reg, reg2
    cmp \reg, \reg2
    ldrne r0, =\n
    bne fail
.endm

@ Fails check n unless N Z C V Q (saved in r10 by mrs) equal val.
.macro expect_psr n, val
    and r10, r10, #0xf8000000
    expect \n, r10, (\val) & (0xf0000000 | PSR_Q)
.endm

@ Fails check n unless N Z C V Q, GE, E and T (in r10 by mrs) equal val.
.macro expect_cpsr n, val
    ldr r12, =0xf80f0220
    and r10, r10, r12
    expect \n, r10, (\val) & (0xf00f0220 | PSR_Q)
.endm

_start:
'''

EPILOGUE = '\n' + exit_code('@ r0 = number of the failing check: print "fail <n>\\n", exit 1.\n')


def psr_name(f):
    names = [n for n, b in (('N', NF), ('Z', ZF), ('C', CF), ('V', VF), ('Q', QF)) if f & b]
    return ''.join(names) or '-'


def const_lines(r, v):
    """r = v built from immediates: a constant the translator can fold."""
    lines = ['    mov %s, #%#x' % (r, v & 0xff)]
    for sh in (8, 16, 24):
        if v & (0xff << sh):
            lines.append('    orr %s, %s, #%#x' % (r, r, v & (0xff << sh)))
    return lines


def emit_case(out, n, c):
    """Odd checks load the operands from memory, even ones build them from
    immediates (then the translator may know them as constants)."""
    out.append('    @ %d: %s  [%s]' % (n, c.insn.replace('\n   ', ';'), c.note))
    out.append('    msr cpsr_f, #%#x          @ %s' % (c.pre, psr_name(c.pre)))
    for r, v in c.regs.items():
        if n % 2:
            out.append('    ldr %s, =%#010x' % (r, v))
        else:
            out.extend(const_lines(r, v))
    out.append('    ' + c.insn)
    out.append('    mrs r10, cpsr')
    for r, v in c.out.items():
        out.append('    expect %d, %s, %#010x' % (n, r, v))
    out.append('    expect_psr %d, %#010x       @ %s' % (n, c.post, psr_name(c.post)))


def number_checks(text, n):
    """Numbers the hand-written checks: each '@ %(n)d:' comment starts one.
    A literal pool goes between every 16 checks."""
    lines = []
    first = n
    for line in text.split('\n'):
        if line.startswith('    @ %(n)d:'):
            if n > first and (n - first) % 16 == 0:
                lines.append('    b 99f\n    .ltorg\n99:')
            n += 1
        lines.append(line % {'n': n - 1} if '%(n)d' in line else line)
    return '\n'.join(lines), n - 1


def write(path, cpu, title, cases, extra='', tail='', sigill='', arch=5):
    """cpu: the models the program runs on; sigill: the models that lack
    one of its instructions and must stop it with SIGILL."""
    out = [PRELUDE % {'cpu': cpu, 'title': title, 'arch': arch,
                      'sigill': '@ sigill: %s\n' % sigill if sigill else ''}]
    for i, c in enumerate(cases):
        emit_case(out, i + 1, c)
        if i % 25 == 24:
            out.append('    b 1f\n    .ltorg\n1:')
    text, last = number_checks(extra, len(cases) + 1)
    out.append(text)
    out.append(EPILOGUE)
    out.append(tail)
    with open(path, 'w') as f:
        f.write('\n'.join(out))
    print('%s: %d checks (%d generated)' % (path, last, len(cases)))


# ---- hand-written checks ----

# Register aliasing, reading the pc, and a shifter carry that differs from C.
EXTRA_IMM = r'''
    @ %(n)d: add r0, pc, #0 gives the address of the instruction + 8
1:  add r0, pc, #0
    expect %(n)d, r0, 1b+8
    @ %(n)d: sub r0, pc, #8 gives the address of the instruction
1:  sub r0, pc, #8
    expect %(n)d, r0, 1b
    @ %(n)d: mov r0, pc
1:  mov r0, pc
    expect %(n)d, r0, 1b+8
    @ %(n)d: add r0, pc, pc (both operands read pc + 8)
1:  add r0, pc, pc
    ldr r1, =1b+8
    add r1, r1, r1
    expect_reg %(n)d, r0, r1
    @ %(n)d: add r0, r1, pc, lsl #1 (Rm = pc, shifted by an immediate)
    mov r1, #3
1:  add r0, r1, pc, lsl #1
    ldr r2, =1b+8
    add r2, r1, r2, lsl #1
    expect_reg %(n)d, r0, r2
    @ %(n)d: rsbs r0, pc, #0 sets flags from pc + 8
    msr cpsr_f, #0
1:  rsbs r0, pc, #0
    mrs r10, cpsr
    ldr r2, =1b+8
    rsb r2, r2, #0
    expect_reg %(n)d, r0, r2
    expect_psr %(n)d, 0x80000000
    @ %(n)d: adds r1, r1, r1 (Rd = Rn = Rm)
    msr cpsr_f, #0
    ldr r1, =0x80000001
    adds r1, r1, r1
    mrs r10, cpsr
    expect %(n)d, r1, 2
    expect_psr %(n)d, 0x30000000
    @ %(n)d: adcs r1, r1, r1, rrx (C in feeds both the shifter and the add)
    msr cpsr_f, #0x20000000
    ldr r1, =0x00000003
    adcs r1, r1, r1, rrx
    mrs r10, cpsr
    expect %(n)d, r1, 0x80000005
    expect_psr %(n)d, 0x80000000
'''

EXTRA_REG = r'''
    @ %(n)d: movs r1, r1, lsl r1 (Rd = Rm = Rs): r1 = 4
    msr cpsr_f, #0
    mov r1, #4
    movs r1, r1, lsl r1
    mrs r10, cpsr
    expect %(n)d, r1, 0x40
    expect_psr %(n)d, 0
    @ %(n)d: add r2, r1, r2, ror r2 (Rd = Rm = Rs), rotate by 33 = 1
    ldr r1, =0x10
    mov r2, #33
    add r2, r1, r2, ror r2
    expect %(n)d, r2, 0x80000020
    @ %(n)d: rsbs r3, r3, r3, asr r3 with r3 = 0xffffff40: ASR by 64, 0xffffffff - r3
    msr cpsr_f, #0
    ldr r3, =0xffffff40
    rsbs r3, r3, r3, asr r3
    mrs r10, cpsr
    expect %(n)d, r3, 0xbf
    expect_psr %(n)d, 0x20000000
    @ %(n)d: ands r0, r1, r2, lsr r3 with LSR by 32: C = Rm[31], result 0
    msr cpsr_f, #0
    ldr r1, =0xffffffff
    ldr r2, =0x80000000
    mov r3, #32
    ands r0, r1, r2, lsr r3
    mrs r10, cpsr
    expect %(n)d, r0, 0
    expect_psr %(n)d, 0x60000000
    @ %(n)d: tst r1, r2, ror r3 with ROR by 0x100 (low byte 0): C unchanged
    msr cpsr_f, #0x20000000
    ldr r1, =0xffffffff
    ldr r2, =0x00000001
    ldr r3, =0x00000100
    tst r1, r2, ror r3
    mrs r10, cpsr
    expect_psr %(n)d, 0x20000000
'''


# ---- PSR transfers, CLZ, SETEND ----

def clz(x):
    return 32 - x.bit_length()


class Text:
    """Hand-made checks as text; each starts with an '@ %(n)d:' comment.
    Body lines ending in ':' are labels."""

    def __init__(self):
        self.lines = []

    def check(self, comment, *body):
        self.lines.append('    @ %(n)d: ' + comment)
        self.lines.extend(b if b.endswith(':') else '    ' + b for b in body)

    def text(self):
        return '\n'.join(self.lines) + '\n'


def gen_clz(g, t):
    """CLZ (A4.1.13, ARMv5 and later)."""
    # Flags unaffected.
    vals = [0, 1, 0x80000000, M, 0x7fffffff, 0x00010000, 0x0000ffff]
    vals += [1 << k for k in range(32)]
    vals += [g.rng.getrandbits(32) >> g.rng.randrange(32) for _ in range(24)]
    for x in vals:
        f = g.rng.getrandbits(5) << 27
        t.check('clz of %#x = %d' % (x, clz(x)), 'msr cpsr_f, #%#x' % f, 'ldr r1, =%#x' % x,
                'clz r0, r1', 'mrs r10, cpsr', 'expect %%(n)d, r0, %d' % clz(x),
                'expect_cpsr %%(n)d, %#x' % f)
    t.check('clz r1, r1 (Rd = Rm)', 'ldr r1, =0x00800000', 'clz r1, r1', 'expect %(n)d, r1, 8')
    t.check('clzne with Z set is skipped', 'msr cpsr_f, #0x40000000', 'mov r0, #7',
            'clzne r0, r0', 'expect %(n)d, r0, 7')


def gen_psr(g, arch):
    """MRS and MSR (A4.1.38 to A4.1.40) and, from ARMv5, CLZ (A4.1.13) for
    the architecture level arch (4, 5 or 6). GE[3:0] are CPSR[19:16], in the
    s field (bits 23:16) of MSR; ARMv6 lets User mode write NZCVQ, GE and E
    (UserMask 0xF80F0200, A4.1.39), ARMv5TE NZCVQ, ARMv4T NZCV."""
    t = Text()
    v6 = arch >= 6
    ge_mask = 0x000f0000 if v6 else 0
    # Bits 27 (Q, ARMv5TE), 19:16 (GE, ARMv6) and 9 (E, ARMv6) are reserved
    # where the architecture lacks them: they read 0 and ignore writes
    # (A2.5, "Types of PSR bits").
    q = QF if arch >= 5 else 0

    def fl(x):
        return x & ~QF | (x & q)
    ge = 0
    if arch >= 5:
        # First, so that ARMv4T stops here with SIGILL.
        gen_clz(g, t)
    t.check('mrs in User mode: M[4:0] = 0b10000, T = 0', 'mrs r10, cpsr',
            'and r10, r10, #0x3f', 'expect %(n)d, r10, 0x10')
    # msr cpsr_f with an immediate: every NZCVQ; GE set before must survive.
    for k in range(32):
        f = k << 27
        if k % 4 == 0:
            ge = g.rng.getrandbits(4)
            t.check('msr cpsr_s, #%#x sets GE' % (ge << 16), 'msr cpsr_s, #%#x' % (ge << 16),
                    'mrs r10, cpsr', 'and r10, r10, #0x000f0000',
                    'expect %%(n)d, r10, %#x' % ((ge << 16) & ge_mask))
        other = (~f) & 0xf8000000
        t.check('msr cpsr_f, #%#x' % f, 'msr cpsr_f, #%#x' % other, 'msr cpsr_f, #%#x' % f,
                'mrs r10, cpsr', 'expect_cpsr %%(n)d, %#x' % (fl(f) | ((ge << 16) & ge_mask)))
    # msr cpsr_f with a register: only bits 31:24 are written.
    for _ in range(12):
        f = g.rng.getrandbits(5) << 27
        junk = g.rng.getrandbits(32) & 0x000f03df
        t.check('msr cpsr_f, r1 with r1 = %#x' % (f | junk), 'msr cpsr_f, #0',
                'ldr r1, =%#x' % (f | junk), 'msr cpsr_f, r1', 'mrs r10, cpsr',
                'expect_cpsr %%(n)d, %#x' % (fl(f) | ((ge << 16) & ge_mask)))
    # Conditional msr.
    t.check('msreq cpsr_f with Z clear is skipped', 'msr cpsr_f, #0x20000000',
            'msreq cpsr_f, #0xf0000000', 'mrs r10, cpsr',
            'expect_cpsr %%(n)d, %#x' % (0x20000000 | ((ge << 16) & ge_mask)))
    t.check('msrne cpsr_f, r1 with Z clear runs', 'msr cpsr_f, #0x20000000',
            'ldr r1, =0xd8000000', 'msrne cpsr_f, r1', 'mrs r10, cpsr',
            'expect_cpsr %%(n)d, %#x' % (fl(0xd8000000) | ((ge << 16) & ge_mask)))
    t.check('flags written by msr drive a condition: Z set, so moveq runs',
            'mov r0, #0', 'msr cpsr_f, #0x40000000', 'moveq r0, #1', 'expect %(n)d, r0, 1')
    t.check('flags written by msr feed adc: C set', 'msr cpsr_f, #0x20000000',
            'mov r0, #0', 'adc r0, r0, #0', 'expect %(n)d, r0, 1')
    # GE through the s field.
    for v in range(16):
        f = g.rng.getrandbits(5) << 27
        t.check('msr cpsr_s, #%#x: GE = %#x%s' % (v << 16, v, '' if v6 else ' (no GE: reads 0)'),
                'msr cpsr_f, #%#x' % f, 'msr cpsr_s, #%#x' % (v << 16), 'mrs r10, cpsr',
                'expect_cpsr %%(n)d, %#x' % (fl(f) | ((v << 16) & ge_mask)))
    for _ in range(6):
        f, v = g.rng.getrandbits(5) << 27, g.rng.getrandbits(4)
        f2 = g.rng.getrandbits(5) << 27
        t.check('msr cpsr_s, r1: GE from r1[19:16], flags kept',
                'msr cpsr_f, #%#x' % f, 'ldr r1, =%#x' % (f2 | (v << 16) | 0x1d3),
                'msr cpsr_s, r1', 'mrs r10, cpsr',
                'expect_cpsr %%(n)d, %#x' % (fl(f) | ((v << 16) & ge_mask)))
        t.check('msr cpsr_fs, r1: flags and GE',
                'msr cpsr_f, #%#x' % f, 'ldr r1, =%#x' % (f2 | (v << 16)),
                'msr cpsr_fs, r1', 'mrs r10, cpsr',
                'expect_cpsr %%(n)d, %#x' % (fl(f2) | ((v << 16) & ge_mask)))
    t.check('msr cpsr_fs, #0 clears flags and GE', 'msr cpsr_fs, #0', 'mrs r10, cpsr',
            'expect_cpsr %(n)d, 0')
    # User mode cannot write the control byte (mode, I, F, T) nor J.
    t.check('msr cpsr_c, #0xdf (System mode, I, F) is ignored in User mode',
            'msr cpsr_c, #0xdf', 'mrs r10, cpsr', 'and r10, r10, #0xff', 'expect %(n)d, r10, 0x10')
    t.check('msr cpsr_c, #0x30 (T) is ignored: still ARM', 'msr cpsr_c, #0x30', 'mov r0, #1',
            'add r0, r0, #1', 'mrs r10, cpsr', 'expect %(n)d, r0, 2', 'and r10, r10, #0xff',
            'expect %(n)d, r10, 0x10')
    t.check('msr cpsr_fsxc, r1 with J, mode and I set: only NZCVQ%s written' % (' GE E' if v6 else ''),
            'ldr r1, =0x510102df', 'msr cpsr_fsxc, r1', 'mrs r10, cpsr', 'mov r2, r10',
            'msr cpsr_fsxc, #0x10', 'ldr r12, =0x010002ff', 'and r2, r2, r12',
            'expect %%(n)d, r2, %#x' % (0x10 | (0x200 if v6 else 0)),
            'expect_cpsr %%(n)d, %#x' % (0x50000000 | (0x00010200 if v6 else 0)))
    # E through the x field (ARMv6; no E before).
    t.check('msr cpsr_x, #0x200: E = %d, word load %s-endian' % ((1, 'big') if v6 else (0, 'little')),
            'ldr r1, =pattern', 'msr cpsr_x, #0x200', 'ldr r0, [r1]', 'mrs r10, cpsr',
            'msr cpsr_x, #0', 'and r10, r10, #0x200',
            'expect %%(n)d, r0, %#x' % (0x44332211 if v6 else 0x11223344),
            'expect %%(n)d, r10, %#x' % (0x200 if v6 else 0))
    t.check('msrne cpsr_x, #0x200 with Z set is skipped', 'ldr r1, =pattern',
            'msr cpsr_f, #0x40000000', 'msrne cpsr_x, #0x200', 'ldr r0, [r1]', 'mrs r10, cpsr',
            'msr cpsr_x, #0', 'and r10, r10, #0x200', 'expect %(n)d, r0, 0x11223344',
            'expect %(n)d, r10, 0')
    t.check('msreq cpsr_x, r2 with Z set runs', 'ldr r1, =pattern', 'mov r2, #0x200',
            'msr cpsr_f, #0x40000000', 'msreq cpsr_x, r2', 'ldr r0, [r1]', 'msr cpsr_x, #0',
            'expect %%(n)d, r0, %#x' % (0x44332211 if v6 else 0x11223344))
    return t.text()


# SETEND (A4.1.93): CPSR.E selects the endianness of data accesses.
SETEND = r'''
    @ %(n)d: setend be: a word load is big-endian and CPSR.E reads 1
    ldr r1, =pattern
    setend be
    ldr r0, [r1]
    mrs r10, cpsr
    setend le
    expect %(n)d, r0, 0x44332211
    and r10, r10, #0x200
    expect %(n)d, r10, 0x200
    @ %(n)d: after setend le a word load is little-endian and CPSR.E reads 0
    ldr r0, [r1]
    mrs r10, cpsr
    expect %(n)d, r0, 0x11223344
    and r10, r10, #0x200
    expect %(n)d, r10, 0
    @ %(n)d: setend be: halfword and byte loads
    setend be
    ldrh r0, [r1]
    ldrh r2, [r1, #2]
    ldrb r3, [r1, #1]
    ldrsh r4, [r1, #4]
    setend le
    expect %(n)d, r0, 0x4433
    expect %(n)d, r2, 0x2211
    expect %(n)d, r3, 0x33
    expect %(n)d, r4, 0xffff8001
    @ %(n)d: a big-endian store read back little-endian
    ldr r0, =0x11223344
    setend be
    str r0, [sp, #-4]!
    setend le
    ldr r2, [sp], #4
    expect %(n)d, r2, 0x44332211
    @ %(n)d: one subroutine run little-, then big-, then little-endian
    bl load_r1
    mov r4, r0
    setend be
    bl load_r1
    mov r5, r0
    setend le
    bl load_r1
    expect %(n)d, r4, 0x11223344
    expect %(n)d, r5, 0x44332211
    expect %(n)d, r0, 0x11223344
    @ %(n)d: the flags survive setend
    msr cpsr_f, #0xa8000000
    setend be
    setend le
    mrs r10, cpsr
    expect_psr %(n)d, 0xa8000000
    @ %(n)d: msr cpsr_x, #0x200 sets E like setend be; msr cpsr_x, #0 clears it
    msr cpsr_x, #0x200
    ldr r0, [r1]
    mrs r10, cpsr
    msr cpsr_x, #0
    ldr r2, [r1]
    mrs r11, cpsr
    expect %(n)d, r0, 0x44332211
    expect %(n)d, r2, 0x11223344
    and r10, r10, #0x200
    expect %(n)d, r10, 0x200
    and r11, r11, #0x200
    expect %(n)d, r11, 0
'''

SETEND_TAIL = r'''
load_r1:
    ldr r0, [r1]
    bx lr
    .align 2
pattern:
    .word 0x11223344
    .word 0x00000180
'''


# ---- branches (A4.1.5, A4.1.8 to A4.1.10) ----

def gen_branch_cond(g):
    t = Text()
    for cond in CONDS[:14]:
        for f in NZCV:
            taken = cond_holds(cond, f)
            t.check('b%s with %s: %s' % (cond, psr_name(f), 'taken' if taken else 'not taken'),
                    'msr cpsr_f, #%#x' % f, 'mov r0, #0', 'b%s 1f' % cond, 'mov r0, #1',
                    '1:', 'mrs r10, cpsr', 'expect %%(n)d, r0, %d' % (0 if taken else 1),
                    'expect_psr %%(n)d, %#x' % f)
    for cond in CONDS[:14]:
        for f in (0, ZF, CF, NF, VF, ZF | CF, NF | VF):
            taken = cond_holds(cond, f)
            t.check('bl%s with %s: lr %s' % (cond, psr_name(f), 'set' if taken else 'kept'),
                    'msr cpsr_f, #%#x' % f, 'ldr lr, =0x5a5a5a5a', 'bl%s 1f' % cond, '1:',
                    'expect %%(n)d, lr, %s' % ('1b' if taken else '0x5a5a5a5a'))
    for cond in CONDS[:14]:
        f = g.rng.choice(NZCV)
        taken = cond_holds(cond, f)
        t.check('bx%s lr with %s: %s' % (cond, psr_name(f), 'taken' if taken else 'not taken'),
                'msr cpsr_f, #%#x' % f, 'mov r0, #0', 'adr lr, 1f', 'bx%s lr' % cond,
                'mov r0, #1', '1:', 'expect %%(n)d, r0, %d' % (0 if taken else 1))
        f = g.rng.choice(NZCV)
        taken = cond_holds(cond, f)
        t.check('mov%s pc, lr with %s: %s' % (cond, psr_name(f), 'taken' if taken else 'not taken'),
                'msr cpsr_f, #%#x' % f, 'mov r0, #0', 'adr lr, 1f', 'mov%s pc, lr' % cond,
                'mov r0, #1', '1:', 'expect %%(n)d, r0, %d' % (0 if taken else 1))
    return t.text()


BRANCH = r'''
    @ %(n)d: b backward: a countdown loop runs 5 times
    mov r0, #5
    mov r1, #0
1:  add r1, r1, #1
    subs r0, r0, #1
    bne 1b
    expect %(n)d, r1, 5
    expect %(n)d, r0, 0
    @ %(n)d: b forward skips an instruction
    mov r0, #0
    b 1f
    mov r0, #1
1:  expect %(n)d, r0, 0
    @ %(n)d: bl: lr = address of the bl + 4; the callee returns with mov pc, lr
    mov r0, #0
    mov r11, #0
    bl sub_save_lr
1:  expect %(n)d, r0, 1
    expect %(n)d, r11, 1b
    @ %(n)d: bl backward (negative offset)
    b 2f
1:  mov r0, #9
    mov pc, lr
2:  mov r0, #0
    bl 1b
3:  expect %(n)d, r0, 9
    expect %(n)d, lr, 3b
    @ %(n)d: mov lr, pc reads the address + 8: the pre-ARMv5 call idiom
    ldr r1, =sub_save_lr
    mov r0, #0
    mov lr, pc
    mov pc, r1
1:  expect %(n)d, r0, 1
    expect %(n)d, r11, 1b
    @ %(n)d: bx r1 to ARM code, which returns with bx lr
    ldr r1, =sub_bx_lr
    mov r0, #0
    adr lr, 1f
    bx r1
    mov r0, #99
1:  mrs r10, cpsr
    expect %(n)d, r0, 2
    and r10, r10, #0x20
    expect %(n)d, r10, 0
.if ARCH >= 5
    @ %(n)d: blx r1 to an ARM target: lr = address of the blx + 4
    ldr r1, =sub_save_lr
    mov r0, #0
    blx r1
1:  expect %(n)d, r0, 1
    expect %(n)d, r11, 1b
    @ %(n)d: blx lr (Rm = lr): the target is read before lr is written
    ldr lr, =sub_save_lr
    mov r0, #0
    blx lr
1:  expect %(n)d, r0, 1
    expect %(n)d, r11, 1b
    @ %(n)d: blxne r1 with Z set is not taken and keeps lr
    msr cpsr_f, #0x40000000
    ldr lr, =0x5a5a5a5a
    ldr r1, =sub_save_lr
    mov r0, #0
    blxne r1
    expect %(n)d, r0, 0
    expect %(n)d, lr, 0x5a5a5a5a
    @ %(n)d: blxeq r1 with Z set is taken
    msr cpsr_f, #0x40000000
    ldr r1, =sub_save_lr
    mov r0, #0
    blxeq r1
1:  expect %(n)d, r0, 1
    expect %(n)d, lr, 1b
.endif
    @ %(n)d: ldr pc, [r1] loads a code address
    ldr r1, =ptr_sub_bx_lr
    mov r0, #0
    adr lr, 1f
    ldr pc, [r1]
    mov r0, #99
1:  expect %(n)d, r0, 2
    @ %(n)d: ldrne pc, [r1] with Z set is not taken
    msr cpsr_f, #0x40000000
    ldr r1, =ptr_sub_bx_lr
    mov r0, #0
    adr lr, 1f
    ldrne pc, [r1]
    mov r0, #5
1:  expect %(n)d, r0, 5
    @ %(n)d: ldr pc, [sp], #4 pops the pc; sp moves back
    mov r9, sp
    adr r1, 1f
    str r1, [sp, #-4]!
    mov r0, #0
    ldr pc, [sp], #4
    mov r0, #99
1:  expect %(n)d, r0, 0
    expect_reg %(n)d, sp, r9
    @ %(n)d: push {r4, r5, lr} ... ldm sp!, {r4, r5, pc} returns and restores
    mov r9, sp
    ldr r4, =0x44444444
    ldr r5, =0x55555555
    bl sub_push_pop
    expect %(n)d, r0, 3
    expect %(n)d, r4, 0x44444444
    expect %(n)d, r5, 0x55555555
    expect_reg %(n)d, sp, r9
    @ %(n)d: ldmia r1, {r2, pc} without writeback
    ldr r1, =ldm_pair
    mov r2, #0
    ldmia r1, {r2, pc}
    mov r2, #99
ldm_back:
    expect %(n)d, r2, 0x1234
    expect %(n)d, r1, ldm_pair
    @ %(n)d: ldmne sp!, {r0, pc} with Z set: not taken, nothing loaded, sp kept
    mov r9, sp
    adr r1, 1f
    push {r1}
    push {r1}
    msr cpsr_f, #0x40000000
    mov r0, #7
    ldmne sp!, {r0, pc}
    mov r0, #8
1:  add sp, sp, #8
    expect %(n)d, r0, 8
    expect_reg %(n)d, sp, r9
    @ %(n)d: jump table: add pc, pc, r1, lsl #2
    mov r1, #2
    mov r0, #0
    add pc, pc, r1, lsl #2
    mov r0, #99
    b 10f
    b 11f
    b 12f
    b 13f
10: mov r0, #10
    b 19f
11: mov r0, #11
    b 19f
12: mov r0, #12
    b 19f
13: mov r0, #13
19: expect %(n)d, r0, 12
    @ %(n)d: switch: cmp; ldrls pc, [pc, r1, lsl #2] in range
    mov r1, #3
    mov r0, #0
    cmp r1, #3
    ldrls pc, [pc, r1, lsl #2]
    b 19f
    .word 10f
    .word 11f
    .word 12f
    .word 13f
10: mov r0, #10
    b 19f
11: mov r0, #11
    b 19f
12: mov r0, #12
    b 19f
13: mov r0, #13
19: expect %(n)d, r0, 13
    @ %(n)d: switch out of range: ldrls not taken, falls to the default
    mov r1, #4
    mov r0, #0
    cmp r1, #3
    ldrls pc, [pc, r1, lsl #2]
    b 19f
    .word 10f
    .word 10f
    .word 10f
    .word 10f
10: mov r0, #10
19: expect %(n)d, r0, 0
    @ %(n)d: bx pc goes to the address + 8 in ARM state
    mov r0, #0
    .inst 0xe12fff1f    @ bx pc (written as a word: gas warns about it)
    mov r0, #1
    add r0, r0, #2
    mrs r10, cpsr
    and r10, r10, #0x20
    expect %(n)d, r0, 2
    expect %(n)d, r10, 0
    @ %(n)d: mov pc, pc goes to the address + 8
    mov r0, #0
    mov pc, pc
    mov r0, #1
    add r0, r0, #2
    expect %(n)d, r0, 2
    @ %(n)d: sub pc, pc, #4 goes to the next instruction
    mov r0, #0
    sub pc, pc, #4
    add r0, r0, #1
    expect %(n)d, r0, 1
    @ %(n)d: addne pc, pc, #4 with Z set is not taken
    msr cpsr_f, #0x40000000
    mov r0, #0
    addne pc, pc, #4
    add r0, r0, #1
    add r0, r0, #2
    add r0, r0, #4
    expect %(n)d, r0, 7
    @ %(n)d: addeq pc, pc, #4 with Z set skips two instructions
    msr cpsr_f, #0x40000000
    mov r0, #0
    addeq pc, pc, #4
    add r0, r0, #1
    add r0, r0, #2
    add r0, r0, #4
    expect %(n)d, r0, 4
    @ %(n)d: calls into the middle of code already run
    mov r0, #0
    bl sub_chain
    bl sub_chain2
    bl sub_chain3
    expect %(n)d, r0, 17
    @ %(n)d: a taken conditional branch after 70 straight-line instructions
    msr cpsr_f, #0x40000000
    mov r0, #0
    .rept 70
    add r0, r0, #1
    .endr
    beq 1f
    mov r0, #0
1:  expect %(n)d, r0, 70
    @ %(n)d: a not-taken conditional branch after 70 straight-line instructions
    msr cpsr_f, #0
    mov r0, #0
    .rept 70
    add r0, r0, #1
    .endr
    beq 1f
    add r0, r0, #1
1:  expect %(n)d, r0, 71
    @ %(n)d: straight-line code across a page boundary, a branch last in the page
    msr cpsr_f, #0x40000000
    mov r0, #0
    b 2f
    .ltorg
    .balign 4096
    .skip 4096 - 16
2:  add r0, r0, #1
    add r0, r0, #1
    addeq r0, r0, #1
    beq 3f
    mov r0, #99
3:  add r0, r0, #1
    expect %(n)d, r0, 4
    @ %(n)d: a not-taken branch last in a page falls into the next page
    msr cpsr_f, #0
    mov r0, #0
    b 2f
    .ltorg
    .balign 4096
    .skip 4096 - 8
2:  add r0, r0, #1
    beq 3f
    add r0, r0, #2
3:  add r0, r0, #4
    expect %(n)d, r0, 7
'''

BRANCH_TAIL = r'''
sub_save_lr:
    mov r11, lr
    add r0, r0, #1
    mov pc, lr

sub_bx_lr:
    add r0, r0, #2
    bx lr

sub_push_pop:
    push {r4, r5, lr}
    mov r4, #1
    mov r5, #2
    add r0, r4, r5
    ldm sp!, {r4, r5, pc}

sub_chain:
    add r0, r0, #1
sub_chain2:
    add r0, r0, #2
sub_chain3:
    add r0, r0, #4
    bx lr

    .align 2
ptr_sub_bx_lr:
    .word sub_bx_lr
ldm_pair:
    .word 0x1234
    .word ldm_back
'''

# ARM/Thumb interworking (A2.8, A4.1.10, A4.1.20 and LDR/LDM/POP loading
# the pc from ARMv5T). Needs Thumb. ARMv4T has BX but not BLX, and there
# LDR and LDM load the pc without changing state: pc = value AND 0xFFFFFFFC
# (LDR, A4.1.23; LDM (1), A4.1.20).
INTERWORK = r'''
.if ARCH >= 5
    @ %(n)d: blx r1 to Thumb (bit 0 set); Thumb returns with bx lr; T reads 0 after
    msr cpsr_f, #0xf0000000
    ldr r1, =t_ret42 + 1
    mov r0, #0
    blx r1
1:  mrs r10, cpsr
    expect %(n)d, r0, 42
    expect %(n)d, lr, 1b
    expect_cpsr %(n)d, 0x30000000
.endif
    @ %(n)d: bx r1 to Thumb (movs clears N and Z), back with bx lr; T reads 0 after
    msr cpsr_f, #0xf0000000
    ldr r1, =t_ret42 + 1
    mov r0, #0
    adr lr, 1f
    bx r1
    mov r0, #99
1:  mrs r10, cpsr
    expect %(n)d, r0, 42
    expect_cpsr %(n)d, 0x30000000
.if ARCH >= 5
    @ %(n)d: blx label (immediate) to Thumb at an address = 2 mod 4 (H = 1)
    mov r0, #0
    blx t_half
1:  expect %(n)d, r0, 7
    expect %(n)d, lr, 1b
    @ %(n)d: Thumb calls ARM with blx (immediate) and returns with pop {pc}
    ldr r1, =t_call_arm + 1
    mov r0, #5
    blx r1
    mrs r10, cpsr
    expect %(n)d, r0, 6
    and r10, r10, #0x20
    expect %(n)d, r10, 0
.endif
    @ %(n)d: Thumb bx r2 to an ARM address
    ldr r1, =t_bx_r2 + 1
    adr r2, 1f
    mov r0, #0
    bx r1
    mov r0, #99
1:  expect %(n)d, r0, 3
.if ARCH >= 5
    @ %(n)d: ldr pc with bit 0 set enters Thumb
    ldr r1, =ptr_t_ret42
    adr lr, 1f
    mov r0, #0
    ldr pc, [r1]
    mov r0, #99
1:  expect %(n)d, r0, 42
    @ %(n)d: ldm sp!, {pc} with bit 0 set enters Thumb
    mov r9, sp
    ldr r1, =t_ret42 + 1
    push {r1}
    adr lr, 1f
    mov r0, #0
    ldm sp!, {pc}
    mov r0, #99
1:  expect %(n)d, r0, 42
    expect_reg %(n)d, sp, r9
.else
    @ %(n)d: ARMv4T: ldr pc with bit 0 set stays in ARM state at the address AND ~3
    ldr r1, =ptr_a_ret43_1
    adr lr, 1f
    mov r0, #0
    ldr pc, [r1]
    mov r0, #99
1:  mrs r10, cpsr
    expect %(n)d, r0, 43
    and r10, r10, #0x20
    expect %(n)d, r10, 0
    @ %(n)d: ARMv4T: ldr pc with bits 1:0 = 0b11 ignores both
    ldr r1, =ptr_a_ret43_3
    adr lr, 1f
    mov r0, #0
    ldr pc, [r1]
    mov r0, #99
1:  expect %(n)d, r0, 43
    @ %(n)d: ARMv4T: ldm sp!, {pc} with bit 0 set stays in ARM state
    mov r9, sp
    ldr r1, =a_ret43 + 1
    push {r1}
    adr lr, 1f
    mov r0, #0
    ldm sp!, {pc}
    mov r0, #99
1:  mrs r10, cpsr
    expect %(n)d, r0, 43
    expect_reg %(n)d, sp, r9
    and r10, r10, #0x20
    expect %(n)d, r10, 0
.endif
    @ %(n)d: Thumb bl to Thumb and a loop in Thumb
    ldr r1, =t_loop + 1
    mov r0, #0
.if ARCH >= 5
    blx r1
.else
    adr lr, 1f
    bx r1
1:
.endif
    expect %(n)d, r0, 10
'''

INTERWORK_TAIL = r'''
a_add1:
    add r0, r0, #1
    bx lr

a_ret43:
    mov r0, #43
    bx lr

    .align 2
ptr_t_ret42:
    .word t_ret42 + 1
ptr_a_ret43_1:
    .word a_ret43 + 1
ptr_a_ret43_3:
    .word a_ret43 + 3

    .thumb
    .align 2
t_ret42:
    movs r0, #42
    bx lr

    .align 2
    bx lr               @ reached only if BLX ignored H
t_half:
    movs r0, #7
    bx lr

.if ARCH >= 5
t_call_arm:
    push {lr}
    blx a_add1
    pop {pc}
.endif

t_bx_r2:
    movs r0, #3
    bx r2

t_loop:
    push {lr}
    movs r1, #5
1:  bl t_add2
    subs r1, r1, #1
    bne 1b
.if ARCH >= 5
    pop {pc}
.else
    pop {r2}            @ ARMv4T: pop {pc} stays in Thumb state (A7.1, POP)
    bx r2
.endif

t_add2:
    adds r0, r0, #2
    bx lr
    .arm
    .align 2
'''


# Flags set by one instruction and read by later ones in the same block.
FLAG_CHAIN = r'''
    @ %(n)d: V from adds survives movs (logical ops keep V)
    msr cpsr_f, #0
    ldr r1, =0x7fffffff
    adds r0, r1, #1
    movs r2, r1, lsl #1
    mrs r10, cpsr
    expect_psr %(n)d, 0x90000000
    @ %(n)d: C from a shifter survives to adc two instructions later
    msr cpsr_f, #0
    ldr r1, =0x80000000
    movs r2, r1, lsl #1
    mov r3, #5
    adc r0, r3, #0
    expect %(n)d, r0, 6
    @ %(n)d: subs then tst: tst sets N and Z, keeps V, C from its shifter
    msr cpsr_f, #0
    ldr r1, =0x80000000
    subs r0, r1, #1
    tst r1, r1, lsr #1
    mrs r10, cpsr
    expect_psr %(n)d, 0x50000000
    @ %(n)d: cmp; mov without S; the branch reads cmp's flags
    mov r0, #3
    cmp r0, #3
    mov r1, #0
    movne r1, #1
    bne 1f
    mov r1, #2
1:  expect %(n)d, r1, 2
    @ %(n)d: a carry chain: adds/adcs over 64 bits
    ldr r0, =0xffffffff
    ldr r1, =0x00000001
    ldr r2, =0x00000001
    mov r3, #0
    adds r0, r0, r2
    adcs r1, r1, r3
    mrs r10, cpsr
    expect %(n)d, r0, 0
    expect %(n)d, r1, 2
    expect_psr %(n)d, 0
    @ %(n)d: a borrow chain: subs/sbcs over 64 bits, 0x1_00000000 - 1
    mov r0, #0
    mov r1, #1
    subs r0, r0, #1
    sbcs r1, r1, #0
    mrs r10, cpsr
    expect %(n)d, r0, 0xffffffff
    expect %(n)d, r1, 0
    expect_psr %(n)d, 0x60000000
    @ %(n)d: rsc with C clear after a borrow: 0 - 0 - 1
    mov r0, #0
    subs r1, r0, #1
    rsc r2, r0, #0
    expect %(n)d, r2, 0xffffffff
    @ %(n)d: teq leaves C alone with an unrotated immediate, sets it from a rotated one
    msr cpsr_f, #0x20000000
    mov r1, #0
    teq r1, #0xff
    mrs r10, cpsr
    expect_psr %(n)d, 0x20000000
    teq r1, #0xff, 2
    mrs r10, cpsr
    expect_psr %(n)d, 0xa0000000
'''


def main():
    d = sys.argv[1]
    v5 = 'arm926 arm1136 arm1176'
    q_note = 'bit 27 (Q from ARMv5TE) is a reserved bit, which reads 0.'
    g = Gen(11)
    gen_dp_imm(g)
    gen_cond(g)
    write(d + '/dp_imm.S', v5,
          'Data processing with an immediate operand (A5.1.3), conditions (A3.2), pc reads',
          g.cases, EXTRA_IMM)
    write_v4(d, 'dp_imm', q_note)
    g = Gen(12)
    gen_dp_shift_imm(g)
    write(d + '/dp_shift_imm.S', v5,
          'Data processing, register shifted by an immediate (A5.1.4-A5.1.13)', g.cases,
          FLAG_CHAIN)
    write_v4(d, 'dp_shift_imm', q_note)
    g = Gen(13)
    gen_dp_shift_reg(g)
    write(d + '/dp_shift_reg.S', v5,
          'Data processing, register shifted by a register (A5.1.6-A5.1.12)', g.cases, EXTRA_REG)
    write_v4(d, 'dp_shift_reg', q_note)
    g = Gen(14)
    write(d + '/psr.S', 'arm1136 arm1176', 'MRS, MSR (NZCVQ, GE), CLZ, SETEND (ARMv6)', [],
          SETEND + gen_psr(g, 6), SETEND_TAIL, sigill='arm7tdmi arm926', arch=6)
    g = Gen(15)
    write(d + '/psr_v5.S', 'arm926', 'CLZ, MRS, MSR (NZCVQ; no GE or E before ARMv6) (ARMv5)',
          [], gen_psr(g, 5), SETEND_TAIL, sigill='arm7tdmi')
    g = Gen(17)
    write(d + '/psr_v4.S', 'arm7tdmi', 'MRS, MSR (NZCV; no Q before ARMv5TE, no GE or E) (ARMv4T)',
          [], gen_psr(g, 4), SETEND_TAIL, arch=4)
    g = Gen(16)
    write(d + '/branch.S', v5,
          'B, BL, BX, BLX (register), conditional branches, loads and ALU writes of the pc',
          [], gen_branch_cond(g) + BRANCH, BRANCH_TAIL, sigill='arm7tdmi')
    write_v4(d, 'branch', 'the checks of BLX (ARMv5) left out.')
    write(d + '/interwork_thumb.S', v5,
          'ARM/Thumb interworking: BX, BLX, LDR/LDM of the pc with bit 0 set (needs Thumb)',
          [], INTERWORK, INTERWORK_TAIL, sigill='arm7tdmi')
    write_v4(d, 'interwork_thumb', 'BX only, and LDR/LDM of the pc stay in ARM state.')


if __name__ == '__main__':
    main()
