//===--- DetachedCoroutineCheck.h - coroguard-detached-coroutine -*- C++
//-*-===//

#ifndef COROGUARD_DETACHEDCOROUTINECHECK_H
#define COROGUARD_DETACHEDCOROUTINECHECK_H

#include "model/CoroGuardCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coroguard {

/// Finds work that runs with no owner to observe its end or its exception,
/// the C++ form of C#'s `async void`: coroutines whose return type is a
/// detached type (fire_and_forget, concurrencpp::null_result,
/// boost::cobalt::detached), and calls that detach unscoped work
/// (`co_spawn(..., detached)`, `spawn_detached`, `exec::start_detached`).
/// Exempt: entry points marked allow_detach, and work whose visible body
/// handles its own exceptions.
///
/// Docs: docs/checks/detached-coroutine.md
class DetachedCoroutineCheck : public CoroGuardCheck {
public:
  DetachedCoroutineCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void onNewTranslationUnit() override {
    Walked.clear();
    Reported.clear();
  }
  void checkBody(const FunctionDecl &FD, SourceLocation Where,
                 const ast_matchers::MatchFinder::MatchResult &Result);
  void checkDefinition(const FunctionDecl &FD, SourceLocation Where,
                       model::AsyncModel &M);
  void checkCall(const CallExpr *Call, const FunctionDecl &Enclosing,
                 model::AsyncModel &M, const SourceManager &SM);
  bool alreadyReported(SourceLocation Loc) {
    return !Reported.insert(Loc.getRawEncoding()).second;
  }

  llvm::DenseSet<const Stmt *> Walked;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coroguard

#endif
