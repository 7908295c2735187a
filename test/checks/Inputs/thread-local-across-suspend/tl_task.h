// Stand-ins for the thread-local-across-suspend tests: a lazy task, a
// generator, and awaitables that do and do not suspend. Declarations only.
#pragma once
#include <coroutine>
#include <exception>

namespace tl {

template <typename T = void> struct task {
  struct promise_type {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception();
    void return_value(T);
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};

template <> struct task<void> {
  struct promise_type {
    task get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};

template <typename T> struct generator {
  struct promise_type {
    generator get_return_object() noexcept;
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    std::suspend_always yield_value(T) noexcept;
    void unhandled_exception();
    void return_void();
  };
};

// Resumes the coroutine on a thread of a pool: may suspend.
struct pool {
  struct schedule_awaiter {
    bool await_ready() const noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  schedule_awaiter schedule();
};

// Never suspends: await_ready() is constantly true.
struct ready_value {
  constexpr bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept;
  int await_resume() noexcept;
};

task<int> fetch(int key);
task<> io();
void consume(int);
void consume_ptr(const int *);

} // namespace tl
