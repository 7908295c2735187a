//===--- UnthrottledParallelLoopCheck.h -------------------------*- C++ -*-===//
//
// coroguard-unthrottled-parallel-loop
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_UNTHROTTLEDPARALLELLOOPCHECK_H
#define COROGUARD_UNTHROTTLEDPARALLELLOOPCHECK_H

#include "model/CoroGuardCheck.h"
#include "model/Throttle.h"
#include "model/TripCount.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coroguard {

/// Finds loops with a run-time trip count that start concurrent work in
/// every iteration (spawn, co_spawn, std::async, std::thread, ...) with no
/// throttle, and parallel-loop APIs called with no limit, an unbounded one,
/// or one above MaxParallelism.
///
/// Docs: docs/checks/unthrottled-parallel-loop.md
class UnthrottledParallelLoopCheck : public CoroGuardCheck {
public:
  UnthrottledParallelLoopCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void onNewTranslationUnit() override {
    TripCounts.reset();
    Throttles.reset();
  }
  void checkFunction(const FunctionDecl &FD,
                     const ast_matchers::MatchFinder::MatchResult &Result);
  void
  checkParallelLoopCall(const CallExpr &Call,
                        const ast_matchers::MatchFinder::MatchResult &Result);
  /// Whether S starts concurrent work; Name says what starts it.
  bool isStart(const Stmt *S, std::string &Name, ASTContext &Ctx);
  /// Whether the work a start is given (or is called on) is a coroutine
  /// that awaits a throttle first, looking through wrapping calls.
  bool workIsThrottled(const CallExpr *Call, unsigned Depth);

  const unsigned MaxStaticFanout;
  const unsigned MaxParallelism;
  const bool ReportEventLoops;
  model::TripCountAnalysis TripCounts;
  model::ThrottleAnalysis Throttles;
};

} // namespace clang::tidy::coroguard

#endif
