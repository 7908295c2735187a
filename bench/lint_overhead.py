#!/usr/bin/env python3
"""What the coroguard checks cost, next to what parsing costs.

For each translation unit: the parse time is the best of --runs runs of
`clang++-NN -fsyntax-only` (user+system CPU of the child); the check time is
the user+system time clang-tidy's --enable-check-profile reports for each
coroguard-* check (best of --runs, per check). The overhead is check time
over parse time. Inputs: the Boost.Asio C++20 examples (libboost1.81-doc) and
the example service in examples/.

It prints each check's overhead on each file, then per check the total and
the worst file, and exits 1 when any check costs more than --target percent
(5 by default) of the parse of any one file: a check that is cheap on the sum
but slow on one file still fails.

  bench/lint_overhead.py --coroguard build/bin/coroguard [--runs 3] [--json out.json]
  bench/lint_overhead.py --from-json out.json [--target 5]   # report a saved run
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
    """User+system seconds clang-tidy reports for each coroguard check."""
    with tempfile.TemporaryDirectory() as profile_dir:
        proc = subprocess.run(
            [coroguard, "--checks=-*," + checks, "--enable-check-profile",
             "--store-check-profile=" + profile_dir, source, "--"] + flags,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        if proc.returncode < 0:
            sys.exit("coroguard crashed on %s" % source)
        per_check = {}
        for path in glob.glob(os.path.join(profile_dir, "*.json")):
            with open(path) as f:
                data = json.load(f)
            for key, value in data.get("profile", {}).items():
                # Keys look like "time.clang-tidy.<check>.user" / ".sys".
                m = re.match(r"time\.clang-tidy\.(coroguard-[\w-]+)\.(user|sys)$", key)
                if m:
                    per_check[m.group(1)] = per_check.get(m.group(1), 0.0) + float(value)
        return per_check, proc.stdout.count("warning:")


def inputs(args):
    units = []
    for path in sorted(glob.glob(os.path.join(ASIO_EXAMPLES, "*", "*.cpp"))):
        units.append((path, ["-std=c++20"]))
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "service", "*.cpp"))):
        units.append((path, ["-std=c++20", "-I" + os.path.join(ROOT, "runtime", "include")]))
    return units


def measure(args):
    """Rows of {unit, parse_s, checks: {check: s}, checks_s, diagnostics}."""
    rows = []
    for source, flags in inputs(args):
        parse = min(timed([args.clang, "-fsyntax-only", source] + flags)[0]
                    for _ in range(args.runs))
        runs = [check_seconds(args.coroguard, source, flags, args.checks)
                for _ in range(args.runs)]
        # Best of the runs, each check on its own.
        per_check = {}
        for times, _ in runs:
            for check, seconds in times.items():
                per_check[check] = min(per_check.get(check, seconds), seconds)
        name = os.path.relpath(source, ASIO_EXAMPLES) if source.startswith(ASIO_EXAMPLES) \
            else os.path.relpath(source, ROOT)
        row = {"unit": name, "parse_s": parse, "checks": per_check,
               "checks_s": sum(per_check.values()), "diagnostics": runs[0][1]}
        rows.append(row)
        print("measured %-45s parse %8.1f ms, checks %8.2f ms" % (
            name, parse * 1e3, row["checks_s"] * 1e3), flush=True)
    return rows


def pct(seconds, parse):
    return 100.0 * seconds / parse if parse > 0 else float("inf")


def report(rows, target):
    """Prints per-file and per-check overheads; returns the (check, unit)
    pairs over the target (in percent of the file's parse time)."""
    checks = sorted({c for r in rows for c in r["checks"]})
    short = {c: c[len("coroguard-"):] if c.startswith("coroguard-") else c for c in checks}
    width = max([len(r["unit"]) for r in rows] + [16])

    print()
    print("Overhead per file: each check's time as a percentage of the parse time"
          " (! marks one over the %.1f%% target)" % target)
    header = "%-*s %9s %8s" % (width, "translation unit", "parse ms", "all")
    for c in checks:
        header += " %*s" % (max(len(short[c]), 7), short[c])
    print(header)
    over = []
    for r in rows:
        line = "%-*s %9.1f %7.2f%%" % (width, r["unit"], r["parse_s"] * 1e3,
                                        pct(r["checks_s"], r["parse_s"]))
        for c in checks:
            p = pct(r["checks"].get(c, 0.0), r["parse_s"])
            mark = "!" if p > target else "%"
            line += " %*.2f%s" % (max(len(short[c]), 7) - 1, p, mark)
            if p > target:
                over.append((c, r["unit"], p))
        print(line)

    total_parse = sum(r["parse_s"] for r in rows)
    print()
    print("Per check, against a target of at most %.1f%% on every file:" % target)
    print("%-36s %10s %8s  %-*s %8s  %s" % ("check", "total ms", "total", width, "worst file",
                                             "worst", "verdict"))
    for c in checks:
        total = sum(r["checks"].get(c, 0.0) for r in rows)
        worst = max(rows, key=lambda r: pct(r["checks"].get(c, 0.0), r["parse_s"]))
        worst_p = pct(worst["checks"].get(c, 0.0), worst["parse_s"])
        n_over = sum(1 for oc, _, _ in over if oc == c)
        verdict = "ok" if n_over == 0 else "OVER on %d file%s" % (n_over, "" if n_over == 1 else "s")
        print("%-36s %10.2f %7.2f%%  %-*s %7.2f%%  %s" % (
            c, total * 1e3, pct(total, total_parse), width, worst["unit"], worst_p, verdict))
    total_checks = sum(r["checks_s"] for r in rows)
    worst = max(rows, key=lambda r: pct(r["checks_s"], r["parse_s"]))
    print("all checks: parse %.2f s, checks %.3f s, overhead %.2f%% (worst %s: %.2f%%)" % (
        total_parse, total_checks, pct(total_checks, total_parse), worst["unit"],
        pct(worst["checks_s"], worst["parse_s"])))
    if over:
        print()
        for c, unit, p in sorted(over):
            print("lint_overhead: %s costs %.2f%% of the parse of %s (target %.1f%%)" % (
                c, p, unit, target))
    return over


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--coroguard")
    parser.add_argument("--clang", default="clang++-19")
    parser.add_argument("--checks", default="coroguard-*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", type=float, default=5.0,
                        help="most a check may cost on any one file, in percent of its parse")
    parser.add_argument("--json", help="write the measurements here")
    parser.add_argument("--from-json", help="report measurements written by --json, measure nothing")
    args = parser.parse_args()

    if args.from_json:
        with open(args.from_json) as f:
            rows = json.load(f)
        for r in rows:  # a run saved before the per-check times
            r.setdefault("checks", {args.checks: r["checks_s"]})
    else:
        if not args.coroguard:
            parser.error("--coroguard is required unless --from-json is given")
        rows = measure(args)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(rows, f, indent=1)
    if not rows:
        sys.exit("lint_overhead: no translation units to measure")
    over = report(rows, args.target)
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
