// Blocking waits of the libraries Debian does not package, against the
// declaration-only stand-ins in Inputs/ (each mirrors its library's public
// signatures). Asio and Boost.Asio are tested against real headers in
// blocking-asio.cpp.
// RUN: %check_coroguard %s coroguard-blocking-wait %t -- -- -isystem %inputs

#include <cobalt.h>
#include <concurrencpp.h>
#include <qcoro.h>
#include <stdexec.h>

boost::cobalt::task<int> cobalt_work();
boost::cobalt::task<int> cobalt_handler() {
  co_return boost::cobalt::run(cobalt_work());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'boost::cobalt::run' waits synchronously for async work inside coroutine 'cobalt_handler'
}

concurrencpp::result<int> cc_work();
concurrencpp::result<int> cc_handler() {
  concurrencpp::result<int> r = cc_work();
  r.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'concurrencpp::result::wait' waits synchronously
  co_return r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'concurrencpp::result::get' waits synchronously
}

exec::task<int> stdexec_handler() {
  // A function object: matched by its variable (and its type).
  co_return stdexec::sync_wait(stdexec::just());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'stdexec::sync_wait' waits synchronously for async work inside coroutine 'stdexec_handler'
  // No fix-it: stdexec::sync_wait returns an optional tuple, not what
  // co_await gives.
  // CHECK-FIXES: {{^}}  co_return stdexec::sync_wait(stdexec::just());{{$}}
}

exec::task<int> unifex_handler() {
  co_return unifex::sync_wait(stdexec::just());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'unifex::sync_wait' waits synchronously
}

QCoro::Task<int> qcoro_work();
QCoro::Task<int> qcoro_handler() {
  co_return QCoro::waitFor(qcoro_work());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'QCoro::waitFor' waits synchronously for async work inside coroutine 'qcoro_handler'
}

// Each library's correct form, and its waits outside coroutines.
QCoro::Task<int> qcoro_correct() { co_return co_await qcoro_work(); }
int main() {
  (void)boost::cobalt::run(cobalt_work());
  (void)stdexec::sync_wait(stdexec::just());
  return QCoro::waitFor(qcoro_work());
}
