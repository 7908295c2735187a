// bench/compare/rt_unavailable.hpp - stand-ins for what a runtime lacks (so
// far cppcoro's channel and semaphore), so workloads.hpp compiles against
// every adapter. The driver never runs a workload whose `has_*` flag is
// false; if it did, the stand-in aborts.
#ifndef COROGUARD_BENCH_COMPARE_RT_UNAVAILABLE_HPP
#define COROGUARD_BENCH_COMPARE_RT_UNAVAILABLE_HPP

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace unavailable {

struct never {
  bool await_ready() const noexcept { std::abort(); }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  std::uint64_t await_resume() const noexcept { return 0; }
};

template <std::size_t Capacity> struct channel {
  never send(std::uint64_t) { return {}; }
  never receive() { return {}; }
};

struct semaphore {
  explicit semaphore(std::size_t) {}
  never acquire() { return {}; }
  never release() { return {}; }
};

} // namespace unavailable

#endif // COROGUARD_BENCH_COMPARE_RT_UNAVAILABLE_HPP
