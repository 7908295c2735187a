// Half-typed code, as clangd sees it while the user types: discarded-task and
// detached-coroutine must not crash and must not report anything bogus. The
// second and third RUN lines cut the file in the middle of a statement.
// RUN: %check_coroguard --allow-errors %s 'coroguard-discarded-task,coroguard-detached-coroutine' %t -- -- -isystem %inputs
// RUN: head -c 1437 %s > %t.cut1.cpp && not %coroguard --checks='-*,coroguard-discarded-task,coroguard-detached-coroutine' %t.cut1.cpp -- -std=c++20 -isystem %inputs 2>&1 | %FileCheck --check-prefix=CUT %s
// RUN: head -c 1685 %s > %t.cut2.cpp && not %coroguard --checks='-*,coroguard-discarded-task,coroguard-detached-coroutine' %t.cut2.cpp -- -std=c++20 -isystem %inputs 2>&1 | %FileCheck --check-prefix=CUT %s
// CUT-NOT: Stack dump
// CUT-NOT: [coroguard-

#include <cppcoro.h>
#include <libcoro.h>
#include <functional>

cppcoro::task<int> compute(int);
undeclared_type make();
struct incomplete;
incomplete make_incomplete();

cppcoro::task<int> wrong_arguments() {
  compute();              // Too few arguments: a RecoveryExpr, not a call.
  compute(1, 2);
  auto t = compute("x");  // The initializer does not type-check.
  co_return 1;
}

cppcoro::task<> unknown_things(coro::thread_pool &pool) {
  not_declared_yet(compute(1));
  make();
  make_incomplete();
  pool.spawn_detached(not_declared_yet());
  pool.spawn_detached(compute(1)); // Wrong task type.
  auto x = not_declared_yet();
  co_return;
}

struct broken_promise;
struct broken {
  using promise_type = broken_promise; // Never defined.
};
broken half_defined() { co_return; }

template <class T> cppcoro::task<T> generic() {
  T::undeclared();
  compute(T{});
  co_return T{};
}

cppcoro::task<int> unfinished() {
  compute(1
  co_return 1;
}

void bad_conversions() {
  std::function<void()> f = []() -> cppcoro::task<> { co_return undeclared; };
  // A real finding: what the lambda returns does not depend on the body
  // being typed (LLVM 22 no longer sees a coroutine in the broken body).
  // CHECK-MESSAGES: :[[@LINE-3]]:29: warning: {{(coroutine )?}}lambda returns a lazy task 'cppcoro::task' that is lost when it is converted to 'std::function' returning void
  std::function<void()> g = []() -> unknown_task { co_return; };
  f = not_declared_yet;
}

void typing_a_lambda(coro::thread_pool &pool) {
  pool.spawn_detached([]() -> coro::task<> {
    co_await
