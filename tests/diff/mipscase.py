"""The case file the MIPS harness (harness_mips.S) reads and the state it writes.

A case file is a header of four words (magic, number of cases, flags, 0)
and then the cases, each 8-byte aligned:

  $0-$31, HI, LO, $f0-$f31 (8 bytes each), FCSR, the number of code
  words, the memory window (WINDOW_WORDS words), the code words.

Everything is in the guest's byte order. A register is a 64-bit slot: the
32-bit harness reads and writes the low word (the high word of its output
stays 0); with FR=0 an FP register is the low word of its slot. The
harness writes, per case, STATE_BYTES of state then the window: status (0,
or the signal the stream raised), the pc of that signal (from CODE), the
registers, HI, LO, the FP registers, FCSR and the number of conditional
traps that fired (SIGTRAP, after which the stream goes on).
"""
import struct

MAGIC = 0x4D444946          # "FIDM" read as a little-endian word
FLAG_FPU = 1                # load and save the FP registers and FCSR

REGION = 0x30000000
CODE = REGION + 0x1000
CODE_MAX = 0x1000
WINDOW = 0x31000000
WINDOW_WORDS = 256
WINDOW_BYTES = WINDOW_WORDS * 4
STATE_BYTES = 544
CASE_BYTES_OUT = STATE_BYTES + WINDOW_BYTES

# Registers the streams leave alone: $k0 and $k1 (see the harness).
K0, K1 = 26, 27

SIGNALS = {4: "SIGILL", 5: "SIGTRAP", 8: "SIGFPE", 10: "SIGBUS", 11: "SIGSEGV"}


def pack_cases(cases, flags, big):
    """cases: dicts with gpr (32), hi, lo, fpr (32), fcsr, window, code."""
    e = ">" if big else "<"
    out = [struct.pack(e + "4I", MAGIC, len(cases), flags, 0)]
    for c in cases:
        out.append(struct.pack(e + "34Q", *[v & (2**64 - 1) for v in list(c["gpr"]) + [c["hi"], c["lo"]]]))
        out.append(struct.pack(e + "32Q", *c["fpr"]))
        code = list(c["code"])
        out.append(struct.pack(e + "2I", c["fcsr"], len(code)))
        out.append(struct.pack(e + "%dI" % WINDOW_WORDS, *c["window"]))
        if len(code) % 2:
            code.append(0)
        out.append(struct.pack(e + "%dI" % len(code), *code))
    return b"".join(out)


def split_states(blob):
    n = len(blob) // CASE_BYTES_OUT
    return [blob[i * CASE_BYTES_OUT:(i + 1) * CASE_BYTES_OUT] for i in range(n)]


def decode_state(raw, big):
    e = ">" if big else "<"
    status, pc = struct.unpack(e + "2I", raw[0:8])
    regs = struct.unpack(e + "34Q", raw[8:280])
    fpr = struct.unpack(e + "32Q", raw[280:536])
    fcsr, traps = struct.unpack(e + "2I", raw[536:544])
    window = struct.unpack(e + "%dI" % WINDOW_WORDS, raw[STATE_BYTES:])
    return {"status": status, "pc": pc, "gpr": regs[:32], "hi": regs[32], "lo": regs[33],
            "fpr": fpr, "fcsr": fcsr, "traps": traps, "window": window}


def canonical_signal_pc(state, case, big):
    """state with the pc of a signal raised in a delay slot moved to its
    branch, where Linux reports it (EPC with Cause.BD; qemu-user reports
    the slot, see mips_exceptions.py). case["slots"]: delay slot offset ->
    branch offset, from CODE."""
    if len(state) != CASE_BYTES_OUT:
        return state
    e = ">" if big else "<"
    status, pc = struct.unpack(e + "2I", state[0:8])
    if not status or pc not in case["slots"]:
        return state
    return state[0:4] + struct.pack(e + "I", case["slots"][pc]) + state[8:]


def describe_difference(states, names, big):
    """Lines naming each field where the runners' states differ."""
    dec = [decode_state(s, big) for s in states]
    lines = []

    def field(label, values, width=16):
        if len(set(values)) > 1:
            lines.append("  %-12s " % label + "  ".join("%s=%0*x" % (n, width, v) for n, v in zip(names, values)))

    if len({d["status"] for d in dec}) > 1 or len({d["pc"] for d in dec}) > 1:
        lines.append("  signal       " + "  ".join(
            "%s=%s" % (n, "%s at 0x%08x" % (SIGNALS.get(d["status"], d["status"]), CODE + d["pc"])
                       if d["status"] else "none") for n, d in zip(names, dec)))
    for r in range(32):
        field("$%d" % r, [d["gpr"][r] for d in dec])
    field("hi", [d["hi"] for d in dec])
    field("lo", [d["lo"] for d in dec])
    for i in range(32):
        field("$f%d" % i, [d["fpr"][i] for d in dec])
    field("fcsr", [d["fcsr"] for d in dec], 8)
    field("traps", [d["traps"] for d in dec], 8)
    for i in range(WINDOW_WORDS):
        field("[%08x]" % (WINDOW + 4 * i), [d["window"][i] for d in dec], 8)
    return lines
