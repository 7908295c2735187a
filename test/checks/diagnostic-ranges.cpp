// Every coroguard diagnostic underlines the whole call, declaration or loop
// head it is about (clangd and editors underline the range), while its
// location (the caret, the column the other tests check) stays where it was.
// RUN: %check_coroguard --check-suffix=CALL %s coroguard-blocking-call %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=WAIT %s coroguard-blocking-wait %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=DISC %s coroguard-discarded-task %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=DET %s coroguard-detached-coroutine %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=WHEN %s coroguard-unbounded-when-all %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=LOOP %s coroguard-unthrottled-parallel-loop %t -- -- -isystem %inputs

#include <cppcoro.h>
#include <folly.h>
#include <libcoro.h>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
cppcoro::task<int> compute();

void wait_for_disk() { std::this_thread::sleep_for(5ms); }

cppcoro::task<int> blocking() {
  std::this_thread::sleep_for(10ms);
  // CHECK-NOTES-CALL: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread
  // CHECK-NOTES-CALL-NEXT: {{.*}}| std::this_thread::sleep_for(10ms);
  // CHECK-NOTES-CALL-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  // CHECK-NOTES-CALL-NEXT: :[[@LINE-4]]:3: note: non-blocking alternative
  // CHECK-NOTES-CALL-NEXT: {{.*}}| std::this_thread::sleep_for(10ms);
  // CHECK-NOTES-CALL-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  wait_for_disk();
  // CHECK-NOTES-CALL: :[[@LINE-1]]:3: warning: 'wait_for_disk' blocks the thread
  // CHECK-NOTES-CALL-NEXT: {{.*}}| wait_for_disk();
  // CHECK-NOTES-CALL-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~{{$}}
  // CHECK-NOTES-CALL-NEXT: :[[@LINE-14]]:24: note: 'wait_for_disk' calls 'std::this_thread::sleep_for' here
  // CHECK-NOTES-CALL-NEXT: {{.*}}| void wait_for_disk() { std::this_thread::sleep_for(5ms); }
  // CHECK-NOTES-CALL-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  // CHECK-NOTES-CALL-NEXT: :[[@LINE-7]]:3: note: non-blocking alternative
  // CHECK-NOTES-CALL-NEXT: {{.*}}| wait_for_disk();
  // CHECK-NOTES-CALL-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~{{$}}
  std::async(std::launch::async, compute);
  // CHECK-NOTES-CALL: :[[@LINE-1]]:3: warning: the 'std::future' returned by 'std::async' is destroyed here
  // CHECK-NOTES-CALL-NEXT: {{.*}}| std::async(std::launch::async, compute);
  // CHECK-NOTES-CALL-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  int v = cppcoro::sync_wait(compute());
  // CHECK-MESSAGES-WAIT: :[[@LINE-1]]:11: warning: 'cppcoro::sync_wait' waits synchronously
  // CHECK-MESSAGES-WAIT-NEXT: {{.*}}| int v = cppcoro::sync_wait(compute());
  // CHECK-MESSAGES-WAIT-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  co_return v;
}

cppcoro::task<> discarding(cppcoro::async_mutex &m) {
  m.lock_async();
  // CHECK-MESSAGES-DISC: :[[@LINE-1]]:5: warning: awaitable 'cppcoro::async_mutex_lock_operation'
  // CHECK-MESSAGES-DISC-NEXT: {{.*}}| m.lock_async();
  // CHECK-MESSAGES-DISC-NEXT: {{^ *}}| ~~^~~~~~~~~~~~{{$}}
  auto t = compute();
  // CHECK-MESSAGES-DISC: :[[@LINE-1]]:8: warning: local 't' holds a lazy task
  // CHECK-MESSAGES-DISC-NEXT: {{.*}}| auto t = compute();
  // CHECK-MESSAGES-DISC-NEXT: {{^ *}}| ~~~~~^~~~~~~~~~~~~{{$}}
  co_return;
}

struct fire_and_forget {
  struct promise_type : coro_stub::promise_base<void> {
    fire_and_forget get_return_object();
    std::suspend_never initial_suspend() noexcept;
  };
};
coro::task<> careless() { co_return; }
fire_and_forget detached(coro::thread_pool &pool) {
  // CHECK-NOTES-DET: :[[@LINE-1]]:17: warning: coroutine 'detached' returns the detached type
  // CHECK-NOTES-DET-NEXT: {{.*}}| fire_and_forget detached(coro::thread_pool &pool) {
  // CHECK-NOTES-DET-NEXT: {{^ *}}| ~~~~~~~~~~~~~~~~^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  pool.spawn_detached(careless());
  // CHECK-NOTES-DET: :[[@LINE-1]]:8: warning: 'coro::thread_pool::spawn_detached' detaches
  // CHECK-NOTES-DET-NEXT: {{.*}}| pool.spawn_detached(careless());
  // CHECK-NOTES-DET-NEXT: {{^ *}}| ~~~~~^~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  // CHECK-NOTES-DET-NEXT: :[[@LINE-9]]:14: note: coroutine 'careless' does not handle its own exceptions
  // CHECK-NOTES-DET-NEXT: {{.*}}| coro::task<> careless() { co_return; }
  // CHECK-NOTES-DET-NEXT: {{^ *}}| ~~~~~~~~~~~~~^~~~~~~~~~{{$}}
  co_return;
}

folly::coro::Task<int> fetch(std::string url);
folly::coro::Task<void> crawl(std::vector<std::string> urls) {
  std::vector<folly::coro::Task<int>> tasks;
  for (const auto &url : urls)
    tasks.push_back(fetch(url));
  co_await folly::coro::collectAllRange(std::move(tasks));
  // CHECK-MESSAGES-WHEN: :[[@LINE-1]]:12: warning: 'folly::coro::collectAllRange' starts every task
  // CHECK-MESSAGES-WHEN-NEXT: {{.*}}| co_await folly::coro::collectAllRange(std::move(tasks));
  // CHECK-MESSAGES-WHEN-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  // The loop's head, not its body.
  // CHECK-MESSAGES-WHEN-NEXT: :[[@LINE-7]]:3: note: the number of tasks is decided here
  // CHECK-MESSAGES-WHEN-NEXT: {{.*}}| for (const auto &url : urls)
  // CHECK-MESSAGES-WHEN-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
}

int process(int item);
void threads_per_item(int n) {
  std::vector<std::future<int>> futures;
  for (int i = 0; i < n; ++i)
    futures.push_back(std::async(std::launch::async, process, i));
  // CHECK-NOTES-LOOP: :[[@LINE-1]]:23: warning: 'std::async' starts concurrent work in every iteration
  // CHECK-NOTES-LOOP-NEXT: {{.*}}| futures.push_back(std::async(std::launch::async, process, i));
  // CHECK-NOTES-LOOP-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  // CHECK-NOTES-LOOP-NEXT: :[[@LINE-5]]:3: note: the trip count is not bounded
  // CHECK-NOTES-LOOP-NEXT: {{.*}}| for (int i = 0; i < n; ++i)
  // CHECK-NOTES-LOOP-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
  // CHECK-NOTES-LOOP-NEXT: :[[@LINE-7]]:23: note: await a semaphore
  // CHECK-NOTES-LOOP-NEXT: {{.*}}| futures.push_back(std::async(std::launch::async, process, i));
  // CHECK-NOTES-LOOP-NEXT: {{^ *}}| ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
}
