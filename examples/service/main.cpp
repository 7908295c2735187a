// main.cpp - runs a few requests through the catalog service.
#include "handlers.hpp"
#include "pricing.hpp"

#include <coroguard/sync_wait.hpp>
#include <cstdio>

int main() {
  using namespace catalog;
  Order order{"A-1001", {{"apple", 3}, {"pear", 2}, {"plum", 12}}};
  // sync_wait in main is its intended use: the edge between sync and async.
  int total = coroguard::sync_wait(order_total(order));
  int quoted = coroguard::sync_wait(quote("apple"));
  int pair = coroguard::sync_wait(price_pair("pear", "plum"));
  coroguard::sync_wait(place_order(order));
  reindex_per_core({order, order});
  std::printf("order %s: total %d cents; apple %d; pear+plum %d; %d audit "
              "events\n",
              order.id.c_str(), total, quoted, pair, audit_count());
  return 0;
}
