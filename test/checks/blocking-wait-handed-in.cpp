// Work handed to an executor is not the coroutine's own code: the helper walk
// does not follow a call of a callable the template was given (a parameter of
// dependent or lambda type, a member or init-capture of lambda type) into the
// lambda written elsewhere. The lambda's body is checked where it is written,
// when it is a coroutine or invoked on the spot.
// RUN: %check_coroguard %s coroguard-blocking-wait %t -- -- -isystem %inputs

#include <cppcoro.h>
#include <utility>

cppcoro::task<int> compute();
cppcoro::task<void> reschedule();

// A stand-in executor written in the project (not a system header): its
// coroutine resumes on a worker, then runs the submitted callable.
template <class F> cppcoro::task<void> run_on_worker(F f) {
  co_await reschedule();
  f();
}
template <class F> struct posted {
  F fn;
  void run() { fn(); }
};
template <class F> cppcoro::task<void> run_posted(F f) {
  posted<F> p{std::move(f)};
  co_await reschedule();
  p.run();
}
template <class F> cppcoro::task<void> run_forwarded(F &&f) {
  co_await reschedule();
  [g = std::forward<F>(f)]() mutable { g(); }();
}
struct executor {
  template <class F> cppcoro::task<void> submit(F &&f) {
    return run_on_worker(std::forward<F>(f));
  }
  template <class F> void post_inline(F &&f) { std::forward<F>(f)(); }
};

// ---- Negative: the submitter does not block ------------------------------

cppcoro::task<int> submitter(executor &ex) {
  co_await ex.submit([] { (void)cppcoro::sync_wait(compute()); });
  co_await run_posted([] { (void)cppcoro::sync_wait(compute()); });
  co_await run_forwarded([] { (void)cppcoro::sync_wait(compute()); });
  // Chosen: a template that runs its callable inline is not followed either.
  ex.post_inline([] { (void)cppcoro::sync_wait(compute()); });
  co_return 0;
}

// ---- Positive: still reported --------------------------------------------

// The lambda invoked on the spot runs in the coroutine.
cppcoro::task<int> invoked_here() {
  co_return [] { return cppcoro::sync_wait(compute()); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'cppcoro::sync_wait' waits synchronously for async work inside coroutine 'invoked_here'
}

// A coroutine lambda handed to the executor is checked where it is written.
cppcoro::task<int> coroutine_lambda(executor &ex) {
  co_await ex.submit([]() -> cppcoro::task<int> {
    co_return cppcoro::sync_wait(compute());
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'cppcoro::sync_wait' waits synchronously for async work inside coroutine lambda
  });
  co_return 0;
}

// A template's parameter that is not called is no handed-in work: the helper
// itself waits.
template <class T> int wait_for_it(T t) { return cppcoro::sync_wait(t); }
cppcoro::task<int> template_helper() {
  co_return wait_for_it(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'wait_for_it' waits synchronously for async work inside coroutine 'template_helper' (it calls 'cppcoro::sync_wait')
}

// A named function called by the executor template is the template's own
// code, not handed in.
inline int blocking_step() { return cppcoro::sync_wait(compute()); }
template <class F> int run_then_step(F f) {
  f();
  return blocking_step();
}
cppcoro::task<int> own_code() {
  co_return run_then_step([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'run_then_step' waits synchronously for async work inside coroutine 'own_code' (it calls 'cppcoro::sync_wait')
}
