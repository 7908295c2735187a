//===--- BlockingWaitCheck.h - coroguard-blocking-wait ---------*- C++ -*-===//

#ifndef COROGUARD_BLOCKINGWAITCHECK_H
#define COROGUARD_BLOCKINGWAITCHECK_H

#include "model/Blocking.h"
#include "model/CoroGuardCheck.h"

namespace clang::tidy::coroguard {

/// Finds blocking waits on async work (sync_wait, blockingWait,
/// future::get, ...) inside coroutines, directly or through helpers defined
/// in the translation unit: the C++ form of C#'s `.Result`. Offers
/// `sync_wait(x)` -> `co_await x` where that is sound.
///
/// Docs: docs/checks/blocking-wait.md
class BlockingWaitCheck : public CoroGuardCheck {
public:
  BlockingWaitCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void
  onCoroutine(const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
              const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onNewTranslationUnit() override { Analysis.reset(); }
  std::optional<FixItHint>
  awaitFix(const CallExpr *Call, const FunctionDecl &Coroutine,
           const CoroutineBodyStmt &Body,
           const ast_matchers::MatchFinder::MatchResult &Result);

  const unsigned MaxCallDepth;
  model::BlockingAnalysis Analysis;
};

} // namespace clang::tidy::coroguard

#endif
