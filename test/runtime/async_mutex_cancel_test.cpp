// Cancelling async_mutex waits with a std::stop_token.
#include "cancel_support.hpp"

#include "coroguard/async_mutex.hpp"
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

/// Waits for the mutex (keeping it locked) and records how the wait ended.
task<> lock_into(async_mutex &m, std::stop_token st, outcome &out) {
  try {
    co_await m.lock(std::move(st));
    out = outcome::done;
  } catch (const operation_cancelled &) {
    out = outcome::cancelled;
  }
}

TEST(AsyncMutexCancel, QueuedWaiterLeavesAndTheNextOneGetsTheLock) {
  async_mutex m;
  ASSERT_TRUE(m.try_lock());
  std::stop_source stop;
  outcome first = outcome::pending, second = outcome::pending;
  auto a = start(lock_into(m, stop.get_token(), first));
  auto b = start(lock_into(m, {}, second));

  stop.request_stop(); // resumes a inside this call
  EXPECT_EQ(first, outcome::cancelled);
  EXPECT_TRUE(a.is_ready());
  EXPECT_FALSE(m.try_lock()); // still ours

  m.unlock(); // handed to b, not lost on the cancelled waiter
  EXPECT_EQ(second, outcome::done);
  EXPECT_FALSE(m.try_lock());
  m.unlock();
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutexCancel, LastWaiterCancelledLeavesTheMutexToUnlock) {
  async_mutex m;
  ASSERT_TRUE(m.try_lock());
  std::stop_source stop;
  outcome out = outcome::pending;
  auto a = start(lock_into(m, stop.get_token(), out));
  stop.request_stop();
  EXPECT_EQ(out, outcome::cancelled);
  m.unlock(); // nobody waiting any more: really unlocked
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutexCancel, CancelledWaiterBetweenTwoOthersIsSkipped) {
  // A cancelled wait leaves its node behind (a lock-free stack cannot give
  // up a middle node): the unlock that reaches it must pass over it.
  async_mutex m;
  ASSERT_TRUE(m.try_lock());
  std::stop_source stop;
  outcome first = outcome::pending, middle = outcome::pending,
          last = outcome::pending;
  auto a = start(lock_into(m, {}, first));
  auto b = start(lock_into(m, stop.get_token(), middle));
  auto c = start(lock_into(m, {}, last));
  stop.request_stop();
  EXPECT_EQ(middle, outcome::cancelled);

  m.unlock();
  EXPECT_EQ(first, outcome::done);
  EXPECT_EQ(last, outcome::pending);
  m.unlock(); // to c, past b's node
  EXPECT_EQ(last, outcome::done);
  EXPECT_FALSE(m.try_lock());
  m.unlock();
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutexCancel, DestroyingAMutexFreesTheNodesOfCancelledWaits) {
  // No unlock ever reaches these nodes; LeakSanitizer (the asan_ubsan
  // build) reports them if the mutex does not free them.
  std::stop_source stop;
  std::vector<outcome> outs(3, outcome::pending);
  std::vector<task<>> waiters;
  {
    async_mutex m;
    ASSERT_TRUE(m.try_lock());
    for (outcome &out : outs)
      waiters.push_back(start(lock_into(m, stop.get_token(), out)));
    m.unlock(); // the first waiter owns it now and never unlocks
    stop.request_stop();
  }
  EXPECT_EQ(outs[0], outcome::done);
  EXPECT_EQ(outs[1], outcome::cancelled);
  EXPECT_EQ(outs[2], outcome::cancelled);
}

TEST(AsyncMutexCancel, ScopedLockCancelledOwnsNothing) {
  async_mutex m;
  ASSERT_TRUE(m.try_lock());
  std::stop_source stop;
  bool cancelled = false;
  auto body = [&]() -> task<> {
    try {
      async_lock_guard guard = co_await m.scoped_lock(stop.get_token());
      ADD_FAILURE() << "locked after cancellation";
    } catch (const operation_cancelled &) {
      cancelled = true;
    }
  };
  auto waiter = start(body());
  stop.request_stop();
  EXPECT_TRUE(cancelled);
  EXPECT_FALSE(m.try_lock()); // the cancelled guard unlocked nothing
  m.unlock();
}

TEST(AsyncMutexCancel, AlreadyStoppedTokenCancelsEvenWhenUnlocked) {
  async_mutex m;
  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(sync_wait(m.lock(stop.get_token())), operation_cancelled);
  EXPECT_THROW((void)sync_wait(m.scoped_lock(stop.get_token())),
               operation_cancelled);
  EXPECT_TRUE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutexCancel, StopAfterLockingHasNoEffect) {
  async_mutex m;
  std::stop_source fast, slow;
  auto holder = [&]() -> task<> {
    async_lock_guard g = co_await m.scoped_lock(fast.get_token());
    fast.request_stop();
    EXPECT_TRUE(g.owns_lock());
    EXPECT_FALSE(m.try_lock());
  };
  sync_wait(holder());
  ASSERT_TRUE(m.try_lock());
  outcome out = outcome::pending;
  auto waiter = start(lock_into(m, slow.get_token(), out));
  m.unlock(); // handed over
  EXPECT_EQ(out, outcome::done);
  slow.request_stop();
  EXPECT_EQ(out, outcome::done);
  EXPECT_FALSE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutexCancel, StopBetweenHandOffAndResumptionIsIgnored) {
  async_mutex gate, m;
  ASSERT_TRUE(gate.try_lock());
  ASSERT_TRUE(m.try_lock());
  std::stop_source stop;
  outcome out = outcome::pending;
  auto waiter = start(lock_into(m, stop.get_token(), out));
  auto unlocker = [&]() -> task<> {
    co_await gate.lock();
    m.unlock(); // ownership passes to `waiter`, resumed after we return
    stop.request_stop();
    EXPECT_EQ(out, outcome::pending);
    gate.unlock();
  };
  auto u = start(unlocker());
  gate.unlock();
  EXPECT_EQ(out, outcome::done);
  EXPECT_FALSE(m.try_lock());
  m.unlock();
}

