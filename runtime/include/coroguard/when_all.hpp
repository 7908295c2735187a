// coroguard/when_all.hpp - start several tasks, resume when all have finished.
//
//   auto [a, b] = co_await when_all(fetch_a(), fetch_b());   // tuple
//   std::vector<int> all = co_await when_all(std::move(tasks)); // range
//   co_await when_all_bounded(std::move(tasks), 8);  // <= 8 in flight
//
// Results:
//   * when_all(a, b, ...) yields std::tuple<R...>; a void result is stored as
//     coroguard::void_result (an empty struct) to keep positions stable.
//   * when_all(range) / when_all_bounded(range, n) yield std::vector<R>, or
//     void when the elements are task<void> (there is nothing to collect).
// Every task runs to completion even when one fails; afterwards the exception
// of the failed task with the lowest position is rethrown.
//
// All three are COROGUARD_CONSUMES: the tasks are moved into the returned
// task, which owns them from then on.
//
// Children are started inline by the awaiting thread and report completion
// through a shared latch; the last child to finish transfers control
// symmetrically to the awaiter. No per-child wrapper coroutine is allocated.
// A child that finishes on another thread does one atomic decrement; children
// that finish inline, while the awaiting thread is still starting them, are
// counted with a plain counter and subtracted in one atomic operation at the
// end of the starting loop.
#ifndef COROGUARD_WHEN_ALL_HPP
#define COROGUARD_WHEN_ALL_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/awaitable_traits.hpp"
#include "coroguard/task.hpp"

#include <atomic>
#include <cstddef>
#include <exception>
#include <iterator>
#include <ranges>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace coroguard {

/// Stands in for the result of a void task inside when_all's tuple.
struct void_result {
  friend bool operator==(void_result, void_result) noexcept { return true; }
};

namespace detail {

/// Counts outstanding children; the count starts one higher than the number
/// of children so the awaiter, which holds the extra reference while it
/// starts them, cannot be resumed before it has finished starting them.
struct when_all_latch : completion_hook {
  explicit when_all_latch(std::size_t children) noexcept
      : completion_hook{&arrive}, remaining(children + 1) {}

  static std::coroutine_handle<> arrive(completion_hook *self) noexcept {
    auto *latch = static_cast<when_all_latch *>(self);
    if (hook_starting_here == self) {
      // Inside the starting loop, on the starter's thread: the starter's own
      // reference keeps `remaining` above zero, so this cannot be the last.
      ++latch->finished_inline;
      return std::noop_coroutine();
    }
    if (latch->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1)
      return latch->awaiter;
    return std::noop_coroutine();
  }

  /// Called by the starter after its loop: drops its own reference and those
  /// of the children that finished inline. True if the awaiter must suspend
  /// (some child is still running elsewhere).
  bool finish_starting() noexcept {
    const std::size_t drop = finished_inline + 1;
    return remaining.fetch_sub(drop, std::memory_order_acq_rel) != drop;
  }

  std::atomic<std::size_t> remaining;
  std::size_t finished_inline = 0; // only touched by the starting thread
  std::coroutine_handle<> awaiter;
};

template <class T>
void start_child(task<T> &child, completion_hook *hook) noexcept {
  auto h = child.handle();
  h.promise().set_completion_hook(hook);
  h.resume();
}

/// Awaiter that starts every child (`start_all(hook)`) and resumes when all
/// have completed.
template <class StartAll> struct when_all_ready {
  StartAll start_all;
  when_all_latch latch;

  when_all_ready(StartAll s, std::size_t n) : start_all(s), latch(n) {}

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
    latch.awaiter = awaiting;
    {
      starting_scope inline_start{&latch};
      start_all(&latch);
    }
    // If every child already finished, resume the awaiter immediately
    // instead of suspending.
    return latch.finish_starting();
  }
  void await_resume() const noexcept {}
};

template <class T> void require_valid(const task<T> &t) {
  if (!t.valid())
    throw std::invalid_argument("coroguard::when_all: empty task");
}

template <class T> auto take_for_tuple(task<T> &t) {
  if constexpr (std::is_void_v<T>) {
    t.handle().promise().take_result();
    return void_result{};
  } else {
    return t.handle().promise().take_result();
  }
}

