#!/usr/bin/env python3
"""Lints real coroutine code Debian ships and compares with reviewed findings.

Every diagnostic coroguard gives on these sources must be listed in the
expectations file (one line each: `<file>:<line>:<check>  # why it is real`);
anything else is a false report (a bug to fix), and a listed finding that
disappears is a regression. No run may crash. Prints the diagnostic count per
check and the time per file.

  lint_real_code.py --coroguard build/bin/coroguard [--update]
"""
import argparse
import collections
import glob
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SUITES = {
    # name: (glob, flags)
    "boost-asio-cpp20": ("/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20/*/*.cpp",
                         ["-std=c++20"]),
}
DIAG = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):\d+: warning: .*\[(?P<check>coroguard-[\w-]+)\]$", re.M)


def read_expected(path):
    expected = {}
    if os.path.exists(path):
        with open(path) as f:
            for raw in f:
                line = raw.split("#", 1)
                key = line[0].strip()
                if key:
                    expected[key] = line[1].strip() if len(line) > 1 else ""
    return expected


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--coroguard", required=True)
    parser.add_argument("--update", action="store_true",
                        help="write the findings to the expectations file (then review each)")
    args = parser.parse_args()

    failed = False
    for suite, (pattern, flags) in SUITES.items():
        sources = sorted(glob.glob(pattern))
        if not sources:
            print("%s: not installed, skipped" % suite)
            continue
        root = os.path.commonpath(sources)
        found = collections.OrderedDict()
        per_check = collections.Counter()
        print("%-50s %8s %6s" % (suite, "seconds", "diags"))
        for source in sources:
            start = time.monotonic()
            proc = subprocess.run([args.coroguard, "--checks=-*,coroguard-*", "--quiet",
                                   source, "--"] + flags, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, universal_newlines=True)
            elapsed = time.monotonic() - start
            if proc.returncode < 0 or "Stack dump" in proc.stdout:
                print("CRASH on %s\n%s" % (source, proc.stdout[-3000:]))
                failed = True
            if re.search(r"\berror: ", proc.stdout):
                print("does not compile: %s\n%s" % (source, proc.stdout[-2000:]))
                failed = True
            diags = [m for m in DIAG.finditer(proc.stdout) if m.group("file") == source]
            for m in diags:
                key = "%s:%s:%s" % (os.path.relpath(source, root), m.group("line"), m.group("check"))
                found[key] = True
                per_check[m.group("check")] += 1
            print("%-50s %8.2f %6d" % (os.path.relpath(source, root), elapsed, len(diags)))
        print("diagnostics per check: " + (", ".join("%s %d" % kv for kv in sorted(per_check.items())) or "none"))

        path = os.path.join(HERE, suite + ".expected")
        expected = read_expected(path)
        if args.update:
            with open(path, "w") as f:
                f.write("# Reviewed coroguard findings on %s: <file>:<line>:<check>  # why it is real\n" % suite)
                for key in found:
                    f.write("%s  # %s\n" % (key, expected.get(key, "REVIEW")))
            print("wrote %s" % path)
            continue
        unexpected = [k for k in found if k not in expected]
        missing = [k for k in expected if k not in found]
        for k in unexpected:
            print("UNEXPECTED (false report or unreviewed finding): " + k)
        for k in missing:
            print("MISSING (a reviewed finding is no longer reported): " + k)
        unreviewed = [k for k, why in expected.items() if not why or why == "REVIEW"]
        for k in unreviewed:
            print("UNREVIEWED (say why it is real): " + k)
        failed |= bool(unexpected or missing or unreviewed)
        print("%s: %d files, %d findings, all reviewed: %s" % (
            suite, len(sources), len(found), "no" if (unexpected or missing or unreviewed) else "yes"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
