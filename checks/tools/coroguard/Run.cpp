//===--- Run.cpp - many files in parallel, summary, merged fixes ----------===//
//
// The orchestrating mode: this executable runs itself as a child, once for
// all files (--sarif/--baseline alone) or once per file on N threads
// (--jobs N, like run-clang-tidy), each child exporting its findings with
// --export-fixes into a temporary directory. The parent prints each file's
// output as a whole with a "[k/N] file" progress line, then a per-check
// summary, and writes the merged fixes (--export-fixes) and SARIF (--sarif).
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

namespace coroguard {

using llvm::StringRef;

bool isOption(StringRef Arg, StringRef Name) {
  Arg.consume_front("-");
  Arg.consume_front("-");
  return Arg == Name || Arg.starts_with((Name + "=").str());
}

bool takesSeparateValue(StringRef Arg) {
  for (StringRef Opt :
       {"-p", "-checks", "-config", "-config-file", "-header-filter",
        "-line-filter", "-export-fixes", "-format-style", "-extra-arg",
        "-extra-arg-before", "-vfsoverlay", "-store-check-profile",
        "-exclude-header-filter", "-load"}) {
    if (Arg == Opt || (Arg.starts_with("-") && Arg.drop_front() == Opt))
      return true;
  }
  return false;
}

namespace {

/// Takes `--name=value` or `--name value` (one or two dashes) at Args[I].
std::optional<std::string> takeValue(std::vector<std::string> &Args, size_t I,
                                     StringRef Name, std::string &Error) {
  StringRef Arg = Args[I];
  Arg.consume_front("-");
  Arg.consume_front("-");
  if (Arg == Name) {
    if (I + 1 >= Args.size()) {
      Error = "--" + Name.str() + " needs a value";
      return std::nullopt;
    }
    std::string V = Args[I + 1];
    Args.erase(Args.begin() + I, Args.begin() + I + 2);
    return V;
  }
  if (Arg.starts_with((Name + "=").str())) {
    std::string V = Arg.substr(Name.size() + 1).str();
    Args.erase(Args.begin() + I);
    return V;
  }
  return std::nullopt;
}

} // namespace

bool takeRunOptions(std::vector<std::string> &Args, RunOptions &Opts,
                    std::string &Error) {
  for (size_t I = 0; I < Args.size();) {
    StringRef Arg = Args[I];
    if (Arg == "--")
      break;
    if (!Arg.starts_with("-")) {
      ++I;
      continue;
    }
    std::optional<std::string> V;
    if (Arg.starts_with("-j") && !Arg.starts_with("-jobs") && Arg.size() > 2) {
      // -j4, -j=4
      V = Arg.drop_front(2).ltrim('=').str();
      Args.erase(Args.begin() + I);
    } else if (Arg == "-j") {
      V = takeValue(Args, I, "j", Error);
    } else {
      V = takeValue(Args, I, "jobs", Error);
    }
    if (!Error.empty())
      return false;
    if (V) {
      unsigned N;
      if (StringRef(*V).getAsInteger(10, N)) {
        Error = "--jobs takes a number (0: one per core), not '" + *V + "'";
        return false;
      }
      Opts.Jobs = N ? N : std::max(1u, std::thread::hardware_concurrency());
      continue;
    }
    bool Took = false;
    for (auto [Name, Field] : {std::pair{"sarif", &Opts.Sarif},
                               std::pair{"baseline", &Opts.Baseline},
                               std::pair{"sarif-root", &Opts.SarifRoot},
                               std::pair{"docs-url", &Opts.DocsUrl},
                               std::pair{"changed-since", &Opts.ChangedSince},
                               std::pair{"shard", &Opts.Shard}}) {
      if (auto Val = takeValue(Args, I, Name, Error)) {
        *Field = *Val;
        // Given empty: still requested, and refused by selectFiles.
        if (Field->empty() &&
            (Field == &Opts.ChangedSince || Field == &Opts.Shard))
          *Field = " ";
        Took = true;
        break;
      }
      if (!Error.empty())
        return false;
    }
    if (!Took)
      ++I;
  }
  if (!Opts.Requested())
    return true;
  // The children export into a temporary directory; the user's file gets
  // the merged result.
  for (size_t I = 0; I < Args.size();) {
    if (Args[I] == "--")
      break;
    if (auto V = takeValue(Args, I, "export-fixes", Error))
      Opts.ExportFixes = *V;
    else if (!Error.empty())
      return false;
    else
      ++I;
  }
  return true;
}

namespace {

struct Job {
  std::string File;
  int Status = 0;
  std::string ErrMsg;
  std::string Output;
  std::string Fixes;
  double Seconds = 0;
};

std::string diagKey(const clang::tooling::Diagnostic &D) {
  return D.DiagnosticName + "\x1f" + D.Message.FilePath + "\x1f" +
         std::to_string(D.Message.FileOffset) + "\x1f" + D.Message.Message;
}

} // namespace

int runOrchestrated(const char *Argv0, std::vector<std::string> Args,
                    const RunOptions &GivenOpts) {
  RunOptions Opts = GivenOpts;
  // Split the command line: options, files, and "--" with what follows.
  std::vector<std::string> Options, Files, Trailing;
  std::optional<std::string> BuildPath;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef Arg = Args[I];
    if (Arg == "--") {
      Trailing.assign(Args.begin() + I, Args.end());
      break;
    }
    if (!Arg.starts_with("-")) {
      Files.push_back(Args[I]);
      continue;
    }
    Options.push_back(Args[I]);
    if (Arg == "-p" || Arg == "--p") {
      if (I + 1 < Args.size())
        BuildPath = Args[I + 1];
    } else if (isOption(Arg, "p")) {
      BuildPath = Arg.split('=').second.str();
    }
    if (takesSeparateValue(Arg) && I + 1 < Args.size())
      Options.push_back(Args[++I]);
  }

