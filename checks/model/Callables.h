//===--- Callables.h - What calling a callable gives back ------*- C++ -*-===//
//
// Answers for the places where a callable (lambda, function, function object)
// is handed on: what calling it returns, which function runs, whether the
// thing it is converted to drops that result (std::function<void(...)>), and
// whether a function that receives it calls it and ignores the result.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_CALLABLES_H
#define COROGUARD_MODEL_CALLABLES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"

namespace clang {
class CXXRecordDecl;
class Expr;
class FunctionDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

class AsyncModel;

/// The expression a callable argument really is: temporaries, casts,
/// copies of closures and `&f` looked through.
const Expr *callableOperand(const Expr *E);

/// The function that runs when the callable E is called, when there is
/// exactly one: a lambda's call operator, a named function, a function
/// object with one non-template operator().
const FunctionDecl *invokedFunction(const Expr *E);

/// What calling E returns (null when unknown or E is not callable).
QualType callResult(const Expr *E);

/// Whether a value of type T is a callable that discards what it calls
/// returns: a pointer to a function returning void, or a class whose every
/// operator() returns void (std::function<void(int)>, folly::Function<void()>).
bool isVoidCallable(QualType T);

/// Whether FD's body calls its parameter ParamIndex and ignores the result
/// (`f(x);`, `std::invoke(f, x);` as a statement). Cached.
class ResultDiscardAnalysis {
public:
  bool discardsResultOf(const FunctionDecl *FD, unsigned ParamIndex);
  void reset() { Memo.clear(); }

private:
  /// Bit i set: parameter i is called and its result ignored.
  llvm::DenseMap<const FunctionDecl *, uint64_t> Memo;
};

} // namespace clang::tidy::coroguard::model

#endif
