#!/usr/bin/env python3
"""Generates the self-checking ARM multiply tests. The expected values come
from a model of the ARM ARM (DDI 0100I) pseudocode written here; qemu-arm
checks the model."""
import os
import random
import sys

# The assembly shared with the other generators (asm_harness.py) is one level up.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from asm_harness import ARM_DESCRIPTION, EXPECT_ARM, arch_level, exit_code, header, write_v4  # noqa: E402

M = 0xffffffff
M64 = (1 << 64) - 1
NF, ZF, CF, VF, QF = 1 << 31, 1 << 30, 1 << 29, 1 << 28, 1 << 27
PRES = [0, QF, NF | ZF | CF | VF, CF | VF, NF | ZF | CF | VF | QF, ZF | CF]


def s32(x):
    x &= M
    return x - (1 << 32) if x >> 31 else x


def s16(x):
    x &= 0xffff
    return x - (1 << 16) if x >> 15 else x


def half(v, top):
    return s16(v >> 16) if top else s16(v)


def fits32(v):
    return -(1 << 31) <= v < (1 << 31)


def sat(v):
    if v > 0x7fffffff:
        return 0x7fffffff, True
    if v < -(1 << 31):
        return -(1 << 31), True
    return v, False


def nz32(flags, r):
    flags &= ~(NF | ZF)
    if r & (1 << 31):
        flags |= NF
    if r & M == 0:
        flags |= ZF
    return flags


def nz64(flags, r):
    flags &= ~(NF | ZF)
    if r & (1 << 63):
        flags |= NF
    if r & M64 == 0:
        flags |= ZF
    return flags


class Case:
    """One check: preset registers, one instruction, expected registers and
    NZCVQ afterwards."""

    def __init__(self, insn, regs, out, pre, post, note):
        self.insn, self.regs, self.out = insn, regs, out
        self.pre, self.post, self.note = pre, post, note


def lohi(v):
    return v & M, (v >> 32) & M


# ---- models: each returns (outputs {reg: value}, post flags) ----

def m_mul(op, s, a, b, c, pre):
    r = (a * b + (c if op == 'mla' else 0)) & M
    return {'r0': r}, nz32(pre, r) if s else pre


def m_mull(op, s, a, b, lo, hi, pre):
    signed = op[0] == 's'
    p = s32(a) * s32(b) if signed else a * b
    if op.endswith('lal'):
        p += (hi << 32) | lo
    p &= M64
    rl, rh = lohi(p)
    return {'r0': rl, 'r4': rh}, nz64(pre, p) if s else pre


def m_q(op, m, n, pre):
    q = False
    x = s32(n)
    if op in ('qdadd', 'qdsub'):
        x, q = sat(2 * x)
    r, q2 = sat(s32(m) + x if op in ('qadd', 'qdadd') else s32(m) - x)
    return {'r0': r & M}, pre | (QF if q or q2 else 0)


def m_smlaxy(x, y, acc, m, s, n, pre):
    p = half(m, x) * half(s, y)
    if not acc:
        return {'r0': p & M}, pre
    r = p + s32(n)
    return {'r0': r & M}, pre | (0 if fits32(r) else QF)


def m_smlawy(y, acc, m, s, n, pre):
    p = (s32(m) * half(s, y)) >> 16
    if not acc:
        return {'r0': p & M}, pre
    r = p + s32(n)
    return {'r0': r & M}, pre | (0 if fits32(r) else QF)


def m_smlalxy(x, y, m, s, lo, hi, pre):
    r = (((hi << 32) | lo) + half(m, x) * half(s, y)) & M64
    rl, rh = lohi(r)
    return {'r0': rl, 'r4': rh}, pre


def dual(m, s, x):
    if x:
        s = ((s >> 16) | (s << 16)) & M
    return half(m, False) * half(s, False), half(m, True) * half(s, True)


def m_smlad(sub, x, acc, m, s, n, pre):
    p1, p2 = dual(m, s, x)
    r = p1 - p2 if sub else p1 + p2
    if acc:
        r += s32(n)
    return {'r0': r & M}, pre | (0 if fits32(r) else QF)


