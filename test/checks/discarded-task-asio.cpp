// Real Asio and Boost.Asio headers (Debian libasio-dev, libboost-dev):
// awaitables created and dropped, with the co_await fix-it.
// REQUIRES: asio, boost-asio
// RUN: %check_coroguard %s coroguard-discarded-task %t -- -- -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// RUN: %check_coroguard --check-suffix=BOOST %s coroguard-discarded-task %t -- -- -DUSE_BOOST

#ifdef USE_BOOST
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
namespace asio = boost::asio;
#else
#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#endif
#include <chrono>
#include <functional>

using namespace asio::experimental::awaitable_operators;
using asio::ip::tcp;

asio::awaitable<void> step();
asio::awaitable<int> value();

asio::awaitable<void> session(tcp::socket &socket, asio::steady_timer &timer) {
  char data[64];
  asio::async_write(socket, asio::buffer(data), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asio::awaitable' returned by 'asio::async_write' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:3: warning: lazy task 'boost::asio::awaitable' returned by 'boost::asio::async_write' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-FIXES: {{^}}  co_await asio::async_write(socket, asio::buffer(data), asio::use_awaitable);{{$}}
  step() && step();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: lazy task 'asio::awaitable' returned by 'asio::experimental::awaitable_operators::operator&&' is discarded
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:10: warning: lazy task 'boost::asio::awaitable' returned by 'boost::asio::experimental::awaitable_operators::operator&&' is discarded
  // CHECK-FIXES: {{^}}  co_await (step() && step());{{$}}
  auto wait = timer.async_wait(asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'wait' holds a lazy task 'asio::awaitable' that is never used; it never runs
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:8: warning: local 'wait' holds a lazy task 'boost::asio::awaitable' that is never used
  // Awaiting gives nothing to hold: the declaration becomes the await.
  // CHECK-FIXES: {{^}}  co_await timer.async_wait(asio::use_awaitable);{{$}}
  auto v = value();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: local 'v' holds a lazy task 'asio::awaitable' that is never used; it never runs
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:8: warning: local 'v' holds a lazy task 'boost::asio::awaitable'
  // CHECK-FIXES: {{^}}  co_await value();{{$}}
  asio::co_spawn(socket.get_executor(), step(), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asio::awaitable' returned by 'asio::co_spawn' is discarded
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:3: warning: lazy task 'boost::asio::awaitable' returned by 'boost::asio::co_spawn' is discarded
  // CHECK-FIXES: {{^}}  co_await asio::co_spawn(socket.get_executor(), step(), asio::use_awaitable);{{$}}

  // Negative: awaited, stored and awaited, spawned.
  co_await asio::async_write(socket, asio::buffer(data), asio::use_awaitable);
  co_await (step() && step());
  auto later = value();
  int n = co_await std::move(later);
  asio::co_spawn(socket.get_executor(), step(), asio::detached);
  timer.async_wait([](std::error_code) {});
  co_return;
}

// An awaitable lambda dropped by a std::function<void()>.
void on_ready(std::function<void()> callback);
void subscribe() {
  on_ready([]() -> asio::awaitable<void> { co_await step(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: coroutine lambda returns a lazy task 'asio::awaitable' that is lost when it is converted to 'std::function' returning void; it never runs
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:12: warning: coroutine lambda returns a lazy task 'boost::asio::awaitable' that is lost
}
