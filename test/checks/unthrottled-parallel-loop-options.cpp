// RUN: %check_coroguard %s coroguard-unthrottled-parallel-loop %t -- \
// RUN:   -config="{CheckOptions: {coroguard-unthrottled-parallel-loop.MaxParallelism: 100, \
// RUN:     coroguard.ScopedSpawnFunctions: 'my::pool::submit', \
// RUN:     coroguard.ThrottleFunctions: 'my::limiter::enter'}}" \
// RUN:   -- -isystem %inputs -isystem %runtime_include

// Parallel-loop APIs (the reference runtime's annotated parallel_for_each and
// an annotated declaration of our own), MaxParallelism, and extra spawn and
// throttle names from the shared options.

#include <coroguard/coroguard.hpp>
#include <array>
#include <cstdint>
#include <limits>
#include <thread>
#include <vector>

coroguard::task<void> visit(int item);

namespace my {
struct pool {
  template <class F> void submit(F &&f) {}
};
struct limiter {
  coroguard::task<void> enter();
};

// An annotated parallel loop whose limit has a default.
template <class Range, class F>
[[clang::annotate("coroguard::parallel_loop", "limit")]] coroguard::task<void>
for_each_n(Range &&range, F f, std::size_t limit = SIZE_MAX) {
  co_return;
}
} // namespace my

coroguard::task<void> runtime_loops(std::vector<int> items, std::size_t limit) {
  auto body = [](int item) -> coroguard::task<void> { co_await visit(item); };
  co_await coroguard::parallel_for_each(items, body, SIZE_MAX);
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: 'coroguard::parallel_for_each' is called with an unbounded concurrency limit [coroguard-unthrottled-parallel-loop]
  co_await coroguard::parallel_for_each(items, body, items.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: 'coroguard::parallel_for_each' is called with a concurrency limit that grows with the input, which is no limit: 'items' is a parameter [coroguard-unthrottled-parallel-loop]
  co_await coroguard::parallel_for_each(items, body, 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: 'coroguard::parallel_for_each' is called with a concurrency limit of 1000, above MaxParallelism (100) [coroguard-unthrottled-parallel-loop]
  co_await coroguard::parallel_for_each(
      items, body, std::numeric_limits<std::size_t>::max());
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'coroguard::parallel_for_each' is called with an unbounded concurrency limit
  co_await my::for_each_n(items, body);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'my::for_each_n' is called with no concurrency limit [coroguard-unthrottled-parallel-loop]

  // Sane limits.
  co_await coroguard::parallel_for_each(items, body, 16);
  co_await coroguard::parallel_for_each(items, body, limit);
  co_await coroguard::parallel_for_each(items, body,
                                        std::thread::hardware_concurrency());
  co_await coroguard::parallel_for_each(
      items, body, std::min<std::size_t>(items.size(), 32));
  co_await my::for_each_n(items, body, 8);
  // A range of four elements needs no limit.
  std::array<int, 4> few{1, 2, 3, 4};
  co_await coroguard::parallel_for_each(few, body, SIZE_MAX);
}

// ScopedSpawnFunctions names a spawner; ThrottleFunctions a throttle.
void submit_all(my::pool &pool, const std::vector<int> &items) {
  for (int item : items)
    pool.submit([item] { (void)item; });
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'my::pool::submit' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
}

my::limiter gate;
coroguard::task<void> submit_gated(my::pool &pool, std::vector<int> items) {
  for (int item : items) {
    co_await gate.enter();
    pool.submit([item] { (void)item; });
  }
}

// The runtime's scope and semaphore.
coroguard::async_semaphore permits{8};
coroguard::task<void> visit_gated(int item) {
  co_await permits.acquire();
  co_await visit(item);
  permits.release();
}
coroguard::task<void> scope_loops(coroguard::async_scope &scope,
                                  std::vector<int> items) {
  for (int item : items)
    scope.spawn(visit(item));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'coroguard::async_scope::spawn' starts concurrent work
  for (int item : items)
    scope.spawn(visit_gated(item));
  co_await scope.join();
}