template <class T> void rethrow_first_failure(std::vector<task<T>> &tasks) {
  for (auto &t : tasks)
    t.handle().promise().result_ref(); // throws the stored exception, if any
}

template <class T>
using when_all_vector_result =
    std::conditional_t<std::is_void_v<T>, void,
                       std::vector<std::remove_cvref_t<T>>>;

/// One pass over the tasks (for large ranges every pass is a round of cache
/// misses): take_result rethrows a stored exception, so going in range order
/// rethrows the failure with the lowest position; values taken before it are
/// simply dropped with `results`.
template <class T>
when_all_vector_result<T> collect_results(std::vector<task<T>> &tasks) {
  if constexpr (std::is_void_v<T>) {
    rethrow_first_failure(tasks);
  } else {
    std::vector<std::remove_cvref_t<T>> results;
    results.reserve(tasks.size());
    for (auto &t : tasks)
      results.push_back(t.handle().promise().take_result());
    return results;
  }
}

template <class T> struct as_task {
  using type = task<T>;
};

template <class R>
using range_task_t = std::remove_cvref_t<std::ranges::range_value_t<R>>;

template <class R>
concept task_range = std::ranges::input_range<R> && is_task_v<range_task_t<R>>;

template <task_range R> auto to_task_vector(R &&range) {
  using task_type = range_task_t<R>;
  if constexpr (std::is_same_v<std::remove_cvref_t<R>,
                               std::vector<task_type>> &&
                std::is_rvalue_reference_v<R &&>) {
    return std::vector<task_type>(std::move(range));
  } else {
    std::vector<task_type> tasks;
    if constexpr (std::ranges::sized_range<R>)
      tasks.reserve(std::ranges::size(range));
    for (auto &&t : range)
      tasks.push_back(std::move(t));
    return tasks;
  }
}

template <class T>
task<when_all_vector_result<T>> when_all_of(std::vector<task<T>> tasks) {
  for (auto &t : tasks)
    require_valid(t);
  auto start_all = [&tasks](completion_hook *hook) noexcept {
    for (auto &t : tasks)
      start_child(t, hook);
  };
  co_await when_all_ready<decltype(start_all)>{start_all, tasks.size()};
  co_return collect_results(tasks);
}

template <class... Ts>
task<std::tuple<std::conditional_t<std::is_void_v<Ts>, void_result,
                                   std::remove_cvref_t<Ts>>...>>
when_all_of_tasks(task<Ts>... tasks) {
  (require_valid(tasks), ...);
  auto start_all = [&](completion_hook *hook) noexcept {
    (start_child(tasks, hook), ...); // in argument order
  };
  co_await when_all_ready<decltype(start_all)>{start_all, sizeof...(Ts)};
  (tasks.handle().promise().result_ref(), ...); // lowest position first
  co_return std::tuple<std::conditional_t<std::is_void_v<Ts>, void_result,
                                          std::remove_cvref_t<Ts>>...>{
      take_for_tuple(tasks)...};
}

template <class A> COROGUARD_DETAIL_CORO_WRAPPER auto into_task(A &&awaitable) {
  if constexpr (is_task_v<std::remove_cvref_t<A>>) {
    static_assert(!std::is_lvalue_reference_v<A>,
                  "pass tasks to when_all with std::move");
    return std::move(awaitable);
  } else if constexpr (std::is_lvalue_reference_v<A>) {
    return make_task_from_ref(awaitable);
  } else {
    return make_task_from(std::move(awaitable));
  }
}

