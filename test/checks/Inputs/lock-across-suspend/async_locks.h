// Test stand-ins for the async locks of profiled libraries, written from
// their public signatures; declarations only. Added beside the task types of
// the shared stand-ins (libcoro.h, folly.h, cppcoro.h, async_simple.h).
#pragma once
#include <async_simple.h>
#include <cppcoro.h>
#include <folly.h>
#include <libcoro.h>
#include <mutex>

namespace coro {
class mutex;
class scoped_lock {
public:
  explicit scoped_lock(mutex &m);
  scoped_lock(scoped_lock &&) noexcept;
  ~scoped_lock();
  void unlock();
};
class mutex {
public:
  struct lock_operation {
    bool await_ready() const noexcept;
    bool await_suspend(std::coroutine_handle<>) noexcept;
    scoped_lock await_resume();
  };
  [[nodiscard]] lock_operation scoped_lock() noexcept;
  bool try_lock();
  void unlock();
};
} // namespace coro

namespace folly::coro {
class Mutex {
public:
  struct ScopedLockOperation {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    std::unique_lock<Mutex> await_resume() noexcept;
  };
  [[nodiscard]] ScopedLockOperation co_scoped_lock() noexcept;
  bool try_lock() noexcept;
  void unlock() noexcept;
};
} // namespace folly::coro
