#include "coroguard/async_mutex.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

using namespace coroguard;

namespace {

TEST(AsyncMutex, ProtectsStateAcrossSuspensionsAndThreads) {
  thread_pool pool{2};
  async_mutex mutex;
  long counter = 0; // plain: only touched under the async mutex
  std::atomic<int> inside{0};
  auto worker = [&]() -> task<> {
    for (int i = 0; i < 50; ++i) {
      co_await pool.schedule();
      auto guard = co_await mutex.scoped_lock();
      EXPECT_EQ(inside.fetch_add(1), 0);
      long seen = counter;
      co_await pool.schedule(); // held across a thread hop
      counter = seen + 1;
      inside.fetch_sub(1);
    }
  };
  std::vector<task<>> tasks;
  for (int i = 0; i < 40; ++i)
    tasks.push_back(worker());
  sync_wait(when_all(std::move(tasks)));
  EXPECT_EQ(counter, 2000);
  EXPECT_TRUE(mutex.try_lock());
  mutex.unlock();
}

TEST(AsyncMutex, FifoHandOffNoBarging) {
  async_mutex mutex;
  std::vector<int> order;
  ASSERT_TRUE(mutex.try_lock());
  auto waiter = [&](int i) -> task<> {
    co_await mutex.lock();
    order.push_back(i);
    mutex.unlock();
  };
  std::vector<task<>> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.push_back(waiter(i));
    waiters.back().handle().resume();
  }
  EXPECT_FALSE(mutex.try_lock());
  mutex.unlock(); // hands to waiter 0, which hands to 1, ...
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_TRUE(mutex.try_lock());
  mutex.unlock();
}

TEST(AsyncMutex, GuardUnlocksOnException) {
  async_mutex mutex;
  auto body = [&]() -> task<> {
    auto guard = co_await mutex.scoped_lock();
    EXPECT_TRUE(guard.owns_lock());
    throw std::runtime_error("inside");
  };
  EXPECT_THROW(sync_wait(body()), std::runtime_error);
  EXPECT_TRUE(mutex.try_lock());
  mutex.unlock();
}

} // namespace
