#!/usr/bin/env python3
"""Runs a shell script with Debian's busybox-static for a guest architecture
under duet and under the reference qemu-user; their outputs and exit
statuses must be identical.

  run.py DUET ENGINE FETCH_SCRIPT ARCH CPU QEMU SCRIPT

CPU is the model for both, or DUET_MODEL:QEMU_MODEL where qemu names it
otherwise.
"""
import subprocess
import sys


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    return p.returncode, p.stdout


def main():
    duet, engine, fetch, arch, cpu, qemu, script = sys.argv[1:8]
    cpu, _, qemu_cpu = cpu.partition(":")
    f = subprocess.run([fetch, arch, "busybox-static"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=600)
    if f.returncode != 0:
        sys.stdout.write("FAIL: fetching busybox-static for %s: %s\n" % (arch, f.stderr.decode()[-2000:]))
        return 1
    busybox = f.stdout.decode().strip() + "/bin/busybox"
    want = run([qemu, "-cpu", qemu_cpu or cpu, busybox, "sh", script])
    got = run([duet, "user", "-cpu", cpu, "--engine=" + engine, busybox, "sh", script])
    if got != want:
        sys.stdout.write("FAIL: duet (%s) status %d, qemu status %d\n--- duet\n%s\n--- qemu\n%s\n"
                         % (engine, got[0], want[0], got[1].decode(errors="replace"),
                            want[1].decode(errors="replace")))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
