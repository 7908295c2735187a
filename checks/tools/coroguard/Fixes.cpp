//===--- Fixes.cpp - apply the fixes of many files once, or refuse --------===//
//
// With --jobs (or --sarif), every file runs in its own child, and a header
// included by several files gets the same fix-it from each. Letting each
// child apply its fixes edits the header several times over stale offsets
// and damages it. So the children never get --fix: they export their fixes,
// and the parent merges them, drops identical replacements, refuses fixes
// that overlap a different one (with a message and a non-zero exit), and
// writes each file once.
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Format/Format.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>
#include <set>

namespace coroguard {

using llvm::StringRef;

FixRequest takeFixOptions(std::vector<std::string> &Options) {
  FixRequest R;
  for (size_t I = 0; I < Options.size();) {
    StringRef Arg = Options[I];
    bool Took = true;
    if (isOption(Arg, "fix"))
      R.Fix = true;
    else if (isOption(Arg, "fix-errors"))
      R.Fix = R.FixErrors = true;
    else if (isOption(Arg, "fix-notes"))
      R.Fix = R.FixNotes = true;
    else
      Took = false;
    if (Took) {
      // --fix=false and the like: taken out, and not requested.
      if (Arg.ends_with("=false") || Arg.ends_with("=0"))
        R.Fix = R.FixErrors = R.FixNotes = false;
      Options.erase(Options.begin() + I);
      continue;
    }
    if (isOption(Arg, "format-style")) {
      R.FormatStyle = Arg.split('=').second.str();
    } else if (Arg == "-format-style" || Arg == "--format-style") {
      if (I + 1 < Options.size())
        R.FormatStyle = Options[I + 1];
    }
    ++I;
  }
  return R;
}

namespace {

struct Edit {
  unsigned Offset, Length;
  std::string Text;
  size_t Fix; // index of the diagnostic whose fix this is
};

std::string absolutePath(StringRef Path, StringRef BuildDirectory) {
  llvm::SmallString<256> P;
  if (llvm::sys::path::is_relative(Path) && !BuildDirectory.empty()) {
    P = BuildDirectory;
    llvm::sys::path::append(P, Path);
  } else {
    P = Path;
  }
  llvm::sys::fs::make_absolute(P);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(P, Real))
    return std::string(Real);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// "file:line:col" of an offset, for messages.
std::string where(StringRef File, unsigned Offset) {
  auto Buffer = llvm::MemoryBuffer::getFile(File);
  if (!Buffer || Offset > (*Buffer)->getBufferSize())
    return File.str();
  StringRef Before = (*Buffer)->getBuffer().take_front(Offset);
  size_t Line = Before.count('\n') + 1;
  size_t LineStart = Before.rfind('\n');
  size_t Col = LineStart == StringRef::npos ? Offset + 1 : Offset - LineStart;
  return (File + ":" + llvm::Twine(Line) + ":" + llvm::Twine(Col)).str();
}

} // namespace

int applyMergedFixes(const std::vector<clang::tooling::Diagnostic> &Diags,
                     const FixRequest &Req) {
  if (!Req.Fix)
    return 0;
  bool CompilerErrors = llvm::any_of(Diags, [](const auto &D) {
    return D.DiagLevel == clang::tooling::Diagnostic::Error;
  });
  if (CompilerErrors && !Req.FixErrors) {
    llvm::errs() << "coroguard: compiler errors were found and --fix-errors "
                    "was not given: no fix applied\n";
    return 1;
  }

  // Every replacement of every chosen fix, by the file's real path.
  std::map<std::string, std::vector<Edit>> Edits;
  std::vector<std::string> FixWhere(Diags.size());
  for (size_t K = 0; K < Diags.size(); ++K) {
    const auto &D = Diags[K];
    const auto *Fix = clang::tidy::getFixIt(D, Req.FixNotes);
    if (!Fix)
      continue;
    FixWhere[K] = where(absolutePath(D.Message.FilePath, D.BuildDirectory),
                        D.Message.FileOffset) +
                  " [" + D.DiagnosticName + "]";
    for (const auto &[File, Repls] : *Fix)
      for (const clang::tooling::Replacement &R : Repls) {
        if (R.getFilePath().empty())
          continue;
        Edits[absolutePath(R.getFilePath(), D.BuildDirectory)].push_back(
            {R.getOffset(), R.getLength(), R.getReplacementText().str(), K});
      }
  }

  // Identical replacements (a header's fix reported by several files) count
  // once; a replacement that overlaps a different one refuses both fixes.
  std::set<size_t> Refused;
  int Status = 0;
  for (auto &[File, List] : Edits) {
    llvm::sort(List, [](const Edit &A, const Edit &B) {
      return std::tie(A.Offset, A.Length, A.Text, A.Fix) <
             std::tie(B.Offset, B.Length, B.Text, B.Fix);
    });
    List.erase(std::unique(List.begin(), List.end(),
                           [](const Edit &A, const Edit &B) {
                             return A.Offset == B.Offset &&
                                    A.Length == B.Length && A.Text == B.Text;
                           }),
               List.end());
    for (size_t I = 0; I < List.size(); ++I)
      for (size_t J = I + 1; J < List.size(); ++J) {
        const Edit &A = List[I], &B = List[J];
        bool Overlap = B.Offset < A.Offset + A.Length ||
                       (A.Length == 0 && B.Length == 0 && A.Offset == B.Offset);
        if (!Overlap)
          break;
        if (A.Fix == B.Fix)
          continue;
        if (Refused.insert(A.Fix).second | Refused.insert(B.Fix).second)
          llvm::errs() << "coroguard: error: conflicting fixes in " << File
                       << ": the fix of " << FixWhere[A.Fix]
                       << " overlaps the fix of " << FixWhere[B.Fix]
                       << "; neither is applied\n";
        Status = 1;
      }
  }

  unsigned Files = 0;
  std::set<size_t> Applied;
  for (auto &[File, List] : Edits) {
    clang::tooling::Replacements Repls;
    std::set<size_t> Here;
    bool Ok = true;
    for (const Edit &E : List) {
      if (Refused.count(E.Fix))
        continue;
      if (auto Err = Repls.add(
              clang::tooling::Replacement(File, E.Offset, E.Length, E.Text))) {
        llvm::errs() << "coroguard: error: cannot apply the fixes in " << File
                     << ": " << llvm::toString(std::move(Err)) << "\n";
        Ok = false;
        break;
      }
      Here.insert(E.Fix);
    }
    if (!Ok) {
      Status = 1;
      continue;
    }
    if (Repls.empty())
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    if (!Buffer) {
      llvm::errs() << "coroguard: error: cannot read " << File << "\n";
      Status = 1;
      continue;
    }
    StringRef Code = (*Buffer)->getBuffer();
    auto Style = clang::format::getStyle(
        Req.FormatStyle.empty() ? "none" : Req.FormatStyle, File, "none");
    if (!Style) {
      llvm::errs() << "coroguard: error: " << llvm::toString(Style.takeError())
                   << "\n";
      Status = 1;
      continue;
    }
    auto Cleaned =
        clang::format::cleanupAroundReplacements(Code, Repls, *Style);
    if (Cleaned) {
      Repls = std::move(*Cleaned);
      if (!Req.FormatStyle.empty() && Req.FormatStyle != "none") {
        if (auto Formatted =
                clang::format::formatReplacements(Code, Repls, *Style))
          Repls = std::move(*Formatted);
        else
          llvm::consumeError(Formatted.takeError());
      }
    } else {
      llvm::consumeError(Cleaned.takeError());
    }
    auto NewCode = clang::tooling::applyAllReplacements(Code, Repls);
    if (!NewCode) {
      llvm::errs() << "coroguard: error: cannot apply the fixes in " << File
                   << ": " << llvm::toString(NewCode.takeError()) << "\n";
      Status = 1;
      continue;
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC, llvm::sys::fs::OF_None);
    if (EC) {
      llvm::errs() << "coroguard: error: cannot write " << File << ": "
                   << EC.message() << "\n";
      Status = 1;
      continue;
    }
    OS << *NewCode;
    ++Files;
    Applied.insert(Here.begin(), Here.end());
  }
  llvm::errs() << "coroguard: applied " << Applied.size()
               << (Applied.size() == 1 ? " fix" : " fixes") << " to " << Files
               << (Files == 1 ? " file" : " files");
  if (!Refused.empty())
    llvm::errs() << "; refused " << Refused.size() << " conflicting "
                 << (Refused.size() == 1 ? "fix" : "fixes");
  llvm::errs() << "\n";
  return Status;
}

} // namespace coroguard
