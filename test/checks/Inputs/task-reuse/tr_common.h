// Test stand-in for coroguard-task-reuse, not a real library: the promise and
// awaiter surface the task stand-ins in this folder share.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace tr_stub {
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
} // namespace tr_stub
