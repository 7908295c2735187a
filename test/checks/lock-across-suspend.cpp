// RUN: %check_coroguard %s coroguard-lock-across-suspend %t -- -- -isystem %inputs

#include <cppcoro.h>
#include <coroutine>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <utility>

cppcoro::task<int> compute();
cppcoro::task<void> step();
bool ready();
void use(int);
std::mutex m, m2;
std::shared_mutex sm;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;

// ---- A guard held across co_await, and the fixes beside it ---------------

cppcoro::task<int> guard_held() {
  std::lock_guard<std::mutex> g(m);
  int v = co_await compute();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'guard_held'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'g' locks 'm' here
  co_return v;
}

cppcoro::task<int> guard_scope_ended() {
  int v = 0;
  {
    std::lock_guard<std::mutex> g(m);
    v = 1;
  }
  v += co_await compute();
  co_return v;
}

cppcoro::task<int> unique_lock_held() {
  std::unique_lock lk(m);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lk' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'unique_lock_held'
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'lk' locks 'm' here
  co_return 1;
}

cppcoro::task<int> unique_lock_unlocked() {
  std::unique_lock lk(m);
  lk.unlock();
  co_await step();
  co_return 1;
}

cppcoro::task<int> unique_lock_relocked() {
  std::unique_lock lk(m);
  lk.unlock();
  co_await step();
  lk.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lk' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'unique_lock_relocked'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'lk' locks 'm' here
  co_return 1;
}

cppcoro::task<void> deferred() {
  std::unique_lock lk(m, std::defer_lock);
  co_await step();
  lk.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lk' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'deferred'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'lk' locks 'm' here
}

cppcoro::task<void> try_to_lock() {
  std::unique_lock lk(m, std::try_to_lock);
  if (!lk.owns_lock())
    co_return;
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lk' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'try_to_lock'
  // CHECK-NOTES: :[[@LINE-5]]:20: note: 'lk' locks 'm' here
}

cppcoro::task<void> adopted() {
  m.lock();
  std::lock_guard g(m, std::adopt_lock);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'adopted'
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'g' takes over the lock on 'm' here
}

cppcoro::task<void> adopted_scope_ends() {
  m.lock();
  {
    std::lock_guard g(m, std::adopt_lock);
  }
  co_await step();
}

cppcoro::task<void> two_mutexes() {
  std::scoped_lock both(m, m2);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'both' (std::scoped_lock<std::mutex, std::mutex>) holds a thread-owned lock across this co_await in coroutine 'two_mutexes'
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'both' locks 'm' and 'm2' here
}

cppcoro::task<void> shared_reader() {
  std::shared_lock reader(sm);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'reader' (std::shared_lock<std::shared_mutex>) holds a thread-owned lock across this co_await in coroutine 'shared_reader'
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'reader' locks 'sm' here
}

// ---- Manual lock() / unlock() --------------------------------------------

cppcoro::task<void> manual() {
  m.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'manual'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' is locked here
  m.unlock();
}

cppcoro::task<void> manual_unlocked_first() {
  m.lock();
  use(1);
  m.unlock();
  co_await step();
}

cppcoro::task<void> manual_shared() {
  sm.lock_shared();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sm' (std::shared_mutex) is locked across this co_await in coroutine 'manual_shared'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'sm' is locked here
  sm.unlock_shared();
}

cppcoro::task<void> posix() {
  pthread_mutex_lock(&pm);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pm' (pthread_mutex_t) is locked across this co_await in coroutine 'posix'
  // CHECK-NOTES: :[[@LINE-3]]:22: note: 'pm' is locked here
  pthread_mutex_unlock(&pm);
}

cppcoro::task<void> posix_unlocked() {
  pthread_mutex_lock(&pm);
  pthread_mutex_unlock(&pm);
  co_await step();
}

cppcoro::task<void> std_lock_both() {
  std::lock(m, m2);
  std::lock_guard g1(m, std::adopt_lock);
  std::lock_guard g2(m2, std::adopt_lock);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'g1' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'std_lock_both'
  // CHECK-NOTES: :[[@LINE-4]]:19: note: 'g1' takes over the lock on 'm' here
  // CHECK-NOTES: :[[@LINE-3]]:3: warning: 'g2' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'std_lock_both'
  // CHECK-NOTES: :[[@LINE-5]]:19: note: 'g2' takes over the lock on 'm2' here
}

cppcoro::task<void> try_lock_branch() {
  if (m.try_lock()) {
    use(1);
    m.unlock();
  }
  co_await step();
}