TEST(AsyncMutexCancel, StressCancelRacingUnlock) {
  // Locked, with a cancellable waiter and a plain one behind it; unlock()
  // races the stop. Exactly one waiter owns the mutex afterwards.
  struct round_state {
    async_mutex m;
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
        ASSERT_TRUE(s->m.try_lock());
        s->a = start(lock_into(s->m, s->stop.get_token(), s->first));
        s->b = start(lock_into(s->m, {}, s->second));
      },
      [&] { s->m.unlock(); }, [&] { s->stop.request_stop(); },
      [&](int) {
        ASSERT_TRUE(s->a.is_ready());
        ASSERT_NE(s->first, outcome::pending);
        ASSERT_FALSE(s->m.try_lock()); // one owner, never none
        if (s->first == outcome::cancelled) {
          ++cancelled;
          ASSERT_EQ(s->second, outcome::done);
        } else {
          ASSERT_EQ(s->second, outcome::pending);
          s->m.unlock(); // a's turn ends: b's begins
          ASSERT_EQ(s->second, outcome::done);
        }
        s->m.unlock();
        ASSERT_TRUE(s->m.try_lock());
        s->m.unlock();
      });
  std::printf("cancel won %d of %d rounds\n", cancelled, rounds);
}

/// One round of a race around a single cancellable waiter on a mutex that
/// starts locked by the test.
struct lone_waiter_round {
  async_mutex m;
  std::stop_source stop;
  outcome out = outcome::pending;
  task<> waiter;

  void start_waiter() { waiter = start(lock_into(m, stop.get_token(), out)); }
};

/// Runs `first(round)` against `second(round)` (after `setup(round)`), then
/// checks that the waiter owns the mutex or nobody does, and that the fast
/// path works again: the state must never stay "locked" with nobody left to
/// unlock it.
template <class Setup, class First, class Second>
void race_lone_waiter(Setup setup, First first, Second second) {
  std::optional<lone_waiter_round> s;
  int cancelled = 0;
  int rounds = test::race(
      test::race_rounds,
      [&](int) {
        s.emplace();
        ASSERT_TRUE(s->m.try_lock());
        setup(*s);
      },
      [&] { first(*s); }, [&] { second(*s); },
      [&](int) {
        ASSERT_TRUE(s->waiter.is_ready());
        if (s->out == outcome::cancelled) {
          ++cancelled;
        } else {
          ASSERT_EQ(s->out, outcome::done);
          ASSERT_FALSE(s->m.try_lock());
          s->m.unlock();
        }
        ASSERT_TRUE(s->m.try_lock());
        s->m.unlock();
        ASSERT_TRUE(s->m.try_lock()); // the fast path works again
        s->m.unlock();
      },
      std::chrono::seconds(3));
  std::printf("cancel won %d of %d rounds\n", cancelled, rounds);
}

TEST(AsyncMutexCancel, StressCancelOfTheOnlyWaiterRacingUnlock) {
  // Locked with one queued cancellable waiter; unlock() races the stop.
  race_lone_waiter([](lone_waiter_round &r) { r.start_waiter(); },
                   [](lone_waiter_round &r) { r.m.unlock(); },
                   [](lone_waiter_round &r) { r.stop.request_stop(); });
}

TEST(AsyncMutexCancel, StressStopRacingALockThatFindsTheMutexFree) {
  // A cancellable lock starts while an unlock and then a stop happen on
  // another thread: it may take the mutex at once, queue and be handed it,
  // be granted or cancelled while it registers its stop callback, or be
  // cancelled once queued.
  race_lone_waiter([](lone_waiter_round &) {},
                   [](lone_waiter_round &r) { r.start_waiter(); },
                   [](lone_waiter_round &r) {
                     r.m.unlock();
                     r.stop.request_stop();
                   });
}

TEST(AsyncMutexCancel, StressAtMostOneOwnerUnderRandomCancellation) {
  thread_pool pool{2};
  async_mutex m;
  test::stop_rotator rotator;
  long counter = 0; // plain: only touched under the async mutex
  std::atomic<int> inside{0}, overlaps{0}, cancelled{0}, attempts{0};
  auto worker = [&]() -> task<> {
    for (int i = 0; i < 400; ++i) {
      co_await pool.schedule(); // a cancelled wait resumes where stop was asked
      if (i % 8 == 0)
        rotator.rotate(); // cancels some of the queued waiters
      attempts.fetch_add(1);
      try {
        async_lock_guard guard = co_await m.scoped_lock(rotator.token());
        if (inside.fetch_add(1) != 0)
          overlaps.fetch_add(1);
        long seen = counter;
        co_await pool.schedule(); // held across a thread hop
        counter = seen + 1;
        inside.fetch_sub(1);
      } catch (const operation_cancelled &) {
        cancelled.fetch_add(1);
      }
    }
  };
  std::vector<task<>> tasks;
  for (int i = 0; i < 16; ++i)
    tasks.push_back(worker());
  sync_wait(when_all(std::move(tasks)));
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(counter + cancelled.load(), attempts.load());
  EXPECT_GT(cancelled.load(), 0);
  EXPECT_TRUE(m.try_lock());
  m.unlock();
  std::printf("%ld locked, %d cancelled, %d stop requests\n", counter,
              cancelled.load(), rotator.rotations());
}

} // namespace
