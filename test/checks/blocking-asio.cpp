// Real Asio and Boost.Asio headers (Debian libasio-dev, libboost-dev).
// REQUIRES: asio, boost-asio
// RUN: %check_coroguard %s 'coroguard-blocking-*' %t -- -- -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// RUN: %check_coroguard --check-suffix=BOOST %s 'coroguard-blocking-*' %t -- -- -DUSE_BOOST

#ifdef USE_BOOST
#include <boost/asio.hpp>
namespace asio = boost::asio;
#define LIB "boost::asio"
#else
#include <asio.hpp>
#endif
#include <chrono>
#include <thread>

asio::awaitable<void> session(asio::io_context &ctx) {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'session'{{.*}} [coroguard-blocking-call]
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'session'{{.*}} [coroguard-blocking-call]
  ctx.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'asio::io_context::run' waits synchronously for async work inside coroutine 'session'
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:7: warning: 'boost::asio::io_context::run' waits synchronously for async work inside coroutine 'session'
  co_return;
}

asio::awaitable<void> correct(asio::io_context &ctx) {
  asio::steady_timer timer(ctx, std::chrono::milliseconds(10));
  co_await timer.async_wait(asio::use_awaitable);
  ctx.poll(); // runs ready handlers and returns: not a wait
  co_return;
}

int main() {
  asio::io_context ctx;
  asio::co_spawn(ctx, correct(ctx), asio::detached);
  ctx.run(); // the intended place to block
}
