#!/usr/bin/env python3
"""Runs one coroguard check on a lit test file and verifies what it says.

Usage (from a RUN line):
  %check_coroguard [--check-suffix S] INPUT CHECKS TEMP [-- TIDY-ARGS [-- COMPILER-ARGS]]

The input's "// CHECK-..." comments are blanked (line numbers are kept) in a
copy at TEMP.cpp, the checks run on that copy with --fix, and then:
  - CHECK-MESSAGES (warnings) or CHECK-NOTES (warnings and notes) lines are
    FileChecked against the output; any warning or error not listed fails;
  - CHECK-FIXES lines are FileChecked against the fixed copy;
  - a file with no CHECK-MESSAGES/CHECK-NOTES lines must produce no warning.
Compiler arguments default to -std=c++20.
"""
import argparse
import os
import re
import subprocess
import sys


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--check-suffix", default="")
    parser.add_argument("--allow-errors", action="store_true",
                        help="the input does not compile (half-typed code)")
    parser.add_argument("input")
    parser.add_argument("checks")
    parser.add_argument("temp")
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        cut = argv.index("--")
        argv, rest = argv[:cut], argv[cut + 1:]
    args = parser.parse_args(argv)
    tidy_args, compiler_args = rest, []
    if "--" in rest:
        cut = rest.index("--")
        tidy_args, compiler_args = rest[:cut], rest[cut + 1:]
    if not any(a.startswith("-std=") for a in compiler_args):
        compiler_args = ["-std=c++20"] + compiler_args

    suffix = "-" + args.check_suffix if args.check_suffix else ""
    msg_prefix, notes_prefix, fix_prefix = (
        "CHECK-MESSAGES" + suffix, "CHECK-NOTES" + suffix, "CHECK-FIXES" + suffix)

    with open(args.input) as f:
        text = f.read()
    has = lambda p: re.search(r"\b" + re.escape(p) + r"(-NOT)?:", text) is not None
    has_msgs, has_notes, has_fixes = has(msg_prefix), has(notes_prefix), has(fix_prefix)

    ext = os.path.splitext(args.input)[1] or ".cpp"
    if ext == ".test":
        ext = ".cpp"
    temp = args.temp + ext
    os.makedirs(os.path.dirname(os.path.abspath(temp)), exist_ok=True)
    cleaned = re.sub(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", text)
    with open(temp, "w") as f:
        f.write(cleaned)

    cmd = [args.tool, temp, "--checks=-*," + args.checks, "--fix",
           "--quiet"] + (["--fix-errors"] if args.allow_errors else []) + \
        tidy_args + ["--"] + compiler_args
    print("Running: " + " ".join(cmd))
    proc = run(cmd)
    output = proc.stdout
    print("------------------------ coroguard output ------------------------")
    print(output)
    print("------------------------------------------------------------------")
    crashed = proc.returncode < 0 or "Stack dump" in output or \
        "PLEASE submit a bug report" in output
    if crashed:
        sys.exit("coroguard crashed (exit %d)" % proc.returncode)
    if not args.allow_errors and re.search(r"error: ", output):
        sys.exit("the input does not compile; pass --allow-errors for half-typed code")

    out_file = args.temp + ".msg"
    with open(out_file, "w") as f:
        f.write(output)

    if has_notes or has_msgs:
        prefix = notes_prefix if has_notes else msg_prefix
        implicit = "{{note|warning|error}}:" if has_notes else "{{warning|error}}:"
        if args.allow_errors:
            implicit = "{{note|warning}}:" if has_notes else "warning:"
        fc = run([args.filecheck, "-input-file=" + out_file, args.input,
                  "-check-prefix=" + prefix, "-implicit-check-not=" + implicit])
        if fc.returncode != 0:
            print(fc.stdout)
            sys.exit("FileCheck failed on the diagnostics")
    elif re.search(r"warning: ", output):
        sys.exit("unexpected warnings: the input lists no CHECK-MESSAGES")

    if has_fixes:
        fc = run([args.filecheck, "-input-file=" + temp, args.input,
                  "-check-prefix=" + fix_prefix, "-strict-whitespace"])
        if fc.returncode != 0:
            print(fc.stdout)
            sys.exit("FileCheck failed on the fixed file")


if __name__ == "__main__":
    main()
