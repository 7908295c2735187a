// RUN: %check_coroguard %s coroguard-unthrottled-parallel-loop %t -- -- -isystem %inputs
//
// Executors that run the work they are given on the calling thread (role
// InlineExecutor: concurrencpp::inline_executor, folly::InlineExecutor, or
// [[clang::annotate("coroguard::inline_executor")]]) start nothing
// concurrent, unless the work is a coroutine, which goes on concurrently
// after its first suspension. concurrencpp's executor::submit/bulk_submit
// start work; executor::max_concurrency_level() is a core count, also through
// the executors that override it.
//
// The concurrencpp declarations below are a stand-in written from the
// library's public signatures (executors/executor.h, inline_executor.h,
// thread_pool_executor.h), not the library.

#include <coro_stub_common.h>
#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace concurrencpp {
template <class T> class result {
public:
  struct promise_type : coro_stub::promise_base<T> {
    result get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() noexcept;

private:
  void *m_state;
};

class executor {
public:
  virtual ~executor();
  virtual int max_concurrency_level() const noexcept = 0;
  template <class F, class... A> void post(F &&f, A &&...args) {
    __builtin_trap(); // A body: lambdas have no linkage.
  }
  template <class F, class... A> auto submit(F &&f, A &&...args) -> result<int> {
    __builtin_trap();
  }
  template <class F> void bulk_post(std::span<F> fs) { __builtin_trap(); }
  template <class F> std::vector<result<int>> bulk_submit(std::span<F> fs) {
    __builtin_trap();
  }
};
class inline_executor final : public executor {
public:
  int max_concurrency_level() const noexcept override;
};
class thread_pool_executor final : public executor {
public:
  int max_concurrency_level() const noexcept override;
};
} // namespace concurrencpp

concurrencpp::result<void> step(int item);

// ---- Negative: inline executors ---------------------------------------------

// The input (concurrencpp's inline_executor tests): each callable
// runs inside post(), one at a time, on the caller's thread.
int inline_posts() {
  auto ex = std::make_shared<concurrencpp::inline_executor>();
  int counter = 0;
  constexpr std::size_t task_count = 1'024;
  for (std::size_t i = 0; i < task_count; i++)
    ex->post([&counter] {
      try {
        ++counter;
      } catch (...) {
      }
    });
  return counter == 1024 ? 0 : 1;
}

void inline_submits(concurrencpp::inline_executor &ex,
                    const std::vector<int> &items) {
  std::vector<concurrencpp::result<int>> results;
  for (int item : items)
    results.push_back(ex.submit([item] { return item * 2; }));
}

void inline_pointer(concurrencpp::inline_executor *ex, int n) {
  for (int i = 0; i < n; ++i)
    ex->post([i] { (void)i; });
}

// A user's executor, annotated.
struct [[clang::annotate("coroguard::inline_executor")]] caller_runs {
  template <class F> [[clang::annotate("coroguard::detaches")]] void post(F &&f) {
    f();
  }
};

void annotated_inline(caller_runs &ex, const std::vector<int> &items) {
  for (int item : items)
    ex.post([item] { (void)item; });
}

// ---- Positive ---------------------------------------------------------------

void pool_posts(std::shared_ptr<concurrencpp::thread_pool_executor> ex,
                const std::vector<int> &items) {
  for (int item : items)
    ex->post([item] { (void)item; });
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'concurrencpp::thread_pool_executor::post' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
}

// Work posted to an inline executor that is a coroutine: it runs inline only
// to its first suspension, then all of them are in flight together.
void inline_coroutines(std::shared_ptr<concurrencpp::inline_executor> ex,
                       const std::vector<int> &items) {
  for (int item : items)
    ex->post([item] { return step(item); });
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'concurrencpp::inline_executor::post' starts concurrent work in every iteration
}

// Through the base class the executor could be any executor.
void through_base(concurrencpp::executor &ex, int n) {
  for (int i = 0; i < n; ++i)
    ex.post([i] { (void)i; });
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'concurrencpp::executor::post' starts concurrent work in every iteration
}

// ---- concurrencpp: submit, bulk_submit, max_concurrency_level ---------------

void pool_submits(concurrencpp::thread_pool_executor &ex, int n) {
  std::vector<concurrencpp::result<int>> results;
  for (int i = 0; i < n; ++i)
    results.push_back(ex.submit([i] { return i; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'concurrencpp::thread_pool_executor::submit' starts concurrent work in every iteration
}

void pool_bulk_submits(concurrencpp::thread_pool_executor &ex,
                       std::span<int (*)()> batch, int batches) {
  for (int b = 0; b < batches; ++b)
    (void)ex.bulk_submit(batch);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'concurrencpp::thread_pool_executor::bulk_submit' starts concurrent work in every iteration
}

// One worker per unit of the executor's concurrency: bounded.
void one_per_worker(std::shared_ptr<concurrencpp::thread_pool_executor> ex) {
  std::vector<concurrencpp::result<int>> results;
  const int workers = ex->max_concurrency_level();
  for (int i = 0; i < workers; ++i)
    results.push_back(ex->submit([i] { return i; }));
  for (int i = 0; i < ex->max_concurrency_level(); ++i)
    ex->post([i] { (void)i; });
}
