#!/usr/bin/env python3
"""The pre-commit hook with the real pre-commit (offline): a throwaway git
repository whose .pre-commit-config.yaml points at a local clone of this
repository's hook (.pre-commit-hooks.yaml + integrations/pre-commit at a
commit). `git commit` of a file with a blocking wait in a coroutine is
refused with the diagnostic shown; a clean file commits."""
import argparse
import json
import os
import shutil
import subprocess
import sys

BAD = """\
#include <coroguard/sync_wait.hpp>
#include <coroguard/task.hpp>

coroguard::task<int> compute() { co_return 1; }
coroguard::task<int> handler() { co_return coroguard::sync_wait(compute()); }
"""
GOOD = """\
#include <coroguard/task.hpp>

coroguard::task<int> compute() { co_return 1; }
coroguard::task<int> handler() { co_return co_await compute(); }
"""


def run(cmd, cwd, env, check=True):
    print("$ " + " ".join(cmd))
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=300)
    if check and out.returncode != 0:
        print(out.stdout + out.stderr)
        raise SystemExit("FAIL: %s exited %d" % (cmd[0], out.returncode))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coroguard", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--runtime-include", required=True)
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    if not shutil.which("pre-commit"):
        print("FAIL: pre-commit is not installed (scripts/bootstrap installs it)")
        return 1
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    home = os.path.join(args.workdir, "home")
    os.makedirs(home)
    env = dict(os.environ, HOME=home, PRE_COMMIT_HOME=os.path.join(args.workdir, "cache"),
               COROGUARD=args.coroguard, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t",
               GIT_CONFIG_NOSYSTEM="1")
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)

    # The hook repository: the files a `repo:` of pre-commit needs, at a commit.
    hooks = os.path.join(args.workdir, "hooks")
    os.makedirs(os.path.join(hooks, "integrations"))
    shutil.copy(os.path.join(args.source_dir, ".pre-commit-hooks.yaml"), hooks)
    shutil.copytree(os.path.join(args.source_dir, "integrations", "pre-commit"),
                    os.path.join(hooks, "integrations", "pre-commit"))
    run(["git", "init", "-q", "-b", "main"], hooks, env)
    run(["git", "add", "."], hooks, env)
    run(["git", "commit", "-q", "-m", "hooks"], hooks, env)
    rev = run(["git", "rev-parse", "HEAD"], hooks, env).stdout.strip()

    # The user's project: a compile database in build/, the hook installed.
    proj = os.path.join(args.workdir, "project")
    os.makedirs(os.path.join(proj, "build"))
    run(["git", "init", "-q", "-b", "main"], proj, env)
    with open(os.path.join(proj, ".pre-commit-config.yaml"), "w") as f:
        f.write("repos:\n- repo: %s\n  rev: %s\n  hooks:\n  - id: coroguard\n"
                "    args: [-p, build]\n" % (hooks, rev))
    for name, text in (("bad.cpp", BAD), ("good.cpp", GOOD)):
        with open(os.path.join(proj, name), "w") as f:
            f.write(text)
    with open(os.path.join(proj, "build", "compile_commands.json"), "w") as f:
        json.dump([{"directory": proj, "file": os.path.join(proj, n),
                    "arguments": ["clang++", "-std=c++20", "-I" + args.runtime_include,
                                  "-c", n]} for n in ("bad.cpp", "good.cpp")], f)
    run(["git", "add", ".pre-commit-config.yaml"], proj, env)
    run(["git", "commit", "-q", "--no-verify", "-m", "config"], proj, env)
    run(["pre-commit", "install"], proj, env)

    run(["git", "add", "bad.cpp"], proj, env)
    out = run(["git", "commit", "-m", "misuse"], proj, env, check=False)
    print(out.stdout + out.stderr)
    if out.returncode == 0:
        raise SystemExit("FAIL: the commit with a blocking wait was accepted")
    if "coroguard-blocking-wait" not in out.stdout + out.stderr or "bad.cpp:5:" not in out.stdout + out.stderr:
        raise SystemExit("FAIL: the refused commit does not show the diagnostic")
    print("-- the misuse was refused with the diagnostic shown")

    run(["git", "reset", "-q", "bad.cpp"], proj, env)
    run(["git", "add", "good.cpp"], proj, env)
    out = run(["git", "commit", "-m", "clean"], proj, env, check=False)
    print(out.stdout + out.stderr)
    if out.returncode != 0:
        raise SystemExit("FAIL: the clean commit was refused")
    log = run(["git", "log", "--format=%s"], proj, env).stdout.split()
    if log[0] != "clean":
        raise SystemExit("FAIL: the clean commit is not in the log: %r" % log)
    print("-- the clean file committed\nPASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
