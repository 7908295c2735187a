// coroguard-task-reuse against the reference runtime's own headers:
// coroguard::task's `co_await t` (&) and sync_wait(t) return the stored result
// again, so only a move, a spawn or a when_all consumes the task.
// RUN: %check_coroguard %s coroguard-task-reuse %t -- -- -I %runtime_include

#include <coroguard/coroguard.hpp>
#include <utility>

coroguard::task<int> compute();
coroguard::task<void> work();

coroguard::task<int> lvalue_awaits() {
  auto t = compute();
  int a = co_await t;
  co_return a + co_await t;
}

coroguard::task<int> after_move() {
  auto t = compute();
  int a = co_await std::move(t);
  co_return a + co_await t;
// CHECK-NOTES: :[[@LINE-1]]:26: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:30: note: 't' was moved and awaited here
}

coroguard::task<int> after_when_all() {
  auto a = compute();
  auto b = compute();
  auto [x, y] = co_await coroguard::when_all(std::move(a), std::move(b));
  co_return x + y + co_await std::move(b);
// CHECK-NOTES: :[[@LINE-1]]:40: warning: task 'b' is awaited after it was moved into 'coroguard::when_all'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:70: note: 'b' was moved into 'coroguard::when_all' here
}

coroguard::task<void> after_spawn(coroguard::async_scope &scope) {
  auto w = work();
  scope.spawn(std::move(w));
  co_await std::move(w);
// CHECK-NOTES: :[[@LINE-1]]:22: warning: task 'w' is awaited after it was moved into 'coroguard::async_scope::spawn'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:25: note: 'w' was moved into 'coroguard::async_scope::spawn' here
}

int sync_wait_lvalue_twice() {
  auto t = compute();
  return coroguard::sync_wait(t) + coroguard::sync_wait(t);
}

int sync_wait_moved_twice() {
  auto t = compute();
  int a = coroguard::sync_wait(std::move(t));
  return a + coroguard::sync_wait(std::move(t));
// CHECK-NOTES: :[[@LINE-1]]:45: warning: task 't' is moved into 'coroguard::sync_wait' after it was moved into 'coroguard::sync_wait'; a moved-from task is empty
// CHECK-NOTES: :[[@LINE-3]]:42: note: 't' was moved into 'coroguard::sync_wait' here
}
