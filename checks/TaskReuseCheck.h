//===--- TaskReuseCheck.h - coroguard-task-reuse ---------------*- C++ -*-===//

#ifndef COROGUARD_TASKREUSECHECK_H
#define COROGUARD_TASKREUSECHECK_H

#include "model/CoroGuardCheck.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace clang::tidy::coroguard {

/// Finds a single-shot task used after it was consumed: awaited a second
/// time, awaited or handed on after `std::move`, or used after a call that
/// takes it (then, start, spawn, when_all, sync_wait, std::future::get).
/// Flow-sensitive within one function (coroutine or not), loops included,
/// through the shared suspension model's CFG; a reassignment in between
/// resets the task. Multi-shot types (shared_task, shared_future) are not
/// tracked.
///
/// Docs: docs/checks/task-reuse.md
class TaskReuseCheck : public CoroGuardCheck {
public:
  TaskReuseCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : CoroGuardCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

  /// What one CFG element does to one task (TaskReuseCheck.cpp).
  struct Event;

private:
  void onNewTranslationUnit() override {
    Tracked.clear();
    Reported.clear();
  }
  void checkFunction(const FunctionDecl &FD,
                     const ast_matchers::MatchFinder::MatchResult &Result);
  /// The task variable E names (a local variable, parameter or structured
  /// binding of a single-shot task type), parens and implicit casts looked
  /// through; null otherwise.
  const ValueDecl *trackedVar(const Expr *E, const ASTContext &Ctx);
  /// What one CFG element does to the tracked tasks, in evaluation order.
  void eventsOf(const Stmt *S, const ASTContext &Ctx,
                llvm::SmallVectorImpl<Event> &Out);

  void report(const Event &Use, const llvm::BitVector &Facts,
              const llvm::BitVector &Mask,
              const std::vector<const Event *> &Sites, const SourceManager &SM);

  llvm::DenseMap<const ValueDecl *, bool> Tracked;
  /// Copies made for by-value parameters from std::move(task), and the
  /// callee they are passed to (one function at a time).
  std::vector<std::pair<const CXXConstructExpr *, std::string>> MovedInto;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coroguard

#endif
