// coroguard/thread_pool.hpp - a fixed set of worker threads that resume
// coroutines: `co_await pool.schedule()` continues the awaiting coroutine on
// one of the workers.
//
// Queues. The queues are intrusive (the awaiter in the suspended coroutine's
// frame is the queue node), so scheduling never allocates. Each worker has a
// local FIFO queue; a schedule made on a worker goes to that worker's queue,
// a schedule made on any other thread goes to the shared FIFO queue. A worker
// runs its local queue in order, moves the shared queue behind it when it
// runs dry and also every few operations (so that a stream of local yields
// cannot starve outside work), and when both are empty takes (steals) the
// older half of another worker's queue. The owner pops one operation at a
// time, so nothing it queued is stranded while it is blocked in a long
// resume: an idle worker can always take it.
//
// The lone operation. A coroutine that yields, or hops while the rest of the
// program waits on it (a mutex held across a schedule, a chain of awaits),
// leaves exactly one operation in its worker's queue, which that worker pops
// next. A searching worker that took it would move the coroutine's frame to
// another core on every hop and leave the owner searching in turn, so a
// search takes a queue's only operation only when the owner has not taken
// any operation for `lone_node_grace` (it is stuck inside a long resume).
// Queues of two or more are stolen from at once, and a worker about to sleep
// takes even a lone operation, so nothing queued waits behind a blocked
// owner for longer than the grace while another worker is awake.
//
// Wake-ups. Every queue (each local one and the shared one) has its own spin
// lock; a mutex and a condition variable serve sleeping. A worker that runs out
// of work first *searches* (polls the queues about once a microsecond for 20
// microseconds, then yields the CPU a few times) and only then sleeps on a
// condition variable. A schedule wakes a sleeper only when no worker is
// searching, and a woken worker counts as searching from the moment it is
// woken, so a fan-out of many schedules wakes one worker, not one per schedule,
// and a steady stream of schedules onto a pool that keeps up makes none. When
// the last searching worker finds work it wakes one more sleeper (which
// searches in turn), so wake-ups spread to as many workers as there is work
// for.
//
// Why no work is lost (no worker sleeps while an operation is queued that no
// running worker will reach): a searcher stops counting itself in
// `searching_`, then, under the sleep mutex, counts itself in `idle_` and
// checks every queue under that queue's lock before it waits. A schedule
// publishes its node under a queue's lock and then reads `searching_` and
// `idle_` (all seq_cst). Either the sleeper's check took that queue's lock
// after the schedule released it (and saw the node), or the sleeper's updates
// happen before the schedule's reads (and the schedule sees no searcher and
// an idle worker, and wakes it). An outside schedule reads them, and wakes,
// while it still holds the shared queue's lock (after that the pool may be
// gone), so the sleeper only try-locks that queue under the sleep mutex, and
// searches again instead of sleeping when it is taken.
//
// Shutdown (the destructor, or shutdown()) lets the workers finish every
// operation already queued, including work queued by that work: the workers
// stop only when all of them are idle with every queue empty. Then it joins
// them. Coroutines must not schedule onto a pool after it has been destroyed.
//
// COROGUARD_LONG_LIVED: a pool is made to outlive the coroutines that hold a
// reference to it (it drains their work before it goes), so the checks do not
// treat such a reference as dangling.
#ifndef COROGUARD_THREAD_POOL_HPP
#define COROGUARD_THREAD_POOL_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/pool_queue.hpp"
#include "coroguard/detail/runtime_thread.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace coroguard {

class COROGUARD_LONG_LIVED thread_pool {
public:
  /// Starts `thread_count` workers (at least one).
  explicit thread_pool(std::size_t thread_count =
                           std::max(1u, std::thread::hardware_concurrency()))
      : thread_count_(thread_count) {
    if (thread_count == 0)
      throw std::invalid_argument("coroguard::thread_pool: thread_count == 0");
    queues_ = std::make_unique<detail::worker_queue[]>(thread_count);
    workers_.reserve(thread_count);
    for (std::size_t i = 0; i < thread_count; ++i)
      workers_.emplace_back([this, i] { run_worker(i); });
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
      node_.handle = awaiting;
      pool_->enqueue(&node_);
    }
    void await_resume() const noexcept {}

