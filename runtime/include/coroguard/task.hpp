// coroguard/task.hpp - task<T>: a lazily started unit of asynchronous work.
//
// A task does nothing until it is awaited (or handed to sync_wait, when_all,
// async_scope::spawn ...). Awaiting a task transfers control to it
// symmetrically, and a finishing task transfers control straight back to its
// awaiter, so arbitrarily long chains of synchronously completing tasks run in
// constant stack space. An exception that escapes the task's body is rethrown
// to the awaiter.
//
// In debug builds (NDEBUG not defined) a task that is destroyed without ever
// having been started is reported through the unstarted-task handler: this is
// the runtime counterpart of the coroguard-discarded-task check. The promise
// layout is the same in debug and release builds (no ODR trap when they are
// mixed): "started" is read from state every start path sets anyway.
//
// Frames come from a per-thread cache (detail/frame_cache.hpp).
#ifndef COROGUARD_TASK_HPP
#define COROGUARD_TASK_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/detail/awaitable_traits.hpp"
#include "coroguard/detail/frame_cache.hpp"

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

// Clang's coroutine-aware lifetime analysis: a call returning a task is known
// to be a coroutine, and references passed to it must outlive the task.
// Clang then rejects any non-coroutine function returning task unless it is
// marked [[clang::coro_wrapper]] - including library code such as
// std::function<task<>()> and std::invoke. Define COROGUARD_NO_CORO_RETURN_TYPE
// to drop both attributes if you need those.
#if defined(__clang__) && defined(__has_cpp_attribute) &&                      \
    !defined(COROGUARD_NO_CORO_RETURN_TYPE)
#if __has_cpp_attribute(clang::coro_return_type) &&                            \
    __has_cpp_attribute(clang::coro_lifetimebound)
#define COROGUARD_DETAIL_CORO_RETURN_TYPE                                      \
  [[clang::coro_return_type, clang::coro_lifetimebound]]
#endif
#endif
#ifndef COROGUARD_DETAIL_CORO_RETURN_TYPE
#define COROGUARD_DETAIL_CORO_RETURN_TYPE
#endif
// Marks a plain function that returns a task built by a coroutine it calls.
#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::coro_wrapper)
#define COROGUARD_DETAIL_CORO_WRAPPER [[clang::coro_wrapper]]
#endif
#endif
#ifndef COROGUARD_DETAIL_CORO_WRAPPER
#define COROGUARD_DETAIL_CORO_WRAPPER
#endif

namespace coroguard {

/// Called with the coroutine frame address of a task that was destroyed
/// without ever being started (debug builds only). Must not throw.
using unstarted_task_handler = void (*)(const void *frame_address) noexcept;

namespace detail {

inline void default_unstarted_task_handler(const void *frame) noexcept {
  std::fprintf(stderr,
               "coroguard: a task (coroutine frame %p) was destroyed without "
               "ever being started; its work never ran. co_await it, pass it "
               "to sync_wait/when_all, or spawn it in an async_scope "
               "(see coroguard-discarded-task).\n",
               frame);
}

inline std::atomic<unstarted_task_handler> unstarted_handler{
    &default_unstarted_task_handler};

/// Lets sync_wait and when_all observe the end of a task without an extra
/// coroutine frame: when set, the finishing task calls on_complete and
/// transfers control to the handle it returns.
struct completion_hook {
  std::coroutine_handle<> (*on_complete)(completion_hook *self) noexcept;
};

/// The hook whose owner (sync_wait, when_all) is starting its tasks on this
/// thread right now, or nullptr. A completion that sees its own hook here ran
/// inline, inside the owner's resume() on the owner's thread, so it can report
/// with plain stores instead of atomics. Constant-initialised: a plain TLS
/// access.
inline thread_local completion_hook *hook_starting_here = nullptr;

/// Marks `hook` as starting on this thread for its lifetime (nests).
class starting_scope {
public:
  explicit starting_scope(completion_hook *hook) noexcept
      : previous_(hook_starting_here) {
    hook_starting_here = hook;
  }
  ~starting_scope() { hook_starting_here = previous_; }
  starting_scope(const starting_scope &) = delete;
  starting_scope &operator=(const starting_scope &) = delete;

private:
  completion_hook *previous_;
};

class task_promise_base {
public:
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Promise> self) const noexcept {
      task_promise_base &p = self.promise();
      // Nothing may touch the frame after this point: the awaiter may be
      // resumed (and destroy us) on another thread as soon as it is notified.
      const std::uintptr_t next = p.next_;
      if (next & hook_tag) {
        auto *hook = reinterpret_cast<completion_hook *>(next & ~hook_tag);
        return hook->on_complete(hook);
      }
      if (next == 0)
        return std::noop_coroutine();
      return std::coroutine_handle<>::from_address(
          reinterpret_cast<void *>(next));
    }
    void await_resume() const noexcept {}
  };

