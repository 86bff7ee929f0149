"""A model of VFPv2 arithmetic (ARM ARM DDI 0100I, part C) for gen.py.

Values are exact rationals (fractions.Fraction), rounded to the format in
the mode FPSCR.RMode selects; nothing here uses the host's floating point.
Operands and results are bit patterns (ints). Every operation takes the
FPSCR value it runs under and returns (result, flags), flags being the
FPSCR cumulative exception bits it raises.

The rules modelled, besides IEEE 754 rounding:
  - tininess is detected before rounding; underflow (UFC) is raised for a
    tiny result only when it is also inexact;
  - flush-to-zero (FZ): denormal operands are zeros of their sign and raise
    IDC; tiny results become zeros of their sign and raise UFC, not IXC;
  - NaNs: a signalling NaN operand raises IOC; the result is the first
    signalling NaN operand, else the first quiet one, quieted; with
    default-NaN mode (DN) it is the default NaN; an invalid operation gives
    the default NaN (positive, only the top fraction bit set);
  - FMAC and its relatives round the product, then add it to (the negation
    of) Fd with Fd as the first operand; FNMUL negates the rounded product;
  - conversions to integer saturate and give 0 for NaN, raising IOC alone.
"""
from fractions import Fraction as F
from math import isqrt

IOC, DZC, OFC, UFC, IXC, IDC = 1, 2, 4, 8, 0x10, 0x80
FZ, DN = 1 << 24, 1 << 25
RN, RP, RM, RZ = 0, 1, 2, 3
MODE_NAMES = ['RN', 'RP', 'RM', 'RZ']


def rmode(fpscr):
    return (fpscr >> 22) & 3


class Fmt:
    def __init__(self, name, ebits, fbits):
        self.name = name
        self.ebits, self.fbits = ebits, fbits
        self.bias = (1 << (ebits - 1)) - 1
        self.emin, self.emax = 1 - self.bias, self.bias
        self.width = 1 + ebits + fbits
        self.sign = 1 << (self.width - 1)
        self.expmask = ((1 << ebits) - 1) << fbits
        self.fracmask = (1 << fbits) - 1
        self.qbit = 1 << (fbits - 1)
        self.dnan = self.expmask | self.qbit
        self.inf = self.expmask
        self.minnorm = F(2) ** self.emin
        self.maxfin = self.expmask - (1 << fbits) | self.fracmask

    def is_nan(self, v):
        return (v & ~self.sign) > self.expmask

    def is_snan(self, v):
        return self.is_nan(v) and not v & self.qbit

    def is_inf(self, v):
        return (v & ~self.sign) == self.expmask

    def is_zero(self, v):
        return (v & ~self.sign) == 0

    def is_denormal(self, v):
        return (v & self.expmask) == 0 and (v & self.fracmask) != 0

    def neg(self, v):
        return v & self.sign != 0

    def value(self, v):
        """The exact value of a finite v."""
        e = (v & self.expmask) >> self.fbits
        m = v & self.fracmask
        if e == 0:
            x = F(m) * F(2) ** (self.emin - self.fbits)
        else:
            x = F(m | 1 << self.fbits) * F(2) ** (e - self.bias - self.fbits)
        return -x if self.neg(v) else x

    def zero(self, negative):
        return self.sign if negative else 0

    def infinity(self, negative):
        return self.inf | (self.sign if negative else 0)


SP = Fmt('s', 8, 23)
DP = Fmt('d', 11, 52)


