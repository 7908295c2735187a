#!/usr/bin/env python3
"""Side-by-side runtime benchmark: coroguard against libcoro and cppcoro.

Every runtime runs the same coroutine bodies (workloads.hpp) through a thin
adapter (rt_<runtime>.hpp), compiled by the same compiler with the same flags,
with the same item counts. Each measurement is a fresh process (one untimed
warm-up run, one timed run); rounds interleave the runtimes, rotating their
order, and the table reports the median and the spread (min-max) of the rounds.

The anchors are built from their sources in a build folder that is never
committed: give --sources a folder holding libcoro/ and cppcoro/ checkouts, or
let the script clone the pinned commits there (needs network). Optionally a
coroguard baseline revision (--baseline REV, repeatable) is built from `git
archive` of this repository, so before/after comparisons happen in the same run.

Some workloads allocate a million frames in one burst, so their times depend
on the allocator as much as on the runtime: --env NAME=VALUE (repeatable) sets
a variable for every measured process, e.g. --env LD_PRELOAD=<libmimalloc.so>
or --env GLIBC_TUNABLES=glibc.malloc.mxfast=0, to measure all runtimes under
another allocator or another glibc setting.

Usage: bench/compare/compare.py [--sources DIR] [--build DIR] [--rounds N]
           [--baseline REV] [--workloads a,b] [--scale X] [--json FILE]
           [--env NAME=VALUE]
Output: a Markdown table on stdout; ns per item, lower is better; the ratio
column is (best anchor's median) / (coroguard's median), higher is better.
"""
import argparse
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tarfile
import io

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

ANCHORS = {
    "libcoro": ("https://github.com/jbaldwin/libcoro.git",
                "277467ffdee1d7f04e93c6b4c72689c6c743f567"),
    "cppcoro": ("https://github.com/andreasbuhr/cppcoro.git",
                "b8e41b99a927eaabcfd073ae4c7b966c5859f866"),
}

# Items per measurement: enough for ~0.1-1 s per run on a 2-core machine.
WORKLOADS = {
    "sync_wait_trivial": 2_000_000,
    "await_trivial": 5_000_000,
    "when_all_10": 2_000_000,
    "when_all_1000": 2_000_000,
    "when_all_100000": 2_000_000,
    "pool1_fan_out": 1_000_000,
    "pool2_fan_out": 1_000_000,
    "yield_two_threads": 1_000_000,
    # No runtime: the shared-counter bump of yield_two_threads alone, its floor.
    "floor_shared_counter": 1_000_000,
    "channel_ping_pong": 1_000_000,
    "channel_stream": 2_000_000,
    "mutex_uncontended": 5_000_000,
    "mutex_lock_yield": 500_000,
    "mutex_hold_across_hop": 500_000,
    # libcoro's semaphore crashes (segfault) with 200,000 queued tasks.
    "semaphore_fan_out1": 100_000,
    "semaphore_fan_out2": 100_000,
    "sleeps_1000": 20,
}

FLAGS = ["-std=c++20", "-O2", "-DNDEBUG", "-pthread"]


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def fetch_anchor(name, sources):
    path = os.path.join(sources, name)
    if os.path.isdir(path):
        return path
    url, commit = ANCHORS[name]
    run(["git", "clone", "--quiet", url, path])
    run(["git", "-C", path, "checkout", "--quiet", commit])
    return path


def compile_library(cxx, name, sources, includes, defines, out_dir):
    """Compiles `sources` into lib<name>.a with the shared flags."""
    os.makedirs(out_dir, exist_ok=True)
    archive = os.path.join(out_dir, "lib%s.a" % name)
    if os.path.exists(archive):
        return archive
    def compile_one(src):
        obj = os.path.join(out_dir, os.path.relpath(src, "/").replace("/", "_") + ".o")
        run([cxx] + FLAGS + defines + ["-I" + i for i in includes] +
            ["-c", src, "-o", obj])
        return obj
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        objects = list(pool.map(compile_one, sources))
    run(["ar", "rcs", archive] + objects)
    return archive


