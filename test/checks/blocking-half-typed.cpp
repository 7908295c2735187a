// Half-typed code, as clangd sees it while the user types: the checks must
// not crash and must not report anything bogus. Each RUN line cuts the file
// at a different point.
// RUN: %check_coroguard --allow-errors %s 'coroguard-*' %t -- -- -isystem %inputs
// RUN: head -c 900 %s > %t.cut1.cpp && not %coroguard --checks='-*,coroguard-*' %t.cut1.cpp -- -std=c++20 -isystem %inputs 2>&1 | %FileCheck --check-prefix=CUT %s
// RUN: head -c 1300 %s > %t.cut2.cpp && not %coroguard --checks='-*,coroguard-*' %t.cut2.cpp -- -std=c++20 -isystem %inputs 2>&1 | %FileCheck --check-prefix=CUT %s
// CUT-NOT: Stack dump
// CUT-NOT: [coroguard-

#include <cppcoro.h>
#include <thread>

cppcoro::task<int> compute();
undeclared_type make();

cppcoro::task<int> typing_a_call() {
  int a = cppcoro::sync_wait(
  co_return 1;
}

cppcoro::task<int> unknown_callee() {
  co_return not_declared_yet(compute());
}

cppcoro::task<int> bad_argument() {
  std::this_thread::sleep_for(not_a_duration);
  co_return cppcoro::sync_wait(make());
}

cppcoro::task<int> unfinished() {
  std::this_thread::sleep_
