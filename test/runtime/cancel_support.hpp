// Helpers for the cancellation suites: starting a waiter by hand, racing two
// actions on two threads, and a stop source that another thread keeps
// stopping.
#ifndef COROGUARD_TEST_RUNTIME_CANCEL_SUPPORT_HPP
#define COROGUARD_TEST_RUNTIME_CANCEL_SUPPORT_HPP

#include "coroguard/task.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>

namespace coroguard::test {

/// Runs `t` on this thread up to its first suspension (a queued wait) and
/// returns it; the caller keeps it alive until it has finished.
template <class T> COROGUARD_DETAIL_CORO_WRAPPER task<T> start(task<T> t) {
  t.handle().resume();
  return t;
}

/// How a wait under test ended. Each waiter records exactly one.
enum class outcome { pending, done, cancelled, closed };

/// Rounds of each race() test: enough for both outcomes to occur many times.
inline constexpr int race_rounds = 2000;

/// Runs `first()` and `second()` at the same time on two threads, `rounds`
/// times. `setup(round)` runs before and `check(round)` after each round, on
/// the calling thread; a barrier orders them with the two actions. A barrier
/// alone releases its threads microseconds apart, in an order that follows
/// who arrived last, so after it both threads also meet on a spin (bounded,
/// in case one of them is not running) and then each waits a few
/// nanoseconds more, by amounts that change from round to round: both orders
/// of the two actions and their overlaps occur. On an overloaded machine a
/// round can cost scheduler time slices, so after `budget` the race stops
/// early (but not before `minimum` rounds). Returns the number of rounds run.
template <class Setup, class First, class Second, class Check>
int race(int rounds, Setup setup, First first, Second second, Check check,
         std::chrono::milliseconds budget = std::chrono::seconds(8),
         int minimum = 200) {
  std::barrier sync{3};
  std::atomic<int> round{0}, ready{0};
  bool finished = false; // written before a barrier phase, read after it
  auto run = [&](auto &action, int stride) {
    for (;;) {
      sync.arrive_and_wait();
      if (finished)
        return;
      ready.fetch_add(1);
      for (int i = 0; i < 1000 && ready.load() < 2; ++i) {
      }
      int r = round.load(std::memory_order_relaxed);
      for (int i = (r * stride) % 251; i > 0; --i)
        std::atomic_signal_fence(std::memory_order_seq_cst);
      action();
      sync.arrive_and_wait();
    }
  };
  std::thread a([&] { run(first, 7); });
  std::thread b([&] { run(second, 11); });
  auto deadline = std::chrono::steady_clock::now() + budget;
  int r = 0;
  for (; r < rounds &&
         (r < minimum || std::chrono::steady_clock::now() < deadline);
       ++r) {
    round.store(r, std::memory_order_relaxed);
    ready.store(0);
    setup(r);
    sync.arrive_and_wait(); // go
    sync.arrive_and_wait(); // both actions done
    check(r);
    if (::testing::Test::HasFatalFailure())
      break; // the state may be broken: stop racing on it
  }
  finished = true;
  sync.arrive_and_wait();
  a.join();
  b.join();
  return r;
}

/// Hands out tokens of a current stop source, which rotate() stops and
/// replaces: waits taking these tokens are cancelled at arbitrary points
/// while other threads release, send and close. Workers call rotate() now
/// and then, and a background thread calls it in a loop (yielding between
/// two, so it keeps a core busy: use it in short tests only).
class stop_rotator {
public:
  stop_rotator()
      : current_(std::make_shared<std::stop_source>()),
        thread_([this](std::stop_token done) {
          while (!done.stop_requested()) {
            std::this_thread::yield();
            rotate();
          }
        }) {}

  std::stop_token token() {
    std::lock_guard lock(mutex_);
    return current_->get_token();
  }

  /// Stops the current source (cancelled waiters resume inside this call)
  /// and puts a fresh one in its place.
  void rotate() {
    std::shared_ptr<std::stop_source> old;
    {
      std::lock_guard lock(mutex_);
      old = std::exchange(current_, std::make_shared<std::stop_source>());
    }
    old->request_stop();
    rotations_.fetch_add(1, std::memory_order_relaxed);
  }

  int rotations() const { return rotations_.load(std::memory_order_relaxed); }

private:
  std::mutex mutex_;
  std::shared_ptr<std::stop_source> current_;
  std::atomic<int> rotations_{0};
  std::jthread thread_; // last: stopped and joined first
};

} // namespace coroguard::test

#endif
