// bench/compare/rt_cppcoro.hpp - the `rt` adapter over cppcoro (the
// maintained C++20 fork, github.com/andreasbuhr/cppcoro), built by
// compare.py from fetched sources. cppcoro has no async semaphore or channel.
#ifndef COROGUARD_BENCH_COMPARE_RT_CPPCORO_HPP
#define COROGUARD_BENCH_COMPARE_RT_CPPCORO_HPP

#include "rt_unavailable.hpp"

#include <cppcoro/async_mutex.hpp>
#include <cppcoro/io_service.hpp>
#include <cppcoro/static_thread_pool.hpp>
#include <cppcoro/sync_wait.hpp>
#include <cppcoro/task.hpp>
#include <cppcoro/when_all.hpp>

#include <chrono>
#include <thread>

namespace rt {

inline constexpr bool has_channel = false, has_semaphore = false,
                      has_timers = true;

template <class T = void> using task = cppcoro::task<T>;
using cppcoro::sync_wait;
using cppcoro::when_all;

struct pool {
  explicit pool(unsigned threads) : impl(threads) {}
  auto schedule() { return impl.schedule(); }
  cppcoro::static_thread_pool impl;
};

struct mutex {
  auto lock() { return impl.lock_async(); }
  void unlock() { impl.unlock(); }
  cppcoro::async_mutex impl;
};

using unavailable::channel;
using unavailable::semaphore;

// One thread runs the io_service's event loop, where expiries resume.
struct timers {
  timers() : thread([this] { service.process_events(); }) {}
  ~timers() {
    service.stop();
    thread.join();
  }
  auto sleep(std::chrono::nanoseconds delay) {
    return service.schedule_after(delay);
  }
  cppcoro::io_service service;
  std::thread thread;
};

} // namespace rt

#endif // COROGUARD_BENCH_COMPARE_RT_CPPCORO_HPP
