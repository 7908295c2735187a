// coroguard/detail/stoppable_waiter.hpp - a wait-queue node that a
// std::stop_token can take back out of its queue.
//
// The semaphore and channel awaiters derive from it (async_mutex, which has
// no lock, settles its waits its own way). Who resumes a waiter is decided
// under the primitive's lock (a spin lock for the semaphore, a std::mutex
// for the channel; "the mutex" below),
// by queue membership: whoever takes the node out of the queue - a
// release/unlock/send/receive/close that hands it its result, or the stop
// callback that cancels it - is the only one to resume it. So a stop request
// racing a hand-off has exactly one winner, and a cancelled waiter was never
// given what the hand-off hands out.
//
// The stop callback is registered before the node is queued, never after:
//  * std::stop_callback's constructor runs the callback inline when stop was
//    requested meanwhile. Registering outside the mutex and before queueing
//    means that run finds no queued node: it only records the stop (no
//    self-deadlock on the mutex, no resumption inside await_suspend).
//  * Once queued, the node may be resumed - and its frame destroyed - by
//    another thread as soon as the mutex is released, so await_suspend must
//    not touch it after that.
// await_resume destroys the callback first. ~stop_callback waits for a run of
// the callback on another thread; that run needs only the primitive's mutex,
// which nobody holds while resuming a waiter, so the wait is short, cannot
// deadlock, and the callback never touches a freed frame.
#ifndef COROGUARD_DETAIL_STOPPABLE_WAITER_HPP
#define COROGUARD_DETAIL_STOPPABLE_WAITER_HPP

#include "coroguard/detail/waiter_queue.hpp"
#include "coroguard/operation_cancelled.hpp"

#include <coroutine>
#include <memory>
#include <mutex>
#include <stop_token>
#include <utility>

namespace coroguard::detail {

/// `Lock` is the primitive's lock type (std::mutex, spin_lock). `Awaiter`,
/// the derived awaiter (CRTP), names the primitive's lock and the queue this
/// waiter joins with `Lock &wait_lock()` and `waiter_queue &wait_queue()`;
/// it holds a reference to its primitive anyway, so asking it instead of
/// keeping two more pointers here saves 16 bytes in every waiting frame.
template <class Awaiter, class Lock>
class stoppable_waiter : public waiter_node {
public:
  // Movable until awaited, as the awaiters were before they took a token
  // (when_all takes awaitables by value); never copyable or assignable.
  stoppable_waiter(stoppable_waiter &&other) noexcept
      : waiter_node(), stop_(std::move(other.stop_)) {}
  stoppable_waiter &operator=(stoppable_waiter &&) = delete;

protected:
  explicit stoppable_waiter(std::stop_token st) noexcept
      : stop_(std::move(st)) {}
  ~stoppable_waiter() = default;

  /// For await_ready: true (and the wait is cancelled) when stop was
  /// requested before the wait began. The primitive is not even tried: a
  /// stopped token always means operation_cancelled.
  bool stopped_before_wait() noexcept {
    cancelled_ = stop_.stop_requested();
    return cancelled_;
  }

  /// For await_suspend. `try_complete(resume_list &wake)` runs under the
  /// primitive's mutex: it either completes the wait without waiting and
  /// returns true (nodes it put in `wake` are resumed once the mutex is
  /// released), or changes nothing and returns false. Returns whether the
  /// coroutine stays suspended (queued).
  template <class TryComplete>
  bool suspend(std::coroutine_handle<> awaiting, TryComplete try_complete) {
    handle = awaiting;
    resume_list wake;
    bool done;
    {
      std::lock_guard lock(wait_lock());
      done = try_complete(wake);
      if (!done && !stop_.stop_possible()) {
        wait_queue().push_back(this);
        return true;
      }
    }
    if (!done)
      return suspend_stoppable(try_complete);
    resume_all_soon(std::move(wake));
    return false;
  }

  /// For await_resume, before reading any result: drops the stop callback
  /// and throws operation_cancelled if the wait was cancelled.
  void end_wait() {
    callback_.reset();
    if (cancelled_) [[unlikely]]
      throw_cancelled();
  }

private:
  // The slow path of suspend() with a token that can stop (out of line: the
  // common waits without a token do not pay for its code): register, then
  // look again.
  template <class TryComplete>
  [[gnu::noinline]] bool suspend_stoppable(TryComplete &try_complete) {
    // May run on_stop inline. Out of bad_alloc inside await_suspend (which
    // is noexcept) the program terminates, as when a frame cannot be made.
    callback_ = std::make_unique<std::stop_callback<on_stop>>(std::move(stop_),
                                                              on_stop{this});
    resume_list wake;
    {
      std::lock_guard lock(wait_lock());
      if (stop_seen_) {
        cancelled_ = true;
        return false;
      }
      if (!try_complete(wake)) {
        wait_queue().push_back(this);
        return true;
      }
    }
    resume_all_soon(std::move(wake));
    return false;
  }

  [[noreturn, gnu::noinline]] static void throw_cancelled() {
    throw operation_cancelled{};
  }

  struct on_stop {
    stoppable_waiter *self;
    void operator()() const noexcept { self->cancel(); }
  };

  void cancel() noexcept {
    {
      std::lock_guard lock(wait_lock());
      if (!wait_queue().remove(this)) {
        stop_seen_ = true; // not queued yet, or already handed its result
        return;
      }
      cancelled_ = true;
    }
    resume_soon(this);
  }

  Lock &wait_lock() noexcept {
    return static_cast<Awaiter *>(this)->wait_lock();
  }
  waiter_queue &wait_queue() noexcept {
    return static_cast<Awaiter *>(this)->wait_queue();
  }

  std::stop_token stop_;
  // On the heap, and only for a wait with a token that can stop and that
  // really queues: a std::stop_callback is 64 bytes, which every waiter would
  // otherwise carry in its coroutine frame, token or not.
  std::unique_ptr<std::stop_callback<on_stop>> callback_;
  bool stop_seen_ = false; // guarded by wait_lock()
  bool cancelled_ = false;
};

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_STOPPABLE_WAITER_HPP
