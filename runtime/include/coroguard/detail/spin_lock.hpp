// coroguard/detail/spin_lock.hpp - the lock guarding a semaphore's wait
// queue, the thread pool's queues and the event loop's post queue.
//
// Its critical sections are a few pointer writes (queue or unqueue one node,
// update a state word) and never call user code, so waiting for it is
// better spent spinning than sleeping: std::mutex (glibc) parks a contended
// locker in the kernel at once, which turned every contended hand-off
// between two pool threads into futex system calls. Unlocking is a
// plain store, not a read-modify-write, and while the process has one thread
// so is locking. A locker that keeps finding it taken
// (its holder was preempted) yields its time slice instead of burning it.
#ifndef COROGUARD_DETAIL_SPIN_LOCK_HPP
#define COROGUARD_DETAIL_SPIN_LOCK_HPP

#include "coroguard/detail/single_thread.hpp"

#include <atomic>
#include <thread>

namespace coroguard::detail {

/// Tells the CPU we are spinning (frees pipeline resources for the sibling
/// hyper-thread and avoids a memory-order mis-speculation on exit).
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  asm volatile("yield" ::: "memory");
#endif
}

/// A test-and-test-and-set lock for tiny critical sections; meets
/// Lockable (use with std::lock_guard).
class spin_lock {
public:
  void lock() noexcept {
    if (process_single_threaded()) {
      locked_.store(true, std::memory_order_relaxed); // see single_thread.hpp
      return;
    }
    while (locked_.exchange(true, std::memory_order_acquire)) [[unlikely]]
      wait_until_free();
  }
  bool try_lock() noexcept {
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
  [[gnu::noinline]] void wait_until_free() noexcept {
    for (int spins = 0; locked_.load(std::memory_order_relaxed); ++spins) {
      if (spins < 100)
        cpu_relax();
      else
        std::this_thread::yield();
    }
  }

  std::atomic<bool> locked_{false};
};

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_SPIN_LOCK_HPP
