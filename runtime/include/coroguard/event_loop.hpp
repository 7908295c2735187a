// coroguard/event_loop.hpp - an epoll reactor (Linux) on its own thread, with
// timers and cancellation; sockets are in tcp.hpp.
//
//   event_loop loop;                           // starts the loop thread
//   co_await loop.schedule();                  // continue on the loop thread
//   co_await loop.sleep_for(50ms);             // suspends, never blocks
//   co_await loop.sleep_for(1s, stop_token);   // cancellable
//
// sleep_for is the non-blocking replacement for std::this_thread::sleep_for,
// which the coroguard checks flag inside coroutines: it parks the coroutine
// in the loop's timer queue and leaves the thread free for other work.
//
// All registration state belongs to the loop thread; other threads hand
// operations to it through a queue behind a spin lock (its critical sections
// are a few pointer writes), waking the loop through an eventfd when it is
// blocked.
// Operations resume on the loop thread. Timers with equal deadlines fire in
// the order they were started.
//
// Timers have nanosecond resolution: the loop waits with epoll_pwait2 (glibc
// 2.35, Linux 5.11) and, where either is missing, with a timerfd armed at the
// earliest deadline in the epoll set; the loop thread's timer slack is set to
// 1 ns, so a wake-up is not deferred by the default 50 us. A timer never fires
// before its deadline.
//
// Cancellation: a pending operation whose std::stop_token is triggered
// completes with coroguard::operation_cancelled. Shutdown (the destructor)
// cancels every pending timer and socket operation the same way, runs what
// that resumes, and then joins the thread; operations started during shutdown
// are cancelled at once. Destroy sockets before their loop.
//
// COROGUARD_LONG_LIVED: a loop is made to outlive the coroutines that hold a
// reference to it, so the checks do not treat such a reference as dangling.
#ifndef COROGUARD_EVENT_LOOP_HPP
#define COROGUARD_EVENT_LOOP_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/intrusive_fifo.hpp"
#include "coroguard/detail/runtime_thread.hpp"
#include "coroguard/detail/spin_lock.hpp"
#include "coroguard/detail/timer_heap.hpp"
#include "coroguard/operation_cancelled.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <utility>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

// epoll_pwait2 (nanosecond timeout) is declared from glibc 2.35 on; the
// kernel may still lack it (ENOSYS before 5.11), which is checked at run
// time. Define COROGUARD_HAVE_EPOLL_PWAIT2 to 0 to always use the timerfd.
// GCC's ThreadSanitizer (GCC 12's libtsan) does not intercept epoll_pwait2,
// so it misses the ordering epoll_ctl -> wait gives and reports false races
// on every registered socket: such builds use epoll_wait and the timerfd.
#ifndef COROGUARD_HAVE_EPOLL_PWAIT2
#if defined(__GLIBC__) &&                                                      \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35)) &&            \
    !(defined(__SANITIZE_THREAD__) && !defined(__clang__))
#define COROGUARD_HAVE_EPOLL_PWAIT2 1
#else
#define COROGUARD_HAVE_EPOLL_PWAIT2 0
#endif
#endif

namespace coroguard {

class event_loop;

namespace detail {

/// A unit of work handed to the loop thread.
struct loop_node {
  void (*run)(loop_node *self) noexcept = nullptr;
  loop_node *next = nullptr;
};

/// Base of every loop operation: the submit/cancel/complete protocol.
///
/// Exactly one resumption happens, on the loop thread:
///  * submit (loop thread) arms the operation (timer insert, socket wait) or
///    finishes it at once;
///  * the readiness path (timer expiry, socket event) completes it, unless a
///    cancellation was requested first;
///  * a stop callback (any thread) flips `state` and posts the cancel node;
///    the loop resumes the operation with operation_cancelled once both the
///    submit and the cancel node have been processed, so neither node is
///    touched after the frame holding them may be gone.
class loop_operation {
public:
  explicit loop_operation(event_loop &loop) noexcept : loop_(&loop) {}
  loop_operation(const loop_operation &) = delete;
  loop_operation &operator=(const loop_operation &) = delete;

protected:
  ~loop_operation() = default;

