"""The case file the ARM harness (harness_arm.S) reads and the state it writes.

A case file is a header of four words (magic, number of cases, flags, 0)
and then the cases, each:

  r0-r14, CPSR, FPSCR, d0-d15 (32 words, low word first), the memory
  window (WINDOW_WORDS words), the entry address (bit 0: Thumb), the
  number of code words, the code words.

All words are little-endian. The harness copies the code to CODE, the
window to WINDOW, enters at the entry address with everything loaded and
writes, per case, STATE_WORDS words of state then the window.
"""
import struct

MAGIC = 0x46464944          # "DIFF"
FLAG_VFP = 1                # load and save the VFP registers and FPSCR
FLAG_EXCL = 2               # the CPU has STREX: clear the monitor before each case

REGION = 0x30000000         # data page (the save area), then the code page
SAVE = REGION + 0xE00       # where the epilogue stores the final state
SAVE_SELF = SAVE + 0xF0     # holds SAVE, for the epilogue to reach it
SAVE_RETURN = SAVE + 0xF4   # holds the harness's address to return to
CODE = REGION + 0x1000
CODE_MAX = 0xD00            # bytes of code (the epilogue reaches SAVE pc-relatively)
WINDOW = 0x31000000
WINDOW_WORDS = 256
WINDOW_BYTES = WINDOW_WORDS * 4
STATE_WORDS = 49            # r0-r14, CPSR, FPSCR, d0-d15
CASE_BYTES_OUT = (STATE_WORDS + WINDOW_WORDS) * 4

# What of CPSR the comparison looks at: N Z C V Q and GE, which the streams
# change, E (SETEND, MSR), and the A, I, F, T and mode bits, which CPS and
# MSR in user mode must leave as they are. The rest is reserved.
CPSR_COMPARED = 0xF80F03FF


def pack_cases(cases, flags):
    """cases: list of dicts with regs, cpsr, fpscr, vfp, window, entry, code."""
    out = [struct.pack("<4I", MAGIC, len(cases), flags, 0)]
    for c in cases:
        words = list(c["regs"]) + [c["cpsr"], c["fpscr"]] + list(c["vfp"]) + list(c["window"])
        words += [c["entry"], len(c["code"])] + list(c["code"])
        out.append(struct.pack("<%dI" % len(words), *words))
    return b"".join(out)


def split_states(blob):
    """The harness output cut into one bytes object per case."""
    n = len(blob) // CASE_BYTES_OUT
    return [blob[i * CASE_BYTES_OUT:(i + 1) * CASE_BYTES_OUT] for i in range(n)]


def decode_state(raw):
    """One case's output as named fields."""
    w = struct.unpack("<%dI" % (len(raw) // 4), raw)
    return {
        "regs": w[0:15], "cpsr": w[15] & CPSR_COMPARED, "fpscr": w[16],
        "vfp": w[17:49], "window": w[49:49 + WINDOW_WORDS],
    }


def describe_difference(states, names):
    """Lines naming each field where the runners' states differ."""
    dec = [decode_state(s) for s in states]
    lines = []

    def field(label, values):
        if len(set(values)) > 1:
            lines.append("  %-8s " % label + "  ".join("%s=%08x" % (n, v) for n, v in zip(names, values)))

    for r in range(15):
        field("r%d" % r, [d["regs"][r] for d in dec])
    field("cpsr", [d["cpsr"] for d in dec])
    field("fpscr", [d["fpscr"] for d in dec])
    for i in range(32):
        field("s%d" % i, [d["vfp"][i] for d in dec])
    for i in range(WINDOW_WORDS):
        field("[%08x]" % (WINDOW + 4 * i), [d["window"][i] for d in dec])
    return lines
