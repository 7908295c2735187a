// Test stand-in for coroguard-dangling-reference: thread pools and I/O
// contexts under the names of libcoro and Asio (whose profiles know them as
// long-lived services), mirroring their public signatures. Declarations only;
// not the real libraries.
#pragma once
#include "dangling_tasks.h"

namespace coro {
class thread_pool {
public:
  struct operation {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  operation schedule();
  bool spawn_detached(dr::task &&task);
};
} // namespace coro

namespace asio {
class io_context {
public:
  void run();
};
} // namespace asio
