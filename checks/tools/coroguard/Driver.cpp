//===--- Driver.cpp - coroguard: clang-tidy with the coroguard module -----===//
//
// clang-tidy's own command line, with the coroguard module linked in, so it
// works without --load and without a matching clang-tidy installed. Two
// defaults differ from plain clang-tidy, and both are announced:
//  - with no Checks given (no --checks, --config, --config-file, and no
//    .clang-tidy with a Checks key above any input file), coroguard-* runs;
//  - with no compilation database and no flags after "--", files are linted
//    as C++20 instead of failing to parse every coroutine.
// It also has a subcommand and options of its own (Tools.h): `coroguard init`
// writes the .clang-tidy/.clangd an editor needs; --jobs N lints files in
// parallel with a progress line and a per-check summary; --sarif=<file>
// writes SARIF 2.1.0 and --baseline=<sarif> fails on new findings only.
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy {
extern volatile int CoroGuardModuleAnchorSource;
// Keeps the module's registration in the statically linked driver.
[[maybe_unused]] static int CoroGuardModuleAnchorDestination =
    CoroGuardModuleAnchorSource;
} // namespace clang::tidy

namespace {

using llvm::StringRef;
using coroguard::isOption;
using coroguard::takesSeparateValue;

/// Whether a directory or one of its parents holds File.
bool foundAbove(StringRef Path, StringRef File,
                llvm::function_ref<bool(StringRef)> Accept) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::fs::make_absolute(Dir);
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, File);
    if (llvm::sys::fs::exists(Candidate) && Accept(Candidate))
      return true;
    StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return false;
}

bool configNamesChecks(StringRef ConfigPath) {
  auto Buffer = llvm::MemoryBuffer::getFile(ConfigPath);
  if (!Buffer)
    return false;
  llvm::SmallVector<StringRef, 32> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n');
  for (StringRef Line : Lines)
    if (Line.ltrim().starts_with("Checks:") ||
        Line.ltrim().starts_with("Checks :"))
      return true;
  return false;
}

} // namespace

int main(int argc, const char **argv) {
  std::vector<std::string> Args(argv, argv + argc);
  if (Args.size() > 1 && Args[1] == "init")
    return coroguard::runInit({Args.begin() + 2, Args.end()});
  {
    std::vector<std::string> Rest(Args.begin() + 1, Args.end());
    coroguard::RunOptions Opts;
    std::string Error;
    if (!coroguard::takeRunOptions(Rest, Opts, Error)) {
      llvm::errs() << "coroguard: error: " << Error << "\n";
      return 1;
    }
    if (Opts.Requested())
      return coroguard::runOrchestrated(argv[0], std::move(Rest), Opts);
  }
  std::vector<std::string> Files;
  bool ChecksGiven = false, FlagsGiven = false;
  std::optional<std::string> BuildPath;
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef Arg = Args[I];
    if (Arg == "--") {
      FlagsGiven = true;
      break;
    }
    if (isOption(Arg, "checks") || isOption(Arg, "config") ||
        isOption(Arg, "config-file"))
      ChecksGiven = true;
    if (Arg == "-p" || Arg == "--p") {
      if (I + 1 < Args.size())
        BuildPath = Args[I + 1];
    } else if (isOption(Arg, "p")) {
      BuildPath = Arg.split('=').second.str();
    }
    if (isOption(Arg, "version")) {
      llvm::outs() << "coroguard " << COROGUARD_VERSION
                   << " (clang-tidy module built against LLVM "
                   << COROGUARD_LLVM_MAJOR << ")\n";
    }
    if (Arg.starts_with("-")) {
      if (takesSeparateValue(Arg) && I + 1 < Args.size())
        ++I;
      continue;
    }
    Files.push_back(Args[I]);
  }

  for (const std::string &File : Files) {
    if (!llvm::sys::fs::exists(File)) {
      llvm::errs() << "coroguard: error: no such file: '" << File << "'\n";
      return 1;
    }
  }

  // clang-tidy runs "without flags" when -p names no database; asking for
  // one that is not there deserves an error instead.
  auto HasDatabase = [](StringRef Dir) {
    return foundAbove(Dir, "compile_commands.json",
                      [](StringRef) { return true; }) ||
           foundAbove(Dir, "compile_flags.txt", [](StringRef) { return true; });
  };
  if (BuildPath && !HasDatabase(*BuildPath)) {
    llvm::errs() << "coroguard: error: no compile_commands.json in '"
                 << *BuildPath
                 << "' or its parents (given with -p); configure the build "
                    "with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or pass "
                    "compiler flags after '--' instead\n";
    return 1;
  }

  std::vector<std::string> Extra;
  if (!ChecksGiven) {
    bool AnyConfig = false;
    for (const std::string &File : Files)
      AnyConfig |= foundAbove(File, ".clang-tidy", configNamesChecks);
    if (Files.empty())
      AnyConfig |= foundAbove(".", ".clang-tidy", configNamesChecks);
    if (!AnyConfig)
      Extra.push_back("--checks=-*,coroguard-*");
  }

  std::vector<std::string> Trailing;
  if (!FlagsGiven && !BuildPath && !Files.empty()) {
    bool AnyDatabase = false;
    for (const std::string &File : Files)
      AnyDatabase |= foundAbove(File, "compile_commands.json",
                                [](StringRef) { return true; });
    if (!AnyDatabase) {
      llvm::errs() << "coroguard: no compile_commands.json found above the "
                      "input files; linting them as C++20 with no include "
                      "paths (pass -p <build dir>, or compiler flags after "
                      "'--')\n";
      Trailing = {"--", "-std=c++20"};
    }
  }

  std::vector<const char *> NewArgv{Args[0].c_str()};
  for (const std::string &E : Extra)
    NewArgv.push_back(E.c_str());
  for (size_t I = 1; I < Args.size(); ++I)
    NewArgv.push_back(Args[I].c_str());
  for (const std::string &T : Trailing)
    NewArgv.push_back(T.c_str());
  return clang::tidy::clangTidyMain(static_cast<int>(NewArgv.size()),
                                    NewArgv.data());
}
