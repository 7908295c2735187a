// Timers of the event loop: nanosecond deadlines, ordering, cancellation.
// timer_timerfd_test.cpp compiles this file again with the timerfd fallback.
#include "coroguard/coroguard.hpp"
#include "coroguard/detail/timer_heap.hpp"

#include "sleep_race.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <set>
#include <stop_token>
#include <utility>
#include <vector>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {

using clock_type = event_loop::clock;

TEST(TimerHeap, PopsInDeadlineThenPushOrderWithErasures) {
  // Random pushes and erasures against a std::set model.
  std::mt19937 random{12345};
  std::vector<detail::timer_node> nodes(2000);
  detail::timer_heap heap;
  std::set<
      std::pair<std::pair<std::int64_t, std::uint64_t>, detail::timer_node *>>
      model;
  auto key = [](detail::timer_node *n) {
    return std::pair{
        std::pair{n->deadline.time_since_epoch().count(), n->sequence}, n};
  };
  std::vector<detail::timer_node *> queued;
  for (auto &node : nodes) {
    node.deadline = clock_type::time_point{clock_type::duration{random() % 50}};
    heap.push(&node);
    model.insert(key(&node));
    queued.push_back(&node);
    if (random() % 3 == 0) { // erase a random queued node
      std::size_t at = random() % queued.size();
      detail::timer_node *victim = queued[at];
      queued.erase(queued.begin() + static_cast<std::ptrdiff_t>(at));
      model.erase(key(victim));
      heap.erase(victim);
      EXPECT_EQ(victim->index, detail::timer_node::not_queued);
    }
    ASSERT_EQ(heap.size(), model.size());
    if (!model.empty()) {
      ASSERT_EQ(heap.top(), model.begin()->second);
    }
  }
  while (!heap.empty()) {
    ASSERT_EQ(heap.top(), model.begin()->second);
    model.erase(model.begin());
    heap.erase(heap.top());
  }
  EXPECT_TRUE(model.empty());
}

TEST(Timers, SleepForZeroAndPastDeadlinesComplete) {
  event_loop loop;
  auto body = [&]() -> task<int> {
    int done = 0;
    for (int i = 0; i < 1000; ++i) {
      co_await loop.sleep_for(0ns);
      co_await loop.sleep_for(-5ms);
      co_await loop.sleep_until(clock_type::time_point{});
      ++done;
    }
    co_await loop.schedule(); // and the same from the loop thread
    for (int i = 0; i < 1000; ++i) {
      co_await loop.sleep_for(0ns);
      ++done;
    }
    co_return done;
  };
  EXPECT_EQ(sync_wait(body()), 2000);
}

TEST(Timers, TinyDelaysNeverFireEarly) {
  event_loop loop;
  auto body = [&]() -> task<> {
    for (int i = 0; i < 2000; ++i) {
      auto delay = std::chrono::nanoseconds(i % 7 == 0 ? 1 : i * 37);
      auto deadline = clock_type::now() + delay;
      co_await loop.sleep_for(delay);
      EXPECT_GE(clock_type::now(), deadline);
    }
  };
  sync_wait(body());
}

// Starts sleepers on the loop thread in the given order; each appends its id
// when it wakes. The deadlines are far enough ahead (100 ms) that all of them
// are queued before the first is due.
std::vector<int>
wake_order(event_loop &loop,
           const std::vector<clock_type::time_point> &deadlines,
           const std::vector<int> &start_order) {
  std::vector<int> order; // loop thread only
  auto sleeper = [&](int id) -> task<> {
    co_await loop.sleep_until(deadlines[static_cast<std::size_t>(id)]);
    order.push_back(id);
  };
  auto starter = [&]() -> task<> {
    co_await loop.schedule();
    std::vector<task<>> tasks;
    for (int id : start_order)
      tasks.push_back(sleeper(id));
    co_await when_all(std::move(tasks));
  };
  sync_wait(starter());
  return order;
}

