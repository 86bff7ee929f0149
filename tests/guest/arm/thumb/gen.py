#!/usr/bin/env python3
"""Generates the self-checking Thumb-1 tests (ALU, memory, v6 extends and
reverses, branches).

  gen.py DIR

The expected values come from a model of the ARM ARM (DDI 0100I) Thumb
pseudocode (chapter A7) written here. The checks run in Thumb state; flags
are preset and read by two ARM-state helpers (setf: msr cpsr_f, r7; getf:
mrs r7, cpsr) reached with bl to a Thumb "bx pc" in front of them and left
with bx lr, which ARMv4T has too. qemu-arm checks the model.

NAME_v4.S builds NAME.S for ARMv4T (ARCH = 4): without BLX, with POP {pc}
staying in Thumb state, and with the flags MUL leaves UNPREDICTABLE there
left out of the checks.
"""
import os
import random
import sys

# The assembly shared with the other generators (asm_harness.py) is one level up.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from asm_harness import PREFIX_LOOP, arch_level, exit_code, header, write_v4  # noqa: E402

M = 0xffffffff
NF, ZF, CF, VF = 1 << 31, 1 << 30, 1 << 29, 1 << 28
NZCV = [n << 28 for n in range(16)]


def s32(x):
    x &= M
    return x - (1 << 32) if x >> 31 else x


def bit(x, n):
    return (x >> n) & 1


def ror(x, n):
    n &= 31
    return ((x >> n) | (x << (32 - n))) & M if n else x


def cflag(f):
    return 1 if f & CF else 0


def add_c(x, y, cin):
    u = x + y + cin
    s = s32(x) + s32(y) + cin
    return u & M, 1 if u > M else 0, 0 if -(1 << 31) <= s < (1 << 31) else 1


def sub_c(x, y, cin):
    b = 1 - cin
    u = x - y - b
    s = s32(x) - s32(y) - b
    return u & M, 0 if u < 0 else 1, 0 if -(1 << 31) <= s < (1 << 31) else 1


def nz(f, r):
    f &= ~(NF | ZF)
    if r & (1 << 31):
        f |= NF
    if r == 0:
        f |= ZF
    return f


def nzc(f, r, c):
    return nz(f, r) & ~CF | (CF if c else 0)


def nzcv(f, r, c, v):
    return nz(f, r) & ~(CF | VF) | (CF if c else 0) | (VF if v else 0)


def sh_imm(rm, kind, n, f):
    """LSL #0..31, LSR/ASR #1..32 (A7.1.38, A7.1.40, A7.1.10)."""
    c = cflag(f)
    if kind == 'lsl':
        return (rm, c) if n == 0 else ((rm << n) & M, bit(rm, 32 - n))
    if kind == 'lsr':
        return (0, bit(rm, 31)) if n == 32 else (rm >> n, bit(rm, n - 1))
    if n == 32:
        return (M, 1) if bit(rm, 31) else (0, 0)
    return (s32(rm) >> n) & M, bit(rm, n - 1)


def sh_reg(rm, kind, rs, f):
    c, n = cflag(f), rs & 0xff
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
    n5 = n & 31
    if n5 == 0:
        return rm, bit(rm, 31)
    return ror(rm, n5), bit(rm, n5 - 1)


def psr_name(f):
    s = ''.join(ch for ch, b in zip('NZCV', (NF, ZF, CF, VF)) if f & b)
    return s or '-'


CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le']


def cond_holds(cond, flags):
    n, z, c, v = (bool(flags & f) for f in (NF, ZF, CF, VF))
    return {'eq': z, 'ne': not z, 'cs': c, 'cc': not c, 'mi': n, 'pl': not n,
            'vs': v, 'vc': not v, 'hi': c and not z, 'ls': not c or z,
            'ge': n == v, 'lt': n != v, 'gt': not z and n == v, 'le': z or n != v}[cond]


E32 = [0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffffe,
       0x40000000, 0xc0000000, 0x12345678, 0xdeadbeef, 0x0000ffff, 0x00010000]
EDGE = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]


