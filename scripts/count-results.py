"""Counts test cases from meson's testlog.json: each TAP subtest of a test
program is one case; a program that crashed or printed no plan counts as one
failure. Prints 'N passed, N failed' and exits non-zero on any failure."""
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
        if t["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and bad == 0:
            bad = 1  # crashed, timed out, or failed outside a test case
        passed += ok
        failed += bad
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
