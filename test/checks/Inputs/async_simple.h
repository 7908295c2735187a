// Test stand-in for async_simple (alibaba/async_simple): declaration-only,
// written from the public signatures of async_simple/coro/Lazy.h,
// SyncAwait.h, Collect.h, Semaphore.h, Mutex.h, Sleep.h, async_simple/
// Future.h and Signal.h. Bodies, allocators and signal types are left out.
// Not the real library.
#pragma once
#include "coro_stub_common.h"
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <tuple>
#include <type_traits>
#include <vector>

namespace async_simple {
class Executor;
template <class T> class Try {
public:
  T value();
};
template <> class Try<void> {};

class Slot;
class Signal : public std::enable_shared_from_this<Signal> {
public:
  static std::shared_ptr<Signal> create();
};
class Slot {
public:
  explicit Slot(Signal *signal);
};

template <class T> class Future {
public:
  T get() &&;
  void wait();
  bool hasResult() const;
  Future<T> via(Executor *executor) &&;
};
template <class T> class Promise {
public:
  Future<T> getFuture();
  void setValue(T value);
};

namespace coro {
template <class T> class Lazy;
template <class T> class RescheduleLazy;

namespace detail {
template <class T> struct LazyPromise : coro_stub::promise_base<T> {
  Lazy<T> get_return_object() noexcept;
};
template <class T, bool Reschedule> class LazyBase {
public:
  using promise_type = LazyPromise<T>;
  using ValueType = T;
  template <class F> void start(F &&callback);
  bool isReady() const;
  coro_stub::awaiter<T> operator co_await();

protected:
  std::coroutine_handle<promise_type> _coro;
};
} // namespace detail

template <class T = void>
class [[nodiscard]] Lazy : public detail::LazyBase<T, false> {
public:
  RescheduleLazy<T> via(Executor *ex) &&;
  template <class F> void directlyStart(F &&callback, Executor *executor);
};

template <class T = void>
class [[nodiscard]] RescheduleLazy : public detail::LazyBase<T, true> {
public:
  void detach();
};

// The real functions deduce their return type from a body; declared here
// with the type it deduces.
template <class LazyType>
auto syncAwait(LazyType &&lazy) -> typename std::decay_t<LazyType>::ValueType;
template <class LazyType>
auto syncAwait(LazyType &&lazy, Executor *ex) ->
    typename std::decay_t<LazyType>::ValueType;

template <class T, template <class> class LazyType>
Lazy<std::vector<Try<T>>> collectAll(std::vector<LazyType<T>> &&input);
template <class T, template <class> class LazyType>
Lazy<std::vector<Try<T>>> collectAllPara(std::vector<LazyType<T>> &&input);
template <class T, template <class> class LazyType>
Lazy<std::size_t> collectAny(std::vector<LazyType<T>> &&input);
template <template <class> class LazyType, class... Ts>
Lazy<std::tuple<Try<Ts>...>> collectAll(LazyType<Ts>... inputs);
template <class T, template <class> class LazyType>
Lazy<std::vector<Try<T>>> collectAllWindowed(std::size_t maxConcurrency,
                                             bool yield,
                                             std::vector<LazyType<T>> &&input);
template <class T, template <class> class LazyType>
Lazy<std::vector<Try<T>>>
collectAllWindowedPara(std::size_t maxConcurrency, bool yield,
                       std::vector<LazyType<T>> &&input);

template <std::size_t LeastMaxValue = 4294967295u> class CountingSemaphore {
public:
  explicit CountingSemaphore(std::size_t desired);
  Lazy<void> acquire() noexcept;
  Lazy<void> release(std::size_t update = 1) noexcept;
};

class Mutex {
public:
  class ScopedLockAwaiter {
  public:
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    int await_resume();
  };
  class LockAwaiter {
  public:
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume();
  };
  [[nodiscard]] ScopedLockAwaiter coScopedLock() noexcept;
  [[nodiscard]] LockAwaiter coLock() noexcept;
  void unlock() noexcept;
};

template <class Rep, class Period>
Lazy<void> sleep(std::chrono::duration<Rep, Period> dur);
} // namespace coro
} // namespace async_simple
