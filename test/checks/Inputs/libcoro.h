// Test stand-in for libcoro (jbaldwin/libcoro): declarations that mirror its
// public signatures (coro/task.hpp, sync_wait.hpp, when_all.hpp,
// thread_pool.hpp, task_group.hpp, semaphore.hpp). Not the real library.
#pragma once
#include "coro_stub_common.h"
#include <cstddef>
#include <ranges>
#include <vector>

namespace coro {
template <typename return_type = void> class [[nodiscard]] task {
public:
  using promise_type_base = coro_stub::promise_base<return_type>;
  struct promise_type : promise_type_base {
    task get_return_object() noexcept;
  };
  task(task &&) noexcept;
  ~task();
  coro_stub::awaiter<return_type> operator co_await() const & noexcept;
  coro_stub::awaiter<return_type> operator co_await() const && noexcept;

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

template <typename awaitable_type>
auto sync_wait(awaitable_type &&a) -> coro_stub::await_result_t<awaitable_type>;

template <typename... awaitables_type>
[[nodiscard]] auto when_all(awaitables_type... awaitables) -> task<void>;
template <std::ranges::range range_type>
[[nodiscard]] auto when_all(range_type awaitables) -> task<std::vector<int>>;

class thread_pool {
public:
  struct operation {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  [[nodiscard]] operation schedule();
  bool spawn_detached(task<void> &&task);
  [[nodiscard]] task<void> spawn_joinable(task<void> &&task);
};

class io_scheduler {
public:
  [[nodiscard]] thread_pool::operation schedule();
  bool spawn(task<void> &&task);
  [[nodiscard]] task<void> yield_for(int amount);
};

template <typename executor_type> class task_group {
public:
  explicit task_group(executor_type *e);
  bool start(task<void> &&task);
  [[nodiscard]] task<void> garbage_collect_and_yield_until_empty();
};

class semaphore {
public:
  struct acquire_operation {
    bool await_ready() const noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    bool await_resume() const;
  };
  [[nodiscard]] acquire_operation acquire();
  void release();
};
} // namespace coro
