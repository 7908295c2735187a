// Test stand-in for coroguard-task-reuse, not a real library: an in-house
// runtime taught to coroguard with annotations, and a hand-written task with
// no ref-qualified operator co_await (the task is its own awaiter: a second
// co_await resumes a finished frame).
#pragma once
#include "tr_common.h"

namespace acme {
template <class T = void>
class [[clang::annotate("coroguard::task")]] [[nodiscard]] job {
public:
  struct promise_type : coro_stub::promise_base<T> {
    job get_return_object() noexcept;
  };
  job(job &&) noexcept;
  job(const job &) = delete;
  job &operator=(job &&) noexcept;
  ~job();
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
  bool done() const noexcept;
  void cancel();
};

/// Shared by copy: awaited any number of times.
template <class T = void>
class [[clang::annotate("coroguard::multi_shot")]] shared_job {
public:
  struct promise_type : coro_stub::promise_base<T> {
    shared_job get_return_object() noexcept;
  };
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

/// Takes ownership of the job, by lvalue reference.
template <class T>
[[clang::annotate("coroguard::consumes")]] void submit(job<T> &j);
/// Takes ownership of its first parameter only.
template <class T>
void hand_over([[clang::annotate("coroguard::consumes")]] job<T> &j,
               const job<T> &peek);
/// Awaits it to completion, by lvalue reference.
template <class T>
[[clang::annotate("coroguard::blocking_wait")]] T run(job<T> &j);
/// Re-initialises the job it is given.
template <class T> void restart(job<T> &j);
template <class T> void inspect(const job<T> &j);
/// Named by the ConsumingFunctions option in the tests.
template <class T> void enqueue(job<T> &j);
} // namespace acme
