// RUN: %check_coroguard %s coroguard-unthrottled-parallel-loop %t -- -- -isystem %inputs
//
// A Detaches or ScopedSpawn member call whose object is the work
// (folly's co_withExecutor(ex, t).start(), async_simple's
// std::move(lazy).via(ex).detach()) starts work like a call that takes the
// work as an argument. A member call on something that is not async work
// (std::thread::detach) starts nothing.

#include <folly.h>
#include <stdexec.h>
#include <thread>
#include <vector>

folly::coro::Task<void> upload(int id);

// A lazy task that is scheduled onto an executor and then detached, as in
// async_simple (Lazy::via, RescheduleLazy::detach); declared by annotation.
namespace lazylib {
struct Executor;
class RescheduleLazy {
public:
  coro_stub::awaiter<void> operator co_await() && noexcept;
  [[clang::annotate("coroguard::detaches")]] void detach() &&;

private:
  std::coroutine_handle<> handle_;
};
class [[clang::annotate("coroguard::task")]] Lazy {
public:
  struct promise_type : coro_stub::promise_base<void> {
    Lazy get_return_object() noexcept;
  };
  RescheduleLazy via(Executor *ex) &&;

private:
  std::coroutine_handle<promise_type> handle_;
};
} // namespace lazylib

lazylib::Lazy fetch(int id);

// ---- Positive ----------------------------------------------------------------

// The input.
void upload_all(folly::Executor *ex, const std::vector<int> &ids) {
  for (int id : ids)
    folly::coro::co_withExecutor(ex, upload(id)).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: 'folly::coro::TaskWithExecutor::start' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
}

void fetch_all(lazylib::Executor *ex, const std::vector<int> &ids) {
  for (int id : ids) {
    auto lazy = fetch(id);
    std::move(lazy).via(ex).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'lazylib::RescheduleLazy::detach' starts concurrent work in every iteration
  }
}

// stdexec's async_scope::spawn over a parameter.
void fan_out(exec::async_scope &scope, const std::vector<int> &ids) {
  for (int id : ids)
    scope.spawn(stdexec::just());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'exec::async_scope::spawn' starts concurrent work in every iteration
}

// ---- Negative ----------------------------------------------------------------

// A handful of starts.
void upload_four(folly::Executor *ex) {
  for (int id = 0; id < 4; ++id)
    folly::coro::co_withExecutor(ex, upload(id)).start();
}

// The work awaits a semaphore first: throttled, seen through the wrapping
// co_withExecutor call.
folly::coro::Task<void> throttled_upload(folly::fibers::Semaphore &sem,
                                         int id) {
  co_await sem.co_wait();
  co_await upload(id);
}

void upload_throttled(folly::Executor *ex, folly::fibers::Semaphore &sem,
                      const std::vector<int> &ids) {
  for (int id : ids)
    folly::coro::co_withExecutor(ex, throttled_upload(sem, id)).start();
}

// Detaching a thread that is already running starts nothing; the start is
// the std::thread construction, reported on its own.
void detach_threads(std::vector<std::thread> &threads) {
  for (auto &t : threads)
    t.detach();
}
