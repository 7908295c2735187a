#include "coroguard/async_scope.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

using namespace coroguard;

namespace {

TEST(AsyncScope, SpawnStartsEagerlyAndJoinWaitsForAll) {
  thread_pool pool{2};
  std::atomic<int> started{0}, finished{0};
  auto work = [&]() -> task<> {
    started.fetch_add(1);
    co_await pool.schedule();
    finished.fetch_add(1);
  };
  auto body = [&]() -> task<> {
    async_scope scope;
    for (int i = 0; i < 1000; ++i)
      scope.spawn(work()); // NOLINT(coroguard-unthrottled-parallel-loop): stress test
    EXPECT_EQ(started.load(), 1000); // ran up to their first suspension
    co_await scope.join();
    EXPECT_EQ(finished.load(), 1000);
    EXPECT_EQ(scope.in_flight(), 0u);
  };
  sync_wait(body());
}

TEST(AsyncScope, JoinWithNothingSpawned) {
  auto body = []() -> task<int> {
    async_scope scope;
    co_await scope.join();
    co_return 7;
  };
  EXPECT_EQ(sync_wait(body()), 7);
}

TEST(AsyncScope, FirstExceptionRethrownOthersCounted) {
  auto fail = [](int i) -> task<> {
    throw std::runtime_error("failure " + std::to_string(i));
    co_return;
  };
  auto ok = []() -> task<> { co_return; };
  auto body = [&]() -> task<std::string> {
    async_scope scope;
    scope.spawn(ok());
    scope.spawn(fail(1)); // synchronous: recorded first
    scope.spawn(fail(2));
    scope.spawn(fail(3));
    try {
      co_await scope.join();
    } catch (const std::runtime_error &e) {
      EXPECT_EQ(scope.suppressed_exceptions(), 2u);
      co_return e.what();
    }
    co_return "nothing thrown";
  };
  EXPECT_EQ(sync_wait(body()), "failure 1");
}

TEST(AsyncScope, ExceptionsFromPoolThreadsAreNotLost) {
  thread_pool pool{2};
  auto fail = [&](int i) -> task<> {
    co_await pool.schedule();
    if (i % 10 == 0)
      throw std::logic_error("bad");
  };
  auto body = [&]() -> task<std::size_t> {
    async_scope scope;
    for (int i = 0; i < 100; ++i)
      scope.spawn(fail(i)); // NOLINT(coroguard-unthrottled-parallel-loop): stress test
    bool thrown = false;
    try {
      co_await scope.join();
    } catch (const std::logic_error &) {
      thrown = true;
    }
    EXPECT_TRUE(thrown);
    co_return scope.suppressed_exceptions();
  };
  EXPECT_EQ(sync_wait(body()), 9u);
}

TEST(AsyncScope, ReusableAfterJoinAndNestedSpawn) {
  thread_pool pool{2};
  std::atomic<int> count{0};
  auto body = [&]() -> task<> {
    async_scope scope;
    auto child = [&]() -> task<> {
      co_await pool.schedule();
      count.fetch_add(1);
    };
    auto parent = [&]() -> task<> {
      co_await pool.schedule();
      scope.spawn(child()); // spawned from inside the scope's own work
      count.fetch_add(1);
    };
    scope.spawn(parent());
    co_await scope.join();
    EXPECT_EQ(count.load(), 2);
    scope.spawn(parent());
    co_await scope.join();
    EXPECT_EQ(count.load(), 4);
  };
  sync_wait(body());
}

} // namespace