  /// Loop thread: start waiting; call finish() if already done.
  virtual void arm() noexcept = 0;
  /// Loop thread: stop waiting (undo arm()).
  virtual void disarm() noexcept = 0;

  // Called from await_suspend (after await_ready returned false).
  inline bool suspend(std::coroutine_handle<> awaiting, std::stop_token st);
  /// Loop thread: the operation is done (success or error already stored).
  inline void finish() noexcept;
  void rethrow_if_cancelled() const {
    if (cancelled_)
      throw operation_cancelled{};
  }
  void release_callback() noexcept { callback_.reset(); }

  /// Loop thread: cancel on the loop's initiative (shutdown).
  void cancel_from_loop() noexcept {
    if (armed_)
      disarm();
    int expected = pending;
    if (state_.compare_exchange_strong(expected, cancel_requested,
                                       std::memory_order_acq_rel))
      resume_cancelled();
    // Otherwise a stop callback won: its cancel node resumes us.
  }

  event_loop *loop_;
  bool armed_ = false; // loop thread only

private:
  friend class coroguard::event_loop;
  enum : int { pending, cancel_requested, finished };

  struct cancel_fn {
    loop_operation *op;
    inline void operator()() const noexcept;
  };

  static void on_submit(loop_node *node) noexcept;
  static void on_cancel(loop_node *node) noexcept;
  void resume_cancelled() noexcept {
    cancelled_ = true;
    handle_.resume();
  }

  std::coroutine_handle<> handle_;
  std::atomic<int> state_{pending};
  bool submitted_ = false;        // loop thread only
  bool cancel_processed_ = false; // loop thread only
  bool cancelled_ = false;
  struct op_node : loop_node {
    loop_operation *op = nullptr;
  };
  op_node submit_node_;
  op_node cancel_node_;
  std::optional<std::stop_callback<cancel_fn>> callback_;
};

} // namespace detail

class COROGUARD_LONG_LIVED event_loop {
public:
  using clock = std::chrono::steady_clock;

  /// Creates the epoll instance and starts the loop thread.
  event_loop() {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0)
      throw std::system_error(errno, std::generic_category(), "epoll_create1");
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) {
      int error = errno;
      ::close(epoll_fd_);
      throw std::system_error(error, std::generic_category(), "eventfd");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr; // nullptr marks the wake-up eventfd
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
    thread_ = std::thread([this] { run(); });
  }

  event_loop(const event_loop &) = delete;
  event_loop &operator=(const event_loop &) = delete;

  /// Cancels pending operations, runs what that resumes, joins the thread.
  /// Must not be called on the loop thread.
  ~event_loop() {
    {
      std::lock_guard lock(post_lock_);
      stopping_ = true;
    }
    wake();
    thread_.join();
    if (timer_fd_ >= 0)
      ::close(timer_fd_);
    ::close(wake_fd_);
    ::close(epoll_fd_);
  }

  bool on_loop_thread() const noexcept {
    return detail::current_runtime_owner == this;
  }

  class schedule_operation : detail::loop_node {
  public:
    explicit schedule_operation(event_loop &loop) noexcept : loop_(loop) {}
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> awaiting) noexcept {
      handle_ = awaiting;
      run = [](loop_node *self) noexcept {
        static_cast<schedule_operation *>(self)->handle_.resume();
      };
      loop_.post(this);
    }
    void await_resume() const noexcept {}

