// Shared by the event loop and timer suites: sleeps whose stop tokens are
// stopped from another thread while they expire.
#ifndef COROGUARD_TEST_RUNTIME_SLEEP_RACE_HPP
#define COROGUARD_TEST_RUNTIME_SLEEP_RACE_HPP

#include "coroguard/event_loop.hpp"
#include "coroguard/operation_cancelled.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/when_all.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <stop_token>
#include <thread>
#include <vector>

namespace coroguard::test {

struct sleep_endings {
  int normal = 0;
  int cancelled = 0;
};

/// Starts `sleeps` sleeps on `loop`, sleep i due `i * step` from now,
/// each with its own stop source, while another thread requests stop on
/// the sources in the order `stop_order` lists. Returns how the sleeps
/// ended; each must end exactly once, normally or cancelled.
inline sleep_endings
race_stops_with_expiries(event_loop &loop, std::size_t sleeps,
                         std::chrono::nanoseconds step,
                         const std::vector<std::size_t> &stop_order) {
  std::vector<std::stop_source> sources(sleeps);
  std::atomic<int> normal{0}, cancelled{0};
  auto sleeper = [&](std::size_t i) -> task<> {
    try {
      co_await loop.sleep_for(step * static_cast<long>(i),
                              sources[i].get_token());
      normal.fetch_add(1);
    } catch (const operation_cancelled &) {
      cancelled.fetch_add(1);
    }
  };
  std::vector<task<>> tasks;
  for (std::size_t i = 0; i < sleeps; ++i)
    tasks.push_back(sleeper(i));
  std::thread stopper([&] {
    for (std::size_t i : stop_order)
      sources[i].request_stop();
  });
  sync_wait(when_all(std::move(tasks)));
  stopper.join();
  return {normal.load(), cancelled.load()};
}

} // namespace coroguard::test

#endif
