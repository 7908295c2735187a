// bench/compare/workloads.hpp - the side-by-side workloads, written once
// against the adapter namespace `rt` (rt_coroguard.hpp, rt_libcoro.hpp,
// rt_cppcoro.hpp), so every runtime runs the same coroutine bodies with the
// same counts. Each workload takes the number of items to process and returns
// a checksum the driver compares against the expected value, so a runtime
// that skips work is caught rather than timed. A runtime without a channel,
// semaphore or timer gives stand-ins (rt_unavailable.hpp) and the driver
// skips the workloads that need them.
#ifndef COROGUARD_BENCH_COMPARE_WORKLOADS_HPP
#define COROGUARD_BENCH_COMPARE_WORKLOADS_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace workloads {

// The one trivial body every "trivial task" workload uses.
inline rt::task<> trivial(std::uint64_t &counter) {
  ++counter;
  co_return;
}

/// sync_wait of a trivial task, `items` times.
inline std::uint64_t sync_wait_trivial(std::size_t items) {
  std::uint64_t counter = 0;
  for (std::size_t i = 0; i < items; ++i)
    rt::sync_wait(trivial(counter));
  return counter;
}

inline rt::task<> await_loop(std::size_t items, std::uint64_t &counter) {
  for (std::size_t i = 0; i < items; ++i)
    co_await trivial(counter);
}

/// One coroutine awaiting `items` trivial tasks in turn.
inline std::uint64_t await_trivial(std::size_t items) {
  std::uint64_t counter = 0;
  rt::sync_wait(await_loop(items, counter));
  return counter;
}

inline rt::task<> when_all_batch(std::size_t batch, std::uint64_t &counter) {
  std::vector<rt::task<>> tasks;
  tasks.reserve(batch);
  for (std::size_t k = 0; k < batch; ++k)
    tasks.push_back(trivial(counter));
  co_await rt::when_all(std::move(tasks));
}

/// when_all over vectors of `Batch` trivial tasks; `items` tasks in total.
template <std::size_t Batch> std::uint64_t when_all_of(std::size_t items) {
  std::uint64_t counter = 0;
  for (std::size_t done = 0; done < items; done += Batch)
    rt::sync_wait(when_all_batch(Batch, counter));
  return counter;
}

inline rt::task<> hop_and_count(rt::pool &pool,
                                std::atomic<std::uint64_t> &counter) {
  co_await pool.schedule();
  counter.fetch_add(1, std::memory_order_relaxed);
}

/// `items` tasks that each hop onto a pool of `Threads` and bump an atomic,
/// joined by one when_all.
template <unsigned Threads> std::uint64_t pool_fan_out(std::size_t items) {
  rt::pool pool{Threads};
  std::atomic<std::uint64_t> counter{0};
  std::vector<rt::task<>> tasks;
  tasks.reserve(items);
  for (std::size_t i = 0; i < items; ++i)
    tasks.push_back(hop_and_count(pool, counter));
  rt::sync_wait(rt::when_all(std::move(tasks)));
  return counter.load();
}

inline rt::task<> yielder(rt::pool &pool, std::size_t yields,
                          std::atomic<std::uint64_t> &counter) {
  for (std::size_t i = 0; i < yields; ++i) {
    co_await pool.schedule();
    counter.fetch_add(1, std::memory_order_relaxed);
  }
}

/// Two coroutines on a pool of two, each re-scheduling itself items/2 times.
inline std::uint64_t yield_two_threads(std::size_t items) {
  rt::pool pool{2};
  std::atomic<std::uint64_t> counter{0};
  std::vector<rt::task<>> tasks;
  tasks.push_back(yielder(pool, items / 2, counter));
  tasks.push_back(yielder(pool, items - items / 2, counter));
  rt::sync_wait(rt::when_all(std::move(tasks)));
  return counter.load();
}

/// No runtime involved: two plain threads bump one shared atomic counter,
/// items/2 times each - the bump yield_two_threads makes after every yield.
/// The counter's cache line moves between the two cores on every bump, so
/// this is the floor under yield_two_threads on the machine at hand, however
/// cheap the scheduling around the bump.
inline std::uint64_t floor_shared_counter(std::size_t items) {
  std::atomic<std::uint64_t> counter{0};
  auto bump = [&counter](std::size_t times) {
    for (std::size_t i = 0; i < times; ++i)
      counter.fetch_add(1, std::memory_order_relaxed);
  };
  std::thread first(bump, items / 2);
  std::thread second(bump, items - items / 2);
  first.join();
  second.join();
  return counter.load();
}

inline rt::task<> pinger(rt::channel<16> &to, rt::channel<16> &from,
                         std::size_t rounds, std::uint64_t &sum) {
  for (std::size_t i = 0; i < rounds; ++i) {
    co_await to.send(1);
    sum += co_await from.receive();
  }
}

inline rt::task<> ponger(rt::channel<16> &from, rt::channel<16> &to,
                         std::size_t rounds) {
  for (std::size_t i = 0; i < rounds; ++i)
    co_await to.send(co_await from.receive());
}

