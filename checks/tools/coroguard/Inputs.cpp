//===--- Inputs.cpp - inputs, compile database and checks of a run --------===//
//
// What the driver checks and decides before clang-tidy runs (prepareRun):
//  - the inputs exist and are files (a directory is an error);
//  - the compile database is valid JSON (else an error naming it, exit 1),
//    and -p with no files lints every file it lists;
//  - with no database and no flags, C++ files are linted as C++20 and C
//    files are skipped with a note (the coroguard checks are C++20-only);
//  - compiler flags clang does not know (a GCC build's -fno-gnu-unique...)
//    are dropped, named in one note: the database is copied without them;
//  - coroguard-* runs unless the Checks choose coroguard checks themselves,
//    and clang-analyzer-* only when the Checks name it; a note says when no
//    coroguard check is enabled;
//  - .clang-tidy is verified as --verify-config does: a misspelled check or
//    option is a warning, a file that does not parse an error.
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

// clang's driver options moved from clang::driver (clang/Driver/Options.h) to
// clang::options (clang/Options/Options.h) in LLVM 22.
#if LLVM_VERSION_MAJOR >= 22
#include "clang/Options/Options.h"
namespace clang_options = clang::options;
static const llvm::opt::OptTable &driverOptTable() {
  return clang::getDriverOptTable();
}
#else
#include "clang/Driver/Options.h"
namespace clang_options = clang::driver::options;
static const llvm::opt::OptTable &driverOptTable() {
  return clang::driver::getDriverOptTable();
}
#endif

