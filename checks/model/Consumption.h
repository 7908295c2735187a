//===--- Consumption.h - Which calls use up a task? ------------*- C++ -*-===//
//
// A single-shot task can be awaited, started or handed on once: afterwards it
// is empty (moved from) or its frame has finished. This file says which types
// are single-shot and which expressions consume one (coroguard-task-reuse).
//
//   - Single-shot: a task type (AsyncModel::typeInfo) that is not multi-shot.
//     Multi-shot: the MultiShot role (annotation `multi_shot`, profile:
//     cppcoro::shared_task, std::shared_future, concurrencpp::shared_result;
//     option MultiShotTaskTypes), or structurally a user-declared copy
//     constructor that is not deleted: sharing by copy is what shared tasks
//     are made for, and every single-shot task of the libraries is move-only.
//   - `co_await t` on an lvalue consumes t unless the type gives lvalues an
//     `operator co_await` of their own (an `&`- or `const &`-qualified
//     overload): cppcoro::task, coro::task and coroguard::task do, and that
//     overload returns the stored result again after completion, so a
//     second lvalue await is not a crash there. async_simple's Lazy and
//     concurrencpp's result have one unqualified operator co_await that
//     moves the coroutine out: a second await finds it empty.
//   - A call consumes a task argument when the argument's parameter has the
//     Consumes role (annotation `consumes` on the parameter), when the callee
//     has the Consumes role (profile, option ConsumingFunctions, annotation
//     on the function), or when the callee has a role that takes a task
//     (BlockingWait, AwaitFix, Detaches, ScopedSpawn, FanoutUnbounded,
//     FanoutBounded, StartsWork, Completes) and takes it by value or by
//     rvalue reference; by lvalue reference such a call awaits the task as an
//     lvalue, which consumes it as `co_await t` does (see above).
//   - A member call consumes the task it is called on when the member is
//     `&&`-qualified or has the Consumes role (std::future::get, then), or
//     starts or hands off the object (Detaches, StartsWork, ScopedSpawn:
//     folly's TaskWithExecutor::start, async_simple's Lazy::start).
//   - `std::move(t)` (or std::forward) handed to anything moves t, as
//     bugprone-use-after-move counts it.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_CONSUMPTION_H
#define COROGUARD_MODEL_CONSUMPTION_H

#include "Roles.h"
#include "clang/AST/Type.h"

namespace clang {
class CallExpr;
class CXXRecordDecl;
class Expr;
} // namespace clang

namespace clang::tidy::coroguard::model {

class AsyncModel;

/// Whether objects of the record are made to be awaited many times.
bool isMultiShot(AsyncModel &M, const CXXRecordDecl *RD);
/// Whether values of T are single-shot tasks: reusing one after it was
/// consumed is a bug.
bool isSingleShotTask(AsyncModel &M, QualType T);
/// Whether `co_await x`, x an lvalue of the record, consumes x.
bool lvalueAwaitConsumes(const CXXRecordDecl *RD);
/// Whether a function with these roles takes a task it is given.
bool takesTask(RoleSet R);
/// Whether Call consumes the task given as its argument ArgIndex (an index
/// into Call->arguments(); for a member operator call, argument 0 is the
/// object). The argument is assumed to be a single-shot task, named as an
/// lvalue; an xvalue (std::move) is a move whatever the callee.
bool consumesArgument(AsyncModel &M, const CallExpr *Call, unsigned ArgIndex);
/// Whether a member call (or member operator call) consumes the object it is
/// called on, a single-shot task named as an lvalue.
bool consumesObject(AsyncModel &M, const CallExpr *Call);
/// The object E moves when E is `std::move(x)` / `std::forward<T>(x)` (parens
/// and implicit casts looked through); null otherwise.
const Expr *movedObject(const Expr *E);

} // namespace clang::tidy::coroguard::model

#endif
