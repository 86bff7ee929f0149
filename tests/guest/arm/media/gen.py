#!/usr/bin/env python3
"""Generates the self-checking tests of the ARMv6 media instructions. The
expected values come from a model of the ARM ARM (DDI 0100I) pseudocode
written here; qemu-arm checks the model.

Usage: gen.py DIR (writes the .S files into DIR)."""
import random
import sys

M = 0xffffffff
NF, ZF, CF, VF, QF = 1 << 31, 1 << 30, 1 << 29, 1 << 28, 1 << 27
GE_SHIFT = 16
PSR_MASK = 0xf80f0000   # N Z C V Q and GE[3:0]


def ge_bits(ge):
    return ge << GE_SHIFT


# PSR presets: mostly arbitrary NZCVQ and GE, so an instruction that must
# leave a field alone is seen to.
PRES = [0, QF, NF | ZF | CF | VF, CF | VF | ge_bits(0xf), NF | ZF | CF | VF | QF | ge_bits(0xf),
        ZF | ge_bits(0x5), QF | ge_bits(0xa), ge_bits(0x3), NF | ge_bits(0xc)]


def sx(v, w):
    v &= (1 << w) - 1
    return v - (1 << w) if v >> (w - 1) else v


def lane(v, w, i, signed):
    x = (v >> (w * i)) & ((1 << w) - 1)
    return sx(x, w) if signed else x


def ror(v, n):
    n %= 32
    return ((v >> n) | (v << (32 - n))) & M if n else v


class Case:
    """One check: PSR and registers preset, one instruction, expected
    registers and PSR (NZCVQ, GE) afterwards."""

    def __init__(self, insn, regs, out, pre, post, note):
        self.insn, self.regs, self.out = insn, regs, out
        self.pre, self.post, self.note = pre, post, note


# ---- models: each returns (outputs {reg: value}, post PSR) ----

# Parallel add/subtract: operation -> (lane width, lane ops, exchange).
PAR_OPS = {
    'add16': (16, '++', False), 'asx': (16, '-+', True), 'sax': (16, '+-', True),
    'sub16': (16, '--', False), 'add8': (8, '++++', False), 'sub8': (8, '----', False),
}
PAR_PREFIXES = ('s', 'q', 'sh', 'u', 'uq', 'uh')


def m_par(prefix, op, n, m, pre):
    """ARM ARM A4.1: lane i of Rn op lane i (i ^ 1 with exchange) of Rm."""
    w, ops, exch = PAR_OPS[op]
    signed = prefix[0] != 'u'
    kind = {'s': '', 'q': 'q', 'sh': 'h', 'u': '', 'uq': 'q', 'uh': 'h'}[prefix]
    res, ge = 0, 0
    per = w // 8            # GE bits per lane
    for i, o in enumerate(ops):
        a = lane(n, w, i, signed)
        b = lane(m, w, i ^ 1 if exch else i, signed)
        r = a + b if o == '+' else a - b
        if kind == '':
            if signed or o == '-':
                hit = r >= 0
            else:
                hit = r >= (1 << w)
            if hit:
                ge |= ((1 << per) - 1) << (per * i)
        elif kind == 'q':
            lo, hi = (-(1 << (w - 1)), (1 << (w - 1)) - 1) if signed else (0, (1 << w) - 1)
            r = min(max(r, lo), hi)
        else:   # 'h'
            r >>= 1
        res |= (r & ((1 << w) - 1)) << (w * i)
    post = pre
    if kind == '':
        post = (pre & ~ge_bits(0xf)) | ge_bits(ge)
    return {'r0': res}, post


def sat(v, lo, hi):
    r = min(max(v, lo), hi)
    return r, r != v


def shifted(v, asr, n):
    """The SSAT/USAT operand: LSL #n, or ASR #n with ASR #32 for n = 32."""
    if asr:
        return sx(v, 32) >> n
    return sx(v << n, 32)


def m_ssat(bits_, asr, n, v, pre):
    x = shifted(v, asr, n)
    r, q = sat(x, -(1 << (bits_ - 1)), (1 << (bits_ - 1)) - 1)
    return {'r0': r & M}, pre | (QF if q else 0)


def m_usat(bits_, asr, n, v, pre):
    x = shifted(v, asr, n)
    r, q = sat(x, 0, (1 << bits_) - 1)
    return {'r0': r & M}, pre | (QF if q else 0)


