// runtime_bench - Google Benchmark versions of the anchor workloads.
#include "runtime_workloads.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace coroguard::bench;

void BM_sync_wait_trivial(benchmark::State &state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(sync_wait_trivial(1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_sync_wait_trivial);

void BM_when_all_vec10(benchmark::State &state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(when_all_vec10(10));
  state.SetItemsProcessed(state.iterations() * 10);
}
BENCHMARK(BM_when_all_vec10);

void BM_pool_schedule(benchmark::State &state) {
  coroguard::thread_pool pool{static_cast<std::size_t>(state.range(0))};
  constexpr std::size_t tasks = 1'000'000;
  for (auto _ : state)
    benchmark::DoNotOptimize(pool_schedule(pool, tasks));
  state.SetItemsProcessed(state.iterations() * tasks);
  state.counters["ns_per_task"] = benchmark::Counter(
      static_cast<double>(state.iterations() * tasks),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_pool_schedule)
    ->Arg(1)
    ->Arg(2)
    ->MinWarmUpTime(0.5) // a cold first run mostly measures heap page faults
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
