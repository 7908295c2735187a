//===--- Throttle.h - Is this work throttled? ------------------*- C++ -*-===//
//
// A coroutine is throttled when it awaits a throttle (a semaphore acquire, a
// bounded channel send, anything with the Throttle role) before it awaits any
// task, i.e. before its real work: however many are started at once, only as
// many as the throttle admits get past that point.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_THROTTLE_H
#define COROGUARD_MODEL_THROTTLE_H

#include "AsyncModel.h"
#include "llvm/ADT/DenseMap.h"

namespace clang {
class Expr;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace clang::tidy::coroguard::model {

class ThrottleAnalysis {
public:
  explicit ThrottleAnalysis(AsyncModel &Model) : Model(Model) {}

  /// Whether a coroutine awaits a throttle before it awaits any task.
  bool awaitsThrottleFirst(const FunctionDecl *Coroutine);
  /// Whether a call or construction is a throttle.
  bool isThrottle(const Stmt *S);
  /// Whether S, or an expression evaluated inside it, is a throttle.
  bool containsThrottle(const Stmt *S);

  /// The coroutine whose body runs as the work an expression stands for:
  /// a call of a coroutine (function or lambda), a coroutine lambda, or a
  /// local variable holding one. Null when it is not visible.
  static const FunctionDecl *startedCoroutine(const Expr *E);

  void reset() { Memo.clear(); }

private:
  AsyncModel &Model;
  llvm::DenseMap<const FunctionDecl *, bool> Memo;
};

} // namespace clang::tidy::coroguard::model

#endif
