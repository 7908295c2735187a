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
// loop's waits: a waiter whose token is stopped resumes at once (on the
// thread that requested stop) with operation_cancelled, owning nothing. A
// token already stopped cancels without trying the lock.
//
// Cost: lock and unlock are one atomic compare-exchange each when nobody
// waits. A lock that has to wait pushes itself with one compare-exchange,
// and an unlock hands the mutex over with no atomic at all while earlier
// waiters are still on its list (one exchange takes every newcomer at once).
// No lock is ever taken: the design is cppcoro's async_mutex, extended with
// cancellation (see "Cancelling a wait" below).
#ifndef COROGUARD_ASYNC_MUTEX_HPP
#define COROGUARD_ASYNC_MUTEX_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/single_thread.hpp"
#include "coroguard/detail/waiter_queue.hpp"
#include "coroguard/operation_cancelled.hpp"

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <optional>
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
  // A lock() wait with a stop token that can stop, once it has to queue. See
  // "Cancelling a wait". Its queue node is the waiter_node base, whose handle
  // stays null while queued: that is how an unlock tells it from a plain one.
  struct stoppable_wait : detail::waiter_node {
    enum : std::uint8_t { registering, queued, granted, cancelled };

    struct on_stop {
      stoppable_wait *self;
      void operator()() const noexcept { self->cancel(); }
    };

    explicit stoppable_wait(std::coroutine_handle<> awaiting) noexcept {
      resumer.handle = awaiting;
    }

    // registering: the node is queued, and await_suspend is still running
    //   (registering the stop callback). An unlock that grants the wait, or a
    //   stop that cancels it, in this state does not resume the coroutine:
    //   await_suspend sees the outcome and returns false.
    // queued: await_suspend has returned; the coroutine is suspended. The
    //   unlock that grants the wait, or the stop that cancels it, resumes it.
    std::atomic<std::uint8_t> state{registering};
    // Counted only once cancelled: the awaiter's and the mutex's holds.
    std::atomic<std::uint8_t> holds{2};
    detail::waiter_node resumer; // resumes the coroutine when cancelled
    std::optional<std::stop_callback<on_stop>> callback;

    /// Moves the wait out of registering or queued to `outcome` (granted or
    /// cancelled). Returns the state it left, or the outcome that came first.
    std::uint8_t settle(std::uint8_t outcome) noexcept {
      std::uint8_t s = state.load(std::memory_order_relaxed);
      while (s == registering || s == queued)
        if (state.compare_exchange_weak(s, outcome, std::memory_order_acq_rel))
          break; // `s` is still the state it left
      return s;
    }

    // The stop callback: on the thread that requested stop, or inline in the
    // callback's constructor.
    void cancel() noexcept {
      if (settle(cancelled) == queued)
        detail::resume_soon(&resumer); // the node may be freed after this
    }

    void let_go() noexcept {
      if (holds.fetch_sub(1, std::memory_order_acq_rel) == 1)
        delete this;
    }
  };

