// Test stand-in for coroguard-task-reuse: declarations mirroring
// async_simple's public signatures (coro/Lazy.h, Future.h). Not the real
// library. Lazy has one unqualified operator co_await that moves the
// coroutine out, so awaiting an lvalue Lazy consumes it; start() consumes it.
#pragma once
#include "tr_common.h"

namespace async_simple {
template <class T> class Try;
template <class T> class Future {
public:
  Future(Future &&) noexcept;
  Future(const Future &) = delete;
  ~Future();
  T get() &&;
  template <class F> Future<T> thenValue(F &&f) &&;
  bool hasResult() const;
};
namespace coro {
template <class T = void> class [[nodiscard]] Lazy {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Lazy get_return_object() noexcept;
  };
  Lazy(Lazy &&) noexcept;
  Lazy(const Lazy &) = delete;
  ~Lazy();
  coro_stub::awaiter<T> operator co_await();
  template <class F> void start(F &&callback);
  bool isReady() const;
};
template <class T> T syncAwait(Lazy<T> &&lazy);
} // namespace coro
} // namespace async_simple