def m_smlald(sub, x, m, s, lo, hi, pre):
    p1, p2 = dual(m, s, x)
    r = (((hi << 32) | lo) + (p1 - p2 if sub else p1 + p2)) & M64
    rl, rh = lohi(r)
    return {'r0': rl, 'r4': rh}, pre


def m_smmla(kind, rnd, m, s, n, pre):
    p = s32(m) * s32(s)
    if kind == 'mla':
        p = (s32(n) << 32) + p
    elif kind == 'mls':
        p = (s32(n) << 32) - p
    if rnd:
        p += 0x80000000
    return {'r0': (p >> 32) & M}, pre


def m_umaal(m, s, lo, hi, pre):
    r = m * s + lo + hi
    assert r <= M64
    rl, rh = lohi(r)
    return {'r0': rl, 'r4': rh}, pre


# ---- operand pools ----

E32 = [0, 1, 2, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 0x80000001,
       0x40000000, 0xc0000000, 0x12345678, 0xdeadbeef, 0x00010000, 0x0000ffff]
EH = [0x80008000, 0x7fff7fff, 0x80007fff, 0x7fff8000, 0xffff0001, 0x0001ffff,
      0x12345678, 0x00000000, 0xffffffff, 0x80000001, 0x00018000, 0x40004000]
EACC = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x40000000, 0xc0000000,
        0x7fff0000, 0x80010000, 0x3fffffff, 0xbfffffff]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cases = []

    def pre(self):
        return self.rng.choice(PRES)

    def pick(self, pool):
        # Mostly edge values, sometimes an arbitrary one.
        if self.rng.random() < 0.2:
            return self.rng.getrandbits(32)
        return self.rng.choice(pool)

    def add(self, insn, regs, model, note, pre=None):
        pre = self.pre() if pre is None else pre
        out, post = model(pre)
        self.cases.append(Case(insn, regs, out, pre, post, note))


def note_of(regs):
    return ', '.join('%s=%#x' % kv for kv in regs.items())


def gen_mul_long(g):
    for op in ('mul', 'mla'):
        for s in (False, True):
            for _ in range(24):
                a, b, c = g.pick(E32), g.pick(E32), g.pick(E32)
                regs = {'r1': a, 'r2': b, 'r3': c}
                args = 'r0, r1, r2' + (', r3' if op == 'mla' else '')
                insn = '%s%s %s' % (op, 's' if s else '', args)
                g.add(insn, regs, lambda p, op=op, s=s, a=a, b=b, c=c: m_mul(op, s, a, b, c, p),
                      note_of(regs))
    # MULS: results that are zero and negative, with C and V preset both ways.
    for a, b in ((0, 0x12345678), (0x10000, 0x10000), (0x80000000, 1), (0xffffffff, 1),
                 (0xffffffff, 0xffffffff)):
        for pre in (0, CF | VF, NF | ZF | CF | VF | QF):
            regs = {'r1': a, 'r2': b}
            g.add('muls r0, r1, r2', regs, lambda p, a=a, b=b: m_mul('mul', True, a, b, 0, p),
                  note_of(regs), pre)
    for op in ('umull', 'umlal', 'smull', 'smlal'):
        for s in (False, True):
            for _ in range(20):
                a, b, lo, hi = (g.pick(E32) for _ in range(4))
                regs = {'r1': a, 'r2': b, 'r0': lo, 'r4': hi}
                insn = '%s%s r0, r4, r1, r2' % (op, 's' if s else '')
                g.add(insn, regs, lambda p, op=op, s=s, a=a, b=b, lo=lo, hi=hi:
                      m_mull(op, s, a, b, lo, hi, p), note_of(regs))
    # Z from all 64 bits: low half zero, high half not (and the reverse).
    for insn, a, b, lo, hi in (('umulls', 0x10000, 0x10000, 0, 0), ('smulls', 0x80000000, 2, 0, 0),
                               ('umlals', 1, 1, 0xffffffff, 0xffffffff),
                               ('smlals', 0xffffffff, 1, 1, 0),
                               ('smlals', 0xffffffff, 1, 0, 0),
                               ('umulls', 0, 0x12345678, 7, 7)):
        for pre in (0, CF | VF | QF):
            regs = {'r1': a, 'r2': b, 'r0': lo, 'r4': hi}
            op = insn[:-1]
            g.add(insn + ' r0, r4, r1, r2', regs, lambda p, op=op, a=a, b=b, lo=lo, hi=hi:
                  m_mull(op, True, a, b, lo, hi, p), note_of(regs), pre)


