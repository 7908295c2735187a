// Test stand-in, not the real library: a copy of "Asio" vendored into a
// project's third_party/ and reached with -I (not a system header). Its
// implementation does things every coroguard check reports in user code; as
// code inside a profiled library's namespace it must produce no diagnostic.
#pragma once
#include <chrono>
#include <coroutine>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

namespace asio {
template <class T = void> class awaitable {
public:
  struct promise_type {
    awaitable get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();

private:
  std::coroutine_handle<promise_type> handle_;
};

class io_context {
public:
  void run();
};

struct detached_t {};
inline constexpr detached_t detached{};

template <class T, class Token>
void co_spawn(io_context &ctx, awaitable<T> work, Token &&token);

namespace detail {
awaitable<void> noop();

inline void park() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

inline awaitable<void> spawn_entry(io_context &ctx) {
  ctx.run();
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  park();
  co_return;
}

inline void launch(io_context &ctx) {
  noop();
  co_spawn(ctx, noop(), detached);
}

template <class Token> void forward_token(io_context &ctx, Token &&token) {
  co_spawn(ctx, noop(), std::forward<Token>(token));
}

inline void spawn_all(io_context &ctx, const std::vector<int> &ids) {
  for (int id : ids)
    co_spawn(ctx, noop(), detached);
}
} // namespace detail

// An out-of-line definition written at file scope is the library's too.
struct strand {
  void dispatch(io_context &ctx);
};
} // namespace asio

inline void asio::strand::dispatch(io_context &ctx) { asio::detail::noop(); }
