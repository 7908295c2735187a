//===--- Readiness.h - Is the awaited object already complete? -*- C++ -*-===//
//
// `r.get()` blocks only while r's async work is running. Where every path to
// the call has proved r complete, the call returns at once and is no
// blocking wait. What proves it, on clang's CFG of the function:
//
// - a `co_await` of r (or of std::move(r)),
// - a `co_await` of a call with the Completes role (when_all, collectAll,
//   resolve) that takes r or is called on r; a variable initialised from such
//   an await holds complete objects (`auto all = co_await when_all(...)`
//   makes `std::get<0>(all).get()` ready),
// - a branch on a readiness test of r (role ReadinessTest: `r.is_ready()`,
//   `r.status() != idle`, `f.wait_for(0s) == std::future_status::ready`)
//   taken the way that means "complete" (the other way may throw, return or
//   abort: then it leaves no path),
// - an assertion (a call or macro named assert..., ASSERT_..., EXPECT_...,
//   REQUIRE..., CHECK...) of such a test.
//
// The facts form a must-analysis over the CFG: the wait is ready when the
// fact holds on every path from the entry to it.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_READINESS_H
#define COROGUARD_MODEL_READINESS_H

#include "AsyncModel.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang {
class CallExpr;
class CFG;
class FunctionDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

class ReadinessAnalysis {
public:
  explicit ReadinessAnalysis(AsyncModel &Model);
  ~ReadinessAnalysis();

  /// Whether Wait, a blocking wait called on an object, is evaluated in Fn's
  /// body where that object is provably complete.
  bool isComplete(const CallExpr *Wait, const FunctionDecl *Fn);

  /// Forgets the previous translation unit.
  void reset();

private:
  const CFG *cfgOf(const FunctionDecl *Fn);

  AsyncModel &Model;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CFG>> Cfgs;
};

} // namespace clang::tidy::coroguard::model

#endif
