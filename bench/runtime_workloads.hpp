// bench/runtime_workloads.hpp - the workloads of runtime_bench (Google
// Benchmark), for quick local numbers on coroguard alone. Comparisons with
// other runtimes come from bench/compare/, which runs the same bodies on each.
#ifndef COROGUARD_BENCH_RUNTIME_WORKLOADS_HPP
#define COROGUARD_BENCH_RUNTIME_WORKLOADS_HPP

#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <atomic>
#include <cstdint>
#include <vector>

namespace coroguard::bench {

inline task<std::uint64_t> trivial() { co_return 1; }

/// (1) sync_wait of a trivial task, `iterations` times.
inline std::uint64_t sync_wait_trivial(std::size_t iterations) {
  std::uint64_t counter = 0;
  for (std::size_t i = 0; i < iterations; ++i)
    counter += sync_wait(trivial());
  return counter;
}

/// (2) when_all over a vector of 10 trivial tasks; `tasks` in total.
inline std::uint64_t when_all_vec10(std::size_t tasks) {
  std::uint64_t counter = 0;
  for (std::size_t i = 0; i < tasks; i += 10) {
    std::vector<task<std::uint64_t>> batch;
    batch.reserve(10);
    for (int k = 0; k < 10; ++k)
      batch.push_back(trivial());
    for (std::uint64_t r : sync_wait(when_all(std::move(batch))))
      counter += r;
  }
  return counter;
}

inline task<> scheduled_increment(thread_pool &pool,
                                  std::atomic<std::uint64_t> &counter) {
  co_await pool.schedule();
  counter.fetch_add(1, std::memory_order_relaxed);
}

/// (3)/(4) `tasks` tasks that each hop onto the pool and bump an atomic,
/// joined by one when_all.
inline std::uint64_t pool_schedule(thread_pool &pool, std::size_t tasks) {
  std::atomic<std::uint64_t> counter{0};
  std::vector<task<>> all;
  all.reserve(tasks);
  for (std::size_t i = 0; i < tasks; ++i)
    all.push_back(scheduled_increment(pool, counter));
  sync_wait(when_all(std::move(all)));
  return counter.load();
}

} // namespace coroguard::bench

#endif // COROGUARD_BENCH_RUNTIME_WORKLOADS_HPP
