#include "coroguard/parallel_for_each.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <forward_list>
#include <numeric>
#include <stdexcept>
#include <vector>

using namespace coroguard;

namespace {

TEST(ParallelForEach, VisitsEveryElementWithinLimit) {
  thread_pool pool{2};
  std::vector<int> items(5000);
  std::iota(items.begin(), items.end(), 0);
  std::atomic<long> sum{0};
  std::atomic<int> in_flight{0}, highest{0};
  auto body = [&](int v) -> task<> {
    int now = in_flight.fetch_add(1) + 1;
    int seen = highest.load();
    while (now > seen && !highest.compare_exchange_weak(seen, now)) {
    }
    co_await pool.schedule();
    sum.fetch_add(v);
    in_flight.fetch_sub(1);
  };
  sync_wait(parallel_for_each(items, body, 7));
  EXPECT_EQ(sum.load(), 5000L * 4999 / 2);
  EXPECT_LE(highest.load(), 7);
  EXPECT_GE(highest.load(), 1);
}

TEST(ParallelForEach, SequentialWithLimitOneAndForwardRange) {
  std::forward_list<int> items{3, 1, 4, 1, 5};
  std::vector<int> seen;
  sync_wait(parallel_for_each(
      items,
      [&](int v) -> task<> {
        seen.push_back(v);
        co_return;
      },
      1));
  EXPECT_EQ(seen, (std::vector<int>{3, 1, 4, 1, 5}));
}

TEST(ParallelForEach, StopsStartingAfterFailure) {
  std::vector<int> items(100);
  std::iota(items.begin(), items.end(), 0);
  int started = 0;
  auto body = [&](int v) -> task<> {
    ++started;
    if (v == 10)
      throw std::runtime_error("ten");
    co_return;
  };
  EXPECT_THROW(sync_wait(parallel_for_each(items, body, 2)),
               std::runtime_error);
  EXPECT_EQ(started, 11); // synchronous bodies: nothing after the failure
}

TEST(ParallelForEach, ZeroLimitRejectedAndEmptyRangeOk) {
  std::vector<int> none;
  auto body = [](int) -> task<> { co_return; };
  EXPECT_THROW(sync_wait(parallel_for_each(none, body, 0)),
               std::invalid_argument);
  sync_wait(parallel_for_each(none, body, 4));
}

} // namespace
