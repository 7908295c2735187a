//===--- Spawn.h - Does this call detach work? -----------------*- C++ -*-===//
//
// A call detaches work (starts it with no owner to join it) when
//   - its callee has the Detaches role (spawn_detached, exec::start_detached,
//     folly's TaskWithExecutor::start, concurrencpp's executor::post), or
//   - one of its arguments has a type with the Detaches role: the completion
//     token that makes an initiating function fire and forget
//     (asio::co_spawn(ex, work, asio::detached), boost::cobalt::spawn);
// and its callee is not a scoped spawn. The work is the first argument that
// is async work (a task or awaitable, or a callable returning one), else the
// first argument, else the object a member is called on. A member call with
// no argument on an object that is not async work (std::thread::detach)
// detaches a thread, not a coroutine, and is not a detaching call here.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_SPAWN_H
#define COROGUARD_MODEL_SPAWN_H

#include <string>

namespace clang {
class CallExpr;
class DeclContext;
class Expr;
class FunctionDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

class AsyncModel;

struct DetachingCall {
  /// The work that runs unowned (may be null when unknown).
  const Expr *Work = nullptr;
  /// How the call detaches, for diagnostics: "'coro::thread_pool::
  /// spawn_detached'" or "'asio::co_spawn' with 'asio::detached'".
  std::string How;
  explicit operator bool() const { return !How.empty(); }
};

/// Whether Call detaches work, and which.
DetachingCall detachingCall(AsyncModel &M, const CallExpr *Call);

/// The work a call with the Detaches or ScopedSpawn role starts: the first
/// argument that is async work, else the first argument, else the object a
/// member is called on when that object is async work itself
/// (`co_withExecutor(ex, t).start()`, `std::move(lazy).via(ex).detach()`).
/// Null when the call starts nothing (`thread.detach()`).
const Expr *startedWork(AsyncModel &M, const CallExpr *Call);

/// Whether the work a call starts runs to completion on the calling thread
/// before the call returns: the call is made on, or given, an executor whose
/// type has the InlineExecutor role (seen through pointers and smart
/// pointers), and none of its other arguments is async work (a coroutine run
/// inline still suspends and goes on concurrently).
bool runsInline(AsyncModel &M, const CallExpr *Call);

/// The coroutine (or plain function) whose body runs as the work: the callee
/// of a call, a lambda's call operator; a non-coroutine whose whole body is
/// `return <call>;` is followed to that call (chat_server's
/// `[self]{ return self->reader(); }`). Null when not visible.
const FunctionDecl *spawnedFunction(const Expr *Work);

/// Whether the visible body of FD handles its own exceptions: its whole body
/// (optionally followed by a bare `co_return;`) is one try statement with a
/// handler for `...` or `std::exception` (by reference or value) that does
/// not throw again.
bool handlesOwnExceptions(const FunctionDecl *FD);

/// Whether FD, or a function it is nested in (for a lambda), has the
/// AllowDetach role.
bool isAllowedToDetach(AsyncModel &M, const FunctionDecl *FD);

} // namespace clang::tidy::coroguard::model

#endif
