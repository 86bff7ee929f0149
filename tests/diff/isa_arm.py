"""The ARM side of scripts/difftest: its groups and models, and the one
target (harness_arm under duet and qemu-arm) each group runs on."""
import os
import shutil

from disasm import disassemble

from diffcase import CASE_BYTES_OUT, pack_cases, split_states, describe_difference
from groups import GROUPS, build_stream, case_flags, group_supported
from streams import MODELS, QEMU_CPU, case_of, layout, stream_start
from arm_exceptions import EXCEPTIONS

NAME = "ARM"
DEFAULT_CPU = "arm1176"


def default_cpu(group):
    return DEFAULT_CPU


def supported(group, cpu):
    return None if group_supported(group, cpu) else "%s lacks its features" % cpu


class Target:
    """harness_arm on one model."""

    state_bytes = CASE_BYTES_OUT

    def __init__(self, cpu, runners):
        self.cpu, self.runners = cpu, runners
        self.flags = case_flags(cpu)
        self.label = "cpu %s" % cpu

    def build_stream(self, seed, group, index):
        return build_stream(seed, group, index, self.cpu)

    def case(self, stream, count=None):
        return case_of(stream, self.flags & 1, count)

    def pack(self, cases):
        return pack_cases(cases, self.flags)

    def split(self, blob):
        return split_states(blob)

    def describe(self, states, names):
        return describe_difference(states, names)

    def canonical(self, state, case):
        return state

    def nunits(self, stream):
        return len(stream.units)

    def stream_text(self, stream):
        return "%d units, %s" % (len(stream.units), "Thumb" if stream.thumb else "ARM")

    def unit_text(self, stream, k):
        words, addrs, _ = layout(stream, k + 1)
        size = 2 if stream.thumb else 4
        words = words[(addrs[k] - stream_start(stream.thumb)) // size:]
        data = b"".join(w.to_bytes(size, "little") for w in words)
        raw = " ".join("%0*x" % (2 * size, w) for w in words)
        return addrs[k], disassemble(data, "thumb" if stream.thumb else "arm", addrs[k], raw)


def targets(group, cpu, a, build):
    """The targets of group on cpu, and notes on what is left out."""
    duet = os.path.join(build, "duet")
    harness = os.path.join(build, "tests", "diff", "harness_arm")
    runners = [(e, [duet, "user", "-cpu", cpu, "--engine=" + e, harness]) for e in ("jit", "interp")]
    qcpu = QEMU_CPU[cpu]
    notes = []
    if a.qemu != "none" and qcpu:
        qemu = a.qemu or shutil.which("qemu-arm")
        if not qemu:
            raise SystemExit("difftest: qemu-arm not found (scripts/setup-deps installs it; --qemu none skips it)")
        runners.append(("qemu", [qemu, "-cpu", qcpu, harness]))
    return [Target(cpu, runners)], notes, [harness]


__all__ = ["GROUPS", "MODELS", "EXCEPTIONS"]
