// coroguard/annotations.hpp - tell the coroguard checks what your API does.
//
// Every macro expands to [[clang::annotate("coroguard::<role>")]] under Clang
// and to nothing elsewhere, so annotated headers stay portable. The checks read
// the annotation from the declaration they resolve a call or a type to; no
// configuration is needed for a runtime that uses this header.
//
// Where each macro goes:
//   class COROGUARD_TASK task { ... };              // work that must be awaited
//   class COROGUARD_DETACHED fire_and_forget {...}; // nobody observes its end
//   COROGUARD_BLOCKING void wait_for_disk();        // blocks the calling thread
//   template <class A> COROGUARD_BLOCKING_WAIT auto sync_wait(A&&);
//   COROGUARD_DETACHES void spawn_detached(task<>);
//   COROGUARD_SCOPED_SPAWN void async_scope::spawn(task<>);
//   COROGUARD_FANOUT_UNBOUNDED auto when_all(std::vector<task<T>>);
//   COROGUARD_FANOUT_BOUNDED auto when_all_bounded(std::vector<task<T>>, size_t);
//   COROGUARD_THROTTLE auto async_semaphore::acquire();
//   COROGUARD_PARALLEL_LOOP(max_concurrency)
//   task<> parallel_for_each(R&&, F, std::size_t max_concurrency);
//   COROGUARD_ALLOW_DETACH void on_click();         // event-handler entry point
//   class COROGUARD_CANCELLATION stop_token { ... };
#ifndef COROGUARD_ANNOTATIONS_HPP
#define COROGUARD_ANNOTATIONS_HPP

#if defined(__clang__)
#define COROGUARD_ANNOTATE(role) [[clang::annotate("coroguard::" role)]]
#define COROGUARD_ANNOTATE_ARG(role, arg)                                      \
  [[clang::annotate("coroguard::" role, arg)]]
#else
#define COROGUARD_ANNOTATE(role)
#define COROGUARD_ANNOTATE_ARG(role, arg)
#endif

/// A type whose values are work that must be awaited (or handed to a scope).
#define COROGUARD_TASK COROGUARD_ANNOTATE("task")
/// A coroutine return type with no way to observe completion or errors.
#define COROGUARD_DETACHED COROGUARD_ANNOTATE("detached")
/// A function that blocks the calling thread.
#define COROGUARD_BLOCKING COROGUARD_ANNOTATE("blocking")
/// A function that blocks the calling thread until async work completes
/// (implies COROGUARD_BLOCKING).
#define COROGUARD_BLOCKING_WAIT COROGUARD_ANNOTATE("blocking_wait")
/// A function that starts work nobody joins.
#define COROGUARD_DETACHES COROGUARD_ANNOTATE("detaches")
/// A function that starts work joined by a scope.
#define COROGUARD_SCOPED_SPAWN COROGUARD_ANNOTATE("scoped_spawn")
/// A fan-out over a range with no concurrency limit.
#define COROGUARD_FANOUT_UNBOUNDED COROGUARD_ANNOTATE("fanout_unbounded")
/// A fan-out over a range with a concurrency limit.
#define COROGUARD_FANOUT_BOUNDED COROGUARD_ANNOTATE("fanout_bounded")
/// An operation that limits concurrency when awaited (semaphore acquire,
/// bounded channel send, mutex lock).
#define COROGUARD_THROTTLE COROGUARD_ANNOTATE("throttle")
/// A parallel loop; `limit` names the parameter that bounds its concurrency.
#define COROGUARD_PARALLEL_LOOP(limit)                                         \
  COROGUARD_ANNOTATE_ARG("parallel_loop", #limit)
/// An entry point allowed to detach work (event-handler style).
#define COROGUARD_ALLOW_DETACH COROGUARD_ANNOTATE("allow_detach")
/// A cancellation token type.
#define COROGUARD_CANCELLATION COROGUARD_ANNOTATE("cancellation")
/// A mutex owned by the thread that locks it, or an RAII guard of one: it
/// must not be held across a suspension point.
#define COROGUARD_THREAD_LOCK COROGUARD_ANNOTATE("thread_lock")
/// A lock made to be held across co_await (an async mutex), or its guard.
#define COROGUARD_ASYNC_LOCK COROGUARD_ANNOTATE("async_lock")
/// An awaitable whose co_await never suspends.
#define COROGUARD_NEVER_SUSPENDS COROGUARD_ANNOTATE("never_suspends")
/// A task type whose coroutine always resumes on the thread that started it.
#define COROGUARD_THREAD_PINNED COROGUARD_ANNOTATE("thread_pinned")
/// A task type made to be awaited many times.
#define COROGUARD_MULTI_SHOT COROGUARD_ANNOTATE("multi_shot")
/// A function (or parameter) that takes ownership of the task it is given.
#define COROGUARD_CONSUMES COROGUARD_ANNOTATE("consumes")
/// A type whose objects outlive the tasks that refer to them (executors,
/// pools, I/O contexts): references to it do not dangle.
#define COROGUARD_LONG_LIVED COROGUARD_ANNOTATE("long_lived")

#endif // COROGUARD_ANNOTATIONS_HPP
