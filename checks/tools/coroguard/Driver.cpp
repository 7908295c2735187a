//===--- Driver.cpp - coroguard: clang-tidy with the coroguard module -----===//
//
// clang-tidy's own command line, with the coroguard module linked in, so it
// works without --load and without a matching clang-tidy installed. What it
// checks and decides before clang-tidy runs (the checks, the database, the
// flags, the configuration) is in Inputs.cpp.
// It also has a subcommand and options of its own (Tools.h): `coroguard init`
// writes the .clang-tidy/.clangd an editor needs; --jobs N lints files in
// parallel with a progress line and a per-check summary; --sarif=<file>
// writes SARIF 2.1.0 and --baseline=<sarif> fails on new findings only.
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <string>
#include <vector>

namespace clang::tidy {
extern volatile int CoroGuardModuleAnchorSource;
// Keeps the module's registration in the statically linked driver.
[[maybe_unused]] static int CoroGuardModuleAnchorDestination =
    CoroGuardModuleAnchorSource;
} // namespace clang::tidy

namespace {

// Appended to clang-tidy's --help.
llvm::cl::extrahelp DriverHelp(R"(
coroguard options (besides clang-tidy's above):

  coroguard init [--force] [dir]   - Write the .clang-tidy and .clangd an editor
                                     needs (docs/integrations/clangd.md).
  -p <build dir> with no files     - Lint every file of its compile_commands.json.
  --jobs=<N>, -j <N>               - Lint files in parallel, one process per file
                                     (0: one per core), with a [k/N] progress line
                                     and a per-check summary. --fix then applies
                                     the merged fixes once; fixes that overlap
                                     different ones are refused (exit 1).
  --sarif=<file>                   - Write the findings as SARIF 2.1.0.
  --sarif-root=<dir>               - Make SARIF locations relative to <dir>
                                     (default: the git root of the files, else
                                     the directory of compile_commands.json).
  --baseline=<sarif>               - Fail only on findings not in this SARIF file.
  --docs-url=<url>                 - Base of the SARIF rules' help links
                                     (default: $COROGUARD_DOCS_URL, else the
                                     installed docs).
  --changed-since=<git rev>        - Lint only the files changed since <rev> (git
                                     diff of the working tree) and report only
                                     findings on changed lines.
  --shard=<k>/<n>                  - Lint shard k (1..n) of n of the files, a
                                     stable split by path hash for CI matrix
                                     jobs; the SARIF gets the category
                                     coroguard/shard-k-of-n/.

Defaults that differ from clang-tidy (README.md, "The coroguard driver"):
  coroguard-* always runs unless the Checks name coroguard checks themselves
  (e.g. '-coroguard-*'); clang-analyzer-* runs only when the Checks name it.
  .clang-tidy files are verified on every run, as --verify-config does.
  Compiler flags clang does not know (GCC's) are dropped, with a note.
  With no compile database and no flags after '--', C++ files are linted as
  C++20 and C files are skipped.
)");

} // namespace

int main(int argc, const char **argv) {
  std::vector<std::string> Args(argv, argv + argc);
  if (Args.size() > 1 && Args[1] == "init")
    return coroguard::runInit({Args.begin() + 2, Args.end()});
  // A child of an orchestrated run: its parent prepared the command line.
  if (std::getenv("COROGUARD_CHILD"))
    return clang::tidy::clangTidyMain(argc, argv);

  std::vector<std::string> Rest(Args.begin() + 1, Args.end());
  coroguard::RunOptions Opts;
  std::string Error;
  if (!coroguard::takeRunOptions(Rest, Opts, Error)) {
    llvm::errs() << "coroguard: error: " << Error << "\n";
    return 1;
  }
  for (const std::string &Arg : Rest)
    if (coroguard::isOption(Arg, "version"))
      llvm::outs() << "coroguard " << COROGUARD_VERSION
                   << " (clang-tidy module built against LLVM "
                   << COROGUARD_LLVM_MAJOR << ")\n";

  std::string TmpDir;
  int Status = coroguard::prepareRun(Rest, TmpDir);
  if (Status < 0) {
    if (Opts.Requested()) {
      // The children skip the preparation the parent did.
      setenv("COROGUARD_CHILD", "1", 1);
      Status = coroguard::runOrchestrated(argv[0], std::move(Rest), Opts);
    } else {
      std::vector<const char *> NewArgv{Args[0].c_str()};
      for (const std::string &A : Rest)
        NewArgv.push_back(A.c_str());
      Status = clang::tidy::clangTidyMain(static_cast<int>(NewArgv.size()),
                                          NewArgv.data());
    }
  }
  if (!TmpDir.empty())
    llvm::sys::fs::remove_directories(TmpDir);
  return Status;
}
