//===--- Tools.h - the coroguard driver's own subcommands and modes -------===//
//
// What the driver does besides handing its command line to clang-tidy:
//  - `coroguard init` writes the .clang-tidy and .clangd an editor needs;
//  - `--jobs N` lints many files in parallel (one child per file, like
//    run-clang-tidy), with a progress line and a per-check summary;
//  - `--sarif=<file>` writes the findings as SARIF 2.1.0 for code scanning,
//    and `--baseline=<sarif>` fails only on findings that are not in it;
//  - `--changed-since REV` lints the changed lines only, `--shard K/N` a
//    stable part of the files (Changed.cpp, Shard.cpp).
//  - before any run, the inputs, database, flags, checks and configuration
//    are checked (Inputs.cpp); --fix in those runs is applied once by the
//    parent, merged (Fixes.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOLS_H
#define COROGUARD_TOOLS_H

#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace coroguard {

/// `coroguard init [--force] [dir]`; Args excludes the program and "init".
int runInit(const std::vector<std::string> &Args);

/// Options of the orchestrating mode, taken off the command line before the
/// rest goes to clang-tidy.
struct RunOptions {
  std::optional<unsigned> Jobs; // --jobs / -j: parallel mode
  std::string Sarif;            // --sarif=<file>
  std::string Baseline;         // --baseline=<sarif>
  std::string SarifRoot;        // --sarif-root=<dir>: URIs relative to it
  std::string DocsUrl;          // --docs-url=<url>: helpUri base
  std::string ExportFixes;      // the user's --export-fixes, merged
  std::string ChangedSince;     // --changed-since=<rev> (Changed.cpp)
  std::string Shard;            // --shard=K/N (Shard.cpp)
  bool Requested() const {
    return Jobs || !Sarif.empty() || !Baseline.empty() ||
           !ChangedSince.empty() || !Shard.empty();
  }
};

/// Removes the orchestrating options from Args (clang-tidy's command line
/// without the program name). Returns false with a message on a bad value.
bool takeRunOptions(std::vector<std::string> &Args, RunOptions &Opts,
                    std::string &Error);

/// Runs this executable once per file (in parallel with --jobs), then writes
/// the summary, the merged --export-fixes and the SARIF file.
int runOrchestrated(const char *Argv0, std::vector<std::string> Args,
                    const RunOptions &Opts);

/// Whether Arg is one of clang-tidy's options that take the next argument as
/// their value.
bool takesSeparateValue(llvm::StringRef Arg);
bool isOption(llvm::StringRef Arg, llvm::StringRef Name);

/// The directory a .git (directory or file) is in, at Dir or above; "" if
/// none (Changed.cpp).
std::string gitRoot(llvm::StringRef Dir);

/// The nearest directory at or above Dir (a directory, or a file's
/// directory) that holds File; "" if none (Changed.cpp).
std::string findAbove(llvm::StringRef Dir, llvm::StringRef File);

/// The directory SARIF locations are relative to: --sarif-root, else the git
/// root above the first file (or the database), else the directory of the
/// compile database, else the current directory. Never depends on the
/// current directory when the files are in a git checkout (Changed.cpp).
std::string projectRoot(const RunOptions &Opts,
                        const std::optional<std::string> &BuildPath,
                        const std::vector<std::string> &Files);

/// --changed-since: keeps the Files with lines changed since the revision
/// (`git diff -U0 <rev>`, the working tree against it) and sets LineFilter to
/// clang-tidy's --line-filter for the changed lines. Returns false with a
/// message when the files are not in a git repository or the revision is
/// unknown (Changed.cpp).
bool selectChanged(const RunOptions &Opts, std::vector<std::string> &Files,
                   std::string &LineFilter, std::string &Error);

/// Narrows the Files to lint by --changed-since and --shard, adds the line
/// filter to the children's Options, and sets Opts.SarifRoot to the project
/// root. Returns -1 to go on, else the exit status (2) after a message.
int selectFiles(RunOptions &Opts, const std::optional<std::string> &BuildPath,
                std::vector<std::string> &Files,
                std::vector<std::string> &Options);

/// --shard K/N: parses it (1 <= K <= N) into K and N.
bool parseShard(llvm::StringRef Spec, unsigned &K, unsigned &N,
                std::string &Error);
/// Keeps the Files of shard K of N: a file's shard is a hash of its path
/// relative to Root, so adding a file moves no other (Shard.cpp).
void selectShard(std::vector<std::string> &Files, llvm::StringRef Root,
                 unsigned K, unsigned N);

/// --fix, --fix-errors, --fix-notes and --format-style of an orchestrated
/// run: the children only export their fixes; the parent applies them once.
struct FixRequest {
  bool Fix = false, FixErrors = false, FixNotes = false;
  std::string FormatStyle; // --format-style, "none" when empty
};

/// Takes the --fix options out of a child's Options (leaves --format-style).
FixRequest takeFixOptions(std::vector<std::string> &Options);

/// Applies the fixes of the merged Diags once per file: identical
/// replacements count once, overlapping different ones are refused with a
/// message. Returns 1 when a fix was refused or a file could not be written.
int applyMergedFixes(const std::vector<clang::tooling::Diagnostic> &Diags,
                     const FixRequest &Req);

/// Checks the inputs, the compile database and the checks before a run, and
/// rewrites Args (clang-tidy's command line without the program name):
/// every file of the -p database when none is named, GCC-only flags
/// dropped, coroguard-* enabled unless the Checks choose coroguard checks,
/// .clang-tidy verified. Returns an exit status to stop with, or -1 to go
/// on. TmpDir receives a directory to remove after the run, if one was made.
int prepareRun(std::vector<std::string> &Args, std::string &TmpDir);

struct Finding {
  clang::tooling::Diagnostic Diag;
};

/// Writes SARIF 2.1.0 for Diags; returns the number of findings not in the
/// baseline (all of them with no baseline).
unsigned writeSarif(llvm::StringRef Path,
                    const std::vector<clang::tooling::Diagnostic> &Diags,
                    const RunOptions &Opts, const char *Argv0,
                    std::string &Error);

} // namespace coroguard

#endif
