// RUN: %check_coroguard %s coroguard-discarded-task %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=NOVOID %s coroguard-discarded-task %t -- \
// RUN:   -config="{CheckOptions: {coroguard-discarded-task.AllowCastToVoid: false}}" -- -isystem %inputs

#include <cppcoro.h>
#include <folly.h>
#include <libcoro.h>
#include <seastar.h>
#include <algorithm>
#include <functional>
#include <future>
#include <thread>
#include <vector>

cppcoro::task<int> compute();
cppcoro::task<> work();
folly::coro::Task<int> fetch();
folly::SemiFuture<int> eager_fetch();
seastar::future<> flush();

// An in-house task type known only by its structure: a nested promise_type,
// lazy start, and no [[nodiscard]] (the compiler says nothing).
struct lazy_promise;
struct job {
  using promise_type = lazy_promise;
  std::coroutine_handle<> handle;
  coro_stub::awaiter<int> operator co_await();
};
struct lazy_promise : coro_stub::promise_base<int> {
  job get_return_object();
};
job make_job();

// An eager in-house task that keeps shared state.
struct eager_promise;
struct eager {
  using promise_type = eager_promise;
  void *state;
};
struct eager_promise : coro_stub::promise_base<void> {
  eager get_return_object();
  std::suspend_never initial_suspend() noexcept;
};
eager start_eager();

// ---- 1. A task or awaitable used as a statement --------------------------

