// coroguard-task-reuse: a single-shot task used after it was consumed.
// RUN: %check_coroguard %s coroguard-task-reuse %t -- -- -isystem %inputs/task-reuse

#include <tr_async_simple.h>
#include <tr_cppcoro.h>
#include <tr_folly.h>
#include <tr_runtime.h>
#include <future>
#include <utility>

cppcoro::task<int> make();
cppcoro::shared_task<int> make_shared();
async_simple::coro::Lazy<int> lazy();
acme::job<int> job();
acme::shared_job<int> shared_job();
bool more();
struct on_value {
  void operator()(int) const;
  void operator()(folly::Unit) const;
};

// cppcoro::task: `co_await t` on an lvalue returns the stored result again
// (its operator co_await is const& / const&&): only moves consume it.
cppcoro::task<int> lvalue_awaits_repeat() {
  auto t = make();
  int a = co_await t;
  int b = co_await t;
  co_return a + b;
}

cppcoro::task<int> await_after_move() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await t;
// CHECK-NOTES: :[[@LINE-1]]:20: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:30: note: 't' was moved and awaited here
  co_return a + b;
}

cppcoro::task<int> moved_twice() {
  auto t = make();
  int a = co_await std::move(t);
  int b = co_await std::move(t);
// CHECK-NOTES: :[[@LINE-1]]:30: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:30: note: 't' was moved and awaited here
  co_return a + b;
}

cppcoro::task<int> moved_into_variable() {
  auto t = make();
  auto u = std::move(t);
  co_return co_await t;
// CHECK-NOTES: :[[@LINE-1]]:22: warning: task 't' is awaited after it was moved; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:22: note: 't' was moved here
}

cppcoro::task<> after_when_all() {
  auto a = make();
  auto b = make();
  co_await cppcoro::when_all(std::move(a), std::move(b));
  co_await a;
// CHECK-NOTES: :[[@LINE-1]]:12: warning: task 'a' is awaited after it was moved into 'cppcoro::when_all'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:40: note: 'a' was moved into 'cppcoro::when_all' here
}

cppcoro::task<> after_spawn(cppcoro::async_scope &scope) {
  auto t = make();
  scope.spawn(std::move(t));
  co_await t;
// CHECK-NOTES: :[[@LINE-1]]:12: warning: task 't' is awaited after it was moved into 'cppcoro::async_scope::spawn'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:25: note: 't' was moved into 'cppcoro::async_scope::spawn' here
}

cppcoro::task<> after_make_shared() {
  auto t = make();
  auto s = cppcoro::make_shared_task(std::move(t));
  co_await s;
  co_await std::move(t);
// CHECK-NOTES: :[[@LINE-1]]:22: warning: task 't' is awaited after it was moved into 'cppcoro::make_shared_task'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-4]]:48: note: 't' was moved into 'cppcoro::make_shared_task' here
}

// A task created outside a loop and consumed inside it.
cppcoro::task<> in_loop() {
  auto t = make();
  while (more())
    co_await std::move(t);
// CHECK-NOTES: :[[@LINE-1]]:24: warning: task 't' is awaited after it was moved and awaited, in an earlier iteration of the loop; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-2]]:24: note: 't' was moved and awaited here
}

// Created in the loop: a fresh task each iteration.
cppcoro::task<> fresh_each_iteration() {
  while (more()) {
    auto t = make();
    co_await std::move(t);
  }
}

cppcoro::task<> reassigned() {
  auto t = make();
  co_await std::move(t);
  t = make();
  co_await std::move(t);
}

cppcoro::task<> swapped(cppcoro::task<int> other) {
  auto t = make();
  co_await std::move(t);
  std::swap(t, other);
  co_await std::move(t);
}

cppcoro::task<> on_one_path(bool c) {
  auto t = make();
  if (c)
    co_await std::move(t);
  co_await t;
// CHECK-NOTES: :[[@LINE-1]]:12: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:24: note: 't' was moved and awaited here
}

cppcoro::task<> returned_before(bool c) {
  auto t = make();
  if (c) {
    co_await std::move(t);
    co_return;
  }
  co_await std::move(t);
}

cppcoro::task<> state_queries() {
  auto t = make();
  co_await std::move(t);
  if (t.is_ready())
    co_return;
}

// Multi-shot: made to be awaited many times.
cppcoro::task<> shared_awaits() {
  auto s = make_shared();
  co_await std::move(s);
  co_await s;
  auto j = shared_job();
  co_await j;
  co_await j;
}

