// coroguard/async_scope.hpp - structured "fire and join" for task<void>.
//
//   async_scope scope;
//   for (auto &conn : connections)
//     scope.spawn(handle(conn));   // starts now, runs concurrently
//   co_await scope.join();         // waits for all, rethrows the first error
//
// spawn() starts the task immediately on the calling thread (until its first
// suspension) and keeps its frame alive until it finishes. Unlike a detached
// fire-and-forget coroutine, nothing is lost: join() completes only when every
// spawned task has finished, and if any of them failed it rethrows the first
// exception; the number of further exceptions is suppressed_exceptions().
//
// join() may be awaited once per "generation": after it completes the scope
// can be used again. Destroying a scope that still has unjoined work running
// is a bug (the work would outlive what it references) and terminates.
#ifndef COROGUARD_ASYNC_SCOPE_HPP
#define COROGUARD_ASYNC_SCOPE_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/task.hpp"

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <mutex>
#include <utility>

namespace coroguard {

class async_scope {
public:
  async_scope() noexcept = default;
  async_scope(const async_scope &) = delete;
  async_scope &operator=(const async_scope &) = delete;

  ~async_scope() {
    if (outstanding_.load(std::memory_order_acquire) != 1) {
      std::fputs("coroguard::async_scope destroyed while spawned tasks are "
                 "still running; co_await scope.join() first\n",
                 stderr);
      std::terminate();
    }
  }

  /// Starts `work` now and makes join() wait for it; the scope owns it
  /// from here on (COROGUARD_CONSUMES).
  COROGUARD_SCOPED_SPAWN COROGUARD_CONSUMES void spawn(task<void> work) {
    outstanding_.fetch_add(1, std::memory_order_relaxed);
    run(this, std::move(work)); // self-destroying wrapper coroutine
  }

  class join_operation {
  public:
    explicit join_operation(async_scope &scope) noexcept : scope_(scope) {}
    bool await_ready() const noexcept {
      return scope_.outstanding_.load(std::memory_order_acquire) == 1;
    }
    bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
      scope_.joiner_ = awaiting;
      // Drop the join reference; if that was the last one, every task has
      // already finished and we continue without suspending.
      return scope_.outstanding_.fetch_sub(1, std::memory_order_acq_rel) != 1;
    }
    void await_resume() {
      scope_.outstanding_.store(1, std::memory_order_relaxed); // reusable
      scope_.joiner_ = {};
      if (std::exception_ptr error = std::exchange(scope_.first_error_, {}))
        std::rethrow_exception(error);
    }

  private:
    async_scope &scope_;
  };

  /// Waits until every spawned task has finished; rethrows the first
  /// exception any of them threw.
  [[nodiscard]] join_operation join() noexcept { return join_operation{*this}; }

  /// Exceptions thrown by spawned tasks besides the one join() rethrows
  /// (cumulative over the scope's lifetime).
  std::size_t suppressed_exceptions() const noexcept {
    return suppressed_.load(std::memory_order_relaxed);
  }

  /// Spawned tasks that have not finished yet (a snapshot).
  std::size_t in_flight() const noexcept {
    return outstanding_.load(std::memory_order_relaxed) - 1;
  }

private:
  struct detached_promise;
  struct detached {
    using promise_type = detached_promise;
  };
  struct detached_promise {
    async_scope *scope;
    detached_promise(async_scope *s, task<void> &) noexcept : scope(s) {}
    detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<detached_promise> self) noexcept {
        async_scope *scope = self.promise().scope;
        self.destroy(); // frees the spawned task too
        return scope->arrive();
      }
      void await_resume() const noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); } // run() catches
  };

  static detached run(async_scope *scope, task<void> work) {
    try {
      co_await std::move(work);
    } catch (...) {
      scope->record(std::current_exception());
    }
  }

  void record(std::exception_ptr error) noexcept {
    std::lock_guard lock(error_mutex_);
    if (!first_error_)
      first_error_ = std::move(error);
    else
      suppressed_.fetch_add(1, std::memory_order_relaxed);
  }

  std::coroutine_handle<> arrive() noexcept {
    if (outstanding_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      return joiner_;
    return std::noop_coroutine();
  }

  // One reference per running task plus one held until join() is awaited.
  std::atomic<std::size_t> outstanding_{1};
  std::coroutine_handle<> joiner_;
  std::mutex error_mutex_;
  std::exception_ptr first_error_;
  std::atomic<std::size_t> suppressed_{0};
};

} // namespace coroguard

#endif // COROGUARD_ASYNC_SCOPE_HPP
