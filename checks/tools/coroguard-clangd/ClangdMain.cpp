//===--- ClangdMain.cpp - coroguard-clangd: clangd with coroguard checks --===//
//
// Debian's clangd, built from its libclangdMain.a, with the coroguard
// clang-tidy module linked in: a project whose .clang-tidy enables
// coroguard-* (and whose .clangd lets clangd run checks it does not know to
// be fast: `Diagnostics: ClangTidy: FastCheckFilter: Loose`) gets coroguard
// diagnostics and fix-its in any LSP editor. `coroguard init` writes both.
//
// clangd looks for clang's resource directory (stddef.h, the intrinsics
// headers...) next to its own executable; this one lives elsewhere, so it
// passes --resource-dir itself unless the user did: the directory of the LLVM
// it was built against, else $COROGUARD_RESOURCE_DIR, else
// <exe>/../lib/clang/<major> (a relocated install).
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <string>
#include <vector>

namespace clang::clangd {
// clangd/tool/ClangdMain.h, which Debian does not ship.
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

namespace clang::tidy {
extern volatile int CoroGuardModuleAnchorSource;
// Keeps the module's registration in the statically linked server.
[[maybe_unused]] static int CoroGuardModuleAnchorDestination =
    CoroGuardModuleAnchorSource;
} // namespace clang::tidy

#ifndef COROGUARD_RESOURCE_DIR
#define COROGUARD_RESOURCE_DIR ""
#endif
#ifndef COROGUARD_LLVM_MAJOR
#define COROGUARD_LLVM_MAJOR 0
#endif

namespace {
bool hasStddef(llvm::StringRef Dir) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, "include", "stddef.h");
  return !Dir.empty() && llvm::sys::fs::exists(P);
}

std::string findResourceDir(const char *Argv0) {
  if (hasStddef(COROGUARD_RESOURCE_DIR))
    return COROGUARD_RESOURCE_DIR;
  if (const char *Env = std::getenv("COROGUARD_RESOURCE_DIR"))
    if (hasStddef(Env))
      return Env;
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  llvm::SmallString<256> P(llvm::sys::path::parent_path(Exe));
  llvm::sys::path::append(P, "..", "lib", "clang",
                          std::to_string(COROGUARD_LLVM_MAJOR));
  if (hasStddef(P))
    return std::string(P);
  return "";
}
} // namespace

int main(int argc, char *argv[]) {
  std::vector<char *> Args(argv, argv + argc);
  bool Given = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef A = argv[I];
    Given |= A.starts_with("--resource-dir") || A.starts_with("-resource-dir");
  }
  std::string Flag;
  if (!Given) {
    std::string Dir = findResourceDir(argv[0]);
    if (Dir.empty()) {
      llvm::errs() << "coroguard-clangd: warning: clang's resource directory "
                      "(lib/clang/"
                   << COROGUARD_LLVM_MAJOR
                   << " with include/stddef.h) was not found; standard "
                      "headers may fail to parse. Pass --resource-dir=<dir> "
                      "or set COROGUARD_RESOURCE_DIR.\n";
    } else {
      Flag = "--resource-dir=" + Dir;
      Args.insert(Args.begin() + 1, Flag.data());
    }
  }
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                   Args.data());
}
