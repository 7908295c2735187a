// runtime_echo_demo - why blocking calls in coroutines hurt, in numbers.
//
// The same loopback echo server twice. Each request "does 1 ms of waiting"
// (standing in for a downstream call): once with std::this_thread::sleep_for,
// which blocks the event-loop thread and so serialises every connection, and
// once with co_await loop.sleep_for, which only suspends the handler. 32
// clients send 10 requests each per iteration; compare requests/s.
// (coroguard-blocking-call flags the first form.)
#include "coroguard/coroguard.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace coroguard;
using namespace std::chrono_literals;

constexpr int clients = 32;
constexpr int requests_per_client = 10;
constexpr std::size_t message_size = 64;

template <bool Blocking> task<> handle(event_loop &loop, tcp_stream conn) {
  std::string buffer(message_size, '\0');
  for (;;) {
    std::size_t n = co_await conn.read(buffer);
    if (n < message_size)
      break; // client done
    if constexpr (Blocking)
      // The harm this demo measures: blocks the whole event loop.
      std::this_thread::sleep_for(1ms); // NOLINT(coroguard-blocking-call)
    else
      co_await loop.sleep_for(1ms); // suspends just this handler
    co_await conn.write_all(buffer);
  }
}

template <bool Blocking>
task<> server(event_loop &loop, tcp_listener &listener) {
  async_scope scope;
  for (int i = 0; i < clients; ++i)
    scope.spawn(handle<Blocking>(loop, co_await listener.accept()));
  co_await scope.join();
}

task<> client(event_loop &loop, std::uint16_t port) {
  tcp_stream conn = co_await tcp_stream::connect(loop, "127.0.0.1", port);
  std::string message(message_size, 'x'), reply(message_size, '\0');
  for (int i = 0; i < requests_per_client; ++i) {
    co_await conn.write_all(message);
    co_await conn.read(reply);
  }
  conn.shutdown_write();
}

template <bool Blocking> void BM_echo(benchmark::State &state) {
  event_loop server_loop, client_loop;
  for (auto _ : state) {
    auto listener = tcp_listener::listen(server_loop, "127.0.0.1", 0);
    std::vector<task<>> all;
    for (int i = 0; i < clients; ++i)
      all.push_back(client(client_loop, listener.port()));
    sync_wait(when_all(server<Blocking>(server_loop, listener),
                       // `clients` is the benchmark's own fixed load.
                       // NOLINTNEXTLINE(coroguard-unbounded-when-all)
                       when_all(std::move(all))));
  }
  state.counters["requests_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * clients * requests_per_client),
      benchmark::Counter::kIsRate);
}

void BM_echo_blocking_sleep(benchmark::State &state) { BM_echo<true>(state); }
void BM_echo_coroutine_sleep(benchmark::State &state) { BM_echo<false>(state); }

BENCHMARK(BM_echo_blocking_sleep)
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_echo_coroutine_sleep)
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
