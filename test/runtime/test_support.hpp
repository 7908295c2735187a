// Shared helpers for the runtime test suites.
#ifndef COROGUARD_TEST_RUNTIME_TEST_SUPPORT_HPP
#define COROGUARD_TEST_RUNTIME_TEST_SUPPORT_HPP

#include <cstddef>

namespace coroguard::test {

// Symmetric transfer only keeps the stack flat if the compiler turns the
// transfer into a tail call. Clang always does; GCC 12 does not when ASan or
// TSan instrument the coroutine (the instrumentation blocks the sibling
// call), so long synchronous chains would overflow the stack there through no
// fault of the runtime. Those builds use shorter chains.
#if !defined(__clang__) &&                                                     \
    (defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__))
inline constexpr bool tail_call_transfer = false;
#else
inline constexpr bool tail_call_transfer = true;
#endif

/// `n` where symmetric transfer is a real tail call, else a length that fits
/// in the default 8 MiB stack even without it.
constexpr std::size_t long_chain(std::size_t n) {
  return tail_call_transfer ? n : (n < 5000 ? n : 5000);
}

} // namespace coroguard::test

#endif