namespace coroguard {

using llvm::StringRef;

namespace {

/// The command line split into what prepareRun looks at.
struct CommandLine {
  std::vector<std::string> Options; // before "--", without files, -p, --checks
  std::vector<std::string> Files;
  std::vector<std::string> Flags; // after "--"
  bool DashDash = false;
  std::optional<std::string> BuildPath, Checks, Config, ConfigFile;
  bool Info = false; // --list-checks, --dump-config...: no files needed
  bool HelpOrVersion = false, Load = false;
};

CommandLine split(const std::vector<std::string> &Args) {
  CommandLine C;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef Arg = Args[I];
    if (Arg == "--") {
      C.DashDash = true;
      C.Flags.assign(Args.begin() + I + 1, Args.end());
      break;
    }
    if (!Arg.starts_with("-") || Arg == "-") {
      C.Files.push_back(Args[I]);
      continue;
    }
    // Options whose value prepareRun may change are taken out.
    auto Value = [&]() -> std::optional<std::string> {
      if (Arg.contains('='))
        return Arg.split('=').second.str();
      if (I + 1 < Args.size())
        return Args[++I];
      return std::nullopt;
    };
    if (isOption(Arg, "p")) {
      C.BuildPath = Value();
      continue;
    }
    if (isOption(Arg, "checks")) {
      C.Checks = Value();
      continue;
    }
    for (StringRef Name : {"help", "help-hidden", "help-list", "version"})
      C.HelpOrVersion |= isOption(Arg, Name);
    for (StringRef Name :
         {"list-checks", "dump-config", "explain-config", "verify-config"})
      C.Info |= isOption(Arg, Name);
    C.Load |= isOption(Arg, "load");
    C.Options.push_back(Args[I]);
    if (isOption(Arg, "config") && Arg.contains('='))
      C.Config = Arg.split('=').second.str();
    if (isOption(Arg, "config-file") && Arg.contains('='))
      C.ConfigFile = Arg.split('=').second.str();
    if (takesSeparateValue(Arg) && I + 1 < Args.size()) {
      C.Options.push_back(Args[++I]);
      if (isOption(Arg, "config"))
        C.Config = Args[I];
      if (isOption(Arg, "config-file"))
        C.ConfigFile = Args[I];
    }
  }
  return C;
}

void note(const llvm::Twine &Text) {
  if (!std::getenv("COROGUARD_CHILD"))
    llvm::errs() << "coroguard: " << Text << "\n";
}

int error(const llvm::Twine &Text) {
  llvm::errs() << "coroguard: error: " << Text << "\n";
  return 1;
}

/// The nearest compile_commands.json or compile_flags.txt at or above Path,
/// as clang's tools look for them.
std::string findDatabase(StringRef Path) {
  // Both are looked for at each level; the nearer wins, and at one level the
  // JSON database does. Both directories are Path's ancestors, so the longer
  // one is the nearer.
  std::string Json = findAbove(Path, "compile_commands.json");
  std::string Flags = findAbove(Path, "compile_flags.txt");
  if (Json.empty() && Flags.empty())
    return "";
  llvm::SmallString<256> Db;
  if (Json.size() >= Flags.size())
    llvm::sys::path::append(Db, Json, "compile_commands.json");
  else
    llvm::sys::path::append(Db, Flags, "compile_flags.txt");
  return std::string(Db);
}

/// Loads a compile_commands.json; on failure an error naming it.
std::unique_ptr<clang::tooling::JSONCompilationDatabase>
loadDatabase(StringRef Path, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = "cannot read " + Path.str() + ": " + Buffer.getError().message();
    return nullptr;
  }
  auto Json = llvm::json::parse((*Buffer)->getBuffer());
  if (!Json) {
    Error = "the compile database " + Path.str() +
            " is not valid JSON: " + llvm::toString(Json.takeError());
    return nullptr;
  }
  if (!Json->getAsArray()) {
    Error = "the compile database " + Path.str() +
            " is not a JSON array of compile commands";
    return nullptr;
  }
  std::string Err;
  auto DB = clang::tooling::JSONCompilationDatabase::loadFromFile(
      Path, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    Error = "cannot read the compile database " + Path.str() + ": " + Err;
  return DB;
}

/// Indices (in Args) of the options clang's driver does not know.
std::vector<size_t> unknownFlags(llvm::ArrayRef<std::string> Args) {
  for (const std::string &A : Args)
    if (StringRef(A).starts_with("--driver-mode=cl"))
      return {};
  std::vector<const char *> Ptrs;
  for (const std::string &A : Args)
    Ptrs.push_back(A.c_str());
  unsigned MissingIndex, MissingCount;
  const llvm::opt::OptTable &Table = driverOptTable();
  llvm::opt::InputArgList Parsed =
      Table.ParseArgs(Ptrs, MissingIndex, MissingCount,
                      llvm::opt::Visibility(clang_options::ClangOption));
  std::vector<size_t> Unknown;
  for (const llvm::opt::Arg *A : Parsed.filtered(clang_options::OPT_UNKNOWN))
    Unknown.push_back(A->getIndex());
  return Unknown;
}

std::vector<std::string> globsOf(StringRef List) {
  std::vector<std::string> Globs;
  llvm::SmallVector<StringRef, 16> Parts;
  List.split(Parts, ',', -1, false);
  for (StringRef P : Parts) {
    llvm::SmallVector<StringRef, 4> Lines;
    P.split(Lines, '\n', -1, false);
    for (StringRef G : Lines)
      if (!G.trim().empty())
        Globs.push_back(G.trim().str());
  }
  return Globs;
}

/// Whether Glob (without its '-') matches one of Names.
bool matchesAny(StringRef Glob, const std::vector<std::string> &Names) {
  Glob.consume_front("-");
  clang::tidy::GlobList G(Glob);
  return llvm::any_of(Names,
                      [&](const std::string &N) { return G.contains(N); });
}

struct ConfigSource {
  std::string Name; // the file, or "--config"
  clang::tidy::ClangTidyOptions Options;
};

/// Parses a configuration; on a parse error prints it and returns nullopt.
std::optional<clang::tidy::ClangTidyOptions> parseConfig(StringRef Text,
                                                         StringRef Name) {
  std::string Diags;
  llvm::raw_string_ostream OS(Diags);
  auto Parsed = clang::tidy::parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Name),
      [&](const llvm::SMDiagnostic &D) { D.print(nullptr, OS); });
  if (!Parsed) {
    llvm::errs() << OS.str();
    error(Name + " is not a valid clang-tidy configuration (" +
          Parsed.getError().message() + "); nothing was linted");
    return std::nullopt;
  }
  return *Parsed;
}

