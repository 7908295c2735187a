// Test stand-in, not a real library: a lazy task type with a promise, shared
// by the missing-cancellation stand-ins.
#pragma once
#include "../coro_stub_common.h"

// A task type of the user's code base (not a library's).
template <class T = void> class [[nodiscard]] Task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Task get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
