//===--- Init.cpp - coroguard init: the files an editor needs -------------===//
//
// Writes .clang-tidy (the checks, and a HeaderFilterRegex for the project's
// own headers) and .clangd (FastCheckFilter: Loose). An existing file that
// already says what init would write is accepted as it is; one that lacks
// some of it gets the missing settings added; only one that contradicts them
// (checks that leave coroguard-* off, FastCheckFilter: Strict, a Remove of
// coroguard checks) is left alone with advice, unless --force replaces it.
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

namespace coroguard {
namespace {

using llvm::StringRef;
namespace yaml = llvm::yaml;

/// Directories under the project whose headers are not the project's own:
/// build trees, vendored and fetched dependencies.
const char *NotOwnDirs = "(build[^/]*|_?deps|third[-_]?party|external|extern|"
                         "vendor|subprojects)";

std::string quoted(StringRef S) {
  std::string Out = "'";
  for (char C : S) {
    if (C == '\'')
      Out += '\'';
    Out += C;
  }
  return Out + "'";
}

std::string headerFilter(StringRef Dir) {
  return "^" + llvm::Regex::escape(Dir) + "/";
}
std::string excludeHeaderFilter(StringRef Dir) {
  return "^" + llvm::Regex::escape(Dir) + "/" + NotOwnDirs + "/";
}

std::string clangTidyText(StringRef Dir) {
  return "# Written by `coroguard init`. Enables the coroguard checks for the\n"
         "# coroguard driver, clang-tidy --load=libCoroGuard.so and "
         "coroguard-clangd.\n"
         "# To also run other checks, add them: Checks: "
         "'-*,coroguard-*,bugprone-*'\n"
         "Checks: '-*,coroguard-*'\n"
         "# Findings in this project's own headers, not in its build trees "
         "or\n# vendored dependencies. The path is absolute: run "
         "`coroguard init` again\n# (or edit it) where the project is "
         "checked out elsewhere.\n"
         "HeaderFilterRegex: " +
         quoted(headerFilter(Dir)) +
         "\nExcludeHeaderFilterRegex: " + quoted(excludeHeaderFilter(Dir)) +
         "\n";
}

const char *ClangdText =
    "# Written by `coroguard init`. clangd 18 and later run only the "
    "clang-tidy\n"
    "# checks they know to be fast unless told otherwise; the coroguard "
    "checks\n"
    "# are not on clangd's list, so without this line an editor shows none of\n"
    "# them. (Use coroguard-clangd, which has the checks built in.)\n"
    "Diagnostics:\n"
    "  ClangTidy:\n"
    "    FastCheckFilter: Loose\n";

void usage(llvm::raw_ostream &OS) {
  OS << "usage: coroguard init [--force] [<project dir>]\n"
        "  Writes <project dir>/.clang-tidy (Checks: coroguard-*, and a\n"
        "  HeaderFilterRegex for the project's own headers) and\n"
        "  <project dir>/.clangd (FastCheckFilter: Loose), so that\n"
        "  coroguard-clangd shows the checks in any LSP editor. Existing\n"
        "  files that already say this are kept; settings they lack are\n"
        "  added; files that contradict them are left alone unless --force\n"
        "  is given. <project dir> defaults to the current directory.\n";
}

/// A YAML node read in one pass (the parser reads each collection once).
struct Tree {
  enum Kind { Null, Scalar, Sequence, Mapping } K = Null;
  bool Flow = false;
  std::string Value;
  std::vector<std::pair<std::string, Tree>> Children; // "" keys in sequences

