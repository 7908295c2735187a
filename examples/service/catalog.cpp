// catalog.cpp - price lookups and the audit log, run on the service's pool.
#include "catalog.hpp"

#include <atomic>
#include <functional>

namespace catalog {

namespace {
std::atomic<int> audited{0};
}

coroguard::thread_pool &pool() {
  static coroguard::thread_pool instance(2);
  return instance;
}

coroguard::task<int> fetch_price(std::string sku) {
  co_await pool().schedule();
  // A stand-in for a database read: a stable price per SKU.
  co_return static_cast<int>(std::hash<std::string>{}(sku) % 10'000) + 100;
}

coroguard::task<void> audit(std::string event) {
  co_await pool().schedule();
  if (!event.empty())
    audited.fetch_add(1, std::memory_order_relaxed);
}

int audit_count() { return audited.load(std::memory_order_relaxed); }

} // namespace catalog
