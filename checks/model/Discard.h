//===--- Discard.h - Where values are dropped ------------------*- C++ -*-===//
//
// A walk over one function or lambda body that tells, for every statement
// evaluated there, whether its value is discarded (an expression statement,
// the left side of a comma, the operand of a cast to void) and whether it sits
// in a catch handler (where co_await is not allowed). Unlike
// forEachEvaluatedStmt it never enters a lambda body, not even an invoked
// one: each lambda is a body of its own, so "directly in this coroutine"
// means "found by this walk".
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_DISCARD_H
#define COROGUARD_MODEL_DISCARD_H

#include "clang/AST/Type.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang {
class CoroutineBodyStmt;
class Expr;
class Stmt;
class VarDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// Where a statement sits in the body being walked.
struct StmtPlace {
  /// Its value is discarded: an expression statement, the left side of a
  /// comma, a branch of a discarded ?:, the operand of a cast to void.
  bool Discarded = false;
  /// Discarded through an explicit cast to void: `(void)f();`.
  bool CastToVoid = false;
  /// Inside a catch handler.
  bool InHandler = false;
};

/// Calls Fn on every statement evaluated when Body runs, in source order,
/// with its place. Lambda bodies (capture initialisers are visited), local
/// classes, unevaluated operands and the compiler-generated parts of a
/// coroutine are skipped. Iterative.
void forEachStmtInBody(const Stmt *Body,
                       llvm::function_ref<void(const Stmt *, StmtPlace)> Fn);

/// The expression that produces the value of E: parentheses, full-expression
/// cleanups, temporaries and no-op implicit casts looked through.
const Expr *producedValue(const Expr *E);

/// Whether E (as given by producedValue) creates a new object by a call:
/// a prvalue function, member, operator or function-object call, whose
/// result is not a reference. Calls with errors are not.
bool isNewValueFromCall(const Expr *E);

/// Whether a local variable is never named after its declaration (not even
/// in `(void)v;` or an unevaluated operand) and not marked
/// [[maybe_unused]]. Only automatic variables declared in a function body.
bool isUnusedLocal(const VarDecl *VD);

/// Whether a value of type T can be awaited by its own interface: a member
/// or free `operator co_await`, or `await_ready`/`await_suspend`/
/// `await_resume` members.
bool hasAwaitInterface(QualType T);

/// What `co_await` on a value of type T yields, read from the awaiter's
/// await_resume (through a member operator co_await); null when unknown.
QualType awaitResumeType(QualType T);

/// Whether the promise of a coroutine body filters what can be awaited
/// (declares await_transform).
bool promiseTransformsAwaits(const CoroutineBodyStmt &Body);

} // namespace clang::tidy::coroguard::model

#endif
