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
#ifndef COROGUARD_ASYNC_MUTEX_HPP
#define COROGUARD_ASYNC_MUTEX_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/stoppable_waiter.hpp"
#include "coroguard/detail/waiter_queue.hpp"

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

  class lock_operation : detail::stoppable_waiter {
  public:
    lock_operation(async_mutex &m, std::stop_token st) noexcept
        : stoppable_waiter(m.state_mutex_, m.waiters_, std::move(st)),
          mutex_(m) {}
    bool await_ready() noexcept { return stopped_before_wait(); }
    bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
      return suspend(awaiting,
                     [this](detail::resume_list &) { return mutex_.take(); });
    }
    void await_resume() { end_wait(); }

  protected:
    async_mutex &mutex_;
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

  bool try_lock() noexcept {
    std::lock_guard lock(state_mutex_);
    return take();
  }

  /// Releases the mutex, handing it to the longest waiter if there is one.
  void unlock() noexcept {
    detail::waiter_node *next;
    {
      std::lock_guard lock(state_mutex_);
      next = waiters_.pop_front();
      if (next == nullptr)
        locked_ = false; // otherwise ownership passes to `next`
    }
    if (next != nullptr)
      detail::resume_soon(next);
  }

private:
  // Under state_mutex_. Waiters exist only while the mutex is locked, so a
  // waiter that is cancelled leaves no ownership behind to hand on.
  bool take() noexcept {
    if (locked_)
      return false;
    locked_ = true;
    return true;
  }

  std::mutex state_mutex_;
  bool locked_ = false;
  detail::waiter_queue waiters_;
};

inline void async_lock_guard::unlock() noexcept {
  if (mutex_ != nullptr)
    std::exchange(mutex_, nullptr)->unlock();
}

} // namespace coroguard

#endif // COROGUARD_ASYNC_MUTEX_HPP
