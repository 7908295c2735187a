// Cancelling channel sends and receives with a std::stop_token.
#include "cancel_support.hpp"

#include "coroguard/channel.hpp"
#include "coroguard/operation_cancelled.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <optional>
#include <stop_token>
#include <vector>

using namespace coroguard;
using coroguard::test::outcome;
using coroguard::test::start;

namespace {

task<> send_into(channel<int> &ch, int value, std::stop_token st,
                 outcome &out) {
  try {
    co_await ch.send(value, std::move(st));
    out = outcome::done;
  } catch (const operation_cancelled &) {
    out = outcome::cancelled;
  } catch (const channel_closed &) {
    out = outcome::closed;
  }
}

/// Receives one item into `got`; `out` is closed for the end of the channel.
task<> receive_into(channel<int> &ch, std::stop_token st, outcome &out,
                    std::optional<int> &got) {
  try {
    got = co_await ch.receive(std::move(st));
    out = got ? outcome::done : outcome::closed;
  } catch (const operation_cancelled &) {
    out = outcome::cancelled;
  }
}

std::vector<int> drain(channel<int> &ch) {
  ch.close();
  std::vector<int> items;
  while (auto v = sync_wait(ch.receive()))
    items.push_back(*v);
  return items;
}

TEST(ChannelCancel, QueuedReceiverLeavesAndTheValueGoesToTheNext) {
  channel<int> ch{2};
  std::stop_source stop;
  outcome first = outcome::pending, second = outcome::pending;
  std::optional<int> got_first, got_second;
  auto a = start(receive_into(ch, stop.get_token(), first, got_first));
  auto b = start(receive_into(ch, {}, second, got_second));
  stop.request_stop();
  EXPECT_EQ(first, outcome::cancelled);
  sync_wait(ch.send(7));
  EXPECT_EQ(second, outcome::done);
  EXPECT_EQ(got_second, 7);
  EXPECT_FALSE(got_first.has_value());
  EXPECT_EQ(ch.size(), 0u);
}

TEST(ChannelCancel, QueuedSenderLeavesAndItsValueIsNeverDelivered) {
  channel<int> ch{1};
  sync_wait(ch.send(1)); // full
  std::stop_source stop;
  outcome first = outcome::pending, second = outcome::pending;
  auto a = start(send_into(ch, 2, stop.get_token(), first));
  auto b = start(send_into(ch, 3, {}, second));
  stop.request_stop();
  EXPECT_EQ(first, outcome::cancelled);
  EXPECT_EQ(second, outcome::pending);
  EXPECT_EQ(sync_wait(ch.receive()), 1); // admits 3, not the cancelled 2
  EXPECT_EQ(second, outcome::done);
  EXPECT_EQ(drain(ch), std::vector<int>{3});
}

TEST(ChannelCancel, AlreadyStoppedTokenCancelsWithoutTouchingTheBuffer) {
  channel<int> ch{2};
  sync_wait(ch.send(1));
  std::stop_source stop;
  stop.request_stop();
  // Room to send and an item to receive, but the token is checked first.
  EXPECT_THROW(sync_wait(ch.send(2, stop.get_token())), operation_cancelled);
  EXPECT_THROW(sync_wait(ch.receive(stop.get_token())), operation_cancelled);
  EXPECT_EQ(ch.size(), 1u);
  EXPECT_EQ(drain(ch), std::vector<int>{1});
  // Also after close: cancelled, not channel_closed or nullopt.
  EXPECT_THROW(sync_wait(ch.send(3, stop.get_token())), operation_cancelled);
  EXPECT_THROW(sync_wait(ch.receive(stop.get_token())), operation_cancelled);
}

TEST(ChannelCancel, StopAfterCompletionHasNoEffect) {
  channel<int> ch{1};
  std::stop_source stop;
  outcome sent = outcome::pending, received = outcome::pending;
  std::optional<int> got;
  // Receiver queued with a callback, then handed a value; stop comes later.
  auto r = start(receive_into(ch, stop.get_token(), received, got));
  sync_wait(ch.send(5, stop.get_token()));
  EXPECT_EQ(received, outcome::done);
  EXPECT_EQ(got, 5);
  sync_wait(ch.send(6)); // full again
  auto s = start(send_into(ch, 7, stop.get_token(), sent));
  EXPECT_EQ(sync_wait(ch.receive()), 6); // admits 7
  EXPECT_EQ(sent, outcome::done);
  stop.request_stop();
  EXPECT_EQ(sent, outcome::done);
  EXPECT_EQ(received, outcome::done);
  EXPECT_EQ(drain(ch), std::vector<int>{7});
}

TEST(ChannelCancel, StopBetweenHandOffAndResumptionIsIgnored) {
  channel<int> gate{1}, ch{1};
  std::stop_source stop;
  outcome out = outcome::pending;
  std::optional<int> got;
  auto receiver = start(receive_into(ch, stop.get_token(), out, got));
  auto sender = [&]() -> task<> {
    co_await gate.receive();
    co_await ch.send(9); // handed to `receiver`, resumed after we return
    stop.request_stop();
    EXPECT_EQ(out, outcome::pending);
  };
  auto s = start(sender());
  sync_wait(gate.send(0));
  EXPECT_EQ(out, outcome::done);
  EXPECT_EQ(got, 9);
  EXPECT_EQ(ch.size(), 0u);
}

TEST(ChannelCancel, CancelledWaitersAreNotWokenByClose) {
  channel<int> ch{1};
  std::stop_source stop;
  outcome r = outcome::pending;
  std::optional<int> got;
  auto a = start(receive_into(ch, stop.get_token(), r, got));
  stop.request_stop();
  ch.close();
  EXPECT_EQ(r, outcome::cancelled);
  EXPECT_FALSE(got.has_value());
}

TEST(ChannelCancel, StressCancelRacingSend) {
  // Two queued receivers, the first cancellable; a send races the stop. The
  // value reaches exactly one receiver.
  struct round_state {
    channel<int> ch{1};
    std::stop_source stop;
    outcome first = outcome::pending, second = outcome::pending;
    std::optional<int> got_first, got_second;
    task<> a, b;
  };
  std::optional<round_state> s;
  int cancelled = 0;
  int rounds = test::race(
      test::race_rounds,
      [&](int) {
        s.emplace();
        s->a = start(
            receive_into(s->ch, s->stop.get_token(), s->first, s->got_first));
        s->b = start(receive_into(s->ch, {}, s->second, s->got_second));
      },
      [&] { sync_wait(s->ch.send(42)); }, [&] { s->stop.request_stop(); },
      [&](int) {
        ASSERT_TRUE(s->a.is_ready());
        ASSERT_EQ(s->ch.size(), 0u);
        if (s->first == outcome::cancelled) {
          ++cancelled;
          ASSERT_EQ(s->second, outcome::done);
          ASSERT_EQ(s->got_second, 42);
        } else {
          ASSERT_EQ(s->first, outcome::done);
          ASSERT_EQ(s->got_first, 42);
          ASSERT_EQ(s->second, outcome::pending);
        }
        s->ch.close(); // ends b if it still waits
        ASSERT_TRUE(s->b.is_ready());
      });
  std::printf("cancel won %d of %d rounds\n", cancelled, rounds);
}

TEST(ChannelCancel, StressCancelRacingReceive) {
  // Full channel, two queued senders, the first cancellable; a receive
  // (which admits the head sender's value) races the stop. Every value whose
  // send completed is delivered once; the cancelled one never.
  struct round_state {
    channel<int> ch{1};
    std::stop_source stop;
    outcome first = outcome::pending, second = outcome::pending;
    std::optional<int> received;
    task<> a, b;
  };
  std::optional<round_state> s;
  int cancelled = 0;
  int rounds = test::race(
      test::race_rounds,
      [&](int) {
        s.emplace();
        sync_wait(s->ch.send(1));
        s->a = start(send_into(s->ch, 2, s->stop.get_token(), s->first));
        s->b = start(send_into(s->ch, 3, {}, s->second));
      },
      [&] { s->received = sync_wait(s->ch.receive()); },
      [&] { s->stop.request_stop(); },
      [&](int) {
        ASSERT_EQ(s->received, 1);
        ASSERT_TRUE(s->a.is_ready());
        std::vector<int> rest = drain(s->ch); // fails b if it still waits
        if (s->first == outcome::cancelled) {
          ++cancelled;
          ASSERT_EQ(s->second, outcome::done);
          ASSERT_EQ(rest, std::vector<int>{3});
        } else {
          ASSERT_EQ(s->first, outcome::done);
          ASSERT_EQ(s->second, outcome::closed);
          ASSERT_EQ(rest, std::vector<int>{2});
        }
      });
  std::printf("cancel won %d of %d rounds\n", cancelled, rounds);
}

TEST(ChannelCancel, StressCancelRacingClose) {
  // A queued receiver and a queued sender (on two channels), both
  // cancellable by one stop, race close(): each ends exactly once, either
  // cancelled or with the channel's end.
  struct round_state {
    channel<int> empty{1}, full{1};
    std::stop_source stop;
    outcome receiver = outcome::pending, sender = outcome::pending;
    std::optional<int> got;
    task<> r, s;
  };
  std::optional<round_state> s;
  int cancelled = 0;
  int rounds = test::race(
      test::race_rounds,
      [&](int) {
        s.emplace();
        sync_wait(s->full.send(1));
        s->r = start(
            receive_into(s->empty, s->stop.get_token(), s->receiver, s->got));
        s->s = start(send_into(s->full, 2, s->stop.get_token(), s->sender));
      },
      [&] {
        s->empty.close();
        s->full.close();
      },
      [&] { s->stop.request_stop(); },
      [&](int) {
        ASSERT_TRUE(s->r.is_ready());
        ASSERT_TRUE(s->s.is_ready());
        ASSERT_TRUE(s->receiver == outcome::cancelled ||
                    s->receiver == outcome::closed);
        ASSERT_TRUE(s->sender == outcome::cancelled ||
                    s->sender == outcome::closed);
        ASSERT_FALSE(s->got.has_value());
        ASSERT_EQ(drain(s->full), std::vector<int>{1}); // 2 never went in
        cancelled += (s->receiver == outcome::cancelled) +
                     (s->sender == outcome::cancelled);
      });
  std::printf("cancel won %d of %d waits\n", cancelled, 2 * rounds);
}

/// Producers and consumers on a pool, every wait taking a token that the
/// others keep stopping. The slow side's pauses keep the other side's waits
/// queued, so those are the ones cancellation usually hits. Checks that every
/// message whose send completed is received exactly once, and no other.
void churn(bool slow_producers) {
  constexpr int producers = 4, consumers = 3, per_producer = 1000;
  thread_pool pool{2};
  channel<std::unique_ptr<int>> ch{4};
  test::stop_rotator rotator;
  auto pause = [&](bool slow) -> task<> {
    for (int i = slow ? 3 : 0; i > 0; --i)
      co_await pool.schedule();
  };
  // Producer p sends p, p + producers, p + 2 * producers, ...
  std::vector<std::atomic<int>> sent(producers * per_producer),
      received(producers * per_producer);
  std::atomic<int> cancelled_sends{0}, cancelled_receives{0};
  auto producer = [&](int p) -> task<> {
    for (int k = 0; k < per_producer; ++k) {
      co_await pool.schedule(); // a cancelled wait resumes where stop was asked
      co_await pause(slow_producers);
      if (k % 8 == 0)
        rotator.rotate(); // cancels some of the queued waiters
      int id = p + k * producers;
      try {
        co_await ch.send(std::make_unique<int>(id), rotator.token());
        sent[id].fetch_add(1);
      } catch (const operation_cancelled &) {
        cancelled_sends.fetch_add(1); // this message is not in the channel
      }
    }
  };
  auto consumer = [&]() -> task<> {
    for (int k = 0;; ++k) {
      co_await pool.schedule();
      co_await pause(!slow_producers);
      if (k % 8 == 0)
        rotator.rotate();
      try {
        std::optional<std::unique_ptr<int>> v =
            co_await ch.receive(rotator.token());
        if (!v)
          co_return;
        received[**v].fetch_add(1);
      } catch (const operation_cancelled &) {
        cancelled_receives.fetch_add(1); // took nothing: try again
      }
    }
  };
  auto produce_then_close = [&]() -> task<> {
    std::vector<task<>> ps;
    for (int p = 0; p < producers; ++p)
      ps.push_back(producer(p));
    co_await when_all(std::move(ps));
    ch.close();
  };
  std::vector<task<>> cs;
  for (int c = 0; c < consumers; ++c)
    cs.push_back(consumer());
  sync_wait(when_all(produce_then_close(), when_all(std::move(cs))));
  int delivered = 0;
  for (int i = 0; i < producers * per_producer; ++i) {
    ASSERT_EQ(received[i].load(), sent[i].load()) << "message " << i;
    ASSERT_LE(sent[i].load(), 1);
    delivered += received[i].load();
  }
  EXPECT_EQ(ch.size(), 0u);
  // Which side the stops hit most depends on scheduling; that some hit is
  // certain (every eighth step of every worker stops a source in use).
  EXPECT_GT(cancelled_sends.load() + cancelled_receives.load(), 0);
  std::printf("%d delivered exactly once, %d sends and %d receives "
              "cancelled, %d stop requests\n",
              delivered, cancelled_sends.load(), cancelled_receives.load(),
              rotator.rotations());
}

TEST(ChannelCancel, StressEveryMessageOnceWhileReceivesAreCancelled) {
  churn(/*slow_producers=*/true);
}

TEST(ChannelCancel, StressEveryMessageOnceWhileSendsAreCancelled) {
  churn(/*slow_producers=*/false);
}

} // namespace
