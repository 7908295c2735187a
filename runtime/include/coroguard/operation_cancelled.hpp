// coroguard/operation_cancelled.hpp - how cancelled operations complete.
//
// Every waiting operation of the runtime takes an optional std::stop_token:
// the event loop's timers and socket operations, and async_semaphore,
// async_mutex and channel waits. When stop is requested while the operation
// is pending - or before it starts - it completes by throwing
// coroguard::operation_cancelled into the awaiting coroutine. Loop operations
// still pending when their event_loop shuts down complete the same way.
#ifndef COROGUARD_OPERATION_CANCELLED_HPP
#define COROGUARD_OPERATION_CANCELLED_HPP

#include <stdexcept>

namespace coroguard {

class operation_cancelled : public std::runtime_error {
public:
  operation_cancelled()
      : std::runtime_error("coroguard: operation cancelled") {}
};

} // namespace coroguard

#endif // COROGUARD_OPERATION_CANCELLED_HPP
