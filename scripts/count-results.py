"""Counts test cases from meson's testlog.json: each TAP subtest of a test
program is one case, and a test without TAP output is one case by its
result. Prints 'N passed, N failed' and exits non-zero on any failure."""
import json
import re
import sys

passed = failed = 0
with open(sys.argv[1]) as f:
    for line in f:
        t = json.loads(line)
        out = t.get("stdout", "") or ""
        ok = len(re.findall(r"^ok \d+", out, re.M))
        bad = len(re.findall(r"^not ok \d+", out, re.M))
        good = t["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
        if ok + bad == 0:
            ok, bad = (1, 0) if good else (0, 1)
        elif not good and bad == 0:
            bad = 1  # crashed, timed out, or failed outside a test case
        passed += ok
        failed += bad
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
