// RUN: %check_coroguard %s coroguard-unbounded-when-all %t -- --fix-notes -- -isystem %inputs

#include <cppcoro.h>
#include <folly.h>
#include <libcoro.h>
#include <seastar.h>
#include <array>
#include <ranges>
#include <string>
#include <thread>
#include <vector>

folly::coro::Task<int> fetch(std::string url);
cppcoro::task<int> compute(int i);
coro::task<int> produce(int i);
seastar::future<> store(int key);

// ---- Positive: the size comes from run-time input ------------------------

folly::coro::Task<void> crawl(std::vector<std::string> urls) {
  std::vector<folly::coro::Task<int>> tasks;
  for (const auto &url : urls)
    tasks.push_back(fetch(url));
  co_await folly::coro::collectAllRange(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'folly::coro::collectAllRange' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is filled in a loop whose trip count is not a compile-time constant ('urls' is a parameter) [coroguard-unbounded-when-all]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: the number of tasks is decided here
  // CHECK-MESSAGES: :[[@LINE-3]]:12: note: use 'folly::coro::collectAllWindowed' to run at most 64 tasks at a time
  // CHECK-FIXES: {{^}}  co_await folly::coro::collectAllWindowed(std::move(tasks), /*max_concurrency=*/64);{{$}}
}

// A range passed in: its size is the caller's.
cppcoro::task<> sum_all(std::vector<cppcoro::task<int>> tasks) {
  co_await cppcoro::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'cppcoro::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is a parameter
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'cppcoro::when_all' has no bounded form: acquire a semaphore at the start of each task, or await the tasks in batches of at most 64
}

// Counted loops and resize from a parameter.
coro::task<> counted(int n) {
  std::vector<coro::task<int>> tasks;
  tasks.reserve(n);
  for (int i = 0; i < n; ++i)
    tasks.push_back(produce(i));
  co_await coro::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'coro::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is filled in a loop whose trip count is not a compile-time constant ('n' is a parameter)
}

seastar::future<> resized(std::size_t count) {
  std::vector<int> keys;
  keys.resize(count);
  co_await seastar::parallel_for_each(keys, [](int k) { return store(k); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'seastar::parallel_for_each' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'keys' is resized to 'count'
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: use 'seastar::max_concurrent_for_each'
  // CHECK-FIXES: {{^}}  co_await seastar::max_concurrent_for_each(keys, /*max_concurrency=*/64, [](int k) { return store(k); });{{$}}
}

seastar::future<> sized_ctor(std::size_t count) {
  std::vector<int> keys(count);
  co_await seastar::parallel_for_each(keys.begin(), keys.end(), [](int k) { return store(k); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'seastar::parallel_for_each' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'count' is a parameter
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: use 'seastar::max_concurrent_for_each'
  // The iterator form has one argument more than the alternative: no fix-it.
  // CHECK-FIXES: {{^}}  co_await seastar::parallel_for_each(keys.begin(), keys.end(), [](int k) { return store(k); });{{$}}
}

// A constant, but a large one.
cppcoro::task<> thousand() {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < 1000; ++i)
    tasks.push_back(compute(i));
  co_await cppcoro::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'cppcoro::when_all' starts all 1000 tasks of the range at once with no concurrency limit (more than MaxStaticFanout, 64)
}

// Nested loops multiply.
cppcoro::task<> grid(std::vector<int> rows) {
  std::vector<cppcoro::task<int>> tasks;
  for (int r : rows)
    for (int c = 0; c < 4; ++c)
      tasks.push_back(compute(r * c));
  co_await cppcoro::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'cppcoro::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is filled in a loop whose trip count is not a compile-time constant ('rows' is a parameter)
}

// A container filled elsewhere.
struct Crawler {
  std::vector<folly::coro::Task<int>> pending;
  folly::coro::Task<void> drain() {
    co_await folly::coro::collectAllTryRange(std::move(pending));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'folly::coro::collectAllTryRange' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'pending' is a member filled elsewhere
    // CHECK-MESSAGES: :[[@LINE-2]]:14: note: use 'folly::coro::collectAllTryWindowed'
    // CHECK-FIXES: {{^}}    co_await folly::coro::collectAllTryWindowed(std::move(pending), /*max_concurrency=*/64);{{$}}
  }
};

void fill(std::vector<cppcoro::task<int>> &out);
cppcoro::task<> escaped() {
  std::vector<cppcoro::task<int>> tasks;
  fill(tasks);
  co_await cppcoro::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'cppcoro::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is passed by reference to 'fill'
}

// seastar: parallel_for_each over a range, and when_all over an iterator pair.
seastar::future<> flush(std::vector<int> keys) {
  co_await seastar::parallel_for_each(keys, [](int k) { return store(k); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'seastar::parallel_for_each' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'keys' is a parameter
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: use 'seastar::max_concurrent_for_each' to run at most 64 tasks at a time
  // CHECK-FIXES: {{^}}  co_await seastar::max_concurrent_for_each(keys, /*max_concurrency=*/64, [](int k) { return store(k); });{{$}}
  co_await seastar::coroutine::parallel_for_each(keys, [](int k) { return store(k); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'seastar::coroutine::parallel_for_each' starts every task of a range whose size depends on run-time input
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: use 'seastar::max_concurrent_for_each'
  // CHECK-FIXES: {{^}}  co_await seastar::max_concurrent_for_each(keys, /*max_concurrency=*/64, [](int k) { return store(k); });{{$}}
}

seastar::future<> wait_all(std::vector<seastar::future<>> futures) {
  co_await seastar::when_all_succeed(futures.begin(), futures.end());
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'seastar::when_all_succeed' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'futures' is a parameter
}

// ---- Templates and macros ------------------------------------------------

template <class Range> cppcoro::task<> generic(Range items) {
  std::vector<cppcoro::task<int>> tasks;
  for (int i : items)
    tasks.push_back(compute(i));
  co_await cppcoro::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'cppcoro::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is filled in a loop whose trip count is not a compile-time constant ('items' is a parameter)
}
template cppcoro::task<> generic(std::vector<int>);
// Instantiated over a constant-size array: nothing to report there.
template cppcoro::task<> generic(std::array<int, 3>);

#define GATHER(v) folly::coro::collectAllRange(std::move(v))
folly::coro::Task<void> through_macro(std::vector<std::string> urls) {
  std::vector<folly::coro::Task<int>> tasks;
  for (const auto &url : urls)
    tasks.push_back(fetch(url));
  co_await GATHER(tasks);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'folly::coro::collectAllRange' starts every task
  // No fix-it inside a macro expansion.
  // CHECK-FIXES: {{^}}  co_await GATHER(tasks);{{$}}
}

// ---- Negative: the correct patterns ----------------------------------------

// A small constant batch.
cppcoro::task<> batch_of_eight() {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < 8; ++i)
    tasks.push_back(compute(i));
  co_await cppcoro::when_all(std::move(tasks));
}

constexpr int kShards = 16;
coro::task<> per_shard() {
  std::vector<coro::task<int>> tasks;
  tasks.reserve(kShards);
  for (int s = 0; s < kShards; ++s)
    tasks.emplace_back(produce(s));
  co_await coro::when_all(std::move(tasks));
}

// One task per core.
cppcoro::task<> per_core() {
  std::vector<cppcoro::task<int>> tasks;
  const unsigned cores = std::thread::hardware_concurrency();
  for (unsigned i = 0; i < cores; ++i)
    tasks.push_back(compute(i));
  co_await cppcoro::when_all(std::move(tasks));
}

// Fixed-size arrays and initialiser lists.
coro::task<> listed() {
  std::array<coro::task<int>, 3> tasks{produce(1), produce(2), produce(3)};
  co_await coro::when_all(std::move(tasks));
  std::array<int, 4> keys{1, 2, 3, 4};
  std::vector<cppcoro::task<int>> more;
  for (int k : keys)
    more.push_back(compute(k));
  co_await cppcoro::when_all(std::move(more));
  std::vector<cppcoro::task<int>> listed;
  for (int k : {1, 2, 3})
    listed.push_back(compute(k));
  co_await cppcoro::when_all(std::move(listed));
  std::vector<int> few{1, 2, 3};
  co_await coro::when_all(few | std::views::transform(produce));
}

// Variadic fan-outs are sized by the code.
cppcoro::task<> variadic() {
  co_await cppcoro::when_all(compute(1), compute(2), compute(3));
  co_await coro::when_all(produce(1), produce(2));
  co_await seastar::when_all(store(1), store(2));
}

// The bounded variant.
folly::coro::Task<void> windowed(std::vector<std::string> urls) {
  std::vector<folly::coro::Task<int>> tasks;
  for (const auto &url : urls)
    tasks.push_back(fetch(url));
  co_await folly::coro::collectAllWindowed(std::move(tasks), 8);
}

seastar::future<> bounded_flush(std::vector<int> keys) {
  co_await seastar::max_concurrent_for_each(keys, 16, [](int k) { return store(k); });
}

// Tasks that take a permit before their work.
folly::fibers::Semaphore gate(8);
folly::coro::Task<int> fetch_throttled(std::string url) {
  co_await gate.co_wait();
  co_return co_await fetch(url);
}
folly::coro::Task<void> crawl_throttled(std::vector<std::string> urls) {
  std::vector<folly::coro::Task<int>> tasks;
  for (const auto &url : urls)
    tasks.push_back(fetch_throttled(url));
  co_await folly::coro::collectAllRange(std::move(tasks));
}

coro::semaphore sem;
coro::task<> throttled_lambda(int n) {
  std::vector<coro::task<int>> tasks;
  auto work = [](int i) -> coro::task<int> {
    co_await sem.acquire();
    co_return co_await produce(i);
  };
  for (int i = 0; i < n; ++i)
    tasks.push_back(work(i));
  co_await coro::when_all(std::move(tasks));
}

seastar::semaphore limit(10);
seastar::future<> flush_throttled(std::vector<int> keys) {
  co_await seastar::parallel_for_each(keys, [](int k) -> seastar::future<> {
    auto units = co_await seastar::get_units(limit, 1);
    co_await store(k);
  });
}

cppcoro::task<> suppressed(std::vector<cppcoro::task<int>> tasks) {
  co_await cppcoro::when_all(std::move(tasks)); // NOLINT(coroguard-unbounded-when-all)
}
