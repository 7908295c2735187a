# lit configuration for the coroguard check tests. The paths come from
# --param arguments that test/checks/CMakeLists.txt passes, so the tests run
# from ctest against the tools of the build being tested.
import os
import lit.formats

config.name = "coroguard-checks"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

params = lit_config.params
def param(name):
    value = params.get(name)
    if not value:
        lit_config.fatal("missing --param %s (run the tests through ctest)" % name)
    return value

config.test_exec_root = param("exec_root")
here = os.path.dirname(os.path.abspath(__file__))
inputs = os.path.join(here, "Inputs")
runner = os.path.join(here, "check_coroguard.py")

import sys
check = "%s %s --tool %s --filecheck %s" % (
    sys.executable, runner, param("coroguard"), param("filecheck"))
config.substitutions.append(("%check_coroguard", check))
config.substitutions.append(("%coroguard", param("coroguard")))
config.substitutions.append(("%plugin", param("plugin")))
config.substitutions.append(("%clang_tidy", param("clang_tidy")))
config.substitutions.append(("%FileCheck", param("filecheck")))
# LLVM's `not`: succeeds when the command fails, but not when it crashes.
config.substitutions.append(("not ", os.path.join(os.path.dirname(param("filecheck")), "not") + " "))
config.substitutions.append(("%runtime_include", param("runtime_include")))
config.substitutions.append(("%inputs", inputs))
# A directory outside any project (no compile_commands.json or .clang-tidy
# above it), for tests of how the driver finds them. One per build tree, so
# two trees (LLVM 19 and 22, or two checkouts) can run their tests at once.
import hashlib
import tempfile
_tree = hashlib.sha1(param("exec_root").encode()).hexdigest()[:8]
config.substitutions.append(("%scratch", os.path.join(tempfile.gettempdir(), "coroguard-lit-" + _tree)))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%llvm_major", param("llvm_major")))
config.available_features.add("llvm-%s" % param("llvm_major"))
if os.path.isdir("/usr/include/asio"):
    config.available_features.add("asio")
if os.path.isdir("/usr/include/boost/asio"):
    config.available_features.add("boost-asio")
if os.path.isdir("/usr/include/gtest"):
    config.available_features.add("gtest")
if os.path.isfile("/usr/include/absl/synchronization/mutex.h"):
    config.available_features.add("abseil")
if os.path.isfile("/usr/include/boost/thread/mutex.hpp"):
    config.available_features.add("boost-thread")