  private:
    event_loop &loop_;
    std::coroutine_handle<> handle_;
  };

  /// `co_await loop.schedule()` continues on the loop thread.
  [[nodiscard]] schedule_operation schedule() noexcept {
    return schedule_operation{*this};
  }

  class sleep_operation final : detail::loop_operation, detail::timer_node {
  public:
    sleep_operation(event_loop &loop, clock::time_point deadline,
                    std::stop_token st) noexcept
        : loop_operation(loop), stop_(std::move(st)) {
      this->deadline = deadline;
    }
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> awaiting) {
      return suspend(awaiting, stop_);
    }
    void await_resume() {
      release_callback();
      rethrow_if_cancelled();
    }

  private:
    void arm() noexcept override {
      if (deadline <= clock::now()) {
        finish();
        return;
      }
      loop_->timers_.push(this);
      armed_ = true;
    }
    void disarm() noexcept override {
      loop_->timers_.erase(this);
      armed_ = false;
    }
    friend class event_loop;
    std::stop_token stop_;
  };

  /// Completes after `delay` (or with operation_cancelled if `st` fires).
  template <class Rep, class Period>
  [[nodiscard]] sleep_operation
  sleep_for(std::chrono::duration<Rep, Period> delay,
            std::stop_token st = {}) noexcept {
    return sleep_operation{
        *this, clock::now() + std::chrono::ceil<clock::duration>(delay),
        std::move(st)};
  }

  /// Completes at `deadline` (or with operation_cancelled if `st` fires).
  [[nodiscard]] sleep_operation sleep_until(clock::time_point deadline,
                                            std::stop_token st = {}) noexcept {
    return sleep_operation{*this, deadline, std::move(st)};
  }

  /// Loop internals used by sockets (tcp.hpp).
  int epoll_fd() const noexcept { return epoll_fd_; }
  void post(detail::loop_node *node) noexcept {
    std::lock_guard lock(post_lock_);
    posted_.push_back(node);
    // Wake under the lock: once unlocked, the node may run and its owner may
    // destroy the loop (closing the eventfd) before we would get to it. Only
    // a loop that is (about to be) blocked needs the system call, and only
    // once; an awake loop takes the queue before it blocks again.
    if (blocking_) {
      blocking_ = false;
      wake();
    }
  }
  /// Loop thread only: queue work for this iteration without locking.
  void post_local(detail::loop_node *node) noexcept {
    posted_locally_.push_back(node);
  }
  /// Loop thread: a socket operation waits for readiness.
  void track(detail::loop_operation *op) { armed_ops_.insert(op); }
  void untrack(detail::loop_operation *op) noexcept { armed_ops_.erase(op); }
  /// Loop thread: whether shutdown had been requested when the loop last
  /// took the posted queue (an operation submitted in that batch is
  /// cancelled, not armed; one armed just before the request is cancelled
  /// with everything else right after the batch).
  bool stopping_seen() const noexcept { return stopping_seen_; }

  /// Loop thread: handler for an epoll event whose data.ptr is not null.
  struct event_target {
    void (*on_event)(event_target *self, std::uint32_t events) noexcept;
  };

