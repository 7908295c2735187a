//===--- DiscardedTaskCheck.h - coroguard-discarded-task -------*- C++ -*-===//

#ifndef COROGUARD_DISCARDEDTASKCHECK_H
#define COROGUARD_DISCARDEDTASKCHECK_H

#include "model/Callables.h"
#include "model/CoroGuardCheck.h"
#include "model/Discard.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coroguard {

/// Finds async work that is created and then lost: a task or awaitable
/// discarded as a statement, a local initialised from one and never used,
/// and a coroutine converted to a callable that drops its result
/// (std::function<void(...)>, std::for_each). The C++ form of C#'s CS4014 and
/// TypeScript's no-floating-promises / no-misused-promises. Offers
/// `co_await ` inside a coroutine.
///
/// Docs: docs/checks/discarded-task.md
class DiscardedTaskCheck : public CoroGuardCheck {
public:
  DiscardedTaskCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  struct Body;
  void onNewTranslationUnit() override {
    Walked.clear();
    Reported.clear();
    Discards.reset();
  }
  void checkBody(const FunctionDecl &FD, SourceLocation Where,
                 const ast_matchers::MatchFinder::MatchResult &Result);
  /// Reads one body (or an initialiser outside functions, FD null).
  void walk(const Stmt *Root, const FunctionDecl *FD,
            const ast_matchers::MatchFinder::MatchResult &Result);
  void checkDiscarded(const Expr *E, model::StmtPlace Place, const Body &B);
  void checkLocal(const VarDecl *VD, const DeclStmt *DS, model::StmtPlace Place,
                  const Body &B);
  void checkConversion(const CXXConstructExpr *CE, const Body &B);
  void checkAssignment(const CXXOperatorCallExpr *Call, const Body &B);
  void checkCallableArguments(const CallExpr *Call, const Body &B);
  void reportCallable(const Expr *Callable, llvm::StringRef How, const Body &B);
  /// `co_await ` before E, where the enclosing coroutine can await it.
  std::vector<FixItHint> awaitFix(const Expr *E, QualType T,
                                  model::StmtPlace Place, const Body &B);
  /// Whether a diagnostic was already given at Loc (templates, lambdas
  /// reached twice).
  bool alreadyReported(SourceLocation Loc);
  /// For an unused local initialised from V: `co_await V;` in place of the
  /// declaration when awaiting gives nothing to hold, `auto x = co_await V;`
  /// when it gives a value that may be held on purpose.
  std::vector<FixItHint> localAwaitFix(const VarDecl *VD, const DeclStmt *DS,
                                       const Expr *V, model::StmtPlace Place,
                                       const Body &B);

  const bool AllowCastToVoid;
  llvm::DenseSet<const Stmt *> Walked;
  llvm::DenseSet<unsigned> Reported;
  model::ResultDiscardAnalysis Discards;
};

} // namespace clang::tidy::coroguard

#endif
