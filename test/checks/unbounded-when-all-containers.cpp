// RUN: %check_coroguard %s coroguard-unbounded-when-all %t -- -- -isystem %inputs
//
// A container's size from its constructor is read by the parameter each
// argument initialises, not by its position: `vector(alloc)` is empty,
// `vector(n, alloc)` holds n, `vector(first, last, alloc)` holds the range,
// `vector({a, b}, alloc)` holds 2, a hashed container's integer is a bucket
// count.

#include <cppcoro.h>
#include <memory>
#include <unordered_set>
#include <vector>

cppcoro::task<int> get(int);

namespace lib {
// A range fan-out with no limit, declared by annotation.
template <class R>
[[clang::annotate("coroguard::fanout_unbounded")]] cppcoro::task<int>
when_all(R &&range);
} // namespace lib

// ---- Negative ----------------------------------------------------------------

// The input (async_simple LazyTest.cpp, shown with a when_all): the
// allocator is not a size; the vector holds the two tasks pushed.
cppcoro::task<int> two(std::allocator<cppcoro::task<int>> alloc) {
  std::vector<cppcoro::task<int>> input(alloc);
  input.push_back(get(1));
  input.push_back(get(2));
  co_return co_await lib::when_all(std::move(input));
}

cppcoro::task<int> list_and_allocator(std::allocator<int> alloc) {
  std::vector<int> ids({1, 2, 3}, alloc);
  co_return co_await lib::when_all(ids);
}

cppcoro::task<int> copy_with_allocator(std::allocator<int> alloc) {
  std::vector<int> first{1, 2};
  std::vector<int> second(std::move(first), alloc);
  co_return co_await lib::when_all(second);
}

cppcoro::task<int> small_count(std::allocator<int> alloc) {
  std::vector<int> ids(8, alloc);
  co_return co_await lib::when_all(ids);
}

// 1000 buckets, no element.
cppcoro::task<int> buckets() {
  std::unordered_set<int> ids(1000);
  co_return co_await lib::when_all(ids);
}

// ---- Positive ----------------------------------------------------------------

cppcoro::task<int> pushed_in_loop(std::allocator<cppcoro::task<int>> alloc,
                                  const std::vector<int> &ids) {
  std::vector<cppcoro::task<int>> input(alloc);
  for (int id : ids)
    input.push_back(get(id));
  co_return co_await lib::when_all(std::move(input));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'lib::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'input' is filled in a loop whose trip count is not a compile-time constant ('ids' is a parameter) [coroguard-unbounded-when-all]
}

cppcoro::task<int> count_and_allocator(std::allocator<int> alloc, int count) {
  std::vector<int> ids(count, alloc);
  co_return co_await lib::when_all(ids);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'lib::when_all' starts every task of a range whose size depends on run-time input, all at once and with no concurrency limit: 'count' is a parameter
}

cppcoro::task<int> iterators_and_allocator(
    std::allocator<cppcoro::task<int>> alloc,
    std::vector<cppcoro::task<int>> &from) {
  std::vector<cppcoro::task<int>> input(std::make_move_iterator(from.begin()),
                                        std::make_move_iterator(from.end()),
                                        alloc);
  co_return co_await lib::when_all(std::move(input));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'lib::when_all' starts every task of a range whose size depends on run-time input
}

cppcoro::task<int> large_count() {
  std::vector<int> ids(1000);
  co_return co_await lib::when_all(ids);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'lib::when_all' starts all 1000 tasks of the range at once with no concurrency limit (more than MaxStaticFanout, 64)
}
