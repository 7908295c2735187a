//===--- CoroGuardCheck.cpp -----------------------------------------------===//

#include "CoroGuardCheck.h"
#include "CoroutineContext.h"
#include "UserCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <mutex>

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

namespace {
/// Model options, in the order --dump-config shows them.
struct OptionField {
  const char *Name;
  std::string model::ModelOptions::*Field;
};
const OptionField ModelOptionFields[] = {
    {"TaskTypes", &model::ModelOptions::TaskTypes},
    {"LazyTaskTypes", &model::ModelOptions::LazyTaskTypes},
    {"EagerTaskTypes", &model::ModelOptions::EagerTaskTypes},
    {"DetachedTypes", &model::ModelOptions::DetachedTypes},
    {"BlockingFunctions", &model::ModelOptions::BlockingFunctions},
    {"BlockingWaitFunctions", &model::ModelOptions::BlockingWaitFunctions},
    {"DetachFunctions", &model::ModelOptions::DetachFunctions},
    {"ScopedSpawnFunctions", &model::ModelOptions::ScopedSpawnFunctions},
    {"UnboundedFanoutFunctions",
     &model::ModelOptions::UnboundedFanoutFunctions},
    {"BoundedFanoutFunctions", &model::ModelOptions::BoundedFanoutFunctions},
    {"ThrottleFunctions", &model::ModelOptions::ThrottleFunctions},
    {"AllowDetachFunctions", &model::ModelOptions::AllowDetachFunctions},
    {"LockTypes", &model::ModelOptions::LockTypes},
    {"AsyncLockTypes", &model::ModelOptions::AsyncLockTypes},
    {"AllowedAwaitables", &model::ModelOptions::AllowedAwaitables},
    {"ThreadPinnedTaskTypes", &model::ModelOptions::ThreadPinnedTaskTypes},
    {"MultiShotTaskTypes", &model::ModelOptions::MultiShotTaskTypes},
    {"ConsumingFunctions", &model::ModelOptions::ConsumingFunctions},
    {"LongLivedTypes", &model::ModelOptions::LongLivedTypes},
    {"CancellationTypes", &model::ModelOptions::CancellationTypes},
    {"Profiles", &model::ModelOptions::Profiles},
};
} // namespace

/// The nearest .clang-tidy above File that mentions Text, if any: where a
/// bad option value most likely comes from (clang-tidy does not tell a check
/// which file gave an option).
static std::string configFileMentioning(llvm::StringRef File,
                                        llvm::StringRef Text) {
  if (File.empty() || Text.empty())
    return "";
  llvm::SmallString<256> Dir(File);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  for (; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    auto Buffer = llvm::MemoryBuffer::getFile(Candidate);
    if (Buffer && (*Buffer)->getBuffer().contains(Text))
      return std::string(Candidate);
    if (llvm::sys::path::parent_path(Dir) == Dir)
      break;
  }
  return "";
}

/// Whether this message has not been reported yet in this run: every
/// coroguard check reads the shared options, and checks are made anew for
/// each file.
static bool firstReport(const std::string &Message) {
  static std::mutex Lock;
  static llvm::StringSet<> Seen;
  std::lock_guard<std::mutex> Guard(Lock);
  return Seen.insert(Message).second;
}

CoroGuardCheck::CoroGuardCheck(llvm::StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), ModelOpts(readModelOptions()),
      Model(ModelOpts) {
  for (const model::AsyncModel::ConfigError &Error : Model.configErrors()) {
    // The key the value was read from: the check's own, or the shared one.
    std::string Key = Options.get(Error.Option)
                          ? (Name + "." + Error.Option).str()
                          : "coroguard." + Error.Option;
    std::string File =
        configFileMentioning(Context->getCurrentFile(), Error.Value);
    std::string Message = Error.Message + " in option '" + Key + "' of " +
                          (File.empty() ? "the configuration" : File);
    if (firstReport(Message))
      configurationDiag("%0") << Message;
  }
}

std::string CoroGuardCheck::sharedOption(llvm::StringRef Name,
                                         llvm::StringRef Default) {
  if (std::optional<llvm::StringRef> Local = Options.get(Name))
    return Local->str();
  // getLocalOrGlobal looks up "<check>.coroguard.Name" (never set) and then
  // the global key "coroguard.Name".
  return Options.getLocalOrGlobal(("coroguard." + Name).str(), Default).str();
}

