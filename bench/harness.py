"""Runs and reports the bench: see bench/run and bench/README.md.

A cell is one workload on one guest. Every engine of a cell runs --reps
times, the engines taking turns (the order rotates each round) so that
load from elsewhere on the machine spreads over all of them; the figures
are medians. Every run must exit 0 and print the same checksum line as the
native build."""
import csv
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import build

ENGINES = ["jit", "interp", "qemu", "native"]
DUET_ENGINES = ("jit", "interp")

# duet --stats, as translate/dbt.c prints it at exit.
STATS_PATTERNS = {
    "blocks": r"^blocks translated\s+(\d+) \((\d+) guest instructions",
    "translate_ms": r"^translation time\s+([\d.]+) ms",
    "host_bytes": r"^host code\s+(\d+) bytes",
    "dispatch": r"^dispatcher entries\s+(\d+)",
    "chain": r"^chaining\s+(\d+) slots linked, (\d+) exits through unlinked slots",
    "jc_misses": r"^jump cache\s+(\d+) dispatcher lookups",
}
UNSUPPORTED = re.compile(r"unsupported architecture|not supported")


class Run:
    """One process run: status is ok, wrong (bad checksum line), failed,
    unsupported (duet cannot run this guest yet) or timeout."""

    def __init__(self, status, wall=None, cpu=None, stats=None, message=""):
        self.status, self.wall, self.cpu = status, wall, cpu
        self.stats, self.message = stats or {}, message


