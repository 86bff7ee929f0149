#!/usr/bin/env python3
"""Builds the bench workloads for every guest and natively.

  bench/build.py [--guests arm,thumb,...] [--workloads sha256,...] [--out DIR]
  bench/build.py --compile GUEST SOURCE OUTPUT

Binaries go to DIR (default bench/out, git-ignored) as WORKLOAD-GUEST, with
WORKLOAD-native for the host. A binary is rebuilt when its sources or its
command line changed. The guest table here is shared with bench/run."""
import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
SRC_DIR = os.path.join(BENCH_DIR, "src")
DEFAULT_OUT = os.path.join(BENCH_DIR, "out")

WORKLOADS = ["sha256", "crc32", "lz77", "sort", "ptrchase", "vm", "matint", "matfp",
             "strings", "bigcode"]
# bigcode.c is generated: this many functions, each run once at the default size.
BIGCODE_FUNCS = 2000

COMMON_FLAGS = ["-O2", "-static", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror"]

# name: compiler, its flags, the Debian package that provides it, qemu-user
# binary, -cpu for qemu and duet (None: the default model), and the ISA.
GUESTS = {
    "arm": dict(cc="arm-linux-gnueabi-gcc", flags=["-marm", "-march=armv5te"],
                package="gcc-arm-linux-gnueabi", qemu="qemu-arm", qemu_cpu="arm926",
                duet_cpu="arm926", isa="arm"),
    "thumb": dict(cc="arm-linux-gnueabi-gcc", flags=["-mthumb", "-march=armv5te"],
                  package="gcc-arm-linux-gnueabi", qemu="qemu-arm", qemu_cpu="arm926",
                  duet_cpu="arm926", isa="arm"),
    "armv6": dict(cc="arm-linux-gnueabi-gcc",
                  flags=["-marm", "-march=armv6", "-mfpu=vfp", "-mfloat-abi=softfp"],
                  package="gcc-arm-linux-gnueabi", qemu="qemu-arm", qemu_cpu="arm1176",
                  duet_cpu="arm1176", isa="arm"),
    "mipsel": dict(cc="mipsel-linux-gnu-gcc", flags=[], package="gcc-mipsel-linux-gnu",
                   qemu="qemu-mipsel", qemu_cpu=None, duet_cpu=None, isa="mips"),
    "mips": dict(cc="mips-linux-gnu-gcc", flags=[], package="gcc-mips-linux-gnu",
                 qemu="qemu-mips", qemu_cpu=None, duet_cpu=None, isa="mips"),
    "mips64el": dict(cc="mips64el-linux-gnuabi64-gcc", flags=[],
                     package="gcc-mips64el-linux-gnuabi64", qemu="qemu-mips64el",
                     qemu_cpu=None, duet_cpu=None, isa="mips"),
}
NATIVE = dict(cc="gcc", flags=[], package="gcc")


class UsageError(Exception):
    """Bad input: reported as one line, exit status 2."""


def parse_names(text, known, what):
    """A comma-separated list of names, each of which must be in known."""
    names = [n for n in text.split(",") if n]
    for n in names:
        if n not in known:
            raise UsageError("unknown %s '%s' (known: %s)" % (what, n, ", ".join(known)))
    if not names:
        raise UsageError("empty list of %ss" % what)
    return names


def binary(out_dir, workload, guest):
    return os.path.join(out_dir, "%s-%s" % (workload, guest))


def source(out_dir, workload):
    """The C source of a workload; bigcode's is generated into out_dir."""
    if workload == "bigcode":
        return os.path.join(out_dir, "bigcode.c")
    return os.path.join(SRC_DIR, workload + ".c")


def default_size(out_dir, workload):
    """DEFAULT_SIZE as the workload's source defines it."""
    path = source(out_dir, workload)
    with open(path) as f:
        for line in f:
            if line.startswith("#define DEFAULT_SIZE "):
                return int(line.split()[2])
    raise RuntimeError("%s defines no DEFAULT_SIZE" % path)


def check_compiler(spec):
    if not shutil.which(spec["cc"]):
        raise UsageError("%s not found: scripts/setup-deps installs it (package %s)"
                         % (spec["cc"], spec["package"]))


def up_to_date(target, inputs, cmd):
    stamp = target + ".cmd"
    if not os.path.exists(target) or not os.path.exists(stamp):
        return False
    with open(stamp) as f:
        if f.read() != " ".join(cmd):
            return False
    mtime = os.path.getmtime(target)
    return all(os.path.getmtime(i) < mtime for i in inputs)


def compile_one(spec, src, target, force=False):
    """Compiles one workload; returns an error message or None."""
    cmd = [spec["cc"]] + COMMON_FLAGS + spec["flags"] + ["-I", SRC_DIR, "-o", target, src, "-lm"]
    inputs = [src, os.path.join(SRC_DIR, "common.h")]
    if not force and up_to_date(target, inputs, cmd):
        return None
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        return "%s failed:\n%s" % (" ".join(cmd), p.stdout)
    if not force:
        with open(target + ".cmd", "w") as f:
            f.write(" ".join(cmd))
    return None


def generate_bigcode(out_dir):
    target = source(out_dir, "bigcode")
    gen = os.path.join(BENCH_DIR, "gen_bigcode.py")
    if os.path.exists(target) and os.path.getmtime(target) > os.path.getmtime(gen):
        return
    subprocess.run([sys.executable, gen, str(BIGCODE_FUNCS), target], check=True)


def build(guests, workloads, out_dir, quiet=False):
    """Builds workloads for guests plus natively; raises RuntimeError on a failure."""
    specs = {"native": NATIVE}
    specs.update({g: GUESTS[g] for g in guests})
    for spec in specs.values():
        check_compiler(spec)
    os.makedirs(out_dir, exist_ok=True)
    if "bigcode" in workloads:
        generate_bigcode(out_dir)
    # bigcode compiles longest: start those first so the rest fill in around them
    order = sorted(workloads, key=lambda w: w != "bigcode")
    jobs = [(specs[g], source(out_dir, w), binary(out_dir, w, g)) for w in order for g in specs]
    if not quiet:
        sys.stderr.write("bench: building %d binaries in %s\n" % (len(jobs), out_dir))
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        errors = [e for e in pool.map(lambda j: compile_one(*j), jobs) if e]
    if errors:
        raise RuntimeError("\n".join(errors))


def main():
    ap = argparse.ArgumentParser(description="Builds the bench workloads.")
    ap.add_argument("--guests", default=",".join(GUESTS))
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--compile", nargs=3, metavar=("GUEST", "SOURCE", "OUTPUT"),
                    help="compile one source for GUEST (or native), as the build system does")
    a = ap.parse_args()
    try:
        if a.compile:
            guest, src, out = a.compile
            spec = NATIVE if guest == "native" else GUESTS[parse_names(guest, GUESTS, "guest")[0]]
            check_compiler(spec)
            err = compile_one(spec, src, out, force=True)
            if err:
                raise RuntimeError(err)
            return 0
        build(parse_names(a.guests, GUESTS, "guest"), parse_names(a.workloads, WORKLOADS, "workload"),
              a.out)
    except UsageError as e:
        sys.stderr.write("bench: %s\n" % e)
        return 2
    except RuntimeError as e:
        sys.stderr.write("bench: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
