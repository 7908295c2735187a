// handlers.cpp - request handlers, with the mistakes people make in them.
#include "handlers.hpp"
#include "pricing.hpp"

#include <algorithm>
#include <chrono>
#include <coroguard/sync_wait.hpp>
#include <coroutine>
#include <exception>
#include <thread>

namespace catalog {

// A synchronous helper from before the service went async. Fine when called
// from synchronous code (the CLI tool uses it).
int legacy_price(const std::string &sku) {
  return coroguard::sync_wait(fetch_price(sku));
}

coroguard::task<int> quote(std::string sku) {
  // Correct: suspend until the price arrives.
  co_return co_await fetch_price(std::move(sku));
}

coroguard::task<int> quote_blocking(std::string sku) {
  // misuse(coroguard-blocking-wait): legacy_price sync_waits on the pool this
  // handler runs on; with every worker doing this, nothing runs the lookups.
  co_return legacy_price(sku);
}

coroguard::task<int> fetch_with_retry(std::string sku) {
  for (int attempt = 0;; ++attempt) {
    try {
      co_return co_await fetch_price(sku);
    } catch (...) {
      if (attempt == 3)
        throw;
    }
    // misuse(coroguard-blocking-call): the back-off parks a pool thread, and
    // every coroutine queued on it waits too.
    std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
  }
}

/// An in-house "fire and forget" coroutine type: starts eagerly, and its
/// return object holds nothing, so nobody can see it finish or fail.
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

// misuse(coroguard-detached-coroutine): if the audit throws, the process
// terminates; if it is slow, shutdown does not wait for it.
fire_and_forget notify_warehouse(Order order) {
  co_await audit("warehouse notified of " + order.id);
}

coroguard::task<void> place_order(Order order) {
  // misuse(coroguard-discarded-task): task is lazy; this line does nothing.
  audit("order received " + order.id);
  // Correct: the audit runs before the order is priced.
  co_await audit("order accepted " + order.id);
  int total = co_await order_total(order);
  co_await audit("order " + order.id + " total " + std::to_string(total));
}

void reindex(const std::vector<Order> &orders) {
  std::vector<std::future<void>> jobs;
  // misuse(coroguard-unthrottled-parallel-loop): one thread per order; a
  // large batch runs the process out of threads.
  for (const Order &order : orders)
    jobs.push_back(std::async(std::launch::async, [&order] {
      (void)coroguard::sync_wait(order_total(order));
    }));
  for (auto &job : jobs)
    job.get();
}

void reindex_per_core(const std::vector<Order> &orders) {
  // Correct: one worker per core, each taking every n-th order.
  const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < workers; ++w)
    threads.emplace_back([&orders, w, workers] {
      for (std::size_t i = w; i < orders.size(); i += workers)
        (void)coroguard::sync_wait(order_total(orders[i]));
    });
  for (auto &t : threads)
    t.join();
}

} // namespace catalog
