// coroguard/async_semaphore.hpp - a counting semaphore for coroutines.
//
// `co_await sem.acquire()` suspends (without blocking the thread) until a
// permit is available; release() hands permits to waiters in FIFO order. A
// released permit goes straight to the longest waiter, so a steady stream of
// newcomers cannot starve it. Prefer the RAII form:
//
//   auto permit = co_await sem.scoped_acquire(); // released at scope exit
//
// acquire() and scoped_acquire() are COROGUARD_THROTTLE: awaiting them bounds
// how much work runs concurrently, which the fan-out checks recognise.
//
// Both take an optional std::stop_token, like the event loop's waits: a
// waiter whose token is stopped leaves the queue at once and resumes (on the
// thread that requested stop) with operation_cancelled, holding no permit. A
// token already stopped cancels the wait without trying for a permit.
//
// Cost: while nobody waits, acquire() and release() are one atomic
// compare-exchange each; only a wait, and the release that ends it, take the
// spin lock that guards the wait queue.
#ifndef COROGUARD_ASYNC_SEMAPHORE_HPP
#define COROGUARD_ASYNC_SEMAPHORE_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/single_thread.hpp"
#include "coroguard/detail/spin_lock.hpp"
#include "coroguard/detail/stoppable_waiter.hpp"
#include "coroguard/detail/waiter_queue.hpp"

#include <atomic>
#include <cassert>
#include <cstddef>
#include <mutex>
#include <stop_token>
#include <utility>

namespace coroguard {

class async_semaphore;

/// One permit of an async_semaphore, returned to it on destruction.
class [[nodiscard]] semaphore_permit {
public:
  semaphore_permit() noexcept = default;
  explicit semaphore_permit(async_semaphore &sem) noexcept : sem_(&sem) {}
  semaphore_permit(semaphore_permit &&other) noexcept
      : sem_(std::exchange(other.sem_, nullptr)) {}
  semaphore_permit &operator=(semaphore_permit &&other) noexcept {
    if (this != &other) {
      release();
      sem_ = std::exchange(other.sem_, nullptr);
    }
    return *this;
  }
  ~semaphore_permit() { release(); }

  /// Gives the permit back early.
  inline void release() noexcept;
  bool owns_permit() const noexcept { return sem_ != nullptr; }

private:
  async_semaphore *sem_ = nullptr;
};

class async_semaphore {
public:
  /// A semaphore with `initial_permits` free permits. At most
  /// max_permits() permits may be free at once.
  explicit async_semaphore(std::size_t initial_permits) noexcept
      : state_(initial_permits * one_permit) {
    assert(initial_permits <= max_permits());
  }
  async_semaphore(const async_semaphore &) = delete;
  async_semaphore &operator=(const async_semaphore &) = delete;

  class acquire_operation
      : detail::stoppable_waiter<acquire_operation, detail::spin_lock> {
  public:
    acquire_operation(async_semaphore &sem, std::stop_token st) noexcept
        : stoppable_waiter(std::move(st)), sem_(sem) {}
    bool await_ready() noexcept {
      return stopped_before_wait() || sem_.try_acquire();
    }
    bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
      return suspend(awaiting, [this](detail::resume_list &) {
        return sem_.acquire_or_mark_waiting();
      });
    }
    void await_resume() { end_wait(); }

  protected:
    async_semaphore &sem_;

  private:
    friend stoppable_waiter;
    detail::spin_lock &wait_lock() noexcept { return sem_.queue_lock_; }
    detail::waiter_queue &wait_queue() noexcept { return sem_.waiters_; }
  };

  class scoped_acquire_operation : public acquire_operation {
  public:
    using acquire_operation::acquire_operation;
    semaphore_permit await_resume() {
      acquire_operation::await_resume();
      return semaphore_permit{sem_};
    }
  };

  /// Waits for a permit; the caller must release() it later. If `st` is
  /// stopped before a permit is handed over, the wait ends with
  /// operation_cancelled and takes no permit.
  COROGUARD_THROTTLE acquire_operation
  acquire(std::stop_token st = {}) noexcept {
    return acquire_operation{*this, std::move(st)};
  }

  /// Waits for a permit and returns it as an RAII semaphore_permit; throws
  /// operation_cancelled (holding nothing) if `st` stops the wait first.
  COROGUARD_THROTTLE scoped_acquire_operation
  scoped_acquire(std::stop_token st = {}) noexcept {
    return scoped_acquire_operation{*this, std::move(st)};
  }