/// Starts children from a shared cursor so that at most `limit` run at once:
/// each finishing child claims the next unstarted one and transfers control
/// to it directly (no stack growth, no extra thread hop).
template <class T> struct bounded_latch : completion_hook {
  explicit bounded_latch(std::vector<task<T>> &c) noexcept
      : completion_hook{&arrive}, children(c), remaining(c.size() + 1) {}

  static std::coroutine_handle<> arrive(completion_hook *self) noexcept {
    auto *latch = static_cast<bounded_latch *>(self);
    // Inline (inside the starting loop on the starter's thread) the count is
    // kept in a plain counter; the starter's reference keeps `remaining`
    // above zero meanwhile.
    const bool inline_here = hook_starting_here == self;
    std::size_t next = latch->cursor.fetch_add(1, std::memory_order_relaxed);
    if (next < latch->children.size()) {
      // Read everything we need before dropping our count: once it is gone,
      // the awaiter may resume and free the latch. The child we are about to
      // start keeps `remaining` above zero, so this is never the last arrival.
      auto child = latch->children[next].handle();
      child.promise().set_completion_hook(latch);
      if (inline_here)
        ++latch->finished_inline;
      else
        latch->remaining.fetch_sub(1, std::memory_order_acq_rel);
      return child;
    }
    if (inline_here) {
      ++latch->finished_inline;
      return std::noop_coroutine();
    }
    if (latch->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1)
      return latch->awaiter;
    return std::noop_coroutine();
  }

  std::vector<task<T>> &children;
  std::atomic<std::size_t> cursor{0};
  std::atomic<std::size_t> remaining;
  std::size_t finished_inline = 0; // only touched by the starting thread
  std::coroutine_handle<> awaiter;
};

template <class T> struct when_all_bounded_ready {
  bounded_latch<T> latch;
  std::size_t limit;

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
    latch.awaiter = awaiting;
    {
      starting_scope inline_start{&latch};
      for (std::size_t slot = 0; slot < limit; ++slot) {
        std::size_t next = latch.cursor.fetch_add(1, std::memory_order_relaxed);
        if (next >= latch.children.size())
          break;
        start_child(latch.children[next], &latch);
      }
    }
    const std::size_t drop = latch.finished_inline + 1;
    return latch.remaining.fetch_sub(drop, std::memory_order_acq_rel) != drop;
  }
  void await_resume() const noexcept {}
};

template <class T>
task<when_all_vector_result<T>> when_all_bounded_of(std::vector<task<T>> tasks,
                                                    std::size_t limit) {
  for (auto &t : tasks)
    require_valid(t);
  co_await when_all_bounded_ready<T>{bounded_latch<T>{tasks}, limit};
  co_return collect_results(tasks);
}

} // namespace detail

/// Awaits every argument concurrently; yields a tuple of their results
/// (void results become void_result). Tasks must be passed as rvalues; other
/// awaitables are wrapped (lvalues are awaited by reference).
template <class... Awaitables>
  requires(sizeof...(Awaitables) > 0 && (detail::awaitable<Awaitables> && ...))
COROGUARD_CONSUMES COROGUARD_DETAIL_CORO_WRAPPER auto
when_all(Awaitables &&...awaitables) {
  return detail::when_all_of_tasks(
      detail::into_task(std::forward<Awaitables>(awaitables))...);
}

/// Awaits every task of the range concurrently, all started at once; yields
/// std::vector of their results (void for task<void>). Unbounded: prefer
/// when_all_bounded for ranges whose size depends on input.
template <detail::task_range Range>
COROGUARD_FANOUT_UNBOUNDED COROGUARD_CONSUMES COROGUARD_DETAIL_CORO_WRAPPER auto
when_all(Range &&tasks) -> task<detail::when_all_vector_result<
    typename detail::range_task_t<Range>::value_type>> {
  return detail::when_all_of(
      detail::to_task_vector(std::forward<Range>(tasks)));
}

/// Like when_all(range), but never has more than `max_concurrency` tasks of
/// the range started and unfinished at the same time. Tasks are started in
/// range order. Throws std::invalid_argument if max_concurrency is 0.
template <detail::task_range Range>
COROGUARD_FANOUT_BOUNDED COROGUARD_CONSUMES COROGUARD_DETAIL_CORO_WRAPPER auto
when_all_bounded(Range &&tasks, std::size_t max_concurrency)
    -> task<detail::when_all_vector_result<
        typename detail::range_task_t<Range>::value_type>> {
  if (max_concurrency == 0)
    throw std::invalid_argument(
        "coroguard::when_all_bounded: max_concurrency must be at least 1");
  return detail::when_all_bounded_of(
      detail::to_task_vector(std::forward<Range>(tasks)), max_concurrency);
}

} // namespace coroguard

#endif // COROGUARD_WHEN_ALL_HPP
