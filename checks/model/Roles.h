//===--- Roles.h - What a declaration does, in async terms -----*- C++ -*-===//
//
// A role is one answer the async model gives about a type or a function: "is a
// task", "blocks the thread", "detaches work", ... Annotations, library
// profiles and options all produce roles; checks only ever ask for roles.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_ROLES_H
#define COROGUARD_MODEL_ROLES_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::coroguard::model {

enum class Role : uint8_t {
  // Types.
  Task,         ///< Work that must be awaited; laziness decided by structure.
  LazyTask,     ///< A task known not to run until awaited.
  EagerTask,    ///< A task that starts running when created.
  DetachedType, ///< A coroutine return type nobody can observe.
  Cancellation, ///< A cancellation token type.
  // An executor that runs the work it is given on the calling thread, before
  // the call that gives it returns (concurrencpp::inline_executor).
  InlineExecutor,
  // Functions (or function objects).
  Blocking,        ///< Blocks the calling thread.
  BlockingWait,    ///< Blocks until async work completes (implies Blocking).
  AwaitFix,        ///< `f(x)` can be rewritten as `co_await x`.
  Detaches,        ///< Starts work nobody joins.
  ScopedSpawn,     ///< Starts work joined by a scope.
  FanoutUnbounded, ///< Fans out over a range with no limit.
  FanoutBounded,   ///< Fans out over a range with a limit.
  Throttle,        ///< Limits concurrency when awaited.
  ParallelLoop,    ///< A parallel loop; detail names its limit parameter.
  StartsWork,      ///< Starts concurrent work when called (std::async, the
                   ///< std::thread constructor, co_spawn).
  CoreCount,       ///< Yields the machine's parallelism
                   ///< (std::thread::hardware_concurrency).
  AllowDetach,     ///< An entry point allowed to detach work.
  DiscardsResult,  ///< Calls a callable argument and ignores its result
                   ///< (std::for_each, std::thread's constructor).
  ReadinessTest,   ///< Tells whether an async object has completed
                   ///< (result::status, future::wait_for, isReady).
  ReadyState,      ///< A status value that means "completed"
                   ///< (std::future_status::ready).
  Completes,       ///< Awaiting the call completes the objects it is given or
                   ///< called on, and yields them complete (when_all,
                   ///< collectAll, result::resolve).
  ResultJoinsOnDestruction, ///< Returns a value whose destructor waits for
                            ///< the work the call started (std::async's
                            ///< std::future; not one from a std::promise).
  // State held across suspension (coroguard-lock-across-suspend).
  ThreadLock,    ///< A mutex owned by a thread, or an RAII guard of one
                 ///< (std::mutex, std::lock_guard, absl::MutexLock).
  AsyncLock,     ///< A lock made to be held across co_await (coro::mutex,
                 ///< folly::coro::Mutex), or its guard.
  NeverSuspends, ///< An awaitable whose co_await never suspends
                 ///< (std::suspend_never).
  // Task lifetime (coroguard-task-reuse, coroguard-dangling-reference).
  ThreadPinned, ///< A task type whose coroutine always resumes on the thread
                ///< that started it (seastar::future).
  MultiShot,    ///< A task type made to be awaited many times
                ///< (cppcoro::shared_task, std::shared_future).
  Consumes,     ///< A function that takes ownership of the task it is given
                ///< (then, start, spawn, when_all, sync_wait).
  LongLived,    ///< A type whose objects outlive the tasks referring to them
                ///< (asio::io_context, thread pools).
  // Advice: detail is the overload or function that also takes a
  // cancellation token (seastar::sleep -> seastar::sleep_abortable).
  CancellableAlternative,
  // Advice: detail is the non-blocking replacement the library offers for the
  // blocking function of this name.
  NonBlockingAlternative,
  // Advice: detail is the bounded fan-out the library offers instead.
  BoundedAlternative,
  // A coroutine type whose co_await hands its cancellation token to what it
  // awaits (folly::coro::Task; coroguard-missing-cancellation).
  ForwardsCancellation,
  // A call whose purpose is to give an operation its cancellation token
  // (folly::coro::co_withCancellation): an empty token there is a deliberate
  // shield from the caller's cancellation, not a dropped one.
  SetsCancellation,
};
inline constexpr unsigned NumRoles =
    static_cast<unsigned>(Role::SetsCancellation) + 1;
static_assert(NumRoles <= 64, "RoleSet keeps one bit per role in 64 bits");

/// A small set of roles.
class RoleSet {
public:
  RoleSet() = default;
  RoleSet(Role R) { add(R); }
  void add(Role R) { Bits |= bit(R); }
  void add(RoleSet Other) { Bits |= Other.Bits; }
  bool has(Role R) const { return Bits & bit(R); }
  bool empty() const { return Bits == 0; }
  friend bool operator==(RoleSet A, RoleSet B) { return A.Bits == B.Bits; }

private:
  static uint64_t bit(Role R) {
    return uint64_t(1) << static_cast<unsigned>(R);
  }
  uint64_t Bits = 0;
};

/// The role named by an annotation suffix ("task" for
/// [[clang::annotate("coroguard::task")]]), if any.
std::optional<Role> roleFromAnnotation(llvm::StringRef Name);

} // namespace clang::tidy::coroguard::model

#endif
