// RUN: %check_coroguard %s coroguard-thread-local-across-suspend %t -- -- -isystem %inputs/thread-local-across-suspend

#include <tl_task.h>

thread_local int request_id = 0;
template <typename T> thread_local T per_thread{};

template <typename T> T current() { return per_thread<T>; }

// ---- Templates: read in their instantiations -------------------------------

template <typename Awaitable> tl::task<> after(Awaitable a) {
  co_await a;
  tl::consume(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'after'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
}

template <typename T> tl::task<> typed(tl::pool &p) {
  co_await p.schedule();
  tl::consume(static_cast<int>(per_thread<T>));
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: thread_local 'per_thread' is read after a suspension point of coroutine 'typed'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  tl::consume(static_cast<int>(current<T>()));
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: 'current' reads thread_local 'per_thread' after a suspension point of coroutine 'typed'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-19]]:44: note: 'current' reads thread_local 'per_thread' here
}

void instantiate(tl::pool &p) {
  // Suspends: reported once, in the template.
  after(p.schedule());
  // Never suspends: this instantiation alone would report nothing.
  after(std::suspend_never{});
  typed<int>(p);
  typed<long>(p);
}

// Never instantiated: nothing to read.
template <typename T> tl::task<> uninstantiated(tl::pool &p) {
  co_await p.schedule();
  tl::consume(per_thread<T>);
}

// ---- Macros ----------------------------------------------------------------

#define CURRENT_REQUEST() request_id
#define RESCHEDULE(p) co_await (p).schedule()
#define LOG_REQUEST() tl::consume(request_id)

tl::task<> macros(tl::pool &p) {
  RESCHEDULE(p);
  tl::consume(CURRENT_REQUEST());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'macros'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-8]]:27: note: expanded from macro 'CURRENT_REQUEST'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-9]]:23: note: expanded from macro 'RESCHEDULE'
  LOG_REQUEST();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread_local 'request_id' is read after a suspension point of coroutine 'macros'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-11]]:35: note: expanded from macro 'LOG_REQUEST'
  // CHECK-NOTES: :[[@LINE-9]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-14]]:23: note: expanded from macro 'RESCHEDULE'
}

tl::task<> macro_before(tl::pool &p) {
  LOG_REQUEST();
  RESCHEDULE(p);
}
