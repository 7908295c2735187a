// coroguard/detail/single_thread.hpp - atomic read-modify-writes that skip
// the bus lock while the process has only one thread.
//
// A locked instruction costs some 15-25 cycles even on an uncontended cache
// line. glibc's own locks (so std::mutex) and libstdc++'s shared_ptr skip it
// while the process is single-threaded, reading glibc's
// __libc_single_threaded; the semaphore and mutex fast paths do the same, so
// a program that has not started a thread (a test, a benchmark, a tool
// driving coroutines with sync_wait) does not pay for the atomics it does not
// need. This is sound because the flag only goes from true to false inside
// pthread_create, which the sole thread calls and which orders everything
// before it with the new thread. Without the flag (not glibc), always
// atomic.
#ifndef COROGUARD_DETAIL_SINGLE_THREAD_HPP
#define COROGUARD_DETAIL_SINGLE_THREAD_HPP

#include <atomic>
#include <type_traits>

#if defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define COROGUARD_DETAIL_HAVE_SINGLE_THREADED 1
#endif
#endif

namespace coroguard::detail {

/// Whether the process certainly has one thread (false when unknown).
inline bool process_single_threaded() noexcept {
#ifdef COROGUARD_DETAIL_HAVE_SINGLE_THREADED
  return __libc_single_threaded != 0;
#else
  return false;
#endif
}

/// `a.compare_exchange_strong(expected, desired, success, relaxed)`, done
/// with a plain load and store while the process is single-threaded.
template <class T>
bool compare_exchange(std::atomic<T> &a, T &expected,
                      std::type_identity_t<T> desired,
                      std::memory_order success) noexcept {
  if (process_single_threaded()) {
    T seen = a.load(std::memory_order_relaxed);
    if (seen != expected) {
      expected = seen;
      return false;
    }
    a.store(desired, std::memory_order_relaxed);
    return true;
  }
  return a.compare_exchange_strong(expected, desired, success,
                                   std::memory_order_relaxed);
}

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_SINGLE_THREAD_HPP
