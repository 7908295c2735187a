// Test stand-in for coroguard-task-reuse: declarations mirroring cppcoro's
// public signatures (task.hpp, shared_task.hpp, sync_wait.hpp, when_all.hpp,
// async_scope.hpp). Not the real library. task's lvalue co_await (const&)
// returns the stored result again; shared_task is copyable and multi-shot.
#pragma once
#include "tr_common.h"
#include <vector>

namespace cppcoro {
template <class T = void> class [[nodiscard]] task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    task get_return_object() noexcept;
  };
  task() noexcept;
  task(task &&) noexcept;
  task(const task &) = delete;
  task &operator=(task &&) noexcept;
  ~task();
  coro_stub::awaiter<T> operator co_await() const & noexcept;
  coro_stub::awaiter<T> operator co_await() const && noexcept;
  bool is_ready() const noexcept;
  coro_stub::awaiter<void> when_ready() const noexcept;
};

template <class T = void> class [[nodiscard]] shared_task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    shared_task get_return_object() noexcept;
  };
  shared_task(const shared_task &) noexcept;
  shared_task(shared_task &&) noexcept;
  ~shared_task();
  coro_stub::awaiter<T> operator co_await() const noexcept;
};

template <class T> shared_task<T> make_shared_task(task<T> t);

template <typename AWAITABLE> auto sync_wait(AWAITABLE &&awaitable) -> int;

template <typename... AWAITABLES>
[[nodiscard]] task<void> when_all(AWAITABLES &&...awaitables);
template <typename T>
[[nodiscard]] task<std::vector<T>> when_all(std::vector<task<T>> awaitables);

class async_scope {
public:
  template <typename AWAITABLE> void spawn(AWAITABLE &&awaitable);
  [[nodiscard]] coro_stub::awaiter<void> join() noexcept;
};
} // namespace cppcoro