cppcoro::task<> statements(cppcoro::async_mutex &m) {
  compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
  // CHECK-FIXES: {{^}}  co_await compute();{{$}}
  (void)compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded; it never runs (a cast to void does not start it) [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:9: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded; it never runs (a cast to void does not start it)
  // CHECK-FIXES: {{^}}  (void)co_await compute();{{$}}
  m.lock_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaitable 'cppcoro::async_mutex_lock_operation' returned by 'cppcoro::async_mutex::lock_async' is discarded; the operation never happens [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:5: warning: awaitable 'cppcoro::async_mutex_lock_operation'
  // CHECK-FIXES: {{^}}  co_await m.lock_async();{{$}}
  make_job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'job' returned by 'make_job' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: lazy task 'job' returned by 'make_job'
  // CHECK-FIXES: {{^}}  co_await make_job();{{$}}
  start_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task 'eager' returned by 'start_eager' is discarded; nobody observes its completion or its exception [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: task 'eager' returned by 'start_eager'
  // No fix-it: 'eager' cannot be awaited.
  // CHECK-FIXES: {{^}}  start_eager();{{$}}
  (void)start_eager(); // An eager task cast to void was dropped on purpose.
  // CHECK-MESSAGES-NOVOID: :[[@LINE-1]]:9: warning: task 'eager' returned by 'start_eager' is discarded; nobody observes
  bool ready = true;
  ready ? compute() : compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-3]]:11: warning: lazy task
  // CHECK-MESSAGES-NOVOID: :[[@LINE-4]]:23: warning: lazy task
  // CHECK-FIXES: {{^}}  ready ? co_await compute() : co_await compute();{{$}}
  for (int i = 0; i < 3; compute(), ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
    // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:26: warning: lazy task
    work();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'cppcoro::task' returned by 'work' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:5: warning: lazy task
  try {
    co_await compute();
  } catch (...) {
    compute();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
    // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:5: warning: lazy task
    // No fix-it: co_await is not allowed in a handler.
    // CHECK-FIXES: {{^}}    compute();{{$}}
  }
}

// A coroutine lambda invoked and dropped.
void invoked_and_dropped() {
  []() -> cppcoro::task<> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'cppcoro::task' returned by 'lambda' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: lazy task
}

// Outside a coroutine: reported, no fix-it.
void plain_function() {
  compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: lazy task
  // CHECK-FIXES: {{^}}  compute();{{$}}
}

// std::async's future waits for the work in its destructor: nothing is lost
// (coroguard-blocking-call reports the wait inside coroutines). Deferred
// work is: it never runs. A future from a promise does not wait.
void std_async(std::promise<int> &p) {
  std::async(std::launch::async, [] {});
  (void)std::async([] {});
  auto pending = std::async(std::launch::async, [] {});
  std::async(std::launch::deferred, [] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'std::future' returned by 'std::async' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: lazy task 'std::future' returned by 'std::async' is discarded; it never runs
  auto never = std::async(std::launch::deferred, [] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'never' holds a lazy task 'std::future' that is never used; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'never' holds a lazy task
  p.get_future();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task 'std::future' returned by '{{.*}}get_future' is discarded; nobody observes its completion or its exception
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:5: warning: task 'std::future'
}
cppcoro::task<> std_async_in_coroutine() {
  std::async(std::launch::async, [] {});
  auto pending = std::async(std::launch::async, [] {});
  co_return;
}

// Another library's task in a cppcoro coroutine: reported, but the
// coroutine cannot await it, so no fix-it.
cppcoro::task<> other_library() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'folly::coro::Task' returned by 'fetch' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: lazy task
  // CHECK-FIXES: {{^}}  fetch();{{$}}
  co_return;
}

// ---- 2. A local that is never used ---------------------------------------

// scylladb #9770: semaphore units taken into a variable and never awaited.
seastar::future<> units_never_awaited(seastar::semaphore &sem) {
  auto units = seastar::get_units(sem, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'units' holds a task 'seastar::future' that is never used; nobody observes its completion or its exception [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'units' holds a task
  // CHECK-FIXES: {{^}}  auto units = co_await seastar::get_units(sem, 1);{{$}}
  co_await flush();
}

// Assigning silences [[nodiscard]]: the lock is never taken.
cppcoro::task<> lock_never_taken(cppcoro::async_mutex &m) {
  auto guard = m.scoped_lock_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'guard' holds an awaitable 'cppcoro::async_mutex_scoped_lock_operation' that is never used; the operation never happens [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'guard' holds an awaitable
  // CHECK-FIXES: {{^}}  auto guard = co_await m.scoped_lock_async();{{$}}
  // Awaiting gives an int: nothing to hold, the declaration becomes the
  // await, whatever type it spells.
  cppcoro::task<int> t = compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: local 't' holds a lazy task 'cppcoro::task' that is never used; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:22: warning: local 't' holds a lazy task
  // CHECK-FIXES: {{^}}  co_await compute();{{$}}
  auto v = work();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'v' holds a lazy task 'cppcoro::task' that is never used; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'v' holds a lazy task
  // CHECK-FIXES: {{^}}  co_await work();{{$}}
  const auto c = compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: local 'c' holds a lazy task
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:14: warning: local 'c' holds a lazy task
  // CHECK-FIXES: {{^}}  co_await compute();{{$}}
  // A lock guard is held on purpose: the variable stays, only where its
  // type is deduced.
  cppcoro::async_mutex_scoped_lock_operation op = m.scoped_lock_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: local 'op' holds an awaitable
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:46: warning: local 'op' holds an awaitable
  // CHECK-FIXES: {{^}}  cppcoro::async_mutex_scoped_lock_operation op = m.scoped_lock_async();{{$}}
  // Not alone in its declaration: no fix-it.
  auto d = compute(), e = compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'd' holds a lazy task
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: local 'e' holds a lazy task
  // CHECK-MESSAGES-NOVOID: :[[@LINE-3]]:8: warning: local 'd' holds a lazy task
  // CHECK-MESSAGES-NOVOID: :[[@LINE-4]]:23: warning: local 'e' holds a lazy task
  // CHECK-FIXES: {{^}}  auto d = compute(), e = compute();{{$}}
  co_return;
}

// A task whose awaiter is not known before it is used (an `auto` operator
// co_await): its promise tells whether awaiting gives a value.
template <class T> struct opaque_promise;
template <class T> struct opaque {
  using promise_type = opaque_promise<T>;
  auto operator co_await() &&;
};
template <class T> struct opaque_promise : coro_stub::promise_base<T> {
  opaque<T> get_return_object();
};
opaque<int> opaque_value();
opaque<void> opaque_void();
opaque<void> opaque_caller() {
  auto x = opaque_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'x' holds a lazy task 'opaque' that is never used; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'x' holds a lazy task
  // The value might be what the variable was for: keep it.
  // CHECK-FIXES: {{^}}  auto x = co_await opaque_value();{{$}}
  auto y = opaque_void();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'y' holds a lazy task 'opaque' that is never used; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'y' holds a lazy task
  // CHECK-FIXES: {{^}}  co_await opaque_void();{{$}}
  co_return;
}

#define START_COMPUTE compute()
#define KEEP(name, init) auto name = init
cppcoro::task<> locals_in_macros() {
  auto z = START_COMPUTE;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'z' holds a lazy task
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'z' holds a lazy task
  // CHECK-FIXES: {{^}}  auto z = START_COMPUTE;{{$}}
  KEEP(w, compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'w' holds a lazy task
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: local 'w' holds a lazy task
  // CHECK-FIXES: {{^}}  KEEP(w, compute());{{$}}
  co_return;
}

// ---- 3. A coroutine converted to a callable that drops its result --------

void subscribe(std::function<void(int)> on_message);
template <class F> void run_callback(F f) { f(1); }
template <class F> F keep_callback(F f) { return f; }

// scylladb PR #30415: a coroutine lambda given to std::function<void(...)>.
void misused(std::vector<int> &items) {
  subscribe([](int) -> seastar::future<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: coroutine lambda returns a task 'seastar::future' that is lost when it is converted to 'std::function' returning void; nobody observes its completion or its exception [coroguard-discarded-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:13: warning: coroutine lambda returns a task 'seastar::future'
  std::function<void()> f = []() -> cppcoro::task<> { co_return; };
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: coroutine lambda returns a lazy task 'cppcoro::task' that is lost when it is converted to 'std::function' returning void; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:29: warning: coroutine lambda returns a lazy task
  f = work;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: function 'work' returns a lazy task 'cppcoro::task' that is lost when it is assigned to 'std::function' returning void; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:7: warning: function 'work' returns a lazy task
  std::for_each(items.begin(), items.end(),
                [](int) -> cppcoro::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine lambda returns a lazy task 'cppcoro::task' that 'std::for_each' ignores; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:17: warning: coroutine lambda returns a lazy task
  run_callback([](int) -> coro::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: coroutine lambda returns a lazy task 'coro::task' that 'run_callback' ignores; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:16: warning: coroutine lambda returns a lazy task
  auto handler = [](int) -> cppcoro::task<> { co_return; };
  std::thread worker(handler, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: coroutine lambda returns a lazy task 'cppcoro::task' that 'std::thread' ignores; it never runs
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:22: warning: coroutine lambda returns a lazy task
  worker.join();
  // A plain lambda that returns a task loses it the same way.
  subscribe([](int) { return flush(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: lambda returns a task 'seastar::future' that is lost when it is converted to 'std::function' returning void
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:13: warning: lambda returns a task
}

// Outside function bodies: a namespace-scope callback, member initialisers.
std::function<void()> global_callback = []() -> cppcoro::task<> { co_return; };
// CHECK-MESSAGES: :[[@LINE-1]]:41: warning: coroutine lambda returns a lazy task 'cppcoro::task' that is lost when it is converted to 'std::function' returning void
// CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:41: warning: coroutine lambda returns a lazy task
struct widget {
  std::function<void()> on_click = []() -> cppcoro::task<> { co_return; };
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: coroutine lambda returns a lazy task 'cppcoro::task' that is lost
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:36: warning: coroutine lambda returns a lazy task
  std::function<void()> on_close;
  widget() : on_close([]() -> cppcoro::task<> { co_return; }) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: coroutine lambda returns a lazy task 'cppcoro::task' that is lost
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:23: warning: coroutine lambda returns a lazy task
};

// ---- Negative: the work is awaited, stored, returned or handed on --------

void take(cppcoro::task<int> t);
cppcoro::task<int> returned() { return compute(); }

cppcoro::task<int> correct(cppcoro::async_mutex &m, cppcoro::async_scope &scope,
                           std::vector<int> &items) {
  int a = co_await compute();
  auto later = compute(); // Stored and awaited later.
  a += co_await later;
  std::vector<cppcoro::task<int>> batch;
  batch.push_back(compute()); // Moved into a container, then when_all.
  batch.emplace_back(compute());
  auto results = co_await cppcoro::when_all(std::move(batch));
  take(compute());            // Passed on.
  scope.spawn(work());        // Spawned in a scope.
  auto lock = co_await m.scoped_lock_async(); // The guard, not the operation.
  [[maybe_unused]] auto kept = compute();
  auto unused_later = compute();
  (void)unused_later;         // Used, explicitly.
  (void)start_eager();        // Eager, and dropped on purpose.
  // CHECK-MESSAGES-NOVOID: :[[@LINE-1]]:9: warning: task 'eager' returned by 'start_eager' is discarded
  std::function<cppcoro::task<>()> factory = [] { return work(); };
  std::function<void(int)> plain = [](int) {};
  std::for_each(items.begin(), items.end(), [](int) {});
  auto kept_cb = keep_callback([](int) -> cppcoro::task<> { co_return; });
  co_await kept_cb(1);        // The callee hands the callable back.
  compute(); // NOLINT(coroguard-discarded-task)
  co_return a + static_cast<int>(results.size());
}

// A detached type is meant to be dropped: coroguard-detached-coroutine
// judges its definition.
struct fire_and_forget {
  struct promise_type : coro_stub::promise_base<void> {
    fire_and_forget get_return_object();
    std::suspend_never initial_suspend() noexcept;
  };
};
fire_and_forget background();
void drops_detached() { background(); }

// ---- Templates and macros ------------------------------------------------

template <class T> cppcoro::task<T> generic(T value) {
  compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: lazy task
  // CHECK-FIXES: {{^}}  co_await compute();{{$}}
  co_return value;
}
template cppcoro::task<int> generic<int>(int);
template cppcoro::task<long> generic<long>(long);

// Generic code that drops a result is judged at the call that hands it a
// coroutine (run_callback above), not inside the template.
template <class F> void call_each(F f) { f(); }
void plain_callbacks() { call_each([] {}); }

#define START(x) x
#define FIRE_AND_FORGET(x) (void)(x)
cppcoro::task<> through_macros() {
  START(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:9: warning: lazy task
  FIRE_AND_FORGET(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lazy task 'cppcoro::task' returned by 'compute' is discarded; it never runs (a cast to void does not start it)
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:19: warning: lazy task
  co_return;
}