def run_process(cmd, timeout):
    """Runs cmd; returns (exit status, wall s, user+sys CPU s, stdout, stderr, timed out)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        expired = threading.Event()

        def kill():
            expired.set()
            p.kill()
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (p.returncode, wall, usage.ru_utime + usage.ru_stime,
                out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                expired.is_set())


def parse_stats(text):
    """The figures of duet --stats from its stderr; {} when absent."""
    s = {}
    for key, pat in STATS_PATTERNS.items():
        m = re.search(pat, text, re.M)
        if not m:
            return {}
        s[key] = [float(g) for g in m.groups()]
    return {
        "blocks": int(s["blocks"][0]), "insns": int(s["blocks"][1]),
        "translate_ms": s["translate_ms"][0], "host_bytes": int(s["host_bytes"][0]),
        "dispatch": int(s["dispatch"][0]), "chain_links": int(s["chain"][0]),
        "chain_exits": int(s["chain"][1]), "jc_misses": int(s["jc_misses"][0]),
    }


def result_line(stdout, workload):
    for line in stdout.splitlines():
        if line.startswith(workload + " size="):
            return line
    return None


class Bench:
    def __init__(self, a):
        self.a = a
        self.bin_dir = a.bin_dir or a.out
        self.log = (lambda s: None) if a.quiet else (lambda s: sys.stderr.write(s + "\n"))
        self.failures = 0

    # -- commands ----------------------------------------------------------

    def command(self, engine, guest, path, args):
        spec = build.GUESTS.get(guest, {})
        cpu = spec.get("duet_cpu") if engine in DUET_ENGINES else spec.get("qemu_cpu")
        cpu_args = ["-cpu", cpu] if cpu else []
        if engine in DUET_ENGINES:
            return [self.a.duet, "user", "--engine=" + engine, "--stats"] + cpu_args + [path] + args
        if engine == "qemu":
            return [spec["qemu"]] + cpu_args + [path] + args
        return [path] + args

    def run_one(self, engine, guest, path, args, workload=None, want=None):
        cmd = self.command(engine, guest, path, args)
        rc, wall, cpu, out, err, expired = run_process(cmd, self.a.timeout)
        stats = parse_stats(err) if engine in DUET_ENGINES else {}
        if expired:
            return Run("timeout", message="%s: no result after %gs" % (" ".join(cmd), self.a.timeout))
        if rc != 0 and engine in DUET_ENGINES and UNSUPPORTED.search(err):
            return Run("unsupported", message=err.strip().splitlines()[0])
        line = result_line(out, workload) if workload else None
        if rc != 0 or (workload and line is None):
            return Run("failed", wall, cpu, stats, "%s: exit status %d, stdout %r, stderr %r"
                       % (" ".join(cmd), rc, out[-500:], err[-500:]))
        if want is not None and line != want:
            return Run("wrong", wall, cpu, stats, "%s: printed %r, native printed %r"
                       % (" ".join(cmd), line, want))
        return Run("ok", wall, cpu, stats, line or "")

    # -- checks ------------------------------------------------------------

    def check_tools(self):
        a = self.a
        if any(e in DUET_ENGINES for e in a.engines) and not os.access(a.duet, os.X_OK):
            raise build.UsageError("duet not found at %s: build it (meson setup build && ninja -C "
                                   "build) or pass --duet" % a.duet)
        if "qemu" in a.engines:
            for q in sorted({build.GUESTS[g]["qemu"] for g in a.guests}):
                if not shutil.which(q):
                    raise build.UsageError("%s not found: scripts/setup-deps installs it "
                                           "(package qemu-user)" % q)
        if a.bin_dir:
            for w in a.workloads:
                for g in a.guests + ["native"]:
                    if not os.path.exists(build.binary(a.bin_dir, w, g)):
                        raise build.UsageError("%s missing in --bin-dir" % build.binary(a.bin_dir, w, g))

    def size_of(self, workload):
        if workload in self.a.sizes:
            return self.a.sizes[workload]
        return max(1, round(build.default_size(self.bin_dir, workload) * self.a.scale))

    # -- one cell ----------------------------------------------------------

    def measure_cell(self, workload, guest, size, reference):
        a = self.a
        args = [str(size)]
        paths = {e: build.binary(self.bin_dir, workload, "native" if e == "native" else guest)
                 for e in a.engines}
        runs = {e: [] for e in a.engines}
        bad = {}
        for rep in range(a.reps):
            k = rep % len(a.engines)
            for e in a.engines[k:] + a.engines[:k]:
                if e in bad:
                    continue
                r = self.run_one(e, guest, paths[e], args, workload, reference)
                if r.status != "ok":
                    bad[e] = r
                    continue
                runs[e].append(r)
        counts = None
        if "interp" in a.engines and "interp" not in bad:
            counts = runs["interp"][0].stats
        elif a.hit_rates and "jit" in a.engines and "jit" not in bad:
            r = self.run_one("interp", guest, build.binary(self.bin_dir, workload, guest), args,
                             workload, reference)
            counts = r.stats if r.status == "ok" else None
        return cell_summary(workload, guest, size, runs, bad, counts, a.metric)

    def reference(self, workload, size):
        r = self.run_one("native", None, build.binary(self.bin_dir, workload, "native"),
                         [str(size)], workload)
        if r.status != "ok":
            raise RuntimeError("native reference run failed: " + r.message)
        return r.message

    # -- startup -----------------------------------------------------------

    def busybox(self):
        fetch = os.path.join(build.ROOT, "scripts", "fetch-guest")
        p = subprocess.run([fetch, "armel", "busybox-static"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        path = os.path.join(p.stdout.strip(), "bin", "busybox")
        if p.returncode != 0 or not os.path.exists(path):
            self.log("bench: startup skipped: scripts/fetch-guest armel busybox-static failed: "
                     + p.stderr.strip()[-300:])
            return None
        return path

    def measure_startup(self):
        arm = [g for g in self.a.guests if build.GUESTS[g]["isa"] == "arm"]
        engines = [e for e in self.a.engines if e in DUET_ENGINES or e == "qemu"]
        if self.a.no_startup or not arm or not engines:
            return None
        bb = self.busybox()
        if not bb:
            return None
        guest = arm[0]
        true = shutil.which("true")
        runs = {e: [] for e in engines + ["native"]}
        for rep in range(self.a.startup_reps):
            k = rep % len(runs)
            order = list(runs)[k:] + list(runs)[:k]
            for e in order:
                path, args = (true, []) if e == "native" else (bb, ["true"])
                r = self.run_one(e, guest, path, args)
                if r.status != "ok":
                    raise RuntimeError("startup run failed: " + r.message)
                runs[e].append(r)
        result = {"program": "busybox true (armel, -cpu %s)" % build.GUESTS[guest]["duet_cpu"],
                  "native_program": "host " + true}
        for e, rs in runs.items():
            result[e + "_ms"] = 1000 * statistics.median(metric(r, self.a.metric) for r in rs)
            if e in DUET_ENGINES:
                result[e + "_stats"] = rs[0].stats
        return result

    # -- the whole run -----------------------------------------------------

    def run(self):
        a = self.a
        self.check_tools()
        if not a.bin_dir:
            build.build(a.guests, a.workloads, a.out, quiet=a.quiet)
        startup = self.measure_startup()
        cells = []
        for w in a.workloads:
            size = self.size_of(w)
            ref = self.reference(w, size)
            for g in a.guests:
                c = self.measure_cell(w, g, size, ref)
                for e, msg in c["problems"].items():
                    if c["status"][e] != "unsupported":
                        self.failures += 1
                        sys.stderr.write("bench: %s on %s, %s: %s\n" % (w, g, e, msg))
                self.log("bench: %-8s %-8s %s" % (w, g, "  ".join(
                    "%s %s" % (e, fmt_time(c["median"].get(e), c["status"][e])) for e in a.engines)))
                cells.append(c)
        report = make_report(a, cells, startup)
        print_report(report, sys.stdout)
        if a.csv:
            write_csv(report, a.csv)
        if a.json:
            with open(a.json, "w") as f:
                json.dump(report, f, indent=1)
        if self.failures:
            sys.stderr.write("bench: %d run(s) failed\n" % self.failures)
        return 1 if self.failures else 0


def metric(r, which):
    return r.wall if which == "wall" else r.cpu


def cell_summary(workload, guest, size, runs, bad, counts, which):
    """Medians, ratios and translation figures of one cell."""
    status = {e: (bad[e].status if e in bad else "ok") for e in runs}
    med = {e: statistics.median(metric(r, which) for r in rs) for e, rs in runs.items()
           if rs and e not in bad}
    c = {"workload": workload, "guest": guest, "size": size, "status": status, "median": med,
         "times": {e: [round(metric(r, which), 4) for r in rs] for e, rs in runs.items()},
         "problems": {e: r.message for e, r in bad.items()}, "ratios": {}, "translation": None}
    for name, (num, den) in RATIOS.items():
        if num in med and den in med and med[den] > 0:
            c["ratios"][name] = med[num] / med[den]
    if "jit" in med:
        c["translation"] = translation_figures(runs["jit"], med["jit"], counts)
    return c


# name: (numerator, denominator) of the median times.
RATIOS = {"qemu/jit": ("qemu", "jit"), "jit/native": ("jit", "native"),
          "qemu/interp": ("qemu", "interp"), "interp/native": ("interp", "native"),
          "qemu/native": ("qemu", "native")}


def translation_figures(jit_runs, jit_time, counts):
    """Translation speed, code size, time share and hit rates of the JIT.

    duet counts only exits that reach its dispatcher; an interpreter run of
    the same program goes through the dispatcher at every block exit, so
    its counts are the totals the hit rates need."""
    s = jit_runs[0].stats
    if not s:
        return None
    tms = statistics.median(r.stats["translate_ms"] for r in jit_runs if r.stats)
    t = {"blocks": s["blocks"], "insns": s["insns"], "translate_ms": tms,
         "insns_per_s": s["insns"] / (tms / 1000) if tms else None,
         "host_bytes_per_insn": s["host_bytes"] / s["insns"] if s["insns"] else None,
         "translate_share": tms / 1000 / jit_time if jit_time else None,
         "dispatch": s["dispatch"], "chain_links": s["chain_links"],
         "chain_exits": s["chain_exits"], "jc_misses": s["jc_misses"],
         "chain_hit": None, "jc_hit": None, "dispatch_share": None}
    if counts:
        if counts["chain_exits"]:
            t["chain_hit"] = 1 - s["chain_exits"] / counts["chain_exits"]
        if counts["jc_misses"]:
            t["jc_hit"] = 1 - s["jc_misses"] / counts["jc_misses"]
        if counts["dispatch"]:
            t["dispatch_share"] = s["dispatch"] / counts["dispatch"]
    return t


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def make_report(a, cells, startup):
    geo = {}
    for g in a.guests:
        gc = [c for c in cells if c["guest"] == g]
        geo[g] = {name: geomean([c["ratios"].get(name) for c in gc]) for name in RATIOS}
        tr = [c["translation"] for c in gc if c["translation"]]
        insns, ms = sum(t["insns"] for t in tr), sum(t["translate_ms"] for t in tr)
        geo[g]["insns_per_s"] = insns / (ms / 1000) if ms else None
        geo[g]["translate_share"] = geomean([t["translate_share"] for t in tr])
    return {"config": {"engines": a.engines, "guests": a.guests, "workloads": a.workloads,
                       "reps": a.reps, "scale": a.scale, "metric": a.metric, "duet": a.duet},
            "cells": cells, "geomean": geo, "startup": startup}


# -- output ----------------------------------------------------------------

def fmt_time(t, status="ok"):
    if status != "ok":
        return status
    return "%.3f" % t if t is not None else "-"


def fmt(x, spec):
    return spec % x if x is not None else "-"


def print_report(r, f):
    engines = r["config"]["engines"]
    ratios = [n for n, (a, b) in RATIOS.items() if a in engines and b in engines]
    f.write("\nmedian %s time in seconds, %d runs each; ratios of medians "
            "(qemu/jit: speedup over qemu)\n" % (r["config"]["metric"], r["config"]["reps"]))
    head = "%-9s %-9s %7s" % ("workload", "guest", "size") + "".join(" %11s" % e for e in engines)
    f.write(head + "".join(" %13s" % n for n in ratios) + "\n")
    for c in r["cells"]:
        f.write("%-9s %-9s %7d" % (c["workload"], c["guest"], c["size"]))
        f.write("".join(" %11s" % fmt_time(c["median"].get(e), c["status"][e]) for e in engines))
        f.write("".join(" %13s" % fmt(c["ratios"].get(n), "%.2f") for n in ratios) + "\n")
    f.write("\ngeometric means\n%-9s" % "guest" + "".join(" %13s" % n for n in ratios) + "\n")
    for g, m in r["geomean"].items():
        f.write("%-9s" % g + "".join(" %13s" % fmt(m[n], "%.2f") for n in ratios) + "\n")
    print_translation(r, f)
    print_startup(r["startup"], f)


def print_translation(r, f):
    rows = [c for c in r["cells"] if c["translation"]]
    if not rows:
        return
    f.write("\nduet JIT translation (tr: translation; hit rates need interpreter counts: "
            "--hit-rates or interp)\n")
    f.write("%-9s %-9s %7s %8s %8s %9s %7s %8s %9s %9s %7s %9s\n" % (
        "workload", "guest", "blocks", "insns", "tr ms", "insns/s", "B/insn", "tr share",
        "dispatch", "chain hit", "jc hit", "disp/blk"))
    for c in rows:
        t = c["translation"]
        f.write("%-9s %-9s %7d %8d %8.1f %9s %7s %8s %9d %9s %7s %9s\n" % (
            c["workload"], c["guest"], t["blocks"], t["insns"], t["translate_ms"],
            fmt(t["insns_per_s"] and t["insns_per_s"] / 1e6, "%.2fM"),
            fmt(t["host_bytes_per_insn"], "%.1f"), fmt(t["translate_share"] and 100 * t["translate_share"], "%.1f%%"),
            t["dispatch"], fmt(t["chain_hit"] and 100 * t["chain_hit"], "%.2f%%"),
            fmt(t["jc_hit"] and 100 * t["jc_hit"], "%.2f%%"),
            fmt(t["dispatch_share"] and 100 * t["dispatch_share"], "%.3f%%")))
    for g, m in r["geomean"].items():
        if m["insns_per_s"]:
            f.write("%s: %.2fM guest instructions translated per second overall, translation "
                    "%.1f%% of run time (geometric mean)\n"
                    % (g, m["insns_per_s"] / 1e6, 100 * (m["translate_share"] or 0)))


def print_startup(s, f):
    if not s:
        return
    f.write("\nstartup: %s, median ms\n" % s["program"])
    for k, v in s.items():
        if k.endswith("_ms"):
            name = k[:-3]
            f.write("  %-7s %8.2f%s\n" % (name, v, "  (%s)" % s["native_program"] if name == "native" else ""))
        elif k.endswith("_stats") and v:
            f.write("  %s: %d blocks, %d guest instructions translated in %.2f ms\n"
                    % (k[:-6], v["blocks"], v["insns"], v["translate_ms"]))


def write_csv(r, path):
    engines = r["config"]["engines"]
    tkeys = ["blocks", "insns", "translate_ms", "insns_per_s", "host_bytes_per_insn",
             "translate_share", "dispatch", "chain_links", "chain_exits", "jc_misses", "chain_hit",
             "jc_hit", "dispatch_share"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["workload", "guest", "size"] + [e + "_s" for e in engines] + [e + "_status" for e in engines]
                   + list(RATIOS) + tkeys)
        for c in r["cells"]:
            t = c["translation"] or {}
            w.writerow([c["workload"], c["guest"], c["size"]]
                       + [c["median"].get(e, "") for e in engines]
                       + [c["status"][e] for e in engines]
                       + [c["ratios"].get(n, "") for n in RATIOS]
                       + [t.get(k, "") if t.get(k) is not None else "" for k in tkeys])


def run(a):
    return Bench(a).run()
