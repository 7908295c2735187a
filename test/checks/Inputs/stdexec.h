// Test stand-in for stdexec (NVIDIA/stdexec) and libunifex
// (facebookexperimental/libunifex): declaration-only, mirroring the public
// signatures of the function objects start_detached, spawn_detached,
// sync_wait and the async scopes. Not the real libraries.
#pragma once
#include "coro_stub_common.h"

namespace stdexec {
struct just_sender {
  using sender_concept = void;
};
just_sender just();
struct sync_wait_t {
  template <class Sender> int operator()(Sender &&s) const;
};
inline constexpr sync_wait_t sync_wait{};
} // namespace stdexec

namespace exec {
template <class T = void> class task {
public:
  struct promise_type : coro_stub::promise_base<T> {
    task get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;

private:
  std::coroutine_handle<promise_type> handle_;
};
struct start_detached_t {
  template <class Sender> void operator()(Sender &&s) const;
};
inline constexpr start_detached_t start_detached{};
class async_scope {
public:
  template <class Sender> void spawn(Sender &&s);
  stdexec::just_sender on_empty();
};
} // namespace exec

namespace unifex {
struct spawn_detached_fn {
  template <class Sender, class Scope>
  void operator()(Sender &&s, Scope &scope) const;
};
inline constexpr spawn_detached_fn spawn_detached{};
namespace _sync_wait {
struct _fn {
  template <class Sender> int operator()(Sender &&s) const;
};
} // namespace _sync_wait
inline constexpr _sync_wait::_fn sync_wait{};
inline namespace v1 {
class async_scope {
public:
  template <class Sender> void spawn(Sender &&s);
  template <class Sender> void detached_spawn(Sender &&s);
};
} // namespace v1
} // namespace unifex
