// Stand-in for seastar's future, written from its public signatures
// (seastar/core/future.hh, seastar/core/coroutine.hh): declarations only.
// Seastar's coroutines resume on the shard (thread) that started them.
#pragma once
#include <coroutine>
#include <exception>

namespace seastar {
template <typename T = void> class future;
namespace internal {
template <typename T> struct coroutine_promise {
  future<T> get_return_object() noexcept;
  std::suspend_never initial_suspend() noexcept;
  std::suspend_never final_suspend() noexcept;
  void unhandled_exception();
  void return_value(T);
};
template <> struct coroutine_promise<void> {
  future<void> get_return_object() noexcept;
  std::suspend_never initial_suspend() noexcept;
  std::suspend_never final_suspend() noexcept;
  void unhandled_exception();
  void return_void();
};
} // namespace internal

template <typename T> class future {
public:
  using promise_type = internal::coroutine_promise<T>;
  future(future &&) noexcept;
  ~future();
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

future<> sleep_ms(int);
} // namespace seastar
