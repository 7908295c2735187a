// RUN: %check_coroguard %s coroguard-unbounded-when-all %t -- --fix-notes \
// RUN:   -config="{CheckOptions: {coroguard.MaxStaticFanout: 4, \
// RUN:     coroguard.UnboundedFanoutFunctions: 'my::gather', \
// RUN:     coroguard.ThrottleFunctions: 'my::limiter::enter'}}" \
// RUN:   -- -isystem %inputs -isystem %runtime_include

// Options: MaxStaticFanout (shared "coroguard." key), extra fan-out and
// throttle names; and the reference runtime's own annotated API.

#include <coroguard/coroguard.hpp>
#include <cppcoro.h>
#include <vector>

cppcoro::task<int> compute(int i);
coroguard::task<int> work(int i);

namespace my {
template <class Range> cppcoro::task<> gather(Range tasks);
struct limiter {
  coro_stub::awaiter<void> enter();
};
} // namespace my

// A batch of eight is above MaxStaticFanout = 4.
cppcoro::task<> batch_of_eight() {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < 8; ++i)
    tasks.push_back(compute(i));
  co_await cppcoro::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'cppcoro::when_all' starts all 8 tasks of the range at once with no concurrency limit (more than MaxStaticFanout, 4) [coroguard-unbounded-when-all]
}

cppcoro::task<> batch_of_four() {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < 4; ++i)
    tasks.push_back(compute(i));
  co_await cppcoro::when_all(std::move(tasks));
}

// A fan-out named by UnboundedFanoutFunctions.
cppcoro::task<> custom(std::vector<cppcoro::task<int>> tasks) {
  co_await my::gather(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'my::gather' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is a parameter [coroguard-unbounded-when-all]
}

// A throttle named by ThrottleFunctions.
my::limiter gate;
cppcoro::task<int> compute_gated(int i) {
  co_await gate.enter();
  co_return co_await compute(i);
}
cppcoro::task<> gated(int n) {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < n; ++i)
    tasks.push_back(compute_gated(i));
  co_await cppcoro::when_all(std::move(tasks));
}

// ---- The reference runtime -------------------------------------------------

coroguard::task<> runtime_unbounded(int n) {
  std::vector<coroguard::task<int>> tasks;
  for (int i = 0; i < n; ++i)
    tasks.push_back(work(i));
  co_await coroguard::when_all(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'coroguard::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'tasks' is filled in a loop whose trip count is not a compile-time constant ('n' is a parameter) [coroguard-unbounded-when-all]
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: use 'coroguard::when_all_bounded' to run at most 4 tasks at a time
  // CHECK-FIXES: {{^}}  co_await coroguard::when_all_bounded(std::move(tasks), /*max_concurrency=*/4);{{$}}
}

coroguard::task<> runtime_bounded(int n) {
  std::vector<coroguard::task<int>> tasks;
  for (int i = 0; i < n; ++i)
    tasks.push_back(work(i));
  co_await coroguard::when_all_bounded(std::move(tasks), 8);
  // Variadic: sized by the code.
  co_await coroguard::when_all(work(1), work(2), work(3), work(4), work(5));
}

coroguard::async_semaphore permits{8};
coroguard::task<int> work_with_permit(int i) {
  auto permit = co_await permits.scoped_acquire();
  co_return co_await work(i);
}
coroguard::task<> runtime_throttled(int n) {
  std::vector<coroguard::task<int>> tasks;
  for (int i = 0; i < n; ++i)
    tasks.push_back(work_with_permit(i));
  co_await coroguard::when_all(std::move(tasks));
}