  /// Takes a permit if one is free (then nobody is waiting); never waits.
  /// Returns whether the caller now holds a permit.
  bool try_acquire() noexcept {
    std::size_t s = state_.load(std::memory_order_relaxed);
    while (s >= one_permit)
      if (detail::compare_exchange(state_, s, s - one_permit,
                                   std::memory_order_acquire))
        return true;
    return false;
  }

  /// Returns `count` permits, handing each to the longest waiter first.
  void release(std::size_t count = 1) noexcept {
    std::size_t s = state_.load(std::memory_order_relaxed);
    while ((s & waiting) == 0)
      if (detail::compare_exchange(state_, s, s + count * one_permit,
                                   std::memory_order_release))
        return;
    release_to_waiters(count);
  }

  /// Free permits right now (a snapshot; for tests and diagnostics).
  std::size_t available() const noexcept {
    return state_.load(std::memory_order_relaxed) / one_permit;
  }

  /// The most permits that may be free at once.
  static constexpr std::size_t max_permits() noexcept {
    return static_cast<std::size_t>(-1) / one_permit;
  }

private:
  // The state word: free permits times one_permit, plus the `waiting` bit.
  // Waiters exist only while no permit is free: `waiting` set implies no free
  // permit, so a waiter that is cancelled leaves nothing behind to hand on.
  // Only code holding queue_lock_ sets or clears `waiting`, and while it is set
  // only code holding queue_lock_ changes the word at all.
  //
  // The fast paths never take queue_lock_: acquire takes a permit by CAS when
  // one is free; release adds its permits by CAS when `waiting` is clear. A
  // waiter queues itself only under queue_lock_ and only after its own CAS
  // 0->waiting succeeded (or it saw `waiting`). Why no wake-up is lost: that
  // CAS and a fast release's CAS are read-modify-writes of the same word, so
  // one of them comes first in its modification order.
  //  * the release first: the waiter's CAS fails, it sees a free permit and
  //    takes it instead of queueing.
  //  * the waiter first: the release sees `waiting` and goes to
  //    release_to_waiters(), which takes queue_lock_, held by the waiter until
  //    its node is queued; so it finds the node (or, if the waiter left
  //    meanwhile - cancelled, or gone to register its stop callback before
  //    queueing - an empty queue, and frees the permit).
  // No barging: while anybody is queued no permit is free, so neither
  // try_acquire() nor the acquire fast path can take one.
  static constexpr std::size_t waiting = 1;
  static constexpr std::size_t one_permit = 2;

  // Under queue_lock_, for an acquire that did not get the fast path: takes a
  // permit and returns true, or sets `waiting` and returns false (the caller
  // queues itself before releasing queue_lock_).
  bool acquire_or_mark_waiting() noexcept {
    std::size_t s = state_.load(std::memory_order_relaxed);
    for (;;) {
      if (s >= one_permit) {
        if (detail::compare_exchange(state_, s, s - one_permit,
                                     std::memory_order_acquire))
          return true;
      } else if (s == waiting ||
                 detail::compare_exchange(state_, s, waiting,
                                          std::memory_order_relaxed)) {
        return false;
      }
    }
  }

  // The release slow path: `waiting` was seen set.
  [[gnu::noinline]] void release_to_waiters(std::size_t count) noexcept {
    detail::resume_list woken;
    {
      std::lock_guard lock(queue_lock_);
      // Another release may have served the last waiter and cleared
      // `waiting` between our look and taking queue_lock_; then this is a plain
      // release (nobody else can set `waiting` while we hold queue_lock_).
      if ((state_.load(std::memory_order_relaxed) & waiting) == 0) {
        state_.fetch_add(count * one_permit, std::memory_order_release);
        return;
      }
      for (; count > 0; --count) {
        detail::waiter_node *waiter = waiters_.pop_front();
        if (waiter == nullptr)
          break;
        woken.push_back(waiter);
      }
      // `waiting` is set, so no permit is free and nobody else writes the
      // word: the leftover permits become free only once nobody waits.
      if (waiters_.empty())
        state_.store(count * one_permit, std::memory_order_release);
    }
    detail::resume_all_soon(std::move(woken));
  }

  std::atomic<std::size_t> state_;
  detail::spin_lock queue_lock_; // guards waiters_
  detail::waiter_queue waiters_;
};

inline void semaphore_permit::release() noexcept {
  if (sem_ != nullptr)
    std::exchange(sem_, nullptr)->release();
}

} // namespace coroguard

#endif // COROGUARD_ASYNC_SEMAPHORE_HPP
