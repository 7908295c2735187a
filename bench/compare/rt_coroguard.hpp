// bench/compare/rt_coroguard.hpp - the `rt` adapter over coroguard's runtime
// (whichever runtime/include the harness is compiled against: the working
// tree, or a baseline revision extracted by compare.py).
#ifndef COROGUARD_BENCH_COMPARE_RT_COROGUARD_HPP
#define COROGUARD_BENCH_COMPARE_RT_COROGUARD_HPP

#include "coroguard/async_mutex.hpp"
#include "coroguard/async_semaphore.hpp"
#include "coroguard/channel.hpp"
#include "coroguard/event_loop.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <chrono>
#include <coroutine>
#include <cstdint>

namespace rt {

inline constexpr bool has_channel = true, has_semaphore = true,
                      has_timers = true;

template <class T = void> using task = coroguard::task<T>;
using coroguard::sync_wait;
using coroguard::when_all;

struct pool {
  explicit pool(unsigned threads) : impl(threads) {}
  auto schedule() { return impl.schedule(); }
  coroguard::thread_pool impl;
};

struct mutex {
  auto lock() { return impl.lock(); }
  void unlock() { impl.unlock(); }
  coroguard::async_mutex impl;
};

struct semaphore {
  explicit semaphore(std::size_t permits) : impl(permits) {}
  auto acquire() { return impl.acquire(); }
  // libcoro's release is awaited, so the workloads await it everywhere.
  std::suspend_never release() {
    impl.release();
    return {};
  }
  coroguard::async_semaphore impl;
};

template <std::size_t Capacity> struct channel {
  auto send(std::uint64_t value) { return impl.send(value); }
  auto receive() {
    // The workloads never close their channels: unwrap the optional.
    struct unwrap {
      decltype(std::declval<coroguard::channel<std::uint64_t> &>()
                   .receive()) op;
      bool await_ready() { return op.await_ready(); }
      auto await_suspend(std::coroutine_handle<> h) {
        return op.await_suspend(h);
      }
      std::uint64_t await_resume() { return *op.await_resume(); }
    };
    return unwrap{impl.receive()};
  }
  coroguard::channel<std::uint64_t> impl{Capacity};
};

struct timers {
  auto sleep(std::chrono::nanoseconds delay) { return loop.sleep_for(delay); }
  coroguard::event_loop loop;
};

} // namespace rt

#endif // COROGUARD_BENCH_COMPARE_RT_COROGUARD_HPP
