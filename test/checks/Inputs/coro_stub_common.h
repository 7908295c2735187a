// Test stand-in, not a real library: the minimum promise/awaiter surface a
// coroutine task type needs, shared by the library stand-ins in this folder.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace coro_stub {
template <class T> struct promise_base {
  std::suspend_always initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept;
  void unhandled_exception();
  void return_value(T);
};
template <> struct promise_base<void> {
  std::suspend_always initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept;
  void unhandled_exception();
  void return_void();
};
template <class T> struct awaiter {
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
/// What co_await of an A yields (through its member operator co_await).
template <class A>
using await_result_t =
    decltype(std::declval<A>().operator co_await().await_resume());
} // namespace coro_stub