def build_libcoro(cxx, src, out):
    # The scheduler (timers) sits behind LIBCORO_FEATURE_NETWORKING; its
    # sockets need no c-ares, so the DNS resolver and TLS are left out.
    gen = os.path.join(out, "libcoro-include", "coro")
    os.makedirs(gen, exist_ok=True)
    with open(os.path.join(gen, "export.hpp"), "w") as f:
        f.write("#pragma once\n#define CORO_EXPORT\n#define CORO_NO_EXPORT\n")
    files = [os.path.join(src, "src", f) for f in os.listdir(os.path.join(src, "src"))
             if f.endswith(".cpp")]
    files += [os.path.join(src, "src", "detail", f) for f in
              ("pipe.cpp", "timer_handle.cpp", "io_notifier_epoll.cpp",
               "task_self_deleting.cpp")
              if os.path.exists(os.path.join(src, "src", "detail", f))]
    files += [os.path.join(src, "src", "net", f) for f in
              ("socket.cpp", "ip_address.cpp", "io_status.cpp")]
    includes = [os.path.join(src, "include"), os.path.dirname(gen)]
    defines = ["-DLIBCORO_FEATURE_NETWORKING"]
    lib = compile_library(cxx, "coro", files, includes, defines,
                          os.path.join(out, "libcoro-obj"))
    return includes, defines, [lib]


def build_cppcoro(cxx, src, out):
    lib_dir = os.path.join(src, "lib")
    files = [os.path.join(lib_dir, f) for f in os.listdir(lib_dir)
             if f.endswith(".cpp") and f != "win32.cpp"]
    includes = [os.path.join(src, "include")]
    lib = compile_library(cxx, "cppcoro", files, includes, [],
                          os.path.join(out, "cppcoro-obj"))
    return includes, [], [lib]


def build_baseline(rev, out):
    """Extracts runtime/include of coroguard revision `rev`."""
    dest = os.path.join(out, "coroguard-" + rev)
    if not os.path.isdir(dest):
        data = subprocess.run(["git", "-C", REPO, "archive", rev, "runtime/include"],
                              check=True, capture_output=True).stdout
        tarfile.open(fileobj=io.BytesIO(data)).extractall(dest)
    return [os.path.join(dest, "runtime", "include")]


def build_harness(cxx, name, adapter, includes, defines, libs, out):
    exe = os.path.join(out, "compare_" + name)
    run([cxx] + FLAGS + defines + ["-I" + i for i in includes] +
        ["-I" + HERE, "-include", os.path.join(HERE, adapter),
         os.path.join(HERE, "compare.cpp")] + libs + ["-o", exe])
    return exe


