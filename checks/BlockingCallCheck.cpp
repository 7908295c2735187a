//===--- BlockingCallCheck.cpp - coroguard-blocking-call ------------------===//

#include "BlockingCallCheck.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      MaxCallDepth(sharedOption("MaxCallDepth", 4u)),
      Analysis(modelForSetup(), MaxCallDepth) {}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  registerCoroutineMatchers(Finder);
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  dispatchCoroutine(Result);
}

void BlockingCallCheck::onCoroutine(const FunctionDecl &Coroutine,
                                    const CoroutineBodyStmt &Body,
                                    const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  model::AsyncModel &M = model(*Result.Context);
  // Advice comes from the library the coroutine is written against.
  llvm::StringRef Library = M.typeInfo(Coroutine.getReturnType()).Library;
  model::forEachEvaluatedStmt(&Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || !isUserCode(model::callLocation(Call), SM))
      return;
    model::BlockingPath Path =
        Analysis.find(Call, model::BlockKind::Other, SM);
    if (!Path)
      return;
    const std::string &Blocker = Path.terminal().CalleeName;
    if (Path.Steps.size() == 1)
      diag(model::callLocation(Call),
           "'%0' blocks the thread inside %1; every coroutine scheduled on "
           "this thread stalls until it returns")
          << Blocker << describeCoroutine(Coroutine);
    else
      diag(model::callLocation(Call),
           "'%0' blocks the thread inside %1 (it calls '%2'); every coroutine "
           "scheduled on this thread stalls until it returns")
          << Path.Steps.front().CalleeName << describeCoroutine(Coroutine)
          << Blocker;
    model::notePath(*this, Path);
    if (!Library.empty()) {
      llvm::StringRef Alternative =
          M.detail(model::Role::NonBlockingAlternative, Blocker, Library);
      if (!Alternative.empty())
        diag(model::callLocation(Path.terminal().Call),
             "non-blocking alternative in %0: %1", DiagnosticIDs::Note)
            << Library << Alternative;
    }
  });
}

COROGUARD_REGISTER_CHECK(BlockingCallCheck, "coroguard-blocking-call");

} // namespace clang::tidy::coroguard
