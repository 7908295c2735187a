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
#ifndef COROGUARD_ASYNC_SEMAPHORE_HPP
#define COROGUARD_ASYNC_SEMAPHORE_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/stoppable_waiter.hpp"
#include "coroguard/detail/waiter_queue.hpp"

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
  explicit async_semaphore(std::size_t initial_permits) noexcept
      : permits_(initial_permits) {}
  async_semaphore(const async_semaphore &) = delete;
  async_semaphore &operator=(const async_semaphore &) = delete;

  class acquire_operation : detail::stoppable_waiter {
  public:
    acquire_operation(async_semaphore &sem, std::stop_token st) noexcept
        : stoppable_waiter(sem.mutex_, sem.waiters_, std::move(st)), sem_(sem) {
    }
    bool await_ready() noexcept { return stopped_before_wait(); }
    bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
      return suspend(awaiting, [this](detail::resume_list &) {
        return sem_.take_free_permit();
      });
    }
    void await_resume() { end_wait(); }

  protected:
    async_semaphore &sem_;
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

  /// Takes a permit if one is free and nobody is waiting.
  bool try_acquire() noexcept {
    std::lock_guard lock(mutex_);
    return take_free_permit();
  }

  /// Returns `count` permits, handing each to the longest waiter first.
  void release(std::size_t count = 1) noexcept {
    detail::resume_list woken;
    {
      std::lock_guard lock(mutex_);
      for (; count > 0; --count) {
        detail::waiter_node *waiter = waiters_.pop_front();
        if (waiter == nullptr)
          break;
        woken.push_back(waiter);
      }
      permits_ += count;
    }
    detail::resume_all_soon(std::move(woken));
  }

  /// Free permits right now (a snapshot; for tests and diagnostics).
  std::size_t available() const noexcept {
    std::lock_guard lock(mutex_);
    return permits_;
  }

private:
  // Under mutex_. Waiters exist only while no permit is free, so a waiter
  // that is cancelled leaves nothing behind to hand on.
  bool take_free_permit() noexcept {
    if (permits_ > 0 && waiters_.empty()) {
      --permits_;
      return true;
    }
    return false;
  }

  mutable std::mutex mutex_;
  std::size_t permits_;
  detail::waiter_queue waiters_;
};

inline void semaphore_permit::release() noexcept {
  if (sem_ != nullptr)
    std::exchange(sem_, nullptr)->release();
}

} // namespace coroguard

#endif // COROGUARD_ASYNC_SEMAPHORE_HPP
