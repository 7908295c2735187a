// async_simple (alibaba/async_simple) against the declaration-only stand-in
// Inputs/async_simple.h, one RUN line per check.
// RUN: %check_coroguard --check-suffix=WAIT %s coroguard-blocking-wait %t -- -- -isystem %inputs -DWAIT
// RUN: %check_coroguard --check-suffix=CALL %s coroguard-blocking-call %t -- -- -isystem %inputs -DCALL
// RUN: %check_coroguard --check-suffix=DETACH %s coroguard-detached-coroutine %t -- -- -isystem %inputs -DDETACH
// RUN: %check_coroguard --check-suffix=DISCARD %s coroguard-discarded-task %t -- -- -isystem %inputs -DDISCARD
// RUN: %check_coroguard --check-suffix=FANOUT %s coroguard-unbounded-when-all %t -- -- -isystem %inputs -DFANOUT
// RUN: %check_coroguard --check-suffix=LOOP %s coroguard-unthrottled-parallel-loop %t -- -- -isystem %inputs -DLOOP

#include <async_simple.h>
#include <chrono>
#include <thread>
#include <utility>
#include <vector>

using async_simple::coro::Lazy;

Lazy<int> fetch(int id);

#ifdef WAIT
Lazy<int> waits_in_coroutine() {
  int a = async_simple::coro::syncAwait(fetch(1));
  // CHECK-MESSAGES-WAIT: :[[@LINE-1]]:11: warning: 'async_simple::coro::syncAwait' waits synchronously for async work inside coroutine 'waits_in_coroutine'
  // CHECK-FIXES-WAIT: {{^}}  int a = co_await fetch(1);{{$}}
  async_simple::Promise<int> p;
  async_simple::Future<int> f = p.getFuture();
  f.wait();
  // CHECK-MESSAGES-WAIT: :[[@LINE-1]]:5: warning: 'async_simple::Future::wait' waits synchronously
  int b = std::move(f).get();
  // CHECK-MESSAGES-WAIT: :[[@LINE-1]]:24: warning: 'async_simple::Future::get' waits synchronously
  co_return a + b;
}

// The correct form, and the blocking wait at the program's edge.
Lazy<int> awaits() { co_return co_await fetch(1); }
int main() { return async_simple::coro::syncAwait(fetch(1)); }
#endif

#ifdef CALL
Lazy<void> sleeps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK-MESSAGES-CALL: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'sleeps'
  // CHECK-MESSAGES-CALL: :[[@LINE-2]]:3: note: non-blocking alternative in async_simple: co_await async_simple::coro::sleep(duration)
  co_await async_simple::coro::sleep(std::chrono::milliseconds(10));
}
#endif

#ifdef DETACH
void on_done(async_simple::Try<int> result);
void fire(async_simple::Executor *ex) {
  // The callback is called at the end with the value or the exception (a
  // Try): the work has an observer, nothing is lost.
  fetch(1).start(on_done);
  fetch(3).directlyStart(on_done, ex);
  // detach() hands the result to nobody.
  fetch(2).via(ex).detach();
  // CHECK-MESSAGES-DETACH: :[[@LINE-1]]:20: warning: 'async_simple::coro::RescheduleLazy::detach' detaches its work with no owner
}
#endif

#ifdef LOOP
void on_done(async_simple::Try<int> result);
// start(cb) starts the work at once: one per element of a run-time range.
void fire_all(const std::vector<int> &ids) {
  for (int id : ids)
    fetch(id).start(on_done);
  // CHECK-MESSAGES-LOOP: :[[@LINE-1]]:15: warning: 'async_simple::coro::Lazy::start' starts concurrent work in every iteration
}
#endif

#ifdef DISCARD
Lazy<void> drops() {
  fetch(1);
  // CHECK-MESSAGES-DISCARD: :[[@LINE-1]]:3: warning: lazy task 'async_simple::coro::Lazy' returned by 'fetch' is discarded; it never runs [coroguard-discarded-task]
  async_simple::coro::Mutex m;
  m.coLock();
  // CHECK-MESSAGES-DISCARD: :[[@LINE-1]]:5: warning: awaitable 'async_simple::coro::Mutex::LockAwaiter' returned by 'async_simple::coro::Mutex::coLock' is discarded; the operation never happens
  co_await fetch(2);
}
#endif

#ifdef FANOUT
Lazy<int> fan_out(const std::vector<int> &ids) {
  std::vector<Lazy<int>> tasks;
  for (int id : ids)
    tasks.push_back(fetch(id));
  auto all = co_await async_simple::coro::collectAll(std::move(tasks));
  // CHECK-MESSAGES-FANOUT: :[[@LINE-1]]:23: warning: 'async_simple::coro::collectAll' starts every task of a range whose size depends on run-time input
  // CHECK-MESSAGES-FANOUT: :[[@LINE-4]]:3: note: the number of tasks is decided here
  // CHECK-MESSAGES-FANOUT: :[[@LINE-3]]:23: note: use 'async_simple::coro::collectAllWindowed
  co_return 0;
}

// Bounded: the limit is the first argument.
Lazy<int> windowed(const std::vector<int> &ids) {
  std::vector<Lazy<int>> tasks;
  for (int id : ids)
    tasks.push_back(fetch(id));
  auto all = co_await async_simple::coro::collectAllWindowed(
      8, false, std::move(tasks));
  // A fixed set of tasks, spelled out.
  auto two = co_await async_simple::coro::collectAll(fetch(1), fetch(2));
  co_return 0;
}
#endif
