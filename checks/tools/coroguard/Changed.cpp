//===--- Changed.cpp - the project root, and --changed-since <rev> --------===//
//
// Big repositories lint what changed, like clang-tidy-diff: --changed-since
// REV keeps the files of the compile database (or of the command line) that
// `git diff -U0 REV` (the working tree against REV) touches, or that git does
// not track yet (new files, all their lines), and gives every
// child clang-tidy's --line-filter with the changed lines of every changed
// file, so only findings on changed lines are reported -- in the file itself
// and in the changed headers it includes.
//
// The project root is what SARIF locations are relative to; it must not
// depend on the directory the command runs from, or a baseline written from
// one directory would make every finding new from another.
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

namespace coroguard {

using llvm::StringRef;

namespace {

std::string absoluteDir(StringRef Path) {
  llvm::SmallString<256> P(Path.empty() ? "." : Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  if (!llvm::sys::fs::is_directory(P))
    llvm::sys::path::remove_filename(P);
  return std::string(P);
}

/// Runs git with Args in Dir; its standard output in Out. Returns the exit
/// status (-1 if git could not run).
int git(StringRef Dir, std::vector<std::string> Args, std::string &Out) {
  auto Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return -1;
  llvm::SmallString<128> OutFile;
  if (llvm::sys::fs::createTemporaryFile("coroguard-git", "txt", OutFile))
    return -1;
  std::vector<std::string> Argv{"git", "-C", Dir.str(), "-c",
                                "core.quotePath=false"};
  llvm::append_range(Argv, Args);
  std::vector<StringRef> Refs(Argv.begin(), Argv.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutFile),
                                          StringRef("")};
  int Status = llvm::sys::ExecuteAndWait(*Git, Refs, std::nullopt, Redirects);
  if (auto Buf = llvm::MemoryBuffer::getFile(OutFile))
    Out = (*Buf)->getBuffer().str();
  llvm::sys::fs::remove(OutFile);
  return Status;
}

/// Whether a file can hold C or C++ code a finding can be in: a source or
/// header extension, or none (like the standard headers).
bool isCxxName(StringRef Path) {
  StringRef Ext = llvm::sys::path::extension(Path);
  if (Ext.empty())
    return true;
  Ext = Ext.drop_front();
  for (StringRef E : {"c",   "cc",  "cpp", "cxx", "c++", "cp",  "cppm", "ixx",
                      "ipp", "inl", "inc", "tcc", "tpp", "txx", "h",    "hh",
                      "hpp", "hxx", "h++", "cu",  "cuh", "m",   "mm"})
    if (Ext.equals_insensitive(E))
      return true;
  return false;
}

} // namespace

std::string findAbove(StringRef Dir, StringRef File) {
  llvm::SmallString<256> D(absoluteDir(Dir));
  while (!D.empty()) {
    llvm::SmallString<256> Candidate(D);
    llvm::sys::path::append(Candidate, File);
    if (llvm::sys::fs::exists(Candidate))
      return std::string(D);
    StringRef Parent = llvm::sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return "";
}

std::string gitRoot(StringRef Dir) { return findAbove(Dir, ".git"); }

std::string projectRoot(const RunOptions &Opts,
                        const std::optional<std::string> &BuildPath,
                        const std::vector<std::string> &Files) {
  if (!Opts.SarifRoot.empty())
    return absoluteDir(Opts.SarifRoot);
  if (!Files.empty())
    if (std::string Root = gitRoot(Files.front()); !Root.empty())
      return Root;
  if (BuildPath) {
    if (std::string Root = gitRoot(*BuildPath); !Root.empty())
      return Root;
    if (std::string Db = findAbove(*BuildPath, "compile_commands.json");
        !Db.empty())
      return Db;
  }
  return absoluteDir(".");
}

bool selectChanged(const RunOptions &Opts, std::vector<std::string> &Files,
                   std::string &LineFilter, std::string &Error) {
  const std::string &Rev = Opts.ChangedSince;
  std::string From = Files.empty() ? "." : absoluteDir(Files.front());
  std::string Top;
  if (git(From, {"rev-parse", "--show-toplevel"}, Top) != 0 ||
      StringRef(Top).trim().empty()) {
    Error = "--changed-since needs a git repository, and '" + From +
            "' is not in one";
    return false;
  }
  Top = StringRef(Top).trim().str();
  std::string Ignored;
  if (git(Top, {"rev-parse", "--verify", "--quiet", Rev + "^{commit}"},
          Ignored) != 0) {
    Error = "--changed-since: unknown revision '" + Rev + "' in " + Top;
    return false;
  }
  std::string Diff;
  if (git(Top,
          {"diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames",
           "--src-prefix=a/", "--dst-prefix=b/", Rev, "--"},
          Diff) != 0) {
    Error = "--changed-since: 'git diff -U0 " + Rev + "' failed in " + Top;
    return false;
  }

  // File (relative to Top) -> changed line ranges of the new version.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> Changed;
  std::string Current;
  llvm::SmallVector<StringRef, 0> Lines;
  StringRef(Diff).split(Lines, '\n');
  for (StringRef Line : Lines) {
    if (Line.consume_front("+++ ")) {
      Current.clear();
      if (Line.consume_front("b/"))
        Current = Line.rtrim("\r\t").str();
      continue;
    }
    if (Current.empty() || !Line.consume_front("@@ "))
      continue;
    // @@ -a[,b] +c[,d] @@
    size_t Plus = Line.find('+');
    if (Plus == StringRef::npos)
      continue;
    StringRef New =
        Line.drop_front(Plus + 1).take_until([](char C) { return C == ' '; });
    auto [StartText, CountText] = New.split(',');
    unsigned Start = 0, Count = 1;
    if (StartText.getAsInteger(10, Start) ||
        (!CountText.empty() && CountText.getAsInteger(10, Count)))
      continue;
    if (Count == 0)
      continue; // Only deletions: no line of the new version to report on.
    Changed[Current].push_back({Start, Start + Count - 1});
  }

  // Files git does not track yet (and does not ignore) are new as a whole:
  // no line ranges, which clang-tidy's line filter takes as every line.
  std::string Untracked;
  if (git(Top, {"ls-files", "--others", "--exclude-standard", "-z"},
          Untracked) == 0) {
    llvm::SmallVector<StringRef, 0> Names;
    StringRef(Untracked).split(Names, '\0', -1, /*KeepEmpty=*/false);
    for (StringRef Name : Names)
      Changed[Name.str()];
  }

  // The files to lint: those changed, with changed lines. (git reports
  // Top with symbolic links resolved.)
  std::vector<std::string> Kept;
  for (const std::string &F : Files) {
    llvm::SmallString<256> Abs(F);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    llvm::SmallString<256> Real;
    if (!llvm::sys::fs::real_path(Abs, Real))
      Abs = Real;
    StringRef Rel = Abs;
    if (Rel.consume_front(Top) && Rel.consume_front("/") &&
        Changed.count(Rel.str()))
      Kept.push_back(F);
  }
  Files = std::move(Kept);

  // clang-tidy keeps a finding when its file name ends with a filter's name
  // and its line is in one of the ranges; names relative to the repository
  // (as clang-tidy-diff passes them) match absolute and relative spellings.
  llvm::json::Array Filter;
  for (const auto &[Name, Ranges] : Changed) {
    if (!isCxxName(Name))
      continue; // No finding is ever in a README.
    llvm::json::Array R;
    for (auto [A, B] : Ranges)
      R.push_back(llvm::json::Array{A, B});
    Filter.push_back(
        llvm::json::Object{{"name", Name}, {"lines", std::move(R)}});
  }
  if (Filter.empty()) // No change at all: a filter that matches nothing.
    Filter.push_back(llvm::json::Object{{"name", "/nothing changed/"},
                                        {"lines", llvm::json::Array{}}});
  LineFilter = llvm::formatv("{0}", llvm::json::Value(std::move(Filter)));
  // Linux limits one argument to 128 KiB.
  if (LineFilter.size() > 120000) {
    Error = "--changed-since " + Rev + ": the changed lines (" +
            std::to_string(Changed.size()) +
            " files) are too many for clang-tidy's --line-filter; lint "
            "without --changed-since";
    return false;
  }
  return true;
}

int selectFiles(RunOptions &Opts, const std::optional<std::string> &BuildPath,
                std::vector<std::string> &Files,
                std::vector<std::string> &Options) {
  auto Fail = [](const std::string &Message) {
    llvm::errs() << "coroguard: error: " << Message << "\n";
    return 2;
  };
  unsigned K = 0, N = 0;
  std::string Error;
  if (!Opts.Shard.empty() && !parseShard(Opts.Shard, K, N, Error))
    return Fail(Error);
  if (!Opts.ChangedSince.empty())
    for (const std::string &O : Options)
      if (isOption(O, "line-filter"))
        return Fail("--changed-since makes its own --line-filter; give one "
                    "or the other");
  // Relative paths in SARIF, and the shards, depend on the project, not on
  // the current directory.
  Opts.SarifRoot = projectRoot(Opts, BuildPath, Files);
  size_t Before = Files.size();
  if (!Opts.ChangedSince.empty()) {
    std::string LineFilter;
    if (StringRef(Opts.ChangedSince).trim().empty())
      return Fail("--changed-since needs a revision");
    if (!selectChanged(Opts, Files, LineFilter, Error))
      return Fail(Error);
    Options.push_back("--line-filter=" + LineFilter);
    llvm::outs() << "coroguard: " << Files.size() << " of " << Before
                 << (Before == 1 ? " file" : " files") << " changed since "
                 << Opts.ChangedSince << "\n";
  }
  if (N) {
    size_t Candidates = Files.size();
    selectShard(Files, Opts.SarifRoot, K, N);
    llvm::outs() << "coroguard: shard " << K << "/" << N << ": " << Files.size()
                 << " of " << Candidates
                 << (Candidates == 1 ? " file" : " files") << "\n";
  }
  llvm::outs().flush(); // Before the children write to the same stdout.
  return -1;
}

} // namespace coroguard
