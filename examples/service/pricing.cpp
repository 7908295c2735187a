// pricing.cpp - totals for whole orders.
#include "pricing.hpp"

#include <coroguard/when_all.hpp>
#include <cstddef>
#include <numeric>

namespace catalog {

/// How many price lookups one order may have in flight: the database
/// connection pool has 8 connections.
constexpr std::size_t max_lookups_in_flight = 8;

coroguard::task<int> order_total(const Order &order) {
  std::vector<coroguard::task<int>> lookups;
  lookups.reserve(order.items.size());
  for (const Item &item : order.items)
    lookups.push_back(fetch_price(item.sku));
  // Correct: concurrent, but never more lookups than connections.
  std::vector<int> prices = co_await coroguard::when_all_bounded(
      std::move(lookups), max_lookups_in_flight);
  int total = 0;
  for (std::size_t i = 0; i < prices.size(); ++i)
    total += prices[i] * order.items[i].quantity;
  co_return total;
}

coroguard::task<int> order_total_unbounded(const Order &order) {
  std::vector<coroguard::task<int>> lookups;
  for (const Item &item : order.items)
    lookups.push_back(fetch_price(item.sku));
  // misuse(coroguard-unbounded-when-all): one lookup per item, all at once;
  // a 5,000-item order opens 5,000 database requests.
  std::vector<int> prices = co_await coroguard::when_all(std::move(lookups));
  co_return std::accumulate(prices.begin(), prices.end(), 0);
}

coroguard::task<int> price_pair(std::string a, std::string b) {
  // Correct: a fixed, small fan-out.
  auto [pa, pb] = co_await coroguard::when_all(fetch_price(std::move(a)),
                                               fetch_price(std::move(b)));
  co_return pa + pb;
}

} // namespace catalog
