//===--- Sarif.cpp - findings as SARIF 2.1.0 ------------------------------===//
//
// One run, tool "coroguard"; a rule per coroguard check, described by the
// first paragraph of its page in docs/checks (shipped beside the executable
// in share/doc/coroguard/checks, or read from the source tree), with the page
// as help; results with locations relative to --sarif-root (default: the
// project root, Changed.cpp), notes as related locations, fix-its as fixes, and
// a partial fingerprint that --baseline matches to mark results new/unchanged.
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <map>

#ifndef COROGUARD_VERSION
#define COROGUARD_VERSION "0"
#endif
#ifndef COROGUARD_DOCS_DIR
#define COROGUARD_DOCS_DIR ""
#endif

namespace coroguard {
namespace {

using llvm::StringRef;
namespace json = llvm::json;
constexpr StringRef FingerprintKey = "coroguardFinding/v1";

std::string absolute(StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::string percentEncode(StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || StringRef("-._~/").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

std::string fileUri(StringRef AbsPath) {
  return "file://" + percentEncode(AbsPath);
}

/// The docs directory of the checks, and the base of their helpUri.
struct Docs {
  std::string Dir;
  std::string UrlBase;

  Docs(const RunOptions &Opts, const char *Argv0) {
    static int Anchor;
    std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
    llvm::SmallString<256> Installed(llvm::sys::path::parent_path(Exe));
    llvm::sys::path::append(Installed, "..", "share", "doc", "coroguard");
    llvm::sys::path::append(Installed, "checks");
    for (StringRef Candidate :
         {StringRef(Installed), StringRef(COROGUARD_DOCS_DIR)})
      if (!Candidate.empty() && llvm::sys::fs::is_directory(Candidate)) {
        Dir = absolute(Candidate);
        break;
      }
    UrlBase = Opts.DocsUrl;
    if (UrlBase.empty())
      if (const char *Env = std::getenv("COROGUARD_DOCS_URL"))
        UrlBase = Env;
    if (UrlBase.empty() && !Dir.empty())
      UrlBase = fileUri(Dir);
    while (!UrlBase.empty() && UrlBase.back() == '/')
      UrlBase.pop_back();
  }
};

/// The paragraph under a page's title, without Markdown emphasis and code
/// marks.
std::string firstParagraph(StringRef Markdown) {
  llvm::SmallVector<StringRef, 64> Lines;
  Markdown.split(Lines, '\n');
  std::string Para;
  bool InPara = false;
  for (StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.starts_with("#") && !InPara)
      continue;
    if (Line.empty()) {
      if (InPara)
        break;
      continue;
    }
    InPara = true;
    if (!Para.empty())
      Para += ' ';
    Para += Line.str();
  }
  std::string Plain;
  for (size_t I = 0; I < Para.size(); ++I) {
    if (Para[I] == '`' ||
        (Para[I] == '*' && I + 1 < Para.size() && Para[I + 1] == '*')) {
      if (Para[I] == '*')
        ++I;
      continue;
    }
    Plain += Para[I];
  }
  return Plain;
}

std::string firstSentence(StringRef Text) {
  size_t End = Text.find(". ");
  return (End == StringRef::npos ? Text : Text.take_front(End + 1)).str();
}

std::string ruleName(StringRef Id) {
  // coroguard-blocking-wait -> BlockingWait
  Id.consume_front("coroguard-");
  std::string Name;
  bool Upper = true;
  for (char C : Id) {
    if (C == '-' || C == '.') {
      Upper = true;
      continue;
    }
    Name += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Name;
}

/// Line and column (1-based, in Unicode code points) of byte offsets.
class Positions {
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> Files;

public:
  std::optional<std::pair<unsigned, unsigned>> at(StringRef Path,
                                                  unsigned Offset) {
    auto &Buf = Files[Path];
    if (!Buf) {
      auto B = llvm::MemoryBuffer::getFile(Path);
      if (!B)
        return std::nullopt;
      Buf = std::move(*B);
    }
    StringRef Text = Buf->getBuffer();
    if (Offset > Text.size())
      return std::nullopt;
    StringRef Before = Text.take_front(Offset);
    unsigned Line = 1 + Before.count('\n');
    size_t LineStart = Before.rfind('\n');
    StringRef Col = LineStart == StringRef::npos
                        ? Before
                        : Before.drop_front(LineStart + 1);
    unsigned Column = 1;
    for (unsigned char C : Col)
      Column += (C & 0xC0) != 0x80;
    return std::pair{Line, Column};
  }
};

struct Writer {
  const RunOptions &Opts;
  std::string Root;
  Positions Pos;

  std::string fullPath(StringRef Path, StringRef BuildDir) {
    if (llvm::sys::path::is_absolute(Path) || BuildDir.empty())
      return absolute(Path);
    llvm::SmallString<256> P(BuildDir);
    llvm::sys::path::append(P, Path);
    return absolute(P);
  }

  json::Object artifact(StringRef Abs) {
    StringRef Rel = Abs;
    if (Rel.consume_front(Root) && Rel.consume_front("/"))
      return json::Object{{"uri", percentEncode(Rel)},
                          {"uriBaseId", "SRCROOT"}};
    return json::Object{{"uri", fileUri(Abs)}};
  }

  std::string relative(StringRef Abs) {
    StringRef Rel = Abs;
    if (Rel.consume_front(Root) && Rel.consume_front("/"))
      return Rel.str();
    return Abs.str();
  }

  std::optional<json::Object> region(StringRef Abs, unsigned Offset,
                                     std::optional<unsigned> Length) {
    auto Start = Pos.at(Abs, Offset);
    if (!Start)
      return std::nullopt;
    json::Object R{{"startLine", Start->first}, {"startColumn", Start->second}};
    if (Length) {
      if (auto End = Pos.at(Abs, Offset + *Length)) {
        R["endLine"] = End->first;
        R["endColumn"] = End->second;
      }
    }
    return R;
  }

  std::optional<json::Object>
  location(const clang::tooling::DiagnosticMessage &M, StringRef BuildDir) {
    if (M.FilePath.empty())
      return std::nullopt;
    std::string Abs = fullPath(M.FilePath, BuildDir);
    std::optional<unsigned> Length;
    for (const auto &R : M.Ranges)
      if (R.FileOffset == M.FileOffset && fullPath(R.FilePath, BuildDir) == Abs)
        Length = R.Length;
    json::Object Physical{{"artifactLocation", artifact(Abs)}};
    if (auto Reg = region(Abs, M.FileOffset, Length))
      Physical["region"] = std::move(*Reg);
    return json::Object{{"physicalLocation", std::move(Physical)}};
  }
};

llvm::StringMap<unsigned> readBaseline(StringRef Path, std::string &Error) {
  llvm::StringMap<unsigned> Counts;
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    // No baseline yet: every finding is new.
    return Counts;
  }
  auto Parsed = json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    Error = "the baseline " + Path.str() +
            " is not JSON: " + llvm::toString(Parsed.takeError());
    return Counts;
  }
  const json::Object *Log = Parsed->getAsObject();
  const json::Array *Runs = Log ? Log->getArray("runs") : nullptr;
  if (!Runs) {
    Error = "the baseline " + Path.str() + " is not a SARIF log (no runs)";
    return Counts;
  }
  for (const json::Value &Run : *Runs) {
    const json::Object *R = Run.getAsObject();
    const json::Array *Results = R ? R->getArray("results") : nullptr;
    if (!Results)
      continue;
    for (const json::Value &Res : *Results) {
      const json::Object *O = Res.getAsObject();
      const json::Object *FP =
          O ? O->getObject("partialFingerprints") : nullptr;
      if (FP)
        if (auto S = FP->getString(FingerprintKey))
          ++Counts[*S];
    }
  }
  return Counts;
}

} // namespace

unsigned writeSarif(StringRef Path,
                    const std::vector<clang::tooling::Diagnostic> &Diags,
                    const RunOptions &Opts, const char *Argv0,
                    std::string &Error) {
  Writer W{Opts, absolute(Opts.SarifRoot.empty() ? "." : Opts.SarifRoot), {}};
  while (W.Root.size() > 1 && W.Root.back() == '/')
    W.Root.pop_back();
  Docs D(Opts, Argv0);

  // Rules: every documented coroguard check, then whatever else reported.
  std::map<std::string, std::pair<std::string, std::string>> Documented;
  if (!D.Dir.empty()) {
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(D.Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      StringRef File = It->path();
      if (!File.ends_with(".md"))
        continue;
      auto Text = llvm::MemoryBuffer::getFile(File);
      if (!Text)
        continue;
      std::string Id = "coroguard-" + llvm::sys::path::stem(File).str();
      Documented[Id] = {firstParagraph((*Text)->getBuffer()),
                        (*Text)->getBuffer().str()};
    }
  }
  std::vector<std::string> RuleIds;
  llvm::StringMap<unsigned> RuleIndex;
  auto AddRule = [&](const std::string &Id) {
    if (RuleIndex.count(Id))
      return;
    RuleIndex[Id] = RuleIds.size();
    RuleIds.push_back(Id);
  };
  for (const auto &[Id, _] : Documented)
    AddRule(Id);
  for (const auto &Diag : Diags)
    AddRule(Diag.DiagnosticName);

  json::Array Rules;
  for (const std::string &Id : RuleIds) {
    json::Object Rule{{"id", Id}, {"name", ruleName(Id)}};
    auto Doc = Documented.find(Id);
    if (Doc != Documented.end()) {
      const std::string &Para = Doc->second.first;
      std::string Uri =
          D.UrlBase.empty()
              ? ""
              : D.UrlBase + "/" + StringRef(Id).drop_front(10).str() + ".md";
      Rule["shortDescription"] = json::Object{{"text", firstSentence(Para)}};
      Rule["fullDescription"] = json::Object{{"text", Para}};
      Rule["help"] =
          json::Object{{"text", Para + (Uri.empty() ? "" : " See " + Uri)},
                       {"markdown", Doc->second.second}};
      if (!Uri.empty())
        Rule["helpUri"] = Uri;
      Rule["properties"] = json::Object{
          {"tags", json::Array{"coroguard", "concurrency", "coroutines"}}};
    } else {
      Rule["shortDescription"] = json::Object{{"text", Id}};
    }
    Rule["defaultConfiguration"] = json::Object{{"level", "warning"}};
    Rules.push_back(std::move(Rule));
  }

  bool WithBaseline = !Opts.Baseline.empty();
  llvm::StringMap<unsigned> Baseline;
  if (WithBaseline) {
    Baseline = readBaseline(Opts.Baseline, Error);
    if (!Error.empty())
      return 0;
  }

  unsigned New = 0;
  json::Array Results;
  for (const auto &Diag : Diags) {
    const auto &M = Diag.Message;
    json::Object Result{
        {"ruleId", Diag.DiagnosticName},
        {"ruleIndex", RuleIndex[Diag.DiagnosticName]},
        {"level", Diag.DiagLevel == clang::tooling::Diagnostic::Error ? "error"
                  : Diag.DiagLevel == clang::tooling::Diagnostic::Warning
                      ? "warning"
                      : "note"},
        {"message", json::Object{{"text", M.Message}}}};
    json::Array Locations;
    std::string RelPath;
    if (auto L = W.location(M, Diag.BuildDirectory)) {
      Locations.push_back(std::move(*L));
      RelPath = W.relative(W.fullPath(M.FilePath, Diag.BuildDirectory));
    }
    Result["locations"] = std::move(Locations);

    json::Array Related;
    unsigned NoteId = 0;
    for (const auto &Note : Diag.Notes) {
      json::Object R{{"id", NoteId++},
                     {"message", json::Object{{"text", Note.Message}}}};
      if (auto L = W.location(Note, Diag.BuildDirectory))
        R["physicalLocation"] = std::move(*L->getObject("physicalLocation"));
      Related.push_back(std::move(R));
    }
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);

    json::Array Changes;
    for (const auto &Entry : M.Fix) {
      const auto &Reps = Entry.getValue();
      std::string Abs = W.fullPath(Entry.getKey(), Diag.BuildDirectory);
      json::Array Replacements;
      for (const auto &Rep : Reps) {
        auto Reg = W.region(Abs, Rep.getOffset(), Rep.getLength());
        if (!Reg)
          continue;
        json::Object Replacement{{"deletedRegion", std::move(*Reg)}};
        Replacement["insertedContent"] =
            json::Object{{"text", Rep.getReplacementText().str()}};
        Replacements.push_back(std::move(Replacement));
      }
      if (!Replacements.empty())
        Changes.push_back(
            json::Object{{"artifactLocation", W.artifact(Abs)},
                         {"replacements", std::move(Replacements)}});
    }
    if (!Changes.empty())
      Result["fixes"] = json::Array{json::Object{
          {"description", json::Object{{"text", "Apply the fix-it of " +
                                                    Diag.DiagnosticName}}},
          {"artifactChanges", std::move(Changes)}}};

    // Line numbers move; the check, the file and the message (which names
    // the functions involved) rarely do.
    llvm::SHA256 Hash;
    Hash.update(Diag.DiagnosticName + "\n" + RelPath + "\n" + M.Message);
    std::string Fingerprint = llvm::toHex(Hash.final(), /*LowerCase=*/true);
    Result["partialFingerprints"] = json::Object{{FingerprintKey, Fingerprint}};
    if (WithBaseline) {
      auto It = Baseline.find(Fingerprint);
      bool Known = It != Baseline.end() && It->second > 0;
      if (Known)
        --It->second;
      else
        ++New;
      Result["baselineState"] = Known ? "unchanged" : "new";
    } else {
      ++New;
    }
    Results.push_back(std::move(Result));
  }

  if (Path.empty())
    return New;

  json::Object Driver{{"name", "coroguard"},
                      {"version", COROGUARD_VERSION},
                      {"semanticVersion", COROGUARD_VERSION},
                      {"rules", std::move(Rules)}};
  if (!D.UrlBase.empty())
    Driver["informationUri"] = D.UrlBase;
  json::Object Run{
      {"tool", json::Object{{"driver", std::move(Driver)}}},
      {"originalUriBaseIds",
       json::Object{{"SRCROOT", json::Object{{"uri", fileUri(W.Root + "/")}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(Results)}};
  // A shard's run is a category of its own, so code scanning keeps every
  // shard's results instead of the last upload's (Shard.cpp).
  unsigned K, N;
  std::string ShardError;
  if (!Opts.Shard.empty() && parseShard(Opts.Shard, K, N, ShardError))
    Run["automationDetails"] = json::Object{
        {"id", llvm::formatv("coroguard/shard-{0}-of-{1}/", K, N).str()}};
  json::Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::Array{std::move(Run)}}};

  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write " + Path.str() + ": " + EC.message();
    return New;
  }
  OS << llvm::formatv("{0:2}", json::Value(std::move(Log))) << "\n";
  return New;
}

} // namespace coroguard
