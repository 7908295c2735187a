#!/usr/bin/env python3
"""Lints real coroutine code nobody here wrote and compares with reviewed findings.

Suites:
  boost-asio-cpp20  the Boost.Asio C++20 examples Debian ships (libboost1.81-doc);
                    runs in CI (test `real.boost-asio-cpp20`).
  async_simple, concurrencpp, stdexec, libunifex
                    the tests, examples, demos and benchmarks of a source tree
                    fetched by hand under --sources (default $COROGUARD_REAL_SOURCES),
                    e.g. /work/real-src/<suite>; skipped when absent. These sources
                    are never committed and are not in CI.

Each suite's TUs are linted with the library's own headers as user code (-I, not
-isystem, so the library's headers are linted too: --header-filter is the suite's
root) and every coroguard diagnostic is compared with <suite>.expected, one line per
reviewed finding:

    <path under the suite root>:<line>:<check>  <verdict>  # <reason>

verdict is one of
    real        a genuine bug the check is right about;
    deliberate  true by the check's rule but intended (a test's sleep, a demo that
                blocks on purpose);
    false       a false report: the check is wrong here.
The suite fails on an unreviewed report (not in the file, or verdict REVIEW), on
a `false` report still given, on a `real` one no longer given (a regression;
a `deliberate` one that goes is printed as GONE), on a crash, and on a TU that does not parse (a TU that fails to
parse is not linted; see --allow-parse-errors). A `false` line whose report is
gone is printed as FIXED (delete the line). While false reports remain, the
fetched suites fail on purpose; CI only runs the Debian-packaged suite, which has
none.

  lint_real_code.py --coroguard build/bin/coroguard [--sources /work/real-src]
                    [--suite NAME]... [--jobs 2] [--timeout 600] [--update]
                    [--scratch DIR] [--log DIR] [--filter REGEX] [--reviewed-only]
  lint_real_code.py --summary     (the reviewed counts per check, no lint)

--update rewrites each linted suite's file with the reports found, keeping the
verdict and reason of lines still reported and marking new ones REVIEW, and
lists the files linted in <suite>.files; --reviewed-only lints only those (a
suite reviewed in part compares like with like).
Each run prints, per check, reports / real / deliberate / false / unreviewed /
missing (real, gone) / gone (deliberate, gone) / fixed (false, gone).
"""
import argparse
import collections
import concurrent.futures
import fnmatch
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
VERDICTS = ("real", "deliberate", "false")
DIAG = re.compile(r"^(?P<file>[^:\s][^:\n]*):(?P<line>\d+):\d+: (?:warning|error): "
                  r".*\[(?P<check>coroguard-[\w-]+)(?:,[^\]]*)?\]$", re.M)
ERROR = re.compile(r"^(?P<where>[^:\s][^:\n]*:\d+:\d+): error: (?P<what>.*)$", re.M)


class Suite:
    def __init__(self, name, root, include, exclude=(), flags=(), fetched=True, prepare=None):
        self.name = name
        self.root = root            # a path, or a function of the --sources directory
        self.include = include      # globs under the root
        self.exclude = exclude      # (glob, reason): files skipped and why
        self.flags = list(flags)    # "{root}" and "{scratch}" are expanded
        self.fetched = fetched
        self.prepare = prepare      # prepare(root, scratch): writes generated headers


# --- generated headers (written into the scratch directory, never the repo) -----

