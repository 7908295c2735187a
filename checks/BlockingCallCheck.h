//===--- BlockingCallCheck.h - coroguard-blocking-call ---------*- C++ -*-===//

#ifndef COROGUARD_BLOCKINGCALLCHECK_H
#define COROGUARD_BLOCKINGCALLCHECK_H

#include "model/Blocking.h"
#include "model/CoroGuardCheck.h"

namespace clang::tidy::coroguard {

/// Finds thread-blocking calls (sleep, join, condition-variable waits, ...)
/// inside coroutines, directly or through helpers defined in the translation
/// unit, and names the non-blocking alternative of the coroutine's library.
/// Also a dropped std::async future, whose destructor waits for the work.
///
/// Docs: docs/checks/blocking-call.md
class BlockingCallCheck : public CoroGuardCheck {
public:
  BlockingCallCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void
  onCoroutine(const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
              const ast_matchers::MatchFinder::MatchResult &Result) override;
  /// A dropped value whose destructor waits for its work (std::async).
  void checkJoiningResults(const FunctionDecl &Coroutine,
                           const CoroutineBodyStmt &Body, model::AsyncModel &M,
                           const SourceManager &SM);
  void onNewTranslationUnit() override { Analysis.reset(); }

  const unsigned MaxCallDepth;
  model::BlockingAnalysis Analysis;
};

} // namespace clang::tidy::coroguard

#endif