/// `items` round trips of one value between two coroutines on one thread.
inline std::uint64_t channel_ping_pong(std::size_t items) {
  rt::channel<16> ab, ba;
  std::uint64_t sum = 0;
  std::vector<rt::task<>> tasks;
  tasks.push_back(pinger(ab, ba, items, sum));
  tasks.push_back(ponger(ab, ba, items));
  rt::sync_wait(rt::when_all(std::move(tasks)));
  return sum;
}

inline rt::task<> producer(rt::channel<16> &ch, std::size_t items) {
  for (std::size_t i = 0; i < items; ++i)
    co_await ch.send(1);
}

inline rt::task<> consumer(rt::channel<16> &ch, std::size_t items,
                           std::uint64_t &sum) {
  for (std::size_t i = 0; i < items; ++i)
    sum += co_await ch.receive();
}

/// `items` values streamed through a channel of capacity 16, on one thread.
inline std::uint64_t channel_stream(std::size_t items) {
  rt::channel<16> ch;
  std::uint64_t sum = 0;
  std::vector<rt::task<>> tasks;
  tasks.push_back(consumer(ch, items, sum));
  tasks.push_back(producer(ch, items));
  rt::sync_wait(rt::when_all(std::move(tasks)));
  return sum;
}

inline rt::task<> lock_unlock(rt::mutex &m, std::size_t items,
                              std::uint64_t &counter) {
  for (std::size_t i = 0; i < items; ++i) {
    co_await m.lock();
    ++counter;
    m.unlock();
  }
}

/// One coroutine locking and unlocking a free mutex `items` times. An idle
/// pool exists meanwhile, as in any program that needs an async mutex, so no
/// runtime measures a shortcut only a single-threaded process can take.
inline std::uint64_t mutex_uncontended(std::size_t items) {
  rt::pool idle{1};
  rt::mutex m;
  std::uint64_t counter = 0;
  rt::sync_wait(lock_unlock(m, items, counter));
  return counter;
}

// Lock, count, unlock, then yield to the pool.
inline rt::task<> lock_then_yield(rt::pool &pool, rt::mutex &m,
                                  std::size_t rounds, std::uint64_t &counter) {
  co_await pool.schedule();
  for (std::size_t i = 0; i < rounds; ++i) {
    co_await m.lock();
    ++counter;
    m.unlock();
    co_await pool.schedule();
  }
}

// Lock, hop to the pool while holding the lock, count, unlock.
inline rt::task<> hold_across_hop(rt::pool &pool, rt::mutex &m,
                                  std::size_t rounds, std::uint64_t &counter) {
  co_await pool.schedule();
  for (std::size_t i = 0; i < rounds; ++i) {
    co_await m.lock();
    co_await pool.schedule();
    ++counter;
    m.unlock();
  }
}

/// Four coroutines on a pool of two sharing one mutex; `items` locks in all.
template <bool HoldAcrossHop>
std::uint64_t mutex_two_threads(std::size_t items) {
  rt::pool pool{2};
  rt::mutex m;
  std::uint64_t counter = 0; // guarded by m
  std::vector<rt::task<>> tasks;
  for (std::size_t k = 0; k < 4; ++k) {
    std::size_t rounds = items / 4 + (k < items % 4 ? 1 : 0);
    tasks.push_back(HoldAcrossHop ? hold_across_hop(pool, m, rounds, counter)
                                  : lock_then_yield(pool, m, rounds, counter));
  }
  rt::sync_wait(rt::when_all(std::move(tasks)));
  return counter;
}

inline rt::task<> throttled(rt::pool &pool, rt::semaphore &sem,
                            std::atomic<std::uint64_t> &counter) {
  co_await sem.acquire();
  co_await pool.schedule();
  counter.fetch_add(1, std::memory_order_relaxed);
  co_await sem.release();
}

/// `items` tasks, at most 8 past the semaphore at once, each hopping onto a
/// pool of `Threads`; joined by one when_all.
template <unsigned Threads> std::uint64_t semaphore_fan_out(std::size_t items) {
  rt::pool pool{Threads};
  rt::semaphore sem{8};
  std::atomic<std::uint64_t> counter{0};
  std::vector<rt::task<>> tasks;
  tasks.reserve(items);
  for (std::size_t i = 0; i < items; ++i)
    tasks.push_back(throttled(pool, sem, counter));
  rt::sync_wait(rt::when_all(std::move(tasks)));
  return counter.load();
}

inline rt::task<> sleeper(rt::timers &timers,
                          std::atomic<std::uint64_t> &counter) {
  co_await timers.sleep(std::chrono::milliseconds(1));
  counter.fetch_add(1, std::memory_order_relaxed);
}

/// Batches of 1,000 concurrent 1 ms sleeps; `items` batches. The time per
/// item is the wall time of one batch.
inline std::uint64_t sleeps_1000(std::size_t items) {
  rt::timers timers;
  std::atomic<std::uint64_t> counter{0};
  for (std::size_t batch = 0; batch < items; ++batch) {
    std::vector<rt::task<>> tasks;
    tasks.reserve(1000);
    for (int k = 0; k < 1000; ++k)
      tasks.push_back(sleeper(timers, counter));
    rt::sync_wait(rt::when_all(std::move(tasks)));
  }
  return counter.load() / 1000;
}

} // namespace workloads

#endif // COROGUARD_BENCH_COMPARE_WORKLOADS_HPP
