// coroguard/detail/futex_event.hpp - a one-shot, single-waiter event.
//
// set() costs one atomic exchange and makes a system call only if the waiter
// is actually asleep; wait() returns without any system call when the event
// was already set. That keeps sync_wait of a synchronously completing task
// cheap, unlike a mutex + condition_variable pair.
#ifndef COROGUARD_DETAIL_FUTEX_EVENT_HPP
#define COROGUARD_DETAIL_FUTEX_EVENT_HPP

#include <atomic>
#include <cstdint>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace coroguard::detail {

class futex_event {
public:
  void set() noexcept {
    if (state_.exchange(is_set, std::memory_order_acq_rel) == has_sleeper)
      wake();
  }

  bool is_set_now() const noexcept {
    return state_.load(std::memory_order_acquire) == is_set;
  }

  void wait() noexcept {
    std::uint32_t expected = not_set;
    if (state_.compare_exchange_strong(expected, has_sleeper,
                                       std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
      while (state_.load(std::memory_order_acquire) == has_sleeper)
        sleep(has_sleeper);
    }
  }

private:
  static constexpr std::uint32_t not_set = 0, is_set = 1, has_sleeper = 2;

#if defined(__linux__)
  void wake() noexcept {
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(&state_),
              FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }
  void sleep(std::uint32_t value) noexcept {
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(&state_),
              FUTEX_WAIT_PRIVATE, value, nullptr, nullptr, 0);
  }
#else
  void wake() noexcept { state_.notify_one(); }
  void sleep(std::uint32_t value) noexcept { state_.wait(value); }
#endif

  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
  std::atomic<std::uint32_t> state_{not_set};
};

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_FUTEX_EVENT_HPP
