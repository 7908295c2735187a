// runtime_anchor - prints the four anchor numbers (nanoseconds) and nothing
// else. Each workload first runs once untimed (a cold process spends most of
// its first million-task run in page faults for fresh heap), then the best of
// five timed runs is reported, to filter out noise from other processes on a
// shared machine. docs/runtime.md also lists cold first-run numbers.
//   sync_wait_trivial_ns <x>
//   when_all_vec10_ns_per_task <x>
//   pool1_schedule_ns_per_task <x>
//   pool2_schedule_ns_per_task <x>
#include "runtime_workloads.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace {

volatile std::uint64_t sink; // keeps the optimiser honest

template <class Workload>
double best_ns_per_item(std::size_t items, int runs, Workload &&workload) {
  double best = std::numeric_limits<double>::max();
  sink = workload(items); // warm-up, untimed
  for (int run = 0; run < runs; ++run) {
    auto start = std::chrono::steady_clock::now();
    std::uint64_t result = workload(items);
    auto stop = std::chrono::steady_clock::now();
    if (result != items) {
      std::fprintf(stderr, "runtime_anchor: workload computed %llu, not %zu\n",
                   static_cast<unsigned long long>(result), items);
      std::exit(1);
    }
    sink = result;
    double ns = std::chrono::duration<double, std::nano>(stop - start).count();
    best = std::min(best, ns / static_cast<double>(items));
  }
  return best;
}

} // namespace

int main() {
  using namespace coroguard::bench;
  constexpr std::size_t small = 5'000'000;
  constexpr std::size_t pool_tasks = 1'000'000;
  constexpr int runs = 5;

  double sync_ns = best_ns_per_item(small, runs, sync_wait_trivial);
  double vec_ns = best_ns_per_item(small, runs, when_all_vec10);
  double pool1_ns, pool2_ns;
  {
    coroguard::thread_pool pool{1};
    pool1_ns = best_ns_per_item(pool_tasks, runs, [&](std::size_t n) {
      return pool_schedule(pool, n);
    });
  }
  {
    coroguard::thread_pool pool{2};
    pool2_ns = best_ns_per_item(pool_tasks, runs, [&](std::size_t n) {
      return pool_schedule(pool, n);
    });
  }
  std::printf("sync_wait_trivial_ns %.1f\n", sync_ns);
  std::printf("when_all_vec10_ns_per_task %.1f\n", vec_ns);
  std::printf("pool1_schedule_ns_per_task %.1f\n", pool1_ns);
  std::printf("pool2_schedule_ns_per_task %.1f\n", pool2_ns);
  return 0;
}
