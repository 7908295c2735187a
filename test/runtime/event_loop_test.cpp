#include "coroguard/coroguard.hpp"

#include "sleep_race.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <thread>
#include <vector>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {

TEST(EventLoop, ScheduleRunsOnLoopThread) {
  event_loop loop;
  auto body = [&]() -> task<bool> {
    co_await loop.schedule();
    co_return loop.on_loop_thread();
  };
  EXPECT_TRUE(sync_wait(body()));
  EXPECT_FALSE(loop.on_loop_thread());
}

TEST(EventLoop, SyncWaitOnLoopThreadThrows) {
  event_loop loop;
  auto body = [&]() -> task<bool> {
    co_await loop.schedule();
    try {
      // The misuse under test: sync_wait must throw on the loop's thread.
      // NOLINTNEXTLINE(coroguard-blocking-wait)
      sync_wait([]() -> task<> { co_return; }());
    } catch (const std::logic_error &) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(sync_wait(body()));
}

TEST(EventLoop, TimersFireInDeadlineOrder) {
  event_loop loop;
  std::vector<int> order; // appended on the loop thread only
  auto sleeper = [&](int id, std::chrono::milliseconds d) -> task<> {
    co_await loop.sleep_for(d);
    order.push_back(id);
  };
  auto start = std::chrono::steady_clock::now();
  sync_wait(when_all(sleeper(3, 60ms), sleeper(1, 20ms), sleeper(2, 40ms),
                     sleeper(0, 0ms)));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_GE(elapsed, 60ms); // never early
  EXPECT_LT(elapsed, 10s);  // generous: only guards against hangs
}

TEST(EventLoop, EqualDeadlinesFireInStartOrder) {
  event_loop loop;
  std::vector<int> order;
  auto deadline = event_loop::clock::now() + 30ms;
  auto sleeper = [&](int id) -> task<> {
    co_await loop.schedule(); // start them in order on the loop thread
    co_await loop.sleep_until(deadline);
    order.push_back(id);
  };
  std::vector<task<>> tasks;
  for (int i = 0; i < 20; ++i)
    tasks.push_back(sleeper(i));
  sync_wait(when_all_bounded(std::move(tasks), 20));
  ASSERT_EQ(order.size(), 20u);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(order[i], i);
}

TEST(EventLoop, SleepIsCancelledByStopToken) {
  event_loop loop;
  std::stop_source source;
  auto sleeper = [&]() -> task<bool> {
    try {
      co_await loop.sleep_for(1h, source.get_token());
    } catch (const operation_cancelled &) {
      co_return true;
    }
    co_return false;
  };
  auto canceller = [&]() -> task<> {
    co_await loop.sleep_for(20ms);
    source.request_stop();
  };
  auto start = std::chrono::steady_clock::now();
  auto [cancelled, nothing] = sync_wait(when_all(sleeper(), canceller()));
  (void)nothing;
  EXPECT_TRUE(cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
}

TEST(EventLoop, AlreadyStoppedTokenCancelsImmediately) {
  event_loop loop;
  std::stop_source source;
  source.request_stop();
  EXPECT_THROW(sync_wait(loop.sleep_for(1h, source.get_token())),
               operation_cancelled);
}

TEST(EventLoop, StopFromManyThreadsRacingCompletion) {
  // Stop requests racing with timer expiry: every sleep completes exactly
  // once, either normally or cancelled (TSan/ASan check the protocol).
  event_loop loop;
  constexpr std::size_t n = 300;
  std::vector<std::size_t> last_first; // stopped from the latest deadline
  for (std::size_t i = n; i-- > 0;)
    last_first.push_back(i);
  auto ended = test::race_stops_with_expiries(loop, n, 10us, last_first);
  EXPECT_EQ(ended.normal + ended.cancelled, static_cast<int>(n));
}

TEST(EventLoop, ShutdownCancelsPendingSleeps) {
  std::atomic<int> cancelled{0};
  async_scope scope;
  auto sleeper = [&](event_loop &loop) -> task<> {
    try {
      co_await loop.sleep_for(1h);
    } catch (const operation_cancelled &) {
      cancelled.fetch_add(1);
    }
  };
  {
    event_loop loop;
    for (int i = 0; i < 10; ++i)
      scope.spawn(sleeper(loop));
    auto settle = [&]() -> task<> { co_await loop.sleep_for(20ms); };
    sync_wait(settle());
  } // ~event_loop: cancels the ten sleeps and lets them finish
  EXPECT_EQ(cancelled.load(), 10);
  EXPECT_EQ(scope.in_flight(), 0u);
  sync_wait(scope.join());
}

TEST(EventLoop, ManySleepersAndPoolInterplay) {
  event_loop loop;
  thread_pool pool{2};
  std::atomic<int> done{0};
  auto worker = [&](int i) -> task<> {
    co_await pool.schedule();
    co_await loop.sleep_for(std::chrono::milliseconds(i % 5));
    co_await pool.schedule();
    done.fetch_add(1);
  };
  std::vector<task<>> tasks;
  for (int i = 0; i < 2000; ++i)
    tasks.push_back(worker(i));
  sync_wait(when_all(std::move(tasks)));
  EXPECT_EQ(done.load(), 2000);
}

} // namespace
