// RUN: %check_coroguard %s coroguard-blocking-wait %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=DEPTH0 %s coroguard-blocking-wait %t -- \
// RUN:   -config="{CheckOptions: {coroguard.MaxCallDepth: 0}}" -- -isystem %inputs

#include <cppcoro.h>
#include <folly.h>
#include <libcoro.h>
#include <future>

cppcoro::task<int> compute();
folly::coro::Task<int> fetch();
coro::task<int> produce();
struct Config { int value; };
cppcoro::task<Config> load();

// ---- Positive: direct waits, with the co_await fix-it --------------------

cppcoro::task<int> direct() {
  int a = cppcoro::sync_wait(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'cppcoro::sync_wait' waits synchronously for async work inside coroutine 'direct'; this parks the thread and can deadlock the executor that must finish that work [coroguard-blocking-wait]
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:11: warning: 'cppcoro::sync_wait' waits
  // CHECK-FIXES: {{^}}  int a = co_await compute();{{$}}
  co_return a;
}

folly::coro::Task<int> function_object() {
  int v = folly::coro::blockingWait(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'folly::coro::blockingWait' waits synchronously
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:11: warning: 'folly::coro::blockingWait' waits
  // CHECK-FIXES: {{^}}  int v = co_await fetch();{{$}}
  co_return v;
}

coro::task<int> libcoro_wait() {
  auto t = produce();
  co_return coro::sync_wait(t) + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'coro::sync_wait' waits synchronously
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:13: warning: 'coro::sync_wait' waits
  // CHECK-FIXES: {{^}}  co_return co_await t + 1;{{$}}
}

cppcoro::task<int> needs_parens(bool b) {
  int v = cppcoro::sync_wait(load()).value;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'cppcoro::sync_wait' waits
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:11: warning: 'cppcoro::sync_wait' waits
  // CHECK-FIXES: {{^}}  int v = (co_await load()).value;{{$}}
  co_return v;
}

cppcoro::task<int> future_in_coroutine(std::future<int> f, std::shared_future<int> s) {
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::future::wait' waits synchronously
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:5: warning: 'std::future::wait' waits
  co_return f.get() + s.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'std::future::get' waits synchronously
  // CHECK-MESSAGES: :[[@LINE-2]]:25: warning: 'std::shared_future::get' waits synchronously
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-3]]:15: warning: 'std::future::get' waits
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-4]]:25: warning: 'std::shared_future::get' waits
}

// No fix-it: the coroutine's library cannot await a libcoro task.
cppcoro::task<int> other_library() {
  co_return coro::sync_wait(produce());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'coro::sync_wait' waits synchronously
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:13: warning: 'coro::sync_wait' waits
  // CHECK-FIXES: {{^}}  co_return coro::sync_wait(produce());{{$}}
}

// ---- Positive: through helpers defined here, with the path ---------------

int fetch_blocking() { return cppcoro::sync_wait(compute()); }
int load_config() { return fetch_blocking(); }

cppcoro::task<int> transitive() {
  co_return load_config();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'load_config' waits synchronously for async work inside coroutine 'transitive' (it calls 'cppcoro::sync_wait'); this parks the thread and can deadlock the executor that must finish that work [coroguard-blocking-wait]
  // CHECK-MESSAGES-DEPTH0-NOT: :[[@LINE-2]]:13: warning:
}

// An immediately invoked lambda runs in the coroutine.
cppcoro::task<int> invoked_lambda() {
  int v = [] { return cppcoro::sync_wait(compute()); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'cppcoro::sync_wait' waits synchronously for async work inside coroutine 'invoked_lambda'
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:23: warning: 'cppcoro::sync_wait' waits
  // No fix-it inside the lambda: co_await would make it a coroutine.
  // CHECK-FIXES: {{^}}  int v = [] { return cppcoro::sync_wait(compute()); }();{{$}}
  co_return v;
}

// A coroutine lambda is a coroutine context of its own.
auto make_handler() {
  return []() -> cppcoro::task<int> {
    co_return cppcoro::sync_wait(compute());
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'cppcoro::sync_wait' waits synchronously for async work inside coroutine lambda
    // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:15: warning: 'cppcoro::sync_wait' waits
    // CHECK-FIXES: {{^}}    co_return co_await compute();{{$}}
  };
}

// ---- Templates and macros ------------------------------------------------

template <class T> cppcoro::task<T> generic(cppcoro::task<T> t) {
  co_return cppcoro::sync_wait(t);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'cppcoro::sync_wait' waits synchronously for async work inside coroutine 'generic'
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:13: warning: 'cppcoro::sync_wait' waits
}
template cppcoro::task<int> generic<int>(cppcoro::task<int>);

#define WAIT(x) cppcoro::sync_wait(x)
cppcoro::task<int> through_macro() {
  co_return WAIT(compute());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'cppcoro::sync_wait' waits synchronously
  // CHECK-MESSAGES-DEPTH0: :[[@LINE-2]]:13: warning: 'cppcoro::sync_wait' waits
  // No fix-it inside a macro expansion.
  // CHECK-FIXES: {{^}}  co_return WAIT(compute());{{$}}
}

// ---- Negative ------------------------------------------------------------

// sync_wait in an ordinary function is its intended use.
int main() { return cppcoro::sync_wait(compute()); }

cppcoro::task<int> correct() {
  int a = co_await compute();
  // A lambda merely defined here runs elsewhere, later.
  auto later = [] { return cppcoro::sync_wait(compute()); };
  (void)later;
  co_return a;
}

cppcoro::task<bool> polling(std::future<int> &f) {
  // A zero timeout polls; it does not block.
  co_return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

cppcoro::task<int> suppressed() {
  co_return cppcoro::sync_wait(compute()); // NOLINT(coroguard-blocking-wait)
}

// A helper reached only through a function pointer is not followed.
cppcoro::task<int> indirect(int (*fp)()) { co_return fp(); }
