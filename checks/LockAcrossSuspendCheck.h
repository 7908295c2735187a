//===--- LockAcrossSuspendCheck.h - coroguard-lock-across-suspend -*- C++ -*-=//

#ifndef COROGUARD_LOCKACROSSSUSPENDCHECK_H
#define COROGUARD_LOCKACROSSSUSPENDCHECK_H

#include "model/CoroGuardCheck.h"
#include "model/Locks.h"

namespace clang::tidy::coroguard {

/// Finds thread-owned locks (guards of std/Boost/Abseil mutexes, manual
/// lock() calls) held at a point where the coroutine can suspend: the
/// coroutine may resume on another thread, where unlocking is undefined
/// behaviour, and every thread that needs the lock blocks meanwhile.
/// Flow-sensitive, on the suspension model's control-flow graph.
///
/// Docs: docs/checks/lock-across-suspend.md
class LockAcrossSuspendCheck : public CoroGuardCheck {
public:
  LockAcrossSuspendCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void
  onCoroutine(const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
              const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onNewTranslationUnit() override { Locks.reset(); }

  model::LockModel Locks;
};

} // namespace clang::tidy::coroguard

#endif