unsigned CoroGuardCheck::sharedOption(llvm::StringRef Name, unsigned Default) {
  std::string Text = sharedOption(Name, "");
  unsigned Value = Default;
  if (!Text.empty() && llvm::StringRef(Text).trim().getAsInteger(10, Value)) {
    configurationDiag("invalid value '%0' for option '%1' of %2; expected a "
                      "non-negative integer")
        << Text << Name << this->getID();
    return Default;
  }
  return Value;
}

model::ModelOptions CoroGuardCheck::readModelOptions() {
  model::ModelOptions O;
  for (const OptionField &F : ModelOptionFields)
    O.*F.Field = sharedOption(F.Name, O.*F.Field);
  return O;
}

void CoroGuardCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  // Only what differs from the defaults: thirteen shared options repeated
  // for every check would drown --dump-config.
  model::ModelOptions Defaults;
  for (const OptionField &F : ModelOptionFields)
    if (ModelOpts.*F.Field != Defaults.*F.Field)
      Options.store(Opts, F.Name, ModelOpts.*F.Field);
}

bool CoroGuardCheck::isLanguageVersionSupported(
    const LangOptions &LangOpts) const {
  return LangOpts.CPlusPlus20;
}

void CoroGuardCheck::registerCoroutineMatchers(MatchFinder *Finder) {
  // Matching the body, not functionDecl()/lambdaExpr(): the finder only tries
  // a matcher on nodes of its kind, so this costs nothing outside
  // coroutines, where functionDecl() would run on every function of every
  // header.
  Finder->addMatcher(coroutineBodyStmt().bind("coroguard-coroutine-body"),
                     this);
}

bool CoroGuardCheck::dispatchCoroutine(const MatchFinder::MatchResult &Result) {
  const auto *Body =
      Result.Nodes.getNodeAs<CoroutineBodyStmt>("coroguard-coroutine-body");
  if (!Body)
    return false;
  model(*Result.Context);
  // The promise variable lives in the coroutine's own scope.
  const VarDecl *Promise = Body->getPromiseDecl();
  const auto *FD =
      Promise ? dyn_cast<FunctionDecl>(Promise->getDeclContext()) : nullptr;
  if (!FD || FD->isInvalidDecl() || model::coroutineBody(FD) != Body ||
      Model.isLibraryCode(FD) || !SeenCoroutines.insert(FD).second)
    return true;
  onCoroutine(*FD, *Body, Result);
  return true;
}

void CoroGuardCheck::registerUserFunctionsMatcher(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("coroguard-tu"), this);
}

bool CoroGuardCheck::forEachUserFunction(
    const MatchFinder::MatchResult &Result,
    llvm::function_ref<void(const FunctionDecl &)> Fn) {
  const auto *TU = Result.Nodes.getNodeAs<TranslationUnitDecl>("coroguard-tu");
  if (!TU)
    return false;
  model(*Result.Context);
  const SourceManager &SM = *Result.SourceManager;
  llvm::DenseSet<const FunctionDecl *> Seen;
  model::forEachUserFunctionOrLambda(
      *TU, SM,
      [&](const FunctionDecl &FD) {
        if (FD.isInvalidDecl() || FD.isDependentContext() ||
            !FD.doesThisDeclarationHaveABody() || !FD.getBody() ||
            !isUserCode(functionLocation(FD, SM), SM) ||
            !Seen.insert(&FD).second)
          return;
        Fn(FD);
      },
      [&](const Decl &D) { return Model.isLibraryCode(&D); });
  return true;
}

std::string CoroGuardCheck::describeCoroutine(const FunctionDecl &Coroutine) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine))
    if (MD->getParent()->isLambda())
      return "coroutine lambda";
  return "coroutine '" + Coroutine.getNameAsString() + "'";
}

bool CoroGuardCheck::isUserCode(SourceLocation Loc, const SourceManager &SM) {
  if (Loc.isInvalid())
    return false;
  return !SM.isInSystemHeader(SM.getExpansionLoc(Loc)) &&
         !SM.isInSystemHeader(SM.getSpellingLoc(Loc));
}

SourceLocation CoroGuardCheck::functionLocation(const FunctionDecl &FD,
                                                const SourceManager &SM) {
  SourceLocation Name = FD.getLocation();
  if (isUserCode(Name, SM))
    return Name;
  const Stmt *Body = FD.getBody();
  if (!Body || !isUserCode(Body->getBeginLoc(), SM))
    return Name;
  SourceLocation Use = SM.getExpansionLoc(Name);
  return isUserCode(Use, SM) ? Use : Body->getBeginLoc();
}

} // namespace clang::tidy::coroguard
