// coroguard/parallel_for_each.hpp - run an async body for every element of a
// range, with at most `max_concurrency` bodies in flight.
//
//   co_await parallel_for_each(urls, [&](const url &u) -> task<> {
//     co_await fetch(u);
//   }, 8);
//
// Implemented as `max_concurrency` lanes, each taking the next element from a
// shared cursor when its previous body finishes; only the lanes' frames exist
// at any time, never one frame per element. Elements are started in range
// order. If a body throws, no further elements are started, the bodies in
// flight finish, and then the failure is rethrown (if several bodies fail,
// the one from the lowest-numbered lane).
//
// Annotated COROGUARD_PARALLEL_LOOP(max_concurrency): the checks read the
// limit from the parameter of that name.
#ifndef COROGUARD_PARALLEL_FOR_EACH_HPP
#define COROGUARD_PARALLEL_FOR_EACH_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/task.hpp"
#include "coroguard/when_all.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <iterator>
#include <mutex>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <vector>

namespace coroguard {
namespace detail {

template <class Range, class Body> struct for_each_state {
  using iterator = std::ranges::iterator_t<Range>;

  Range &range;
  Body &body;
  std::mutex mutex;
  iterator next;
  bool failed = false;

  for_each_state(Range &r, Body &b)
      : range(r), body(b), next(std::ranges::begin(r)) {}

  /// Claims the next element, or nothing when done or after a failure.
  std::optional<iterator> claim() {
    std::lock_guard lock(mutex);
    if (failed || next == std::ranges::end(range))
      return std::nullopt;
    return next++;
  }

  void fail() {
    std::lock_guard lock(mutex);
    failed = true;
  }
};

template <class State> task<void> for_each_lane(State &state) {
  while (auto it = state.claim()) {
    try {
      co_await state.body(**it);
    } catch (...) {
      state.fail();
      throw;
    }
  }
}

} // namespace detail

/// Awaits `body(element)` for each element of `range`, never more than
/// `max_concurrency` at a time (max_concurrency must be >= 1). `range` and
/// `body` are referenced, not copied: keep them alive until the returned task
/// completes (co_await it directly).
template <std::ranges::forward_range Range, class Body>
requires detail::awaitable<decltype(std::declval<Body &>()(
    std::declval<std::ranges::range_reference_t<Range>>()))>
COROGUARD_PARALLEL_LOOP(max_concurrency)
task<void> parallel_for_each(Range &&range, Body body,
                             std::size_t max_concurrency) {
  if (max_concurrency == 0)
    throw std::invalid_argument(
        "coroguard::parallel_for_each: max_concurrency must be at least 1");
  detail::for_each_state<std::remove_reference_t<Range>, Body> state{range,
                                                                     body};
  std::size_t lanes = max_concurrency;
  if constexpr (std::ranges::sized_range<Range>)
    lanes = std::min<std::size_t>(lanes, std::ranges::size(range));
  std::vector<task<void>> workers;
  workers.reserve(lanes);
  for (std::size_t i = 0; i < lanes; ++i)
    workers.push_back(detail::for_each_lane(state));
  // At most max_concurrency lanes: this is the bound.
  co_await when_all(std::move(workers));
}

} // namespace coroguard

#endif // COROGUARD_PARALLEL_FOR_EACH_HPP
