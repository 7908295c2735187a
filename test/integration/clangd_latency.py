#!/usr/bin/env python3
"""How much later do diagnostics arrive with the coroguard checks on?
Runs coroguard-clangd twice on the same file — .clang-tidy with
Checks '-*,coroguard-*', then with Checks '-*' (same binary, no checks) —
and times, over LSP, the first diagnostics after didOpen and the diagnostics
after each of --edits small edits (clangd reuses the preamble: what a user
waits for while typing). Prints medians. Not a ctest (timing depends on the
machine); docs/integrations/clangd.md has the numbers.

  clangd_latency.py --clangd build/bin/coroguard-clangd \\
      --file examples/service/handlers.cpp -p build/examples-demo \\
      --file /usr/share/doc/libboost1.81-doc/examples/libs/asio/example/cpp20/coroutines/echo_server.cpp -p ""
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient, uri  # noqa: E402


def measure(clangd, path, db_dir, checks, edits, rounds):
    work = tempfile.mkdtemp(prefix="coroguard-latency-")
    try:
        with open(os.path.join(work, ".clang-tidy"), "w") as f:
            f.write("Checks: '%s'\n" % checks)
        with open(os.path.join(work, ".clangd"), "w") as f:
            f.write("Diagnostics:\n  ClangTidy:\n    FastCheckFilter: Loose\n")
        # The file's directory is copied so that this .clang-tidy applies;
        # the compile command is the original one, for the copy.
        copy = os.path.join(work, "src")
        shutil.copytree(os.path.dirname(path), copy)
        src = os.path.join(copy, os.path.basename(path))
        if db_dir:
            entry = next(e for e in json.load(open(os.path.join(db_dir, "compile_commands.json")))
                         if os.path.realpath(os.path.join(e["directory"], e["file"])) == path)
            entry = dict(entry, file=src)
            if "command" in entry:
                entry["command"] = entry["command"].replace(path, src)
            else:
                entry["arguments"] = [a.replace(path, src) for a in entry["arguments"]]
        else:
            entry = {"directory": copy, "file": src,
                     "arguments": ["clang++", "-std=c++20", "-c", src]}
        with open(os.path.join(work, "compile_commands.json"), "w") as f:
            json.dump([entry], f)
        text = open(src).read()
        opens, changes, ndiag = [], [], 0
        for _ in range(rounds):
            c = LspClient([clangd, "--background-index=false", "-j=1", "--log=error"],
                          work, os.path.join(work, "clangd.log"))
            c.request("initialize", {"processId": os.getpid(), "rootUri": uri(work),
                                     "capabilities": {}})
            c.notify("initialized", {})
            t = time.monotonic()
            c.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri(src), "languageId": "cpp", "version": 1, "text": text}})
            p = c.wait_notification("textDocument/publishDiagnostics",
                                    lambda p: p.get("version") == 1, timeout=300)
            opens.append(time.monotonic() - t)
            ndiag = sum(str(d.get("code", "")).startswith("coroguard-") for d in p["diagnostics"])
            for v in range(2, edits + 2):
                t = time.monotonic()
                c.notify("textDocument/didChange", {
                    "textDocument": {"uri": uri(src), "version": v},
                    "contentChanges": [{"text": text + "// edit %d\n" % v}]})
                c.wait_notification("textDocument/publishDiagnostics",
                                    lambda p: p.get("version") == v, timeout=300)
                changes.append(time.monotonic() - t)
            c.close()
        return statistics.median(opens), statistics.median(changes), ndiag
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--file", required=True, action="append")
    ap.add_argument("-p", dest="db", action="append",
                    help="directory of the compile_commands.json for each --file "
                         "('' for none: -std=c++20)")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print("%-40s %-18s %10s %10s %6s" % ("file", "checks", "open (s)", "edit (s)", "finds"))
    dbs = (args.db or []) + [""] * len(args.file)
    for path, db in zip(args.file, dbs):
        res = {}
        for checks in ("-*", "-*,coroguard-*"):
            res[checks] = measure(args.clangd, os.path.realpath(path), db and os.path.abspath(db),
                                  checks, args.edits, args.rounds)
            o, e, n = res[checks]
            print("%-40s %-18s %10.3f %10.3f %6d" % (os.path.basename(path), checks, o, e, n))
        (o0, e0, _), (o1, e1, _) = res["-*"], res["-*,coroguard-*"]
        print("%-40s %-18s %+10.3f %+10.3f" % ("", "coroguard adds", o1 - o0, e1 - e0))


if __name__ == "__main__":
    main()
