// RUN: %check_coroguard %s coroguard-thread-local-across-suspend %t -- -- -isystem %inputs -isystem %inputs/thread-local-across-suspend
// RUN: %check_coroguard --check-suffix=OPTION %s coroguard-thread-local-across-suspend %t -- \
// RUN:   -config="{CheckOptions: {coroguard.ThreadPinnedTaskTypes: 'reactor::task'}}" -- -isystem %inputs -isystem %inputs/thread-local-across-suspend

#include <seastar.h>
#include <tl_task.h>

thread_local int shard_requests = 0;
thread_local int request_id = 0;

// ---- seastar: a coroutine resumes on the shard that started it ------------

seastar::future<> seastar_coroutine() {
  int *cached = &shard_requests;
  co_await seastar::sleep(std::chrono::milliseconds(1));
  ++shard_requests;
  ++*cached;
}

// The same code on a task that may resume anywhere.
tl::task<> pool_coroutine(tl::pool &p) {
  int *cached = &shard_requests;
  co_await p.schedule();
  ++shard_requests;
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread_local 'shard_requests' is read after a suspension point of coroutine 'pool_coroutine'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-OPTION: :[[@LINE-3]]:5: warning: thread_local 'shard_requests' is read after a suspension point of coroutine 'pool_coroutine'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-OPTION: :[[@LINE-5]]:3: note: the coroutine may suspend here and resume on another thread
  ++*cached;
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'cached' points to thread_local 'shard_requests' of the thread that ran coroutine 'pool_coroutine' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-10]]:17: note: 'cached' is made to point to thread_local 'shard_requests' here
  // CHECK-NOTES-OPTION: :[[@LINE-4]]:6: warning: 'cached' points to thread_local 'shard_requests' of the thread that ran coroutine 'pool_coroutine' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-OPTION: :[[@LINE-11]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-OPTION: :[[@LINE-13]]:17: note: 'cached' is made to point to thread_local 'shard_requests' here
}

// ---- The thread_pinned annotation -----------------------------------------

template <typename T = void> struct [[clang::annotate("coroguard::thread_pinned")]] loop_task {
  struct promise_type {
    loop_task get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
};

loop_task<> annotated(tl::pool &p) {
  co_await p.schedule();
  tl::consume(request_id);
}

// ---- The ThreadPinnedTaskTypes option -------------------------------------

namespace reactor {
struct task {
  struct promise_type {
    task get_return_object() noexcept;
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void unhandled_exception();
    void return_void();
  };
};
} // namespace reactor

reactor::task pinned_by_option(tl::pool &p) {
  co_await p.schedule();
  tl::consume(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'pinned_by_option'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
}
