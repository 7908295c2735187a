//===--- CoroutineContext.h - What runs where ------------------*- C++ -*-===//
//
// A coroutine context is the body of a coroutine, excluding the bodies of
// lambdas defined there but not invoked there (they may run anywhere, later).
// The same walk answers "what runs when this ordinary function runs?" for the
// transitive blocking analysis.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_COROUTINECONTEXT_H
#define COROGUARD_MODEL_COROUTINECONTEXT_H

#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang {
class CoroutineBodyStmt;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// The coroutine body of a function definition, or null if it is not a
/// coroutine.
const CoroutineBodyStmt *coroutineBody(const FunctionDecl *FD);

/// Calls Fn on every statement evaluated when Root runs, in source order:
/// lambdas that are only defined contribute their capture initialisers,
/// immediately invoked lambdas their body too; local classes, unevaluated
/// operands (sizeof, decltype, noexcept, requires) and the compiler-generated
/// parts of co_await / co_yield / co_return are skipped. Iterative, so deep
/// expressions cannot overflow the stack.
void forEachEvaluatedStmt(const Stmt *Root,
                          llvm::function_ref<void(const Stmt *)> Fn);

} // namespace clang::tidy::coroguard::model

#endif
