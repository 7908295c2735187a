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
#ifndef COROGUARD_CHANNEL_HPP
#define COROGUARD_CHANNEL_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/waiter_queue.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
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

  class send_operation : public detail::waiter_node {
  public:
    send_operation(channel &ch, T value) : ch_(ch), value_(std::move(value)) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> awaiting) {
      handle = awaiting;
      std::unique_lock lock(ch_.mutex_);
      if (ch_.closed_) {
        closed_ = true;
        return false;
      }
      if (auto *receiver =
              static_cast<receive_operation *>(ch_.receivers_.pop_front())) {
        // Buffer is empty when receivers wait: hand the value over directly.
        receiver->value_.emplace(std::move(value_));
        lock.unlock();
        detail::resume_soon(receiver);
        return false;
      }
      if (ch_.buffer_.size() < ch_.capacity_) {
        ch_.buffer_.push_back(std::move(value_));
        return false;
      }
      ch_.senders_.push_back(this);
      return true;
    }
    void await_resume() const {
      if (closed_)
        throw channel_closed{};
    }

  private:
    friend class channel;
    channel &ch_;
    T value_;
    bool closed_ = false;
  };

  class receive_operation : public detail::waiter_node {
  public:
    explicit receive_operation(channel &ch) noexcept : ch_(ch) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> awaiting) {
      handle = awaiting;
      std::unique_lock lock(ch_.mutex_);
      if (!ch_.buffer_.empty()) {
        value_.emplace(std::move(ch_.buffer_.front()));
        ch_.buffer_.pop_front();
        // A slot opened: admit the longest-waiting sender's value.
        if (auto *sender =
                static_cast<send_operation *>(ch_.senders_.pop_front())) {
          ch_.buffer_.push_back(std::move(sender->value_));
          lock.unlock();
          detail::resume_soon(sender);
        }
        return false;
      }
      if (ch_.closed_)
        return false; // value_ stays empty
      ch_.receivers_.push_back(this);
      return true;
    }
    std::optional<T>
    await_resume() noexcept(std::is_nothrow_move_constructible_v<T>) {
      return std::move(value_);
    }

  private:
    friend class channel;
    channel &ch_;
    std::optional<T> value_;
  };

  /// Queues `value`, waiting while the channel is full. Throws channel_closed
  /// if the channel is (or becomes, while waiting) closed.
  COROGUARD_THROTTLE send_operation send(T value) {
    return send_operation{*this, std::move(value)};
  }

  /// Yields the next item, or std::nullopt once the channel is closed and
  /// drained.
  receive_operation receive() noexcept { return receive_operation{*this}; }

  /// Closes the channel: wakes waiting receivers (with nullopt) and waiting
  /// senders (with channel_closed). Idempotent.
  void close() noexcept {
    detail::waiter_queue senders, receivers;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      senders = senders_.take_all();
      receivers = receivers_.take_all();
    }
    for (auto *node = senders.pop_front(); node; node = senders.pop_front()) {
      static_cast<send_operation *>(node)->closed_ = true;
      detail::resume_soon(node);
    }
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
  mutable std::mutex mutex_;
  const std::size_t capacity_;
  std::deque<T> buffer_;
  detail::waiter_queue senders_;   // send_operation nodes (buffer full)
  detail::waiter_queue receivers_; // receive_operation nodes (buffer empty)
  bool closed_ = false;
};

} // namespace coroguard

#endif // COROGUARD_CHANNEL_HPP
