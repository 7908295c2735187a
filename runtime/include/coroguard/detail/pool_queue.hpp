// coroguard/detail/pool_queue.hpp - the intrusive FIFO queues of thread_pool.
//
// A queued schedule operation is its own list node (it lives in the suspended
// coroutine's frame), so queueing never allocates. node_list is the bare,
// unsynchronised list; worker_queue is one worker's local queue: a node_list
// behind its own spin lock, so that other workers can take (steal) from it
// while its owner is blocked inside a long resume.
#ifndef COROGUARD_DETAIL_POOL_QUEUE_HPP
#define COROGUARD_DETAIL_POOL_QUEUE_HPP

#include "coroguard/detail/intrusive_fifo.hpp"
#include "coroguard/detail/spin_lock.hpp"

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace coroguard::detail {

/// A coroutine waiting in a pool queue.
struct pool_node {
  pool_node *next = nullptr;
  std::coroutine_handle<> handle;
};

/// A pool queue's list of waiting coroutines; not synchronised.
using node_list = intrusive_fifo<pool_node>;

/// One worker's local queue. The owner pushes and pops one node at a time
/// under the lock (so nothing it has queued is ever out of reach of a
/// thief); thieves take a batch from the front. `size_hint` mirrors the size
/// (written under the lock) so that idle workers can look for work without
/// taking every lock; it is only a hint, decisions to sleep re-check under
/// the lock. `resumes` counts the operations the owner has taken from its
/// queue (written by the owner only): a thief that sees it unchanged for a
/// while knows the owner is stuck inside one resume.
struct alignas(64) worker_queue {
  spin_lock spin;
  node_list nodes;
  // What searching workers read, on a line of its own: their polls then do
  // not pull the lock and the list away from the owner's core.
  alignas(64) std::atomic<std::size_t> size_hint{0};
  std::atomic<std::uint64_t> resumes{0};

  /// Owner only: records that it took an operation and is about to run it.
  void count_resume() noexcept {
    resumes.store(resumes.load(std::memory_order_relaxed) + 1,
                  std::memory_order_relaxed);
  }

  void push(pool_node *node) noexcept {
    std::lock_guard lock(spin);
    nodes.push_back(node);
    size_hint.store(nodes.size(), std::memory_order_relaxed);
  }

  pool_node *pop() noexcept {
    std::lock_guard lock(spin);
    pool_node *node = nodes.pop_front();
    size_hint.store(nodes.size(), std::memory_order_relaxed);
    return node;
  }

  void append(node_list &batch) noexcept {
    std::lock_guard lock(spin);
    nodes.splice_back(batch);
    size_hint.store(nodes.size(), std::memory_order_relaxed);
  }

  /// Takes the older half (rounded up, at most `limit`) for a thief.
  node_list steal_half(std::size_t limit) noexcept {
    std::lock_guard lock(spin);
    std::size_t count = (nodes.size() + 1) / 2;
    node_list taken = nodes.take_front(count < limit ? count : limit);
    size_hint.store(nodes.size(), std::memory_order_relaxed);
    return taken;
  }
};

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_POOL_QUEUE_HPP
