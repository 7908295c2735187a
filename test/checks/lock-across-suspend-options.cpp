// RUN: %check_coroguard %s coroguard-lock-across-suspend %t -- \
// RUN:   -config="{CheckOptions: {coroguard.LockTypes: 'legacy::SpinLock;legacy::Hold', \
// RUN:     coroguard-lock-across-suspend.AsyncLockTypes: 'fibers::.*', \
// RUN:     coroguard.AllowedAwaitables: 'inline_awaitable'}}" \
// RUN:   -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=DEFAULT %s coroguard-lock-across-suspend %t -- -- -isystem %inputs

// Options: more thread-owned lock types (LockTypes), more async locks
// (AsyncLockTypes, check-local key), awaitables that never suspend
// (AllowedAwaitables).

#include <cppcoro.h>
#include <mutex>

cppcoro::task<void> step();

namespace legacy {
class SpinLock {
public:
  void lock();
  void unlock();
};
class Hold {
public:
  explicit Hold(SpinLock &s);
  ~Hold();
};
} // namespace legacy

namespace fibers {
class Mutex {
public:
  void lock();
  void unlock();
};
} // namespace fibers

struct inline_awaitable {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};

legacy::SpinLock spin;
fibers::Mutex fm;
std::mutex m;

cppcoro::task<void> spin_by_hand() {
  spin.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'spin' (legacy::SpinLock) is locked across this co_await in coroutine 'spin_by_hand'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'spin' is locked here
  spin.unlock();
}

cppcoro::task<void> spin_guard() {
  legacy::Hold h(spin);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'h' (legacy::Hold) holds a thread-owned lock across this co_await in coroutine 'spin_guard'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: 'h' locks 'spin' here
}

cppcoro::task<void> fiber_mutex_in_std_guard() {
  std::lock_guard g(fm);
  co_await step();
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'g' (std::lock_guard<fibers::Mutex>) holds a thread-owned lock across this co_await in coroutine 'fiber_mutex_in_std_guard'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES-DEFAULT: :[[@LINE-3]]:19: note: 'g' locks 'fm' here
}

cppcoro::task<void> allowed_awaitable() {
  std::lock_guard g(m);
  co_await inline_awaitable{};
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'allowed_awaitable'
  // CHECK-NOTES-DEFAULT: :[[@LINE-3]]:19: note: 'g' locks 'm' here
}
