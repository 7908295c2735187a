// coroguard/tcp.hpp - non-blocking TCP sockets on an event_loop.
//
//   auto listener = tcp_listener::listen(loop, "127.0.0.1", 0);
//   tcp_stream conn = co_await listener.accept();
//   std::size_t n = co_await conn.read_some(buffer);   // 0 at end of stream
//   co_await conn.write_all(std::span(buffer.data(), n));
//
// Every operation first tries the system call on the calling thread; only if
// it would block does it park on the loop (edge-triggered epoll), so a busy
// connection costs no thread hops. Operations that suspended resume on the
// loop thread. Each takes an optional std::stop_token and then completes with
// operation_cancelled when stop is requested; other failures throw
// std::system_error. At most one read and one write may be pending per stream
// at a time. Closing (destroying) a socket cancels its pending operations
// (operation_cancelled). Sockets must be destroyed before their event_loop.
#ifndef COROGUARD_TCP_HPP
#define COROGUARD_TCP_HPP

#include "coroguard/event_loop.hpp"
#include "coroguard/task.hpp"

#include <arpa/inet.h>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <span>
#include <stop_token>
#include <string>
#include <sys/socket.h>
#include <system_error>
#include <utility>

namespace coroguard {
namespace detail {

[[noreturn]] inline void throw_errno(int error, const char *what) {
  throw std::system_error(error, std::generic_category(), what);
}

inline sockaddr_in make_ipv4(const char *ip, std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (::inet_pton(AF_INET, ip, &addr.sin_addr) != 1)
    throw std::invalid_argument(
        std::string("coroguard: not an IPv4 address: ") + ip);
  return addr;
}

class io_operation;

/// Per-socket state registered with epoll (edge-triggered, once). Owned by
/// the socket object but freed by the loop thread, after any epoll event
/// that may still name it has been handled.
struct socket_state : event_loop::event_target {
  socket_state(event_loop &l, int f)
      : event_target{&dispatch}, loop(&l), fd(f) {}

  static void dispatch(event_target *self, std::uint32_t events) noexcept;

  event_loop *loop;
  int fd;
  io_operation *reader = nullptr; // loop thread only
  io_operation *writer = nullptr; // loop thread only
  struct retire_node_t : loop_node {
    socket_state *owner = nullptr;
  } retire_node;
};

/// A socket operation: try(), and if it would block, wait for readiness.
class io_operation : public loop_operation {
public:
  io_operation(socket_state &s, bool is_write, std::stop_token st) noexcept
      : loop_operation(*s.loop), socket_(s), is_write_(is_write),
        stop_(std::move(st)) {}

  bool await_ready() noexcept {
    if (stop_.stop_requested())
      return false; // await_suspend completes it as cancelled
    return attempt();
  }
  bool await_suspend(std::coroutine_handle<> awaiting) {
    return suspend(awaiting, stop_);
  }

protected:
  /// Performs the system call once. Returns true when done (result or error
  /// stored), false if it would block.
  virtual bool attempt() noexcept = 0;

  void finish_resume() {
    release_callback();
    rethrow_if_cancelled();
    if (error_ != 0)
      throw_errno(error_, what_);
  }

  socket_state &socket_;
  int error_ = 0;
  const char *what_ = "socket operation";

private:
  friend struct socket_state;
  friend class socket_handle;
  io_operation *&slot() noexcept {
    return is_write_ ? socket_.writer : socket_.reader;
  }
  void arm() noexcept override {
    if (attempt()) { // readiness may have arrived before we got here
      finish();
      return;
    }
    slot() = this;
    armed_ = true;
    loop_->track(this);
  }
  void disarm() noexcept override {
    slot() = nullptr;
    armed_ = false;
    loop_->untrack(this);
  }
  void on_ready() noexcept {
    if (!attempt())
      return; // spurious: keep waiting for the next edge
    disarm();
    finish();
  }

  bool is_write_;
  std::stop_token stop_;
};

inline void socket_state::dispatch(event_target *self,
                                   std::uint32_t events) noexcept {
  auto *s = static_cast<socket_state *>(self);
  const std::uint32_t failure = EPOLLERR | EPOLLHUP;
  if ((events & (EPOLLIN | EPOLLRDHUP | failure)) && s->reader != nullptr)
    s->reader->on_ready();
  // The reader's continuation ran inline and may have retired the socket, but
  // retiring is deferred to the posted queue, so `s` is still alive here.
  if ((events & (EPOLLOUT | failure)) && s->writer != nullptr)
    s->writer->on_ready();
}

/// Owns a socket fd and its loop registration.
class socket_handle {
public:
  socket_handle() noexcept = default;
  socket_handle(event_loop &loop, int fd) : state_(new socket_state(loop, fd)) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = static_cast<event_loop::event_target *>(state_);
    if (::epoll_ctl(loop.epoll_fd(), EPOLL_CTL_ADD, fd, &ev) != 0) {
      int error = errno;
      ::close(fd);
      delete std::exchange(state_, nullptr);
      throw_errno(error, "epoll_ctl");
    }
  }
  socket_handle(socket_handle &&other) noexcept
      : state_(std::exchange(other.state_, nullptr)) {}
  socket_handle &operator=(socket_handle &&other) noexcept {
    if (this != &other) {
      reset();
      state_ = std::exchange(other.state_, nullptr);
    }
    return *this;
  }
  ~socket_handle() { reset(); }

