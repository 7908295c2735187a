// Test stand-in, not a real library: a lazy task type with a promise, shared
// by the missing-cancellation stand-ins.
#pragma once
#include <coroutine>
#include <exception>

namespace mc_stub {
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
} // namespace mc_stub

// A task type of the user's code base (not a library's).
template <class T = void> class [[nodiscard]] Task {
public:
  struct promise_type : mc_stub::promise_base<T> {
    Task get_return_object() noexcept;
  };
  mc_stub::awaiter<T> operator co_await() && noexcept;
};
