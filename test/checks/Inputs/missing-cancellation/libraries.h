// Test stand-ins, not the real libraries: declarations written from the
// public signatures of each library's cancellation tokens and of a few
// operations that take them (folly, cppcoro, seastar, stdexec, unifex, Asio,
// libcoro).
#pragma once
#include "task.h"
#include <chrono>
#include <cstddef>
#include <optional>
#include <stop_token>

#define MC_LAZY_TASK(NS)                                                      \
  template <class T = void> class [[nodiscard]] task {                         \
  public:                                                                      \
    struct promise_type : coro_stub::promise_base<T> {                           \
      task get_return_object() noexcept;                                       \
    };                                                                         \
    coro_stub::awaiter<T> operator co_await() && noexcept;                       \
  };

namespace folly {
class CancellationToken {
public:
  CancellationToken() noexcept;
  bool isCancellationRequested() const noexcept;
};
namespace coro {
template <class T = void> class [[nodiscard]] Task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Task get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
Task<void> sleep(std::chrono::milliseconds d);
Task<void> sleep(std::chrono::milliseconds d, CancellationToken ct);
template <class A> A co_withCancellation(CancellationToken ct, A awaitable);
} // namespace coro
} // namespace folly

namespace cppcoro {
class cancellation_token {
public:
  cancellation_token() noexcept;
  bool is_cancellation_requested() const noexcept;
};
MC_LAZY_TASK(cppcoro)
class io_service {
public:
  task<void> schedule_after(std::chrono::milliseconds delay);
  task<void> schedule_after(std::chrono::milliseconds delay,
                            cancellation_token ct);
};
class socket {
public:
  task<std::size_t> recv(void *buffer, std::size_t size);
  task<std::size_t> recv(void *buffer, std::size_t size,
                         cancellation_token ct);
};
} // namespace cppcoro

namespace seastar {
class abort_source {
public:
  void request_abort();
};
template <class T = void> class [[nodiscard]] future {
public:
  struct promise_type : coro_stub::promise_base<T> {
    future get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
template <class Rep, class Period>
future<> sleep(std::chrono::duration<Rep, Period> dur);
future<> sleep_abortable(std::chrono::milliseconds dur);
future<> sleep_abortable(std::chrono::milliseconds dur, abort_source &as);
class semaphore {
public:
  future<> wait(std::size_t nr = 1);
  future<> wait(abort_source &as, std::size_t nr = 1);
};
} // namespace seastar

namespace stdexec {
class inplace_stop_token {
public:
  inplace_stop_token() noexcept;
  bool stop_requested() const noexcept;
};
struct never_stop_token {
  static constexpr bool stop_requested() noexcept { return false; }
};
// Awaitable as a coroutine's promise would make it (as_awaitable).
struct sender {
  coro_stub::awaiter<int> operator co_await() && noexcept;
};
template <class Token> sender read_with(int fd, Token token);
} // namespace stdexec
namespace exec {
template <class T = void> class [[nodiscard]] task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    task get_return_object() noexcept;
    template <class S> coro_stub::awaiter<void> await_transform(S &&);
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
} // namespace exec

namespace unifex {
class inplace_stop_token {
public:
  inplace_stop_token() noexcept;
};
struct unstoppable_token {};
MC_LAZY_TASK(unifex)
} // namespace unifex

namespace asio {
class cancellation_slot {
public:
  cancellation_slot() noexcept;
};
template <class T> class [[nodiscard]] awaitable {
public:
  struct promise_type : coro_stub::promise_base<T> {
    awaitable get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
class steady_timer {
public:
  awaitable<void> async_wait();
  awaitable<void> async_wait(cancellation_slot slot);
};
} // namespace asio

namespace coro {
MC_LAZY_TASK(coro)
class poll_stop_token {
public:
  explicit poll_stop_token(int receiver);
};
enum class poll_op { read, write };
class scheduler {
public:
  task<int> poll(int fd, poll_op op,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds{0},
                 std::optional<poll_stop_token> cancel_trigger = std::nullopt);
};
class scoped_lock {};
class condition_variable {
public:
  template <class P> task<bool> wait(scoped_lock &lock, P predicate);
  template <class P>
  task<bool> wait(scoped_lock &lock, std::stop_token token, P predicate);
};
} // namespace coro

namespace async_simple {
class Slot;
class Signal {
public:
  Slot *getSlot();
};
namespace coro {
template <class T = void> class [[nodiscard]] Lazy {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Lazy get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
} // namespace coro
} // namespace async_simple

namespace boost::cobalt {
template <class T = void> class [[nodiscard]] task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    task get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
} // namespace boost::cobalt

namespace unifex {
struct sender {
  coro_stub::awaiter<int> operator co_await() && noexcept;
};
template <class Token> sender read_some(int fd, Token token);
} // namespace unifex
