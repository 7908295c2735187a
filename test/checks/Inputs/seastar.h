// Test stand-in for seastar (scylladb/seastar): declaration-only (templates
// that take lambdas get a trapping body, as lambdas have no linkage), mirroring
// the public signatures the checks care about (seastar/core/future.hh,
// sleep.hh, loop.hh, when_all.hh, semaphore.hh, thread.hh, smp.hh and
// seastar/coroutine/parallel_for_each.hh). Not the real library: the
// coroutine support that seastar puts in std::coroutine_traits is a nested
// promise_type here.
#pragma once
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <iterator>
#include <vector>

namespace seastar {
template <typename T = void> class future;

namespace internal {
template <typename T> struct future_promise {
  future<T> get_return_object() noexcept;
  std::suspend_never initial_suspend() noexcept;
  std::suspend_never final_suspend() noexcept;
  void unhandled_exception();
  void return_value(T);
};
template <> struct future_promise<void> {
  future<void> get_return_object() noexcept;
  std::suspend_never initial_suspend() noexcept;
  std::suspend_never final_suspend() noexcept;
  void unhandled_exception();
  void return_void();
};
} // namespace internal

template <typename T> class [[nodiscard]] future {
public:
  using promise_type = internal::future_promise<T>;
  future(future &&) noexcept;
  ~future();
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
  T get();

private:
  void *_state;
};

// seastar/core/sleep.hh (the clock parameter left out).
template <typename Rep, typename Period>
future<> sleep(std::chrono::duration<Rep, Period> dur);

template <typename ExceptionFactory> class basic_semaphore {
public:
  explicit basic_semaphore(std::size_t count);
  future<> wait(std::size_t nr = 1);
  void signal(std::size_t nr = 1);
};
struct semaphore_default_exception_factory {};
using semaphore = basic_semaphore<semaphore_default_exception_factory>;

template <typename ExceptionFactory> class semaphore_units {
public:
  ~semaphore_units();
};
template <typename ExceptionFactory>
future<semaphore_units<ExceptionFactory>>
get_units(basic_semaphore<ExceptionFactory> &sem, std::size_t units);
template <typename ExceptionFactory, typename Func>
auto with_semaphore(basic_semaphore<ExceptionFactory> &sem, std::size_t units,
                    Func &&func) -> decltype(func()) {
  throw 0; // Stand-in: callers pass lambdas, which have no linkage.
}

template <typename Iterator, typename Sentinel, typename Func>
future<> parallel_for_each(Iterator begin, Sentinel end, Func &&func) noexcept {
  __builtin_trap();
}
template <typename Range, typename Func>
future<> parallel_for_each(Range &&range, Func &&func) noexcept {
  __builtin_trap();
}

template <typename Iterator, typename Sentinel, typename Func>
future<> max_concurrent_for_each(Iterator begin, Sentinel end,
                                 std::size_t max_concurrent,
                                 Func &&func) noexcept {
  __builtin_trap();
}
template <typename Range, typename Func>
future<> max_concurrent_for_each(Range &&range, std::size_t max_concurrent,
                                 Func &&func) noexcept {
  __builtin_trap();
}

template <typename... FutOrFuncs>
future<> when_all(FutOrFuncs &&...fut_or_funcs) noexcept;
template <typename FutureIterator>
future<std::vector<typename std::iterator_traits<FutureIterator>::value_type>>
when_all(FutureIterator begin, FutureIterator end) noexcept;
template <typename FutureIterator>
future<> when_all_succeed(FutureIterator begin, FutureIterator end) noexcept;

template <typename Func, typename... Args>
auto async(Func &&func, Args &&...args) noexcept -> future<> {
  __builtin_trap();
}

class smp {
public:
  static unsigned count;
};

namespace coroutine {
template <typename Func> class [[nodiscard]] parallel_for_each {
public:
  template <typename Iterator, typename Sentinel, typename F>
  parallel_for_each(Iterator begin, Sentinel end, F &&func) noexcept {}
  template <typename Range, typename F>
  parallel_for_each(Range &&range, F &&func) noexcept {}
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};
template <typename Range, typename F>
parallel_for_each(Range &&, F &&) -> parallel_for_each<F>;
} // namespace coroutine
} // namespace seastar
