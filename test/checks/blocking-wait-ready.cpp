// A wait on an object that the code has proved complete does not block:
// after co_await of it (or of a when_all / resolve that holds it), or where
// every path to it passed a readiness test of the same object that came out
// "complete" (or left when it did not), also inside an assertion.
// RUN: %check_coroguard %s coroguard-blocking-wait %t -- -- -isystem %inputs

#include <cassert>
#include <chrono>
#include <coroutine>
#include <future>
#include <stdexcept>
#include <tuple>

// Stand-in, from concurrencpp's public signatures (declarations only).
namespace concurrencpp {
enum class result_status { idle, value, exception };
template <class T> class result {
public:
  struct promise_type {
    result get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  struct resolve_awaitable {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    result await_resume();
  };
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
  explicit operator bool() const noexcept;
  result_status status() const;
  T get();
  void wait();
  resolve_awaitable resolve();
};
template <class T> struct when_all_awaitable {
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  std::tuple<result<T>, result<T>> await_resume();
};
template <class T> when_all_awaitable<T> when_all(result<T> a, result<T> b);
} // namespace concurrencpp

using concurrencpp::result;
using concurrencpp::result_status;

// An assertion library's functions: they throw when the check fails.
void assert_true(bool condition);
void assert_false(bool condition);
template <class A, class B> void assert_equal(const A &a, const B &b);

// A gtest-like macro whose failure handler returns normally.
namespace stub {
struct AssertionResult {
  AssertionResult(bool);
};
void Report(const AssertionResult &, const char *);
template <class A, class B>
bool CmpHelperEQ(const char *, const char *, const A &, const B &);
} // namespace stub
#define EXPECT_TRUE(c) ::stub::Report(::stub::AssertionResult(c), #c)
#define EXPECT_EQ(a, b) ::stub::CmpHelperEQ(#a, #b, a, b)

// A Catch-like macro: the expression is decomposed by operator<=.
namespace catch_stub {
template <class T> struct ExprLhs {
  template <class U> bool operator==(const U &) const;
};
struct Decomposer {
  template <class T> ExprLhs<T> operator<=(const T &) const;
};
struct Handler {
  template <class E> void handleExpr(const E &);
};
} // namespace catch_stub
#define REQUIRE(...)                                                           \
  do {                                                                         \
    ::catch_stub::Handler h;                                                   \
    h.handleExpr(::catch_stub::Decomposer() <= __VA_ARGS__);                   \
  } while (false)

// A type of the user's own: its readiness test is found by its shape.
struct Job {
  [[clang::annotate("coroguard::blocking_wait")]] int get();
  bool is_ready() const;
};

// ---- The input: a helper checks readiness, then calls get() -------------

template <class T> void check_ready(result<T> r, T expected) {
  if (r.status() != result_status::value)
    throw std::logic_error("not ready");
  if (r.get() != expected) // ready: returns at once
    throw std::logic_error("wrong value");
}

result<int> test(result<int> done) {
  check_ready(std::move(done), 1);
  co_return 0;
}

// ---- Negative: provably complete ----------------------------------------

result<int> after_co_await(result<int> r) {
  co_await r;
  co_return r.get();
}

result<int> after_resolve(result<int> r) {
  auto done = co_await r.resolve();
  co_return done.get();
}

result<int> after_when_all(result<int> a, result<int> b) {
  auto all = co_await concurrencpp::when_all(std::move(a), std::move(b));
  int x = std::get<0>(all).get();
  auto [c, d] = co_await concurrencpp::when_all(result<int>(), result<int>());
  co_return x + c.get() + d.get();
}

result<int> tested_then_thrown(result<int> r) {
  if (r.status() == result_status::idle)
    throw std::logic_error("pending");
  co_return r.get();
}

result<int> tested_true_branch(result<int> r) {
  if (r.status() == result_status::value || r.status() == result_status::exception)
    co_return r.get();
  co_return 0;
}

result<int> in_a_loop(result<int> *rs, int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    result<int> &r = rs[i];
    if (r.status() == result_status::idle)
      continue;
    total += r.get();
  }
  co_return total;
}

result<int> future_polled(std::future<int> f) {
  if (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    co_return -1;
  co_return f.get();
}

result<int> c_assert(std::future<int> f) {
  assert(f.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
  co_return f.get();
}

result<int> assertion_functions(result<int> r, Job j) {
  assert_equal(r.status(), result_status::value);
  assert_true(j.is_ready());
  co_return r.get() + j.get();
}

result<int> assertion_macros(result<int> r, Job j) {
  EXPECT_EQ(r.status(), result_status::value);
  EXPECT_TRUE(j.is_ready());
  co_return r.get() + j.get();
}

result<int> catch_macros(result<int> r, Job j) {
  REQUIRE(r.status() == result_status::value);
  REQUIRE(j.is_ready());
  co_return r.get() + j.get();
}

result<int> structural(Job j) {
  if (!j.is_ready())
    co_return 0;
  co_return j.get();
}

// ---- Positive: nothing proves the object complete -----------------------

result<int> no_test(result<int> r) {
  co_return r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'concurrencpp::result::get' waits synchronously for async work inside coroutine 'no_test'
}

result<int> other_object(result<int> r, result<int> other) {
  if (other.status() == result_status::idle)
    throw std::logic_error("pending");
  co_await other;
  co_return r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'concurrencpp::result::get' waits synchronously
}

result<int> not_every_path(result<int> r, bool checked) {
  if (checked) {
    if (r.status() == result_status::idle)
      throw std::logic_error("pending");
  }
  co_return r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'concurrencpp::result::get' waits synchronously
}

result<int> test_after(result<int> r) {
  int v = r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'concurrencpp::result::get' waits synchronously
  if (r.status() == result_status::idle)
    throw std::logic_error("pending");
  co_return v;
}

result<int> wrong_branch(result<int> r) {
  if (r.status() == result_status::idle)
    co_return r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'concurrencpp::result::get' waits synchronously
  co_return 0;
}

result<int> replaced(result<int> r, result<int> (*make)()) {
  co_await r;
  r = make();
  co_return r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'concurrencpp::result::get' waits synchronously
}

result<int> asserted_not_ready(Job j) {
  assert_false(j.is_ready());
  co_return j.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Job::get' waits synchronously
}

result<int> timed_out(std::future<int> f) {
  if (f.wait_for(std::chrono::seconds(0)) == std::future_status::timeout)
    co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::future::get' waits synchronously
  co_return 0;
}

// A helper that checks readiness on one path only still blocks.
template <class T> T maybe_checked(result<T> r, bool check) {
  if (check && r.status() == result_status::idle)
    throw std::logic_error("pending");
  return r.get();
}

result<int> through_helper(result<int> r) {
  co_return maybe_checked(std::move(r), false);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'maybe_checked' waits synchronously for async work inside coroutine 'through_helper' (it calls 'concurrencpp::result::get')
}