def m_sat16(signed, bits_, v, pre):
    lo, hi = (-(1 << (bits_ - 1)), (1 << (bits_ - 1)) - 1) if signed else (0, (1 << bits_) - 1)
    res, q = 0, False
    for i in range(2):
        r, qi = sat(lane(v, 16, i, True), lo, hi)
        q |= qi
        res |= (r & 0xffff) << (16 * i)
    return {'r0': res}, pre | (QF if q else 0)


def m_pkhbt(n, m, sh, pre):
    return {'r0': (n & 0xffff) | ((m << sh) & 0xffff0000)}, pre


def m_pkhtb(n, m, sh, pre):
    return {'r0': (n & 0xffff0000) | ((sx(m, 32) >> sh) & 0xffff)}, pre


def m_sel(n, m, pre):
    ge = (pre >> GE_SHIFT) & 0xf
    r = 0
    for i in range(4):
        r |= ((n if (ge >> i) & 1 else m) >> (8 * i) & 0xff) << (8 * i)
    return {'r0': r}, pre


def m_rev(op, v, pre):
    b = [(v >> (8 * i)) & 0xff for i in range(4)]
    if op == 'rev':
        r = b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
    elif op == 'rev16':
        r = b[1] | b[0] << 8 | b[3] << 16 | b[2] << 24
    else:
        r = sx(b[1] | b[0] << 8, 16) & M
    return {'r0': r}, pre


def m_extend(op, rot, n, m, pre):
    """{S,U}XT{A}{B,H,B16}: op names the form; n is None without accumulate."""
    signed = op[0] == 's'
    size = op[4:] if op[3] == 'a' else op[3:]
    v = ror(m, 8 * rot)
    if size == 'b16':
        lanes = [lane(v, 8, 0, signed), lane(v, 8, 2, signed)]
        if n is not None:
            lanes = [lanes[0] + lane(n, 16, 0, False), lanes[1] + lane(n, 16, 1, False)]
        return {'r0': (lanes[0] & 0xffff) | (lanes[1] & 0xffff) << 16}, pre
    x = lane(v, 8 if size == 'b' else 16, 0, signed)
    if n is not None:
        x += n
    return {'r0': x & M}, pre


def m_usad(m, s, acc, pre):
    r = sum(abs(lane(m, 8, i, False) - lane(s, 8, i, False)) for i in range(4))
    return {'r0': (r + acc) & M}, pre


# ---- operand pools ----

H16 = [0x0000, 0x0001, 0x7fff, 0x8000, 0x8001, 0xffff, 0xfffe, 0x4000, 0xc000, 0x00ff,
       0xff00, 0x7ffe, 0x3fff]