private:
  friend class detail::loop_operation;

  void wake() noexcept {
    std::uint64_t one = 1;
    ssize_t written = ::write(wake_fd_, &one, sizeof one);
    (void)written; // EAGAIN: a wake-up is already pending, which is enough
  }

  void run() {
    detail::runtime_thread_scope marker{this};
    // Timer wake-ups on this thread are not deferred to batch them with
    // others (the default slack is 50 us; 0 would mean "the default").
    ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    epoll_event events[64];
    for (;;) {
      int n = wait_for_events(events, 64);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.ptr == nullptr) {
          std::uint64_t count;
          ssize_t r = ::read(wake_fd_, &count, sizeof count);
          (void)r;
        } else {
          auto *target = static_cast<event_target *>(events[i].data.ptr);
          target->on_event(target, events[i].events);
        }
      }
      fire_expired_timers();
      bool stopping = run_posted();
      if (stopping) {
        cancel_everything();
        run_posted();
        if (timers_.empty() && armed_ops_.empty() && queue_empty())
          return;
      }
    }
  }

  /// How long the loop may block: nullopt for "until an event", zero for
  /// "just poll" (work is queued), else the time to the earliest deadline.
  std::optional<clock::duration> next_timeout() {
    if (!posted_locally_.empty())
      return clock::duration::zero();
    {
      std::lock_guard lock(post_lock_);
      if (!posted_.empty() || stopping_)
        return clock::duration::zero();
      blocking_ = true; // from now on a post must wake us
    }
    if (timers_.empty())
      return std::nullopt;
    auto wait = timers_.top()->deadline - clock::now();
    return wait > clock::duration::zero() ? wait : clock::duration::zero();
  }

  static timespec to_timespec(clock::duration d) noexcept {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    ts.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    return ts;
  }

  /// Blocks for events until the earliest timer is due (with nanosecond
  /// resolution); returns the number of events (0 on timeout or EINTR).
  int wait_for_events(epoll_event *events, int max_events) {
    std::optional<clock::duration> timeout = next_timeout();
#if COROGUARD_HAVE_EPOLL_PWAIT2
    if (use_epoll_pwait2_) {
      // A relative timeout: the kernel waits at least this long, and we
      // computed it before the call, so we never wake before the deadline.
      timespec ts{};
      if (timeout)
        ts = to_timespec(*timeout);
      int n = ::epoll_pwait2(epoll_fd_, events, max_events,
                             timeout ? &ts : nullptr, nullptr);
      if (n >= 0)
        return n;
      if (errno != ENOSYS)
        return 0; // EINTR: look at the timers and the queue again
      use_epoll_pwait2_ = false; // kernel before 5.11
    }
#endif
    int ms = -1;
    if (timeout && *timeout == clock::duration::zero())
      ms = 0;
    else if (timeout)
      arm_timer_fd(timers_.top()->deadline);
    int n = ::epoll_wait(epoll_fd_, events, max_events, ms);
    return n > 0 ? n : 0;
  }

  /// Makes the timerfd (created on first use) fire at `deadline`. It is
  /// armed with an absolute CLOCK_MONOTONIC time (steady_clock's clock), so
  /// it cannot fire early however late we get here.
  void arm_timer_fd(clock::time_point deadline) {
    if (timer_fd_ < 0) {
      timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
      if (timer_fd_ < 0)
        throw std::system_error(errno, std::generic_category(),
                                "timerfd_create");
      timer_target_.on_event = [](event_target *self, std::uint32_t) noexcept {
        auto *fd = static_cast<timer_fd_target *>(self);
        std::uint64_t expirations;
        ssize_t r =
            ::read(fd->loop->timer_fd_, &expirations, sizeof expirations);
        (void)r; // EAGAIN: already drained; the deadlines are checked anyway
        fd->loop->timer_fd_deadline_.reset();
      };
      timer_target_.loop = this;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.ptr = &timer_target_;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, timer_fd_, &ev);
    }
    if (timer_fd_deadline_ == deadline)
      return; // already armed for it and not fired yet
    itimerspec spec{};
    spec.it_value = to_timespec(deadline.time_since_epoch());
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0)
      spec.it_value.tv_nsec = 1; // all zero would disarm
    ::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
    timer_fd_deadline_ = deadline;
  }

  void fire_expired_timers() {
    auto now = clock::now();
    while (!timers_.empty() && timers_.top()->deadline <= now) {
      auto *op = static_cast<sleep_operation *>(timers_.top());
      timers_.erase(op);
      op->armed_ = false;
      op->finish();
    }
  }

  bool queue_empty() {
    std::lock_guard lock(post_lock_);
    return posted_.empty() && posted_locally_.empty();
  }

  /// Runs everything posted so far; returns whether shutdown was requested.
  bool run_posted() {
    node_list batch;
    bool stopping;
    {
      std::lock_guard lock(post_lock_);
      batch = posted_.take_all();
      stopping = stopping_;
      blocking_ = false; // awake: posts need not wake us until we block
    }
    stopping_seen_ = stopping;
    run_list(batch);
    // Work queued locally by what just ran (and by earlier events).
    run_list(posted_locally_.take_all());
    return stopping;
  }

  using node_list = detail::intrusive_fifo<detail::loop_node>;

  static void run_list(node_list nodes) noexcept {
    while (detail::loop_node *node = nodes.pop_front())
      node->run(node); // may free the node: the list is already past it
  }

  void cancel_everything() {
    while (!timers_.empty())
      static_cast<sleep_operation *>(timers_.top())->cancel_from_loop();
    while (!armed_ops_.empty())
      (*armed_ops_.begin())->cancel_from_loop();
  }

  // What post() touches, on cache lines of its own: the loop thread's state
  // below (the timer heap, written on every timer start and expiry) would
  // otherwise share a line with the queue lock, and every post from another
  // thread would miss on it.
  alignas(64) int epoll_fd_ = -1;
  int wake_fd_ = -1;
  detail::spin_lock post_lock_; // guards posted_, stopping_, blocking_
  node_list posted_;
  bool stopping_ = false;
  bool blocking_ = false; // the loop may be blocked in epoll

  // Loop-thread state:
  alignas(64) detail::timer_heap timers_;
  bool stopping_seen_ = false; // see stopping_seen()