TEST(Timers, NanosecondDeadlinesFireInDeadlineOrder) {
  event_loop loop;
  constexpr int n = 1000;
  auto base = clock_type::now() + 100ms;
  std::vector<clock_type::time_point> deadlines;
  std::vector<int> start_order;
  for (int i = 0; i < n; ++i) {
    deadlines.push_back(base + std::chrono::nanoseconds(i)); // 1 ns apart
    start_order.push_back(i);
  }
  std::shuffle(start_order.begin(), start_order.end(), std::mt19937{7});
  std::vector<int> order = wake_order(loop, deadlines, start_order);
  ASSERT_EQ(order.size(), std::size_t{n});
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(order[static_cast<std::size_t>(i)], i);
}

TEST(Timers, ManyEqualDeadlinesFireInStartOrder) {
  event_loop loop;
  constexpr int n = 1000;
  std::vector<clock_type::time_point> deadlines(n, clock_type::now() + 100ms);
  std::vector<int> start_order;
  for (int i = 0; i < n; ++i)
    start_order.push_back(i);
  std::shuffle(start_order.begin(), start_order.end(), std::mt19937{9});
  EXPECT_EQ(wake_order(loop, deadlines, start_order), start_order);
}

TEST(Timers, CancellingSomeKeepsTheOthersInOrder) {
  // Stops every third sleeper (from the loop thread, before any is due):
  // the cancelled ones leave the middle of the heap, the rest still fire in
  // deadline order, equal deadlines in start order.
  event_loop loop;
  constexpr int n = 600;
  auto base = clock_type::now() + 100ms;
  std::vector<std::stop_source> sources(n);
  std::vector<int> fired, cancelled; // loop thread only
  auto sleeper = [&](int id) -> task<> {
    try {
      co_await loop.sleep_until(
          base + std::chrono::nanoseconds(id / 2),
          sources[static_cast<std::size_t>(id)].get_token());
      fired.push_back(id);
    } catch (const operation_cancelled &) {
      cancelled.push_back(id);
    }
  };
  auto canceller = [&]() -> task<> {
    co_await loop.sleep_for(0ns); // after every sleeper is queued
    for (int id = n - 1; id >= 0; --id)
      if (id % 3 == 0)
        sources[static_cast<std::size_t>(id)].request_stop();
  };
  auto starter = [&]() -> task<> {
    co_await loop.schedule();
    std::vector<task<>> tasks;
    for (int id = 0; id < n; ++id)
      tasks.push_back(sleeper(id));
    tasks.push_back(canceller());
    co_await when_all(std::move(tasks));
  };
  sync_wait(starter());
  ASSERT_EQ(cancelled.size(), std::size_t{n / 3});
  std::vector<int> expected;
  for (int id = 0; id < n; ++id)
    if (id % 3 != 0)
      expected.push_back(id);
  EXPECT_EQ(fired, expected);
}

TEST(Timers, StopsRacingNanosecondExpiries) {
  // Every sleep completes exactly once, normally or cancelled.
  event_loop loop;
  constexpr std::size_t n = 2000;
  std::vector<std::size_t> every_other; // stopped in start order
  for (std::size_t i = 0; i < n; i += 2)
    every_other.push_back(i);
  auto ended = test::race_stops_with_expiries(loop, n, 50ns, every_other);
  EXPECT_EQ(ended.normal + ended.cancelled, static_cast<int>(n));
}

TEST(Timers, ShutdownCancelsAHeapOfTimers) {
  std::atomic<int> cancelled{0};
  async_scope scope;
  auto sleeper = [&](event_loop &loop, int i) -> task<> {
    try {
      co_await loop.sleep_for(1h + std::chrono::nanoseconds(i % 17));
    } catch (const operation_cancelled &) {
      cancelled.fetch_add(1);
    }
  };
  {
    event_loop loop;
    for (int i = 0; i < 500; ++i)
      scope.spawn(sleeper(loop, i));
    sync_wait([&]() -> task<> { co_await loop.sleep_for(1ms); }());
  }
  EXPECT_EQ(cancelled.load(), 500);
  sync_wait(scope.join());
}

} // namespace
