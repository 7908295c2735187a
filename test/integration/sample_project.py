"""A small project on the coroguard runtime, as an editor sees one: a source
with a blocking wait inside a coroutine, a compile_commands.json, and the
.clang-tidy/.clangd that `coroguard init` writes."""
import json
import os
import shutil
import subprocess

SOURCE = """\
#include <coroguard/sync_wait.hpp>
#include <coroguard/task.hpp>
#include <cstddef>
#include <vector>

coroguard::task<int> compute() { co_return 42; }

coroguard::task<int> handler() {
  std::vector<std::size_t> sizes{1, 2, 3};
  int v = coroguard::sync_wait(compute());
  co_return v + static_cast<int>(sizes.size());
}

int main() { return coroguard::sync_wait(handler()) == 45 ? 0 : 1; }
"""
# Where the finding is (1-based) and what its fix-it makes of the line.
FINDING_LINE = 10
FIXED_LINE = "  int v = co_await compute();"


def make(root, runtime_include, coroguard=None, checks=None):
    """Writes the project into root (emptied first). With coroguard, its
    `init` writes .clang-tidy and .clangd; checks overrides the Checks."""
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    src = os.path.join(root, "handler.cpp")
    with open(src, "w") as f:
        f.write(SOURCE)
    with open(os.path.join(root, "compile_commands.json"), "w") as f:
        json.dump([{"directory": root, "file": src,
                    "arguments": ["clang++", "-std=c++20", "-I" + runtime_include,
                                  "-c", "handler.cpp"]}], f, indent=1)
    if coroguard:
        out = subprocess.run([coroguard, "init", root], capture_output=True,
                             text=True)
        if out.returncode != 0:
            raise SystemExit("coroguard init failed:\n" + out.stdout + out.stderr)
    if checks is not None:
        with open(os.path.join(root, ".clang-tidy"), "w") as f:
            f.write("Checks: '%s'\n" % checks)
    return src
