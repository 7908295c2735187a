// Test stand-in for coroguard-dangling-reference, not a real library: a lazy
// and an eager task type of the user's own code, and calls that detach,
// spawn into a scope, block or consume a task, declared with coroguard's
// annotations. Declarations only.
#pragma once
#include <coroguard/annotations.hpp>
#include <coroutine>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The comparison with Clang's -Wdangling builds this with
// -DDR_TASK_ATTRS='[[clang::coro_return_type, clang::coro_lifetimebound]]'.
#ifndef DR_TASK_ATTRS
#define DR_TASK_ATTRS
#endif

namespace dr {
/// Lazy: runs when awaited.
struct DR_TASK_ATTRS task {
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
  task(task &&) noexcept;
  task &operator=(task &&) noexcept;
  ~task();
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
  /// A continuation: the result owns this task.
  task then(std::function<void()> f) &&;
  bool done() const;

private:
  std::coroutine_handle<promise_type> h;
};

/// Eager: runs to its first suspension inside the call.
struct DR_TASK_ATTRS eager {
  struct promise_type {
    eager get_return_object();
    std::suspend_never initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
  eager(eager &&) noexcept;
  ~eager();
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();

private:
  std::coroutine_handle<promise_type> h;
};

/// Something to suspend on.
struct tick {
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() noexcept;
};
tick yield();

COROGUARD_DETACHES void detach(task t);
/// Starts the task and calls back when it ends (defined: a template taking a
/// lambda must be).
template <class F> COROGUARD_DETACHES void start(task t, F done) {}
/// Blocks until count_down.
struct latch {
  void count_down();
  COROGUARD_BLOCKING void wait();
};
COROGUARD_DETACHES void detach(eager t);
COROGUARD_BLOCKING_WAIT void sync_wait(task t);
task when_all(std::vector<task> tasks);
task when_all(task a, task b);

/// A sender-style algorithm: a function object whose result is not a task,
/// and a blocking wait for it.
struct sender {};
struct gather_fn {
  sender operator()(task a, task b) const;
};
inline constexpr gather_fn gather{};
COROGUARD_BLOCKING_WAIT void sync_wait(sender s);

/// A scope that joins what it spawns.
class scope {
public:
  COROGUARD_SCOPED_SPAWN void spawn(task t);
  task join();
};

/// A queue of work run later, by someone else.
class queue {
public:
  void push(task t);
};

/// A service that outlives the tasks using it.
class COROGUARD_LONG_LIVED service {
public:
  void log(std::string_view line);
};

void consume(const std::string &);
void consume(std::string_view);
void consume(int);
void consume(std::span<const int>);
} // namespace dr
