// catalog.hpp - the catalog service's data and its async lookups.
//
// This service is the coroguard demo: each file has a few functions marked
// `misuse(<check>)` that the checks report, with the correct pattern beside.
#pragma once

#include <coroguard/task.hpp>
#include <coroguard/thread_pool.hpp>
#include <string>
#include <vector>

namespace catalog {

struct Item {
  std::string sku;
  int quantity = 1;
};

struct Order {
  std::string id;
  std::vector<Item> items;
};

/// The pool every lookup runs on.
coroguard::thread_pool &pool();

/// Looks up the unit price of a SKU (in cents).
coroguard::task<int> fetch_price(std::string sku);

/// Records an event in the audit log.
coroguard::task<void> audit(std::string event);

/// How many audit events were recorded.
int audit_count();

} // namespace catalog
