// RUN: %check_coroguard %s coroguard-missing-cancellation %t -- -- -isystem %inputs
// RUN: %check_coroguard --check-suffix=OPT %s coroguard-missing-cancellation %t -- \
// RUN:   -config="{CheckOptions: {coroguard.CancellationTypes: 'jobs::Flag'}}" \
// RUN:   -- -isystem %inputs

#include <missing-cancellation/task.h>

// A token type of the user's own, annotated.
namespace jobs {
class [[clang::annotate("coroguard::cancellation")]] Cancel {
public:
  bool requested() const;
};
// A token type named by the CancellationTypes option (second RUN only).
class Flag {
public:
  bool raised() const;
};
Task<void> step(int n);
Task<void> step(int n, Cancel c);
Task<void> hop(int n);
Task<void> hop(int n, Flag f);

// A task type that hands its token to what it awaits, annotated.
template <class T = void>
class [[nodiscard]] [[clang::annotate("coroguard::forwards_cancellation")]] Job {
public:
  struct promise_type : coro_stub::promise_base<T> {
    Job get_return_object() noexcept;
  };
  coro_stub::awaiter<T> operator co_await() && noexcept;
};
} // namespace jobs

Task<void> annotated(jobs::Cancel c) {
  co_await jobs::step(1);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'jobs::step' is called without the cancellation token 'c' that coroutine 'annotated' holds; the overload 'step(int, Cancel)' takes it as its last argument
  // CHECK-NOTES: :[[@LINE-2]]:24: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:35: note: cancellation token 'c' declared here
  // CHECK-NOTES-OPT: :[[@LINE-4]]:12: warning: 'jobs::step' is called without
  // CHECK-NOTES-OPT: :[[@LINE-5]]:24: note: FIX-IT applied suggested code changes
  // CHECK-NOTES-OPT: :[[@LINE-7]]:35: note: cancellation token 'c' declared here
  // CHECK-FIXES: co_await jobs::step(1, c);
  // CHECK-FIXES-OPT: co_await jobs::step(1, c);
  co_await jobs::step(2, c);
}

Task<void> by_option(jobs::Flag f) {
  co_await jobs::hop(1);
  // CHECK-NOTES-OPT: :[[@LINE-1]]:12: warning: 'jobs::hop' is called without the cancellation token 'f' that coroutine 'by_option' holds
  // CHECK-NOTES-OPT: :[[@LINE-2]]:23: note: FIX-IT applied suggested code changes
  // CHECK-NOTES-OPT: :[[@LINE-4]]:33: note: cancellation token 'f' declared here
  // CHECK-FIXES-OPT: co_await jobs::hop(1, f);
}

jobs::Job<void> forwards(jobs::Cancel c) {
  co_await jobs::step(3);
}