cppcoro::task<void> try_lock_held() {
  if (!m.try_lock())
    co_return;
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'try_lock_held'
  // CHECK-NOTES: :[[@LINE-4]]:8: note: 'm' is locked here
  m.unlock();
}

// ---- One branch only, with the path ---------------------------------------

cppcoro::task<void> one_branch(bool fast) {
  std::unique_lock lk(m, std::defer_lock);
  if (fast)
    lk.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lk' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'one_branch'
  // CHECK-NOTES: :[[@LINE-3]]:5: note: 'lk' locks 'm' here
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'lk' is held at the co_await only on the path where this condition is true
}

cppcoro::task<void> released_on_one_branch(bool fast) {
  std::unique_lock lk(m);
  if (fast)
    lk.unlock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lk' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'released_on_one_branch'
  // CHECK-NOTES: :[[@LINE-5]]:20: note: 'lk' locks 'm' here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 'lk' is let go here on another path; it is held at the co_await on the paths that do not pass here
}

cppcoro::task<void> manual_one_branch(int n) {
  if (n > 3)
    m.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'manual_one_branch'
  // CHECK-NOTES: :[[@LINE-3]]:5: note: 'm' is locked here
  // CHECK-NOTES: :[[@LINE-5]]:7: note: 'm' is held at the co_await only on the path where this condition is true
  if (n > 3)
    m.unlock();
}

cppcoro::task<void> switch_case(int n) {
  switch (n) {
  case 1:
    m.lock();
    break;
  default:
    break;
  }
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'switch_case'
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'm' is locked here
  // CHECK-NOTES: :[[@LINE-10]]:11: note: 'm' is held at the co_await only on the paths through some cases of this switch
}

// ---- Moves and release() ------------------------------------------------

void take(std::unique_lock<std::mutex> lk);

cppcoro::task<void> moved_away() {
  std::unique_lock lk(m);
  take(std::move(lk));
  co_await step();
}

cppcoro::task<void> moved_into_local() {
  std::unique_lock lk(m);
  std::unique_lock<std::mutex> other = std::move(lk);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'other' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'moved_into_local'
  // CHECK-NOTES: :[[@LINE-3]]:32: note: 'other' takes over the lock of 'lk' here
}

cppcoro::task<void> released_still_locked() {
  std::unique_lock lk(m);
  lk.release();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'released_still_locked'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'lk' lets go of 'm' here without unlocking it
}

// ---- Loops, early returns, try/catch ---------------------------------------

cppcoro::task<void> loop_released_each_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    {
      std::lock_guard g(m);
      use(i);
    }
    co_await step();
  }
}

cppcoro::task<void> loop_held_into_next_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'loop_held_into_next_iteration'
  // CHECK-NOTES: :[[@LINE+2]]:5: note: 'm' is locked here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 'm' is taken late in one iteration of this loop and still held at the co_await in the next
    m.lock();
    use(i);
  }
  m.unlock();
}

cppcoro::task<void> loop_body_lock_after_loop(int n) {
  for (int i = 0; i < n; ++i)
    m.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'loop_body_lock_after_loop'
  // CHECK-NOTES: :[[@LINE-3]]:5: note: 'm' is locked here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: 'm' is held at the co_await only on the paths where this loop's body has run
}

cppcoro::task<int> early_return(bool stop) {
  std::unique_lock lk(m);
  if (stop)
    co_return 0;
  lk.unlock();
  co_await step();
  co_return 1;
}

cppcoro::task<int> early_return_held(bool stop) {
  std::unique_lock lk(m);
  if (stop)
    co_return 0;
  int v = co_await compute();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'lk' (std::unique_lock<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'early_return_held'
  // CHECK-NOTES: :[[@LINE-5]]:20: note: 'lk' locks 'm' here
  co_return v;
}

cppcoro::task<void> in_try() {
  try {
    std::lock_guard g(m);
    co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'in_try'
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'g' locks 'm' here
  } catch (...) {
  }
  co_await step();
}

cppcoro::task<void> in_catch() {
  try {
    use(1);
  } catch (...) {
    m.lock();
  }
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'in_catch'
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 'm' is locked here
  // CHECK-NOTES: :[[@LINE-6]]:5: note: 'm' is held at the co_await only when this handler has run
}

// ---- co_return co_await, co_return alone ---------------------------------

cppcoro::task<int> return_await() {
  std::lock_guard g(m);
  co_return co_await compute();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'return_await'
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'g' locks 'm' here
}

cppcoro::task<int> return_no_await() {
  std::lock_guard g(m);
  co_return 1;
}

// ---- Awaitables that never suspend ---------------------------------------

cppcoro::task<void> never_suspends() {
  std::lock_guard g(m);
  co_await std::suspend_never{};
}

struct ready_awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() noexcept { return 1; }
};

