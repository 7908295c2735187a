// The per-thread coroutine frame cache (detail/frame_cache.hpp): reuse,
// the caps, cross-thread frees, threads exiting while holding cached blocks,
// frees after the thread's cache is gone. Leaks are LeakSanitizer's to find
// (asan_ubsan build), races ThreadSanitizer's (tsan build).
#include "coroguard/detail/frame_cache.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

using namespace coroguard;
using detail::frame_cache_cached_bytes;

namespace {

// Under ASan the cache is off by default; these tests are about the cache, so
// they turn it on before any frame is freed (LSan then checks its thread-exit
// path). A no-op in other builds.
const bool cache_on = (detail::set_frame_cache_under_asan(true), true);

task<int> small(int v) { co_return v; }

// A frame with a big local that lives across a suspension: it stays in the
// frame, so the frame is bigger than anything the cache keeps.
task<int> big(int v) {
  std::array<char, 2 * detail::frame_cache_max_size> buffer{};
  buffer[static_cast<std::size_t>(v) % buffer.size()] = static_cast<char>(v);
  co_await small(0);
  co_return buffer[static_cast<std::size_t>(v) % buffer.size()];
}

// Frames of a few different sizes (different size classes).
task<int> medium(int v) {
  std::array<int, 40> a{};
  a[static_cast<std::size_t>(v) % a.size()] = v;
  co_await small(0);
  co_return a[static_cast<std::size_t>(v) % a.size()];
}

task<int> mixed(int v) { co_return co_await small(v) + co_await medium(v) - v; }

TEST(FrameCache, ReusesFreedFramesOnTheSameThread) {
  ASSERT_TRUE(cache_on);
  {
    auto t = small(1);
    EXPECT_EQ(sync_wait(t), 1);
  } // its frame is now cached
  const std::size_t cached = frame_cache_cached_bytes();
  ASSERT_GT(cached, 0u);
  auto t = small(2); // takes that block back
  EXPECT_LT(frame_cache_cached_bytes(), cached);
  EXPECT_EQ(sync_wait(std::move(t)), 2);
}

TEST(FrameCache, BigFramesBypassTheCache) {
  EXPECT_EQ(sync_wait(big(3)), 3); // warm the small classes it uses
  const std::size_t before = frame_cache_cached_bytes();
  EXPECT_EQ(sync_wait(big(5)), 5);
  EXPECT_EQ(frame_cache_cached_bytes(), before);
}

TEST(FrameCache, FreeingManyFramesStaysWithinTheCaps) {
  for (int round = 0; round < 3; ++round) {
    std::vector<task<int>> tasks;
    for (int i = 0; i < 50'000; ++i)
      tasks.push_back(i % 2 ? small(i) : medium(i));
    for (auto &t : tasks)
      sync_wait(t);
    tasks.clear(); // 50,000 frames freed on this thread
    EXPECT_LE(frame_cache_cached_bytes(), detail::frame_cache_thread_limit);
    EXPECT_LE(frame_cache_cached_bytes(),
              2 * detail::frame_cache_class_limit); // two size classes
    EXPECT_GT(frame_cache_cached_bytes(), 0u);
  }
}

// Frames created on one thread and destroyed on another join the destroying
// thread's cache; both threads then exit holding cached blocks.
TEST(FrameCache, FramesFreedOnAnotherThreadAndThreadsExiting) {
  std::vector<task<int>> tasks;
  std::thread maker([&] {
    for (int i = 0; i < 2000; ++i)
      tasks.push_back(mixed(i));
    std::vector<task<int>> warm;
    for (int i = 0; i < 100; ++i)
      warm.push_back(small(i));
    for (auto &t : warm)
      sync_wait(t);
  }); // exits with ~100 cached frames
  maker.join();
  std::size_t held_by_consumer = 0;
  std::thread consumer([&] {
    long sum = 0;
    for (auto &t : tasks)
      sum += sync_wait(t);
    EXPECT_EQ(sum, 1999L * 2000 / 2);
    tasks.clear();
    held_by_consumer = frame_cache_cached_bytes();
  });
  consumer.join();
  EXPECT_GT(held_by_consumer, 0u);
}

// Many threads hand frames to each other through a shared pile while they
// create, run and destroy their own; every thread exits holding cached
// blocks. Under LSan nothing may leak; under TSan nothing may race.
TEST(FrameCache, ManyThreadsExchangingFrames) {
  constexpr int threads = 6;
  constexpr int rounds = 300;
  std::mutex pile_mutex;
  std::vector<task<int>> pile;
  std::atomic<long> total{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w)
    workers.emplace_back([&, w] {
      long sum = 0;
      for (int r = 0; r < rounds; ++r) {
        std::vector<task<int>> mine;
        for (int i = 0; i < 8; ++i)
          mine.push_back(mixed(w + r + i));
        for (auto &t : mine)
          sum += sync_wait(t);
        std::vector<task<int>> taken;
        {
          std::lock_guard lock(pile_mutex);
          taken.swap(pile);
          for (auto &t : mine)
            pile.push_back(std::move(t)); // completed; someone else frees it
        }
        taken.clear(); // frees frames made by other threads
      }
      total.fetch_add(sum);
    });
  for (auto &t : workers)
    t.join();
  pile.clear();
  long expected = 0;
  for (int w = 0; w < threads; ++w)
    for (int r = 0; r < rounds; ++r)
      for (int i = 0; i < 8; ++i)
        expected += w + r + i;
  EXPECT_EQ(total.load(), expected);
}

// Pool workers free frames (the tasks' continuations run there) and exit
// holding cached blocks when the pool goes.
TEST(FrameCache, PoolThreadsExitHoldingFrames) {
  for (int round = 0; round < 5; ++round) {
    thread_pool pool{2};
    auto child = [&](int i) -> task<int> {
      co_await pool.schedule();
      co_return co_await mixed(i); // frames made and freed on a worker
    };
    std::vector<task<int>> tasks;
    for (int i = 0; i < 500; ++i)
      tasks.push_back(child(i));
    auto results = sync_wait(when_all(std::move(tasks)));
    ASSERT_EQ(results.size(), 500u);
    EXPECT_EQ(results[499], 499);
  }
}

// A thread_local constructed before the cache's thread-exit hook is
// destroyed after it: frames it frees or allocates then must bypass the dead
// cache (and still be returned: LSan checks).
struct late_owner {
  task<int> held;
  std::atomic<std::size_t> *cached_after;
  ~late_owner() {
    held = {};                   // frees a frame after the cache is gone
    int v = sync_wait(small(7)); // allocates and frees one more
    cached_after->store(frame_cache_cached_bytes() + (v == 7 ? 0 : 1000));
  }
};

TEST(FrameCache, FramesFreedAfterTheThreadCacheIsGone) {
  std::atomic<std::size_t> cached_after{12345};
  std::thread t([&] {
    thread_local late_owner owner; // constructed before the cache is used
    owner.cached_after = &cached_after;
    owner.held = small(1);
    sync_wait(owner.held);
    for (int i = 0; i < 100; ++i)
      sync_wait(small(i)); // the cache is live and holds blocks
    EXPECT_GT(frame_cache_cached_bytes(), 0u);
  });
  t.join();
  EXPECT_EQ(cached_after.load(), 0u);
}

} // namespace