def floor_log2(a):
    """e with 2^e <= a < 2^(e+1), for a > 0."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if F(2) ** e > a:
        e -= 1
    return e


def round_integer(x, mode):
    """x (a Fraction) rounded to an integer in mode; (n, inexact)."""
    n = x.numerator // x.denominator   # floor
    rem = x - n
    if rem == 0:
        return n, False
    if mode == RN:
        up = rem > F(1, 2) or (rem == F(1, 2) and n & 1)
    elif mode == RP:
        up = True
    elif mode == RM:
        up = False
    else:
        up = x < 0   # towards zero: floor for positive, ceiling for negative
    return n + (1 if up else 0), True


def round_value(x, fmt, fpscr):
    """Rounds a nonzero exact value; (bits, flags) under FZ and RMode."""
    mode = rmode(fpscr)
    neg = x < 0
    a = -x if neg else x
    tiny = a < fmt.minnorm
    if tiny and fpscr & FZ:
        return fmt.zero(neg), UFC
    e = max(floor_log2(a), fmt.emin)
    q = F(2) ** (e - fmt.fbits)
    # Round the magnitude: directed modes by the sign of x.
    m, inexact = round_integer(a / q, {RN: RN, RZ: RZ, RP: RM if neg else RP,
                                       RM: RP if neg else RM}[mode])
    flags = IXC if inexact else 0
    if tiny and inexact:
        flags |= UFC
    if m == 1 << (fmt.fbits + 1):
        m >>= 1
        e += 1
    if e > fmt.emax:
        flags |= OFC | IXC
        to_inf = mode == RN or (mode == RP and not neg) or (mode == RM and neg)
        return (fmt.infinity(neg) if to_inf else fmt.maxfin | (fmt.sign if neg else 0)), flags
    if m < 1 << fmt.fbits:   # denormal (or zero)
        bits = m
    else:
        bits = (e + fmt.bias) << fmt.fbits | (m - (1 << fmt.fbits))
    return bits | (fmt.sign if neg else 0), flags


class Op:
    """One operation's state: FPSCR in, flags out."""

    def __init__(self, fpscr):
        self.fpscr = fpscr
        self.flags = 0

    def squash(self, v, fmt):
        if self.fpscr & FZ and fmt.is_denormal(v):
            self.flags |= IDC
            return v & fmt.sign
        return v

    def quiet(self, v, fmt):
        if fmt.is_snan(v):
            self.flags |= IOC
        return fmt.dnan if self.fpscr & DN else v | fmt.qbit

    def nan2(self, a, b, fmt):
        if fmt.is_snan(a) or fmt.is_snan(b):
            self.flags |= IOC
        pick = a if fmt.is_snan(a) else b if fmt.is_snan(b) else a if fmt.is_nan(a) else b
        return fmt.dnan if self.fpscr & DN else pick | fmt.qbit

    def invalid(self, fmt):
        self.flags |= IOC
        return fmt.dnan

    def rounded(self, x, fmt):
        r, f = round_value(x, fmt, self.fpscr)
        self.flags |= f
        return r

    # ---- the operations; operands already squashed and not NaN ----

    def add_values(self, a, b, fmt):
        if fmt.is_inf(a) or fmt.is_inf(b):
            if fmt.is_inf(a) and fmt.is_inf(b) and fmt.neg(a) != fmt.neg(b):
                return self.invalid(fmt)
            return a if fmt.is_inf(a) else b
        x = fmt.value(a) + fmt.value(b)
        if x != 0:
            return self.rounded(x, fmt)
        if fmt.is_zero(a) and fmt.is_zero(b) and fmt.neg(a) == fmt.neg(b):
            return a
        return fmt.zero(rmode(self.fpscr) == RM)

    def mul_values(self, a, b, fmt):
        neg = fmt.neg(a) != fmt.neg(b)
        if fmt.is_inf(a) or fmt.is_inf(b):
            if fmt.is_zero(a) or fmt.is_zero(b):
                return self.invalid(fmt)
            return fmt.infinity(neg)
        if fmt.is_zero(a) or fmt.is_zero(b):
            return fmt.zero(neg)
        return self.rounded(fmt.value(a) * fmt.value(b), fmt)

    def div_values(self, a, b, fmt):
        neg = fmt.neg(a) != fmt.neg(b)
        if fmt.is_inf(a):
            return self.invalid(fmt) if fmt.is_inf(b) else fmt.infinity(neg)
        if fmt.is_inf(b):
            return fmt.zero(neg)
        if fmt.is_zero(b):
            if fmt.is_zero(a):
                return self.invalid(fmt)
            self.flags |= DZC
            return fmt.infinity(neg)
        if fmt.is_zero(a):
            return fmt.zero(neg)
        return self.rounded(fmt.value(a) / fmt.value(b), fmt)

    def binop(self, kind, a, b, fmt):
        a, b = self.squash(a, fmt), self.squash(b, fmt)
        if fmt.is_nan(a) or fmt.is_nan(b):
            return self.nan2(a, b, fmt)
        if kind == 'sub':
            return self.add_values(a, b ^ fmt.sign, fmt)
        return {'add': self.add_values, 'mul': self.mul_values,
                'div': self.div_values}[kind](a, b, fmt)

    def sqrt(self, a, fmt):
        a = self.squash(a, fmt)
        if fmt.is_nan(a):
            return self.quiet(a, fmt)
        if fmt.is_zero(a):
            return a
        if fmt.neg(a):
            return self.invalid(fmt)
        if fmt.is_inf(a):
            return a
        x = fmt.value(a)
        p = 1100   # 2^-p is finer than any rounding boundary of either format
        scaled = x * F(2) ** (2 * p)
        assert scaled.denominator == 1
        s = isqrt(scaled.numerator)
        y = F(s, 2 ** p) if s * s == scaled else F(2 * s + 1, 2 ** (p + 1))
        return self.rounded(y, fmt)


