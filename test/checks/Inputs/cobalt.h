// Test stand-in for Boost.Cobalt (boost/cobalt/*.hpp): declaration-only,
// mirroring the public signatures of task, promise, detached, spawn, run and
// wait_group. Not the real library (Debian's Boost 1.81 predates Cobalt).
#pragma once
#include "coro_stub_common.h"

namespace boost::asio {
class detached_t {
public:
  constexpr detached_t() {}
};
constexpr detached_t detached;
} // namespace boost::asio

namespace boost::cobalt {
template <class T = void> class [[nodiscard]] task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    task get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;

private:
  std::coroutine_handle<promise_type> handle_;
};

template <class T = void> class [[nodiscard]] promise {
public:
  struct promise_type {
    promise get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
  coro_stub::awaiter<T> operator co_await() noexcept;
  void detach();
  void operator+() &&;

private:
  std::coroutine_handle<promise_type> handle_;
};

// A coroutine type nobody can await.
struct detached {
  struct promise_type {
    detached get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
};

template <class T, class CompletionToken>
void spawn(int &ctx, task<T> &&t, CompletionToken &&token);
template <class T> T run(task<T> t);

class wait_group {
public:
  void push_back(promise<void> p);
  coro_stub::awaiter<void> wait();
};
} // namespace boost::cobalt