  // The children only export their fixes; they are applied once, below.
  FixRequest FixReq = takeFixOptions(Options);

  if (Files.empty()) {
    if (!BuildPath) {
      llvm::errs() << "coroguard: error: no files to lint; name them, or pass "
                      "-p <build dir> to lint every file of its "
                      "compile_commands.json\n";
      return 1;
    }
    std::string Err;
    auto DB = clang::tooling::CompilationDatabase::autoDetectFromDirectory(
        *BuildPath, Err);
    if (!DB) {
      llvm::errs() << "coroguard: error: no compile_commands.json in '"
                   << *BuildPath
                   << "' or its parents (given with -p); configure the build "
                      "with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON\n";
      return 1;
    }
    Files = DB->getAllFiles();
    llvm::sort(Files);
    if (Files.empty()) {
      llvm::errs() << "coroguard: error: the compile database in '"
                   << *BuildPath << "' lists no files\n";
      return 1;
    }
  }
  for (const std::string &File : Files) {
    if (!llvm::sys::fs::exists(File)) {
      llvm::errs() << "coroguard: error: no such file: '" << File << "'\n";
      return 1;
    }
  }
  // --changed-since, --shard; the project root for SARIF (Changed.cpp).
  if (int Exit = selectFiles(Opts, BuildPath, Files, Options); Exit >= 0)
    return Exit;