  // Frames come from the per-thread frame cache; the compiler passes the
  // frame size to both.
  static void *operator new(std::size_t size) { return frame_allocate(size); }
  static void operator delete(void *frame, std::size_t size) noexcept {
    frame_deallocate(frame, size);
  }

  // No awaiter state is kept across the initial suspension: it costs frame
  // bytes, and "started" is derived from the promise instead (see started()).
  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }

  void set_continuation(std::coroutine_handle<> c) noexcept {
    next_ = reinterpret_cast<std::uintptr_t>(c.address());
  }
  void set_completion_hook(completion_hook *hook) noexcept {
    next_ = reinterpret_cast<std::uintptr_t>(hook) | hook_tag;
  }

  /// True once something took charge of running the task: an awaiter set its
  /// continuation, or sync_wait/when_all set a completion hook. Every start
  /// path does one of these right before resuming the task, so a task still
  /// showing the initial value never ran. (Runtime building blocks that
  /// resume a task's handle must therefore set one of the two first.)
  bool started() const noexcept { return next_ != 0; }

private:
  // Who runs next when the task finishes, in one word (a frame holds one of
  // the two, never both): 0 before the task is started; a completion_hook
  // pointer with the low bit set (hooks are pointer-aligned); otherwise the
  // awaiting coroutine's frame address (a frame starts with its resume
  // function pointer, so that low bit is clear).
  static constexpr std::uintptr_t hook_tag = 1;
  static_assert(alignof(completion_hook) > hook_tag);
  std::uintptr_t next_ = 0;
};

template <class T> class task_promise;

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_empty_task() {
  throw std::logic_error("coroguard::task: awaited an empty task "
                         "(default-constructed or moved-from)");
}

} // namespace detail

/// Replaces the handler called (in debug builds) when a task is destroyed
/// without having been started. Returns the previous handler. Passing nullptr
/// restores the default, which writes a message to stderr.
inline unstarted_task_handler
set_unstarted_task_handler(unstarted_task_handler handler) noexcept {
  if (handler == nullptr)
    handler = &detail::default_unstarted_task_handler;
  return detail::unstarted_handler.exchange(handler);
}

/// A lazily started coroutine producing a T (or void). Move-only.
template <class T = void>
class COROGUARD_TASK [[nodiscard]] COROGUARD_DETAIL_CORO_RETURN_TYPE task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;
  using handle_type = std::coroutine_handle<promise_type>;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : handle_(h) {}
  task(task &&other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  task &operator=(task &&other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() { destroy(); }

  /// True if this task holds a coroutine (moved-from tasks do not).
  bool valid() const noexcept { return static_cast<bool>(handle_); }
  /// True once the coroutine has run to completion.
  bool is_ready() const noexcept { return !handle_ || handle_.done(); }

  struct awaiter_base {
    handle_type handle;
    bool await_ready() const noexcept { return !handle || handle.done(); }
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<> awaiting) const noexcept {
      handle.promise().set_continuation(awaiting);
      return handle; // symmetric transfer: start the task in our place
    }
  };

  /// `co_await t` on an lvalue yields a reference to the stored result.
  auto operator co_await() & noexcept {
    struct awaiter : awaiter_base {
      decltype(auto) await_resume() const {
        return checked(this->handle).promise().result_ref();
      }
    };
    return awaiter{{handle_}};
  }

  /// `co_await std::move(t)` (or a prvalue task) yields the result by value.
  auto operator co_await() && noexcept {
    struct awaiter : awaiter_base {
      decltype(auto) await_resume() const {
        return checked(this->handle).promise().take_result();
      }
    };
    return awaiter{{handle_}};
  }

  /// The underlying coroutine (for runtime building blocks).
  handle_type handle() const noexcept { return handle_; }

private:
  static handle_type checked(handle_type h) {
    if (!h) [[unlikely]]
      detail::throw_empty_task();
    return h;
  }

  void destroy() noexcept {
    if (!handle_)
      return;
#ifndef NDEBUG
    if (!handle_.done() && !handle_.promise().started())
      detail::unstarted_handler.load(std::memory_order_relaxed)(
          handle_.address());
#endif
    handle_.destroy();
    handle_ = {};
  }

  handle_type handle_;
};