  socket_state *state() const noexcept { return state_; }
  int fd() const noexcept { return state_ ? state_->fd : -1; }
  explicit operator bool() const noexcept { return state_ != nullptr; }

  void reset() noexcept {
    socket_state *s = std::exchange(state_, nullptr);
    if (s == nullptr)
      return;
    // Stop events now; free on the loop thread after the current batch.
    ::epoll_ctl(s->loop->epoll_fd(), EPOLL_CTL_DEL, s->fd, nullptr);
    ::close(s->fd);
    s->retire_node.owner = s;
    s->retire_node.run = [](loop_node *node) noexcept {
      socket_state *state =
          static_cast<socket_state::retire_node_t *>(node)->owner;
      // Operations still waiting on the closed socket complete with
      // operation_cancelled rather than waiting forever.
      if (state->reader != nullptr)
        state->reader->cancel_from_loop();
      if (state->writer != nullptr)
        state->writer->cancel_from_loop();
      delete state;
    };
    if (s->loop->on_loop_thread())
      s->loop->post_local(&s->retire_node);
    else
      s->loop->post(&s->retire_node);
  }

private:
  socket_state *state_ = nullptr;
};

} // namespace detail

/// A connected TCP stream.
class tcp_stream {
public:
  tcp_stream() noexcept = default;
  tcp_stream(event_loop &loop, int fd) : socket_(loop, fd) {}

  class read_some_operation final : public detail::io_operation {
  public:
    read_some_operation(detail::socket_state &s, std::span<char> buffer,
                        std::stop_token st) noexcept
        : io_operation(s, false, std::move(st)), buffer_(buffer) {
      what_ = "recv";
    }
    std::size_t await_resume() {
      finish_resume();
      return transferred_;
    }

  private:
    bool attempt() noexcept override {
      for (;;) {
        ssize_t n = ::recv(socket_.fd, buffer_.data(), buffer_.size(), 0);
        if (n >= 0) {
          transferred_ = static_cast<std::size_t>(n);
          return true;
        }
        if (errno == EINTR)
          continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          return false;
        error_ = errno;
        return true;
      }
    }
    std::span<char> buffer_;
    std::size_t transferred_ = 0;
  };

  class write_some_operation final : public detail::io_operation {
  public:
    write_some_operation(detail::socket_state &s, std::span<const char> data,
                         std::stop_token st) noexcept
        : io_operation(s, true, std::move(st)), data_(data) {
      what_ = "send";
    }
    std::size_t await_resume() {
      finish_resume();
      return transferred_;
    }

  private:
    bool attempt() noexcept override {
      for (;;) {
        ssize_t n =
            ::send(socket_.fd, data_.data(), data_.size(), MSG_NOSIGNAL);
        if (n >= 0) {
          transferred_ = static_cast<std::size_t>(n);
          return true;
        }
        if (errno == EINTR)
          continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          return false;
        error_ = errno;
        return true;
      }
    }
    std::span<const char> data_;
    std::size_t transferred_ = 0;
  };

  class connect_operation final : public detail::io_operation {
  public:
    connect_operation(event_loop &loop, detail::socket_handle socket,
                      sockaddr_in address, std::stop_token st)
        : io_operation(*socket.state(), true, std::move(st)), loop_ref_(loop),
          owned_(std::move(socket)), address_(address) {
      what_ = "connect";
    }
    tcp_stream await_resume() {
      finish_resume();
      return tcp_stream{loop_ref_, std::move(owned_)};
    }

  private:
    bool attempt() noexcept override {
      if (!started_) {
        started_ = true;
        if (::connect(owned_.fd(), reinterpret_cast<sockaddr *>(&address_),
                      sizeof address_) == 0)
          return true;
        if (errno == EINPROGRESS || errno == EINTR)
          return false;
        error_ = errno;
        return true;
      }
      int error = 0;
      socklen_t len = sizeof error;
      ::getsockopt(owned_.fd(), SOL_SOCKET, SO_ERROR, &error, &len);
      if (error == EINPROGRESS || error == EALREADY)
        return false;
      if (error == 0) {
        // Writable without error means connected; make sure it really is.
        sockaddr_in peer{};
        socklen_t plen = sizeof peer;
        if (::getpeername(owned_.fd(), reinterpret_cast<sockaddr *>(&peer),
                          &plen) != 0) {
          if (errno == ENOTCONN)
            return false;
          error = errno;
        }
      }
      error_ = error;
      return true;
    }
    event_loop &loop_ref_;
    detail::socket_handle owned_;
    sockaddr_in address_;
    bool started_ = false;
  };

