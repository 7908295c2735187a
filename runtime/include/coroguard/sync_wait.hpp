// coroguard/sync_wait.hpp - block the calling thread until an awaitable
// completes, and return its result (or rethrow its exception).
//
// This is the bridge from ordinary code (main, a test, a callback from a
// non-coroutine library) into coroutine code. It must never run on one of the
// runtime's own threads: a worker blocked in sync_wait cannot run the work it
// waits for. Instead of deadlocking, it throws std::logic_error there.
//
// The task is started inline and its completion is observed through a
// completion hook, without wrapping it in another coroutine. A task that
// completes inside that first resume() on this thread costs no atomic
// operation and no system call (the hook sees itself marked as starting on
// this thread and sets a plain flag); one that completes on another thread
// signals a futex-based event.
#ifndef COROGUARD_SYNC_WAIT_HPP
#define COROGUARD_SYNC_WAIT_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/awaitable_traits.hpp"
#include "coroguard/detail/futex_event.hpp"
#include "coroguard/detail/runtime_thread.hpp"
#include "coroguard/task.hpp"

#include <stdexcept>
#include <type_traits>
#include <utility>

namespace coroguard {
namespace detail {

struct sync_wait_hook : completion_hook {
  futex_event event;             // completion on another thread
  bool completed_inline = false; // completion inside our resume() (no race)
  sync_wait_hook() noexcept : completion_hook{&complete} {}
  static std::coroutine_handle<> complete(completion_hook *self) noexcept {
    auto *hook = static_cast<sync_wait_hook *>(self);
    if (hook_starting_here == self)
      hook->completed_inline = true;
    else
      hook->event.set();
    return std::noop_coroutine();
  }
};

[[noreturn]] inline void throw_sync_wait_on_runtime_thread() {
  throw std::logic_error(
      "coroguard::sync_wait called on a coroguard worker thread: this would "
      "deadlock; co_await the task instead");
}

/// Starts `t` on this thread (if it has not run yet) and blocks until it
/// has completed, wherever it completes.
template <class T> auto &run_to_completion(task<T> &t) {
  auto h = t.handle();
  if (!h)
    throw std::logic_error("coroguard::sync_wait: empty task");
  if (!h.done()) {
    sync_wait_hook hook;
    h.promise().set_completion_hook(&hook);
    {
      starting_scope inline_start{&hook}; // nested sync_waits restore it
      h.resume();
    }
    if (!hook.completed_inline)
      hook.event.wait();
  }
  return h.promise();
}

} // namespace detail

/// Runs `awaitable` to completion, blocking the calling thread, and returns
/// its result by value. Throws std::logic_error when called on a thread_pool
/// worker or an event_loop thread. Not COROGUARD_CONSUMES: a task passed as
/// an lvalue is run in place and keeps its result, so a second sync_wait of
/// it returns that result again; one passed as an rvalue is consumed (the
/// checks read that from the forwarding parameter).
template <class Awaitable>
  requires detail::awaitable<Awaitable>
COROGUARD_BLOCKING_WAIT auto sync_wait(Awaitable &&awaitable)
    -> std::conditional_t<
        std::is_lvalue_reference_v<detail::await_result_t<Awaitable>>,
        detail::await_result_t<Awaitable>,
        std::remove_cvref_t<detail::await_result_t<Awaitable>>> {
  if (detail::on_runtime_thread()) [[unlikely]]
    detail::throw_sync_wait_on_runtime_thread();
  using plain = std::remove_cvref_t<Awaitable>;
  if constexpr (detail::is_task_v<plain>) {
    if constexpr (std::is_lvalue_reference_v<Awaitable>)
      return detail::run_to_completion(awaitable).result_ref();
    else
      return detail::run_to_completion(awaitable).take_result();
  } else {
    // The argument outlives this call, so awaiting it by reference is safe
    // and also works for awaitables that cannot be moved.
    auto wrapper = detail::make_task_from_ref(awaitable);
    return detail::run_to_completion(wrapper).take_result();
  }
}

} // namespace coroguard

#endif // COROGUARD_SYNC_WAIT_HPP
