// Half-typed code, as clangd sees it while the user types: no crash, and
// nothing reported about expressions that contain errors. The second RUN
// line cuts the file in the middle of a statement.
// RUN: %check_coroguard --allow-errors %s coroguard-dangling-reference %t -- -- -isystem %inputs/dangling-reference -I %runtime_include
// RUN: head -c 973 %s > %t.cut.cpp && not %coroguard --checks='-*,coroguard-dangling-reference' %t.cut.cpp -- -std=c++20 -isystem %inputs/dangling-reference -I %runtime_include 2>&1 | %FileCheck --check-prefix=CUT %s
// CUT-NOT: warning:
// CUT: error:

#include <dangling_tasks.h>

using dr::task;

task show(const std::string &s) {
  co_await dr::yield();
  dr::consume(s);
}
task broken(const std::string &s, undeclared_type u) {
  co_await dr::yield();
  dr::consume(s);
}

void typing() {
  dr::detach(show(undeclared_name));
  dr::detach(show(std::string("x"), 3));
  dr::detach(broken(std::string("x"), 1));
  auto t = show(std::string("x"));
  t.
}

void complete_still_reported() {
  dr::detach(show(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'show' is detached by 'dr::detach', but it refers to a temporary
}
void cut_here() {
  dr::detach(show(std::string(
