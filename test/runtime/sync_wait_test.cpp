#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>

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

TEST(SyncWait, RethrowsInlineException) {
  auto t = []() -> task<int> {
    throw std::invalid_argument("inline");
    co_return 0;
  };
  EXPECT_THROW(sync_wait(t()), std::invalid_argument);
}

// sync_wait inside a task run by sync_wait on the same (non-runtime) thread:
// each level must see its own completion, inline or from the pool.
TEST(SyncWait, NestedOnOneThread) {
  thread_pool pool{1};
  auto leaf = []() -> task<int> { co_return 1; };
  auto remote = [&]() -> task<int> {
    co_await pool.schedule();
    co_return 10;
  };
  auto middle = [&]() -> task<int> {
    // The nesting under test. NOLINTNEXTLINE(coroguard-blocking-wait)
    int inner = sync_wait(leaf()) + sync_wait(remote());
    co_return inner + co_await leaf();
  };
  auto outer = [&]() -> task<int> {
    int a = sync_wait(middle()); // NOLINT(coroguard-blocking-wait)
    int b = sync_wait(leaf());   // NOLINT(coroguard-blocking-wait)
    co_return a + b;
  };
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(sync_wait(outer()), 13);
}

// The outer task finishes on a worker, after a nested wait on this thread
// completed inline: the outer wait must still block until then.
TEST(SyncWait, InlineNestedThenRemoteCompletion) {
  thread_pool pool{2};
  auto leaf = []() -> task<int> { co_return 2; };
  auto outer = [&]() -> task<int> {
    int a = sync_wait(leaf()); // NOLINT(coroguard-blocking-wait)
    co_await pool.schedule();
    co_return a + 1;
  };
  for (int i = 0; i < 200; ++i)
    EXPECT_EQ(sync_wait(outer()), 3);
}

// Completion on another thread racing with the waiting thread still being
// inside the first resume().
TEST(SyncWait, CompletionOnPoolRacingWithTheStart) {
  thread_pool pool{2};
  std::atomic<int> done{0};
  auto t = [&](int i) -> task<int> {
    co_await pool.schedule();
    done.fetch_add(1, std::memory_order_relaxed);
    if (i % 7 == 3)
      throw std::runtime_error("odd one");
    co_return i;
  };
  int failures = 0;
  for (int i = 0; i < 2000; ++i) {
    try {
      EXPECT_EQ(sync_wait(t(i)), i);
    } catch (const std::runtime_error &) {
      ++failures;
    }
  }
  EXPECT_EQ(done.load(), 2000);
  EXPECT_EQ(failures, 2000 / 7 + (2000 % 7 > 3 ? 1 : 0));
}

TEST(SyncWait, AllowedAgainAfterPoolThreadsAreGone) {
  // The marker is per thread: the main thread is never a runtime thread.
  {
    thread_pool pool{1};
  }
  EXPECT_EQ(sync_wait([]() -> task<int> { co_return 1; }()), 1);
}

} // namespace
