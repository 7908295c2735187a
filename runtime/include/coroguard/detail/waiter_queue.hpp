// coroguard/detail/waiter_queue.hpp - intrusive FIFO of suspended awaiters,
// and a per-thread trampoline for resuming them.
//
// Synchronisation primitives (semaphore, mutex, channel) keep their waiters
// in an intrusive list: the node lives in the awaiter, inside the suspended
// coroutine's frame, so waiting never allocates.
//
// A node has two sets of links. The wait-queue links (next, prev, queued)
// belong to the primitive and change only under its mutex: a cancelled waiter
// reads them from the thread that requested stop, so nothing else may write
// them. Once a node has left its wait queue it travels on a resume_list
// (resume_next), which only the thread about to resume it touches.
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
  // Wait-queue links: written only under the owning primitive's mutex.
  waiter_node *next = nullptr;
  waiter_node *prev = nullptr;
  bool queued = false;
  // resume_list link: used only after the node has left its wait queue.
  waiter_node *resume_next = nullptr;
};

/// Intrusive doubly linked FIFO. Not thread-safe: guard it with the owning
/// primitive's mutex.
class waiter_queue {
public:
  bool empty() const noexcept { return head_ == nullptr; }

  void push_back(waiter_node *node) noexcept {
    node->next = nullptr;
    node->prev = tail_;
    node->queued = true;
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
  /// `node` must be in this queue or in none.
  bool remove(waiter_node *node) noexcept {
    if (!node->queued)
      return false;
    unlink(node);
    return true;
  }

private:
  void unlink(waiter_node *node) noexcept {
    (node->prev != nullptr ? node->prev->next : head_) = node->next;
    (node->next != nullptr ? node->next->prev : tail_) = node->prev;
    node->next = node->prev = nullptr;
    node->queued = false;
  }

  waiter_node *head_ = nullptr;
  waiter_node *tail_ = nullptr;
};

/// Singly linked FIFO of nodes that have left their wait queue and are about
/// to be resumed. Owned by one thread.
class resume_list {
public:
  bool empty() const noexcept { return head_ == nullptr; }

  void push_back(waiter_node *node) noexcept {
    node->resume_next = nullptr;
    if (tail_ != nullptr)
      tail_->resume_next = node;
    else
      head_ = node;
    tail_ = node;
  }

  waiter_node *pop_front() noexcept {
    waiter_node *node = head_;
    if (node != nullptr) {
      head_ = node->resume_next;
      if (head_ == nullptr)
        tail_ = nullptr;
    }
    return node;
  }

private:
  waiter_node *head_ = nullptr;
  waiter_node *tail_ = nullptr;
};

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
