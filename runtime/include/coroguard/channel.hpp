// coroguard/channel.hpp - a bounded multi-producer multi-consumer channel.
//
//   channel<int> ch{16};
//   co_await ch.send(42);                  // waits while 16 items are queued
//   std::optional<int> v = co_await ch.receive(); // nullopt once closed+empty
//   ch.close();
//
// Backpressure: send() suspends while the buffer is full, so a fast producer
// is slowed to the pace of its consumers instead of growing memory without
// bound (send is COROGUARD_THROTTLE). A value is handed directly to a waiting
// receiver when there is one. Waiters are served in FIFO order.
//
// close(): items already buffered can still be received; afterwards receive()
// yields std::nullopt. Senders waiting at the time of close, and any later
// send, fail with channel_closed; their values are dropped.
//
// Cancellation: send() and receive() take an optional std::stop_token, like
// the event loop's waits. A waiter whose token is stopped leaves the queue at
// once and resumes (on the thread that requested stop) with
// operation_cancelled: a cancelled send's value was never in the channel (it
// is dropped), a cancelled receive took nothing. A token already stopped
// cancels the wait without looking at the buffer.
#ifndef COROGUARD_CHANNEL_HPP
#define COROGUARD_CHANNEL_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/stoppable_waiter.hpp"
#include "coroguard/detail/waiter_queue.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <utility>

namespace coroguard {

/// Thrown by channel::send on a closed channel.
class channel_closed : public std::runtime_error {
public:
  channel_closed() : std::runtime_error("coroguard::channel is closed") {}
};

template <class T> class channel {
public:
  /// A channel buffering up to `capacity` items (at least 1).
  explicit channel(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0)
      throw std::invalid_argument("coroguard::channel: capacity must be >= 1");
  }
  channel(const channel &) = delete;
  channel &operator=(const channel &) = delete;

  class send_operation
      : public detail::stoppable_waiter<send_operation, std::mutex> {
  public:
    send_operation(channel &ch, T value, std::stop_token st)
        : detail::stoppable_waiter<send_operation, std::mutex>(std::move(st)),
          ch_(ch), value_(std::move(value)) {}
    bool await_ready() noexcept { return this->stopped_before_wait(); }
    bool await_suspend(std::coroutine_handle<> awaiting) {
      return this->suspend(awaiting, [this](detail::resume_list &wake) {
        return ch_.try_send(*this, wake);
      });
    }
    void await_resume() {
      this->end_wait();
      if (closed_)
        throw channel_closed{};
    }

  private:
    friend class channel;
    friend detail::stoppable_waiter<send_operation, std::mutex>;
    std::mutex &wait_lock() noexcept { return ch_.mutex_; }
    detail::waiter_queue &wait_queue() noexcept { return ch_.senders_; }

    channel &ch_;
    T value_;
    bool closed_ = false;
  };

  class receive_operation
      : public detail::stoppable_waiter<receive_operation, std::mutex> {
  public:
    receive_operation(channel &ch, std::stop_token st) noexcept
        : detail::stoppable_waiter<receive_operation, std::mutex>(
              std::move(st)),
          ch_(ch) {}
    bool await_ready() noexcept { return this->stopped_before_wait(); }
    bool await_suspend(std::coroutine_handle<> awaiting) {
      return this->suspend(awaiting, [this](detail::resume_list &wake) {
        return ch_.try_receive(*this, wake);
      });
    }
    std::optional<T> await_resume() {
      this->end_wait();
      return std::move(value_);
    }

  private:
    friend class channel;
    friend detail::stoppable_waiter<receive_operation, std::mutex>;
    std::mutex &wait_lock() noexcept { return ch_.mutex_; }
    detail::waiter_queue &wait_queue() noexcept { return ch_.receivers_; }

    channel &ch_;
    std::optional<T> value_;
  };

  /// Queues `value`, waiting while the channel is full. Throws channel_closed
  /// if the channel is (or becomes, while waiting) closed, and
  /// operation_cancelled if `st` is stopped before the value is taken; either
  /// way the value is dropped and was never in the channel.
  COROGUARD_THROTTLE send_operation send(T value, std::stop_token st = {}) {
    return send_operation{*this, std::move(value), std::move(st)};
  }

  /// Yields the next item, or std::nullopt once the channel is closed and
  /// drained. Throws operation_cancelled if `st` is stopped before an item
  /// (or the end) is handed over; no item is taken then.
  receive_operation receive(std::stop_token st = {}) noexcept {
    return receive_operation{*this, std::move(st)};
  }

  /// Closes the channel: wakes waiting receivers (with nullopt) and waiting
  /// senders (with channel_closed). Idempotent.
  void close() noexcept {
    detail::resume_list senders, receivers;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      while (detail::waiter_node *node = senders_.pop_front()) {
        static_cast<send_operation *>(node)->closed_ = true;
        senders.push_back(node);
      }
      while (detail::waiter_node *node = receivers_.pop_front())
        receivers.push_back(node);
    }
    detail::resume_all_soon(std::move(senders));
    detail::resume_all_soon(std::move(receivers));
  }

  bool is_closed() const noexcept {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  std::size_t capacity() const noexcept { return capacity_; }
  /// Buffered items right now (a snapshot, for tests and diagnostics).
  std::size_t size() const noexcept {
    std::lock_guard lock(mutex_);
    return buffer_.size();
  }

private:
  // Under mutex_: complete `op` without waiting if possible (see
  // stoppable_waiter::suspend). Receivers wait only while the buffer is
  // empty and senders only while it is full, so a waiter that is cancelled
  // takes no item and leaves no free slot unclaimed.
  bool try_send(send_operation &op, detail::resume_list &wake) {
    if (closed_) {
      op.closed_ = true;
      return true;
    }
    if (auto *receiver =
            static_cast<receive_operation *>(receivers_.pop_front())) {
      // Buffer is empty when receivers wait: hand the value over directly.
      receiver->value_.emplace(std::move(op.value_));
      wake.push_back(receiver);
      return true;
    }
    if (buffer_.size() < capacity_) {
      buffer_.push_back(std::move(op.value_));
      return true;
    }
    return false;
  }

  bool try_receive(receive_operation &op, detail::resume_list &wake) {
    if (!buffer_.empty()) {
      op.value_.emplace(std::move(buffer_.front()));
      buffer_.pop_front();
      // A slot opened: admit the longest-waiting sender's value.
      if (auto *sender = static_cast<send_operation *>(senders_.pop_front())) {
        buffer_.push_back(std::move(sender->value_));
        wake.push_back(sender);
      }
      return true;
    }
    return closed_; // closed and drained: complete with nullopt
  }

  mutable std::mutex mutex_;
  const std::size_t capacity_;
  std::deque<T> buffer_;
  detail::waiter_queue senders_;   // send_operation nodes (buffer full)
  detail::waiter_queue receivers_; // receive_operation nodes (buffer empty)
  bool closed_ = false;
};

} // namespace coroguard

#endif // COROGUARD_CHANNEL_HPP
