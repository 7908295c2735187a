#!/usr/bin/env python3
"""find_package(CoroGuard) from an installed coroguard: `cmake --install` of
the build under test into a temporary prefix; then test/integration/
cmake-consumer is configured against that prefix (CMAKE_PREFIX_PATH) and
built: CoroGuard::runtime gives the headers and C++20, the path variables
name files that exist, and CMAKE_CXX_CLANG_TIDY=${CoroGuard_CLANG_TIDY} lints
the consumer's code as it compiles (the warning shows in the build output);
the consumer runs."""
import argparse
import os
import re
import shutil
import subprocess
import sys


def run(cmd, **kw):
    print("$ " + " ".join(cmd))
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    if out.returncode != 0:
        print(out.stdout + out.stderr)
        raise SystemExit("FAIL: exit %d" % out.returncode)
    return out.stdout + out.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--consumer", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    prefix = os.path.join(args.workdir, "prefix")
    run(["cmake", "--install", args.build_dir, "--prefix", prefix])
    for f in ("bin/coroguard", "lib/libCoroGuard.so", "include/coroguard/task.hpp",
              "lib/cmake/CoroGuard/CoroGuardConfig.cmake",
              "share/doc/coroguard/checks/blocking-wait.md",
              "share/coroguard/integrations/pre-commit/coroguard-hook"):
        if not os.path.exists(os.path.join(prefix, f)):
            raise SystemExit("FAIL: the install has no " + f)

    build = os.path.join(args.workdir, "consumer-build")
    out = run(["cmake", "-S", args.consumer, "-B", build, "-G", "Ninja",
               "-DCMAKE_CXX_COMPILER=" + args.cxx, "-DCMAKE_PREFIX_PATH=" + prefix])
    found = dict(re.findall(r"-- CoroGuard_(\w+)=(.*)", out))
    print(found)
    for var, rel in (("EXECUTABLE", "bin/coroguard"), ("PLUGIN", "lib/libCoroGuard.so")):
        if os.path.realpath(found.get(var, "")) != os.path.realpath(os.path.join(prefix, rel)):
            raise SystemExit("FAIL: CoroGuard_%s is %r" % (var, found.get(var)))
    if not found.get("LLVM_VERSION", "").isdigit():
        raise SystemExit("FAIL: CoroGuard_LLVM_VERSION is %r" % found.get("LLVM_VERSION"))
    out = run(["cmake", "--build", build, "--verbose"])
    print(out[-2500:])
    if not re.search(r"main\.cpp:7:11: warning: .*\[coroguard-blocking-wait\]", out):
        raise SystemExit("FAIL: CMAKE_CXX_CLANG_TIDY did not report the blocking wait")
    run([os.path.join(build, "consumer")])
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