  llvm::SmallString<128> TmpDir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("coroguard", TmpDir)) {
    llvm::errs() << "coroguard: error: cannot create a temporary directory: "
                 << EC.message() << "\n";
    return 1;
  }
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);

  // --jobs: one child per file; otherwise one child for all files, whose
  // output goes straight to the terminal.
  bool Parallel = Opts.Jobs.has_value();
  std::vector<Job> Jobs;
  if (Parallel) {
    for (const std::string &F : Files)
      Jobs.push_back(Job{F});
  } else if (!Files.empty()) {
    Jobs.push_back(Job{""});
  }
  for (size_t K = 0; K < Jobs.size(); ++K) {
    llvm::SmallString<128> P(TmpDir);
    llvm::sys::path::append(P, "fixes-" + std::to_string(K) + ".yaml");
    Jobs[K].Fixes = std::string(P);
    P = TmpDir;
    llvm::sys::path::append(P, "out-" + std::to_string(K) + ".txt");
    Jobs[K].Output = std::string(P);
  }

  auto RunJob = [&](Job &J) {
    std::vector<std::string> Argv{Exe};
    llvm::append_range(Argv, Options);
    Argv.push_back("--export-fixes=" + J.Fixes);
    if (Parallel)
      Argv.push_back(J.File);
    else
      llvm::append_range(Argv, Files);
    llvm::append_range(Argv, Trailing);
    std::vector<StringRef> Refs(Argv.begin(), Argv.end());
    std::optional<StringRef> Out = J.Output;
    std::vector<std::optional<StringRef>> Redirects = {std::nullopt, Out, Out};
    auto Start = std::chrono::steady_clock::now();
    J.Status = llvm::sys::ExecuteAndWait(
        Exe, Refs, std::nullopt,
        Parallel ? llvm::ArrayRef(Redirects)
                 : llvm::ArrayRef<std::optional<StringRef>>(),
        0, 0, &J.ErrMsg);
    J.Seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
            .count();
  };

  auto Start = std::chrono::steady_clock::now();
  unsigned Threads = Parallel ? std::min<unsigned>(*Opts.Jobs, Jobs.size()) : 1;
  std::atomic<size_t> Next{0};
  std::mutex PrintLock;
  size_t Done = 0;
  auto Worker = [&] {
    for (size_t K; (K = Next++) < Jobs.size();) {
      RunJob(Jobs[K]);
      if (!Parallel)
        continue;
      std::lock_guard<std::mutex> G(PrintLock);
      ++Done;
      llvm::outs() << "[" << Done << "/" << Jobs.size() << "] " << Jobs[K].File;
      llvm::outs() << llvm::format(" (%.1fs)", Jobs[K].Seconds);
      if (Jobs[K].Status < 0)
        llvm::outs() << " CRASHED";
      llvm::outs() << "\n";
      if (auto Text = llvm::MemoryBuffer::getFile(Jobs[K].Output))
        llvm::outs() << (*Text)->getBuffer();
      llvm::outs().flush();
    }
  };
  std::vector<std::thread> Pool;
  for (unsigned T = 0; T < Threads; ++T)
    Pool.emplace_back(Worker);
  for (std::thread &T : Pool)
    T.join();
  double Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();

  // Merge the findings; a header's finding reported by several files counts
  // once.
  std::vector<clang::tooling::Diagnostic> Diags;
  llvm::StringSet<> Seen;
  std::string MainFile;
  for (Job &J : Jobs) {
    auto Buffer = llvm::MemoryBuffer::getFile(J.Fixes);
    if (!Buffer)
      continue;
    clang::tooling::TranslationUnitDiagnostics TUD;
    llvm::yaml::Input YIn((*Buffer)->getBuffer());
    YIn >> TUD;
    if (YIn.error()) {
      llvm::errs() << "coroguard: warning: cannot read the findings of "
                   << (J.File.empty() ? "the run" : J.File) << "\n";
      continue;
    }
    if (MainFile.empty())
      MainFile = TUD.MainSourceFile;
    for (auto &D : TUD.Diagnostics)
      if (Seen.insert(diagKey(D)).second)
        Diags.push_back(std::move(D));
  }

  std::map<std::string, unsigned> PerCheck;
  unsigned Findings = 0;
  for (const auto &D : Diags) {
    ++PerCheck[D.DiagnosticName];
    ++Findings;
  }
  unsigned Failed = 0;
  for (const Job &J : Jobs)
    Failed += J.Status != 0;

  llvm::outs() << "coroguard: " << Files.size()
               << (Files.size() == 1 ? " file" : " files") << " linted in "
               << llvm::format("%.1f", Seconds) << " s";
  if (Parallel)
    llvm::outs() << " with " << Threads << (Threads == 1 ? " job" : " jobs");
  llvm::outs() << ": " << Findings << (Findings == 1 ? " finding" : " findings")
               << "\n";
  for (const auto &[Name, Count] : PerCheck)
    llvm::outs() << llvm::format("  %-44s %u\n", Name.c_str(), Count);

  llvm::outs().flush();
  int Status = 0;
  for (const Job &J : Jobs) {
    if (J.Status == 0)
      continue;
    Status = 1;
    StringRef What = J.File.empty() ? StringRef("the run") : StringRef(J.File);
    if (J.Status < 0)
      llvm::errs() << "coroguard: error: " << What << ": "
                   << (J.ErrMsg.empty() ? "crashed" : J.ErrMsg) << "\n";
    else if (Parallel)
      llvm::errs() << "coroguard: error: " << What << " exited with status "
                   << J.Status << " (compiler errors, or warnings as errors)\n";
  }
  if (Failed && Parallel)
    llvm::errs() << "coroguard: " << Failed << " of " << Jobs.size()
                 << " files failed\n";

  if (applyMergedFixes(Diags, FixReq))
    Status = 1;

  if (!Opts.ExportFixes.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Opts.ExportFixes, EC, llvm::sys::fs::OF_None);
    if (EC) {
      llvm::errs() << "coroguard: error: cannot write " << Opts.ExportFixes
                   << ": " << EC.message() << "\n";
      Status = 1;
    } else {
      clang::tooling::TranslationUnitDiagnostics TUD;
      TUD.MainSourceFile = MainFile;
      TUD.Diagnostics = Diags;
      llvm::yaml::Output YOut(OS);
      YOut << TUD;
    }
  }
  if (!Opts.Sarif.empty() || !Opts.Baseline.empty()) {
    std::string Error;
    unsigned New = writeSarif(Opts.Sarif, Diags, Opts, Argv0, Error);
    if (!Error.empty()) {
      llvm::errs() << "coroguard: error: " << Error << "\n";
      Status = 1;
    } else {
      if (!Opts.Sarif.empty())
        llvm::outs() << "coroguard: wrote SARIF to " << Opts.Sarif << "\n";
      if (!Opts.Baseline.empty()) {
        llvm::outs() << "coroguard: " << New << " new "
                     << (New == 1 ? "finding" : "findings")
                     << " (not in the baseline " << Opts.Baseline << ")\n";
        if (New)
          Status = 1;
      }
    }
  }
  llvm::outs().flush();
  llvm::sys::fs::remove_directories(TmpDir);
  return Status;
}

} // namespace coroguard
