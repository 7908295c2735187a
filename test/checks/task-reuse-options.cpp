// coroguard-task-reuse: the shared options ConsumingFunctions and
// MultiShotTaskTypes give their roles to the names they list.
// RUN: %check_coroguard %s coroguard-task-reuse %t -- -config="{CheckOptions: {coroguard.ConsumingFunctions: 'acme::enqueue', coroguard.MultiShotTaskTypes: 'acme::replayable'}}" -- -isystem %inputs/task-reuse

#include <tr_runtime.h>

acme::job<int> job();

namespace acme {
/// An in-house task type the option says is multi-shot.
class [[clang::annotate("coroguard::task")]] replayable {
public:
  struct promise_type : coro_stub::promise_base<void> {
    replayable get_return_object() noexcept;
  };
  replayable(replayable &&) noexcept;
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};
} // namespace acme
acme::replayable replay();

acme::job<> enqueued() {
  auto j = job();
  acme::enqueue(j);
  co_await j;
// CHECK-NOTES: :[[@LINE-1]]:12: warning: task 'j' is awaited after it was consumed by 'acme::enqueue'; a single-shot task cannot be awaited or handed on twice
// CHECK-NOTES: :[[@LINE-3]]:17: note: 'j' was consumed by 'acme::enqueue' here
}

acme::job<> replayed() {
  auto r = replay();
  co_await r;
  co_await r;
}
