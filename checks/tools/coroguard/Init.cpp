//===--- Init.cpp - coroguard init: the files an editor needs -------------===//

#include "Tools.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace coroguard {
namespace {

const char *ClangTidyText =
    "# Written by `coroguard init`. Enables the coroguard checks for the\n"
    "# coroguard driver, clang-tidy --load=libCoroGuard.so and coroguard-clangd.\n"
    "# To also run other checks, add them: Checks: '-*,coroguard-*,bugprone-*'\n"
    "Checks: '-*,coroguard-*'\n";

const char *ClangdText =
    "# Written by `coroguard init`. clangd 18 and later run only the clang-tidy\n"
    "# checks they know to be fast unless told otherwise; the coroguard checks\n"
    "# are not on clangd's list, so without this line an editor shows none of\n"
    "# them. (Use coroguard-clangd, which has the checks built in.)\n"
    "Diagnostics:\n"
    "  ClangTidy:\n"
    "    FastCheckFilter: Loose\n";

void usage(llvm::raw_ostream &OS) {
  OS << "usage: coroguard init [--force] [<project dir>]\n"
        "  Writes <project dir>/.clang-tidy (Checks: coroguard-*) and\n"
        "  <project dir>/.clangd (FastCheckFilter: Loose), so that\n"
        "  coroguard-clangd shows the checks in any LSP editor. Existing\n"
        "  files are left alone unless --force is given. <project dir>\n"
        "  defaults to the current directory.\n";
}

} // namespace

int runInit(const std::vector<std::string> &Args) {
  bool Force = false;
  std::string Dir = ".";
  bool DirGiven = false;
  for (const std::string &A : Args) {
    if (A == "--force" || A == "-f") {
      Force = true;
    } else if (A == "-h" || A == "--help" || A == "-help") {
      usage(llvm::outs());
      return 0;
    } else if (llvm::StringRef(A).starts_with("-") || DirGiven) {
      llvm::errs() << "coroguard init: error: unexpected argument '" << A
                   << "'\n";
      usage(llvm::errs());
      return 2;
    } else {
      Dir = A;
      DirGiven = true;
    }
  }
  if (!llvm::sys::fs::is_directory(Dir)) {
    llvm::errs() << "coroguard init: error: '" << Dir
                 << "' is not a directory\n";
    return 1;
  }

  int Status = 0;
  for (auto [Name, Text] : {std::pair{".clang-tidy", ClangTidyText},
                            std::pair{".clangd", ClangdText}}) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, Name);
    if (llvm::sys::fs::exists(Path)) {
      auto Old = llvm::MemoryBuffer::getFile(Path);
      if (Old && (*Old)->getBuffer() == Text) {
        llvm::outs() << "coroguard init: " << Path << " is up to date\n";
        continue;
      }
      if (!Force) {
        llvm::errs() << "coroguard init: " << Path
                     << " exists; left unchanged. ";
        if (llvm::StringRef(Name) == ".clang-tidy")
          llvm::errs() << "Add 'coroguard-*' to its Checks";
        else
          llvm::errs() << "Add 'Diagnostics: {ClangTidy: {FastCheckFilter: "
                          "Loose}}' to it";
        llvm::errs() << ", or run 'coroguard init --force' to replace it.\n";
        Status = 1;
        continue;
      }
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
    if (EC) {
      llvm::errs() << "coroguard init: error: cannot write " << Path << ": "
                   << EC.message() << "\n";
      Status = 1;
      continue;
    }
    OS << Text;
    llvm::outs() << "coroguard init: wrote " << Path << "\n";
  }
  return Status;
}

} // namespace coroguard