/// The configurations that apply to a file, outermost first, as clang-tidy
/// finds them: --config or --config-file, else the .clang-tidy files above
/// it (following InheritParentConfig).
class ConfigFinder {
public:
  ConfigFinder(const CommandLine &C) : C(C) {}

  /// False when a configuration does not parse (already reported).
  bool sourcesFor(StringRef File, std::vector<const ConfigSource *> &Out) {
    Out.clear();
    if (C.Config || C.ConfigFile) {
      const ConfigSource *Given = given();
      if (!Given)
        return false;
      Out.push_back(Given);
      if (!Given->Options.InheritParentConfig.value_or(false))
        return true;
    }
    llvm::SmallString<256> Dir(File);
    llvm::sys::fs::make_absolute(Dir);
    if (!llvm::sys::fs::is_directory(Dir))
      llvm::sys::path::remove_filename(Dir);
    std::vector<const ConfigSource *> Found;
    while (!Dir.empty()) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, ".clang-tidy");
      if (llvm::sys::fs::is_regular_file(Candidate)) {
        const ConfigSource *S = file(Candidate);
        if (!S)
          return false;
        Found.push_back(S);
        if (!S->Options.InheritParentConfig.value_or(false))
          break;
      }
      StringRef Parent = llvm::sys::path::parent_path(Dir);
      if (Parent == Dir)
        break;
      Dir = Parent;
    }
    Out.insert(Out.begin(), Found.rbegin(), Found.rend());
    return true;
  }

  const std::map<std::string, ConfigSource> &all() const { return Files; }

private:
  const ConfigSource *file(StringRef Path) {
    auto It = Files.find(Path.str());
    if (It != Files.end())
      return &It->second;
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer) {
      error("cannot read " + Path + ": " + Buffer.getError().message());
      return nullptr;
    }
    auto Parsed = parseConfig((*Buffer)->getBuffer(), Path);
    if (!Parsed)
      return nullptr;
    return &Files.emplace(Path.str(), ConfigSource{Path.str(), *Parsed})
                .first->second;
  }

  const ConfigSource *given() {
    if (GivenDone)
      return Given ? &*Given : nullptr;
    GivenDone = true;
    if (C.ConfigFile)
      return file(*C.ConfigFile);
    if (auto Parsed = parseConfig(*C.Config, "--config"))
      Given = ConfigSource{"--config", *Parsed};
    return Given ? &*Given : nullptr;
  }

  const CommandLine &C;
  std::map<std::string, ConfigSource> Files;
  std::optional<ConfigSource> Given;
  bool GivenDone = false;
};

std::string nearest(StringRef Name, const llvm::StringSet<> &Known) {
  std::string Best;
  unsigned BestDistance = 4;
  for (const auto &K : Known) {
    unsigned D = Name.edit_distance(K.getKey(), true, BestDistance);
    if (D < BestDistance) {
      BestDistance = D;
      Best = K.getKey().str();
    }
  }
  return Best;
}

/// Every check and option name clang-tidy knows. getAllChecksAndOptions
/// returns NamesAndOptions up to LLVM 21 and ChecksAndOptions (and takes
/// whether custom checks are on) from LLVM 22.
struct KnownNames {
  llvm::StringSet<> Checks, Options;
};
KnownNames allChecksAndOptions() {
#if LLVM_VERSION_MAJOR >= 22
  clang::tidy::ChecksAndOptions R = clang::tidy::getAllChecksAndOptions(
      /*AllowEnablingAnalyzerAlphaCheckers=*/true,
      /*ExperimentalCustomChecks=*/false);
  return {std::move(R.Checks), std::move(R.Options)};
#else
  clang::tidy::NamesAndOptions R = clang::tidy::getAllChecksAndOptions();
  return {std::move(R.Names), std::move(R.Options)};
#endif
}

