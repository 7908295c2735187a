#include "coroguard/async_semaphore.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

using namespace coroguard;

namespace {

TEST(AsyncSemaphore, NeverMoreHoldersThanPermits) {
  thread_pool pool{2};
  async_semaphore sem{3};
  std::atomic<int> holders{0}, highest{0};
  auto worker = [&]() -> task<> {
    co_await pool.schedule();
    auto permit = co_await sem.scoped_acquire();
    int now = holders.fetch_add(1) + 1;
    int seen = highest.load();
    while (now > seen && !highest.compare_exchange_weak(seen, now)) {
    }
    co_await pool.schedule(); // hold it across a suspension
    holders.fetch_sub(1);
  };
  std::vector<task<>> tasks;
  for (int i = 0; i < 2000; ++i)
    tasks.push_back(worker());
  sync_wait(when_all(std::move(tasks)));
  EXPECT_LE(highest.load(), 3);
  EXPECT_GE(highest.load(), 1);
  EXPECT_EQ(sem.available(), 3u);
}

TEST(AsyncSemaphore, WaitersAreServedInFifoOrder) {
  async_semaphore sem{0};
  std::vector<int> order;
  auto waiter = [&](int i) -> task<> {
    co_await sem.acquire();
    order.push_back(i);
  };
  std::vector<task<>> waiters;
  for (int i = 0; i < 5; ++i) {
    waiters.push_back(waiter(i));
    waiters.back().handle().resume(); // suspends in acquire, in this order
  }
  EXPECT_TRUE(order.empty());
  EXPECT_FALSE(sem.try_acquire()); // nobody may barge past the waiters
  sem.release(2);
  EXPECT_EQ(order, (std::vector<int>{0, 1}));
  sem.release(3);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(sem.available(), 0u);
  sem.release();
  EXPECT_TRUE(sem.try_acquire());
  for (auto &w : waiters)
    EXPECT_TRUE(w.is_ready());
}

TEST(AsyncSemaphore, LongHandOffChainDoesNotRecurse) {
  // 200k waiters each releasing the permit to the next: without the
  // resumption trampoline this nests 200k resumptions on one stack.
  async_semaphore sem{0};
  int done = 0;
  auto waiter = [&]() -> task<> {
    co_await sem.acquire();
    ++done;
    sem.release();
  };
  std::vector<task<>> waiters;
  for (int i = 0; i < 200'000; ++i) {
    waiters.push_back(waiter());
    waiters.back().handle().resume();
  }
  sem.release();
  EXPECT_EQ(done, 200'000);
  EXPECT_EQ(sem.available(), 1u);
}

TEST(AsyncSemaphore, PermitReleasesOnceAndMoves) {
  async_semaphore sem{1};
  auto body = [&]() -> task<> {
    semaphore_permit p = co_await sem.scoped_acquire();
    EXPECT_TRUE(p.owns_permit());
    EXPECT_EQ(sem.available(), 0u);
    semaphore_permit q = std::move(p);
    EXPECT_FALSE(p.owns_permit()); // NOLINT(bugprone-use-after-move)
    q.release();
    EXPECT_EQ(sem.available(), 1u);
  };
  sync_wait(body());
  EXPECT_EQ(sem.available(), 1u);
}

} // namespace
