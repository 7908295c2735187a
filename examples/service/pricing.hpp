// pricing.hpp - totals for whole orders.
#pragma once

#include "catalog.hpp"

namespace catalog {

coroguard::task<int> order_total(const Order &order);
coroguard::task<int> order_total_unbounded(const Order &order);
coroguard::task<int> price_pair(std::string a, std::string b);

} // namespace catalog
