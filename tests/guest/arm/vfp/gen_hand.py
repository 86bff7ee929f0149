"""The hand-written VFP checks for gen.py: register transfers, FMRX/FMXR,
loads and stores (both data endiannesses), load/store multiple, short
vectors, conditional execution. Each check starts with a comment
'@ %(n)d:' that number_checks numbers.

Short vectors follow the ARM ARM (C5.1). qemu-arm 7.2 differs in two
places, which these checks avoid: with STRIDE = 2 (0b11) it steps single
registers by 4, and its vector FCPY/FABS/FNEG/FSQRT of doubles with a
vector source step the destination from the source register."""
import struct

import vfp_model as vm
from vfp_model import SP, DP


def number_checks(text, n):
    """Numbers the hand-written checks: each '@ %(n)d:' comment starts one."""
    lines = []
    for line in text.split('\n'):
        if line.startswith('    @ %(n)d:'):
            n += 1
        lines.append(line % {'n': n - 1} if '%(n)d' in line else line)
    return '\n'.join(lines)


def f32(x):
    return struct.unpack('<I', struct.pack('<f', x))[0]


def f64(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


CMP_HAND = r'''
    @ %(n)d: FMSTAT changes N Z C V only: Q and GE stay
    ldr r0, =0xf80f0000
    msr cpsr_fs, r0
    ldr r0, =0x20000000
    fmxr fpscr, r0
    fmstat
    mrs r1, cpsr
    ldr r2, =0xf80f0000
    and r1, r1, r2
    expect %(n)d, r1, 0x280f0000
    @ %(n)d: a VFP instruction whose condition fails does nothing
    ldr r0, =0x3f800000
    fmsr s0, r0
    fmsr s1, r0
    mov r0, #0
    fmxr fpscr, r0
    msr cpsr_f, #0              @ Z clear
    faddseq s0, s0, s1
    fcmpseq s0, s0
    fmrx r1, fpscr
    fmrs r2, s0
    expect %(n)d, r1, 0
    expect %(n)d, r2, 0x3f800000
    @ %(n)d: and runs when it holds
    msr cpsr_f, #0x40000000     @ Z set
    faddseq s0, s0, s1
    fcmpseq s0, s1
    fmrx r1, fpscr
    fmrs r2, s0
    expect %(n)d, r1, 0x20000000
    expect %(n)d, r2, 0x40000000
    @ %(n)d: fcmpes then fmstat and a conditional branch, as compiled code does
    ldr r0, =0x40000000
    fmsr s2, r0
    ldr r0, =0x3f800000
    fmsr s3, r0
    mov r1, #0
    fcmpes s2, s3
    fmstat
    movgt r1, #1
    fcmpes s3, s2
    fmstat
    addmi r1, r1, #2
    expect %(n)d, r1, 3
    mov r0, #0
    fmxr fpscr, r0
'''

LDST_HAND = r'''
    @ %(n)d: FMSR/FMRS to s0, s17, s31 and back
    ldr r1, =0x11111111
    ldr r2, =0x22222222
    ldr r3, =0x33333333
    fmsr s0, r1
    fmsr s17, r2
    fmsr s31, r3
    fmrs r4, s0
    fmrs r5, s17
    fmrs r6, s31
    expect %(n)d, r4, 0x11111111
    expect %(n)d, r5, 0x22222222
    expect %(n)d, r6, 0x33333333
    @ %(n)d: FMDRR d15 is s30 (low word) and s31 (high word)
    ldr r1, =0x89abcdef
    ldr r2, =0x01234567
    fmdrr d15, r1, r2
    fmrs r3, s30
    fmrs r4, s31
    expect %(n)d, r3, 0x89abcdef
    expect %(n)d, r4, 0x01234567
    @ %(n)d: FMRRD of d0 set through s0 and s1
    ldr r1, =0xaaaa5555
    ldr r2, =0x5555aaaa
    fmsr s0, r1
    fmsr s1, r2
    fmrrd r3, r4, d0
    expect %(n)d, r3, 0xaaaa5555
    expect %(n)d, r4, 0x5555aaaa
    @ %(n)d: FMDLR, FMDHR, FMRDL, FMRDH on d7
    ldr r1, =0x0badf00d
    ldr r2, =0xdeadbeef
    fmdlr d7, r1
    fmdhr d7, r2
    fmrdl r3, d7
    fmrdh r4, d7
    fmrs r5, s15
    expect %(n)d, r3, 0x0badf00d
    expect %(n)d, r4, 0xdeadbeef
    expect %(n)d, r5, 0xdeadbeef
    @ %(n)d: FMSRR/FMRRS: two singles, an odd first register
    ldr r1, =0x10203040
    ldr r2, =0x50607080
    fmsrr {s29, s30}, r1, r2
    fmrrs r5, r6, {s29, s30}
    fmrs r3, s29
    fmrs r4, s30
    expect %(n)d, r3, 0x10203040
    expect %(n)d, r4, 0x50607080
    expect %(n)d, r5, 0x10203040
    expect %(n)d, r6, 0x50607080
    @ %(n)d: FMRX FPSID
    fmrx r1, fpsid
    expect %(n)d, r1, 0x410120b5
    @ %(n)d: FMXR FPSCR keeps NZCV, DN, FZ, RMode, STRIDE, LEN and the flags only
    mvn r1, #0
    fmxr fpscr, r1
    fmrx r2, fpscr
    mov r1, #0
    fmxr fpscr, r1
    fmrx r3, fpscr
    expect %(n)d, r2, 0xf7f7009f
    expect %(n)d, r3, 0
    @ %(n)d: FMXR FPSID is ignored
    mov r1, #0
    fmxr fpsid, r1
    fmrx r2, fpsid
    expect %(n)d, r2, 0x410120b5
    @ %(n)d: FMSTAT copies FPSCR N Z C V to the CPSR
    ldr r1, =0x9fffffff
    and r1, r1, #0xf0000000
    orr r1, r1, #0x9f
    fmxr fpscr, r1
    msr cpsr_f, #0x60000000
    fmstat
    mrs r2, cpsr
    and r2, r2, #0xf0000000
    expect %(n)d, r2, 0x90000000
    mov r1, #0
    fmxr fpscr, r1
    @ %(n)d: FLDS, FSTS with positive and negative offsets
    ldr r1, =buf + 16
    ldr r2, =0xcafe0001
    str r2, [r1, #-8]
    flds s5, [r1, #-8]
    fsts s5, [r1, #12]
    ldr r3, [r1, #12]
    fmrs r4, s5
    expect %(n)d, r3, 0xcafe0001
    expect %(n)d, r4, 0xcafe0001
    @ %(n)d: FLDD: the low word at the lower address (little-endian data)
    ldr r1, =buf
    ldr r2, =0x03020100
    ldr r3, =0x07060504
    stmia r1, {r2, r3}
    fldd d2, [r1]
    fmrrd r4, r5, d2
    expect %(n)d, r4, 0x03020100
    expect %(n)d, r5, 0x07060504
    @ %(n)d: FSTD with the largest offset
    ldr r1, =buf
    ldr r2, =0x1234abcd
    ldr r3, =0x5678ef01
    fmdrr d9, r2, r3
    fstd d9, [r1, #1020]
    add r1, r1, #1020
    ldmia r1, {r4, r5}
    expect %(n)d, r4, 0x1234abcd
    expect %(n)d, r5, 0x5678ef01
    @ %(n)d: FLDS from a literal (base r15)
    flds s9, lit1
    fldd d6, lit2
    fmrs r1, s9
    fmrrd r2, r3, d6
    expect %(n)d, r1, 0x3fc00000
    expect %(n)d, r2, 0x00000001
    expect %(n)d, r3, 0x7ff00000
    b 1f
lit1: .word 0x3fc00000
lit2: .word 0x00000001, 0x7ff00000
1:
    @ %(n)d: big-endian data (SETEND BE): FLDD/FLDS/FSTD swap bytes, the high word comes first
    ldr r1, =buf
    ldr r2, =0x03020100
    ldr r3, =0x07060504
    stmia r1, {r2, r3}
    setend be
    fldd d3, [r1]
    flds s0, [r1, #4]
    fmdrr d4, r2, r3
    fstd d4, [r1, #8]
    fldmias r1, {s2}
    setend le
    fmrrd r4, r5, d3
    fmrs r6, s0
    fmrs r7, s2
    ldr r8, [r1, #8]
    ldr r10, [r1, #12]
    expect %(n)d, r4, 0x04050607
    expect %(n)d, r5, 0x00010203
    expect %(n)d, r6, 0x04050607
    expect %(n)d, r7, 0x00010203
    expect %(n)d, r8, 0x04050607
    expect %(n)d, r10, 0x00010203
    @ %(n)d: FSTMIAS with writeback, FLDMIAS without
    ldr r1, =buf
    ldr r2, =0xa0000001
    fmsr s3, r2
    add r2, r2, #1
    fmsr s4, r2
    add r2, r2, #1
    fmsr s5, r2
    fstmias r1!, {s3-s5}
    expect %(n)d, r1, buf + 12
    sub r1, r1, #12
    fldmias r1, {s20-s22}
    fmrs r4, s20
    fmrs r5, s22
    ldr r6, [r1, #4]
    expect %(n)d, r4, 0xa0000001
    expect %(n)d, r5, 0xa0000003
    expect %(n)d, r6, 0xa0000002
    @ %(n)d: FSTMDBD/FLDMIAD with writeback (vpush, vpop)
    mov r4, sp
    ldr r1, =0x11112222
    ldr r2, =0x33334444
    fmdrr d8, r1, r2
    fmdrr d9, r2, r1
    fstmdbd sp!, {d8-d9}
    sub r5, r4, sp
    ldr r6, [sp, #4]
    ldr r7, [sp, #8]
    fmdrr d8, r4, r4
    fmdrr d9, r4, r4
    fldmiad sp!, {d8-d9}
    sub r8, r4, sp
    fmrrd r1, r2, d9
    expect %(n)d, r5, 16
    expect %(n)d, r6, 0x33334444
    expect %(n)d, r7, 0x33334444
    expect %(n)d, r8, 0
    expect %(n)d, r1, 0x33334444
    expect %(n)d, r2, 0x11112222
    @ %(n)d: FSTMIAX, FLDMDBX: the X forms move one word more or less than their doubles
    ldr r1, =buf
    fmdrr d1, r1, r1
    fstmiax r1!, {d1}
    ldr r2, =buf
    sub r3, r1, r2
    fldmdbx r1!, {d2}
    sub r4, r1, r2
    expect %(n)d, r3, 12
    expect %(n)d, r4, 0
    fmrrd r5, r6, d2
    expect %(n)d, r5, buf
    @ %(n)d: FLDMIAS of all 32 singles, FSTMDBS of all 32
    ldr r1, =buf
    mov r2, #0
2:  str r2, [r1, r2, lsl #2]
    add r2, r2, #1
    cmp r2, #32
    bne 2b
    fldmias r1, {s0-s31}
    fmrs r3, s0
    fmrs r4, s31
    fmrs r5, s16
    expect %(n)d, r3, 0
    expect %(n)d, r4, 31
    expect %(n)d, r5, 16
    add r1, r1, #256
    fstmdbs r1!, {s0-s31}
    ldr r6, [r1, #124]
    expect %(n)d, r1, buf + 128
    expect %(n)d, r6, 31
    @ %(n)d: FLDMIAD of d0-d15 sees the words as s0-s31 did
    ldr r1, =buf
    fldmiad r1, {d0-d15}
    fmrrd r2, r3, d15
    expect %(n)d, r2, 30
    expect %(n)d, r3, 31
    @ %(n)d: loads and stores whose condition fails do nothing
    ldr r1, =buf
    ldr r2, =0x77777777
    fmsr s6, r2
    msr cpsr_f, #0
    fstseq s6, [r1]
    fldmiaseq r1!, {s0-s3}
    ldr r3, [r1]
    expect %(n)d, r3, 0
    expect %(n)d, r1, buf
'''

LDST_DATA = '''
    .data
    .align 3
buf:
    .space 2048
    .text
'''


# ---- short vectors ----

def vec_init():
    """Distinct single values in s0-s31 (as floats: 1, 2, ..., 32, with some
    sign and fraction changes)."""
    return [f32((i + 1) * (1.25 if i % 3 else 1.0) * (-1 if i % 5 == 4 else 1)) for i in range(32)]


def run_vector(regs, fpscr, kind, dp, d, n, m):
    """ARM ARM C5.1: the register sequences of a short-vector operation."""
    fmt = DP if dp else SP
    bank = 3 if dp else 7
    length = ((fpscr >> 16) & 7) + 1
    stride = 2 if ((fpscr >> 20) & 3) == 3 else 1
    scalar = length == 1 or (d & ~bank) == 0
    step_m = 0 if (m & ~bank) == 0 else stride
    flags = 0

    def get(r):
        return regs[2 * r] | regs[2 * r + 1] << 32 if dp else regs[r]

    def put(r, v):
        if dp:
            regs[2 * r], regs[2 * r + 1] = v & 0xffffffff, v >> 32
        else:
            regs[r] = v
    for _ in range(1 if scalar else length):
        r, f = vm.arith(kind, fpscr, fmt, get(d), get(n), get(m))
        put(d, r)
        flags |= f
        d = (d & ~bank) | ((d + stride) & bank)
        n = (n & ~bank) | ((n + stride) & bank)
        m = (m & ~bank) | ((m + step_m) & bank)
    return flags


VECTOR_CASES = [
    # (fpscr LEN/STRIDE bits, insn, kind, dp, d, n, m)
    (3 << 16, 'fadds s8, s16, s24', 'add', False, 8, 16, 24),
    (3 << 16, 'fadds s14, s22, s30', 'add', False, 14, 22, 30),
    (7 << 16, 'fmuls s16, s8, s3', 'mul', False, 16, 8, 3),
    (3 << 16, 'fadds s0, s16, s24', 'add', False, 0, 16, 24),
    (2 << 16, 'fmacs s9, s17, s25', 'mac', False, 9, 17, 25),
    (2 << 16, 'fnmscs s9, s9, s9', 'nmsc', False, 9, 9, 9),
    (1 << 16, 'fsubs s31, s7, s23', 'sub', False, 31, 7, 23),
    (3 << 16, 'fdivs s24, s16, s8', 'div', False, 24, 16, 8),
    (3 << 16, 'fcpys s12, s20', 'cpy', False, 12, 0, 20),
    (3 << 16, 'fabss s12, s4', 'abs', False, 12, 0, 4),
    (5 << 16, 'fnegs s26, s10', 'neg', False, 26, 0, 10),
    (3 << 16, 'fsqrts s8, s16', 'sqrt', False, 8, 0, 16),
    (3 << 16, 'fnegs s7, s10', 'neg', False, 7, 0, 10),
    (1 << 16, 'faddd d4, d8, d12', 'add', True, 4, 8, 12),
    (3 << 16, 'fmuld d6, d10, d14', 'mul', True, 6, 10, 14),
    (1 << 16 | 3 << 20, 'faddd d4, d8, d12', 'add', True, 4, 8, 12),
    (1 << 16 | 3 << 20, 'fnmacd d5, d9, d1', 'nmac', True, 5, 9, 1),
    (2 << 16, 'fmuld d12, d4, d0', 'mul', True, 12, 4, 0),
    (1 << 16, 'faddd d2, d8, d12', 'add', True, 2, 8, 12),
    (3 << 16, 'fcpyd d4, d1', 'cpy', True, 4, 0, 1),
    (1 << 16, 'fnegd d8, d2', 'neg', True, 8, 0, 2),
    (1 << 16, 'fsqrtd d13, d3', 'sqrt', True, 13, 0, 3),
]


def vector_hand():
    """Each check loads s0-s31, sets LEN and STRIDE, runs one instruction,
    and compares all 32 registers and FPSCR with the model."""
    init = vec_init()
    out = ['    b 1f', '    .align 2', 'vec_init:', '    .word ' + ', '.join('%#010x' % w for w in init)]
    checks = []
    for i, (bits, insn, kind, dp, d, n, m) in enumerate(VECTOR_CASES):
        regs = list(init)
        fpscr = bits | (i % 4) << 22
        flags = run_vector(regs, fpscr, kind, dp, d, n, m)
        out.append('vec_exp%d:' % i)
        out.append('    .word ' + ', '.join('%#010x' % w for w in regs))
        checks += [
            '    @ %%(n)d: LEN %d STRIDE %d: %s' % (((bits >> 16) & 7) + 1, 2 if bits >> 20 else 1, insn),
            '    ldr r0, =vec_init', '    fldmias r0, {s0-s31}',
            '    ldr r0, =%#x' % fpscr, '    fmxr fpscr, r0', '    ' + insn,
            '    fmrx r8, fpscr', '    mov r0, #0', '    fmxr fpscr, r0',
            '    ldr r0, =buf', '    fstmias r0, {s0-s31}', '    ldr r1, =vec_exp%d' % i,
            '    ldr r9, =%(n)d', '    bl cmp32', '    expect %%(n)d, r8, %#x' % (fpscr | flags)]
    out.append('1:')
    return '\n'.join(out + checks) + '''
    @ %(n)d: in vector mode compares and conversions stay scalar
    ldr r0, =vec_init
    fldmias r0, {s0-s31}
    ldr r0, =0x30000
    fmxr fpscr, r0
    fsitos s8, s16
    fcmps s12, s12
    fmrx r8, fpscr
    mov r0, #0
    fmxr fpscr, r0
    fmrs r1, s9
    ldr r2, =vec_init
    ldr r2, [r2, #36]
    cmp r1, r2
    ldrne r0, =%(n)d
    bne fail
    expect %(n)d, r8, 0x60030000
    b 2f
@ Compares 32 words at r0 and r1; fails check r9 on a difference.
cmp32:
    mov r2, #32
3:  ldr r3, [r0], #4
    ldr r4, [r1], #4
    cmp r3, r4
    bne fail_r9
    subs r2, r2, #1
    bne 3b
    bx lr
2:
'''


VECTOR_HAND = vector_hand()