CATCH2_STANDIN = r"""// Stand-in for Catch2 v3's <catch2/catch_all.hpp> written by lint_real_code.py
// (Debian 12 ships Catch2 2 only). Each TEST_CASE body becomes a function, each
// assertion an expression, so the bodies are linted as the user wrote them.
#pragma once
#include <initializer_list>
#include <utility>
namespace cg_catch {
struct sink {
  template <class T> sink &operator<<(T &&) { return *this; }
};
template <class T, class... Ts> T first(T t, Ts &&...) { return t; }
namespace generators {
template <class T> T values(std::initializer_list<T> l) { return *l.begin(); }
template <class T> T repeat(unsigned long, T t) { return t; }
template <class T> T range(T from, T) { return from; }
} // namespace generators
} // namespace cg_catch
#define CG_CATCH_CAT2(a, b) a##b
#define CG_CATCH_CAT(a, b) CG_CATCH_CAT2(a, b)
#define TEST_CASE(...) static void CG_CATCH_CAT(cg_catch_test_, __LINE__)()
#define TEMPLATE_TEST_CASE(name, tags, ...)                                      \
  template <class TestType> static void CG_CATCH_CAT(cg_catch_test_, __LINE__)()
#define SECTION(...) if (true)
#define DYNAMIC_SECTION(...) if (true)
#define GENERATE(...)                                                            \
  [&] {                                                                        \
    using namespace ::cg_catch::generators;                                    \
    return ::cg_catch::first(__VA_ARGS__);                                     \
  }()
#define REQUIRE(...) static_cast<void>(static_cast<bool>(__VA_ARGS__))
#define CHECK(...) REQUIRE(__VA_ARGS__)
#define REQUIRE_FALSE(...) static_cast<void>(!static_cast<bool>(__VA_ARGS__))
#define CHECK_FALSE(...) REQUIRE_FALSE(__VA_ARGS__)
#define STATIC_REQUIRE(...) static_assert(__VA_ARGS__)
#define STATIC_CHECK(...) static_assert(__VA_ARGS__)
#define STATIC_REQUIRE_FALSE(...) static_assert(!(__VA_ARGS__))
#define STATIC_CHECK_FALSE(...) static_assert(!(__VA_ARGS__))
#define REQUIRE_THROWS(...)                                                      \
  do {                                                                         \
    try {                                                                      \
      static_cast<void>(__VA_ARGS__);                                          \
    } catch (...) {                                                            \
    }                                                                          \
  } while (false)
#define CHECK_THROWS(...) REQUIRE_THROWS(__VA_ARGS__)
#define REQUIRE_THROWS_AS(expr, ...)                                             \
  do {                                                                         \
    try {                                                                      \
      static_cast<void>(expr);                                                 \
    } catch (__VA_ARGS__ const &) {                                            \
    }                                                                          \
  } while (false)
#define CHECK_THROWS_AS(expr, ...) REQUIRE_THROWS_AS(expr, __VA_ARGS__)
#define REQUIRE_NOTHROW(...) static_cast<void>(__VA_ARGS__)
#define CHECK_NOTHROW(...) static_cast<void>(__VA_ARGS__)
#define FAIL(...) static_cast<void>(::cg_catch::sink{} << __VA_ARGS__)
#define FAIL_CHECK(...) FAIL(__VA_ARGS__)
#define SUCCEED(...) FAIL(__VA_ARGS__)
#define SKIP(...) FAIL(__VA_ARGS__)
#define INFO(...) FAIL(__VA_ARGS__)
#define WARN(...) FAIL(__VA_ARGS__)
#define UNSCOPED_INFO(...) FAIL(__VA_ARGS__)
#define CAPTURE(...) static_cast<void>(::cg_catch::sink{})
"""


def prepare_stdexec(root, scratch):
    os.makedirs(os.path.join(scratch, "catch2"), exist_ok=True)
    with open(os.path.join(scratch, "catch2", "catch_all.hpp"), "w") as f:
        f.write(CATCH2_STANDIN)
    # exec/asio/asio_config.hpp is generated by the build from a .in file:
    # configure it for Boost.Asio (Boost 1.81's Asio is recent enough; Debian's
    # standalone Asio 1.22 is not: its io_context executor hides execute()).
    template = os.path.join(root, "include", "exec", "asio", "asio_config.hpp.in")
    if os.path.exists(template):
        with open(template) as f:
            text = f.read()
        text = text.replace("#cmakedefine01 STDEXEC_ASIO_USES_STANDALONE",
                            "#define STDEXEC_ASIO_USES_STANDALONE 0")
        text = text.replace("#cmakedefine01 STDEXEC_ASIO_USES_BOOST",
                            "#define STDEXEC_ASIO_USES_BOOST 1")
        os.makedirs(os.path.join(scratch, "exec", "asio"), exist_ok=True)
        with open(os.path.join(scratch, "exec", "asio", "asio_config.hpp"), "w") as f:
            f.write(text)


COMMON = ["-std=c++20", "-Wno-everything"]

