// RUN: %check_coroguard %s coroguard-lock-across-suspend %t -- -- -isystem %inputs -isystem %inputs/lock-across-suspend

#include <abseil.h>
#include <async_locks.h>
#include <boost_thread.h>

cppcoro::task<void> step();
void use(int);

// ---- Boost.Thread -------------------------------------------------------------

boost::mutex bm;
boost::shared_mutex bsm;

cppcoro::task<void> boost_guard() {
  boost::lock_guard<boost::mutex> g(bm);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'g' (boost::lock_guard<boost::mutex>) holds a thread-owned lock across this co_await in coroutine 'boost_guard'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:35: note: 'g' locks 'bm' here
}

cppcoro::task<void> boost_scoped_lock_typedef() {
  boost::mutex::scoped_lock lk(bm);
  lk.unlock();
  co_await step();
}

cppcoro::task<void> boost_shared() {
  boost::shared_lock<boost::shared_mutex> reader(bsm);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'reader' (boost::shared_lock<boost::shared_mutex>) holds a thread-owned lock across this co_await in coroutine 'boost_shared'
  // CHECK-NOTES: :[[@LINE-3]]:43: note: 'reader' locks 'bsm' here
}

cppcoro::task<void> boost_upgrade() {
  bsm.lock_upgrade();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'bsm' (boost::shared_mutex) is locked across this co_await in coroutine 'boost_upgrade'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'bsm' is locked here
  bsm.unlock_upgrade();
}

cppcoro::task<void> boost_manual_unlocked() {
  bm.lock();
  use(1);
  bm.unlock();
  co_await step();
}

// ---- Abseil ---------------------------------------------------------------

absl::Mutex am;

cppcoro::task<void> absl_guard() {
  absl::MutexLock l(&am);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'l' (absl::MutexLock) holds a thread-owned lock across this co_await in coroutine 'absl_guard'
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'l' locks 'am' here
}

cppcoro::task<void> absl_reader() {
  absl::ReaderMutexLock l(&am);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'l' (absl::ReaderMutexLock) holds a thread-owned lock across this co_await in coroutine 'absl_reader'
  // CHECK-NOTES: :[[@LINE-3]]:25: note: 'l' locks 'am' here
}

cppcoro::task<void> absl_manual() {
  am.Lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'am' (absl::Mutex) is locked across this co_await in coroutine 'absl_manual'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'am' is locked here
  am.Unlock();
}

cppcoro::task<void> absl_manual_unlocked() {
  am.ReaderLock();
  use(1);
  am.ReaderUnlock();
  co_await step();
}

cppcoro::task<void> absl_releasable() {
  absl::ReleasableMutexLock l(&am);
  use(1);
  l.Release();
  co_await step();
}

// ---- Async locks: made to be held across co_await ------------------------

coro::mutex cm;
cppcoro::async_mutex am2;
folly::coro::Mutex fm;
async_simple::coro::Mutex asm_;

coro::task<void> libcoro_lock() {
  auto lk = co_await cm.scoped_lock();
  co_await step();
}

cppcoro::task<void> cppcoro_lock() {
  auto lk = co_await am2.scoped_lock_async();
  co_await step();
}

folly::coro::Task<void> folly_lock() {
  std::unique_lock<folly::coro::Mutex> lk = co_await fm.co_scoped_lock();
  co_await step();
}

folly::coro::Task<void> folly_try_lock() {
  if (fm.try_lock()) {
    co_await step();
    fm.unlock();
  }
}

async_simple::coro::Lazy<void> async_simple_lock() {
  co_await asm_.coLock();
  std::unique_lock<async_simple::coro::Mutex> lk(asm_, std::adopt_lock);
  co_await step();
}