def arith(kind, fpscr, fmt, d, n, m):
    """The data-processing instruction kind ('add', 'sub', 'mul', 'div',
    'nmul', 'mac', 'nmac', 'msc', 'nmsc', 'abs', 'neg', 'cpy', 'sqrt') with
    Fd = d, Fn = n, Fm = m; (result, flags)."""
    o = Op(fpscr)
    if kind in ('add', 'sub', 'mul', 'div'):
        r = o.binop(kind, n, m, fmt)
    elif kind == 'nmul':
        r = o.binop('mul', n, m, fmt) ^ fmt.sign
    elif kind in ('mac', 'nmac', 'msc', 'nmsc'):
        p = o.binop('mul', n, m, fmt)
        if kind in ('nmac', 'nmsc'):
            p ^= fmt.sign
        if kind in ('msc', 'nmsc'):
            d ^= fmt.sign
        r = o.binop('add', d, p, fmt)
    elif kind == 'abs':
        r = m & ~fmt.sign
    elif kind == 'neg':
        r = m ^ fmt.sign
    elif kind == 'cpy':
        r = m
    elif kind == 'sqrt':
        r = o.sqrt(m, fmt)
    else:
        raise ValueError(kind)
    return r, o.flags


def compare(fpscr, fmt, a, b, signalling):
    """FCMP(E)(Z): (NZCV as a 4-bit value, flags)."""
    o = Op(fpscr)
    a, b = o.squash(a, fmt), o.squash(b, fmt)
    if fmt.is_nan(a) or fmt.is_nan(b):
        if signalling or fmt.is_snan(a) or fmt.is_snan(b):
            o.flags |= IOC
        return 0x3, o.flags

    def val(v):
        if fmt.is_inf(v):
            return F(-1 if fmt.neg(v) else 1) * F(2) ** 5000
        return fmt.value(v)
    x, y = val(a), val(b)
    return (0x6 if x == y else 0x8 if x < y else 0x2), o.flags


def convert_ff(fpscr, src, dst, a):
    """FCVTDS (src SP) and FCVTSD (src DP)."""
    o = Op(fpscr)
    a = o.squash(a, src)
    if src.is_nan(a):
        if src.is_snan(a):
            o.flags |= IOC
        if fpscr & DN:
            return dst.dnan, o.flags
        a |= src.qbit
        sign = dst.sign if src.neg(a) else 0
        frac = a & src.fracmask
        frac = frac << (dst.fbits - src.fbits) if dst.fbits > src.fbits else frac >> (src.fbits - dst.fbits)
        return sign | dst.expmask | frac, o.flags
    if src.is_inf(a):
        return dst.infinity(src.neg(a)), o.flags
    if src.is_zero(a):
        return dst.zero(src.neg(a)), o.flags
    return o.rounded(src.value(a), dst), o.flags


def to_int(fpscr, fmt, a, signed, round_to_zero):
    """FTOSI(Z), FTOUI(Z): (32-bit result, flags)."""
    o = Op(fpscr)
    a = o.squash(a, fmt)
    lo, hi = (-(1 << 31), (1 << 31) - 1) if signed else (0, (1 << 32) - 1)
    if fmt.is_nan(a):
        return 0, IOC | o.flags
    if fmt.is_inf(a):
        return (lo if fmt.neg(a) else hi) & 0xffffffff, IOC | o.flags
    n, inexact = round_integer(fmt.value(a), RZ if round_to_zero else rmode(fpscr))
    if n < lo or n > hi:
        return (lo if n < lo else hi) & 0xffffffff, IOC | o.flags
    return n & 0xffffffff, (IXC if inexact else 0) | o.flags


def from_int(fpscr, fmt, w, signed):
    """FSITO, FUITO of the 32-bit word w."""
    x = w - (1 << 32) if signed and w >> 31 else w
    if x == 0:
        return 0, 0
    r, f = round_value(F(x), fmt, fpscr & ~FZ)
    return r, f
