// Test stand-in for QCoro (qcoro/qcoro): declarations that mirror its public
// signatures (QCoro::Task is eager, LazyTask lazy; QCoro::waitFor blocks in a
// nested event loop). Not the real library.
#pragma once
#include "coro_stub_common.h"

namespace QCoro {
template <typename T = void> class Task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Task get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() const noexcept;

private:
  std::coroutine_handle<promise_type> m_coroutine;
};
template <typename T = void> class LazyTask {
public:
  struct promise_type : coro_stub::promise_base<T> {
    LazyTask get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() const noexcept;

private:
  std::coroutine_handle<promise_type> m_coroutine;
};
template <typename T> T waitFor(Task<T> &&task);
} // namespace QCoro
