// coroguard/detail/waiter_queue.hpp - intrusive FIFO of suspended awaiters,
// and a per-thread trampoline for resuming them.
//
// Synchronisation primitives (semaphore, mutex, channel) keep their waiters
// in an intrusive list: the node lives in the awaiter, inside the suspended
// coroutine's frame, so waiting never allocates.
//
// A node is three words: the handle and two links. While the node is in a
// wait queue the links belong to the primitive and change only under its
// lock: a cancelled waiter reads them from the thread that requested stop
// (to learn whether it is still queued). Once a node has left its wait queue
// it travels on a resume_list, which reuses `next` and is touched only by the
// thread about to resume it; `prev` stays null then, which is what tells the
// stop callback that the node has left (see waiter_queue::remove).
//
// Waking a waiter from release()/unlock()/send() must not resume it
// recursively: a chain of 100k tasks each releasing a semaphore the next one
// waits for would otherwise nest 100k resumptions on one stack. resume_soon()
// resumes at once when nothing else is being resumed by this thread, and
// otherwise queues the waiter for the outermost call to resume, in order.
#ifndef COROGUARD_DETAIL_WAITER_QUEUE_HPP
#define COROGUARD_DETAIL_WAITER_QUEUE_HPP

#include "coroguard/detail/intrusive_fifo.hpp"

#include <coroutine>

namespace coroguard::detail {

struct waiter_node {
  std::coroutine_handle<> handle;
  // In a wait queue: the queue's links, written only under the primitive's
  // lock. Out of it: `prev` is null and `next` is the resume_list link.
  waiter_node *next = nullptr;
  waiter_node *prev = nullptr;
};

/// Intrusive doubly linked FIFO. Not thread-safe: guard it with the owning
/// primitive's mutex.
class waiter_queue {
public:
  bool empty() const noexcept { return head_ == nullptr; }

  void push_back(waiter_node *node) noexcept {
    node->next = nullptr;
    node->prev = tail_;
    if (tail_ != nullptr)
      tail_->next = node;
    else
      head_ = node;
    tail_ = node;
  }

  waiter_node *pop_front() noexcept {
    waiter_node *node = head_;
    if (node != nullptr)
      unlink(node);
    return node;
  }

  /// Removes `node` if it is in this queue; returns whether it was. O(1).
  /// `node` must be in this queue or in none. Reads only `prev` of a node
  /// that is in none (its `next` may be changing on a resume_list).
  bool remove(waiter_node *node) noexcept {
    if (node->prev == nullptr && head_ != node)
      return false;
    unlink(node);
    return true;
  }

private:
  void unlink(waiter_node *node) noexcept {
    (node->prev != nullptr ? node->prev->next : head_) = node->next;
    (node->next != nullptr ? node->next->prev : tail_) = node->prev;
    node->next = node->prev = nullptr;
  }

  waiter_node *head_ = nullptr;
  waiter_node *tail_ = nullptr;
};

/// Nodes that have left their wait queue and are about to be resumed (linked
/// through `next`). Owned by one thread.
using resume_list = intrusive_fifo<waiter_node>;

struct trampoline_state {
  bool running = false;
  resume_list deferred;
};
// constinit: constant-initialised and trivially destructible, so every access
// is a plain thread-pointer-relative load, with no TLS init-guard call.
constinit inline thread_local trampoline_state trampoline;

/// Resumes `node->handle` now, or, if this thread is already inside
/// resume_soon, after the current resumption returns (FIFO). Either way it is
/// resumed before the outermost resume_soon returns. Call it without holding
/// any lock, and only for a node that is in no wait queue.
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

/// Resumes every node of `nodes` (see resume_soon).
inline void resume_all_soon(resume_list nodes) noexcept {
  while (waiter_node *node = nodes.pop_front())
    resume_soon(node);
}

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_WAITER_QUEUE_HPP