  /// Connects to ip:port (IPv4 dotted quad). Yields the connected stream.
  [[nodiscard]] static connect_operation connect(event_loop &loop,
                                                 const char *ip,
                                                 std::uint16_t port,
                                                 std::stop_token st = {}) {
    sockaddr_in address = detail::make_ipv4(ip, port);
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
      detail::throw_errno(errno, "socket");
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return connect_operation{loop, detail::socket_handle{loop, fd}, address,
                             std::move(st)};
  }

  /// Reads at least one byte (waiting if none is available); returns 0 at
  /// end of stream.
  [[nodiscard]] read_some_operation read_some(std::span<char> buffer,
                                              std::stop_token st = {}) {
    return read_some_operation{checked(), buffer, std::move(st)};
  }

  /// Writes some of `data` (at least one byte); returns how much.
  [[nodiscard]] write_some_operation write_some(std::span<const char> data,
                                                std::stop_token st = {}) {
    return write_some_operation{checked(), data, std::move(st)};
  }

  /// Fills `buffer` completely unless the stream ends first; returns the
  /// number of bytes read (less than buffer.size() only at end of stream).
  task<std::size_t> read(std::span<char> buffer, std::stop_token st = {}) {
    std::size_t total = 0;
    while (total < buffer.size()) {
      std::size_t n = co_await read_some(buffer.subspan(total), st);
      if (n == 0)
        break;
      total += n;
    }
    co_return total;
  }

  /// Writes all of `data`.
  task<void> write_all(std::span<const char> data, std::stop_token st = {}) {
    while (!data.empty()) {
      std::size_t n = co_await write_some(data, st);
      data = data.subspan(n);
    }
  }

  /// Half-closes the stream: the peer reads end-of-stream.
  void shutdown_write() noexcept {
    if (socket_)
      ::shutdown(socket_.fd(), SHUT_WR);
  }

  /// Closes the connection now (the destructor does this too).
  void close() noexcept { socket_.reset(); }
  bool is_open() const noexcept { return static_cast<bool>(socket_); }

private:
  tcp_stream(event_loop &, detail::socket_handle socket) noexcept
      : socket_(std::move(socket)) {}

  detail::socket_state &checked() const {
    if (!socket_)
      throw std::logic_error("coroguard::tcp_stream: not connected");
    return *socket_.state();
  }

  detail::socket_handle socket_;
};

/// A listening TCP socket.
class tcp_listener {
public:
  /// Binds and listens on ip:port (port 0 picks a free port; see port()).
  static tcp_listener listen(event_loop &loop, const char *ip,
                             std::uint16_t port, int backlog = 128) {
    sockaddr_in address = detail::make_ipv4(ip, port);
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
      detail::throw_errno(errno, "socket");
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) !=
            0 ||
        ::listen(fd, backlog) != 0) {
      int error = errno;
      ::close(fd);
      detail::throw_errno(error, "bind/listen");
    }
    return tcp_listener{loop, fd};
  }

  class accept_operation final : public detail::io_operation {
  public:
    accept_operation(event_loop &loop, detail::socket_state &s,
                     std::stop_token st) noexcept
        : io_operation(s, false, std::move(st)), loop_ref_(loop) {
      what_ = "accept";
    }
    tcp_stream await_resume() {
      finish_resume();
      return tcp_stream{loop_ref_, accepted_};
    }

  private:
    bool attempt() noexcept override {
      for (;;) {
        int fd = ::accept4(socket_.fd, nullptr, nullptr,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
          int one = 1;
          ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          accepted_ = fd;
          return true;
        }
        if (errno == EINTR || errno == ECONNABORTED)
          continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          return false;
        error_ = errno;
        return true;
      }
    }
    event_loop &loop_ref_;
    int accepted_ = -1;
  };

  /// Waits for the next connection.
  [[nodiscard]] accept_operation accept(std::stop_token st = {}) {
    return accept_operation{*loop_, *socket_.state(), std::move(st)};
  }

  /// The port actually bound (useful after listening on port 0).
  std::uint16_t port() const {
    sockaddr_in address{};
    socklen_t len = sizeof address;
    ::getsockname(socket_.fd(), reinterpret_cast<sockaddr *>(&address), &len);
    return ntohs(address.sin_port);
  }

private:
  tcp_listener(event_loop &loop, int fd) : loop_(&loop), socket_(loop, fd) {}
  event_loop *loop_;
  detail::socket_handle socket_;
};

} // namespace coroguard

#endif // COROGUARD_TCP_HPP
