// coroguard/async_mutex.hpp - mutual exclusion for coroutines.
//
// `co_await m.lock()` suspends the coroutine, not the thread, until it owns
// the mutex. unlock() passes ownership directly to the longest waiter (FIFO,
// no barging), so waiters are served in arrival order. Prefer
//
//   auto guard = co_await m.scoped_lock(); // unlocked at scope exit
//
// Unlike std::mutex it may be held across co_await, and the coroutine may
// unlock it from a different thread than the one that locked it; both the
// mutex and its guard are COROGUARD_ASYNC_LOCK, which tells the
// lock-across-suspend check so.
//
// lock() and scoped_lock() take an optional std::stop_token, like the event
// loop's waits: a waiter whose token is stopped leaves the queue at once and
// resumes (on the thread that requested stop) with operation_cancelled,
// owning nothing. A token already stopped cancels without trying the lock.
//
// Cost: an uncontended lock and unlock are one atomic compare-exchange each;
// only a lock that has to wait, and the unlock that hands the mutex over,
// take the spin lock that guards the wait queue.
#ifndef COROGUARD_ASYNC_MUTEX_HPP
#define COROGUARD_ASYNC_MUTEX_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/single_thread.hpp"
#include "coroguard/detail/spin_lock.hpp"
#include "coroguard/detail/stoppable_waiter.hpp"
#include "coroguard/detail/waiter_queue.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <utility>

namespace coroguard {

class async_mutex;

/// Owns a locked async_mutex and unlocks it on destruction.
class COROGUARD_ASYNC_LOCK [[nodiscard]] async_lock_guard {
public:
  async_lock_guard() noexcept = default;
  explicit async_lock_guard(async_mutex &m) noexcept : mutex_(&m) {}
  async_lock_guard(async_lock_guard &&other) noexcept
      : mutex_(std::exchange(other.mutex_, nullptr)) {}
  async_lock_guard &operator=(async_lock_guard &&other) noexcept {
    if (this != &other) {
      unlock();
      mutex_ = std::exchange(other.mutex_, nullptr);
    }
    return *this;
  }
  ~async_lock_guard() { unlock(); }

  inline void unlock() noexcept;
  bool owns_lock() const noexcept { return mutex_ != nullptr; }

private:
  async_mutex *mutex_ = nullptr;
};

class COROGUARD_ASYNC_LOCK async_mutex {
public:
  async_mutex() noexcept = default;
  async_mutex(const async_mutex &) = delete;
  async_mutex &operator=(const async_mutex &) = delete;

  class lock_operation
      : detail::stoppable_waiter<lock_operation, detail::spin_lock> {
  public:
    lock_operation(async_mutex &m, std::stop_token st) noexcept
        : stoppable_waiter(std::move(st)), mutex_(m) {}
    bool await_ready() noexcept {
      return stopped_before_wait() || mutex_.try_lock();
    }
    bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
      return suspend(awaiting, [this](detail::resume_list &) {
        return mutex_.lock_or_mark_queued();
      });
    }
    void await_resume() { end_wait(); }

  protected:
    async_mutex &mutex_;

  private:
    friend stoppable_waiter;
    detail::spin_lock &wait_lock() noexcept { return mutex_.queue_lock_; }
    detail::waiter_queue &wait_queue() noexcept { return mutex_.waiters_; }
  };

  class scoped_lock_operation : public lock_operation {
  public:
    using lock_operation::lock_operation;
    async_lock_guard await_resume() {
      lock_operation::await_resume();
      return async_lock_guard{mutex_};
    }
  };

  /// Waits until the caller owns the mutex; pair with unlock(). If `st` is
  /// stopped before ownership is handed over, the wait ends with
  /// operation_cancelled and the caller does not own the mutex.
  COROGUARD_THROTTLE lock_operation lock(std::stop_token st = {}) noexcept {
    return lock_operation{*this, std::move(st)};
  }

  /// Waits until the caller owns the mutex; returns an RAII guard. Throws
  /// operation_cancelled (owning nothing) if `st` stops the wait first.
  COROGUARD_THROTTLE scoped_lock_operation
  scoped_lock(std::stop_token st = {}) noexcept {
    return scoped_lock_operation{*this, std::move(st)};
  }