SUITES = collections.OrderedDict((s.name, s) for s in [
    Suite("boost-asio-cpp20", "/usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20",
          ["*/*.cpp"], flags=["-std=c++20"], fetched=False),
    Suite("async_simple", "async_simple",
          ["async_simple/test/*.cpp", "async_simple/*/test/*.cpp", "demo_example/**/*.cpp",
           "benchmarks/*.cpp"],
          exclude=[("demo_example/CountCharUsingModules.cpp", "C++20 modules (import async_simple;)"),
                   ("async_simple/test/dotest.cpp", "gtest main() only")],
          # libaio-dev is not installed: build SimpleIOExecutor without AIO, as
          # the library's CMake does when it finds no libaio.
          flags=COMMON + ["-I{root}", "-DASYNC_SIMPLE_HAS_NOT_AIO", "-DASIO_STANDALONE"]),
    Suite("concurrencpp", "concurrencpp",
          ["example/*/source/*.cpp", "test/source/tests/**/*.cpp", "test/source/thread_sanitizer/*.cpp"],
          flags=COMMON + ["-I{root}/include", "-I{root}/test/include"]),
    Suite("stdexec", "stdexec",
          ["examples/*.cpp", "examples/*/*.cpp", "test/*.cpp", "test/exec/**/*.cpp",
           "test/stdexec/**/*.cpp", "test_package/*.cpp"],
          exclude=[("examples/nvexec/*", "CUDA (nvexec) is not installed"),
                   ("test/nvexec/*", "CUDA (nvexec) is not installed"),
                   ("*tbb*", "oneTBB is not installed"),
                   ("examples/benchmark/fibonacci.cpp", "oneTBB is not installed (includes exec/tbb)"),
                   ("test/exec/test_task.cpp", "does not compile with clang 19 at the reviewed commit: "
                    "co_await exec::reschedule_coroutine_on(...) finds no await_transform"),
                   ("*taskflow*", "Taskflow is not installed"),
                   ("*windows*", "Windows-only"),
                   ("test/test_main.cpp", "Catch2 main() only"),
                   ("test/rrd/*", "Relacy is not installed")],
          flags=COMMON + ["-I{scratch}", "-I{root}/include", "-I{root}/test", "-I{root}/examples"],
          prepare=prepare_stdexec),
    Suite("libunifex", "libunifex",
          ["examples/*.cpp", "examples/linux/*.cpp", "test/*.cpp"],
          exclude=[("*windows*", "Windows-only"),
                   ("*io_uring*", "liburing is not installed")],
          flags=COMMON + ["-I{root}/include", "-DUNIFEX_UNIT_TEST=1"]),
])


# --- expectations -------------------------------------------------------------

def read_expected(path):
    """{key: (verdict, reason)} in file order."""
    expected = collections.OrderedDict()
    if os.path.exists(path):
        with open(path) as f:
            for raw in f:
                body, _, reason = raw.partition("#")
                fields = body.split()
                if not fields:
                    continue
                verdict = fields[1] if len(fields) > 1 else "REVIEW"
                expected[fields[0]] = (verdict, reason.strip())
    return expected


def write_expected(path, suite, found, expected):
    with open(path, "w") as f:
        f.write("# Reviewed coroguard reports on %s (test/real/lint_real_code.py).\n" % suite.name)
        f.write("# <path>:<line>:<check>  real|deliberate|false  # reason\n")
        for key in sorted(found, key=sort_key):
            verdict, reason = expected.get(key, ("REVIEW", ""))
            f.write("%s  %s  # %s\n" % (key, verdict, reason or "REVIEW"))


def sort_key(key):
    path, line, check = key.rsplit(":", 2)
    return (path, int(line), check)


# --- running ------------------------------------------------------------------

def collect(suite, root):
    sources, skipped = [], []
    for pattern in suite.include:
        for path in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
            rel = os.path.relpath(path, root)
            reason = next((why for pat, why in suite.exclude if fnmatch.fnmatch(rel, pat)), None)
            if reason:
                skipped.append((rel, reason))
            elif path not in sources:
                sources.append(path)
    return sources, sorted(set(skipped))


def lint(coroguard, source, root, flags, timeout):
    header_filter = "^" + re.escape(os.path.realpath(root) + os.sep)
    cmd = [coroguard, "--checks=-*,coroguard-*", "--quiet", "--header-filter=" + header_filter,
           source, "--"] + flags
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=timeout, cwd=root)
        out, rc = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired as e:
        out = e.output or ""
        if isinstance(out, bytes):
            out = out.decode("utf-8", "replace")
        rc = "timeout"
    return out, rc, time.monotonic() - start


