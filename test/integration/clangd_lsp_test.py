#!/usr/bin/env python3
"""coroguard-clangd as an editor uses it, over LSP on stdio:
 - in a project set up by `coroguard init`, opening a file with a blocking
   wait in a coroutine publishes a coroguard-blocking-wait diagnostic (and no
   error: clang's resource directory is found, standard headers parse);
 - textDocument/codeAction offers the `co_await` fix-it, and applying its
   edit gives the expected line;
 - edits that leave the file half-typed, sent as fast as a typist's, never
   crash the server: it still answers and diagnoses the finished text."""
import argparse
import os
import urllib.parse
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample_project  # noqa: E402
from lsp_client import LspClient, apply_edits, uri  # noqa: E402


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--coroguard", required=True)
    ap.add_argument("--runtime-include", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()

    root = os.path.join(args.workdir, "project")
    src = sample_project.make(root, args.runtime_include, coroguard=args.coroguard)
    for f in (".clang-tidy", ".clangd"):
        if not os.path.exists(os.path.join(root, f)):
            fail("coroguard init did not write " + f)
    text = open(src).read()
    log = os.path.join(args.workdir, "clangd.log")
    client = LspClient([args.clangd, "--background-index=false", "-j=2",
                        "--pch-storage=memory"], root, log)
    try:
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": uri(root),
            "capabilities": {"textDocument": {
                "publishDiagnostics": {"relatedInformation": True,
                                       "codeDescriptionSupport": True},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                    "valueSet": ["quickfix", "refactor"]}}}}}})
        client.notify("initialized", {})
        started = time.monotonic()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(src), "languageId": "cpp", "version": 1, "text": text}})
        diags = client.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri(src) and p.get("version") == 1)["diagnostics"]
        print("diagnostics after %.2f s:" % (time.monotonic() - started))
        for d in diags:
            print("  %d:%d %s [%s] %s" % (d["range"]["start"]["line"] + 1,
                                          d["range"]["start"]["character"] + 1,
                                          d.get("source"), d.get("code"),
                                          d["message"].splitlines()[0]))
        errors = [d for d in diags if d.get("severity") == 1]
        if errors:
            fail("the file does not parse (is clang's resource directory "
                 "found?): " + errors[0]["message"])
        ours = [d for d in diags if d.get("code") == "coroguard-blocking-wait"]
        if not ours:
            fail("no coroguard-blocking-wait diagnostic")
        d = ours[0]
        if d["range"]["start"]["line"] + 1 != sample_project.FINDING_LINE:
            fail("the diagnostic is on line %d, expected %d" % (
                d["range"]["start"]["line"] + 1, sample_project.FINDING_LINE))
        if d.get("source") != "clang-tidy":
            fail("source is %r, expected 'clang-tidy'" % d.get("source"))
        # The link is coroguard's page of the check, not clang.llvm.org's
        # (which has none): the installed docs, or the source tree's.
        href = d.get("codeDescription", {}).get("href", "")
        page = urllib.parse.unquote(href[len("file://"):])
        if not href.startswith("file://") or not page.endswith("/checks/blocking-wait.md") \
                or not os.path.isfile(page):
            fail("the diagnostic links to %r, not to coroguard's page of the check" % href)
        print("link: %s" % href)

        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri(src)}, "range": d["range"],
            "context": {"diagnostics": [d]}})
        fixes = [a for a in actions or []
                 if "edit" in a and uri(src) in a["edit"].get("changes", {})]
        if not fixes:
            fail("no code action with an edit: %r" % actions)
        print("code action: %r" % fixes[0]["title"])
        fixed = apply_edits(text, fixes[0]["edit"]["changes"][uri(src)])
        line = fixed.splitlines()[sample_project.FINDING_LINE - 1]
        if line != sample_project.FIXED_LINE:
            fail("after the fix-it the line is %r, expected %r"
                 % (line, sample_project.FIXED_LINE))
        print("after the fix-it: %r" % line)

        # Half-typed code: a dozen prefixes of the file, nonsense, then the
        # whole file again; each is diagnosed before the next is sent, so the
        # checks really run on every one of them.
        version = 1
        cuts = list(range(len(text) - 1, 0, -max(1, len(text) // 12)))
        edits = [text[:n] for n in cuts] + [
            "coroguard::task<int> f() { co_await co_await ((( <<",
            "#include <coroguard/", text]
        for t in edits:
            version += 1
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri(src), "version": version},
                "contentChanges": [{"text": t}]})
            final = client.wait_notification(
                "textDocument/publishDiagnostics",
                lambda p: p["uri"] == uri(src) and p.get("version") == version)
        # And as a fast typist sends them: no waiting; clangd skips to the
        # last version, which differs from every earlier one.
        for t in edits[:-1] + [text + "// typed\n"]:
            version += 1
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri(src), "version": version},
                "contentChanges": [{"text": t}]})
        final = client.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri(src) and p.get("version") == version)
        if client.proc.poll() is not None:
            fail("the server exited after the edits")
        if not any(x.get("code") == "coroguard-blocking-wait"
                   for x in final["diagnostics"]):
            fail("no diagnostic after the edits settled")
        hover = client.request("textDocument/hover", {
            "textDocument": {"uri": uri(src)},
            "position": {"line": sample_project.FINDING_LINE - 1, "character": 22}})
        if not hover:
            fail("no hover answer after the edits")
        print("%d half-typed edits, one by one then in a burst: the server still answers" % (len(edits) - 1))
    except Exception as e:  # noqa: BLE001
        print(open(log, errors="replace").read()[-4000:])
        fail("%s: %s" % (type(e).__name__, e))
    finally:
        code = client.close()
    if code != 0:
        fail("the server exited with %s" % code)

    # --coroguard-docs-url points the links elsewhere.
    client = LspClient([args.clangd, "--background-index=false", "-j=2",
                        "--coroguard-docs-url=https://docs.example.org/coroguard/"],
                       root, log + ".2")
    try:
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": uri(root),
            "capabilities": {"textDocument": {"publishDiagnostics": {
                "codeDescriptionSupport": True}}}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(src), "languageId": "cpp", "version": 1, "text": text}})
        diags = client.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri(src) and p.get("version") == 1)["diagnostics"]
        hrefs = [d.get("codeDescription", {}).get("href") for d in diags
                 if d.get("code") == "coroguard-blocking-wait"]
        if hrefs != ["https://docs.example.org/coroguard/blocking-wait.md"]:
            fail("with --coroguard-docs-url the links are %r" % hrefs)
        print("link with --coroguard-docs-url: %s" % hrefs[0])
    finally:
        code = client.close()
    if code != 0:
        fail("the server exited with %s" % code)
    print("PASS")


if __name__ == "__main__":
    main()
