// bench/compare/compare.cpp - one runtime's side of the side-by-side
// benchmark. Compiled once per runtime with -include rt_<runtime>.hpp (see
// compare.py), so every runtime runs the same workloads.hpp.
//
//   compare_<runtime> <workload> <items>   one untimed warm-up run, one timed
//                                          run; prints "<ns per item>"
//   compare_<runtime> --list               prints the workloads it can run
//   compare_<runtime> --memory <tasks>     prints heap bytes per suspended task
//
// A process per measurement keeps runs independent (heap state, caches);
// compare.py interleaves them and takes medians.
#include "workloads.hpp"

#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>

namespace {

struct workload {
  const char *name;
  std::uint64_t (*run)(std::size_t items);
  bool available;
};

const workload all_workloads[] = {
    {"sync_wait_trivial", workloads::sync_wait_trivial, true},
    {"await_trivial", workloads::await_trivial, true},
    {"when_all_10", workloads::when_all_of<10>, true},
    {"when_all_1000", workloads::when_all_of<1000>, true},
    {"when_all_100000", workloads::when_all_of<100000>, true},
    {"pool1_fan_out", workloads::pool_fan_out<1>, true},
    {"pool2_fan_out", workloads::pool_fan_out<2>, true},
    {"yield_two_threads", workloads::yield_two_threads, true},
    {"floor_shared_counter", workloads::floor_shared_counter, true},
    {"channel_ping_pong", workloads::channel_ping_pong, rt::has_channel},
    {"channel_stream", workloads::channel_stream, rt::has_channel},
    {"mutex_uncontended", workloads::mutex_uncontended, true},
    {"mutex_lock_yield", workloads::mutex_two_threads<false>, true},
    {"mutex_hold_across_hop", workloads::mutex_two_threads<true>, true},
    {"semaphore_fan_out1", workloads::semaphore_fan_out<1>, rt::has_semaphore},
    {"semaphore_fan_out2", workloads::semaphore_fan_out<2>, rt::has_semaphore},
    {"sleeps_1000", workloads::sleeps_1000, rt::has_timers},
};

// Heap bytes in use, from glibc: counts every malloc, including frames a
// runtime caches itself on top of malloc.
std::size_t heap_in_use() { return mallinfo2().uordblks; }

// Each task bumps `arrived` and then waits for a mutex the measuring thread
// holds, so all of them are suspended at once.
rt::task<> parked(rt::mutex &m, std::atomic<std::size_t> &arrived) {
  arrived.fetch_add(1, std::memory_order_release);
  co_await m.lock();
  m.unlock();
}

rt::task<> hold(rt::mutex &m) { co_await m.lock(); }

int measure_memory(std::size_t tasks) {
  rt::mutex m;
  rt::sync_wait(hold(m));
  std::atomic<std::size_t> arrived{0};
  std::size_t before = heap_in_use();
  std::thread waiter([&] {
    std::vector<rt::task<>> all;
    all.reserve(tasks);
    for (std::size_t i = 0; i < tasks; ++i)
      all.push_back(parked(m, arrived));
    rt::sync_wait(rt::when_all(std::move(all)));
  });
  while (arrived.load(std::memory_order_acquire) < tasks)
    std::this_thread::yield();
  std::size_t peak = heap_in_use();
  m.unlock();
  waiter.join();
  std::printf("%.1f\n",
              static_cast<double>(peak - before) / static_cast<double>(tasks));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
    for (const workload &w : all_workloads)
      if (w.available)
        std::printf("%s\n", w.name);
    return 0;
  }
  if (argc == 3 && std::strcmp(argv[1], "--memory") == 0)
    return measure_memory(std::strtoull(argv[2], nullptr, 10));
  if (argc != 3) {
    std::fprintf(stderr,
                 "usage: %s <workload> <items> | --list | --memory <tasks>\n",
                 argv[0]);
    return 2;
  }
  std::string_view name = argv[1];
  std::size_t items = std::strtoull(argv[2], nullptr, 10);
  for (const workload &w : all_workloads) {
    if (name != w.name)
      continue;
    if (!w.available) {
      std::fprintf(stderr, "%s: not available in this runtime\n", w.name);
      return 3;
    }
    w.run(items); // warm-up: first-touch page faults, thread start-up
    auto start = std::chrono::steady_clock::now();
    std::uint64_t result = w.run(items);
    auto stop = std::chrono::steady_clock::now();
    if (result != items) {
      std::fprintf(stderr, "%s: computed %llu, expected %zu\n", w.name,
                   static_cast<unsigned long long>(result), items);
      return 1;
    }
    double ns = std::chrono::duration<double, std::nano>(stop - start).count();
    std::printf("%.2f\n", ns / static_cast<double>(items));
    return 0;
  }
  std::fprintf(stderr, "unknown workload %s\n", argv[1]);
  return 2;
}