/// --verify-config's checks, on every run: warnings, not errors.
void verify(StringRef Source, const clang::tidy::ClangTidyOptions &Options,
            const KnownNames &Known, const std::vector<std::string> &AllNames) {
  auto Warn = [&](const llvm::Twine &What, StringRef Suggestion) {
    llvm::errs() << Source << ": warning: " << What;
    if (!Suggestion.empty())
      llvm::errs() << "; did you mean '" << Suggestion << "'";
    llvm::errs() << " (coroguard verifies the configuration on every run)\n";
  };
  if (Options.Checks)
    for (StringRef Glob : globsOf(*Options.Checks)) {
      Glob.consume_front("-");
      if (Glob.starts_with("clang-diagnostic"))
        continue;
      if (Glob.contains('*')) {
        if (!matchesAny(Glob, AllNames))
          Warn("check glob '" + Glob + "' matches no known check", "");
      } else if (!Known.Checks.contains(Glob)) {
        Warn("unknown check '" + Glob + "'", nearest(Glob, Known.Checks));
      }
    }
  for (const auto &Opt : Options.CheckOptions) {
    StringRef Key = Opt.getKey();
    if (!Known.Options.contains(Key))
      Warn("unknown check option '" + Key + "'", nearest(Key, Known.Options));
  }
}

bool isCFile(StringRef File) {
  return llvm::sys::path::extension(File) == ".c";
}

} // namespace

