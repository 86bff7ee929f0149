#!/usr/bin/env python3
"""Runs one guest program under duet.

  run.py DUET ENGINE PROGRAM [--cpu MODEL] [--qemu QEMU] [--log CAT:TEXT] [--sysroot DIR]
         [--expect-signal N] [--qemu-cpu MODEL]

Without --qemu the program checks itself: it must print "ok" and exit 0.
With --expect-signal the program must end by host signal N (an instruction
the CPU model lacks: SIGILL). --qemu-cpu names the CPU for the reference
where its name differs from duet's.
With --qemu its output and exit status must equal those under the reference.
With --log, duet also runs with "-d CAT" and its log must contain TEXT.
With --sysroot, both duet and the reference run with "-L DIR" (the guest's
root, where a dynamically linked program's interpreter and libraries are).
The CPU comes from --cpu, or from a first-line comment "@ cpu: MODEL" (or
"// cpu: MODEL") in PROGRAM's source next to it (PROGRAM.S or PROGRAM.c).
"""
import argparse
import os
import subprocess
import tempfile
import sys


def cpu_from_source(program):
    base = os.path.basename(program)
    for d in (os.path.dirname(program),):
        for ext in (".S", ".c"):
            src = os.path.join(d, base + ext)
            if os.path.exists(src):
                first = open(src).readline()
                if "cpu:" in first:
                    return first.split("cpu:")[1].split()[0]
    return None


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("duet")
    ap.add_argument("engine")
    ap.add_argument("program")
    ap.add_argument("--cpu")
    ap.add_argument("--qemu")
    ap.add_argument("--source-dir")
    ap.add_argument("--log")
    ap.add_argument("--sysroot")
    ap.add_argument("--expect-signal", type=int)
    ap.add_argument("--qemu-cpu")
    a = ap.parse_args()
    cpu = a.cpu
    if not cpu and a.source_dir:
        cpu = cpu_from_source(os.path.join(a.source_dir, os.path.basename(a.program)))
    cpu_args = ["-cpu", cpu] if cpu else []
    root_args = ["-L", a.sysroot] if a.sysroot else []
    log_args, log_path = [], None
    if a.log:
        fd, log_path = tempfile.mkstemp(prefix="duet-log-")
        os.close(fd)
        log_args = ["-d", a.log.split(":", 1)[0], "-D", log_path]
    rc, out, err = run([a.duet, "user", "--engine=" + a.engine] + cpu_args + root_args + log_args + [a.program])
    if log_path:
        text = open(log_path, errors="replace").read()
        os.unlink(log_path)
        if a.log.split(":", 1)[1] not in text:
            sys.stdout.write("FAIL %s: log of -d %s lacks %r; it begins %r\n"
                             % (a.program, a.log, a.log.split(":", 1)[1], text[:500]))
            return 1
    if a.qemu:
        qcpu_args = ["-cpu", a.qemu_cpu] if a.qemu_cpu else cpu_args
        qrc, qout, _ = run([a.qemu] + qcpu_args + root_args + [a.program])
        ok = (rc, out) == (qrc, qout)
        want = "status %d, output %r" % (qrc, qout[:2000])
    elif a.expect_signal:
        ok = rc == -a.expect_signal
        want = "death by signal %d" % a.expect_signal
    else:
        ok = rc == 0 and out == b"ok\n"
        want = 'status 0 and "ok"'
    if not ok:
        sys.stdout.write("FAIL %s (%s, cpu %s): status %d, output %r, stderr %r; wanted %s\n"
                         % (a.program, a.engine, cpu, rc, out[:2000], err[:2000], want))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
