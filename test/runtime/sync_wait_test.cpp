#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

using coroguard::sync_wait;
using coroguard::task;
using coroguard::thread_pool;

namespace {

struct ready_awaitable {
  int value;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return value; }
};

TEST(SyncWait, ReturnsSynchronousResult) {
  EXPECT_EQ(sync_wait([]() -> task<int> { co_return 3; }()), 3);
}

TEST(SyncWait, AcceptsPlainAwaitables) {
  EXPECT_EQ(sync_wait(ready_awaitable{9}), 9);
  ready_awaitable lvalue{11};
  EXPECT_EQ(sync_wait(lvalue), 11);
}

TEST(SyncWait, WaitsForWorkFinishingOnAnotherThread) {
  thread_pool pool{2};
  auto main_id = std::this_thread::get_id();
  auto t = [&]() -> task<std::thread::id> {
    co_await pool.schedule();
    co_return std::this_thread::get_id();
  };
  for (int i = 0; i < 200; ++i)
    EXPECT_NE(sync_wait(t()), main_id);
}

TEST(SyncWait, RethrowsException) {
  thread_pool pool{1};
  auto t = [&]() -> task<int> {
    co_await pool.schedule();
    throw std::out_of_range("remote");
  };
  EXPECT_THROW(sync_wait(t()), std::out_of_range);
}

TEST(SyncWait, ThrowsInsteadOfDeadlockingOnWorker) {
  thread_pool pool{1};
  auto inner = []() -> task<int> { co_return 1; };
  auto outer = [&]() -> task<std::string> {
    co_await pool.schedule();
    try {
      // The misuse under test: sync_wait must throw on a worker.
      (void)sync_wait(inner()); // NOLINT(coroguard-blocking-wait)
    } catch (const std::logic_error &e) {
      co_return e.what();
    }
    co_return "no exception";
  };
  std::string message = sync_wait(outer());
  EXPECT_NE(message.find("worker thread"), std::string::npos) << message;
  EXPECT_NE(message.find("co_await"), std::string::npos) << message;
}

TEST(SyncWait, AllowedAgainAfterPoolThreadsAreGone) {
  // The marker is per thread: the main thread is never a runtime thread.
  { thread_pool pool{1}; }
  EXPECT_EQ(sync_wait([]() -> task<int> { co_return 1; }()), 1);
}

} // namespace
