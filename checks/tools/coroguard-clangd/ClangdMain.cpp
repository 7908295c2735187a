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
// clangd links every clang-tidy diagnostic to
// https://clang.llvm.org/extra/clang-tidy/checks/<module>/<check>.html, where
// no coroguard page exists. The server's output (stdout, where clangd writes
// only LSP messages) therefore goes through a pipe and a thread that points
// those links at coroguard's own pages: --coroguard-docs-url=<base> or
// $COROGUARD_DOCS_URL + /<check>.md, else the file:// URI of the installed
// share/doc/coroguard/checks (or the source tree's docs/checks).
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <unistd.h>
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
#ifndef COROGUARD_DOCS_DIR
#define COROGUARD_DOCS_DIR ""
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
/// The base of the coroguard checks' pages: the given URL, else the
/// file:// URI of the installed docs, else of the source tree's.
std::string docsBase(const char *Argv0, std::string Given) {
  if (Given.empty())
    if (const char *Env = std::getenv("COROGUARD_DOCS_URL"))
      Given = Env;
  if (Given.empty()) {
    static int Anchor;
    std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
    llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Exe));
    llvm::sys::path::append(Dir, "..", "share", "doc", "coroguard");
    llvm::sys::path::append(Dir, "checks");
    llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
    if (!llvm::sys::fs::is_directory(Dir) &&
        llvm::sys::fs::is_directory(COROGUARD_DOCS_DIR))
      Dir = COROGUARD_DOCS_DIR;
    Given = "file://";
    for (unsigned char C : Dir) {
      if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C))
        Given += C;
      else
        Given += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
    }
  }
  while (!Given.empty() && Given.back() == '/')
    Given.pop_back();
  // It goes into JSON strings as it is.
  for (char C : Given)
    if (C == '"' || C == '\\' || static_cast<unsigned char>(C) < 0x20)
      return "";
  return Given;
}

constexpr llvm::StringRef ClangTidyDocs =
    "https://clang.llvm.org/extra/clang-tidy/checks/coroguard/";

/// A message body with the links to clang-tidy's pages of coroguard checks
/// pointing at Base/<check>.md.
std::string rewriteBody(llvm::StringRef Body, llvm::StringRef Base) {
  std::string Out;
  while (true) {
    size_t At = Body.find(ClangTidyDocs);
    if (At == llvm::StringRef::npos)
      break;
    llvm::StringRef Rest = Body.drop_front(At + ClangTidyDocs.size());
    size_t Html = Rest.find(".html");
    llvm::StringRef Check = Rest.take_front(Html);
    if (Html == llvm::StringRef::npos || Check.empty() ||
        !llvm::all_of(Check, [](char C) {
          return llvm::isAlnum(C) || C == '-' || C == '_' || C == '.';
        })) {
      Out += Body.take_front(At + ClangTidyDocs.size()).str();
      Body = Rest;
      continue;
    }
    Out += Body.take_front(At).str();
    Out += (Base + "/" + Check + ".md").str();
    Body = Rest.drop_front(Html + 5);
  }
  Out += Body.str();
  return Out;
}

bool writeAll(int Fd, llvm::StringRef Data) {
  while (!Data.empty()) {
    ssize_t N = ::write(Fd, Data.data(), Data.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data = Data.drop_front(N);
  }
  return true;
}

/// Copies LSP messages from In to Out, rewriting each body; anything that is
/// not a "Content-Length: N" framed message passes unchanged.
void pump(int In, int Out, std::string Base) {
  std::string Buf;
  char Chunk[65536];
  bool Raw = false;
  while (true) {
    ssize_t N = ::read(In, Chunk, sizeof Chunk);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    Buf.append(Chunk, N);
    while (!Raw && !Buf.empty()) {
      size_t HeaderEnd = Buf.find("\r\n\r\n");
      if (HeaderEnd == std::string::npos) {
        if (!llvm::StringRef("Content-")
                 .starts_with(llvm::StringRef(Buf).take_front(8)))
          Raw = true; // Not LSP (--help, --version...).
        break;
      }
      llvm::StringRef Header(Buf.data(), HeaderEnd);
      size_t Length = 0;
      bool Found = false;
      std::string Others;
      llvm::SmallVector<llvm::StringRef, 4> Lines;
      Header.split(Lines, "\r\n");
      for (llvm::StringRef L : Lines) {
        auto [Name, Value] = L.split(':');
        if (Name.trim().equals_insensitive("content-length"))
          Found = !Value.trim().getAsInteger(10, Length);
        else
          Others += (L + "\r\n").str();
      }
      if (!Found) {
        Raw = true;
        break;
      }
      if (Buf.size() < HeaderEnd + 4 + Length)
        break;
      std::string Body =
          rewriteBody(llvm::StringRef(Buf).substr(HeaderEnd + 4, Length), Base);
      std::string Message = "Content-Length: " + std::to_string(Body.size()) +
                            "\r\n" + Others + "\r\n" + Body;
      Buf.erase(0, HeaderEnd + 4 + Length);
      if (!writeAll(Out, Message))
        return;
    }
    if (Raw) {
      if (!writeAll(Out, Buf))
        return;
      Buf.clear();
    }
  }
  writeAll(Out, Buf);
}

} // namespace

int main(int argc, char *argv[]) {
  std::vector<char *> Args{argv[0]};
  bool Given = false;
  std::string DocsUrl;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef A = argv[I];
    if (A.consume_front("--coroguard-docs-url=")) {
      DocsUrl = A.str();
      continue;
    }
    Args.push_back(argv[I]);
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

  // stdout through the link-rewriting pump; the pump ends when clangd's
  // side of the pipe closes.
  std::string Base = docsBase(argv[0], DocsUrl);
  int RealOut = Base.empty() ? -1 : ::dup(STDOUT_FILENO);
  int Pipe[2];
  if (RealOut < 0 || ::pipe(Pipe) != 0 || ::dup2(Pipe[1], STDOUT_FILENO) < 0)
    return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                     Args.data());
  ::close(Pipe[1]);
  std::thread Pump(pump, Pipe[0], RealOut, Base);
  int Status =
      clang::clangd::clangdMain(static_cast<int>(Args.size() - 1), Args.data());
  llvm::outs().flush();
  std::fflush(stdout);
  ::close(STDOUT_FILENO);
  Pump.join();
  return Status;
}
