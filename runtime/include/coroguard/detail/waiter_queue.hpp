// coroguard/detail/waiter_queue.hpp - intrusive FIFO of suspended awaiters,
// and a per-thread trampoline for resuming them.
//
// Synchronisation primitives (semaphore, mutex, channel, scope) keep their
// waiters in an intrusive list: the node lives in the awaiter, inside the
// suspended coroutine's frame, so waiting never allocates.
//
// Waking a waiter from release()/unlock()/send() must not resume it
// recursively: a chain of 100k tasks each releasing a semaphore the next one
// waits for would otherwise nest 100k resumptions on one stack. resume_soon()
// resumes at once when nothing else is being resumed by this thread, and
// otherwise queues the waiter for the outermost call to resume, in order.
#ifndef COROGUARD_DETAIL_WAITER_QUEUE_HPP
#define COROGUARD_DETAIL_WAITER_QUEUE_HPP

#include <coroutine>

namespace coroguard::detail {

struct waiter_node {
  std::coroutine_handle<> handle;
  waiter_node *next = nullptr;
};

/// Intrusive singly linked FIFO. Not thread-safe: guard it with the owning
/// primitive's mutex.
class waiter_queue {
public:
  bool empty() const noexcept { return head_ == nullptr; }

  void push_back(waiter_node *node) noexcept {
    node->next = nullptr;
    if (tail_ != nullptr)
      tail_->next = node;
    else
      head_ = node;
    tail_ = node;
  }

  waiter_node *pop_front() noexcept {
    waiter_node *node = head_;
    if (node != nullptr) {
      head_ = node->next;
      if (head_ == nullptr)
        tail_ = nullptr;
      node->next = nullptr;
    }
    return node;
  }

  /// Removes `node` if it is queued; returns whether it was. O(n).
  bool remove(waiter_node *node) noexcept {
    waiter_node *previous = nullptr;
    for (waiter_node *it = head_; it != nullptr; previous = it, it = it->next) {
      if (it != node)
        continue;
      if (previous != nullptr)
        previous->next = it->next;
      else
        head_ = it->next;
      if (tail_ == it)
        tail_ = previous;
      it->next = nullptr;
      return true;
    }
    return false;
  }

  /// Moves every node out, leaving this queue empty.
  waiter_queue take_all() noexcept {
    waiter_queue all;
    all.head_ = head_;
    all.tail_ = tail_;
    head_ = tail_ = nullptr;
    return all;
  }

private:
  waiter_node *head_ = nullptr;
  waiter_node *tail_ = nullptr;
};

struct trampoline_state {
  bool running = false;
  waiter_queue deferred;
};
inline thread_local trampoline_state trampoline;

/// Resumes `node->handle` now, or, if this thread is already inside
/// resume_soon, after the current resumption returns (FIFO). Either way it is
/// resumed before the outermost resume_soon returns. Call it without holding
/// any lock.
inline void resume_soon(waiter_node *node) noexcept {
  trampoline_state &t = trampoline;
  if (t.running) {
    t.deferred.push_back(node);
    return;
  }
  t.running = true;
  node->handle.resume(); // the node may be gone after this
  while (waiter_node *next = t.deferred.pop_front())
    next->handle.resume();
  t.running = false;
}

/// Resumes every node of `queue` (see resume_soon).
inline void resume_all_soon(waiter_queue queue) noexcept {
  while (waiter_node *node = queue.pop_front())
    resume_soon(node);
}

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_WAITER_QUEUE_HPP