class Gen:
    """Accumulates Thumb check code. Each check: preset registers (low ones
    from literals, high ones through r6), flags through setf, the code under
    test, getf, compares."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.out = []
        self.n = 0
        self.data = []

    def pick(self, pool=E32):
        if self.rng.random() < 0.3:
            return self.rng.getrandbits(32)
        return self.rng.choice(pool)

    def pre(self):
        return self.rng.choice(NZCV)

    def emit(self, s):
        self.out.append(s)

    def check(self, title, regs, pre, body, expects, post, extra_pre='', v4unpred=0):
        """regs: dict reg -> value (hi regs set through r6); body: code;
        expects: list of (reg, value) compared after getf (reg low or hi,
        value an int or an expression string); post: flags or None;
        v4unpred: flags UNPREDICTABLE after the code on ARMv4T."""
        self.n += 1
        n = self.n
        e = self.emit
        e('    @ %d: %s' % (n, title))
        for r, v in regs.items():
            if r in ('r0', 'r1', 'r2', 'r3', 'r4', 'r5'):
                e('    ldr %s, =%s' % (r, v if isinstance(v, str) else '%#010x' % v))
            else:
                e('    ldr r6, =%s' % (v if isinstance(v, str) else '%#010x' % v))
                e('    mov %s, r6' % r)
        if extra_pre:
            e(extra_pre)
        if pre is not None:
            e('    ldr r7, =%#010x' % pre)
            e('    bl setf')
        e(body)
        if post is not None:
            e('    bl getf')
        for r, v in expects:
            if isinstance(v, str) and v in ('r0', 'r1', 'r2', 'r3', 'r4', 'r5'):
                e('    expect_reg %d, %s, %s' % (n, r, v))
            else:
                e('    expect %d, %s, %s' % (n, r, v if isinstance(v, str) else '%#010x' % v))
        if post is not None:
            e('    expect_flags %d, %#010x%s       @ %s' % (
                n, post, ', %#010x' % v4unpred if v4unpred else '', psr_name(post)))
        e('    b 7f\n    .ltorg\n7:')


# ---------------- ALU ----------------

REG_OPS = ['and', 'eor', 'lsl', 'lsr', 'asr', 'adc', 'sbc', 'ror', 'tst', 'neg',
           'cmp', 'cmn', 'orr', 'mul', 'bic', 'mvn']


def reg_op(op, d, m, f):
    """Format 4 (A7.1): Rd op= Rm. Returns (result or None, flags)."""
    c = cflag(f)
    if op in ('lsl', 'lsr', 'asr', 'ror'):
        r, co = sh_reg(d, op, m, f)
        return r, nzc(f, r, co)
    if op in ('and', 'eor', 'orr', 'bic', 'mvn', 'tst'):
        r = {'and': d & m, 'tst': d & m, 'eor': d ^ m, 'orr': d | m,
             'bic': d & ~m & M, 'mvn': ~m & M}[op]
        return (None if op == 'tst' else r), nz(f, r)
    if op == 'mul':
        r = (d * m) & M
        return r, nz(f, r)     # C and V unaffected (ARMv5; C UNPREDICTABLE before)
    r, co, vo = {'adc': lambda: add_c(d, m, c), 'sbc': lambda: sub_c(d, m, c),
                 'neg': lambda: sub_c(0, m, 1), 'cmp': lambda: sub_c(d, m, 1),
                 'cmn': lambda: add_c(d, m, 0)}[op]()
    return (None if op in ('cmp', 'cmn') else r), nzcv(f, r, co, vo)


def reg_op_asm(op):
    if op == 'mul':
        return 'muls r0, r1, r0'
    if op in ('tst', 'cmp', 'cmn'):
        return '%s r0, r1' % op
    if op == 'neg':
        return 'negs r0, r1'
    return '%ss r0, r1' % op


def gen_alu(g):
    # Shift by immediate (format 1).
    for kind, amounts in (('lsl', range(0, 32)), ('lsr', range(1, 33)), ('asr', range(1, 33))):
        for n in amounts:
            vals = [g.pick()] if n not in (0, 1, 31, 32) else [0x80000001, 0x7ffffffe, 0, g.pick()]
            for m in vals:
                for pre in ((0, CF | VF) if n in (0, 1, 31, 32) else (g.pre(),)):
                    r, co = sh_imm(m, kind, n, pre)
                    g.check('%ss r0, r1, #%d [r1=%#x]' % (kind, n, m), {'r0': 0xa5a5a5a5, 'r1': m},
                            pre, '    %ss r0, r1, #%d' % (kind, n), [('r0', r), ('r1', m)],
                            nzc(pre, r, co))
    # ADD/SUB register and 3-bit immediate (formats 2), 8-bit immediate (format 3).
    for op in ('add', 'sub'):
        fn = (lambda a, b: add_c(a, b, 0)) if op == 'add' else (lambda a, b: sub_c(a, b, 1))
        for a in EDGE + [g.pick(), g.pick()]:
            for b in EDGE + [g.pick()]:
                pre = g.pre()
                r, co, vo = fn(a, b)
                g.check('%ss r0, r1, r2 [%#x, %#x]' % (op, a, b), {'r1': a, 'r2': b}, pre,
                        '    %ss r0, r1, r2' % op, [('r0', r), ('r1', a), ('r2', b)],
                        nzcv(pre, r, co, vo))
            for imm in range(8):
                pre = g.pre()
                r, co, vo = fn(a, imm)
                g.check('%ss r3, r1, #%d [%#x]' % (op, imm, a), {'r1': a}, pre,
                        '    %ss r3, r1, #%d' % (op, imm), [('r3', r), ('r1', a)],
                        nzcv(pre, r, co, vo))
    imms8 = [0, 1, 0x7f, 0x80, 0xff, 8, 100, 200]
    for imm in imms8:
        for pre in (0, NF | ZF | CF | VF):
            r = imm
            g.check('movs r2, #%d' % imm, {'r2': 0xa5a5a5a5}, pre, '    movs r2, #%d' % imm,
                    [('r2', r)], nz(pre, r))
    for op in ('cmp', 'add', 'sub'):
        fn = (lambda a, b: add_c(a, b, 0)) if op == 'add' else (lambda a, b: sub_c(a, b, 1))
        for a in EDGE + [0xff, 0x100, 0x80, g.pick()]:
            for imm in imms8:
                pre = g.pre()
                r, co, vo = fn(a, imm)
                name = 'cmp' if op == 'cmp' else op + 's'
                g.check('%s r4, #%d [%#x]' % (name, imm, a), {'r4': a}, pre,
                        '    %s r4, #%d' % (name, imm), [('r4', a if op == 'cmp' else r)],
                        nzcv(pre, r, co, vo))
    # Format 4: the sixteen register operations.
    amounts = [0, 1, 2, 7, 16, 31, 32, 33, 40, 63, 64, 100, 128, 255, 0x100, 0x120,
               0xffffff1f, 0x80000001, 0xffffff00]
    for op in REG_OPS:
        if op in ('lsl', 'lsr', 'asr', 'ror'):
            cases = []
            for s in amounts:
                for d in (0x80000001, 0x7ffffffe, g.pick()):
                    cases.append((d, s))
        else:
            cases = [(g.pick(), g.pick()) for _ in range(12)]
            if op in ('adc', 'sbc', 'cmp', 'cmn', 'neg'):
                cases += [(a, b) for a in EDGE for b in EDGE]
            if op == 'mul':
                cases += [(0, 5), (0xffffffff, 0xffffffff), (0x10000, 0x10000), (0x7fffffff, 2)]
        for d, m in cases:
            pres = [g.pre()]
            if op in ('adc', 'sbc') or (op in ('lsl', 'lsr', 'asr', 'ror') and m & 0xff == 0):
                pres = [g.pre() & ~CF, g.pre() | CF]
            elif op in ('mul', 'and', 'eor', 'orr', 'bic', 'mvn', 'tst'):
                pres = [g.rng.choice((0, CF | VF, NF | ZF | CF | VF, ZF | VF))]
            for pre in pres:
                r, post = reg_op(op, d, m, pre)
                exp = [('r0', d if r is None else r), ('r1', m)]
                g.check('%s [r0=%#x, r1=%#x]' % (reg_op_asm(op), d, m), {'r0': d, 'r1': m}, pre,
                        '    ' + reg_op_asm(op), exp, post, v4unpred=CF if op == 'mul' else 0)
    # Format 5: high registers. ADD and MOV leave the flags; CMP sets them.
    for rd, rm in (('r0', 'r8'), ('r9', 'r1'), ('r10', 'r11'), ('r12', 'r12')):
        a, b = g.pick(), g.pick()
        if rd == rm:
            b = a
        pre = g.pre()
        regs = {rm: b, rd: a} if rd != rm else {rd: a}
        g.check('add %s, %s' % (rd, rm), regs, pre, '    add %s, %s' % (rd, rm),
                [(rd, (a + b) & M)], pre)
        regs = {rm: b, rd: a} if rd != rm else {rd: a}
        g.check('mov %s, %s' % (rd, rm), regs, pre, '    mov %s, %s' % (rd, rm), [(rd, b)], pre)
    for rn, rm in (('r0', 'r8'), ('r9', 'r1'), ('r10', 'r11')):
        for a, b in [(g.pick(), g.pick()) for _ in range(3)] + [(0x80000000, 1), (5, 5), (0x7fffffff, M)]:
            pre = g.pre()
            r, co, vo = sub_c(a, b, 1)
            g.check('cmp %s, %s [%#x, %#x]' % (rn, rm, a, b), {rn: a, rm: b}, pre,
                    '    cmp %s, %s' % (rn, rm), [(rn, a), (rm, b)], nzcv(pre, r, co, vo))
    # pc as an operand: reads as the instruction's address + 4.
    for k, align in enumerate((0, 2)):
        a = g.pick()
        pad = '    .align 2\n' + ('    nop\n' if align else '')
        g.check('add r0, pc (address %% 4 == %d)' % align, {'r0': a}, g.pre(),
                pad + '1:  add r0, pc', [('r0', '1b + 4 + %#x' % a)], None)
        g.check('mov r1, pc (address %% 4 == %d)' % align, {'r1': 0}, None,
                pad + '1:  mov r1, pc', [('r1', '1b + 4')], None)
        g.check('add r9, pc (address %% 4 == %d)' % align, {'r9': a}, None,
                pad + '1:  add r9, pc', [('r9', '1b + 4 + %#x' % a)], None)
        for imm in (0, 4, 8, 0x80, 0x3fc):
            g.check('add r2, pc, #%d (address %% 4 == %d)' % (imm, align), {'r2': 0}, g.pre(),
                    pad + '1:  add r2, pc, #%d' % imm,
                    [('r2', '1b + %d + %d' % (4 if align == 0 else 2, imm))], None)
    # sp as an operand: r4 keeps the real sp.
    for imm in (0, 4, 0x80, 0x3fc):
        g.check('add r0, sp, #%d' % imm, {}, 0, '    add r0, sp, #%d\n    mov r3, sp\n    ldr r2, =%d\n    adds r3, r2' % (imm, imm),
                [('r0', 'r3')], None)
    for op in ('add', 'sub'):
        for imm in (0, 4, 0x1fc):
            pre = g.pre()
            g.check('%s sp, #%d' % (op, imm), {}, pre,
                    '    mov r4, sp\n    %s sp, #%d\n    mov r0, sp\n    mov sp, r4' % (op, imm),
                    [], pre)
            g.emit('    ldr r2, =%d\n    adds r3, r4, #0\n    %ss r3, r2\n    expect_reg %d, r0, r3' % (imm, op, g.n))
    for a in (0, 0x40, 0xfffffffc):
        pre = g.pre()
        g.check('add r1, sp [r1=%#x]; mov r2, sp; add sp, r3; cmp sp, r5' % a, {'r1': a, 'r3': 0x10}, pre,
                '    mov r4, sp\n    add r1, sp\n    mov r2, sp\n    add sp, r3\n    mov r5, sp\n'
                '    mov sp, r4\n    subs r1, r4\n    subs r5, r4\n    subs r2, r4',
                [('r1', a), ('r5', 0x10), ('r2', 0)], None)
    # cmp with sp, flags from sp - rm: rm = sp gives Z and C.
    pre = g.pre()
    g.check('cmp sp, r1 [r1 = sp]', {}, pre, '    mov r1, sp\n    cmp sp, r1', [], ZF | CF)


# ---------------- memory ----------------

def gen_mem(g):
    def block(nbytes=32):
        b = [g.rng.getrandbits(8) for _ in range(nbytes)]
        g.data.append('    .align 2\nd%d:\n    .byte %s' % (g.n + 1, ', '.join('%#x' % x for x in b)))
        return b, 'd%d' % (g.n + 1)

    def w(b, o, size):
        return int.from_bytes(bytes(b[o:o + size]), 'little')

    def sx(v, bits):
        return v - (1 << bits) & M if v >> (bits - 1) else v

    # loads, immediate offset
    for insn, size, lim in (('ldr', 4, 124), ('ldrb', 1, 31), ('ldrh', 2, 62)):
        for off in sorted({0, size, lim, g.rng.randrange(0, lim + 1, size)}):
            b, lab = block(128 + 4)
            g.check('%s r0, [r1, #%d]' % (insn, off), {'r1': lab}, g.pre(),
                    '    %s r0, [r1, #%d]' % (insn, off), [('r0', w(b, off, size)), ('r1', lab)], None)
    # loads, register offset
    for insn, size, sign in (('ldr', 4, 0), ('ldrb', 1, 0), ('ldrh', 2, 0), ('ldrsb', 1, 8), ('ldrsh', 2, 16)):
        for off in (0, size * 3, size * 5, 28):
            off -= off % size
            for _ in range(2):
                b, lab = block()
                v = w(b, off, size)
                if sign:
                    v = sx(v, sign)
                g.check('%s r0, [r1, r2] [r2=%d]' % (insn, off), {'r1': lab, 'r2': off}, g.pre(),
                        '    %s r0, [r1, r2]' % insn, [('r0', v), ('r1', lab), ('r2', off)], None)
        # negative register offset
        b, lab = block()
        v = w(b, 16 - 2 * size, size)
        if sign:
            v = sx(v, sign)
        g.check('%s r0, [r1, r2] [r2=%d]' % (insn, -2 * size), {'r1': lab + '+16', 'r2': (-2 * size) & M},
                None, '    %s r0, [r1, r2]' % insn, [('r0', v)], None)
    # sign extension at the edges
    for insn, size, vals in (('ldrsb', 1, (0x7f, 0x80, 0xff, 0)), ('ldrsh', 2, (0x7fff, 0x8000, 0xffff, 0x1234))):
        for v in vals:
            b, lab = block()
            b[4:4 + size] = list(v.to_bytes(size, 'little'))
            g.data[-1] = '    .align 2\n%s:\n    .byte %s' % (lab, ', '.join('%#x' % x for x in b))
            g.check('%s r0, [r1, r2] value %#x' % (insn, v), {'r1': lab, 'r2': 4}, None,
                    '    %s r0, [r1, r2]' % insn, [('r0', sx(v, size * 8))], None)
    # stores, immediate and register offsets: then read the whole block back.
    for insn, size, form in (('str', 4, 'imm'), ('strb', 1, 'imm'), ('strh', 2, 'imm'),
                             ('str', 4, 'reg'), ('strb', 1, 'reg'), ('strh', 2, 'reg')):
        lim = {4: 124, 1: 31, 2: 62}[size] if form == 'imm' else 28
        for off in sorted({0, size, lim - lim % size, g.rng.randrange(0, lim + 1, size)}):
            b, lab = block(128 + 4)
            v = g.pick()
            nb = list(b)
            nb[off:off + size] = list((v & ((1 << 8 * size) - 1)).to_bytes(size, 'little'))
            op = '[r1, #%d]' % off if form == 'imm' else '[r1, r2]'
            words = sorted({off - off % 4, max(0, off - off % 4 - 4), min(124, off - off % 4 + 4)})
            g.check('%s r0, %s [off %d, r0=%#x]' % (insn, op, off, v),
                    {'r0': v, 'r1': lab, 'r2': off}, g.pre(), '    %s r0, %s' % (insn, op),
                    [('r1', lab), ('r0', v)], None)
            for wo in words:
                g.emit('    ldr r3, [r1, #%d]\n    expect %d, r3, %#010x' % (wo, g.n, w(nb, wo, 4)))
    # LDR literal (pc-relative), from both halfword positions.
    for align in (0, 2):
        v = g.pick()
        g.n += 0
        lab = 'lit%d' % (g.n + 1)
        pad = '    .align 2\n' + ('    nop\n' if align else '')
        g.check('ldr r0, [pc, #imm] (address %% 4 == %d)' % align, {}, None,
                pad + '    ldr r0, %s\n    b 5f\n    .align 2\n    .word 0x11111111\n%s: .word %#010x\n5:' % (lab, lab, v),
                [('r0', v)], None)
    # SP-relative load and store: sp pointed at a block (r4 keeps the real sp).
    for off in (0, 4, 64, 124):
        b, lab = block(132)
        g.check('ldr r0, [sp, #%d]' % off, {'r1': lab}, None,
                '    mov r4, sp\n    mov sp, r1\n    ldr r0, [sp, #%d]\n    mov sp, r4' % off,
                [('r0', w(b, off, 4))], None)
        b, lab = block(132)
        v = g.pick()
        g.check('str r0, [sp, #%d]' % off, {'r0': v, 'r1': lab}, None,
                '    mov r4, sp\n    mov sp, r1\n    str r0, [sp, #%d]\n    mov sp, r4\n    ldr r3, [r1, #%d]' % (off, off),
                [('r3', v)], None)
    # PUSH/POP: sp at the end of a block.
    b, lab = block()
    g.check('push {r0, r2, r3}', {'r0': 0x10101010, 'r2': 0x20202020, 'r3': 0x30303030, 'r1': lab + '+32'}, None,
            '    mov r4, sp\n    mov sp, r1\n    push {r0, r2, r3}\n    mov r5, sp\n    mov sp, r4\n'
            '    ldr r0, [r5, #0]\n    ldr r2, [r5, #4]\n    ldr r3, [r5, #8]\n    subs r1, r5',
            [('r0', 0x10101010), ('r2', 0x20202020), ('r3', 0x30303030), ('r1', 12)], None)
    b, lab = block()
    g.check('push {r1, lr}', {'r1': lab + '+32'}, None,
            '    mov r4, sp\n    mov sp, r1\n    ldr r2, =0xcafe0001\n    mov lr, r2\n    push {r1, lr}\n    mov r5, sp\n    mov sp, r4\n'
            '    ldr r0, [r5, #0]\n    ldr r2, [r5, #4]\n    subs r1, r5',
            [('r0', lab + '+32'), ('r2', 0xcafe0001), ('r1', 8)], None)
    b, lab = block()
    g.check('pop {r0, r2, r3, r5}', {'r1': lab}, None,
            '    mov r4, sp\n    mov sp, r1\n    pop {r0, r2, r3, r5}\n    mov r6, sp\n    mov sp, r4\n    subs r6, r1',
            [('r0', w(b, 0, 4)), ('r2', w(b, 4, 4)), ('r3', w(b, 8, 4)), ('r5', w(b, 12, 4)), ('r6', 16)], None)
    for to_arm in (False, True):
        if to_arm:
            g.emit('.if ARCH >= 5')
        b, lab = block()
        tgt = 'popt%d' % (g.n + 1)
        g.check('pop {r0, pc} to %s state' % ('ARM' if to_arm else 'Thumb'), {'r1': lab, 'r0': 0}, None,
                '    ldr r2, =%s\n    str r2, [r1, #4]\n    mov r4, sp\n    mov sp, r1\n    pop {r0, pc}\n'
                '    movs r3, #99\n    b 5f\n' % (tgt if to_arm else tgt + '+1') +
                ('    .arm\n    .align 2\n%s:\n    mov r3, #7\n    adr r2, 5f+1\n    bx r2\n    .thumb\n5:' % tgt if to_arm else
                 '%s:\n    movs r3, #7\n5:' % tgt) +
                '\n    mov r5, sp\n    mov sp, r4\n    subs r5, r1',
                [('r0', w(b, 0, 4)), ('r3', 7), ('r5', 8)], None)
    # ARMv4T: POP loads the pc AND 0xFFFFFFFE and stays in Thumb state
    # (A7.1, POP: no interworking before ARMv5).
    g.emit('.else')
    b, lab = block()
    tgt = 'popt%d' % (g.n + 1)
    g.check('pop {r0, pc} with bit 0 clear stays in Thumb state (ARMv4T)', {'r1': lab, 'r0': 0}, None,
            '    ldr r2, =%s\n    str r2, [r1, #4]\n    mov r4, sp\n    mov sp, r1\n    pop {r0, pc}\n'
            '    movs r3, #99\n    b 5f\n    .align 2\n%s:\n    movs r3, #7\n5:' % (tgt, tgt) +
            '\n    mov r5, sp\n    mov sp, r4\n    subs r5, r1',
            [('r0', w(b, 0, 4)), ('r3', 7), ('r5', 8)], None)
    g.emit('.endif')
    # LDMIA/STMIA
    b, lab = block()
    g.check('ldmia r1!, {r0, r2, r3}', {'r1': lab}, None, '    ldmia r1!, {r0, r2, r3}',
            [('r0', w(b, 0, 4)), ('r2', w(b, 4, 4)), ('r3', w(b, 8, 4)), ('r1', lab + '+12')], None)
    b, lab = block()
    g.check('ldmia r1, {r0, r1, r2} (base loaded, no writeback)', {'r1': lab}, None, '    ldmia r1, {r0, r1, r2}',
            [('r0', w(b, 0, 4)), ('r1', w(b, 4, 4)), ('r2', w(b, 8, 4))], None)
    b, lab = block()
    g.check('ldmia r4!, {r5}', {'r4': lab}, None, '    ldmia r4!, {r5}',
            [('r5', w(b, 0, 4)), ('r4', lab + '+4')], None)
    b, lab = block()
    g.check('stmia r1!, {r0, r2, r5}', {'r1': lab, 'r0': 0xaaaa0000, 'r2': 0xbbbb2222, 'r5': 0xcccc5555}, None,
            '    stmia r1!, {r0, r2, r5}\n    ldr r0, =%s\n    ldr r2, [r0, #0]\n    ldr r3, [r0, #4]\n    ldr r4, [r0, #8]\n    ldr r5, [r0, #12]' % lab,
            [('r1', lab + '+12'), ('r2', 0xaaaa0000), ('r3', 0xbbbb2222), ('r4', 0xcccc5555), ('r5', w(b, 12, 4))], None)
    b, lab = block()
    g.check('stmia r1!, {r1, r2} (base lowest: stores the original base)', {'r1': lab, 'r2': 0x12121212}, None,
            '    stmia r1!, {r1, r2}\n    ldr r0, =%s\n    ldr r2, [r0, #0]\n    ldr r3, [r0, #4]' % lab,
            [('r1', lab + '+8'), ('r2', lab), ('r3', 0x12121212)], None)


def gen_v6(g):
    for insn, fn in (('sxtb', lambda x: sx8(x)), ('sxth', lambda x: sx16(x)),
                     ('uxtb', lambda x: x & 0xff), ('uxth', lambda x: x & 0xffff),
                     ('rev', lambda x: int.from_bytes(x.to_bytes(4, 'little'), 'big')),
                     ('rev16', lambda x: ((x & 0xff00ff00) >> 8) | ((x & 0x00ff00ff) << 8)),
                     ('revsh', lambda x: sx16(((x & 0xff) << 8) | ((x >> 8) & 0xff)))):
        for v in [0, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x80807f7f, 0x12345678, 0xfedcba98,
                  M, 0x0180, 0x8001] + [g.pick() for _ in range(4)]:
            pre = g.pre()
            g.check('%s r0, r1 [%#x]' % (insn, v), {'r0': 0xa5a5a5a5, 'r1': v}, pre,
                    '    %s r0, r1' % insn, [('r0', fn(v)), ('r1', v)], pre)


def sx8(x):
    x &= 0xff
    return (x - 0x100) & M if x & 0x80 else x


def sx16(x):
    x &= 0xffff
    return (x - 0x10000) & M if x & 0x8000 else x


# ---------------- branches ----------------

def gen_branch(g):
    # B<cond> for every condition and NZCV, forward and backward.
    for cond in CONDS:
        for f in NZCV:
            t = cond_holds(cond, f)
            g.check('b%s with %s: %s' % (cond, psr_name(f), 'taken' if t else 'not taken'),
                    {'r8': 1}, None, '    movs r0, #0\n    ldr r7, =%#010x\n    bl setf\n'
                    '    b%s 1f\n    mov r0, r8\n1:' % (f, cond), [('r0', 0 if t else 1)], f)
            g.n -= 0
    for cond in CONDS:
        for f in (g.pre(), g.pre()):
            t = cond_holds(cond, f)
            g.check('b%s backward with %s' % (cond, psr_name(f)), {'r8': 1, 'r9': 2}, None,
                    '    movs r0, #0\n    ldr r7, =%#010x\n    bl setf\n    b 2f\n'
                    '1:  mov r0, r9\n    b 3f\n2:  b%s 1b\n    mov r0, r8\n3:' % (f, cond),
                    [('r0', 2 if t else 1)], f)
    # B unconditional, near and far.
    g.check('b forward', {}, None, '    movs r0, #1\n    b 1f\n    movs r0, #2\n1:', [('r0', 1)], None)
    g.check('b backward', {}, None, '    movs r0, #1\n    b 2f\n1:  movs r0, #3\n    b 3f\n2:  b 1b\n    movs r0, #2\n3:',
            [('r0', 3)], None)
    g.check('b far forward (> 1 KB)', {}, None, '    movs r0, #1\n    b 1f\n    movs r0, #2\n    .space 1800\n1:',
            [('r0', 1)], None)
    # BL to Thumb: lr = return address | 1; returns with bx lr and pop {pc}.
    for ret in ('bx', 'pop'):
        fn = 'tfn_%s' % ret
        g.check('bl %s (Thumb, returns with %s)' % (fn, ret), {'r0': 0}, None,
                '    mov r4, sp\n    bl %s\n1:  mov sp, r4' % fn, [('r0', '1b + 1'), ('r1', 0x55)], None)
    g.check('bl backward far', {'r0': 0}, None, '    bl tfn_bx\n1:', [('r0', '1b + 1'), ('r1', 0x55)], None)
    # BLX immediate to ARM code, which returns with bx lr (ARMv5).
    g.emit('.if ARCH >= 5')
    g.check('blx afn (ARM)', {'r0': 0}, None, '    blx afn\n1:', [('r0', '1b + 1'), ('r1', 0x66)], None)
    # BLX register to ARM and Thumb; BX register to ARM (which bx's back) and Thumb.
    g.check('blx r2 (ARM)', {'r0': 0, 'r2': 'afn'}, None, '    blx r2\n1:', [('r0', '1b + 1'), ('r1', 0x66)], None)
    g.check('blx r3 (Thumb)', {'r0': 0, 'r3': 'tfn_bx + 1'}, None, '    mov r4, sp\n    blx r3\n1:  mov sp, r4',
            [('r0', '1b + 1'), ('r1', 0x55)], None)
    g.check('blx r9 (high register, ARM)', {'r0': 0, 'r9': 'afn'}, None, '    blx r9\n1:', [('r0', '1b + 1'), ('r1', 0x66)], None)
    g.emit('.endif')
    g.check('bx r2 to ARM and back', {'r0': 0, 'r2': 'abx'}, None,
            '    ldr r3, =1f + 1\n    bx r2\n    movs r0, #9\n    .align 2\n1:  nop', [('r0', 0x77)], None)
    g.check('bx r10 to Thumb', {'r0': 0, 'r10': '1f + 1'}, None,
            '    bx r10\n    movs r0, #9\n1:  nop', [('r0', 0)], None)
    g.check('bx lr to Thumb', {'r0': 0}, None,
            '    ldr r2, =1f + 1\n    mov lr, r2\n    bx lr\n    movs r0, #9\n1:  nop', [('r0', 0)], None)
    g.check('mov pc, r2 (stays Thumb)', {'r0': 0, 'r2': '1f'}, None,
            '    mov pc, r2\n    movs r0, #9\n    .align 2\n1:  nop', [('r0', 0)], None)
    g.check('add pc, r2', {'r0': 0, 'r2': 4}, None,
            '    .align 2\n    add pc, r2\n    movs r0, #9\n    movs r0, #8\n    movs r0, #7\n    movs r0, #6\n1:  nop',
            [('r0', 6)], None)
    g.emit('    b 8f\n    .ltorg')
    g.emit('''    .thumb_func
tfn_bx:
    mov r0, lr
    movs r1, #0x55
    bx lr
    .thumb_func
tfn_pop:
    push {r4, lr}
    mov r0, lr
    movs r1, #0x55
    pop {r4, pc}
    .arm
    .align 2
afn:
    mov r0, lr
    mov r1, #0x66
    bx lr
abx:
    mov r0, #0x77
    bx r3
    .thumb
8:''')
    # Branches far backward to tfn_bx tested above; done.


# ---------------- output ----------------

PRELUDE = header(r'''@ Self-checking, in Thumb state: every check presets registers and NZCV
@ (through the ARM helper setf), runs the code under test, reads NZCV (getf)
@ and compares with the values the ARM ARM (DDI 0100I) specifies. Prints
@ "ok" and exits 0, or prints "fail N" for the first failing check N and exits 1.
''', arm=False) + arch_level(5) + r'''
@ Fails check n unless reg == reg2.
.macro expect_reg n, reg, reg2
    cmp \reg, \reg2
    beq 9f
    ldr r0, =\n
    bl tfail
9:
.endm

@ Fails check n unless reg == val (r6 is clobbered).
.macro expect n, reg, val
    ldr r6, =\val
    cmp \reg, r6
    beq 9f
    ldr r0, =\n
    bl tfail
9:
.endm

@ Fails check n unless NZCV (in r7 from getf) equal val. On ARMv4T the
@ flags in v4unpred, UNPREDICTABLE there after the code under test, are
@ left out (r6 is clobbered).
.macro expect_flags n, val, v4unpred=0
.if ARCH >= 5
    expect \n, r7, \val
.else
    ldr r6, =0xf0000000 & ~(\v4unpred)
    ands r7, r6
    expect \n, r7, (\val) & ~(\v4unpred)
.endif
.endm

@ Enters tmain in Thumb state with BX (ARMv4T has no BLX).
    .arm
_start:
    add r0, pc, #1      @ the pc reads as this instruction + 8: tmain, Thumb
    bx r0

    .thumb
    .thumb_func
tmain:
'''

EPILOGUE = r'''
    bl tok

@ Thumb entries of the ARM helpers: "bx pc" at a word-aligned address goes
@ to the ARM code 4 bytes on; bl left lr with bit 0 set, so the helpers
@ return to Thumb state with bx lr.
    .align 2
    .thumb_func
setf:                   @ NZCV = r7
    bx pc
    nop
    .arm
    msr cpsr_f, r7
    bx lr

    .thumb
    .thumb_func
getf:                   @ r7 = NZCV
    bx pc
    nop
    .arm
    mrs r7, cpsr
    and r7, r7, #0xf0000000
    bx lr

    .thumb
    .thumb_func
tfail:
    bx pc
    nop
    .arm
    b fail

    .thumb
    .thumb_func
tok:
    bx pc
    nop
    .arm
ok:
''' + exit_code('@ Prints "fail r0" and exits 1.\n', PREFIX_LOOP, '%')


def write(path, cpu, title, fn, seed, sigill=''):
    """cpu: the models the program runs on; sigill: the models that lack
    one of its instructions and must stop it with SIGILL."""
    g = Gen(seed)
    fn(g)
    with open(path, 'w') as f:
        f.write(PRELUDE % {'cpu': cpu, 'title': title,
                           'sigill': '@ sigill: %s\n' % sigill if sigill else ''})
        f.write('\n'.join(g.out))
        f.write(EPILOGUE)
        if g.data:
            f.write('\n    .data\n' + '\n'.join(g.data) + '\n')
    return g.n


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else '.'
    v5, v6 = 'arm926 arm1136 arm1176', 'arm1136 arm1176'
    for name, cpu, sigill, title, fn, seed, v4 in (
            ('thumb_alu', v5, '', 'Thumb data processing: shifts, add/sub, immediates, format 4, high registers, pc/sp',
             gen_alu, 1, 'C is not checked after MUL (UNPREDICTABLE before ARMv5: A7.1, MUL).'),
            ('thumb_mem', v5, '', 'Thumb loads and stores: offsets, literal, sp-relative, push/pop, ldmia/stmia',
             gen_mem, 2, 'POP {pc} stays in Thumb state (A7.1, POP).'),
            ('thumb_v6', v6, 'arm7tdmi arm926', 'Thumb ARMv6 extends and byte reverses', gen_v6, 3, None),
            ('thumb_branch', v5, 'arm7tdmi', 'Thumb branches: B, B<cond>, BL, BLX, BX, returns', gen_branch, 4,
             'the checks of BLX (ARMv5) left out.')):
        n = write('%s/%s.S' % (d, name), cpu, title, fn, seed, sigill)
        print('%s: %d checks' % (name, n))
        if v4:
            write_v4(d, name, v4)


if __name__ == '__main__':
    main()
