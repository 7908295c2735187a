// bench/compare/rt_libcoro.hpp - the `rt` adapter over libcoro
// (github.com/jbaldwin/libcoro), built by compare.py from fetched sources.
#ifndef COROGUARD_BENCH_COMPARE_RT_LIBCORO_HPP
#define COROGUARD_BENCH_COMPARE_RT_LIBCORO_HPP

#include <coro/coro.hpp>

#include <chrono>
#include <cstdint>
#include <memory>

namespace rt {

inline constexpr bool has_channel = true, has_semaphore = true,
                      has_timers = true;

template <class T = void> using task = coro::task<T>;
using coro::sync_wait;
using coro::when_all;

struct pool {
  explicit pool(unsigned threads)
      : impl(coro::thread_pool::make_unique(
            coro::thread_pool::options{.thread_count = threads})) {}
  auto schedule() { return impl->schedule(); }
  std::unique_ptr<coro::thread_pool> impl;
};

struct mutex {
  auto lock() { return impl.lock(); }
  void unlock() { impl.unlock(); }
  coro::mutex impl;
};

struct semaphore {
  explicit semaphore(std::ptrdiff_t permits) : impl(permits) {}
  auto acquire() { return impl.acquire(); }
  auto release() { return impl.release(); }
  coro::semaphore<1024> impl;
};

// libcoro's bounded single-thread-friendly channel is coro::ring_buffer.
template <std::size_t Capacity> struct channel {
  task<> send(std::uint64_t value) { co_await impl.produce(value); }
  task<std::uint64_t> receive() { co_return (co_await impl.consume()).value(); }
  coro::ring_buffer<std::uint64_t, Capacity> impl;
};

// Timer expiries resumed inline on the scheduler's own thread, as
// coroguard's event_loop does.
struct timers {
  timers()
      : impl(coro::scheduler::make_unique(coro::scheduler::options{
            .thread_strategy = coro::scheduler::thread_strategy_t::spawn,
            .pool = {.thread_count = 1},
            .execution_strategy =
                coro::scheduler::execution_strategy_t::process_tasks_inline})) {
  }
  auto sleep(std::chrono::nanoseconds delay) {
    return impl->schedule_after(delay);
  }
  std::unique_ptr<coro::scheduler> impl;
};

} // namespace rt

#endif // COROGUARD_BENCH_COMPARE_RT_LIBCORO_HPP