def measure(exe, workload, items, env=None):
    """ns per item, or None (reported as a failure) if the run failed."""
    result = subprocess.run([exe, workload, str(items)], capture_output=True,
                            text=True, timeout=600, env=env)
    if result.returncode != 0:
        print("%s %s failed (exit %d): %s" % (exe, workload, result.returncode,
                                             result.stderr.strip()), file=sys.stderr)
        return None
    return float(result.stdout.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default=os.path.join(REPO, "build-compare", "src"))
    parser.add_argument("--build", default=os.path.join(REPO, "build-compare"))
    parser.add_argument("--cxx", default="clang++-19")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline", action="append", default=[],
                        help="also measure this coroguard revision (repeatable)")
    parser.add_argument("--workloads", help="comma-separated subset")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply item counts")
    parser.add_argument("--json", help="write every sample here")
    parser.add_argument("--memory-tasks", type=int, default=100_000)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="set in every measured process (repeatable)")
    args = parser.parse_args()
    extra_env = {}
    for setting in args.env:
        name, sep, value = setting.partition("=")
        if not sep or not name:
            parser.error("--env takes NAME=VALUE, got %r" % setting)
        extra_env[name] = value
    run_env = dict(os.environ, **extra_env) if extra_env else None

    os.makedirs(args.sources, exist_ok=True)
    # One folder per compiler: anchors built by another compiler are never
    # reused (their archives are kept between runs).
    out = os.path.join(os.path.abspath(args.build), os.path.basename(args.cxx))
    os.makedirs(out, exist_ok=True)
    exes = {}
    exes["coroguard"] = build_harness(args.cxx, "coroguard", "rt_coroguard.hpp",
                                      [os.path.join(REPO, "runtime", "include")], [], [], out)
    for rev in args.baseline:
        exes["coroguard@" + rev] = build_harness(args.cxx, "coroguard-" + rev,
                                                 "rt_coroguard.hpp", build_baseline(rev, out),
                                                 [], [], out)
    for anchor, builder in (("libcoro", build_libcoro), ("cppcoro", build_cppcoro)):
        includes, defines, libs = builder(args.cxx, fetch_anchor(anchor, args.sources), out)
        exes[anchor] = build_harness(args.cxx, anchor, "rt_%s.hpp" % anchor,
                                     includes, defines, libs, out)

    available = {name: set(subprocess.run([exe, "--list"], check=True, capture_output=True,
                                          text=True).stdout.split())
                 for name, exe in exes.items()}
    chosen = args.workloads.split(",") if args.workloads else list(WORKLOADS)
    names = list(exes)
    samples = {w: {n: [] for n in names if w in available[n]} for w in chosen}
    for round_index in range(args.rounds):
        for workload in chosen:
            items = max(1, int(WORKLOADS[workload] * args.scale))
            runners = [n for n in names if workload in available[n]]
            shift = round_index % len(runners)
            for name in runners[shift:] + runners[:shift]:
                samples[workload][name].append(measure(exes[name], workload, items,
                                                       run_env))
        print("round %d/%d done" % (round_index + 1, args.rounds), file=sys.stderr)

    memory = {}
    # The memory figure reads glibc's own counters (mallinfo2): another
    # allocator preloaded in its place would show nothing.
    count_memory = "LD_PRELOAD" not in extra_env
    for name, exe in (exes.items() if count_memory else ()):
        result = subprocess.run([exe, "--memory", str(args.memory_tasks)], capture_output=True,
                                text=True, timeout=600, env=run_env)
        memory[name] = float(result.stdout) if result.returncode == 0 else None

    anchors = [n for n in names if not n.startswith("coroguard")]
    if extra_env:
        print("Measured with %s.\n" % ", ".join("`%s=%s`" % kv for kv in extra_env.items()))
    header = "| workload | " + " | ".join(names) + " | best anchor / coroguard |"
    print(header)
    print("|" + "---|" * (len(names) + 2))
    for workload in chosen:
        cells, medians = [], {}
        for name in names:
            all_values = samples[workload].get(name)
            if not all_values:
                cells.append("n/a")
                continue
            values = [v for v in all_values if v is not None]
            failed = len(all_values) - len(values)
            if not values:
                cells.append("failed")
                continue
            medians[name] = statistics.median(values)
            cells.append("%.1f (%.1f-%.1f)%s" % (medians[name], min(values), max(values),
                                                 " %d failed" % failed if failed else ""))
        best = min((medians[a] for a in anchors if a in medians), default=None)
        ratio = ("%.2fx" % (best / medians["coroguard"])
                 if best and "coroguard" in medians else "n/a")
        if workload.startswith("floor_"):
            ratio = "(floor: no runtime)"
        print("| %s | %s | %s |" % (workload, " | ".join(cells), ratio))
    print("| heap bytes per suspended task | %s | |" % " | ".join(
        "%.0f" % memory[n] if memory.get(n) is not None else "n/a" for n in names))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"samples": samples, "memory": memory, "rounds": args.rounds,
                       "scale": args.scale, "cxx": args.cxx, "flags": FLAGS,
                       "env": extra_env}, f, indent=1)


if __name__ == "__main__":
    main()
