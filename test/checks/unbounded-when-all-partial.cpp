// RUN: %check_coroguard --allow-errors %s coroguard-unbounded-when-all %t -- -- -isystem %inputs
// RUN: %check_coroguard --allow-errors %s coroguard-unthrottled-parallel-loop %t -- -- -isystem %inputs

// Half-typed code, as clangd sees it while the user types: no crash, and no
// report built on a guess.

#include <cppcoro.h>
#include <folly.h>
#include <future>
#include <thread>
#include <vector>

cppcoro::task<int> compute(int i);
int process(int);

cppcoro::task<> unknown_callee(std::vector<int> items) {
  std::vector<cppcoro::task<int>> tasks;
  for (int i : items)
    tasks.push_back(undeclared_task(i));
  // The broken push_back is not counted: no report on a guess.
  co_await cppcoro::when_all(std::move(tasks));
}

cppcoro::task<> unknown_range() {
  co_await cppcoro::when_all(std::move(not_declared_yet));
}

cppcoro::task<> unknown_bound(std::vector<int> items) {
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < count_of(items); ++i)
    tasks.push_back(compute(i));
  co_await folly::coro::collectAllRange(tasks
}

void unknown_loop(int n) {
  for (int i = 0; i < n; ++i)
    std::thread(process, i, missing).detach();
  for (auto x : nothing_here)
    std::async(std::launch::async, process, x);
  for (int i = 0; i < ; ++i)
    std::thread(process, i).detach();
  while (
}
