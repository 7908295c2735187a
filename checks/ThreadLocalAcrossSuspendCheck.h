//===--- ThreadLocalAcrossSuspendCheck.h - thread_local after co_await -*- C++
//-*-===//

#ifndef COROGUARD_THREADLOCALACROSSSUSPENDCHECK_H
#define COROGUARD_THREADLOCALACROSSSUSPENDCHECK_H

#include "model/CoroGuardCheck.h"
#include <memory>

namespace clang::tidy::coroguard {

class ThreadLocalAccessors;

/// Finds reads of a thread_local after a suspension point of a coroutine
/// (the coroutine may resume on another thread and sees that thread's
/// value), directly or through accessors defined in the translation unit, and
/// pointers or references to a thread_local taken before a suspension point
/// and used after it. Flow-sensitive: a write of the whole variable by the
/// coroutine since the last suspension makes the read fine.
///
/// Docs: docs/checks/thread-local-across-suspend.md
class ThreadLocalAcrossSuspendCheck : public CoroGuardCheck {
public:
  ThreadLocalAcrossSuspendCheck(llvm::StringRef Name,
                                ClangTidyContext *Context);
  ~ThreadLocalAcrossSuspendCheck() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void
  onCoroutine(const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
              const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onNewTranslationUnit() override;

  const unsigned MaxCallDepth;
  std::unique_ptr<ThreadLocalAccessors> Accessors;
};

} // namespace clang::tidy::coroguard

#endif
