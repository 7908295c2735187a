// handlers.hpp - the service's request handlers.
#pragma once

#include "catalog.hpp"
#include <future>

namespace catalog {

coroguard::task<int> quote(std::string sku);
coroguard::task<int> quote_blocking(std::string sku);
coroguard::task<int> fetch_with_retry(std::string sku);
coroguard::task<void> place_order(Order order);
void reindex(const std::vector<Order> &orders);
void reindex_per_core(const std::vector<Order> &orders);

} // namespace catalog
