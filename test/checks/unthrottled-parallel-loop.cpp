// RUN: %check_coroguard %s coroguard-unthrottled-parallel-loop %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=EVENTS %s coroguard-unthrottled-parallel-loop %t -- \
// RUN:   -config="{CheckOptions: {coroguard-unthrottled-parallel-loop.ReportEventLoops: 1}}" -- -isystem %inputs

#include <cppcoro.h>
#include <folly.h>
#include <libcoro.h>
#include <future>
#include <string>
#include <thread>
#include <vector>

int process(int item);
cppcoro::task<> handle(int item);
coro::task<void> job(int item);
folly::coro::Task<void> upload(std::string name);

// ---- Positive: one start per item of run-time data -------------------------

// One thread per item (mkpsxiso #36).
std::vector<int> convert_all(const std::vector<int> &sectors) {
  std::vector<std::future<int>> futures;
  for (int s : sectors)
    futures.push_back(std::async(std::launch::async, process, s));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'std::async' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:23: warning: 'std::async' starts concurrent work
  std::vector<int> out;
  for (auto &f : futures)
    out.push_back(f.get());
  return out;
}

void threads_per_item(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(process, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::thread' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:13: warning: 'std::thread' starts concurrent work
  for (auto &t : threads)
    t.join();
}

void detached_threads(const std::vector<int> &items) {
  for (int item : items)
    std::thread(process, item).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts concurrent work
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:5: warning: 'std::thread' starts concurrent work
}

// Scoped and detached spawns in coroutines.
cppcoro::task<> spawn_all(cppcoro::async_scope &scope, std::vector<int> items) {
  for (int item : items)
    scope.spawn(handle(item));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'cppcoro::async_scope::spawn' starts concurrent work
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:11: warning: 'cppcoro::async_scope::spawn' starts concurrent work
  co_await scope.join();
}

coro::task<void> group_all(coro::task_group<coro::thread_pool> &group,
                           std::vector<int> items) {
  for (int item : items)
    group.start(job(item));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'coro::task_group::start' starts concurrent work
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:11: warning: 'coro::task_group::start' starts concurrent work
  co_return;
}

void detach_all(coro::thread_pool &pool, int n) {
  int i = 0;
  while (i < n)
    pool.spawn_detached(job(i++));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coro::thread_pool::spawn_detached' starts concurrent work
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:10: warning: 'coro::thread_pool::spawn_detached' starts concurrent work
}

folly::coro::Task<void> add_all(folly::coro::AsyncScope &scope,
                                std::vector<std::string> names) {
  for (auto &name : names)
    scope.add(upload(name));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'folly::coro::AsyncScope::add' starts concurrent work
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:11: warning: 'folly::coro::AsyncScope::add' starts concurrent work
  co_await scope.joinAsync();
}

// A large constant is reported too.
void ten_thousand() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 10000; ++i)
    threads.push_back(std::thread(process, i));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'std::thread' starts concurrent work 10000 times in these loops, more than MaxStaticFanout (64), and nothing limits how much of it runs at once
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:23: warning: 'std::thread' starts concurrent work 10000 times
  for (auto &t : threads)
    t.join();
}

// ---- Templates and macros --------------------------------------------------

template <class Range> void each_async(const Range &items) {
  std::vector<std::future<int>> futures;
  for (int item : items)
    futures.push_back(std::async(std::launch::async, process, item));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'std::async' starts concurrent work
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:23: warning: 'std::async' starts concurrent work
}
template void each_async(const std::vector<int> &);

#define START(x) std::thread(process, x).detach()
void through_macro(int n) {
  for (int i = 0; i < n; ++i)
    START(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts concurrent work
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:5: warning: 'std::thread' starts concurrent work
}

// ---- Negative: the correct patterns ----------------------------------------

// A worker per core, and small constant batches.
void worker_per_core() {
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
    workers.emplace_back(process, i);
  auto cores = std::thread::hardware_concurrency();
  for (unsigned i = 0; i < cores * 2; ++i)
    workers.emplace_back(process, i);
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(process, i);
  for (auto &w : workers)
    w.join();
}

// The loop waits for each piece of work before starting the next.
void sequential(const std::vector<int> &items) {
  for (int item : items) {
    auto f = std::async(std::launch::async, process, item);
    f.get();
  }
  for (int item : items) {
    std::thread t(process, item);
    t.join();
  }
}

// Deferred work runs on the thread that waits for it.
void deferred(const std::vector<int> &items) {
  std::vector<std::future<int>> futures;
  for (int item : items)
    futures.push_back(std::async(std::launch::deferred, process, item));
}

// A semaphore awaited before each start, in the loop.
coro::semaphore permits;
coro::task<void> gated(coro::task_group<coro::thread_pool> &group,
                       std::vector<int> items) {
  for (int item : items) {
    co_await permits.acquire();
    group.start(job(item));
  }
}

// A semaphore awaited first thing in the started coroutine.
folly::fibers::Semaphore slots(8);
folly::coro::Task<void> upload_gated(std::string name) {
  co_await slots.co_wait();
  co_await upload(name);
}
folly::coro::Task<void> add_gated(folly::coro::AsyncScope &scope,
                                  std::vector<std::string> names) {
  for (auto &name : names)
    scope.add(upload_gated(name));
  co_await scope.joinAsync();
}

// Batches: the loop awaits the batch before going on.
cppcoro::task<> batched(cppcoro::async_scope &scope, std::vector<int> items) {
  int in_flight = 0;
  for (int item : items) {
    scope.spawn(handle(item));
    if (++in_flight == 16) {
      co_await scope.join();
      in_flight = 0;
    }
  }
}

// A receive loop: paced by its input, reported only with ReportEventLoops.
cppcoro::task<int> receive();
cppcoro::task<> serve(cppcoro::async_scope &scope) {
  for (;;) {
    int request = co_await receive();
    scope.spawn(handle(request));
    // CHECK-MESSAGES-EVENTS: :[[@LINE-1]]:11: warning: 'cppcoro::async_scope::spawn' starts concurrent work in every iteration of a loop whose trip count depends on run-time input
  }
}

// One listener per command-line argument.
int main(int argc, char **argv) {
  std::vector<std::thread> listeners;
  for (int i = 1; i < argc; ++i)
    listeners.emplace_back(process, i);
  for (auto &l : listeners)
    l.join();
}

void suppressed(int n) {
  for (int i = 0; i < n; ++i)
    std::thread(process, i).detach(); // NOLINT(coroguard-unthrottled-parallel-loop)
}
