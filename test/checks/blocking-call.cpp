// RUN: %check_coroguard %s coroguard-blocking-call %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=EXTRA %s coroguard-blocking-call %t -- \
// RUN:   -config="{CheckOptions: {coroguard.BlockingFunctions: 'legacy::read_.*;wait_for_disk_sync'}}" \
// RUN:   -- -isystem %inputs

#include <cppcoro.h>
#include <folly.h>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <semaphore>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
cppcoro::task<int> compute();

// ---- Positive: direct blocking calls -------------------------------------

cppcoro::task<void> sleeps() {
  std::this_thread::sleep_for(10ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'sleeps'; every coroutine scheduled on this thread stalls until it returns [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: non-blocking alternative in cppcoro: co_await cppcoro::io_service::schedule_after(duration) on the io_service that runs the coroutine
  // CHECK-NOTES-EXTRA: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-4]]:3: note: non-blocking alternative
  usleep(100);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread inside coroutine 'sleeps'
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:3: warning: 'usleep' blocks
  co_return;
}

folly::coro::Task<void> folly_sleeps() {
  std::this_thread::sleep_for(1s);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'folly_sleeps'
  // CHECK-NOTES: :[[@LINE-2]]:3: note: non-blocking alternative in folly: co_await folly::coro::sleep(duration)
  // CHECK-NOTES-EXTRA: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-4]]:3: note: non-blocking alternative
  co_return;
}

std::mutex m;
std::condition_variable cv;
bool ready = false;

cppcoro::task<void> waits(std::thread &worker, std::counting_semaphore<4> &sem) {
  std::unique_lock lock(m);
  cv.wait(lock, [] { return ready; });
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' blocks the thread inside coroutine 'waits'
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:6: warning: 'std::condition_variable::wait' blocks
  lock.unlock();
  worker.join();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'std::thread::join' blocks the thread inside coroutine 'waits'
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:10: warning: 'std::thread::join' blocks
  sem.acquire();
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'std::counting_semaphore::acquire' blocks the thread inside coroutine 'waits'
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:7: warning: 'std::counting_semaphore::acquire' blocks
  co_return;
}

// ---- Positive: through helpers, with the path ----------------------------

void wait_for_disk() { std::this_thread::sleep_for(5ms); }
void read_settings() { wait_for_disk(); }

cppcoro::task<int> serve() {
  read_settings();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'read_settings' blocks the thread inside coroutine 'serve' (it calls 'std::this_thread::sleep_for'); every coroutine scheduled on this thread stalls until it returns [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-5]]:24: note: 'read_settings' calls 'wait_for_disk' here
  // CHECK-NOTES: :[[@LINE-7]]:24: note: 'wait_for_disk' calls 'std::this_thread::sleep_for' here
  // The alternative goes where co_await can go: the coroutine's own call.
  // CHECK-NOTES: :[[@LINE-5]]:3: note: non-blocking alternative in cppcoro: co_await cppcoro::io_service::schedule_after(duration) on the io_service that runs the coroutine
  // CHECK-NOTES-EXTRA: :[[@LINE-6]]:3: warning: 'read_settings' blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-10]]:24: note: 'read_settings' calls
  // CHECK-NOTES-EXTRA: :[[@LINE-12]]:24: note: 'wait_for_disk' calls
  // CHECK-NOTES-EXTRA: :[[@LINE-9]]:3: note: non-blocking alternative
  co_return co_await compute();
}

// A method defined here is followed too; recursion terminates.
struct Cache {
  int refresh(int n) { return n > 0 ? refresh(n - 1) : (sleep(1), 0); }
};
cppcoro::task<int> method(Cache &c) {
  co_return c.refresh(3);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'Cache::refresh' blocks the thread inside coroutine 'method' (it calls 'sleep')
  // CHECK-NOTES: :[[@LINE-5]]:57: note: 'Cache::refresh' calls 'sleep' here
  // CHECK-NOTES-EXTRA: :[[@LINE-3]]:15: warning: 'Cache::refresh' blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-7]]:57: note: 'Cache::refresh' calls
}

// A named lambda called in the coroutine runs there.
cppcoro::task<void> named_lambda() {
  auto nap = [] { std::this_thread::sleep_for(1ms); };
  nap();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'nap' blocks the thread inside coroutine 'named_lambda' (it calls 'std::this_thread::sleep_for')
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'nap' calls 'std::this_thread::sleep_for' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: non-blocking alternative
  // CHECK-NOTES-EXTRA: :[[@LINE-4]]:3: warning: 'nap' blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-6]]:19: note: 'nap' calls
  // CHECK-NOTES-EXTRA: :[[@LINE-6]]:3: note: non-blocking alternative
  co_return;
}

// ---- Templates, macros, options ------------------------------------------

template <class Rep, class Period>
cppcoro::task<void> generic_nap(std::chrono::duration<Rep, Period> d) {
  std::this_thread::sleep_for(d);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'generic_nap'
  // CHECK-NOTES: :[[@LINE-2]]:3: note: non-blocking alternative
  // CHECK-NOTES-EXTRA: :[[@LINE-3]]:3: warning: 'std::this_thread::sleep_for' blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-4]]:3: note: non-blocking alternative
  co_return;
}
template cppcoro::task<void> generic_nap(std::chrono::milliseconds);

#define NAP() std::this_thread::sleep_for(1ms)
cppcoro::task<void> macro_nap() {
  NAP();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'macro_nap'
  // CHECK-NOTES: :[[@LINE-4]]:15: note: expanded from macro 'NAP'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: non-blocking alternative
  // CHECK-NOTES: :[[@LINE-6]]:15: note: expanded from macro 'NAP'
  // CHECK-NOTES-EXTRA: :[[@LINE-5]]:3: warning: 'std::this_thread::sleep_for' blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-8]]:15: note: expanded from macro
  // CHECK-NOTES-EXTRA: :[[@LINE-7]]:3: note: non-blocking alternative
  // CHECK-NOTES-EXTRA: :[[@LINE-10]]:15: note: expanded from macro
  co_return;
}

namespace legacy { int read_block(int fd); }
int wait_for_disk_sync();
cppcoro::task<int> user_listed() {
  // Only blocking once the user lists them (regex and exact name).
  co_return legacy::read_block(0) + wait_for_disk_sync();
  // CHECK-NOTES-EXTRA: :[[@LINE-1]]:13: warning: 'legacy::read_block' blocks the thread inside coroutine 'user_listed'
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:37: warning: 'wait_for_disk_sync' blocks the thread
}

// ---- A dropped std::async future: its destructor waits for the work ------

int crunch();
cppcoro::task<void> async_dropped(std::promise<int> &p) {
  std::async(std::launch::async, crunch);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the 'std::future' returned by 'std::async' is destroyed here and its destructor blocks the thread inside coroutine 'async_dropped' until the work finishes; every coroutine scheduled on this thread stalls until it does [coroguard-blocking-call]
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:3: warning: the 'std::future' returned by 'std::async' is destroyed here
  (void)std::async(crunch); // The default policy runs it on a thread too.
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: the 'std::future' returned by 'std::async' is destroyed here and its destructor blocks
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:9: warning: the 'std::future' returned by 'std::async' is destroyed here
  {
    auto pending = std::async(std::launch::async, crunch);
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: local 'pending' holds the 'std::future' returned by 'std::async' and is never used; its destructor blocks the thread inside coroutine 'async_dropped' at the end of the scope until the work finishes; every coroutine scheduled on this thread stalls until it does [coroguard-blocking-call]
    // CHECK-NOTES-EXTRA: :[[@LINE-2]]:10: warning: local 'pending' holds the 'std::future'
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'pending' is destroyed here
  // CHECK-NOTES-EXTRA: :[[@LINE-2]]:3: note: 'pending' is destroyed here
  // Deferred work never runs, so destroying its future waits for nothing
  // (coroguard-discarded-task reports the lost work).
  std::async(std::launch::deferred, crunch);
  // A future from a promise does not wait in its destructor.
  p.get_future();
  auto from_promise = p.get_future();
  co_return;
}

// Outside coroutines blocking the thread is not this check's business.
void async_dropped_in_plain_function() {
  std::async(std::launch::async, crunch);
  auto pending = std::async(std::launch::async, crunch);
}

// ---- Negative ------------------------------------------------------------

// Blocking in ordinary functions is not this check's business.
void plain() { std::this_thread::sleep_for(1ms); }

cppcoro::task<void> correct(std::thread &t) {
  // Short critical sections with std::mutex are fine.
  { std::lock_guard g(m); ready = true; }
  cv.notify_all();
  // Work handed to another thread: defined here, runs there.
  std::thread worker([] { std::this_thread::sleep_for(1ms); });
  worker.detach();
  // A zero timeout polls.
  std::counting_semaphore<1> s(1);
  (void)s.try_acquire_for(0ms);
  co_return;
}

// sync_wait is a blocking *wait*: coroguard-blocking-wait reports it.
cppcoro::task<int> not_this_check() { co_return cppcoro::sync_wait(compute()); }

cppcoro::task<void> suppressed() {
  std::this_thread::sleep_for(1ms); // NOLINT(coroguard-blocking-call)
  co_return;
}
