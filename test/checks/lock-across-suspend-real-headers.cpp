// The Boost.Thread and Abseil headers Debian installs (libboost-dev,
// libabsl-dev), not stand-ins: the profiles' names and Abseil's own
// thread-safety attributes against the real declarations.
// REQUIRES: boost-thread, abseil
// RUN: %check_coroguard %s coroguard-lock-across-suspend %t -- -- -isystem %inputs

#include <absl/synchronization/mutex.h>
#include <boost/thread/locks.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/thread/shared_mutex.hpp>
#include <cppcoro.h>

cppcoro::task<void> step();
absl::Mutex am;
boost::mutex bm;
boost::shared_mutex bsm;

cppcoro::task<void> absl_guard() {
  absl::MutexLock l(&am);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'l' (absl::MutexLock) holds a thread-owned lock across this co_await in coroutine 'absl_guard'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'l' locks 'am' here
}

cppcoro::task<void> absl_manual() {
  am.Lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'am' (absl::Mutex) is locked across this co_await in coroutine 'absl_manual'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'am' is locked here
  am.Unlock();
}

cppcoro::task<void> absl_released() {
  absl::ReleasableMutexLock l(&am);
  l.Release();
  co_await step();
}

cppcoro::task<void> absl_reader_unlocked() {
  am.ReaderLock();
  am.ReaderUnlock();
  co_await step();
}

cppcoro::task<void> boost_unique() {
  boost::unique_lock<boost::mutex> l(bm);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'l' (boost::unique_lock<boost::mutex>) holds a thread-owned lock across this co_await in coroutine 'boost_unique'
  // CHECK-NOTES: :[[@LINE-3]]:36: note: 'l' locks 'bm' here
}

cppcoro::task<void> boost_scoped_lock_unlocked() {
  boost::mutex::scoped_lock l(bm);
  l.unlock();
  co_await step();
}

cppcoro::task<void> boost_shared() {
  boost::shared_lock<boost::shared_mutex> l(bsm);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'l' (boost::shared_lock<boost::shared_mutex>) holds a thread-owned lock across this co_await in coroutine 'boost_shared'
  // CHECK-NOTES: :[[@LINE-3]]:43: note: 'l' locks 'bsm' here
}
