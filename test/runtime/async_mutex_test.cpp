#include "cancel_support.hpp"

#include "coroguard/async_mutex.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <stop_token>
#include <thread>
#include <vector>

using namespace coroguard;
using coroguard::test::outcome;
using coroguard::test::start;

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

/// Counts owners of a mutex: entering with another owner inside is an
/// overlap. `counter` is plain on purpose: TSan reports any unprotected use.
struct exclusion_probe {
  std::atomic<int> owners{0};
  std::atomic<int> overlaps{0};
  long counter = 0;

  void enter() {
    if (owners.fetch_add(1) != 0)
      overlaps.fetch_add(1);
    ++counter;
  }
  void leave() { owners.fetch_sub(1); }
};

TEST(AsyncMutex, StressHandOffBetweenPoolAndExternalThreads) {
  // Coroutines on a pool of 3 and two plain threads (blocking in sync_wait
  // or spinning on try_lock) take the mutex; some hold it across a hop, so
  // fast paths, queueing and hand-offs all interleave.
  thread_pool pool{3};
  async_mutex m;
  exclusion_probe probe;
  constexpr int workers = 24, rounds = 500, external_rounds = 600;
  auto worker = [&](int id) -> task<> {
    for (int i = 0; i < rounds; ++i) {
      co_await pool.schedule();
      async_lock_guard guard = co_await m.scoped_lock();
      probe.enter();
      if ((i + id) % 4 == 0)
        co_await pool.schedule(); // held across a thread hop
      probe.leave();
    }
  };
  auto section = [&]() -> task<> {
    co_await m.lock();
    probe.enter();
    probe.leave();
    m.unlock();
  };
  auto external = [&](bool spin) {
    for (int i = 0; i < external_rounds; ++i) {
      if (spin) {
        while (!m.try_lock())
          std::this_thread::yield();
        probe.enter();
        probe.leave();
        m.unlock();
      } else {
        sync_wait(section());
      }
    }
  };
  std::thread blocking(external, false), spinning(external, true);
  std::vector<task<>> tasks;
  for (int i = 0; i < workers; ++i)
    tasks.push_back(worker(i));
  sync_wait(when_all(std::move(tasks)));
  blocking.join();
  spinning.join();
  EXPECT_EQ(probe.overlaps.load(), 0);
  EXPECT_EQ(probe.counter, long{workers} * rounds + 2L * external_rounds);
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

/// Locks `m` and keeps it; records that it got it.
task<> lock_and_keep(async_mutex &m, outcome &out) {
  co_await m.lock();
  out = outcome::done;
}

TEST(AsyncMutex, NewcomersQueueBehindWaitersTheOwnerAlreadyTookIn) {
  // An unlock takes every waiter that has arrived so far in one go (in
  // arrival order); one that arrives after that must still come last.
  async_mutex m;
  ASSERT_TRUE(m.try_lock());
  outcome first = outcome::pending, second = outcome::pending,
          late = outcome::pending;
  task<> a = lock_and_keep(m, first), b = lock_and_keep(m, second);
  a.handle().resume();
  b.handle().resume();
  m.unlock(); // to a; b is next
  EXPECT_EQ(first, outcome::done);
  task<> c = lock_and_keep(m, late);
  c.handle().resume();
  m.unlock(); // a's turn ends: b's begins, not c's
  EXPECT_EQ(second, outcome::done);
  EXPECT_EQ(late, outcome::pending);
  m.unlock();
  EXPECT_EQ(late, outcome::done);
  EXPECT_FALSE(m.try_lock());
  m.unlock();
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutex, StressUnlockFastPathRacingAWaiterQueueing) {
  // unlock() on one thread, a new lock() on another: whichever comes first,
  // the locker ends up owning the mutex (never a lost wake-up, never two
  // owners).
  async_mutex m;
  task<> waiter;
  outcome out = outcome::pending;
  test::race(
      test::race_rounds,
      [&](int) {
        ASSERT_TRUE(m.try_lock());
        out = outcome::pending;
        waiter = lock_and_keep(m, out);
      },
      [&] { m.unlock(); }, [&] { waiter.handle().resume(); },
      [&](int) {
        ASSERT_TRUE(waiter.is_ready());
        ASSERT_EQ(out, outcome::done);
        ASSERT_FALSE(m.try_lock());
        m.unlock();
      },
      std::chrono::seconds(3));
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutex, StressTryLockRacingLock) {
  // try_lock() and lock() on an unlocked mutex at once: exactly one of them
  // gets it; a lock() that loses waits and gets it at the unlock.
  async_mutex m;
  task<> waiter;
  outcome out = outcome::pending;
  bool tried = false;
  int try_won = 0;
  int rounds = test::race(
      test::race_rounds,
      [&](int) {
        out = outcome::pending;
        waiter = lock_and_keep(m, out);
      },
      [&] { tried = m.try_lock(); }, [&] { waiter.handle().resume(); },
      [&](int) {
        if (tried) {
          ++try_won;
          ASSERT_EQ(out, outcome::pending); // queued behind try_lock
          m.unlock();                       // hands it to the waiter
        }
        ASSERT_TRUE(waiter.is_ready());
        ASSERT_EQ(out, outcome::done);
        ASSERT_FALSE(m.try_lock());
        m.unlock();
        ASSERT_TRUE(m.try_lock());
        m.unlock();
      },
      std::chrono::seconds(3));
  std::printf("try_lock won %d of %d rounds\n", try_won, rounds);
}

} // namespace
