// RUN: %check_coroguard %s coroguard-thread-local-across-suspend %t -- -- -isystem %inputs/thread-local-across-suspend

#include <tl_task.h>
#include <coroutine>

thread_local int request_id = 0;
thread_local int counter;
const thread_local int kLimit = 64;
constexpr int kBase = 3;
thread_local const int kDerived = kBase * 2;
int next_id();
const thread_local int kThreadId = next_id();

struct Context {
  int user = 0;
  static thread_local int depth;
  static Context &current();
  static Context *current_ptr();
};

// ---- Positive: a read after a suspension ----------------------------------

tl::task<> read_after(tl::pool &p) {
  tl::consume(request_id);
  co_await p.schedule();
  tl::consume(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'read_after'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
}

// An await that throws on resumption (from await_resume) reaches the
// handler after the suspension: the handler's read is reported.
tl::task<> read_in_handler(tl::pool &p) {
  try {
    co_await p.schedule();
  } catch (...) {
    tl::consume(request_id);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread_local 'request_id' is read after a suspension point of coroutine 'read_in_handler'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: the coroutine may suspend here and resume on another thread
  }
}

// A handler of a try that does not suspend runs before any suspension.
tl::task<> read_in_handler_before(tl::pool &p) {
  try {
    tl::consume(counter);
  } catch (...) {
    tl::consume(request_id);
  }
  co_await p.schedule();
}

// ---- Negative: reads before the first suspension, writes ------------------

tl::task<> read_before(tl::pool &p) {
  int id = request_id;
  co_await p.schedule();
  tl::consume(id);
}

tl::task<> write_after(tl::pool &p) {
  co_await p.schedule();
  request_id = 7;
  counter = 1;
}

// Written by the coroutine after the suspension, then read: its own value.
tl::task<> write_then_read(tl::pool &p) {
  co_await p.schedule();
  request_id = 5;
  tl::consume(request_id);
}

// Written, then suspended, then read: reported.
tl::task<> write_suspend_read(tl::pool &p) {
  request_id = 5;
  co_await p.schedule();
  tl::consume(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'write_suspend_read'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
}

// A compound assignment reads the old value.
tl::task<> increments(tl::pool &p) {
  co_await p.schedule();
  counter += 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread_local 'counter' is read after a suspension point of coroutine 'increments'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  ++counter;
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread_local 'counter' is read after a suspension point of coroutine 'increments'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
}

// ---- Constants: the same value on every thread ----------------------------

tl::task<> constants(tl::pool &p) {
  co_await p.schedule();
  tl::consume(kLimit);
  tl::consume(kDerived);
  // Const, but each thread computes its own.
  tl::consume(kThreadId);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'kThreadId' is read after a suspension point of coroutine 'constants'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
}

// ---- Branches: a suspension on one path only ------------------------------

tl::task<> one_branch(tl::pool &p, bool remote) {
  if (remote)
    co_await p.schedule();
  tl::consume(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'one_branch'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the coroutine may suspend here and resume on another thread
}

tl::task<> write_on_one_branch(tl::pool &p, bool fresh) {
  co_await p.schedule();
  if (fresh)
    request_id = 1;
  tl::consume(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine 'write_on_one_branch'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the coroutine may suspend here and resume on another thread
}

tl::task<> write_on_both_branches(tl::pool &p, bool fresh) {
  co_await p.schedule();
  if (fresh)
    request_id = 1;
  else
    request_id = 2;
  tl::consume(request_id);
}

// The read is on the other branch from the suspension.
tl::task<> other_branch(tl::pool &p, bool remote) {
  if (remote)
    co_await p.schedule();
  else
    tl::consume(request_id);
}

// ---- Loops: the back edge -------------------------------------------------

tl::task<> loop_top(tl::pool &p) {
  for (int i = 0; i < 3; ++i) {
    tl::consume(counter);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread_local 'counter' is read after a suspension point of coroutine 'loop_top'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
    // CHECK-NOTES: :[[@LINE+1]]:5: note: the coroutine may suspend here and resume on another thread
    co_await p.schedule();
  }
}

tl::task<> loop_rewrites(tl::pool &p) {
  for (int i = 0; i < 3; ++i) {
    counter = i;
    tl::consume(counter);
    co_await p.schedule();
  }
}

// ---- Never-suspending awaits ----------------------------------------------

tl::task<> never_suspends() {
  co_await std::suspend_never{};
  tl::consume(request_id);
  int v = co_await tl::ready_value{};
  tl::consume(request_id + v);
}

// ---- co_return co_await, co_return of a read ------------------------------

tl::task<int> return_await(tl::pool &p) {
  co_await p.schedule();
  co_return co_await tl::fetch(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: thread_local 'request_id' is read after a suspension point of coroutine 'return_await'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
}

tl::task<int> return_await_first(tl::pool &p) {
  // The operand is evaluated before the suspension.
  co_return co_await tl::fetch(request_id);
}

tl::task<int> return_read(tl::pool &p) {
  int v = co_await tl::fetch(1);
  co_return v + request_id;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread_local 'request_id' is read after a suspension point of coroutine 'return_read'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: the coroutine may suspend here and resume on another thread
}

// ---- co_yield in a generator ----------------------------------------------

tl::generator<int> yields() {
  co_yield request_id;
  co_yield request_id;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: thread_local 'request_id' is read after a suspension point of coroutine 'yields'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
}

tl::generator<int> yields_in_loop() {
  for (;;)
    co_yield counter;
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: thread_local 'counter' is read after a suspension point of coroutine 'yields_in_loop'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: the coroutine may suspend here and resume on another thread
}

// ---- Static data members and function-local thread_locals -----------------

tl::task<> statics(tl::pool &p) {
  static thread_local int calls = 0;
  ++calls;
  co_await p.schedule();
  tl::consume(calls);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'calls' is read after a suspension point of coroutine 'statics'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  tl::consume(Context::depth);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'depth' is read after a suspension point of coroutine 'statics'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
}
