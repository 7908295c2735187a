// Real Asio and Boost.Asio headers (Debian libasio-dev, libboost-dev): the
// detached completion token, the function form of co_spawn, and a completion
// handler that rethrows. The echo_server.cpp example, both sides.
// REQUIRES: asio, boost-asio
// RUN: %check_coroguard %s coroguard-detached-coroutine %t -- -- -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// RUN: %check_coroguard --check-suffix=BOOST %s coroguard-detached-coroutine %t -- -- -DUSE_BOOST

#ifdef USE_BOOST
#include <boost/asio.hpp>
namespace asio = boost::asio;
#else
#include <asio.hpp>
#endif
#include <cstdio>
#include <exception>
#include <memory>

using asio::ip::tcp;

asio::awaitable<void> echo(tcp::socket socket) {
  try {
    char data[1024];
    for (;;) {
      std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                      asio::use_awaitable);
      co_await asio::async_write(socket, asio::buffer(data, n),
                                 asio::use_awaitable);
    }
  } catch (std::exception &e) {
    std::printf("echo Exception: %s\n", e.what());
  }
}

asio::awaitable<void> listener() {
  auto executor = co_await asio::this_coro::executor;
  tcp::acceptor acceptor(executor, {tcp::v4(), 55555});
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    // Fine: echo catches its own exceptions.
    asio::co_spawn(executor, echo(std::move(socket)), asio::detached);
  }
}

int main() {
  asio::io_context io_context(1);
  // Any exception from listener is lost: the server silently stops.
  asio::co_spawn(io_context, listener(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with 'asio::detached' detaches coroutine 'listener' with no owner: nobody observes its end, and an exception escaping it is lost [coroguard-detached-coroutine]
  // CHECK-MESSAGES-BOOST: :[[@LINE-2]]:3: warning: 'boost::asio::co_spawn' with 'boost::asio::detached' detaches coroutine 'listener' with no owner
  // A completion handler that rethrows: the exception is observed.
  asio::co_spawn(io_context, listener(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  // Awaited: nothing detached.
  asio::co_spawn(io_context, listener(), asio::use_future).get();
  io_context.run();
}

// The function form, as in chat_server.cpp: the lambda is followed to the
// coroutine it returns.
struct session : std::enable_shared_from_this<session> {
  asio::awaitable<void> reader() {
    try {
      co_await asio::post(co_await asio::this_coro::executor,
                          asio::use_awaitable);
    } catch (std::exception &) {
    }
  }
  asio::awaitable<void> writer() { co_return; }
  void start(asio::any_io_executor ex) {
    asio::co_spawn(ex, [self = shared_from_this()] { return self->reader(); },
                   asio::detached);
    asio::co_spawn(ex, [self = shared_from_this()] { return self->writer(); },
                   asio::detached);
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'asio::co_spawn' with 'asio::detached' detaches coroutine 'writer' with no owner
    // CHECK-MESSAGES-BOOST: :[[@LINE-3]]:5: warning: 'boost::asio::co_spawn' with 'boost::asio::detached' detaches coroutine 'writer' with no owner
    asio::co_spawn(
        ex,
        []() -> asio::awaitable<void> {
          try {
            co_return;
          } catch (...) {
          }
        },
        asio::detached);
  }
};
