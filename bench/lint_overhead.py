#!/usr/bin/env python3
"""What the coroguard checks cost, next to what parsing costs.

For each translation unit: the parse time is the best of --runs runs of
`clang++-NN -fsyntax-only` (user+system CPU of the child); the check time is
the sum, over coroguard-* checks, of the user+system time clang-tidy's
--enable-check-profile reports (best of --runs). The overhead is check time
over parse time. Inputs: the Boost.Asio C++20 examples (libboost1.81-doc) and
the example service in examples/.

  bench/lint_overhead.py --coroguard build/bin/coroguard [--runs 3] [--json out.json]
"""
import argparse
import glob
import json
import os
import re
import resource
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASIO_EXAMPLES = "/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20"


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd):
    before = child_cpu()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    return child_cpu() - before, proc


def check_seconds(coroguard, source, flags, checks):
    """Sum of user+system seconds clang-tidy reports for coroguard checks."""
    with tempfile.TemporaryDirectory() as profile_dir:
        proc = subprocess.run(
            [coroguard, "--checks=-*," + checks, "--enable-check-profile",
             "--store-check-profile=" + profile_dir, source, "--"] + flags,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        if proc.returncode < 0:
            sys.exit("coroguard crashed on %s" % source)
        total = 0.0
        for path in glob.glob(os.path.join(profile_dir, "*.json")):
            with open(path) as f:
                data = json.load(f)
            for key, value in data.get("profile", {}).items():
                # Keys look like "time.clang-tidy.<check>.user" / ".sys".
                m = re.match(r"time\.clang-tidy\.(coroguard-[\w-]+)\.(user|sys)$", key)
                if m:
                    total += float(value)
        return total, proc.stdout.count("warning:")


def inputs(args):
    units = []
    for path in sorted(glob.glob(os.path.join(ASIO_EXAMPLES, "*", "*.cpp"))):
        units.append((path, ["-std=c++20"]))
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "service", "*.cpp"))):
        units.append((path, ["-std=c++20", "-I" + os.path.join(ROOT, "runtime", "include")]))
    return units


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--coroguard", required=True)
    parser.add_argument("--clang", default="clang++-19")
    parser.add_argument("--checks", default="coroguard-*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()

    rows = []
    print("%-45s %9s %9s %8s %5s" % ("translation unit", "parse ms", "checks ms", "overhead", "diags"))
    for source, flags in inputs(args):
        parse = min(timed([args.clang, "-fsyntax-only", source] + flags)[0]
                    for _ in range(args.runs))
        checks, diags = min(check_seconds(args.coroguard, source, flags, args.checks)
                            for _ in range(args.runs))
        name = os.path.relpath(source, ASIO_EXAMPLES) if source.startswith(ASIO_EXAMPLES) \
            else os.path.relpath(source, ROOT)
        rows.append({"unit": name, "parse_s": parse, "checks_s": checks, "diagnostics": diags})
        print("%-45s %9.1f %9.2f %7.2f%% %5d" % (name, parse * 1e3, checks * 1e3,
                                                100 * checks / parse, diags))
    total_parse = sum(r["parse_s"] for r in rows)
    total_checks = sum(r["checks_s"] for r in rows)
    worst = max(rows, key=lambda r: r["checks_s"] / r["parse_s"])
    print("total: parse %.2f s, coroguard checks %.3f s, overhead %.2f%% (worst %s: %.2f%%)" % (
        total_parse, total_checks, 100 * total_checks / total_parse, worst["unit"],
        100 * worst["checks_s"] / worst["parse_s"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
