#include "coroguard/coroguard.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {

// Echoes everything until the peer half-closes.
task<> echo_connection(tcp_stream conn) {
  char buffer[4096];
  for (;;) {
    std::size_t n = co_await conn.read_some(buffer);
    if (n == 0)
      break;
    co_await conn.write_all(std::span<const char>(buffer, n));
  }
}

task<> serve(tcp_listener &listener, async_scope &scope, int connections) {
  for (int i = 0; i < connections; ++i)
    scope.spawn(echo_connection(co_await listener.accept()));
}

task<std::string> client(event_loop &loop, std::uint16_t port,
                         std::string message) {
  tcp_stream conn = co_await tcp_stream::connect(loop, "127.0.0.1", port);
  co_await conn.write_all(message);
  conn.shutdown_write();
  std::string reply(message.size() + 16, '\0');
  std::size_t n = co_await conn.read(reply);
  reply.resize(n);
  co_return reply;
}

TEST(Tcp, EchoOnLoopback) {
  event_loop loop;
  auto listener = tcp_listener::listen(loop, "127.0.0.1", 0);
  ASSERT_NE(listener.port(), 0);
  async_scope scope;
  constexpr int clients = 20;
  auto server = [&]() -> task<> {
    co_await serve(listener, scope, clients);
    co_await scope.join();
  };
  std::vector<task<std::string>> requests;
  for (int i = 0; i < clients; ++i)
    requests.push_back(
        client(loop, listener.port(),
               std::string(1000 * (i + 1), static_cast<char>('a' + i))));
  auto [nothing, replies] =
      sync_wait(when_all(server(), when_all(std::move(requests))));
  (void)nothing;
  ASSERT_EQ(replies.size(), static_cast<std::size_t>(clients));
  for (int i = 0; i < clients; ++i)
    EXPECT_EQ(replies[i],
              std::string(1000 * (i + 1), static_cast<char>('a' + i)));
}

TEST(Tcp, LargeTransferWithBackpressure) {
  // 8 MiB through one connection: write_all must wait for the socket buffer
  // to drain (EAGAIN path) many times.
  event_loop loop;
  auto listener = tcp_listener::listen(loop, "127.0.0.1", 0);
  async_scope scope;
  auto server = [&]() -> task<> {
    co_await serve(listener, scope, 1);
    co_await scope.join();
  };
  std::string payload(8 << 20, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<char>(i * 131 % 251);
  // Write and read concurrently: the echo cannot get ahead of our reading,
  // so a client that wrote everything first would deadlock with the server.
  auto duplex_client = [&]() -> task<std::string> {
    tcp_stream conn =
        co_await tcp_stream::connect(loop, "127.0.0.1", listener.port());
    auto writer = [&]() -> task<> {
      co_await conn.write_all(payload);
      conn.shutdown_write();
    };
    auto reader = [&]() -> task<std::string> {
      std::string got(payload.size() + 16, '\0');
      got.resize(co_await conn.read(got));
      co_return got;
    };
    auto [w, got] = co_await when_all(writer(), reader());
    (void)w;
    co_return std::move(got);
  };
  auto [nothing, reply] = sync_wait(when_all(server(), duplex_client()));
  (void)nothing;
  EXPECT_EQ(reply.size(), payload.size());
  EXPECT_TRUE(reply == payload);
}

TEST(Tcp, AcceptCancelledByStopToken) {
  event_loop loop;
  auto listener = tcp_listener::listen(loop, "127.0.0.1", 0);
  std::stop_source source;
  auto acceptor = [&]() -> task<bool> {
    try {
      (void)co_await listener.accept(source.get_token());
    } catch (const operation_cancelled &) {
      co_return true;
    }
    co_return false;
  };
  auto canceller = [&]() -> task<> {
    co_await loop.sleep_for(20ms);
    source.request_stop();
  };
  auto [cancelled, nothing] = sync_wait(when_all(acceptor(), canceller()));
  (void)nothing;
  EXPECT_TRUE(cancelled);
}

TEST(Tcp, ReadCancelledWhilePeerIsSilent) {
  event_loop loop;
  auto listener = tcp_listener::listen(loop, "127.0.0.1", 0);
  std::stop_source source;
  auto silent_server = [&]() -> task<> {
    tcp_stream conn = co_await listener.accept();
    co_await loop.sleep_for(100ms); // hold the connection open, say nothing
  };
  auto reader = [&]() -> task<bool> {
    tcp_stream conn =
        co_await tcp_stream::connect(loop, "127.0.0.1", listener.port());
    char buffer[16];
    try {
      (void)co_await conn.read_some(buffer, source.get_token());
    } catch (const operation_cancelled &) {
      co_return true;
    }
    co_return false;
  };
  auto canceller = [&]() -> task<> {
    co_await loop.sleep_for(20ms);
    source.request_stop();
  };
  auto [a, cancelled, b] =
      sync_wait(when_all(silent_server(), reader(), canceller()));
  (void)a;
  (void)b;
  EXPECT_TRUE(cancelled);
}

TEST(Tcp, ConnectRefusedThrowsSystemError) {
  event_loop loop;
  std::uint16_t port;
  {
    auto probe = tcp_listener::listen(loop, "127.0.0.1", 0);
    port = probe.port();
  } // closed: nothing listens there now
  auto body = [&]() -> task<> {
    (void)co_await tcp_stream::connect(loop, "127.0.0.1", port);
  };
  EXPECT_THROW(sync_wait(body()), std::system_error);
}

TEST(Tcp, ShutdownCancelsPendingAccept) {
  async_scope scope;
  bool cancelled = false;
  // Declared before the loop: the closure must outlive the coroutine, which
  // is resumed (cancelled) while the block below is being torn down.
  auto acceptor = [&](tcp_listener &listener) -> task<> {
    try {
      (void)co_await listener.accept();
    } catch (const operation_cancelled &) {
      cancelled = true;
    }
  };
  {
    event_loop loop;
    auto listener = tcp_listener::listen(loop, "127.0.0.1", 0);
    auto body = [&]() -> task<> {
      co_await loop.schedule();
      scope.spawn(acceptor(listener));
    };
    sync_wait(body());
    sync_wait([&]() -> task<> { co_await loop.sleep_for(10ms); }());
    EXPECT_FALSE(cancelled);
    // Leaving the block destroys the listener and then the loop: the pending
    // accept is cancelled.
  }
  EXPECT_TRUE(cancelled);
  sync_wait(scope.join());
}

TEST(Tcp, ClosingSocketCancelsPendingRead) {
  event_loop loop;
  auto listener = tcp_listener::listen(loop, "127.0.0.1", 0);
  std::optional<tcp_stream> client_conn;
  bool cancelled = false;
  auto server = [&]() -> task<> {
    tcp_stream conn = co_await listener.accept();
    co_await loop.sleep_for(200ms); // silent; the client closes first
  };
  auto reader = [&]() -> task<> {
    client_conn.emplace(
        co_await tcp_stream::connect(loop, "127.0.0.1", listener.port()));
    char buffer[8];
    try {
      (void)co_await client_conn->read_some(buffer);
    } catch (const operation_cancelled &) {
      cancelled = true;
    }
  };
  auto closer = [&]() -> task<> {
    co_await loop.sleep_for(30ms);
    client_conn->close(); // on the loop thread: the read is pending
  };
  sync_wait(when_all(server(), reader(), closer()));
  EXPECT_TRUE(cancelled);
}

} // namespace
