#!/usr/bin/env python3
"""A real editor: headless Neovim with coroguard-clangd as its language
server opens a file of a project set up by `coroguard init` and reports the
coroguard diagnostic on the expected line."""
import argparse
import os
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
    home = os.path.join(args.workdir, "home")  # no user config, no state
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, COROGUARD_CLANGD=args.clangd, COROGUARD_TEST_FILE=src,
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
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
