// REQUIRES: boost-asio
// RUN: %check_coroguard %s coroguard-unthrottled-parallel-loop %t -- -- -std=c++20
// RUN: %check_coroguard --check-suffix=EVENTS %s coroguard-unthrottled-parallel-loop %t -- \
// RUN:   -config="{CheckOptions: {coroguard-unthrottled-parallel-loop.ReportEventLoops: 1}}" -- -std=c++20

// co_spawn against the real Boost.Asio headers: an accept loop is paced by
// its input; a loop over rows already in hand is a fan-out.

#include <boost/asio.hpp>
#include <vector>

using boost::asio::awaitable;
using boost::asio::co_spawn;
using boost::asio::detached;
using boost::asio::use_awaitable;
using boost::asio::ip::tcp;

awaitable<void> echo(tcp::socket socket);
awaitable<void> store(int row);

awaitable<void> listener(tcp::acceptor &acceptor) {
  auto executor = co_await boost::asio::this_coro::executor;
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    co_spawn(executor, echo(std::move(socket)), detached);
    // CHECK-MESSAGES-EVENTS: :[[@LINE-1]]:5: warning: 'boost::asio::co_spawn' starts concurrent work in every iteration of a loop whose trip count depends on run-time input
  }
}

awaitable<void> store_all(std::vector<int> rows) {
  auto executor = co_await boost::asio::this_coro::executor;
  for (int row : rows)
    co_spawn(executor, store(row), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::asio::co_spawn' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
  // CHECK-MESSAGES-EVENTS: :[[@LINE-2]]:5: warning: 'boost::asio::co_spawn' starts concurrent work
  // Sequential: each co_spawn is awaited.
  for (int row : rows)
    co_await co_spawn(executor, store(row), use_awaitable);
}

int main(int argc, char **argv) {
  boost::asio::io_context ctx;
  std::vector<tcp::acceptor> acceptors;
  // One listener per port on the command line.
  for (int i = 1; i < argc; ++i)
    co_spawn(ctx, listener(acceptors.at(i - 1)), detached);
  ctx.run();
}
