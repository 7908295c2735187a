// Cancelling async_semaphore waits with a std::stop_token.
#include "cancel_support.hpp"

#include "coroguard/async_semaphore.hpp"
#include "coroguard/operation_cancelled.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <optional>
#include <stop_token>
#include <vector>

using namespace coroguard;
using coroguard::test::outcome;
using coroguard::test::start;

namespace {

/// Waits for a permit (keeping it) and records how the wait ended.
task<> acquire_into(async_semaphore &sem, std::stop_token st, outcome &out) {
  try {
    co_await sem.acquire(std::move(st));
    out = outcome::done;
  } catch (const operation_cancelled &) {
    out = outcome::cancelled;
  }
}

TEST(AsyncSemaphoreCancel, QueuedWaiterLeavesAndOthersStillGetPermits) {
  async_semaphore sem{0};
  std::stop_source stop;
  outcome first = outcome::pending, second = outcome::pending,
          third = outcome::pending;
  auto a = start(acquire_into(sem, {}, first));
  auto b = start(acquire_into(sem, stop.get_token(), second));
  auto c = start(acquire_into(sem, {}, third));
  EXPECT_EQ(second, outcome::pending);

  stop.request_stop(); // resumes b inside this call
  EXPECT_EQ(second, outcome::cancelled);
  EXPECT_TRUE(b.is_ready());
  EXPECT_EQ(sem.available(), 0u); // the cancelled waiter took nothing

  sem.release(2); // FIFO over the remaining waiters: a, then c
  EXPECT_EQ(first, outcome::done);
  EXPECT_EQ(third, outcome::done);
  EXPECT_EQ(sem.available(), 0u);
  sem.release(2);
  EXPECT_EQ(sem.available(), 2u);
}

TEST(AsyncSemaphoreCancel, OneStopCancelsEveryWaiterSharingItsToken) {
  // Every other waiter of 10k shares one token: one request_stop takes them
  // all out of the queue (O(1) each), and the rest keep their FIFO order.
  constexpr int n = 10'000;
  async_semaphore sem{0};
  std::stop_source stop;
  std::vector<outcome> outs(n, outcome::pending);
  std::vector<int> order;
  auto waiter = [&](int i, std::stop_token st) -> task<> {
    try {
      co_await sem.acquire(std::move(st));
      outs[i] = outcome::done;
      order.push_back(i);
    } catch (const operation_cancelled &) {
      outs[i] = outcome::cancelled;
    }
  };
  std::vector<task<>> waiters;
  for (int i = 0; i < n; ++i)
    waiters.push_back(
        start(waiter(i, i % 2 == 0 ? stop.get_token() : std::stop_token{})));
  stop.request_stop();
  for (int i = 0; i < n; i += 2)
    ASSERT_EQ(outs[i], outcome::cancelled);
  EXPECT_TRUE(order.empty());
  sem.release(n / 2);
  ASSERT_EQ(order.size(), std::size_t{n / 2});
  for (int k = 0; k < n / 2; ++k)
    ASSERT_EQ(order[k], 2 * k + 1);
  EXPECT_EQ(sem.available(), 0u);
}

TEST(AsyncSemaphoreCancel, ScopedAcquireCancelledHoldsNoPermit) {
  async_semaphore sem{0};
  std::stop_source stop;
  bool cancelled = false;
  auto body = [&]() -> task<> {
    try {
      semaphore_permit permit = co_await sem.scoped_acquire(stop.get_token());
      ADD_FAILURE() << "got a permit after cancellation";
    } catch (const operation_cancelled &) {
      cancelled = true;
    }
  };
  auto waiter = start(body());
  stop.request_stop();
  EXPECT_TRUE(cancelled);
  sem.release();
  EXPECT_EQ(sem.available(), 1u); // nobody released a permit it never had
}

TEST(AsyncSemaphoreCancel, AlreadyStoppedTokenCancelsWithoutTakingAFreePermit) {
  async_semaphore sem{1};
  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(sync_wait(sem.acquire(stop.get_token())), operation_cancelled);
  EXPECT_THROW((void)sync_wait(sem.scoped_acquire(stop.get_token())),
               operation_cancelled);
  EXPECT_EQ(sem.available(), 1u);
}

TEST(AsyncSemaphoreCancel, StopAfterAcquiringHasNoEffect) {
  async_semaphore sem{1};
  std::stop_source fast, slow;
  // Fast path: a free permit, no stop callback registered.
  auto holder = [&]() -> task<> {
    semaphore_permit p = co_await sem.scoped_acquire(fast.get_token());
    fast.request_stop();
    EXPECT_TRUE(p.owns_permit());
    EXPECT_EQ(sem.available(), 0u);
  };
  sync_wait(holder());
  EXPECT_EQ(sem.available(), 1u);
  // Slow path: queued with a callback, handed the permit, stopped later.
  ASSERT_TRUE(sem.try_acquire());
  outcome out = outcome::pending;
  auto waiter = start(acquire_into(sem, slow.get_token(), out));
  sem.release();
  EXPECT_EQ(out, outcome::done);
  slow.request_stop();
  EXPECT_EQ(out, outcome::done);
  EXPECT_EQ(sem.available(), 0u);
  sem.release();
  EXPECT_EQ(sem.available(), 1u);
}

TEST(AsyncSemaphoreCancel, StopBetweenHandOffAndResumptionIsIgnored) {
  // A waiter resumed by release() from inside another resumption is queued
  // on the trampoline: it already owns the permit when the stop arrives.
  async_semaphore gate{0}, sem{0};
  std::stop_source stop;
  outcome out = outcome::pending;
  auto waiter = start(acquire_into(sem, stop.get_token(), out));
  auto releaser = [&]() -> task<> {
    co_await gate.acquire();
    sem.release(); // hands the permit to `waiter`, resumed after we return
    stop.request_stop();
    EXPECT_EQ(out, outcome::pending);
  };
  auto r = start(releaser());
  gate.release();
  EXPECT_EQ(out, outcome::done);
  EXPECT_EQ(sem.available(), 0u);
}

TEST(AsyncSemaphoreCancel, CancelBeforeReleaseSendsThePermitOn) {
  async_semaphore gate{0}, sem{0};
  std::stop_source stop;
  outcome first = outcome::pending, second = outcome::pending;
  auto a = start(acquire_into(sem, stop.get_token(), first));
  auto b = start(acquire_into(sem, {}, second));
  auto canceller = [&]() -> task<> {
    co_await gate.acquire();
    stop.request_stop(); // `a` leaves the queue; resumed after we return
    sem.release();       // so this permit is b's
  };
  auto c = start(canceller());
  gate.release();
  EXPECT_EQ(first, outcome::cancelled);
  EXPECT_EQ(second, outcome::done);
  EXPECT_EQ(sem.available(), 0u);
}

TEST(AsyncSemaphoreCancel, StressCancelRacingRelease) {
  // Two waiters, the first cancellable; release(1) races the stop. Exactly
  // one of them ends up with the one permit, and the cancelled one (if any)
  // is resumed once, with operation_cancelled.
  struct round_state {
    async_semaphore sem{0};
    std::stop_source stop;
    outcome first = outcome::pending, second = outcome::pending;
    task<> a, b;
  };
  std::optional<round_state> s;
  int cancelled = 0;
  int rounds = test::race(
      test::race_rounds,
      [&](int) {
        s.emplace();
        s->a = start(acquire_into(s->sem, s->stop.get_token(), s->first));
        s->b = start(acquire_into(s->sem, {}, s->second));
      },
      [&] { s->sem.release(); }, [&] { s->stop.request_stop(); },
      [&](int) {
        ASSERT_TRUE(s->a.is_ready());
        ASSERT_NE(s->first, outcome::pending);
        if (s->first == outcome::cancelled) {
          ++cancelled;
          ASSERT_EQ(s->second, outcome::done); // the permit went on
        } else {
          ASSERT_EQ(s->second, outcome::pending);
          s->sem.release(); // let b finish
          ASSERT_EQ(s->second, outcome::done);
        }
        ASSERT_EQ(s->sem.available(), 0u);
      });
  std::printf("cancel won %d of %d rounds\n", cancelled, rounds);
}

TEST(AsyncSemaphoreCancel, StressPermitsConservedUnderRandomCancellation) {
  constexpr std::size_t permits = 3;
  thread_pool pool{2};
  async_semaphore sem{permits};
  test::stop_rotator rotator;
  std::atomic<int> holders{0}, too_many{0}, acquired{0}, cancelled{0},
      attempts{0};
  auto worker = [&]() -> task<> {
    for (int i = 0; i < 400; ++i) {
      co_await pool.schedule(); // a cancelled wait resumes where stop was asked
      if (i % 8 == 0)
        rotator.rotate(); // cancels some of the queued waiters
      attempts.fetch_add(1);
      try {
        semaphore_permit p = co_await sem.scoped_acquire(rotator.token());
        if (holders.fetch_add(1) >= static_cast<int>(permits))
          too_many.fetch_add(1);
        acquired.fetch_add(1);
        co_await pool.schedule(); // hold it across a thread hop
        holders.fetch_sub(1);
      } catch (const operation_cancelled &) {
        cancelled.fetch_add(1);
      }
    }
  };
  std::vector<task<>> tasks;
  for (int i = 0; i < 16; ++i)
    tasks.push_back(worker());
  sync_wait(when_all(std::move(tasks)));
  EXPECT_EQ(too_many.load(), 0);
  EXPECT_EQ(acquired.load() + cancelled.load(), attempts.load());
  EXPECT_GT(cancelled.load(), 0);
  EXPECT_EQ(sem.available(), permits);
  std::printf("%d acquired, %d cancelled, %d stop requests\n", acquired.load(),
              cancelled.load(), rotator.rotations());
}

} // namespace