#if COROGUARD_HAVE_EPOLL_PWAIT2
  bool use_epoll_pwait2_ = true;
#endif
  // The timerfd fallback (created on first use), and what it is armed for.
  struct timer_fd_target : event_target {
    event_loop *loop = nullptr;
  };
  int timer_fd_ = -1;
  timer_fd_target timer_target_{};
  std::optional<clock::time_point> timer_fd_deadline_;
  std::unordered_set<detail::loop_operation *> armed_ops_;
  node_list posted_locally_; // post_local()
  std::thread thread_;
};

namespace detail {

inline bool loop_operation::suspend(std::coroutine_handle<> awaiting,
                                    std::stop_token st) {
  if (st.stop_requested()) {
    cancelled_ = true;
    return false; // never started: complete at once with the cancellation
  }
  handle_ = awaiting;
  submit_node_.run = &on_submit;
  submit_node_.op = this;
  cancel_node_.run = &on_cancel;
  cancel_node_.op = this;
  if (st.stop_possible())
    callback_.emplace(std::move(st), cancel_fn{this});
  // On the loop thread, queue locally rather than arming inline: an
  // operation that is already done would otherwise resume us recursively.
  if (loop_->on_loop_thread())
    loop_->post_local(&submit_node_);
  else
    loop_->post(&submit_node_);
  return true;
}

inline void loop_operation::cancel_fn::operator()() const noexcept {
  int expected = pending;
  if (op->state_.compare_exchange_strong(expected, cancel_requested,
                                         std::memory_order_acq_rel))
    op->loop_->post(&op->cancel_node_);
}

inline void loop_operation::on_submit(loop_node *node) noexcept {
  loop_operation *op = static_cast<op_node *>(node)->op;
  op->submitted_ = true;
  if (op->state_.load(std::memory_order_acquire) == cancel_requested) {
    if (op->cancel_processed_)
      op->resume_cancelled();
    return; // the cancel node, still queued, resumes it
  }
  if (op->loop_->stopping_seen()) {
    op->cancel_from_loop();
    return;
  }
  op->arm();
}

inline void loop_operation::on_cancel(loop_node *node) noexcept {
  loop_operation *op = static_cast<op_node *>(node)->op;
  op->cancel_processed_ = true;
  if (!op->submitted_)
    return; // the submit node, still queued, resumes it
  if (op->armed_)
    op->disarm();
  op->resume_cancelled();
}

inline void loop_operation::finish() noexcept {
  int expected = pending;
  if (state_.compare_exchange_strong(expected, finished,
                                     std::memory_order_acq_rel)) {
    handle_.resume();
    return;
  }
  // A stop callback got there first: its cancel node, still queued (it cannot
  // have run, or we would have been disarmed), resumes us.
}

} // namespace detail
} // namespace coroguard

#endif // COROGUARD_EVENT_LOOP_HPP
