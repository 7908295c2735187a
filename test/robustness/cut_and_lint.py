#!/usr/bin/env python3
"""Runs every coroguard check on prefixes of real inputs, as if typed halfway.

clangd runs the checks on every keystroke, so each prefix of a file is a
realistic input. For each input file this cuts it at --cuts byte offsets
spread evenly over the part after its #include lines (plus a cut inside the
last line), runs all coroguard-* checks on each prefix, and fails if any run
crashes (signal, stack dump) or hangs (--timeout seconds).

Inputs: the lit tests' sources (test/checks/*.cpp), the example service, and
the Boost.Asio C++20 examples (libboost1.81-doc) when installed.
"""
import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASIO = "/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20"
BASE_FLAGS = ["-std=c++20", "-isystem", os.path.join(ROOT, "test/checks/Inputs"),
              "-I", os.path.join(ROOT, "runtime/include"),
              "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"]


def inputs(asio_cuts, lit_cuts):
    files = [(p, lit_cuts) for p in sorted(glob.glob(os.path.join(ROOT, "test/checks/*.cpp")))]
    files += [(p, lit_cuts) for p in sorted(glob.glob(os.path.join(ROOT, "examples/*/*.cpp")))]
    files += [(p, asio_cuts) for p in sorted(glob.glob(os.path.join(ASIO, "*/*.cpp")))]
    return files


def cut_points(text, cuts):
    includes = [m.end() for m in re.finditer(r"^#include[^\n]*\n", text, re.M)]
    start = includes[-1] if includes else 0
    span = len(text) - start
    if span <= 1 or cuts <= 0:
        return []
    points = {start + span * (i + 1) // (cuts + 1) for i in range(cuts)}
    points.add(len(text) - max(2, len(text.rstrip().splitlines()[-1]) // 2))
    return sorted(p for p in points if start < p < len(text))


def lint(tool, source, offset, text, timeout):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "prefix_%d.cpp" % offset)
        with open(path, "w") as f:
            f.write(text[:offset])
        cmd = [tool, "--checks=-*,coroguard-*", "--quiet", path, "--"] + BASE_FLAGS + \
            ["-I", os.path.dirname(source)]
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  universal_newlines=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "hang", source, offset, ""
        out = proc.stdout
        if proc.returncode < 0 or "Stack dump" in out or "PLEASE submit a bug report" in out:
            return "crash", source, offset, out[-3000:]
        return "ok", source, offset, ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--coroguard", required=True)
    parser.add_argument("--lit-cuts", type=int, default=6)
    parser.add_argument("--asio-cuts", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()

    jobs = []
    for source, cuts in inputs(args.asio_cuts, args.lit_cuts):
        with open(source, errors="replace") as f:
            text = f.read()
        for offset in cut_points(text, cuts):
            jobs.append((source, offset, text))
    failures = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(lint, args.coroguard, s, o, t, args.timeout) for s, o, t in jobs]
        for future in concurrent.futures.as_completed(futures):
            status, source, offset, out = future.result()
            if status != "ok":
                failures.append((status, source, offset))
                print("%s: %s cut at byte %d\n%s" % (status.upper(), source, offset, out))
    files = len({s for s, _, _ in jobs})
    crashes = sum(1 for f in failures if f[0] == "crash")
    hangs = sum(1 for f in failures if f[0] == "hang")
    print("robustness: %d prefixes of %d files, %d crashes, %d hangs" % (len(jobs), files, crashes, hangs))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