// Ordinary functions too.
int main_like() {
  auto t = make();
  int a = cppcoro::sync_wait(std::move(t));
  return a + cppcoro::sync_wait(t);
// CHECK-NOTES: :[[@LINE-1]]:33: warning: task 't' is passed to 'cppcoro::sync_wait' after it was moved into 'cppcoro::sync_wait'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:40: note: 't' was moved into 'cppcoro::sync_wait' here
}

int sync_wait_lvalue_twice() {
  auto t = make();
  return cppcoro::sync_wait(t) + cppcoro::sync_wait(t);
}

// async_simple's Lazy: its operator co_await moves the coroutine out.
async_simple::coro::Lazy<int> lazy_twice() {
  auto l = lazy();
  int a = co_await l;
  int b = co_await l;
// CHECK-NOTES: :[[@LINE-1]]:20: warning: task 'l' is awaited after it was awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:20: note: 'l' was awaited here
  co_return a + b;
}

async_simple::coro::Lazy<int> lazy_started() {
  auto l = lazy();
  l.start(on_value{});
  if (l.isReady())
    co_return 0;
  co_return co_await l;
// CHECK-NOTES: :[[@LINE-1]]:22: warning: task 'l' is awaited after it was consumed by 'async_simple::coro::Lazy::start'; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-5]]:3: note: 'l' was consumed by 'async_simple::coro::Lazy::start' here
}

int lazy_sync_await_twice() {
  auto l = lazy();
  return async_simple::coro::syncAwait(std::move(l)) +
         async_simple::coro::syncAwait(std::move(l));
// CHECK-NOTES: :[[@LINE-1]]:50: warning: task 'l' is moved into 'async_simple::coro::syncAwait' after it was moved into 'async_simple::coro::syncAwait'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:50: note: 'l' was moved into 'async_simple::coro::syncAwait' here
}

void async_simple_future(async_simple::Future<int> f) {
  auto g = std::move(f).thenValue(on_value{});
  if (f.hasResult())
    return;
  std::move(f).get();
// CHECK-NOTES: :[[@LINE-1]]:13: warning: task 'f' is moved into 'async_simple::Future::get' after it was moved into 'async_simple::Future::thenValue'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-5]]:22: note: 'f' was moved into 'async_simple::Future::thenValue' here
}

// folly: continuations consume the future; reassigning renews it.
void folly_then(folly::Future<int> f) {
  auto g = std::move(f).thenValue(on_value{});
  std::move(f).get();
// CHECK-NOTES: :[[@LINE-1]]:13: warning: task 'f' is moved into 'folly::Future::get' after it was moved into 'folly::Future::thenValue'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:22: note: 'f' was moved into 'folly::Future::thenValue' here
}

void folly_then_reassigned(folly::Future<folly::Unit> f) {
  f = std::move(f).thenValue(on_value{});
  std::move(f).get();
}

folly::coro::Task<int> folly_task();
int folly_blocking_wait_twice() {
  auto t = folly_task();
  int a = folly::coro::blockingWait(std::move(t));
  return a + folly::coro::blockingWait(std::move(t));
// CHECK-NOTES: :[[@LINE-1]]:50: warning: task 't' is moved into 'folly::coro::blockingWait' after it was moved into 'folly::coro::blockingWait'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:47: note: 't' was moved into 'folly::coro::blockingWait' here
}

// std::future::get leaves the future invalid; std::shared_future does not.
int future_get_twice(std::future<int> f) {
  int a = f.get();
  return a + f.get();
// CHECK-NOTES: :[[@LINE-1]]:14: warning: task 'f' is consumed by 'std::future::get' after it was consumed by 'std::future::get'; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:11: note: 'f' was consumed by 'std::future::get' here
}

int future_wait_then_get(std::future<int> f) {
  f.wait();
  return f.get();
}

int future_shared_then_get(std::future<int> f) {
  std::shared_future<int> s = f.share();
  return s.get() + f.get();
// CHECK-NOTES: :[[@LINE-1]]:20: warning: task 'f' is consumed by 'std::future::get' after it was consumed by 'std::future::share'; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:31: note: 'f' was consumed by 'std::future::share' here
}

int shared_future_get_twice(std::shared_future<int> s) {
  return s.get() + s.get();
}

int future_renewed(std::future<int> f) {
  int a = f.get();
  if (f.valid())
    return a;
  f = std::async([] { return 1; });
  return a + f.get();
}

