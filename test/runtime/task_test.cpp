#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using coroguard::sync_wait;
using coroguard::task;

namespace {

task<int> answer() { co_return 42; }

task<int> add_one(task<int> inner) { co_return co_await std::move(inner) + 1; }

TEST(Task, IsLazyUntilAwaited) {
  bool ran = false;
  auto body = [&]() -> task<> {
    ran = true;
    co_return;
  };
  auto t = body(); // the closure must outlive the task it created

  EXPECT_FALSE(ran);
  EXPECT_FALSE(t.is_ready());
  sync_wait(t);
  EXPECT_TRUE(ran);
  EXPECT_TRUE(t.is_ready());
}

TEST(Task, ReturnsValueThroughAwaitChain) {
  EXPECT_EQ(sync_wait(add_one(add_one(answer()))), 44);
}

TEST(Task, MoveOnlyResult) {
  auto make = []() -> task<std::unique_ptr<int>> {
    co_return std::make_unique<int>(7);
  };
  auto outer = [&]() -> task<int> {
    std::unique_ptr<int> p = co_await make();
    co_return *p;
  };
  EXPECT_EQ(sync_wait(outer()), 7);
}

TEST(Task, LvalueAwaitYieldsReference) {
  auto outer = []() -> task<std::string> {
    auto inner = []() -> task<std::string> { co_return "hello"; }();
    std::string &ref = co_await inner;
    ref += " world";
    co_return co_await inner; // already done: reads the stored result again
  };
  EXPECT_EQ(sync_wait(outer()), "hello world");
}

TEST(Task, ReferenceResult) {
  int value = 1;
  auto get = [](int &v) -> task<int &> { co_return v; };
  int &r = sync_wait(get(value));
  r = 5;
  EXPECT_EQ(value, 5);
}

TEST(Task, ExceptionPropagatesToAwaiter) {
  auto failing = []() -> task<int> {
    throw std::runtime_error("boom");
    co_return 0;
  };
  auto outer = [&]() -> task<std::string> {
    try {
      co_await failing();
    } catch (const std::runtime_error &e) {
      co_return std::string("caught ") + e.what();
    }
    co_return "not caught";
  };
  EXPECT_EQ(sync_wait(outer()), "caught boom");
  EXPECT_THROW(sync_wait(failing()), std::runtime_error);
}

TEST(Task, MoveTransfersOwnership) {
  task<int> a = answer();
  task<int> b = std::move(a);
  EXPECT_FALSE(a.valid()); // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(b.valid());
  EXPECT_EQ(sync_wait(std::move(b)), 42);
  task<int> c;
  c = answer();
  EXPECT_EQ(sync_wait(std::move(c)), 42);
}

TEST(Task, AwaitingEmptyTaskThrows) {
  auto outer = []() -> task<> {
    task<int> empty;
    co_await std::move(empty);
  };
  EXPECT_THROW(sync_wait(outer()), std::logic_error);
}

// Symmetric transfer: a million synchronously completing awaits in a row
// must not grow the stack (without it this overflows an 8 MiB stack).
task<std::size_t> count_down(std::size_t n) {
  if (n == 0)
    co_return 0;
  co_return 1 + co_await count_down(n - 1);
}

task<std::size_t> sequential_chain(std::size_t n) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < n; ++i)
    total += co_await answer() / 42;
  co_return total;
}

TEST(Task, LongSynchronousChainDoesNotGrowStack) {
  constexpr std::size_t n = coroguard::test::long_chain(2'000'000);
  EXPECT_EQ(sync_wait(sequential_chain(n)), n);
}

TEST(Task, DeepRecursiveChain) {
  // Each level keeps its own frame alive (heap), but resumption between
  // levels is symmetric transfer, so the native stack stays flat.
  constexpr std::size_t n = coroguard::test::long_chain(200'000);
  EXPECT_EQ(sync_wait(count_down(n)), n);
}

} // namespace
