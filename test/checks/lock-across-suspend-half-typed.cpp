// Half-typed code, as clangd sees it while the user types: no crash, and no
// report about what cannot be typed yet. Each RUN line cuts the file at a
// different point.
// RUN: %check_coroguard --allow-errors %s coroguard-lock-across-suspend %t -- -- -isystem %inputs
// RUN: head -c 1000 %s > %t.cut1.cpp && not %coroguard --checks='-*,coroguard-lock-across-suspend' %t.cut1.cpp -- -std=c++20 -isystem %inputs 2>&1 | %FileCheck --check-prefix=CUT %s
// RUN: head -c 1500 %s > %t.cut2.cpp && not %coroguard --checks='-*,coroguard-lock-across-suspend' %t.cut2.cpp -- -std=c++20 -isystem %inputs 2>&1 | %FileCheck --check-prefix=CUT %s
// CUT-NOT: Stack dump
// CUT-NOT: [coroguard-

#include <cppcoro.h>
#include <mutex>

cppcoro::task<void> step();
std::mutex m;

cppcoro::task<void> unknown_mutex_type() {
  std::lock_guard<not_a_mutex> g(m);
  co_await step();
}

cppcoro::task<void> unknown_object() {
  not_declared.lock();
  co_await step();
  not_declared.unlock();
}

cppcoro::task<void> unknown_awaitable() {
  std::lock_guard g(m);
  co_await not_declared_yet();
}

cppcoro::task<void> typing_the_unlock() {
  std::unique_lock lk(m);
  lk.unl
  co_await step();
}

cppcoro::task<void> unfinished() {
  std::scoped_lock both(m,
