//===--- UnboundedWhenAllCheck.h - coroguard-unbounded-when-all -*- C++ -*-===//

#ifndef COROGUARD_UNBOUNDEDWHENALLCHECK_H
#define COROGUARD_UNBOUNDEDWHENALLCHECK_H

#include "model/CoroGuardCheck.h"
#include "model/Throttle.h"
#include "model/TripCount.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coroguard {

/// Finds range fan-outs (when_all(range), collectAllRange, parallel_for_each,
/// ...) whose size depends on run-time input and whose tasks are not
/// throttled: every task starts at once. A note names the bounded variant of
/// the same library and offers it as a fix-it.
///
/// Docs: docs/checks/unbounded-when-all.md
class UnboundedWhenAllCheck : public CoroGuardCheck {
public:
  UnboundedWhenAllCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void onNewTranslationUnit() override {
    TripCounts.reset();
    Throttles.reset();
  }
  void checkFanout(const Expr *Node,
                   const ast_matchers::MatchFinder::MatchResult &Result);
  bool tasksAreThrottled(const Expr *Range, llvm::ArrayRef<const Expr *> Args,
                         ASTContext &Ctx);
  std::optional<FixItHint>
  boundedFix(const Expr *Call, llvm::ArrayRef<const Expr *> Args,
             llvm::StringRef Alternative,
             const ast_matchers::MatchFinder::MatchResult &Result);

  const unsigned MaxStaticFanout;
  model::TripCountAnalysis TripCounts;
  model::ThrottleAnalysis Throttles;
};

} // namespace clang::tidy::coroguard

#endif