def gen_qaddsub(g):
    pool = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x40000000, 0xc0000000,
            0x3fffffff, 0xbfffffff, 0x40000001]
    for op in ('qadd', 'qsub', 'qdadd', 'qdsub'):
        for m in pool:
            for n in pool[:8]:
                regs = {'r1': m, 'r2': n}
                g.add('%s r0, r1, r2' % op, regs, lambda p, op=op, m=m, n=n: m_q(op, m, n, p),
                      note_of(regs))


def gen_dsp(g):
    xy = (('b', False), ('t', True))
    for xn, x in xy:
        for yn, y in xy:
            for _ in range(14):
                m, s, n = g.pick(EH), g.pick(EH), g.pick(EACC)
                regs = {'r1': m, 'r2': s, 'r3': n}
                g.add('smla%s%s r0, r1, r2, r3' % (xn, yn), regs,
                      lambda p, x=x, y=y, m=m, s=s, n=n: m_smlaxy(x, y, True, m, s, n, p),
                      note_of(regs))
            # Accumulate overflow both ways, and 0x8000 * 0x8000 = 2^30 exactly.
            for m, s, n in ((0x80008000, 0x80008000, 0x40000000), (0x80008000, 0x80008000, 0x3fffffff),
                            (0x7fff7fff, 0x80008000, 0x80000000), (0x00010001, 0x00010001, 0x7fffffff),
                            (0xffffffff, 0x00010001, 0x80000000)):
                regs = {'r1': m, 'r2': s, 'r3': n}
                g.add('smla%s%s r0, r1, r2, r3' % (xn, yn), regs,
                      lambda p, x=x, y=y, m=m, s=s, n=n: m_smlaxy(x, y, True, m, s, n, p),
                      note_of(regs), 0)
            for _ in range(10):
                m, s = g.pick(EH), g.pick(EH)
                regs = {'r1': m, 'r2': s}
                g.add('smul%s%s r0, r1, r2' % (xn, yn), regs,
                      lambda p, x=x, y=y, m=m, s=s: m_smlaxy(x, y, False, m, s, 0, p), note_of(regs))
            for _ in range(12):
                m, s, lo, hi = g.pick(EH), g.pick(EH), g.pick(E32), g.pick(E32)
                regs = {'r1': m, 'r2': s, 'r0': lo, 'r4': hi}
                g.add('smlal%s%s r0, r4, r1, r2' % (xn, yn), regs,
                      lambda p, x=x, y=y, m=m, s=s, lo=lo, hi=hi: m_smlalxy(x, y, m, s, lo, hi, p),
                      note_of(regs))
    for yn, y in xy:
        for _ in range(16):
            m, s, n = g.pick(E32 + EH), g.pick(EH), g.pick(EACC)
            regs = {'r1': m, 'r2': s, 'r3': n}
            g.add('smlaw%s r0, r1, r2, r3' % yn, regs,
                  lambda p, y=y, m=m, s=s, n=n: m_smlawy(y, True, m, s, n, p), note_of(regs))
        # (-2^31 * -2^15) >> 16 = 2^30; + 2^30 overflows. Negative products round down.
        for m, s, n in ((0x80000000, 0x80008000, 0x40000000), (0x80000000, 0x80008000, 0x3fffffff),
                        (0x7fffffff, 0x7fff7fff, 0x7fffffff), (0x7fffffff, 0x80008000, 0x80000000),
                        (0xffffffff, 0x00010001, 0x80000000), (0x00000001, 0xffffffff, 0)):
            regs = {'r1': m, 'r2': s, 'r3': n}
            g.add('smlaw%s r0, r1, r2, r3' % yn, regs,
                  lambda p, y=y, m=m, s=s, n=n: m_smlawy(y, True, m, s, n, p), note_of(regs), 0)
        for _ in range(12):
            m, s = g.pick(E32 + EH), g.pick(EH)
            regs = {'r1': m, 'r2': s}
            g.add('smulw%s r0, r1, r2' % yn, regs,
                  lambda p, y=y, m=m, s=s: m_smlawy(y, False, m, s, 0, p), note_of(regs))