public:
  async_mutex() noexcept = default;
  async_mutex(const async_mutex &) = delete;
  async_mutex &operator=(const async_mutex &) = delete;
  /// Destroying a mutex that coroutines still wait for is undefined (they
  /// would never resume); waits that were cancelled do not count.
  ~async_mutex() { release_cancelled_waits(); }

  class lock_operation {
  public:
    lock_operation(async_mutex &m, std::stop_token st) noexcept
        : mutex_(m), stop_(std::move(st)) {}
    // Movable until awaited (when_all takes awaitables by value).
    lock_operation(lock_operation &&other) noexcept
        : mutex_(other.mutex_), stop_(std::move(other.stop_)) {}
    lock_operation &operator=(lock_operation &&) = delete;

    bool await_ready() noexcept {
      cancelled_ = stop_.stop_requested();
      return cancelled_ || mutex_.try_lock();
    }
    bool await_suspend(std::coroutine_handle<> awaiting) noexcept {
      if (!stop_.stop_possible()) {
        node_.handle = awaiting;
        return mutex_.lock_or_push(&node_);
      }
      return suspend_stoppable(awaiting);
    }
    void await_resume() {
      if (wait_ != nullptr || cancelled_) [[unlikely]]
        end_stoppable_wait();
    }

  protected:
    async_mutex &mutex_;

  private:
    // Out of line: waits without a token do not pay for this code.
    [[gnu::noinline]] bool suspend_stoppable(std::coroutine_handle<> awaiting) {
      // Out of bad_alloc inside await_suspend (which is noexcept) the program
      // terminates, as when a frame cannot be made.
      auto *wait = new stoppable_wait(awaiting);
      if (!mutex_.lock_or_push(wait)) {
        delete wait; // the mutex was free and is ours: nothing to cancel
        return false;
      }
      wait_ = wait;
      // Queued but still registering: until the CAS below, neither an unlock
      // nor a stop request resumes the coroutine (see stoppable_wait::state),
      // so registering the callback (which runs it inline if stop was requested
      // meanwhile) cannot resume it inside await_suspend.
      wait->callback.emplace(std::move(stop_), stoppable_wait::on_stop{wait});
      std::uint8_t s = stoppable_wait::registering;
      // False if an unlock granted it or a stop cancelled it meanwhile:
      // await_resume reads which.
      return wait->state.compare_exchange_strong(s, stoppable_wait::queued,
                                                 std::memory_order_acq_rel);
    }

    [[gnu::noinline]] void end_stoppable_wait() {
      if (stoppable_wait *wait = std::exchange(wait_, nullptr)) {
        // Waits for a run of the callback on another thread; does not wait if
        // the callback is running on this one (it resumed us).
        wait->callback.reset();
        if (wait->state.load(std::memory_order_acquire) ==
            stoppable_wait::granted) {
          delete wait; // no unlock holds a granted node
          return;
        }
        wait->let_go(); // cancelled: an unlock may still hold it
      }
      throw operation_cancelled{};
    }

    std::stop_token stop_;
    detail::waiter_node node_;       // the queue node of a wait without token
    stoppable_wait *wait_ = nullptr; // the queue node of a wait with one
    bool cancelled_ = false;
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
    std::uintptr_t expected = unlocked;
    return state_.load(std::memory_order_relaxed) == unlocked &&
           detail::compare_exchange(state_, expected, locked,
                                    std::memory_order_acquire);
  }

  /// Releases the mutex, handing it to the longest waiter if there is one.
  void unlock() noexcept {
    std::uintptr_t expected = locked;
    if (waiters_ != nullptr ||
        state_.load(std::memory_order_relaxed) != locked ||
        !detail::compare_exchange(state_, expected, unlocked,
                                  std::memory_order_release))
      unlock_to_waiter();
  }

