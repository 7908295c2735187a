// coroguard/detail/timer_heap.hpp - the event loop's timer queue: a binary
// min-heap of intrusive nodes, ordered by deadline and then by start order.
//
// Each node records its position in the heap, so a cancelled timer is removed
// in O(log n) without searching; a node is in at most one heap at a time. The
// heap's array is the only allocation, and it is reused (a multimap, used
// before, allocated a tree node per timer).
#ifndef COROGUARD_DETAIL_TIMER_HEAP_HPP
#define COROGUARD_DETAIL_TIMER_HEAP_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace coroguard::detail {

/// A timer waiting in a timer_heap (embedded in the timer operation).
struct timer_node {
  static constexpr std::size_t not_queued = static_cast<std::size_t>(-1);
  std::chrono::steady_clock::time_point deadline;
  std::uint64_t sequence = 0; // push order: equal deadlines fire FIFO
  std::size_t index = not_queued;
};

class timer_heap {
public:
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  /// The node with the earliest deadline (first pushed among equals).
  timer_node *top() const noexcept { return heap_.front(); }

  /// Queues `node` (by its deadline). May throw std::bad_alloc.
  void push(timer_node *node) {
    node->sequence = next_sequence_++;
    node->index = heap_.size();
    heap_.push_back(node);
    sift_up(node->index);
  }

  /// Removes a queued `node`.
  void erase(timer_node *node) noexcept {
    std::size_t hole = node->index;
    timer_node *last = heap_.back();
    heap_.pop_back();
    node->index = timer_node::not_queued;
    if (last == node)
      return;
    place(last, hole);
    // The moved node may belong above or below the hole, not both.
    if (hole > 0 && earlier(last, heap_[(hole - 1) / 2]))
      sift_up(hole);
    else
      sift_down(hole);
  }

private:
  static bool earlier(const timer_node *a, const timer_node *b) noexcept {
    if (a->deadline != b->deadline)
      return a->deadline < b->deadline;
    return a->sequence < b->sequence;
  }

  void place(timer_node *node, std::size_t at) noexcept {
    heap_[at] = node;
    node->index = at;
  }

  void sift_up(std::size_t at) noexcept {
    timer_node *node = heap_[at];
    while (at > 0) {
      std::size_t parent = (at - 1) / 2;
      if (!earlier(node, heap_[parent]))
        break;
      place(heap_[parent], at);
      at = parent;
    }
    place(node, at);
  }

  void sift_down(std::size_t at) noexcept {
    timer_node *node = heap_[at];
    std::size_t count = heap_.size();
    for (;;) {
      std::size_t child = 2 * at + 1;
      if (child >= count)
        break;
      if (child + 1 < count && earlier(heap_[child + 1], heap_[child]))
        ++child;
      if (!earlier(heap_[child], node))
        break;
      place(heap_[child], at);
      at = child;
    }
    place(node, at);
  }

  std::vector<timer_node *> heap_;
  std::uint64_t next_sequence_ = 0;
};

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_TIMER_HEAP_HPP