cppcoro::task<void> ready_constant() {
  std::lock_guard g(m);
  use(co_await ready_awaiter{});
}

// ---- co_yield in a generator ---------------------------------------------

template <class T> struct generator {
  struct promise_type {
    generator get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    std::suspend_always yield_value(T) noexcept;
    void return_void();
    void unhandled_exception();
  };
};

generator<int> yields() {
  std::lock_guard g(m);
  co_yield 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_yield in coroutine 'yields'; the coroutine may resume on another thread, where unlocking is undefined behaviour, and every thread that needs the lock blocks while it is suspended [coroguard-lock-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'g' locks 'm' here
}

generator<int> yields_unlocked() {
  {
    std::lock_guard g(m);
  }
  co_yield 1;
}

// ---- Lambdas --------------------------------------------------------------

cppcoro::task<void> lambda_invoked() {
  [&] { m.lock(); }();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' (std::mutex) is locked across this co_await in coroutine 'lambda_invoked'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' is locked inside the lambda called here
  m.unlock();
}

cppcoro::task<void> lambda_unlocks() {
  m.lock();
  auto release = [&] { m.unlock(); };
  release();
  co_await step();
}

cppcoro::task<void> lambda_not_invoked() {
  auto later = [&] { m.lock(); };
  co_await step();
  later();
  m.unlock();
}

cppcoro::task<void> lambda_guard_inside() {
  [&] {
    std::lock_guard g(m);
    use(1);
  }();
  co_await step();
}

void coroutine_lambda_inside() {
  auto body = []() -> cppcoro::task<void> {
    std::lock_guard g(m);
    co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine lambda
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'g' locks 'm' here
  };
  (void)body;
}

// ---- Templates and macros -------------------------------------------------

template <class Mutex> cppcoro::task<void> generic(Mutex &mu) {
  std::lock_guard<Mutex> g(mu);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'generic'
  // CHECK-NOTES: :[[@LINE-3]]:26: note: 'g' locks 'mu' here
}
template cppcoro::task<void> generic(std::mutex &);

// Never instantiated: read in its instantiations only, so nothing here.
template <class Mutex> cppcoro::task<void> never_instantiated(Mutex &mu) {
  std::lock_guard<Mutex> g(mu);
  co_await step();
}

#define LOCKED(mu) std::lock_guard<std::mutex> guard_##mu(mu)
#define AWAIT_STEP co_await step()

cppcoro::task<void> macros() {
  LOCKED(m);
  AWAIT_STEP;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'guard_m' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'macros'
  // CHECK-NOTES: :[[@LINE-6]]:20: note: expanded from macro 'AWAIT_STEP'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: 'guard_m' locks 'm' here
}

// ---- A user's annotated and capability mutexes ------------------------------

struct __attribute__((capability("mutex"))) SpinMutex {
  void lock() __attribute__((acquire_capability()));
  void unlock() __attribute__((release_capability()));
};
SpinMutex spin;

cppcoro::task<void> capability_mutex() {
  spin.lock();
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'spin' (SpinMutex) is locked across this co_await in coroutine 'capability_mutex'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'spin' is locked here
  spin.unlock();
}

struct [[clang::annotate("coroguard::async_lock")]] FiberMutex {
  void lock();
  void unlock();
};
FiberMutex fiber_mutex;

cppcoro::task<void> annotated_async() {
  std::lock_guard g(fiber_mutex);
  co_await step();
}

struct PlainLockable {
  void lock();
  void unlock();
};
PlainLockable plain;

cppcoro::task<void> unknown_mutex_in_std_guard() {
  std::lock_guard g(plain);
  co_await step();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'g' (std::lock_guard<PlainLockable>) holds a thread-owned lock across this co_await in coroutine 'unknown_mutex_in_std_guard'
  // CHECK-NOTES: :[[@LINE-3]]:19: note: 'g' locks 'plain' here
}

cppcoro::task<void> unknown_mutex_by_hand() {
  plain.lock();
  co_await step();
  plain.unlock();
}

// ---- Members -------------------------------------------------------------

class Service {
  std::mutex mu_;
  int state_ = 0;

public:
  cppcoro::task<void> update() {
    std::lock_guard g(mu_);
    state_ = co_await compute();
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'g' (std::lock_guard<std::mutex>) holds a thread-owned lock across this co_await in coroutine 'update'
  // CHECK-NOTES: :[[@LINE-3]]:21: note: 'g' locks 'mu_' here
  }
  cppcoro::task<void> update_manual() {
    mu_.lock();
    ++state_;
    this->mu_.unlock();
    co_await step();
  }
};