private:
  // The state word:
  //
  //   unlocked   free; nobody waits.
  //   locked     owned; no waiter has arrived since the owner last looked
  //              (earlier ones may be on waiters_).
  //   a pointer  owned; the newest waiter to arrive, linked through `next`
  //              to the one before it: a LIFO stack of newcomers.
  //
  // waiters_ is the owner's own FIFO of waiters taken off the stack: only
  // the thread that owns the mutex reads or writes it, and ownership passes
  // with a release/acquire pair (the unlock CAS and the lock CAS), with the
  // resumption of the waiter it is handed to, or (a stoppable wait granted
  // while it registers) with the CAS on that wait's state word that tells its
  // await_suspend so. A lock pushes itself with a CAS
  // from locked or a pointer; an unlock with an empty waiters_ either CASes
  // locked -> unlocked or, if the CAS fails because newcomers arrived, takes
  // the whole stack with one exchange (leaving locked) and reverses it onto
  // waiters_. Why no wake-up is lost: the push and the unlock's CAS are
  // read-modify-writes of one word, so one comes first; if the unlock does,
  // the lock finds `unlocked` and takes the mutex itself. No barging: while
  // anybody waits the state is never `unlocked`, which is the only state
  // try_lock() and the fast path can take, and a hand-off never passes
  // through it.
  //
  // Cancelling a wait. A stack cannot give up a node from its middle, so a
  // wait with a stop token that can stop queues a node on the heap
  // (stoppable_wait) instead of the one in its frame, and its state word
  // decides between the unlock that hands the mutex over and the stop
  // callback that cancels: the first to settle it wins (who then resumes the
  // coroutine: see stoppable_wait::state). A cancelled node stays on the stack
  // or on waiters_ until an unlock reaches it and skips it; the node is freed
  // by whichever of that unlock and the resumed awaiter lets go of it last. A
  // plain wait (no token, or one that can never stop) needs none of this, so
  // its node stays in its frame and costs no allocation.
  static constexpr std::uintptr_t locked = 0;
  static constexpr std::uintptr_t unlocked = 1; // never a node's address

  // For a lock that missed the fast path: takes the mutex and returns false,
  // or pushes `node` onto the stack of newcomers and returns true.
  bool lock_or_push(detail::waiter_node *node) noexcept {
    std::uintptr_t s = state_.load(std::memory_order_relaxed);
    for (;;) {
      if (s == unlocked) {
        if (detail::compare_exchange(state_, s, locked,
                                     std::memory_order_acquire))
          return false;
      } else {
        node->next = reinterpret_cast<detail::waiter_node *>(s);
        if (detail::compare_exchange(state_, s,
                                     reinterpret_cast<std::uintptr_t>(node),
                                     std::memory_order_release))
          return true;
      }
    }
  }

  // The unlock slow path, run by the owner: hands the mutex to the first
  // waiter that was not cancelled, or unlocks it.
  [[gnu::noinline]] void unlock_to_waiter() noexcept {
    for (;;) {
      while (detail::waiter_node *next = waiters_) {
        waiters_ = next->next;
        if (hand_over(next))
          return;
      }
      std::uintptr_t s = locked;
      if (detail::compare_exchange(state_, s, unlocked,
                                   std::memory_order_release))
        return;
      waiters_ =
          oldest_first(state_.exchange(locked, std::memory_order_acquire));
    }
  }

  // Reverses a stack of newcomers (newest first) into arrival order.
  static detail::waiter_node *oldest_first(std::uintptr_t stack) noexcept {
    auto *node = reinterpret_cast<detail::waiter_node *>(stack);
    detail::waiter_node *fifo = nullptr;
    while (node != nullptr) {
      detail::waiter_node *older = node->next;
      node->next = fifo;
      fifo = node;
      node = older;
    }
    return fifo;
  }

  // Gives the mutex to `node`'s coroutine and resumes it; false (and nothing
  // changes hands) if it was a cancelled wait.
  static inline bool hand_over(detail::waiter_node *node) noexcept;

  // The mutex dies: frees the nodes of cancelled waits no unlock reached.
  inline void release_cancelled_waits() noexcept;

  std::atomic<std::uintptr_t> state_{unlocked};
  detail::waiter_node *waiters_ = nullptr; // the owner's; oldest first
};

inline bool async_mutex::hand_over(detail::waiter_node *node) noexcept {
  if (node->handle) {
    detail::resume_soon(node);
    return true;
  }
  auto *wait = static_cast<stoppable_wait *>(node);
  switch (wait->settle(stoppable_wait::granted)) {
  case stoppable_wait::registering: // its await_suspend resumes it
    return true;
  case stoppable_wait::queued:
    wait->handle = wait->resumer.handle;
    detail::resume_soon(wait);
    return true;
  default: // cancelled: let go of the mutex's hold, try the next one
    wait->let_go();
    return false;
  }
}

inline void async_mutex::release_cancelled_waits() noexcept {
  auto release = [](detail::waiter_node *node) {
    while (node != nullptr) {
      detail::waiter_node *next = node->next;
      if (!node->handle)
        static_cast<stoppable_wait *>(node)->let_go();
      node = next;
    }
  };
  release(waiters_);
  const std::uintptr_t s = state_.load(std::memory_order_acquire);
  if (s != locked && s != unlocked)
    release(reinterpret_cast<detail::waiter_node *>(s));
}

inline void async_lock_guard::unlock() noexcept {
  if (mutex_ != nullptr)
    std::exchange(mutex_, nullptr)->unlock();
}

} // namespace coroguard

#endif // COROGUARD_ASYNC_MUTEX_HPP
