#!/usr/bin/env python3
"""A real editor: headless Neovim, configured by the Neovim 0.7 snippet of
docs/integrations/clangd.md with coroguard-clangd as its language server,
opens a file of a project set up by `coroguard init` and reports the
coroguard diagnostic on the expected line; a second file of the project, in
a subdirectory, shares the first one's client, whose root is the project."""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample_project  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--coroguard", required=True)
    ap.add_argument("--runtime-include", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--nvim", default=shutil.which("nvim"))
    args = ap.parse_args()
    if not args.nvim:
        print("FAIL: nvim is not installed (scripts/bootstrap installs neovim)")
        return 1
    root = os.path.join(args.workdir, "project")
    src = sample_project.make(root, args.runtime_include, coroguard=args.coroguard)
    # A second file, in a subdirectory: the same project, the same client.
    os.makedirs(os.path.join(root, "sub"))
    src2 = os.path.join(root, "sub", "second.cpp")
    with open(src2, "w") as f:
        f.write("int second() { return 2; }\n")
    # The snippet of the docs, with the real server.
    here = os.path.dirname(os.path.abspath(__file__))
    page = open(os.path.join(here, "..", "..", "docs", "integrations", "clangd.md")).read()
    m = re.search(r"\*\*Neovim 0\.7\*\*.*?```lua\n(.*?)```", page, re.S)
    if not m or "/path/to/build/bin/coroguard-clangd" not in m.group(1):
        print("FAIL: no Neovim 0.7 snippet in docs/integrations/clangd.md")
        return 1
    snippet = os.path.join(args.workdir, "snippet.lua")
    with open(snippet, "w") as f:
        f.write(m.group(1).replace("/path/to/build/bin/coroguard-clangd", args.clangd))
    home = os.path.join(args.workdir, "home")  # no user config, no state
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, COROGUARD_CLANGD=args.clangd, COROGUARD_TEST_FILE=src,
               COROGUARD_TEST_FILE2=src2, COROGUARD_NVIM_SNIPPET=snippet,
               HOME=home, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home,
               XDG_STATE_HOME=home, XDG_CACHE_HOME=home)
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nvim_test.lua")
    cmd = [args.nvim, "--headless", "-n", "-u", script]
    print("$ " + " ".join(cmd))
    try:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True,
                             timeout=150, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print("FAIL: nvim did not finish within 150 s")
        return 1
    print(out.stdout + out.stderr)
    want = "DIAG %d:" % sample_project.FINDING_LINE
    hits = [l for l in out.stdout.splitlines()
            if l.startswith(want) and "coroguard-blocking-wait" in l]
    if out.returncode != 0 or not hits:
        print("FAIL: expected a coroguard-blocking-wait diagnostic on line %d "
              "(nvim exited %d)" % (sample_project.FINDING_LINE, out.returncode))
        return 1
    clients = re.findall(r"^CLIENTS (\d+)$", out.stdout, re.M)
    roots = re.findall(r"^ROOT (.*)$", out.stdout, re.M)
    if clients != ["1"] or [os.path.realpath(r) for r in roots] != [os.path.realpath(root)]:
        print("FAIL: expected one client for both files, rooted at %s; got %r %r"
              % (root, clients, roots))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
