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
class ASTContext;
class CallExpr;
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

/// What `co_await` on a prvalue of type T yields, read from the awaiter's
/// await_resume (through a member operator co_await, the rvalue overload
/// where overloads differ); null when unknown or not deduced yet.
QualType awaitResumeType(QualType T);

/// What `co_await` on a prvalue of type T gives, as far as a fix-it that
/// awaits an unused local needs to know.
enum class AwaitedValue {
  Unknown, ///< Not known, not even whether there is a value.
  None,    ///< void (await_resume, or a task whose promise has return_void).
  Plain,   ///< A value nothing depends on holding: a reference, a scalar, a
           ///< trivially destructible object.
  Owning,  ///< A value with a destructor (a lock guard), or a value of a
           ///< type not known (a task whose promise has return_value).
};
AwaitedValue awaitedValue(QualType T);

class AsyncModel;

/// What becomes of the work a call started when the value it returns is
/// destroyed unobserved.
enum class DroppedResult {
  Ordinary,  ///< Nothing beyond what the type says (task, awaitable, ...).
  Joins,     ///< The destructor waits for the work: std::async's future,
             ///< under the async or the default launch policy.
  NeverRuns, ///< The work waits to be asked for and never runs: std::async
             ///< with a launch policy of std::launch::deferred only.
};
/// For a callee with the ResultJoinsOnDestruction role, reads the launch
/// policy argument (an enumeration with an `async` enumerator, first of at
/// least two arguments).
DroppedResult droppedResult(AsyncModel &M, const CallExpr *Call);

/// Whether Policy is a launch policy whose `async` bit is clear: a value of
/// an enumeration that has an `async` enumerator (std::launch::deferred).
bool isDeferredOnlyPolicy(const Expr *Policy, const ASTContext &Ctx);

/// Whether the promise of a coroutine body filters what can be awaited
/// (declares await_transform).
bool promiseTransformsAwaits(const CoroutineBodyStmt &Body);

} // namespace clang::tidy::coroguard::model

#endif
