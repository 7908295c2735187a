#include "cancel_support.hpp"

#include "coroguard/async_semaphore.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
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

TEST(AsyncSemaphore, StressPermitsConservedUnderChurn) {
  // Coroutines on a pool of 3 and two plain threads take and give back
  // permits every way there is: awaited, try_acquire, two at a time with
  // release(2), held across a hop. Never more holders than permits, and
  // every permit is back at the end.
  constexpr std::size_t permits = 3;
  thread_pool pool{3};
  async_semaphore sem{permits};
  std::atomic<int> holders{0}, overdrawn{0};
  auto hold = [&](int n) {
    if (holders.fetch_add(n) + n > static_cast<int>(permits))
      overdrawn.fetch_add(1);
  };
  constexpr int workers = 24, rounds = 500, external_rounds = 600;
  auto worker = [&](int id) -> task<> {
    for (int i = 0; i < rounds; ++i) {
      co_await pool.schedule();
      co_await sem.acquire();
      if ((i + id) % 3 == 0 && sem.try_acquire()) {
        hold(2);
        holders.fetch_sub(2);
        sem.release(2);
        continue;
      }
      hold(1);
      if ((i + id) % 4 == 0)
        co_await pool.schedule(); // held across a thread hop
      holders.fetch_sub(1);
      sem.release();
    }
  };
  auto one = [&]() -> task<> {
    semaphore_permit p = co_await sem.scoped_acquire();
    hold(1);
    holders.fetch_sub(1);
  };
  auto external = [&](bool spin) {
    for (int i = 0; i < external_rounds; ++i) {
      if (!spin) {
        sync_wait(one());
        continue;
      }
      while (!sem.try_acquire())
        std::this_thread::yield();
      hold(1);
      holders.fetch_sub(1);
      sem.release();
    }
  };
  std::thread blocking(external, false), spinning(external, true);
  std::vector<task<>> tasks;
  for (int i = 0; i < workers; ++i)
    tasks.push_back(worker(i));
  sync_wait(when_all(std::move(tasks)));
  blocking.join();
  spinning.join();
  EXPECT_EQ(overdrawn.load(), 0);
  EXPECT_EQ(sem.available(), permits);
}

/// Acquires a permit of `sem` and keeps it; records that it got it.
task<> acquire_and_keep(async_semaphore &sem, test::outcome &out) {
  co_await sem.acquire();
  out = test::outcome::done;
}

TEST(AsyncSemaphore, StressReleaseFastPathRacingAWaiterQueueing) {
  // release() on one thread, a new acquire() on another, no permit free
  // before: whichever comes first, the acquirer gets the permit (no lost
  // wake-up) and none is left over.
  async_semaphore sem{0};
  task<> waiter;
  test::outcome out = test::outcome::pending;
  test::race(
      test::race_rounds,
      [&](int) {
        out = test::outcome::pending;
        waiter = acquire_and_keep(sem, out);
      },
      [&] { sem.release(); }, [&] { waiter.handle().resume(); },
      [&](int) {
        ASSERT_TRUE(waiter.is_ready());
        ASSERT_EQ(out, test::outcome::done);
        ASSERT_EQ(sem.available(), 0u);
      },
      std::chrono::seconds(3));
  sem.release();
  EXPECT_TRUE(sem.try_acquire());
  EXPECT_FALSE(sem.try_acquire());
}

TEST(AsyncSemaphore, ReleaseOfMoreThanTheWaitersFreesTheRest) {
  async_semaphore sem{0};
  int done = 0;
  auto waiter = [&]() -> task<> {
    co_await sem.acquire();
    ++done;
  };
  std::vector<task<>> waiters;
  for (int i = 0; i < 2; ++i) {
    waiters.push_back(waiter());
    waiters.back().handle().resume();
  }
  sem.release(5);
  EXPECT_EQ(done, 2);
  EXPECT_EQ(sem.available(), 3u);
  EXPECT_TRUE(sem.try_acquire()); // no waiter left: the fast path is back
  sem.release();
  EXPECT_EQ(sem.available(), 3u);
}

} // namespace
