"""The MIPS side of scripts/difftest: groups, models and targets.

A target is one harness build: byte order, FR mode, register width and
ABI. Stream number i of a group runs on target i % (number of targets),
so every seed covers both byte orders (and for mips-fpu both FR modes).

- mips32, mips-fpu: o32 harness (32-bit registers) under duet's JIT and
  interpreter and qemu-mipsel / qemu-mips with the model's qemu CPU
  (4kc, 24kf; the MIPS64 models have none that runs o32).
- mips64: o32 harness with 64-bit registers (WIDE) under both engines on
  the MIPS64 model against the n64 harness under qemu-mips64el /
  qemu-mips64 (qemu runs MIPS64 code only as n64; the two harnesses write
  the same state), and the n64 harness under both engines too when duet
  runs n64 programs (tried on an empty case file; when it cannot, the
  report says so).
"""
import os
import shutil
import subprocess

from disasm import disassemble
from mipscase import FLAG_FPU, CASE_BYTES_OUT, canonical_signal_pc, pack_cases, split_states, describe_difference
from mips_streams import FPU, M64, MODELS, QEMU_CPU_O32, QEMU_CPU_N64, case_of, make_stream, unit_words
from gen_mips import mips32_body, mips32_one, mips64_body, mips64_one, setup_bases
from gen_mips_fpu import fpu_body, fpu_one, random_fprs, random_fcsr, setup_fpu_mem
from streams import stream_rng
from mips_exceptions import EXCEPTIONS

NAME = "MIPS"

# name: (needed features, default model, body, delay-slot instruction, FP state, 64-bit)
GROUPS = {
    "mips32": (set(), "24kf", mips32_body, mips32_one, False, False),
    "mips64": ({M64}, "mips64r2", mips64_body, mips64_one, False, True),
    "mips-fpu": ({FPU}, "24kf", fpu_body, fpu_one, True, False),
}
MAX_UNITS = 40


def default_cpu(group):
    return GROUPS[group][1]


def supported(group, cpu):
    return None if GROUPS[group][0] <= MODELS[cpu] else "%s lacks its features" % cpu


def build_stream(seed, group, index, cpu, fr):
    _, _, body, one, fpu, wide = GROUPS[group]
    rng = stream_rng(seed, group, index)
    features = MODELS[cpu]
    length = rng.randrange(1, MAX_UNITS + 1)
    if not fpu:
        return make_stream(rng, features, wide, body, one, length, fixed=setup_bases(rng))
    fixed, index_reg = setup_fpu_mem(rng)
    return make_stream(rng, features, False, body, one, length, fixed=fixed, fpr=random_fprs(rng, fr),
                       fcsr=random_fcsr(rng), fr=fr, fp_cc=True, index_reg=index_reg)


class Target:
    state_bytes = CASE_BYTES_OUT

    def __init__(self, group, cpu, big, fr, runners):
        self.group, self.cpu, self.big, self.fr = group, cpu, big, fr
        self.runners = runners
        self.flags = FLAG_FPU if FPU in MODELS[cpu] else 0
        self.label = "cpu %s, %s%s" % (cpu, "mips" if big else "mipsel",
                                       ", FR=%d" % fr if GROUPS[group][4] else "")

    def build_stream(self, seed, group, index):
        return build_stream(seed, group, index, self.cpu, self.fr)

    def case(self, stream, count=None):
        return case_of(stream, count)

    def pack(self, cases):
        return pack_cases(cases, self.flags, self.big)

    def split(self, blob):
        return split_states(blob)

    def describe(self, states, names):
        return describe_difference(states, names, self.big)

    def canonical(self, state, case):
        return canonical_signal_pc(state, case, self.big)

    def nunits(self, stream):
        return len(stream.units)

    def stream_text(self, stream):
        return "%d units" % len(stream.units)

    def unit_text(self, stream, k):
        words, addr = unit_words(stream, k)
        data = b"".join(w.to_bytes(4, "big" if self.big else "little") for w in words)
        arch = ("mips64" if GROUPS[self.group][5] else "mips") + ("be" if self.big else "")
        return addr, disassemble(data, arch, addr, " ".join("%08x" % w for w in words))


def harness(build, big, kind):
    return os.path.join(build, "tests", "diff", "harness_mips%s%s" % ("" if big else "el", kind))


def runs_n64(duet, prog):
    """Whether duet runs the n64 harness (on an empty case file), and why not."""
    empty = pack_cases([], 0, False)
    p = subprocess.run([duet, "user", prog], input=empty, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode == 0, p.stderr.decode(errors="replace").strip()


def qemu_path(a, name):
    if a.qemu == "none":
        return None
    q = shutil.which(name)
    if not q:
        raise SystemExit("difftest: %s not found (scripts/setup-deps installs it; --qemu none skips qemu)" % name)
    return q


def duet_runners(build, cpu, prog, suffix=""):
    duet = os.path.join(build, "duet")
    return [(e + suffix, [duet, "user", "-cpu", cpu, "--engine=" + e, prog]) for e in ("jit", "interp")]


def o32_targets(group, cpu, a, build):
    """mips32 and mips-fpu: the o32 harness in each byte order (and FR
    mode), under both engines and qemu."""
    fpu = GROUPS[group][4]
    out, progs = [], []
    for big in (False, True):
        for kind, fr in ([("", 0), ("_fr1", 1)] if fpu else [("", 0)]):
            prog = harness(build, big, kind)
            runners = duet_runners(build, cpu, prog)
            q = qemu_path(a, "qemu-mips" if big else "qemu-mipsel") if cpu in QEMU_CPU_O32 else None
            if q:
                runners.append(("qemu", [q, "-cpu", QEMU_CPU_O32[cpu], prog]))
            out.append(Target(group, cpu, big, fr, runners))
            progs.append(prog)
    notes = [] if cpu in QEMU_CPU_O32 else ["qemu has no o32 CPU like %s: the engines only" % cpu]
    return out, notes, progs


def wide_targets(group, cpu, a, build):
    """mips64: the o32 harness with 64-bit registers under both engines,
    the n64 harness under qemu-mips64(el), and under both engines too when
    duet runs n64 programs. Both harnesses write the same state."""
    out, progs, notes = [], [], []
    n64_ok, why = runs_n64(os.path.join(build, "duet"), harness(build, False, "_n64"))
    if not n64_ok:
        notes.append("duet cannot run the n64 harness yet (%s): duet runs the o32 one"
                     % (why.splitlines()[-1] if why else "no output"))
    for big in (False, True):
        o32, n64 = harness(build, big, "_wide"), harness(build, big, "_n64")
        runners = duet_runners(build, cpu, o32)
        if n64_ok:
            runners += duet_runners(build, cpu, n64, "-n64")
        q = qemu_path(a, "qemu-mips64" if big else "qemu-mips64el")
        if q:
            runners.append(("qemu-n64", [q, "-cpu", QEMU_CPU_N64[cpu], n64]))
        out.append(Target(group, cpu, big, 0, runners))
        progs += [o32, n64]
    return out, notes, progs


def targets(group, cpu, a, build):
    """The targets of group on cpu, notes on what is left out, and the
    programs they need."""
    if GROUPS[group][5]:
        return wide_targets(group, cpu, a, build)
    return o32_targets(group, cpu, a, build)