def gen_v6(g):
    for _ in range(20):
        m, s, lo, hi = (g.pick(E32) for _ in range(4))
        regs = {'r1': m, 'r2': s, 'r0': lo, 'r4': hi}
        g.add('umaal r0, r4, r1, r2', regs,
              lambda p, m=m, s=s, lo=lo, hi=hi: m_umaal(m, s, lo, hi, p), note_of(regs))
    regs = {'r1': M, 'r2': M, 'r0': M, 'r4': M}
    g.add('umaal r0, r4, r1, r2', regs, lambda p: m_umaal(M, M, M, M, p), 'largest: 2^64-1')
    for sub, base in ((False, 'sm%sad'), (True, 'sm%ssd')):  # l: accumulate, u: not
        for xn, x in (('', False), ('x', True)):
            for acc in (True, False):
                name = (base % ('l' if acc else 'u')) + xn
                args = 'r0, r1, r2' + (', r3' if acc else '')
                special = [(0x80008000, 0x80008000, 0xffffffff), (0x80008000, 0x80008000, 0),
                           (0x80008000, 0x80008000, 0x80000000), (0x80007fff, 0x7fff8000, 0x7fffffff),
                           (0x80008000, 0x7fff7fff, 0x80000000), (0x7fff8000, 0x80008000, 0x00000001)]
                for i in range(16 + len(special)):
                    if i < len(special):
                        m, s, n = special[i]
                        pre = 0
                    else:
                        m, s, n, pre = g.pick(EH), g.pick(EH), g.pick(EACC), None
                    regs = {'r1': m, 'r2': s}
                    if acc:
                        regs['r3'] = n
                    g.add('%s %s' % (name, args), regs,
                          lambda p, sub=sub, x=x, acc=acc, m=m, s=s, n=n:
                          m_smlad(sub, x, acc, m, s, n, p), note_of(regs), pre)
    for sub, base in ((False, 'smlald'), (True, 'smlsld')):
        for xn, x in (('', False), ('x', True)):
            for _ in range(16):
                m, s, lo, hi = g.pick(EH), g.pick(EH), g.pick(E32), g.pick(E32)
                regs = {'r1': m, 'r2': s, 'r0': lo, 'r4': hi}
                g.add('%s%s r0, r4, r1, r2' % (base, xn), regs,
                      lambda p, sub=sub, x=x, m=m, s=s, lo=lo, hi=hi:
                      m_smlald(sub, x, m, s, lo, hi, p), note_of(regs))
    for kind in ('mul', 'mla', 'mls'):
        for rn, rnd in (('', False), ('r', True)):
            args = 'r0, r1, r2' + ('' if kind == 'mul' else ', r3')
            special = [(0x80000000, 0x80000000, 0), (0x80000000, 0x7fffffff, 0x7fffffff),
                       (0xffffffff, 0x80000000, 0x80000000), (0x00010000, 0x00008000, 0xffffffff),
                       (0x7fffffff, 0x7fffffff, 0x80000000), (0xffffffff, 0xffffffff, 0)]
            for i in range(16 + len(special)):
                if i < len(special):
                    m, s, n = special[i]
                else:
                    m, s, n = g.pick(E32), g.pick(E32), g.pick(EACC)
                regs = {'r1': m, 'r2': s}
                if kind != 'mul':
                    regs['r3'] = n
                g.add('sm%s%s %s' % (kind, rn, args), regs,
                      lambda p, kind=kind, rnd=rnd, m=m, s=s, n=n: m_smmla(kind, rnd, m, s, n, p),
                      note_of(regs))


# ---- output ----

PRELUDE = header(ARM_DESCRIPTION) + arch_level(5) + EXPECT_ARM + r'''
@ Fails check n unless N Z C V Q (saved in r10 by mrs) equal val. Before
@ ARMv5TE bit 27 (Q) is a reserved bit, which reads 0 and ignores writes
@ (DDI 0100I A2.5, "Types of PSR bits" and "The Q flag"), and the flags in
@ v4unpred are UNPREDICTABLE after the instruction: MULS and MLAS leave C
@ UNPREDICTABLE before ARMv5, UMULLS, UMLALS, SMULLS and SMLALS C and V
@ (A4.1.40 MUL, A4.1.34 MLA and the long multiplies, notes on the C and V
@ flags). The ARMv4T build leaves them out of the check.
.macro expect_psr n, val, v4unpred=0
.if ARCH >= 5
    and r10, r10, #0xf8000000
    expect \n, r10, \val
.else
    and r10, r10, #0xf8000000 & ~(\v4unpred)
    expect \n, r10, (\val) & 0xf0000000 & ~(\v4unpred)
.endif
.endm

_start:
'''