  /// Takes the mutex if it is unlocked (then no coroutine is waiting for
  /// it); never waits. Returns whether the caller now owns it.
  bool try_lock() noexcept {
    // Look before the CAS: a contended lock then pays no failed
    // read-modify-write on its way to the queue.
    std::uint8_t expected = unlocked;
    return state_.load(std::memory_order_relaxed) == unlocked &&
           detail::compare_exchange(state_, expected, locked,
                                    std::memory_order_acquire);
  }

  /// Releases the mutex, handing it to the longest waiter if there is one.
  void unlock() noexcept {
    std::uint8_t expected = locked;
    if (state_.load(std::memory_order_relaxed) != locked ||
        !detail::compare_exchange(state_, expected, unlocked,
                                  std::memory_order_release))
      unlock_to_waiter();
  }

private:
  // The state word. Waiters exist only while the mutex is locked, so a waiter
  // that is cancelled leaves no ownership behind to hand on.
  //
  //   unlocked      free; nobody queued.
  //   locked        owned; nobody queued.
  //   locked_queued owned; waiters may be queued (or have left: cancelled,
  //                 or, with a stop token, gone to register its callback
  //                 before queueing). Only code holding queue_lock_ moves
  //                 the state out of locked_queued.
  //
  // The fast paths never take queue_lock_: lock is CAS unlocked->locked,
  // unlock is CAS locked->unlocked. A waiter queues itself only while holding
  // queue_lock_, and only after its own CAS locked->locked_queued succeeded
  // or it saw locked_queued. Why no wake-up is lost: that CAS and the unlock
  // fast path's CAS locked->unlocked are read-modify-writes of one word, so
  // one of them comes first in its modification order.
  //  * The unlock first: the state is unlocked, the waiter's CAS fails, and
  //    it takes the mutex itself (CAS unlocked->locked) instead of queueing.
  //  * The waiter first: the state is locked_queued, the unlock CAS fails (or
  //    is skipped) and unlock_to_waiter() takes queue_lock_, which the waiter
  //    holds until its node is in the queue; so it finds the node (or, if the
  //    waiter was cancelled meanwhile, an empty queue, and unlocks).
  // No barging: while anybody is queued the state is locked_queued, which
  // neither try_lock() nor the lock fast path can take; unlock_to_waiter()
  // hands ownership over without the state ever passing through unlocked.
  static constexpr std::uint8_t unlocked = 0;
  static constexpr std::uint8_t locked = 1;
  static constexpr std::uint8_t locked_queued = 2;

  // Under queue_lock_, for a lock that missed the fast path: takes the mutex
  // and returns true, or makes the state locked_queued and returns false
  // (the caller then queues itself before releasing queue_lock_).
  bool lock_or_mark_queued() noexcept {
    std::uint8_t s = state_.load(std::memory_order_relaxed);
    for (;;) {
      if (s == unlocked) {
        if (detail::compare_exchange(state_, s, locked,
                                     std::memory_order_acquire))
          return true;
      } else if (s == locked_queued ||
                 detail::compare_exchange(state_, s, locked_queued,
                                          std::memory_order_relaxed)) {
        return false;
      }
    }
  }

  // The unlock slow path: the state is locked_queued, and only we can change
  // it now (the owner is the only one unlocking, and lockers leave
  // locked_queued alone).
  [[gnu::noinline]] void unlock_to_waiter() noexcept {
    detail::waiter_node *next;
    {
      std::lock_guard lock(queue_lock_);
      next = waiters_.pop_front();
      if (next == nullptr) // the waiters left (see locked_queued)
        state_.store(unlocked, std::memory_order_release);
      else if (waiters_.empty()) // `next` owns it now: still locked
        state_.store(locked, std::memory_order_relaxed);
    }
    if (next != nullptr)
      detail::resume_soon(next);
  }

  std::atomic<std::uint8_t> state_{unlocked};
  detail::spin_lock queue_lock_; // guards waiters_
  detail::waiter_queue waiters_;
};

inline void async_lock_guard::unlock() noexcept {
  if (mutex_ != nullptr)
    std::exchange(mutex_, nullptr)->unlock();
}

} // namespace coroguard

#endif // COROGUARD_ASYNC_MUTEX_HPP
