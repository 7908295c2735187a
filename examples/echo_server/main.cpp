// coroguard_echo_server - a small echo server on the coroguard runtime.
//
//   coroguard_echo_server [port] [max_connections]
//
// Listens on 127.0.0.1 only. Each connection is a task spawned into an
// async_scope (so a failing connection is reported, never lost), and an
// async_semaphore bounds how many connections are served at once. An idle
// connection is dropped after 30 s using a cancellable timer. The server
// stops after `max_connections` connections (default: run until killed).
#include "coroguard/coroguard.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stop_token>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t max_concurrent_connections = 256;

/// Requests stop on `source` unless disarmed before `timeout` elapses.
task<> idle_watchdog(event_loop &loop, std::stop_source source,
                     std::stop_token disarmed) {
  try {
    co_await loop.sleep_for(30s, disarmed);
    source.request_stop();
  } catch (const operation_cancelled &) {
    // the connection finished first
  }
}

task<> echo(event_loop &loop, tcp_stream conn, semaphore_permit permit) {
  (void)permit; // held for the connection's lifetime
  char buffer[16 * 1024];
  std::stop_source idle;   // fires when the peer stays silent too long
  std::stop_source closed; // disarms the watchdog when we are done
  async_scope watchdog_scope;
  watchdog_scope.spawn(idle_watchdog(loop, idle, closed.get_token()));
  try {
    for (;;) {
      std::size_t n = co_await conn.read_some(buffer, idle.get_token());
      if (n == 0)
        break;
      co_await conn.write_all(std::span<const char>(buffer, n));
    }
  } catch (const operation_cancelled &) {
    std::fputs("echo: dropping idle connection\n", stderr);
  }
  closed.request_stop();
  co_await watchdog_scope.join();
}

task<> serve(event_loop &loop, tcp_listener &listener, long max_connections) {
  async_scope connections;
  async_semaphore slots{max_concurrent_connections};
  for (long served = 0; max_connections < 0 || served < max_connections;
       ++served) {
    semaphore_permit permit = co_await slots.scoped_acquire();
    tcp_stream conn = co_await listener.accept();
    connections.spawn(echo(loop, std::move(conn), std::move(permit)));
  }
  co_await connections.join();
}

} // namespace

int main(int argc, char **argv) {
  auto port = static_cast<std::uint16_t>(argc > 1 ? std::atoi(argv[1]) : 7777);
  long max_connections = argc > 2 ? std::atol(argv[2]) : -1;
  try {
    event_loop loop;
    auto listener = tcp_listener::listen(loop, "127.0.0.1", port);
    std::printf("echo server on 127.0.0.1:%u\n", listener.port());
    std::fflush(stdout);
    sync_wait(serve(loop, listener, max_connections));
  } catch (const std::exception &e) {
    std::fprintf(stderr, "echo server: %s\n", e.what());
    return 1;
  }
  return 0;
}
