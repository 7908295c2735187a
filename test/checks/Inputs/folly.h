// Test stand-in for folly::coro (facebook/folly): declarations that mirror
// its public signatures (folly/coro/Task.h, BlockingWait.h, Collect.h,
// AsyncScope.h). blockingWait is a function object, as in folly. Not the
// real library.
#pragma once
#include "coro_stub_common.h"
#include <cstddef>
#include <vector>

namespace folly {
template <class T> class SemiFuture {
public:
  T get() &&;
  SemiFuture &wait() &;
};
template <class T> class Future {
public:
  T get() &&;
  Future &wait() &;
};
namespace coro {
template <typename T = void> class [[nodiscard]] Task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Task get_return_object() noexcept;
  };
  Task(Task &&) noexcept;
  ~Task();
  coro_stub::awaiter<T> operator co_await() && noexcept;

private:
  std::coroutine_handle<promise_type> coro_;
};

namespace detail {
struct BlockingWaitFn {
  template <typename Awaitable>
  auto operator()(Awaitable &&awaitable) const
      -> coro_stub::await_result_t<Awaitable>;
  template <typename Awaitable, typename Executor>
  auto operator()(Awaitable &&awaitable, Executor *executor) const
      -> coro_stub::await_result_t<Awaitable>;
};
} // namespace detail
inline constexpr detail::BlockingWaitFn blockingWait{};

template <typename InputRange>
auto collectAllRange(InputRange awaitables) -> Task<std::vector<int>>;
template <typename InputRange>
auto collectAllWindowed(InputRange awaitables, std::size_t maxConcurrency)
    -> Task<std::vector<int>>;

class AsyncScope {
public:
  template <typename Awaitable> void add(Awaitable &&awaitable);
  Task<void> joinAsync() noexcept;
};

Task<void> sleep(int duration);
} // namespace coro
} // namespace folly

// Appended for the fan-out checks (folly/coro/Collect.h,
// folly/fibers/Semaphore.h).
namespace folly {
namespace coro {
template <typename InputRange>
auto collectAllTryRange(InputRange awaitables) -> Task<std::vector<int>>;
} // namespace coro
namespace fibers {
class Semaphore {
public:
  explicit Semaphore(std::size_t tokenCount);
  coro::Task<void> co_wait();
  void signal();
};
} // namespace fibers
} // namespace folly

// Appended for coroguard-detached-coroutine: a task bound to an executor, and
// starting it with no owner (folly/coro/Task.h).
namespace folly {
class Executor;
namespace coro {
template <typename T = void> class [[nodiscard]] TaskWithExecutor {
public:
  struct promise_type : coro_stub::promise_base<T> {
    TaskWithExecutor get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
  void start() &&;
  void startInlineUnsafe() &&;

private:
  std::coroutine_handle<promise_type> coro_;
};
template <typename T>
TaskWithExecutor<T> co_withExecutor(Executor *executor, Task<T> task);
} // namespace coro
} // namespace folly