namespace detail {

/// Holds a task's outcome: nothing yet, a value, or an exception. A tagged
/// union rather than std::variant: the same 16 bytes for a word-sized T, but
/// reading the value is one compare, with the throwing paths out of line so
/// the await_resume of a task inlines.
template <class T> class task_promise final : public task_promise_base {
public:
  task_promise() noexcept {}
  ~task_promise() { reset(); }
  task_promise(const task_promise &) = delete;
  task_promise &operator=(const task_promise &) = delete;

  task<T> get_return_object() noexcept {
    return task<T>{std::coroutine_handle<task_promise>::from_promise(*this)};
  }

  template <class U = T>
    requires std::is_convertible_v<U &&, T>
  void
  return_value(U &&value) noexcept(std::is_nothrow_constructible_v<T, U &&>) {
    if constexpr (std::is_reference_v<T>)
      ::new (static_cast<void *>(std::addressof(value_)))
          stored_type(std::addressof(value));
    else
      ::new (static_cast<void *>(std::addressof(value_)))
          stored_type(std::forward<U>(value));
    state_ = state::value;
  }

  void unhandled_exception() noexcept {
    // A local's destructor may throw after co_return stored the value.
    reset();
    ::new (static_cast<void *>(std::addressof(error_)))
        std::exception_ptr(std::current_exception());
    state_ = state::error;
  }

  decltype(auto) result_ref() {
    if (state_ != state::value) [[unlikely]]
      rethrow_failure();
    if constexpr (std::is_reference_v<T>)
      return static_cast<T>(*value_);
    else
      return static_cast<T &>(value_);
  }

  decltype(auto) take_result() {
    if (state_ != state::value) [[unlikely]]
      rethrow_failure();
    if constexpr (std::is_reference_v<T>)
      return static_cast<T>(*value_);
    else
      return T(std::move(value_));
  }

private:
  [[noreturn, gnu::noinline]] void rethrow_failure() const {
    if (state_ == state::error)
      std::rethrow_exception(error_);
    throw std::logic_error("coroguard::task: result read before the task "
                           "completed");
  }

  void reset() noexcept {
    if (state_ == state::value) {
      if constexpr (!std::is_trivially_destructible_v<stored_type>)
        value_.~stored_type();
    } else if (state_ == state::error) {
      error_.~exception_ptr();
    }
    state_ = state::empty;
  }

  using stored_type =
      std::conditional_t<std::is_reference_v<T>,
                         std::add_pointer_t<std::remove_reference_t<T>>, T>;
  enum class state : unsigned char { empty, value, error };
  union {
    stored_type value_;
    std::exception_ptr error_;
  };
  state state_ = state::empty;
};

template <> class task_promise<void> final : public task_promise_base {
public:
  task<void> get_return_object() noexcept {
    return task<void>{std::coroutine_handle<task_promise>::from_promise(*this)};
  }
  void return_void() noexcept {}
  void unhandled_exception() noexcept { error_ = std::current_exception(); }

  void result_ref() {
    if (error_)
      std::rethrow_exception(error_);
  }
  void take_result() { result_ref(); }

private:
  std::exception_ptr error_;
};

template <class> inline constexpr bool is_task_v = false;
template <class T> inline constexpr bool is_task_v<task<T>> = true;

/// Turns any awaitable into a task (owning it when given an rvalue).
template <class Awaitable>
task<await_result_t<Awaitable>> make_task_from(Awaitable awaitable) {
  co_return co_await std::move(awaitable);
}

/// Turns an lvalue awaitable into a task that awaits it by reference.
template <class Awaitable>
task<await_result_t<Awaitable &>> make_task_from_ref(Awaitable &awaitable) {
  co_return co_await awaitable;
}

} // namespace detail
} // namespace coroguard

#endif // COROGUARD_TASK_HPP
