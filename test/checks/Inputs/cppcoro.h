// Test stand-in for cppcoro (lewissbaker/cppcoro): declarations that mirror
// its public signatures (cppcoro/task.hpp, sync_wait.hpp, when_all.hpp,
// async_scope.hpp, async_mutex.hpp). Not the real library.
#pragma once
#include "coro_stub_common.h"
#include <vector>

namespace cppcoro {
template <class T = void> class [[nodiscard]] task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    task get_return_object() noexcept;
  };
  task(task &&) noexcept;
  ~task();
  coro_stub::awaiter<T> operator co_await() const & noexcept;
  coro_stub::awaiter<T> operator co_await() const && noexcept;
  bool is_ready() const noexcept;

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

template <class T = void> class [[nodiscard]] shared_task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    shared_task get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() const noexcept;

private:
  void *m_promise;
};

template <typename AWAITABLE>
auto sync_wait(AWAITABLE &&awaitable) -> coro_stub::await_result_t<AWAITABLE>;

template <typename... AWAITABLES>
[[nodiscard]] task<void> when_all(AWAITABLES &&...awaitables);
template <typename T>
[[nodiscard]] task<std::vector<T>> when_all(std::vector<task<T>> awaitables);
template <typename T>
[[nodiscard]] task<std::vector<task<T>>>
when_all_ready(std::vector<task<T>> awaitables);

class async_scope {
public:
  template <typename AWAITABLE> void spawn(AWAITABLE &&awaitable);
  [[nodiscard]] coro_stub::awaiter<void> join() noexcept;
};

class async_mutex_lock {
public:
  ~async_mutex_lock();
};
class async_mutex_scoped_lock_operation {
public:
  bool await_ready() const noexcept;
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept;
  [[nodiscard]] async_mutex_lock await_resume() const noexcept;
};
class async_mutex_lock_operation {
public:
  bool await_ready() const noexcept;
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept;
  void await_resume() const noexcept;
};
class async_mutex {
public:
  async_mutex_lock_operation lock_async() noexcept;
  async_mutex_scoped_lock_operation scoped_lock_async() noexcept;
  void unlock();
};

class io_service {
public:
  template <typename REP, typename PERIOD>
  coro_stub::awaiter<void> schedule_after(int delay);
};
} // namespace cppcoro