int prepareRun(std::vector<std::string> &Args, std::string &TmpDir) {
  CommandLine C = split(Args);
  if (C.HelpOrVersion)
    return -1;

  for (const std::string &File : C.Files) {
    if (!llvm::sys::fs::exists(File))
      return error("no such file: '" + File + "'");
    if (llvm::sys::fs::is_directory(File))
      return error("'" + File +
                   "' is a directory; name source files, or pass -p <build "
                   "dir> to lint every file of its compile_commands.json");
  }

  // The compile database: valid, or an error naming it.
  std::unique_ptr<clang::tooling::JSONCompilationDatabase> DB;
  std::string DBPath;
  if (!C.DashDash) {
    if (C.BuildPath) {
      DBPath = findDatabase(*C.BuildPath);
      if (DBPath.empty())
        return error("no compile_commands.json in '" + *C.BuildPath +
                     "' or its parents (given with -p); configure the build "
                     "with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or pass "
                     "compiler flags after '--' instead");
    } else {
      for (const std::string &File : C.Files)
        if (DBPath.empty())
          DBPath = findDatabase(File);
    }
    if (StringRef(DBPath).ends_with(".json")) {
      std::string Err;
      DB = loadDatabase(DBPath, Err);
      if (!DB)
        return error(Err + "; nothing was linted");
    }
  }

  if (C.Files.empty() && !C.Info) {
    if (!DB)
      return error("no files to lint; name them, or pass -p <build dir> to "
                   "lint every file of its compile_commands.json");
    C.Files = DB->getAllFiles();
    llvm::sort(C.Files);
    if (C.Files.empty())
      return error("the compile database " + DBPath + " lists no files");
  }

  // No database and no flags: C++20, and C files skipped.
  if (!C.DashDash && DBPath.empty() && !C.Files.empty()) {
    std::vector<std::string> Cxx;
    for (const std::string &File : C.Files) {
      if (isCFile(File))
        note("note: skipping '" + File +
             "': a C file, and with no compile database the driver lints "
             "C++ only (the coroguard checks are C++20-only); pass -p <build "
             "dir>, or C flags after '--', to lint it as C");
      else
        Cxx.push_back(File);
    }
    if (Cxx.empty())
      return 0;
    C.Files = std::move(Cxx);
    note("no compile_commands.json found above the input files; linting them "
         "as C++20 with no include paths (pass -p <build dir>, or compiler "
         "flags after '--')");
    C.DashDash = true;
    C.Flags = {"-xc++", "-std=c++20"};
  }

  // Flags clang does not know (a GCC build's): dropped, with one note.
  std::set<std::string> Dropped;
  if (C.DashDash) {
    std::vector<size_t> Unknown = unknownFlags(C.Flags);
    for (size_t K : llvm::reverse(Unknown)) {
      Dropped.insert(C.Flags[K]);
      C.Flags.erase(C.Flags.begin() + K);
    }
  } else if (DB && !std::getenv("COROGUARD_CHILD")) {
    std::vector<clang::tooling::CompileCommand> Commands =
        DB->getAllCompileCommands();
    bool Changed = false;
    for (auto &Cmd : Commands) {
      if (Cmd.CommandLine.empty())
        continue;
      std::vector<std::string> Rest(Cmd.CommandLine.begin() + 1,
                                    Cmd.CommandLine.end());
      std::vector<size_t> Unknown = unknownFlags(Rest);
      for (size_t K : llvm::reverse(Unknown)) {
        Dropped.insert(Rest[K]);
        Cmd.CommandLine.erase(Cmd.CommandLine.begin() + 1 + K);
        Changed = true;
      }
    }
    if (Changed) {
      llvm::SmallString<128> Dir;
      if (std::error_code EC =
              llvm::sys::fs::createUniqueDirectory("coroguard-db", Dir))
        return error("cannot create a temporary directory: " + EC.message());
      TmpDir = std::string(Dir);
      llvm::json::Array Out;
      for (const auto &Cmd : Commands) {
        llvm::json::Object O{{"directory", Cmd.Directory},
                             {"file", Cmd.Filename},
                             {"arguments", llvm::json::Array(Cmd.CommandLine)}};
        if (!Cmd.Output.empty())
          O["output"] = Cmd.Output;
        Out.push_back(std::move(O));
      }
      llvm::SmallString<128> Path(Dir);
      llvm::sys::path::append(Path, "compile_commands.json");
      std::error_code EC;
      llvm::raw_fd_ostream OS(Path, EC);
      if (EC)
        return error("cannot write " + Path + ": " + EC.message());
      OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Out)));
      C.BuildPath = TmpDir;
    }
  }
  if (!Dropped.empty()) {
    std::string List;
    for (const std::string &F : Dropped)
      List += (List.empty() ? "" : " ") + F;
    note("note: dropped compiler flags that clang does not know: " + List);
  }

  // The checks: coroguard-* runs unless the Checks choose coroguard checks;
  // clang-analyzer-* only when they name it.
  ConfigFinder Finder(C);
  std::vector<std::string> Lists; // per distinct file configuration
  {
    std::set<std::string> Seen;
    std::vector<std::string> Where = C.Files;
    if (Where.empty())
      Where.push_back(".");
    std::vector<const ConfigSource *> Sources;
    for (const std::string &File : Where) {
      if (!Finder.sourcesFor(File, Sources))
        return 1;
      std::string List;
      for (const ConfigSource *S : Sources)
        if (S->Options.Checks && !StringRef(*S->Options.Checks).trim().empty())
          List += (List.empty() ? "" : ",") + *S->Options.Checks;
      if (C.Checks && !C.Checks->empty())
        List += (List.empty() ? "" : ",") + *C.Checks;
      if (Seen.insert(List).second)
        Lists.push_back(List);
    }
  }
  bool AnyChecks = llvm::any_of(Lists, [](auto &L) { return !L.empty(); });
  // Every check and option name (instantiating every check: ~0.1 s), only
  // when there are Checks or a configuration to look at.
  KnownNames Known;
  std::vector<std::string> AllNames, Ours, Analyzer;
  if (AnyChecks || !Finder.all().empty() || C.Config) {
    Known = allChecksAndOptions();
    for (const auto &N : Known.Checks) {
      AllNames.push_back(N.getKey().str());
      if (N.getKey().starts_with("coroguard-"))
        Ours.push_back(N.getKey().str());
      else if (N.getKey().starts_with("clang-analyzer-"))
        Analyzer.push_back(N.getKey().str());
    }
  }
  std::string NewChecks;
  if (!AnyChecks) {
    NewChecks = "-*,coroguard-*";
  } else {
    // A glob that enables coroguard checks by name chooses them; globs that
    // only disable some are kept after the coroguard-* the driver adds, and
    // '*' or '-*' alone choose nothing.
    // clang-tidy's default clang-analyzer-* is not the driver's: it is
    // removed, and the globs naming analyzer checks are kept after that,
    // unless a '*' or '-*' alone sets the base itself.
    bool ChoosesOurs = false, SetsBase = false;
    std::vector<std::string> Disabled, AnalyzerGlobs;
    for (const std::string &L : Lists)
      for (StringRef G : globsOf(L)) {
        StringRef Bare = G;
        bool Negative = Bare.consume_front("-");
        if (!Bare.trim('*').empty() && matchesAny(G, Ours)) {
          if (Negative)
            Disabled.push_back(G.str());
          else
            ChoosesOurs = true;
        }
        if (Bare.trim('*').empty())
          SetsBase = true;
        else if (matchesAny(G, Analyzer))
          AnalyzerGlobs.push_back(G.str());
      }
    std::string Suffix;
    if (!SetsBase) {
      Suffix = "-clang-analyzer-*";
      for (const std::string &G : AnalyzerGlobs)
        Suffix += "," + G;
    }
    if (!ChoosesOurs) {
      Suffix += (Suffix.empty() ? "" : ",") + std::string("coroguard-*");
      for (const std::string &G : Disabled)
        Suffix += "," + G;
    }
    NewChecks = C.Checks.value_or("");
    if (!Suffix.empty())
      NewChecks += (NewChecks.empty() ? "" : ",") + Suffix;
    for (const std::string &L : Lists) {
      std::string Final = "clang-diagnostic-*,clang-analyzer-*," + L;
      if (!Suffix.empty())
        Final += "," + Suffix;
      clang::tidy::GlobList G(Final);
      if (!llvm::any_of(Ours,
                        [&](const std::string &N) { return G.contains(N); }))
        note("note: no coroguard check is enabled (Checks: '" + L +
             "'); add 'coroguard-*' to them to run the checks");
    }
  }

  // The configuration, verified on every run as --verify-config does.
  if (!C.Load && !C.Info) {
    for (const auto &[Name, S] : Finder.all())
      verify(Name, S.Options, Known, AllNames);
    if (C.Config) {
      std::vector<const ConfigSource *> Sources;
      Finder.sourcesFor(".", Sources);
      for (const ConfigSource *S : Sources)
        if (S->Name == "--config")
          verify("--config", S->Options, Known, AllNames);
    }
    if (C.Checks) {
      clang::tidy::ClangTidyOptions O;
      O.Checks = *C.Checks;
      verify("--checks", O, Known, AllNames);
    }
  }

  // The command line, rebuilt.
  std::vector<std::string> Out = std::move(C.Options);
  if (C.BuildPath)
    Out.push_back("-p=" + *C.BuildPath);
  if (!NewChecks.empty())
    Out.push_back("--checks=" + NewChecks);
  if (C.DashDash || DB)
    Out.push_back("--extra-arg=-Wno-unknown-warning-option");
  llvm::append_range(Out, C.Files);
  if (C.DashDash) {
    Out.push_back("--");
    llvm::append_range(Out, C.Flags);
  }
  Args = std::move(Out);
  return -1;
}

} // namespace coroguard
