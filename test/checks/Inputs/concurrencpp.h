// Test stand-in for concurrencpp (David-Haim/concurrencpp): declaration-only (templates
// that take lambdas get a trapping body, as lambdas have no linkage),
// mirroring the public signatures of result, lazy_result, null_result and
// executor::post (concurrencpp/results/*.h, executors/executor.h). Not the
// real library.
#pragma once
#include "coro_stub_common.h"

namespace concurrencpp {
template <class T> class result {
public:
  struct promise_type : coro_stub::promise_base<T> {
    result get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() noexcept;
  T get();
  void wait();

private:
  void *m_state;
};

template <class T> class lazy_result {
public:
  struct promise_type : coro_stub::promise_base<T> {
    lazy_result get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() noexcept;

private:
  std::coroutine_handle<promise_type> m_state;
};

class null_result {
public:
  struct promise_type {
    null_result get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
};

class executor {
public:
  virtual ~executor();
  template <class callable_type, class... argument_types>
  void post(callable_type &&callable, argument_types &&...arguments) {
    __builtin_trap(); // A body: lambdas have no linkage.
  }
  template <class callable_type, class... argument_types>
  auto submit(callable_type &&callable, argument_types &&...arguments)
      -> result<int> {
    __builtin_trap();
  }
};
class thread_pool_executor : public executor {};
} // namespace concurrencpp
