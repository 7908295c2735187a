// Half-typed code, as clangd sees it while the user types: no crash, and no
// report from a coroutine whose body does not parse, nor through an accessor
// whose body does not. Each RUN line cuts the file at a different point.
// RUN: %check_coroguard --allow-errors %s coroguard-thread-local-across-suspend %t -- -- -isystem %inputs/thread-local-across-suspend
// RUN: head -c 1660 %s > %t.cut1.cpp && not %coroguard --checks='-*,coroguard-thread-local-across-suspend' %t.cut1.cpp -- -std=c++20 -isystem %inputs/thread-local-across-suspend 2>&1 | %FileCheck --check-prefix=CUT %s
// RUN: head -c 1960 %s > %t.cut2.cpp && not %coroguard --checks='-*,coroguard-thread-local-across-suspend' %t.cut2.cpp -- -std=c++20 -isystem %inputs/thread-local-across-suspend 2>&1 | %FileCheck --check-prefix=CUT %s
// CUT-NOT: Stack dump
// CUT-NOT: coroutine '{{typing_an_await|unknown_awaitable|broken_.*|unfinished}}'

#include <tl_task.h>

thread_local int request_id = 0;
thread_local undeclared_type broken_tl;

int get_id() { return request_id + not_declared_yet; }

// Beside the errors, whole code is still checked.
tl::task<> intact(tl::pool &p) {
  co_await p.schedule();
  tl::consume(request_id);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'intact'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
}

// An accessor whose body does not parse is not followed.
tl::task<> broken_accessor(tl::pool &p) {
  co_await p.schedule();
  tl::consume(get_id());
}

tl::task<> typing_an_await(tl::pool &p) {
  co_await p.reschedule_on(
  tl::consume(request_id);
}

tl::task<> unknown_awaitable(tl::pool &p) {
  co_await make_it();
  tl::consume(request_id);
}

tl::task<> broken_thread_local(tl::pool &p) {
  co_await p.schedule();
  tl::consume(broken_tl);
}

tl::task<> broken_pointer(tl::pool &p) {
  undeclared_type *ptr = &request_id;
  co_await p.schedule();
  tl::consume(*ptr);
}

tl::task<> unfinished(tl::pool &p) {
  int *ptr = &request_id;
  co_await p.schedule();
  tl::consume(get_id(