B8 = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 0xfe, 0x40, 0xc0, 0x7e, 0x3f]
E32 = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 0x12345678, 0xdeadbeef,
       0x00008000, 0xffff7fff, 0x0000ffff, 0xffff0000, 0x000000ff, 0x00000080, 0x80808080,
       0x7f7f7f7f, 0x01020304]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cases = []

    def pre(self):
        if self.rng.random() < 0.3:
            return (self.rng.getrandbits(5) << 27) | ge_bits(self.rng.getrandbits(4))
        return self.rng.choice(PRES)

    def word(self, w=None):
        """A value made of edge lanes (w = 16 or 8), an edge word, or a random one."""
        r = self.rng.random()
        if r < 0.15:
            return self.rng.getrandbits(32)
        if r < 0.3 or w is None:
            return self.rng.choice(E32)
        pool = H16 if w == 16 else B8
        v = 0
        for i in range(32 // w):
            v |= self.rng.choice(pool) << (w * i)
        return v

    def add(self, insn, regs, model, note=None, pre=None):
        pre = self.pre() if pre is None else pre
        out, post = model(pre)
        self.cases.append(Case(insn, regs, out, pre, post, note or note_of(regs)))


def note_of(regs):
    return ', '.join('%s=%#x' % kv for kv in regs.items())


def gen_par(g, prefixes):
    for prefix in prefixes:
        for op, (w, _, _) in PAR_OPS.items():
            name = prefix + op
            pairs = [(g.word(w), g.word(w)) for _ in range(22)]
            # Every lane at a boundary together: wrap, carry and saturate in
            # all lanes at once, and exactly at the limit.
            if w == 16:
                pairs += [(0x7fff7fff, 0x00010001), (0x80008000, 0x80008000), (0xffffffff, 0x00010001),
                          (0x00000000, 0x00010001), (0x80008000, 0x00010001), (0x7fff8000, 0x80007fff),
                          (0xffff0000, 0x0000ffff), (0x00010000, 0x00000001)]
            else:
                pairs += [(0x7f7f7f7f, 0x01010101), (0x80808080, 0x80808080), (0xffffffff, 0x01010101),
                          (0x00000000, 0x01010101), (0x80808080, 0x01010101), (0x7f807f80, 0x807f807f),
                          (0xff00ff00, 0x00ff00ff), (0x01000100, 0x00010001)]
            for n, m in pairs:
                regs = {'r1': n, 'r2': m}
                g.add('%s r0, r1, r2' % name, regs,
                      lambda p, prefix=prefix, op=op, n=n, m=m: m_par(prefix, op, n, m, p))


def gen_sat(g):
    for b in range(1, 33):
        lim = 1 << (b - 1)
        vals = [lim - 1, lim, -lim, -lim - 1, 0, -1, 0x7fffffff, -0x80000000, lim - 2, -lim + 1]
        for v in vals + [g.word() for _ in range(2)]:
            v &= M
            regs = {'r1': v}
            g.add('ssat r0, #%d, r1' % b, regs, lambda p, b=b, v=v: m_ssat(b, False, 0, v, p))
    for b in range(0, 32):
        lim = 1 << b
        vals = [lim - 1, lim, 0, -1, 1, 0x7fffffff, -0x80000000, lim + 1, lim - 2]
        for v in vals + [g.word() for _ in range(2)]:
            v &= M
            regs = {'r1': v}
            g.add('usat r0, #%d, r1' % b, regs, lambda p, b=b, v=v: m_usat(b, False, 0, v, p))
    # Every shift: LSL #0..31 and ASR #1..32, into a few saturation widths.
    for name, model in (('ssat', m_ssat), ('usat', m_usat)):
        for asr, shifts in ((False, range(0, 32)), (True, range(1, 33))):
            for n in shifts:
                b = g.rng.choice((1, 8, 16, 24, 31) if name == 'usat' else (1, 8, 16, 31, 32))
                for _ in range(2):
                    v = g.word()
                    regs = {'r1': v}
                    insn = '%s r0, #%d, r1, %s #%d' % (name, b, 'asr' if asr else 'lsl', n)
                    g.add(insn, regs, lambda p, model=model, b=b, asr=asr, n=n, v=v:
                          model(b, asr, n, v, p))
    for signed, name, widths in ((True, 'ssat16', range(1, 17)), (False, 'usat16', range(0, 16))):
        for b in widths:
            lim = 1 << (b - 1) if signed else 1 << b
            edge = [lim - 1, lim, -lim, -lim - 1, 0, -1, 0x7fff, -0x8000] if signed else \
                [lim - 1, lim, 0, -1, 1, 0x7fff, -0x8000, lim + 1]
            edge = [x & 0xffff for x in edge]
            for _ in range(8):
                v = g.rng.choice(edge) | g.rng.choice(edge) << 16
                if g.rng.random() < 0.2:
                    v = g.word(16)
                regs = {'r1': v}
                g.add('%s r0, #%d, r1' % (name, b), regs,
                      lambda p, signed=signed, b=b, v=v: m_sat16(signed, b, v, p))


def gen_pack(g):
    for sh in range(0, 32):
        for _ in range(2):
            n, m = g.word(16), g.word(16)
            regs = {'r1': n, 'r2': m}
            g.add('pkhbt r0, r1, r2, lsl #%d' % sh, regs,
                  lambda p, n=n, m=m, sh=sh: m_pkhbt(n, m, sh, p))
    for sh in range(1, 33):
        for _ in range(2):
            n, m = g.word(16), g.word(16)
            regs = {'r1': n, 'r2': m}
            g.add('pkhtb r0, r1, r2, asr #%d' % sh, regs,
                  lambda p, n=n, m=m, sh=sh: m_pkhtb(n, m, sh, p))
    for ge in range(16):
        for _ in range(3):
            n, m = g.word(8), g.word(8)
            pre = (g.rng.getrandbits(5) << 27) | ge_bits(ge)
            regs = {'r1': n, 'r2': m}
            g.add('sel r0, r1, r2', regs, lambda p, n=n, m=m: m_sel(n, m, p),
                  note_of(regs) + ', GE=%#x' % ge, pre)
    for op in ('rev', 'rev16', 'revsh'):
        for v in E32 + [0x00008000, 0x00800000, 0x0000807f, 0x12348000, 0x00000080]:
            regs = {'r1': v}
            g.add('%s r0, r1' % op, regs, lambda p, op=op, v=v: m_rev(op, v, p))


def gen_extend(g):
    for sign in 'su':
        for size in ('b', 'h', 'b16'):
            for acc in (False, True):
                op = sign + 'xt' + ('a' if acc else '') + size
                for rot in range(4):
                    for _ in range(5):
                        m = g.word(8)
                        n = g.word(16) if acc else None
                        regs = {'r2': m}
                        if acc:
                            regs['r1'] = n
                        args = 'r0, r1, r2' if acc else 'r0, r2'
                        insn = '%s %s' % (op, args) + (', ror #%d' % (8 * rot) if rot else '')
                        g.add(insn, regs, lambda p, op=op, rot=rot, n=n, m=m:
                              m_extend(op, rot, n, m, p))
    for acc in (False, True):
        pairs = [(g.word(8), g.word(8)) for _ in range(20)]
        pairs += [(0xffffffff, 0), (0, 0xffffffff), (0x80808080, 0x7f7f7f7f), (0x12345678, 0x12345678)]
        for m, s in pairs:
            a = g.word() if acc else 0
            regs = {'r1': m, 'r2': s}
            if acc:
                regs['r3'] = a
            insn = 'usada8 r0, r1, r2, r3' if acc else 'usad8 r0, r1, r2'
            g.add(insn, regs, lambda p, m=m, s=s, a=a: m_usad(m, s, a, p))


# ---- output ----

PRELUDE = r'''@ cpu: %(cpu)s
@ sigill: %(sigill)s
@ %(title)s
@ Self-checking: every check presets the PSR (NZCVQ and GE, msr cpsr_fs)
@ and registers, runs one instruction, and compares the destination and
@ NZCVQ and GE with the values the ARM ARM (DDI 0100I) specifies. Prints
@ "ok" and exits 0, or prints "fail N" for the first failing check N and
@ exits 1.
@ Build: arm-linux-gnueabi-as -march=armv6k -o x.o x.S && arm-linux-gnueabi-ld -static -o x x.o
@ Generated by gen.py in this directory; edit that, not this file.
    .syntax unified
    .arm
    .text
    .global _start

@ Fails check n unless reg == val.
.macro expect n, reg, val
    ldr r12, =\val
    cmp \reg, r12
    ldrne r0, =\n
    bne fail
.endm

@ Sets N Z C V Q and GE[3:0] to those of val.
.macro preset val
    ldr r11, =\val
    msr cpsr_fs, r11
.endm

@ Fails check n unless N Z C V Q and GE (saved in r10 by mrs) equal val.
.macro expect_psr n, val
    ldr r12, =0xf80f0000
    and r10, r10, r12
    expect \n, r10, \val
.endm

_start:
'''

# The failure path uses only compares, adds, subtracts and byte stores, so
# a broken media instruction cannot garble the report.
EPILOGUE = r'''
    mov r0, #1
    adr r1, okmsg
    mov r2, #3
    mov r7, #4          @ write
    svc #0
    mov r0, #0
    mov r7, #1          @ exit
    svc #0

@ r0 = number of the failing check: print "fail <n>\n", exit 1.
fail:
    sub sp, sp, #32
    add r5, sp, #32
    mov r6, #10         @ '\n'
    strb r6, [r5, #-1]!
1:  mov r9, #0          @ r9 = r0 / 10, r0 = r0 %% 10
2:  cmp r0, #10
    subhs r0, r0, #10
    addhs r9, r9, #1
    bhs 2b
    add r0, r0, #'0'
    strb r0, [r5, #-1]!
    movs r0, r9
    bne 1b
    adr r1, failmsg
    ldrb r6, [r1, #4]   @ ' '
    strb r6, [r5, #-1]!
    ldrb r6, [r1, #3]
    strb r6, [r5, #-1]!
    ldrb r6, [r1, #2]
    strb r6, [r5, #-1]!
    ldrb r6, [r1, #1]
    strb r6, [r5, #-1]!
    ldrb r6, [r1, #0]
    strb r6, [r5, #-1]!
    mov r1, r5
    add r2, sp, #32
    sub r2, r2, r5
    mov r0, #1
    mov r7, #4          @ write
    svc #0
    mov r0, #1
    mov r7, #1          @ exit
    svc #0

okmsg:
    .ascii "ok\n"
failmsg:
    .ascii "fail "
    .align 2
    .ltorg
'''


def psr_name(f):
    names = [n for n, b in (('N', NF), ('Z', ZF), ('C', CF), ('V', VF), ('Q', QF)) if f & b]
    return (''.join(names) or '-') + ' GE=%x' % ((f >> GE_SHIFT) & 0xf)


def emit_case(out, n, c):
    out.append('    @ %d: %s  [%s]' % (n, c.insn, c.note))
    out.append('    preset %#010x          @ %s' % (c.pre, psr_name(c.pre)))
    for r, v in c.regs.items():
        out.append('    ldr %s, =%#010x' % (r, v))
    out.append('    ' + c.insn)
    out.append('    mrs r10, cpsr')
    for r, v in c.out.items():
        out.append('    expect %d, %s, %#010x' % (n, r, v))
    out.append('    expect_psr %d, %#010x       @ %s' % (n, c.post & PSR_MASK, psr_name(c.post)))


def number_checks(text, n):
    """Numbers the hand-written checks: each '@ %(n)d:' comment starts one."""
    lines = []
    for line in text.split('\n'):
        if line.startswith('    @ %(n)d:'):
            n += 1
        lines.append(line % {'n': n - 1} if '%(n)d' in line else line)
    return '\n'.join(lines)


def write(path, title, cases, extra=''):
    # ARMv6 media instructions: the ARMv4T and ARMv5TE models lack them.
    out = [PRELUDE % {'cpu': 'arm1136 arm1176', 'sigill': 'arm7tdmi arm926', 'title': title}]
    for i, c in enumerate(cases):
        emit_case(out, i + 1, c)
        if i % 20 == 19:
            out.append('    b 1f\n    .ltorg\n1:')
    out.append(number_checks(extra, len(cases) + 1))
    out.append(EPILOGUE)
    with open(path, 'w') as f:
        f.write('\n'.join(out))
    qs = sum(1 for c in cases if (c.post & QF) and not (c.pre & QF))
    ges = sum(1 for c in cases if (c.post ^ c.pre) & ge_bits(0xf))
    print('%s: %d checks, %d set Q, %d change GE' % (path, len(cases), qs, ges))


# Hand-written checks: register aliasing (operands are read before Rd is
# written), condition-failed instructions, and GE from one instruction
# feeding SEL.
EXTRA_PAR = r'''
    @ %(n)d: uadd8 r1, r1, r1 (Rd = Rn = Rm): each byte doubled, GE from the carries
    preset 0
    ldr r1, =0x80ff7f01
    uadd8 r1, r1, r1
    mrs r10, cpsr
    expect %(n)d, r1, 0x00fefe02
    expect_psr %(n)d, 0x000c0000
    @ %(n)d: ssub16ne with Z set is skipped: r0 and GE stay
    preset 0x400a0000
    mov r0, #9
    mov r1, #0
    ldr r2, =0x00010001
    ssub16ne r0, r1, r2
    mrs r10, cpsr
    expect %(n)d, r0, 9
    expect_psr %(n)d, 0x400a0000
    @ %(n)d: ssub8eq with Z set runs
    preset 0x40000000
    mov r1, #0
    ldr r2, =0x01ff01ff
    ssub8eq r0, r1, r2
    mrs r10, cpsr
    expect %(n)d, r0, 0xff01ff01
    expect_psr %(n)d, 0x40050000
    @ %(n)d: usub8 then sel: the unsigned byte maximum of r1 and r2
    preset 0
    ldr r1, =0x10ff2080
    ldr r2, =0x2000ff7f
    usub8 r3, r1, r2
    sel r0, r1, r2
    expect %(n)d, r0, 0x20ffff80
    @ %(n)d: ssub16 then sel: the signed halfword maximum
    ldr r1, =0x80000001
    ldr r2, =0x7fffffff
    ssub16 r3, r1, r2
    sel r0, r1, r2
    expect %(n)d, r0, 0x7fff0001
    @ %(n)d: qsub16 r2, r1, r2 (Rd = Rm)
    ldr r1, =0x80007fff
    ldr r2, =0x0001ffff
    qsub16 r2, r1, r2
    expect %(n)d, r2, 0x80007fff
'''

EXTRA_SAT = r'''
    @ %(n)d: ssat r1, #8, r1, lsl #4 (Rd = Rm), Q already set stays set
    preset 0x08000000
    mov r1, #4
    ssat r1, #8, r1, lsl #4
    mrs r10, cpsr
    expect %(n)d, r1, 64
    expect_psr %(n)d, 0x08000000
    @ %(n)d: usatne with Z set is skipped: no Q
    preset 0x40000000
    mvn r1, #0
    mov r0, #7
    usatne r0, #4, r1
    mrs r10, cpsr
    expect %(n)d, r0, 7
    expect_psr %(n)d, 0x40000000
    @ %(n)d: ssat16 r1, #4, r1 (Rd = Rm)
    preset 0
    ldr r1, =0x0007fff8
    ssat16 r1, #4, r1
    mrs r10, cpsr
    expect %(n)d, r1, 0x0007fff8
    expect_psr %(n)d, 0
'''

EXTRA_PACK = r'''
    @ %(n)d: pkhbt r1, r2, r1, lsl #16 (Rd = Rm)
    ldr r1, =0x11112222
    ldr r2, =0x33334444
    pkhbt r1, r2, r1, lsl #16
    expect %(n)d, r1, 0x22224444
    @ %(n)d: sel r1, r1, r1
    preset 0x00050000
    ldr r1, =0x12345678
    sel r1, r1, r1
    expect %(n)d, r1, 0x12345678
    @ %(n)d: rev r1, r1
    ldr r1, =0x12345678
    rev r1, r1
    expect %(n)d, r1, 0x78563412
    @ %(n)d: revshgt with Z set is skipped
    preset 0x40000000
    mov r0, #5
    ldr r1, =0x1234
    revshgt r0, r1
    expect %(n)d, r0, 5
'''

EXTRA_EXTEND = r'''
    @ %(n)d: uxtab r1, r1, r1, ror #8 (Rd = Rn = Rm)
    ldr r1, =0x000080f0
    uxtab r1, r1, r1, ror #8
    expect %(n)d, r1, 0x00008170
    @ %(n)d: sxtab16 r1, r1, r1 (Rd = Rn = Rm)
    ldr r1, =0x00ff0080
    sxtab16 r1, r1, r1
    expect %(n)d, r1, 0x00fe0000
    @ %(n)d: usada8 r1, r1, r1, r1: |x - x| = 0, plus r1
    ldr r1, =0x12345678
    usada8 r1, r1, r1, r1
    expect %(n)d, r1, 0x12345678
    @ %(n)d: usada8 r1, r2, r3, r1 (Rd = Rn)
    ldr r1, =0xfffffff0
    ldr r2, =0x00ff00ff
    ldr r3, =0xff00ff00
    usada8 r1, r2, r3, r1
    expect %(n)d, r1, 0x000003ec
    @ %(n)d: uxtbcc with C set is skipped
    preset 0x20000000
    mov r0, #3
    mvn r1, #0
    uxtbcc r0, r1
    expect %(n)d, r0, 3
'''


def main():
    d = sys.argv[1]
    g = Gen(1)
    gen_par(g, ('s', 'q', 'sh'))
    write(d + '/par_signed.S',
          'Signed parallel add/subtract: S, Q, SH x ADD16, ASX, SAX, SUB16, ADD8, SUB8 (ARMv6)',
          g.cases, EXTRA_PAR)
    g = Gen(2)
    gen_par(g, ('u', 'uq', 'uh'))
    write(d + '/par_unsigned.S',
          'Unsigned parallel add/subtract: U, UQ, UH x ADD16, ASX, SAX, SUB16, ADD8, SUB8 (ARMv6)',
          g.cases)
    g = Gen(3)
    gen_sat(g)
    write(d + '/sat.S', 'SSAT, USAT (every width and shift), SSAT16, USAT16 (ARMv6)',
          g.cases, EXTRA_SAT)
    g = Gen(4)
    gen_pack(g)
    write(d + '/pack.S', 'PKHBT, PKHTB (every shift), SEL (every GE), REV, REV16, REVSH (ARMv6)',
          g.cases, EXTRA_PACK)
    g = Gen(5)
    gen_extend(g)
    write(d + '/extend.S',
          'SXTB, SXTH, SXTB16, UXTB, UXTH, UXTB16 and the SXTA/UXTA forms (every rotation), '
          'USAD8, USADA8 (ARMv6)', g.cases, EXTRA_EXTEND)


if __name__ == '__main__':
    main()