def run_suite(suite, args):
    root = suite.root if os.path.isabs(suite.root) else os.path.join(args.sources or "", suite.root)
    if not os.path.isdir(root):
        print("%s: %s not found, skipped" % (suite.name, root))
        return None
    root = os.path.realpath(root)
    scratch = os.path.join(args.scratch, suite.name)
    os.makedirs(scratch, exist_ok=True)
    if suite.prepare:
        suite.prepare(root, scratch)
    flags = [f.replace("{root}", root).replace("{scratch}", scratch) for f in suite.flags]
    sources, skipped = collect(suite, root)
    if args.filter:
        sources = [s for s in sources if re.search(args.filter, os.path.relpath(s, root))]
    listed = os.path.join(HERE, suite.name + ".files")
    if args.reviewed_only and os.path.exists(listed):
        with open(listed) as f:
            reviewed = {l.strip() for l in f if l.strip() and not l.startswith("#")}
        sources = [s for s in sources if os.path.relpath(s, root) in reviewed]
    for rel, why in skipped:
        print("%s: skipped %s (%s)" % (suite.name, rel, why))
    if not sources:
        print("%s: no sources, skipped" % suite.name)
        return None

    result = {"root": root, "found": collections.OrderedDict(), "times": {}, "parse": {},
              "crash": [], "per_check": collections.Counter(), "sources": sources,
              "skipped": skipped}
    print("%s: %d files, %d jobs, %ds timeout per file" % (suite.name, len(sources), args.jobs, args.timeout))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(lint, args.coroguard, s, root, flags, args.timeout): s for s in sources}
        for fut in concurrent.futures.as_completed(futures):
            source = futures[fut]
            rel = os.path.relpath(source, root)
            out, rc, elapsed = fut.result()
            result["times"][rel] = elapsed
            if args.log:
                log = os.path.join(args.log, suite.name, rel + ".log")
                os.makedirs(os.path.dirname(log), exist_ok=True)
                with open(log, "w") as f:
                    f.write(out)
            note = ""
            if rc == "timeout":
                result["crash"].append((rel, "timed out after %ds" % args.timeout))
                note = " TIMEOUT"
            elif rc < 0 or "Stack dump" in out:
                result["crash"].append((rel, out[-3000:]))
                note = " CRASH"
            errors = [m for m in ERROR.finditer(out) if "[coroguard-" not in m.group("what")]
            if errors:
                result["parse"][rel] = "%s: %s" % (errors[0].group("where"), errors[0].group("what"))
                note += " PARSE-ERRORS(%d)" % len(errors)
            count = 0
            for m in DIAG.finditer(out):
                path = os.path.realpath(os.path.join(root, m.group("file")))
                if not path.startswith(root + os.sep):
                    continue
                key = "%s:%s:%s" % (os.path.relpath(path, root), m.group("line"), m.group("check"))
                count += 1
                if key not in result["found"]:
                    result["found"][key] = rel
                    result["per_check"][m.group("check")] += 1
            print("  %-70s %7.2fs %4d%s" % (rel, elapsed, count, note), flush=True)
    return result


