#!/usr/bin/env python3
"""Runs one guest program under duet, on each CPU model it declares.

  run.py DUET ENGINE PROGRAM [--cpu MODEL] [--source-dir DIR] [--qemu QEMU]
         [--log CAT:TEXT] [--log-count N] [--sysroot DIR] [--expect-signal N]
         [--qemu-cpu MODEL]

Without --qemu the program checks itself: on each of its models it must
print "ok" and exit 0, and on each model of its SIGILL list it must die by
SIGILL (an instruction that model lacks) before printing anything. With
--expect-signal it must instead die by host signal N on its models.
--qemu-cpu names the CPU for the reference where its name differs from
duet's.
With --qemu its output and exit status must equal those under the reference.
With --log, duet also runs with "-d CAT" and its log must contain TEXT
(exactly N times with --log-count N).
With --sysroot, both duet and the reference run with "-L DIR" (the guest's
root, where a dynamically linked program's interpreter and libraries are).
With --big-env, the program runs with about 5 MB more environment
(BIGENV_0..49, 100000 bytes each) and no stack limit (the hard limit, which
must allow that much; the test is skipped otherwise).

The models come from --cpu, or else from the first two lines of PROGRAM's
source in DIR (PROGRAM.S or PROGRAM.c):

  @ cpu: arm7tdmi arm926 arm1136 arm1176
  @ sigill: arm7tdmi arm926

("//" instead of "@" in C). The first line lists the models the program
runs on; the optional second line the models that must stop it with
SIGILL. --cpu MODEL overrides both: the program runs on MODEL alone.
Without either, duet's default model is used.
"""
import argparse
import os
import resource
import signal
import subprocess
import tempfile
import sys


def models_from_source(program):
    """(models, sigill models) from the source's header, or None."""
    for ext in (".S", ".c"):
        src = program + ext
        if not os.path.exists(src):
            continue
        with open(src) as f:
            first, second = f.readline(), f.readline()
        if "cpu:" not in first:
            return None
        sigill = second.split("sigill:")[1].split() if "sigill:" in second else []
        return first.split("cpu:")[1].split(), sigill
    return None


# The environment and stack limit of --big-env: the host's execve takes at
# most a quarter of the stack limit for the strings.
BIG_ENV = {"BIGENV_%d" % i: "y" * 100000 for i in range(50)}
BIG_ENV_STACK = 32 << 20


def big_env_limits():
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))


def big_env_possible():
    hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
    return hard == resource.RLIM_INFINITY or hard >= BIG_ENV_STACK


def run(cmd, big_env=False):
    env = dict(os.environ, **BIG_ENV) if big_env else None
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, env=env,
                       preexec_fn=big_env_limits if big_env else None)
    return p.returncode, p.stdout, p.stderr


def died_by(rc, sig):
    # duet ends the way the guest ended: it raises the guest's signal.
    return rc in (-sig, 128 + sig)


def run_one(a, cpu, want_sigill):
    """Runs the program on one model (None: duet's default); returns a
    failure message or None."""
    cpu_args = ["-cpu", cpu] if cpu else []
    root_args = ["-L", a.sysroot] if a.sysroot else []
    log_args, log_path = [], None
    if a.log:
        fd, log_path = tempfile.mkstemp(prefix="duet-log-")
        os.close(fd)
        log_args = ["-d", a.log.split(":", 1)[0], "-D", log_path]
    rc, out, err = run([a.duet, "user", "--engine=" + a.engine] + cpu_args + root_args + log_args
                       + [a.program], a.big_env)
    if log_path:
        with open(log_path, errors="replace") as f:
            text = f.read()
        os.unlink(log_path)
        want_text = a.log.split(":", 1)[1]
        if want_text not in text:
            return "FAIL %s (%s, cpu %s): log of -d %s lacks %r; it begins %r" % (
                a.program, a.engine, cpu, a.log, want_text, text[:500])
        if a.log_count is not None and text.count(want_text) != a.log_count:
            return "FAIL %s (%s, cpu %s): log of -d %s has %r %d times, not %d" % (
                a.program, a.engine, cpu, a.log, want_text, text.count(want_text), a.log_count)
    if a.qemu:
        qcpu_args = ["-cpu", a.qemu_cpu] if a.qemu_cpu else cpu_args
        qrc, qout, _ = run([a.qemu] + qcpu_args + root_args + [a.program], a.big_env)
        ok = (rc, out) == (qrc, qout)
        want = "status %d, output %r" % (qrc, qout[:2000])
    elif want_sigill:
        ok = died_by(rc, signal.SIGILL) and out == b""
        want = "death by SIGILL and no output"
    elif a.expect_signal:
        ok = died_by(rc, a.expect_signal)
        want = "death by signal %d" % a.expect_signal
    else:
        ok = rc == 0 and out == b"ok\n"
        want = 'status 0 and "ok"'
    if ok:
        return None
    return "FAIL %s (%s, cpu %s): status %d, output %r, stderr %r; wanted %s" % (
        a.program, a.engine, cpu, rc, out[:2000], err[:2000], want)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("duet")
    ap.add_argument("engine")
    ap.add_argument("program")
    ap.add_argument("--cpu")
    ap.add_argument("--qemu")
    ap.add_argument("--source-dir")
    ap.add_argument("--log")
    ap.add_argument("--log-count", type=int)
    ap.add_argument("--sysroot")
    ap.add_argument("--expect-signal", type=int)
    ap.add_argument("--qemu-cpu")
    ap.add_argument("--big-env", action="store_true")
    a = ap.parse_args()
    if a.big_env and not big_env_possible():
        sys.stdout.write("SKIP %s: the hard stack limit is below %d MiB\n" % (a.program, BIG_ENV_STACK >> 20))
        return 77
    models, sigill = [None], []
    if a.cpu:
        models = [a.cpu]
    elif a.source_dir:
        found = models_from_source(os.path.join(a.source_dir, os.path.basename(a.program)))
        if found:
            models, sigill = found
            if not models:
                sys.stdout.write("FAIL %s: its source names no CPU model\n" % a.program)
                return 1
    if a.qemu:
        sigill = []
    runs = [(m, False) for m in models] + [(m, True) for m in sigill]
    failures = [msg for msg in (run_one(a, m, s) for m, s in runs) if msg]
    for msg in failures:
        sys.stdout.write(msg + "\n")
    if not failures:
        sys.stdout.write("%s (%s): ok on %s%s\n" % (
            a.program, a.engine, " ".join(m or "default" for m in models),
            "; SIGILL on " + " ".join(sigill) if sigill else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
