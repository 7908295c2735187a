//===--- MissingCancellationCheck.h - missing-cancellation ----*- C++ -*-===//

#ifndef COROGUARD_MISSINGCANCELLATIONCHECK_H
#define COROGUARD_MISSINGCANCELLATIONCHECK_H

#include "model/Cancellation.h"
#include "model/CoroGuardCheck.h"

namespace clang::tidy::coroguard {

/// Finds async operations started by a coroutine that holds a cancellation
/// token (parameter, capture, member of `this`, or a local made from one)
/// without passing it on, although the operation has a form that takes it
/// (an overload with one more token parameter, a defaulted token parameter,
/// or an alternative a profile names); and empty tokens passed while one is
/// held.
///
/// Docs: docs/checks/missing-cancellation.md
class MissingCancellationCheck : public CoroGuardCheck {
public:
  MissingCancellationCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : CoroGuardCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void
  onCoroutine(const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
              const ast_matchers::MatchFinder::MatchResult &Result) override;
  void checkCall(const CallExpr *Call, const FunctionDecl &Coroutine,
                 llvm::ArrayRef<model::HeldToken> Held, bool Forwards,
                 model::CancellationModel &C, model::AsyncModel &M,
                 const SourceManager &SM);
  void noteToken(const model::HeldToken &Token, const SourceManager &SM);
};

} // namespace clang::tidy::coroguard

#endif