EPILOGUE = '\n' + exit_code('@ r0 = number of the failing check: print "fail <n>\\n", exit 1. Uses only\n'
                            '@ compares, adds and subtracts so a broken multiply cannot garble it.\n')


def psr_name(f):
    names = [n for n, b in (('N', NF), ('Z', ZF), ('C', CF), ('V', VF), ('Q', QF)) if f & b]
    return ''.join(names) or '-'


def emit_case(out, n, c):
    out.append('    @ %d: %s  [%s]' % (n, c.insn, c.note))
    out.append('    msr cpsr_f, #%#x          @ %s' % (c.pre, psr_name(c.pre)))
    for r, v in c.regs.items():
        out.append('    ldr %s, =%#010x' % (r, v))
    out.append('    ' + c.insn)
    out.append('    mrs r10, cpsr')
    for r, v in c.out.items():
        out.append('    expect %d, %s, %#010x' % (n, r, v))
    op = c.insn.split()[0]
    unpred = {'muls': CF, 'mlas': CF, 'umulls': CF | VF, 'umlals': CF | VF,
              'smulls': CF | VF, 'smlals': CF | VF}.get(op)
    out.append('    expect_psr %d, %#010x%s       @ %s' % (
        n, c.post, ', %#010x' % unpred if unpred else '', psr_name(c.post)))


def number_checks(text, n):
    """Numbers the hand-written checks: each '@ %(n)d:' comment starts one."""
    lines = []
    for line in text.split('\n'):
        if line.startswith('    @ %(n)d:'):
            n += 1
        lines.append(line % {'n': n - 1} if '%(n)d' in line else line)
    return '\n'.join(lines)


def write(path, cpu, title, cases, extra='', sigill=''):
    """cpu: the models the program runs on; sigill: the models that lack
    its instructions and must stop it with SIGILL."""
    out = [PRELUDE % {'cpu': cpu, 'title': title,
                      'sigill': '@ sigill: %s\n' % sigill if sigill else ''}]
    for i, c in enumerate(cases):
        emit_case(out, i + 1, c)
        if i % 25 == 24:
            out.append('    b 1f\n    .ltorg\n1:')
    out.append(number_checks(extra, len(cases) + 1))
    out.append(EPILOGUE)
    with open(path, 'w') as f:
        f.write('\n'.join(out))
    qs = sum(1 for c in cases if (c.post & QF) and not (c.pre & QF))
    print('%s: %d checks, %d set Q' % (path, len(cases), qs))


# Hand-written checks: register aliasing (operands must be read before any
# destination is written) and condition-failed multiplies. DDI 0100I lifts the
# old restriction on Rd = Rm (MUL, MLA) and RdHi or RdLo = Rm (the long
# multiplies) for ARMv4 and ARMv5 as well (their notes on operand
# restrictions); the assembler still warns about them before ARMv6, so they
# are written as words.
ALIAS_V5 = r'''
    @ %(n)d: mla r1, r1, r1, r1 (Rd = Rm = Rs = Rn): 3 * 3 + 3
    mov r1, #3
    .inst 0xe0211191    @ mla r1, r1, r1, r1
    expect %(n)d, r1, 12
    @ %(n)d: umlal r1, r2, r1, r2 (RdLo = Rm, RdHi = Rs): 2 * 5 + (5:2)
    mov r1, #2
    mov r2, #5
    .inst 0xe0a21291    @ umlal r1, r2, r1, r2
    expect %(n)d, r1, 12
    expect %(n)d, r2, 5
    @ %(n)d: smull r1, r2, r2, r1 (RdLo = Rs, RdHi = Rm): -3 * 7
    mov r1, #7
    mvn r2, #2
    .inst 0xe0c21192    @ smull r1, r2, r2, r1
    expect %(n)d, r1, 0xffffffeb
    expect %(n)d, r2, 0xffffffff
    @ %(n)d: mulseq with Z clear is skipped: r0 and NZCV stay
    msr cpsr_f, #0x30000000
    mov r0, #9
    mov r1, #0
    mulseq r0, r1, r1
    mrs r10, cpsr
    expect %(n)d, r0, 9
    expect_psr %(n)d, 0x30000000
    @ %(n)d: smlalsne with Z clear runs
    msr cpsr_f, #0x20000000
    mov r0, #0
    mov r4, #0
    mvn r1, #0
    mov r2, #1
    smlalsne r0, r4, r1, r2
    mrs r10, cpsr
    expect %(n)d, r0, 0xffffffff
    expect %(n)d, r4, 0xffffffff
    expect_psr %(n)d, 0xa0000000, 0x30000000
'''

