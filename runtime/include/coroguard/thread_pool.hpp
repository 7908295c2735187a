// coroguard/thread_pool.hpp - a fixed set of worker threads that resume
// coroutines: `co_await pool.schedule()` continues the awaiting coroutine on
// one of the workers.
//
// The queue is intrusive (the awaiter in the suspended coroutine's frame is the
// queue node), so scheduling never allocates. Idle workers sleep on a
// condition variable; they are only woken when work arrives and some worker is
// actually asleep, so the pool does not spin and an uncontended schedule does
// not make a system call.
//
// Shutdown (the destructor, or shutdown()) lets the workers finish every
// operation already queued, including work queued by that work, then joins
// them. Coroutines must not schedule onto a pool after it has been destroyed.
//
// COROGUARD_LONG_LIVED: a pool is made to outlive the coroutines that hold a
// reference to it (it drains their work before it goes), so the checks do not
// treat such a reference as dangling.
#ifndef COROGUARD_THREAD_POOL_HPP
#define COROGUARD_THREAD_POOL_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/runtime_thread.hpp"

#include <algorithm>
#include <condition_variable>
#include <coroutine>
#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace coroguard {

class COROGUARD_LONG_LIVED thread_pool {
public:
  /// Starts `thread_count` workers (at least one).
  explicit thread_pool(std::size_t thread_count =
                           std::max(1u, std::thread::hardware_concurrency())) {
    if (thread_count == 0)
      throw std::invalid_argument("coroguard::thread_pool: thread_count == 0");
    workers_.reserve(thread_count);
    for (std::size_t i = 0; i < thread_count; ++i)
      workers_.emplace_back([this] { run_worker(); });
  }

  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;

  ~thread_pool() { shutdown(); }

  /// Awaiter returned by schedule(); it is the queue node while suspended.
  class schedule_operation {
  public:
    explicit schedule_operation(thread_pool &pool) noexcept : pool_(&pool) {}
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> awaiting) noexcept {
      handle_ = awaiting;
      pool_->enqueue(this);
    }
    void await_resume() const noexcept {}

  private:
    friend class thread_pool;
    thread_pool *pool_;
    std::coroutine_handle<> handle_;
    schedule_operation *next_ = nullptr;
  };

  /// `co_await pool.schedule()` resumes the caller on a worker thread. Always
  /// suspends, even on a worker (so it doubles as a fair yield).
  [[nodiscard]] schedule_operation schedule() noexcept {
    return schedule_operation{*this};
  }

  std::size_t thread_count() const noexcept { return workers_.size(); }

  /// True when called on one of this pool's workers.
  bool on_worker_thread() const noexcept {
    return detail::current_runtime_owner == this;
  }

  /// Runs all queued work to completion, then joins the workers. Idempotent.
  /// Must not be called from one of this pool's workers.
  void shutdown() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto &worker : workers_)
      if (worker.joinable())
        worker.join();
  }

private:
  void enqueue(schedule_operation *op) noexcept {
    std::lock_guard lock(mutex_);
    if (tail_ != nullptr)
      tail_->next_ = op;
    else
      head_ = op;
    tail_ = op;
    // Notify while still holding the lock: once we unlock, the operation can
    // run, finish everything, and let its owner destroy the pool, so the pool
    // (and its condition variable) must not be touched after that point.
    if (sleeping_ > 0)
      wake_.notify_one();
  }

  // Workers take up to this many operations per lock acquisition. Taking a
  // batch divides lock traffic (and convoys when threads are preempted while
  // holding the lock) by up to this factor; keeping it small bounds how long
  // queued work can wait behind the batch of one busy worker.
  static constexpr int batch_limit = 16;

  void run_worker() {
    detail::runtime_thread_scope marker{this};
    std::unique_lock lock(mutex_);
    for (;;) {
      while (head_ == nullptr) {
        if (stopping_)
          return;
        ++sleeping_;
        wake_.wait(lock);
        --sleeping_;
      }
      // Detach a prefix of at most batch_limit operations.
      schedule_operation *batch = head_;
      schedule_operation *last = batch;
      for (int taken = 1; taken < batch_limit && last->next_ != nullptr;
           ++taken)
        last = last->next_;
      head_ = last->next_;
      if (head_ == nullptr)
        tail_ = nullptr;
      else if (sleeping_ > 0)
        wake_.notify_one(); // more work left: let an idle worker share it
      last->next_ = nullptr;
      lock.unlock();
      while (batch != nullptr) {
        schedule_operation *op = batch;
        batch = op->next_; // `op` lives in the frame resume() may destroy
        op->handle_.resume();
      }
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  schedule_operation *head_ = nullptr;
  schedule_operation *tail_ = nullptr;
  std::size_t sleeping_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

} // namespace coroguard

#endif // COROGUARD_THREAD_POOL_HPP