// An in-house runtime: annotations, and a task that is its own awaiter.
acme::job<int> own_awaiter_twice() {
  auto j = job();
  int a = co_await j;
  co_return a + co_await j;
// CHECK-NOTES: :[[@LINE-1]]:26: warning: task 'j' is awaited after it was awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:20: note: 'j' was awaited here
}

acme::job<> annotated_consumers(acme::job<int> k) {
  auto j = job();
  acme::submit(j);
  co_await j;
// CHECK-NOTES: :[[@LINE-1]]:12: warning: task 'j' is awaited after it was consumed by 'acme::submit'; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:16: note: 'j' was consumed by 'acme::submit' here
  acme::hand_over(k, j);
  co_await j;
// CHECK-NOTES: :[[@LINE-1]]:12: warning: task 'j' is awaited after it was awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-6]]:12: note: 'j' was awaited here
  co_await k;
// CHECK-NOTES: :[[@LINE-1]]:12: warning: task 'k' is awaited after it was consumed by 'acme::hand_over'; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-6]]:19: note: 'k' was consumed by 'acme::hand_over' here
}

acme::job<int> blocking_wait_by_reference() {
  auto j = job();
  int a = acme::run(j);
  co_return a + co_await j;
// CHECK-NOTES: :[[@LINE-1]]:26: warning: task 'j' is awaited after it was consumed by 'acme::run'; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:21: note: 'j' was consumed by 'acme::run' here
}

acme::job<> reinitialised_by_reference() {
  auto j = job();
  co_await j;
  acme::restart(j);
  co_await j;
  acme::inspect(j);
  if (j.done())
    co_return;
  j.cancel();
// CHECK-NOTES: :[[@LINE-1]]:3: warning: task 'j' is used by 'acme::job::cancel' after it was awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-6]]:12: note: 'j' was awaited here
}

acme::job<> lvalue_await_in_loop() {
  auto j = job();
  for (int i = 0; i < 3; ++i)
    co_await j;
// CHECK-NOTES: :[[@LINE-1]]:14: warning: task 'j' is awaited after it was awaited, in an earlier iteration of the loop; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-2]]:14: note: 'j' was awaited here
}

acme::job<> captured_by_reference() {
  auto j = job();
  co_await j;
  auto renew = [&j] { j = job(); };
  renew();
  co_await j;
}

// Structured bindings.
std::pair<cppcoro::task<int>, cppcoro::task<int>> make_pair();
cppcoro::task<> bindings() {
  auto [a, b] = make_pair();
  co_await std::move(a);
  co_await std::move(b);
  co_await std::move(a);
// CHECK-NOTES: :[[@LINE-1]]:22: warning: task 'a' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-4]]:22: note: 'a' was moved and awaited here
}

// Templates: read in their instantiations, reported once.
template <class Task> cppcoro::task<> await_twice(Task t) {
  co_await std::move(t);
  co_await std::move(t);
// CHECK-NOTES: :[[@LINE-1]]:22: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:22: note: 't' was moved and awaited here
}
template cppcoro::task<> await_twice(cppcoro::task<int>);
template cppcoro::task<> await_twice(cppcoro::shared_task<int>);

// Macros. (The task is named in the macro's body: clang 19 and 22 print a
// location inside a macro argument differently.)
#define AWAIT_MOVED_T co_await std::move(t)
cppcoro::task<> through_macro() {
  auto t = make();
  AWAIT_MOVED_T;
  AWAIT_MOVED_T;
// CHECK-NOTES: :[[@LINE-1]]:3: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-6]]:42: note: expanded from macro 'AWAIT_MOVED_T'
// CHECK-NOTES: :[[@LINE-4]]:3: note: 't' was moved and awaited here
// CHECK-NOTES: :[[@LINE-8]]:42: note: expanded from macro 'AWAIT_MOVED_T'
}

// Members are not tracked (another member function may renew them).
struct holder {
  cppcoro::task<int> task_;
  cppcoro::task<> run() {
    co_await std::move(this->task_);
    co_await std::move(task_);
  }
};

// Lambdas are functions of their own.
void lambdas() {
  auto f = []() -> cppcoro::task<> {
    auto t = make();
    co_await std::move(t);
    co_await std::move(t);
// CHECK-NOTES: :[[@LINE-1]]:24: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:24: note: 't' was moved and awaited here
  };
  (void)f;
}