def compare(suite, result, args):
    path = os.path.join(HERE, suite.name + ".expected")
    expected = read_expected(path)
    found = result["found"]
    if args.update:
        write_expected(path, suite, found, expected)
        if suite.fetched:
            with open(os.path.join(HERE, suite.name + ".files"), "w") as f:
                f.write("# The files of %s whose reports %s.expected reviews (--reviewed-only)\n" % (
                    suite.name, suite.name))
                f.write("".join(sorted(os.path.relpath(s, result["root"]) + "\n" for s in result["sources"])))
        print("%s: wrote %s" % (suite.name, path))
        expected = read_expected(path)
    failed = False
    rows = collections.defaultdict(collections.Counter)
    for key in found:
        check = key.rsplit(":", 1)[1]
        verdict = expected.get(key, ("REVIEW", ""))[0]
        rows[check]["reports"] += 1
        rows[check][verdict if verdict in VERDICTS else "unreviewed"] += 1
        if verdict == "false":
            print("FALSE REPORT still given: %s  # %s" % (key, expected[key][1]))
            failed = True
        elif verdict not in VERDICTS:
            print("UNREVIEWED (not in %s.expected, or verdict REVIEW): %s" % (suite.name, key))
            failed = True
    linted = {os.path.relpath(s, result["root"]) for s in result["sources"]}
    for key, (verdict, reason) in expected.items():
        if key in found:
            continue
        if args.filter and key.rsplit(":", 2)[0] not in linted:
            continue  # not linted this run (--filter)
        if verdict == "false":
            print("FIXED (the false report is gone; delete the line): %s" % key)
            rows[key.rsplit(":", 1)[1]]["fixed"] += 1
        elif verdict == "real":
            print("MISSING (a reviewed real finding is no longer reported): %s" % key)
            rows[key.rsplit(":", 1)[1]]["missing"] += 1
            failed = True
        else:
            # A deliberate report may go by design (a rule that now spares
            # test code); it is printed, not a failure.
            print("GONE (a %s report is no longer given; update the file): %s" % (verdict, key))
            rows[key.rsplit(":", 1)[1]]["gone"] += 1
    for rel, what in sorted(result["parse"].items()):
        print("DOES NOT PARSE (not linted): %s\n    %s" % (rel, what))
    for rel, what in result["crash"]:
        print("CRASH on %s\n%s" % (rel, what))
    if result["crash"] or (result["parse"] and not args.allow_parse_errors):
        failed = True
    times = sorted(result["times"].values())
    print("%s: %d files linted, %d skipped, %d do not parse, %d crashes; %d reports; "
          "seconds per file: median %.1f, max %.1f, total %.0f" % (
              suite.name, len(result["sources"]), len(result["skipped"]), len(result["parse"]),
              len(result["crash"]), len(found), times[len(times) // 2], times[-1], sum(times)))
    print_table(suite.name, rows)
    print("%s: %s" % (suite.name, "FAILED" if failed else "passed"))
    return failed, rows


COLUMNS = ("reports", "real", "deliberate", "false", "unreviewed", "missing", "gone", "fixed")


def print_table(name, rows):
    print("| %s | %s |" % (name, " | ".join(COLUMNS)))
    print("|---|%s|" % "|".join("---:" for _ in COLUMNS))
    total = collections.Counter()
    for check in sorted(rows):
        total.update(rows[check])
        print("| %s | %s |" % (check, " | ".join(str(rows[check][c]) for c in COLUMNS)))
    print("| total | %s |" % " | ".join(str(total[c]) for c in COLUMNS))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--coroguard")
    parser.add_argument("--sources", default=os.environ.get("COROGUARD_REAL_SOURCES"),
                        help="directory holding the fetched trees (<dir>/<suite>)")
    parser.add_argument("--suite", action="append", choices=list(SUITES),
                        help="run only these suites (default: all that are present)")
    parser.add_argument("--filter", help="lint only files whose path matches this regex")
    parser.add_argument("--reviewed-only", action="store_true",
                        help="lint only the files listed in <suite>.files (those the review covered)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per file")
    parser.add_argument("--scratch", default=os.path.join(tempfile.gettempdir(), "coroguard-real"),
                        help="where generated headers go (outside the repository)")
    parser.add_argument("--log", help="write each file's coroguard output to <log>/<suite>/<path>.log")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the expectations with the reports found (then review each)")
    parser.add_argument("--summary", action="store_true",
                        help="print the reviewed counts of the expectations per check (no lint)")
    parser.add_argument("--allow-parse-errors", action="store_true",
                        help="report TUs that do not parse without failing")
    args = parser.parse_args()
    if args.summary:
        for name in args.suite or SUITES:
            rows = collections.defaultdict(collections.Counter)
            for key, (verdict, _) in read_expected(os.path.join(HERE, name + ".expected")).items():
                check = key.rsplit(":", 1)[1]
                rows[check]["reports"] += 1
                rows[check][verdict if verdict in VERDICTS else "unreviewed"] += 1
            print_table(name, rows)
        return
    if not args.coroguard:
        parser.error("--coroguard is required")
    args.coroguard = os.path.abspath(args.coroguard)

    failed = False
    tables = []
    for name in args.suite or SUITES:
        suite = SUITES[name]
        if suite.fetched and not args.sources:
            print("%s: no --sources (or COROGUARD_REAL_SOURCES), skipped" % name)
            continue
        result = run_suite(suite, args)
        if result is None:
            continue
        suite_failed, rows = compare(suite, result, args)
        failed |= suite_failed
        tables.append((name, rows))
    if len(tables) > 1:
        print("\nAll suites:")
        for name, rows in tables:
            print_table(name, rows)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
