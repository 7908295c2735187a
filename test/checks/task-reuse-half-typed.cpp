// Half-typed code, as clangd sees it while the user types: task-reuse must
// not crash and must not report anything bogus. The second RUN line cuts the
// file in the middle of a statement.
// RUN: %check_coroguard --allow-errors %s coroguard-task-reuse %t -- -- -isystem %inputs/task-reuse
// RUN: head -c 1036 %s > %t.cut1.cpp && not %coroguard --checks='-*,coroguard-task-reuse' %t.cut1.cpp -- -std=c++20 -isystem %inputs/task-reuse 2>&1 | %FileCheck --check-prefix=CUT %s
// CUT-NOT: Stack dump
// CUT-NOT: [coroguard-

#include <tr_cppcoro.h>
#include <utility>

cppcoro::task<int> make();
undeclared_type make_unknown();

cppcoro::task<> unknown_callee() {
  auto t = make();
  not_declared_yet(std::move(t));
  co_await std::move(t);
}

cppcoro::task<> wrong_arguments() {
  auto t = make();
  cppcoro::sync_wait(std::move(t), 1, 2);
  co_await t;
}

cppcoro::task<> unknown_type() {
  auto u = make_unknown();
  co_await std::move(u);
  co_await std::move(u);
}

cppcoro::task<> invalid_initializer() {
  cppcoro::task<int> t = make(1);
  co_await std::move(t);
  co_await std::move(t);
}

// Still reported: the errors above do not hide a plain reuse here.
cppcoro::task<> typed_part() {
  auto t = make();
  co_await std::move(t);
  co_await std::move(t);
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: task 't' is awaited after it was moved and awaited; a single-shot task cannot be awaited or handed on twice
}

cppcoro::task<> being_typed() {
  auto t = make();
  co_await std::move(t);
  co_await std::mo