ALIAS_DSP = r'''
    @ %(n)d: smlabb r1, r1, r1, r1 with Q already set stays set
    msr cpsr_f, #0x08000000
    ldr r1, =0x00010003
    smlabb r1, r1, r1, r1
    mrs r10, cpsr
    expect %(n)d, r1, 0x0001000c
    expect_psr %(n)d, 0x08000000
    @ %(n)d: qdadd r1, r1, r1: sat(r1 + sat(2 * r1))
    msr cpsr_f, #0
    ldr r1, =0x30000000
    qdadd r1, r1, r1
    mrs r10, cpsr
    expect %(n)d, r1, 0x7fffffff
    expect_psr %(n)d, 0x08000000
    @ %(n)d: smlalbt r1, r2, r2, r1 (RdLo = Rs, RdHi = Rm)
    ldr r1, =0x00050000
    ldr r2, =0x00000003
    smlalbt r1, r2, r2, r1
    expect %(n)d, r1, 0x0005000f
    expect %(n)d, r2, 3
'''

ALIAS_V6 = r'''
    @ %(n)d: umaal r1, r2, r1, r2 (RdLo = Rm, RdHi = Rs): 6 * 7 + 6 + 7
    mov r1, #6
    mov r2, #7
    umaal r1, r2, r1, r2
    expect %(n)d, r1, 55
    expect %(n)d, r2, 0
    @ %(n)d: smmlar r1, r1, r1, r1
    ldr r1, =0x40000000
    smmlar r1, r1, r1, r1
    expect %(n)d, r1, 0x50000000
    @ %(n)d: smlaldx r1, r2, r2, r1 (RdLo = Rs, RdHi = Rm)
    ldr r1, =0x00020003
    ldr r2, =0x00040005
    smlaldx r1, r2, r2, r1
    expect %(n)d, r1, 0x00020019
    expect %(n)d, r2, 0x00040005
'''


def main():
    d = sys.argv[1]
    v5, v6 = 'arm926 arm1136 arm1176', 'arm1136 arm1176'
    g = Gen(1)
    gen_mul_long(g)
    write(d + '/mul_long.S', v5, 'MUL, MLA, UMULL, UMLAL, SMULL, SMLAL (with and without S)',
          g.cases, ALIAS_V5)
    write_v4(d, 'mul_long', 'Q (ARMv5TE) reads 0, and the flags that are UNPREDICTABLE\n@ after a '
             'flag-setting multiply before ARMv5 are not checked.')
    g = Gen(2)
    gen_qaddsub(g)
    write(d + '/qaddsub.S', v5, 'QADD, QSUB, QDADD, QDSUB (ARMv5TE)', g.cases, sigill='arm7tdmi')
    g = Gen(3)
    gen_dsp(g)
    write(d + '/dsp_mul.S', v5,
          'SMLA<x><y>, SMUL<x><y>, SMLAW<y>, SMULW<y>, SMLAL<x><y> (ARMv5TE)', g.cases, ALIAS_DSP,
          sigill='arm7tdmi')
    g = Gen(4)
    gen_v6(g)
    write(d + '/v6_mul.S', v6,
          'UMAAL, SMLAD/SMUAD, SMLSD/SMUSD, SMLALD, SMLSLD, SMMUL, SMMLA, SMMLS (ARMv6)',
          g.cases, ALIAS_V6, sigill='arm7tdmi arm926')


if __name__ == '__main__':
    main()
