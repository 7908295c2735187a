// coroguard/detail/intrusive_fifo.hpp - the singly linked FIFO of intrusive
// nodes that the thread pool's queues, the waiters' resume lists and the
// event loop's post queues all are.
//
// The node lives in the suspended coroutine's frame (an awaiter or an
// operation), so queueing never allocates. A node is in at most one list at a
// time; the list links it through its `next` member.
#ifndef COROGUARD_DETAIL_INTRUSIVE_FIFO_HPP
#define COROGUARD_DETAIL_INTRUSIVE_FIFO_HPP

#include <cstddef>

namespace coroguard::detail {

/// FIFO of `Node`s linked through `Node::next` (a `Node *`). Not
/// synchronised: guard it, or keep it to one thread. Trivially copyable; a
/// copy shares the nodes, so move a list by assigning and clearing the
/// source (take_all()).
template <class Node> class intrusive_fifo {
public:
  bool empty() const noexcept { return head_ == nullptr; }
  std::size_t size() const noexcept { return size_; }

  void push_back(Node *node) noexcept {
    node->next = nullptr;
    if (tail_ != nullptr)
      tail_->next = node;
    else
      head_ = node;
    tail_ = node;
    ++size_;
  }

  /// Removes and returns the oldest node, or nullptr when empty. The list no
  /// longer reads the node afterwards, so the caller may run (and free) it.
  Node *pop_front() noexcept {
    Node *node = head_;
    if (node == nullptr)
      return nullptr;
    head_ = node->next;
    if (head_ == nullptr)
      tail_ = nullptr;
    --size_;
    return node;
  }

  /// Moves all of `other` (in order) behind our last node; O(1).
  void splice_back(intrusive_fifo &other) noexcept {
    if (other.head_ == nullptr)
      return;
    if (tail_ != nullptr)
      tail_->next = other.head_;
    else
      head_ = other.head_;
    tail_ = other.tail_;
    size_ += other.size_;
    other = {};
  }

  /// Detaches every node as a new list, leaving this one empty; O(1).
  intrusive_fifo take_all() noexcept {
    intrusive_fifo taken = *this;
    *this = {};
    return taken;
  }

  /// Detaches the oldest `count` nodes (at most size()) as a new list.
  intrusive_fifo take_front(std::size_t count) noexcept {
    if (count >= size_)
      return take_all();
    intrusive_fifo taken;
    if (count == 0)
      return taken;
    Node *last = head_;
    for (std::size_t i = 1; i < count; ++i)
      last = last->next;
    taken.head_ = head_;
    taken.tail_ = last;
    taken.size_ = count;
    head_ = last->next;
    last->next = nullptr;
    size_ -= count;
    return taken;
  }

private:
  Node *head_ = nullptr;
  Node *tail_ = nullptr;
  std::size_t size_ = 0;
};

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_INTRUSIVE_FIFO_HPP