  const Tree *operator[](StringRef Key) const {
    for (const auto &[Name, Child] : Children)
      if (K == Mapping && Name == Key)
        return &Child;
    return nullptr;
  }
  /// A scalar, or a sequence's scalars, joined with commas.
  std::string list() const {
    if (K == Scalar)
      return Value;
    std::string Out;
    for (const auto &[_, Item] : Children)
      if (Item.K == Scalar)
        Out += Item.Value + ",";
    return Out;
  }
};

Tree read(yaml::Node *N) {
  Tree T;
  if (auto *S = llvm::dyn_cast_or_null<yaml::ScalarNode>(N)) {
    llvm::SmallString<64> Storage;
    T.K = Tree::Scalar;
    T.Value = S->getValue(Storage).str();
  } else if (auto *Seq = llvm::dyn_cast_or_null<yaml::SequenceNode>(N)) {
    T.K = Tree::Sequence;
    for (yaml::Node &Item : *Seq)
      T.Children.push_back({"", read(&Item)});
  } else if (auto *M = llvm::dyn_cast_or_null<yaml::MappingNode>(N)) {
    T.K = Tree::Mapping;
    T.Flow = M->getType() == yaml::MappingNode::MT_Flow;
    for (yaml::KeyValueNode &KV : *M) {
      Tree Key = read(KV.getKey());
      T.Children.push_back({Key.Value, read(KV.getValue())});
    }
  }
  return T;
}

/// Whether clang-tidy's glob list enables Check: the last glob matching it
/// decides, and a leading '-' disables.
bool globsEnable(StringRef Globs, StringRef Check) {
  bool Enabled = false;
  llvm::SmallVector<StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (StringRef G : Parts) {
    G = G.trim(" \t\r\n");
    bool Negative = G.consume_front("-");
    if (G.empty())
      continue;
    std::string Re = "^";
    for (char C : G)
      Re +=
          C == '*' ? std::string(".*") : llvm::Regex::escape(StringRef(&C, 1));
    if (llvm::Regex(Re + "$").match(Check))
      Enabled = !Negative;
  }
  return Enabled;
}

/// What to do with an existing file: nothing (it says it all), append
/// Addition, or leave it (Conflict, with advice).
struct Merge {
  std::string Addition;
  std::string Conflict;
};

/// The documents of a YAML file; false if it is not YAML.
bool parses(StringRef Text, std::vector<Tree> &Docs) {
  llvm::SourceMgr SM;
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  yaml::Stream Stream(Text, SM);
  for (yaml::Document &Doc : Stream) {
    Docs.push_back(read(Doc.getRoot()));
    if (Stream.failed())
      return false;
  }
  return !Stream.failed();
}

Merge mergeClangTidy(StringRef Text, StringRef Dir) {
  Merge Result;
  bool Block = true, HasChecks = false, HasHeaderFilter = false,
       HasExclude = false;
  std::string Checks;
  std::vector<Tree> Docs;
  bool Ok = parses(Text, Docs);
  for (const Tree &Root : Docs) {
    if (Root.K == Tree::Null)
      continue;
    if (Root.K != Tree::Mapping || Root.Flow) {
      Block = false;
      continue;
    }
    if (const Tree *C = Root["Checks"]) {
      HasChecks = true;
      Checks += C->list() + ",";
    }
    HasHeaderFilter |= Root["HeaderFilterRegex"] != nullptr;
    HasExclude |= Root["ExcludeHeaderFilterRegex"] != nullptr;
  }
  if (!Ok) {
    Result.Conflict = "It is not YAML that coroguard init can read: add "
                      "'coroguard-*' to its Checks";
    return Result;
  }
  if (HasChecks && !globsEnable(Checks, "coroguard-blocking-call")) {
    Result.Conflict = "Add 'coroguard-*' to its Checks";
    return Result;
  }
  std::string Add;
  if (!HasChecks)
    Add += "Checks: 'coroguard-*'\n";
  if (!HasHeaderFilter) {
    Add += "HeaderFilterRegex: " + quoted(headerFilter(Dir)) + "\n";
    if (!HasExclude)
      Add += "ExcludeHeaderFilterRegex: " + quoted(excludeHeaderFilter(Dir)) +
             "\n";
  }
  if (!Add.empty() && !Block) {
    Result.Conflict = "It is not a block mapping that coroguard init can add "
                      "to: add 'coroguard-*' to its Checks and a "
                      "HeaderFilterRegex";
    return Result;
  }
  if (!Add.empty())
    Result.Addition = "# Added by `coroguard init`.\n" + Add;
  return Result;
}

Merge mergeClangd(StringRef Text) {
  Merge Result;
  bool Has = false;
  std::string Strict, Removed;
  std::vector<Tree> Docs;
  bool Ok = parses(Text, Docs);
  for (const Tree &Root : Docs) {
    const Tree *Diags = Root["Diagnostics"];
    const Tree *Tidy = Diags ? (*Diags)["ClangTidy"] : nullptr;
    if (!Tidy)
      continue;
    const Tree *F = (*Tidy)["FastCheckFilter"];
    std::string Filter = F ? F->Value : "";
    // Loose runs the checks clangd does not know; None runs every check.
    if ((Filter == "Loose" || Filter == "None") && !Root["If"])
      Has = true;
    if (Filter == "Strict")
      Strict = Filter;
    const Tree *R = (*Tidy)["Remove"];
    if (R && globsEnable(R->list(), "coroguard-blocking-call"))
      Removed = R->list();
  }
  if (!Ok) {
    Result.Conflict = "It is not YAML that coroguard init can read: add "
                      "'Diagnostics: {ClangTidy: {FastCheckFilter: Loose}}' "
                      "to it";
    return Result;
  }
  if (!Strict.empty()) {
    Result.Conflict = "Its 'FastCheckFilter: Strict' hides the coroguard "
                      "checks: make it Loose";
    return Result;
  }
  if (!Removed.empty()) {
    Result.Conflict = "Its ClangTidy Remove list ('" + Removed +
                      "') turns the coroguard checks off: take them out";
    return Result;
  }
  // A fragment of its own: clangd applies every fragment of the file.
  if (!Has)
    Result.Addition = std::string("---\n") + ClangdText;
  return Result;
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
  llvm::SmallString<256> AbsDir(Dir);
  llvm::sys::fs::make_absolute(AbsDir);
  llvm::sys::path::remove_dots(AbsDir, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(AbsDir, Real))
    AbsDir = Real;

  int Status = 0;
  std::string TidyText = clangTidyText(AbsDir);
  for (auto [Name, Text] : {std::pair{".clang-tidy", StringRef(TidyText)},
                            std::pair{".clangd", StringRef(ClangdText)}}) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, Name);
    bool Append = false;
    std::string Write = Text.str();
    if (llvm::sys::fs::exists(Path) && !Force) {
      auto Old = llvm::MemoryBuffer::getFile(Path);
      if (!Old) {
        llvm::errs() << "coroguard init: error: cannot read " << Path << "\n";
        Status = 1;
        continue;
      }
      StringRef OldText = (*Old)->getBuffer();
      Merge M = StringRef(Name) == ".clang-tidy"
                    ? mergeClangTidy(OldText, AbsDir)
                    : mergeClangd(OldText);
      if (!M.Conflict.empty()) {
        llvm::errs() << "coroguard init: " << Path
                     << " exists; left unchanged. " << M.Conflict
                     << ", or run 'coroguard init --force' to replace it.\n";
        Status = 1;
        continue;
      }
      if (M.Addition.empty()) {
        llvm::outs() << "coroguard init: " << Path
                     << (OldText == Text ? " is up to date\n"
                                         : " already has the settings; "
                                           "left unchanged\n");
        continue;
      }
      Append = true;
      Write =
          (OldText.empty() || OldText.ends_with("\n") ? "" : "\n") + M.Addition;
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(
        Path, EC, Append ? llvm::sys::fs::OF_Append : llvm::sys::fs::OF_Text);
    if (EC) {
      llvm::errs() << "coroguard init: error: cannot write " << Path << ": "
                   << EC.message() << "\n";
      Status = 1;
      continue;
    }
    OS << Write;
    llvm::outs() << "coroguard init: " << (Append ? "added to " : "wrote ")
                 << Path << (Append ? ": " : "");
    if (Append) {
      llvm::SmallVector<StringRef, 4> Keys;
      for (StringRef L : llvm::split(StringRef(Write), '\n')) {
        L = L.ltrim();
        if (!L.starts_with("#") && !L.starts_with("---") && L.contains(':') &&
            !L.starts_with("Diagnostics") && !L.starts_with("ClangTidy"))
          Keys.push_back(L.split(':').first);
      }
      llvm::outs() << llvm::join(Keys, ", ");
    }
    llvm::outs() << "\n";
  }
  return Status;
}

} // namespace coroguard
