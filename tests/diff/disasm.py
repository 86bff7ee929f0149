"""Disassembly of a differing instruction for difftest's reports (cstool)."""
import shutil
import subprocess


def disassemble(data, arch, addr, raw):
    """cstool's text for the bytes data at addr, or raw (the words in hex)
    when cstool is missing or rejects them."""
    cstool = shutil.which("cstool")
    if not cstool:
        return raw + " (cstool not found)"
    out = subprocess.run([cstool, arch, data.hex(), "%x" % addr],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    return " | ".join(line.strip() for line in out.splitlines() if line.strip()) or \
        raw + " (not an instruction to Capstone)"
