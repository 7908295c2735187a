#include "coroguard/channel.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

using namespace coroguard;

namespace {

TEST(Channel, DeliversInOrderWithBackpressure) {
  thread_pool pool{2};
  channel<int> ch{4};
  std::atomic<std::size_t> max_buffered{0};
  auto producer = [&]() -> task<> {
    co_await pool.schedule();
    for (int i = 0; i < 10'000; ++i) {
      co_await ch.send(i);
      std::size_t now = ch.size();
      std::size_t seen = max_buffered.load();
      while (now > seen && !max_buffered.compare_exchange_weak(seen, now)) {
      }
    }
    ch.close();
  };
  auto consumer = [&]() -> task<long> {
    co_await pool.schedule();
    long sum = 0;
    int expected = 0;
    while (auto v = co_await ch.receive()) {
      EXPECT_EQ(*v, expected++);
      sum += *v;
    }
    co_return sum;
  };
  auto [nothing, sum] = sync_wait(when_all(producer(), consumer()));
  (void)nothing;
  EXPECT_EQ(sum, 10'000L * 9'999 / 2);
  EXPECT_LE(max_buffered.load(), 4u);
}

TEST(Channel, ManyProducersManyConsumers) {
  thread_pool pool{2};
  channel<std::unique_ptr<int>> ch{8};
  std::atomic<long> total{0};
  auto producer = [&](int base) -> task<> {
    co_await pool.schedule();
    for (int i = 0; i < 500; ++i)
      co_await ch.send(std::make_unique<int>(base + i));
  };
  auto consumer = [&]() -> task<> {
    co_await pool.schedule();
    while (auto v = co_await ch.receive())
      total.fetch_add(**v);
  };
  auto producers = [&]() -> task<> {
    std::vector<task<>> ps;
    for (int p = 0; p < 4; ++p)
      ps.push_back(producer(p * 1000));
    co_await when_all(std::move(ps));
    ch.close();
  };
  std::vector<task<>> consumers;
  for (int c = 0; c < 3; ++c)
    consumers.push_back(consumer());
  sync_wait(when_all(producers(), when_all(std::move(consumers))));
  long expected = 0;
  for (int p = 0; p < 4; ++p)
    for (int i = 0; i < 500; ++i)
      expected += p * 1000 + i;
  EXPECT_EQ(total.load(), expected);
}

TEST(Channel, CloseMidSendFailsBlockedSenders) {
  channel<std::string> ch{1};
  int closed_senders = 0;
  auto sender = [&](std::string s) -> task<> {
    try {
      co_await ch.send(std::move(s));
    } catch (const channel_closed &) {
      ++closed_senders;
    }
  };
  auto first = sender("buffered");
  first.handle().resume(); // fills the buffer
  EXPECT_TRUE(first.is_ready());
  auto second = sender("blocked");
  second.handle().resume(); // suspended: buffer full
  EXPECT_FALSE(second.is_ready());

  ch.close();
  EXPECT_TRUE(second.is_ready());
  EXPECT_EQ(closed_senders, 1);
  // Already buffered items survive close; then the channel reports the end.
  auto drain = [&]() -> task<std::vector<std::string>> {
    std::vector<std::string> got;
    while (auto v = co_await ch.receive())
      got.push_back(*v);
    co_return got;
  };
  EXPECT_EQ(sync_wait(drain()), std::vector<std::string>{"buffered"});
  EXPECT_THROW(sync_wait(ch.send("late")), channel_closed);
}

TEST(Channel, CloseWakesWaitingReceivers) {
  channel<int> ch{2};
  int ended = 0;
  auto receiver = [&]() -> task<> {
    auto v = co_await ch.receive();
    if (!v)
      ++ended;
  };
  std::vector<task<>> rs;
  for (int i = 0; i < 3; ++i) {
    rs.push_back(receiver());
    rs.back().handle().resume();
  }
  EXPECT_EQ(ended, 0);
  ch.close();
  EXPECT_EQ(ended, 3);
}

TEST(Channel, ZeroCapacityRejected) {
  EXPECT_THROW(channel<int>{0}, std::invalid_argument);
}

} // namespace