  private:
    thread_pool *pool_;
    detail::pool_node node_;
  };

  /// `co_await pool.schedule()` resumes the caller on a worker thread. Always
  /// suspends, even on a worker (so it doubles as a fair yield: the caller
  /// goes behind everything already queued on its worker).
  [[nodiscard]] schedule_operation schedule() noexcept {
    return schedule_operation{*this};
  }

  std::size_t thread_count() const noexcept { return thread_count_; }

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
      // Everyone asleep with nothing queued: nothing can come. (If an outside
      // schedule is still being queued, its wake-up runs the work, and the
      // last worker to go idle afterwards finishes.)
      if (idle_.load() == thread_count_ && shared_empty_now())
        finish_locked();
    }
    for (auto &worker : workers_)
      if (worker.joinable())
        worker.join();
  }

private:
  // A worker moves the shared queue behind its local one every this many
  // operations even when it has local work, bounding how long outside work
  // waits behind a worker that keeps yielding.
  static constexpr unsigned shared_poll_interval = 32;
  // A thief takes at most this many operations at once (it walks them).
  static constexpr std::size_t steal_limit = 64;
  // Searching: poll the queues for this long, then yield the
  // CPU this many times, then sleep. Long enough to bridge the gap between
  // two schedules of a busy producer, short enough not to matter when idle.
  static constexpr std::chrono::microseconds spin_time{20};
  // Searching polls the queues this often. Reading a queue pulls its line
  // away from the worker that owns it, which then pays for that on its next
  // push or pop, so the search polls a few times a microsecond, not nonstop
  // (a pause instruction lasts from 1 to 40 ns depending on the CPU, so the
  // interval is measured in time).
  static constexpr std::chrono::nanoseconds poll_interval{1000};
  // How long a searching worker leaves a lone queued operation to its
  // owner (see "The lone operation"). Go's scheduler waits 3 us before it
  // steals a running P's `runnext` for the same reason (runtime/proc.go,
  // runqgrab): a hand-off between coroutines takes tens of nanoseconds.
  static constexpr std::chrono::microseconds lone_node_grace{3};
  static constexpr int yield_rounds = 4;

  // Only this pool's workers have a local queue; one thread serves one pool.
  static inline thread_local detail::worker_queue *current_queue_ = nullptr;

  void enqueue(detail::pool_node *node) noexcept {
    if (detail::current_runtime_owner == this) {
      current_queue_->push(node);
      // Touching the pool after publishing is safe here: this thread is a
      // worker, and the pool cannot be destroyed before it is joined.
      wake_one_if_needed();
      return;
    }
    std::lock_guard lock(shared_lock_);
    shared_.push_back(node);
    shared_size_.store(shared_.size(), std::memory_order_relaxed);
    // Decide and notify before unlocking: once we unlock, the operation can
    // run, finish everything, and let its owner destroy the pool, so the pool
    // must not be touched after that point. Taking mutex_ inside
    // shared_lock_ cannot deadlock: code holding mutex_ only try-locks
    // shared_lock_ (see park).
    wake_one_if_needed();
  }

  /// After publishing work: wakes one sleeper unless a worker is already
  /// searching. The check without the sleep mutex keeps a schedule that
  /// needs no wake-up (the common case) from taking it.
  void wake_one_if_needed() noexcept {
    if (searching_.load() == 0 && idle_.load() > 0) {
      std::lock_guard lock(mutex_);
      wake_one_locked();
    }
  }

  /// mutex_ held. Wakes one sleeper unless a worker is already searching.
  void wake_one_locked() noexcept {
    if (searching_.load() != 0 || idle_.load() == 0)
      return;
    // The woken worker counts as searching (and no longer idle) from now on,
    // so further schedules do not wake anyone else for the same work.
    idle_.fetch_sub(1);
    searching_.fetch_add(1);
    ++wakes_;
    wake_.notify_one();
  }

  /// mutex_ held: the workers may stop; wake the sleepers so they do.
  void finish_locked() noexcept {
    finished_ = true;
    wake_.notify_all();
  }

  void run_worker(std::size_t index) {
    detail::runtime_thread_scope marker{this};
    detail::worker_queue &own = queues_[index];
    current_queue_ = &own;
    bool searching = false;
    unsigned turn = 0;
    for (;;) {
      if (++turn % shared_poll_interval == 0 &&
          shared_size_.load(std::memory_order_relaxed) != 0)
        take_shared(own);
      detail::pool_node *node = own.pop();
      if (node == nullptr) {
        if (!searching) {
          searching = true;
          searching_.fetch_add(1);
        }
        node = search(own, index);
        while (node == nullptr) {
          searching = false;
          searching_.fetch_sub(1);
          switch (park(own, index, node)) {
          case park_result::found:
            break;
          case park_result::woken:
            searching = true; // counted by the waker
            node = search(own, index);
            break;
          case park_result::retry:
            searching = true;
            searching_.fetch_add(1);
            node = search(own, index);
            break;
          case park_result::finished:
            current_queue_ = nullptr;
            return;
          }
        }
      }
      if (searching) {
        searching = false;
        // The last searcher found work: more may be queued that schedules
        // counted on it to handle, so hand the search on to a sleeper.
        if (searching_.fetch_sub(1) == 1 && idle_.load() > 0) {
          std::lock_guard lock(mutex_);
          wake_one_locked();
        }
      }
      own.count_resume();
      node->handle.resume(); // `node` lives in the frame resume() may free
    }
  }

  /// Moves the whole shared queue behind `own`.
  void take_shared(detail::worker_queue &own) noexcept {
    std::lock_guard lock(shared_lock_);
    take_shared_locked(own);
  }
  void take_shared_locked(detail::worker_queue &own) noexcept {
    if (shared_.empty())
      return;
    own.append(shared_);
    shared_size_.store(0, std::memory_order_relaxed);
  }

  /// mutex_ held: whether the shared queue is empty, false if that cannot be
  /// told without waiting (an outside schedule holds its lock).
  bool shared_empty_now() noexcept {
    std::unique_lock lock(shared_lock_, std::try_to_lock);
    return lock.owns_lock() && shared_.empty();
  }

  /// Takes from another worker's queue: runs the first stolen operation,
  /// keeps the rest in `own` (where others can take them in turn). With
  /// `exact`, looks under every lock instead of trusting the size hints, and
  /// takes a lone operation at once.
  detail::pool_node *steal(detail::worker_queue &own, std::size_t index,
                           bool exact) noexcept {
    for (std::size_t k = 1; k < thread_count_; ++k) {
      detail::worker_queue &victim = queues_[(index + k) % thread_count_];
      if (!exact) {
        std::size_t queued = victim.size_hint.load(std::memory_order_relaxed);
        if (queued == 0 || (queued == 1 && !owner_stuck(victim)))
          continue;
      }
      detail::node_list batch = victim.steal_half(steal_limit);
      if (detail::pool_node *first = batch.pop_front()) {
        own.append(batch);
        return first;
      }
    }
    return nullptr;
  }

  /// Whether `victim`'s owner stays inside one resume for `lone_node_grace`
  /// while one operation waits in its queue; false as soon as the owner takes
  /// an operation (or a thief takes the lone one). See "The lone operation".
  static bool owner_stuck(detail::worker_queue &victim) noexcept {
    // Read the owner's counter twice, not continually: every read pulls the
    // line the owner writes on each operation away from its core.
    const std::uint64_t seen = victim.resumes.load(std::memory_order_relaxed);
    pause_until(std::chrono::steady_clock::now() + lone_node_grace);
    return victim.resumes.load(std::memory_order_relaxed) == seen &&
           victim.size_hint.load(std::memory_order_relaxed) != 0;
  }

  /// Spins (with the CPU's pause hint) until `deadline`.
  static void pause_until(std::chrono::steady_clock::time_point deadline) {
    do {
      for (int pause = 0; pause < 4; ++pause)
        detail::cpu_relax();
    } while (std::chrono::steady_clock::now() < deadline);
  }

  /// Polls for work for a short while before the worker goes to sleep.
  detail::pool_node *search(detail::worker_queue &own, std::size_t index) {
    auto try_once = [&]() -> detail::pool_node * {
      if (shared_size_.load(std::memory_order_relaxed) != 0) {
        take_shared(own);
        if (detail::pool_node *node = own.pop())
          return node;
      }
      return steal(own, index, false);
    };
    const auto give_up = std::chrono::steady_clock::now() + spin_time;
    for (;;) {
      if (detail::pool_node *node = try_once())
        return node;
      const auto now = std::chrono::steady_clock::now();
      if (now >= give_up)
        break;
      pause_until(now + poll_interval);
    }
    // Let a producer that shares our core run before we commit to sleeping.
    for (int i = 0; i < yield_rounds; ++i) {
      std::this_thread::yield();
      if (detail::pool_node *node = try_once())
        return node;
    }
    return nullptr;
  }

  enum class park_result { found, woken, retry, finished };

  /// Called after leaving the searching state: a final check of every queue,
  /// then sleep until woken. See "Why no work is lost" at the top.
  park_result park(detail::worker_queue &own, std::size_t index,
                   detail::pool_node *&node) {
    std::unique_lock lock(mutex_);
    idle_.fetch_add(1);
    {
      // An outside schedule may hold shared_lock_ while it waits for mutex_
      // to wake us: never wait for shared_lock_ here. If it is taken, work
      // may be arriving: search again instead of sleeping.
      std::unique_lock shared_lock(shared_lock_, std::try_to_lock);
      if (!shared_lock.owns_lock()) {
        idle_.fetch_sub(1);
        return park_result::retry;
      }
      take_shared_locked(own);
    }
    node = own.pop();
    if (node == nullptr)
      node = steal(own, index, true);
    if (node != nullptr) {
      idle_.fetch_sub(1);
      // Schedules may have skipped waking anyone because we were searching;
      // we take only part of their work, so pass the search on.
      wake_one_locked();
      return park_result::found;
    }
    if (stopping_ && idle_.load() == thread_count_) {
      finish_locked(); // all idle, all queues empty: nothing can come
      return park_result::finished;
    }
    wake_.wait(lock, [&] { return wakes_ > 0 || finished_; });
    if (finished_)
      return park_result::finished;
    --wakes_;
    return park_result::woken;
  }

  const std::size_t thread_count_;
  std::unique_ptr<detail::worker_queue[]> queues_;

  detail::spin_lock shared_lock_; // guards shared_
  detail::node_list shared_;
  std::mutex mutex_; // guards wakes_, stopping_, finished_ (sleeping)
  std::condition_variable wake_;
  std::size_t wakes_ = 0; // notifications not yet consumed by a sleeper
  bool stopping_ = false;
  bool finished_ = false;
  // Read without the lock: a hint for searchers (exact under the lock).
  alignas(64) std::atomic<std::size_t> shared_size_{0};
  // Workers looking for work (including woken ones not yet running).
  alignas(64) std::atomic<std::size_t> searching_{0};
  // Workers sleeping (or about to) that no one has woken; changed under
  // mutex_, read without it as a pre-check.
  std::atomic<std::size_t> idle_{0};

  std::vector<std::thread> workers_;
};

} // namespace coroguard

#endif // COROGUARD_THREAD_POOL_HPP
