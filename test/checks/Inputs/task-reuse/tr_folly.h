// Test stand-in for coroguard-task-reuse: declarations mirroring folly's
// public signatures (futures/Future.h, coro/Task.h, coro/BlockingWait.h).
// Not the real library. Continuations and get() are &&-qualified; a
// folly::coro::Task is awaited only as an rvalue.
#pragma once
#include "tr_common.h"

namespace folly {
struct Unit {};
class Executor;
template <class T> class Future {
public:
  Future(Future &&) noexcept;
  Future(const Future &) = delete;
  Future &operator=(Future &&) noexcept;
  ~Future();
  template <class F> Future<Unit> thenValue(F &&f) &&;
  T get() &&;
  bool isReady() const;
  bool valid() const noexcept;
};
namespace coro {
template <class T = void> class [[nodiscard]] Task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Task get_return_object() noexcept;
  };
  Task(Task &&) noexcept;
  Task(const Task &) = delete;
  ~Task();
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
struct BlockingWaitFn {
  template <class A> int operator()(A &&awaitable) const;
};
inline constexpr BlockingWaitFn blockingWait{};
} // namespace coro
} // namespace folly
