// RUN: %check_coroguard %s coroguard-thread-local-across-suspend %t -- -- -isystem %inputs/thread-local-across-suspend
// RUN: %check_coroguard --check-suffix=SHALLOW %s coroguard-thread-local-across-suspend %t -- \
// RUN:   -config="{CheckOptions: {coroguard.MaxCallDepth: 1}}" -- -isystem %inputs/thread-local-across-suspend

#include <tl_task.h>
#include <vector>

struct Context {
  int user = 0;
  static Context &current();
  static Context *current_ptr();
};

thread_local Context tls_context;
Context &Context::current() { return tls_context; }
Context *Context::current_ptr() { return &tls_context; }

thread_local int request_id = 0;
int get_request_id() { return request_id; }
int via_one() { return get_request_id(); }
int via_two() { return via_one(); }
void set_request_id(int id) { request_id = id; }
int *request_id_ptr() {
  static thread_local int slot;
  return &slot;
}
int unrelated() { return 4; }

// ---- Accessors called after a suspension ----------------------------------

tl::task<> accessor_read(tl::pool &p) {
  co_await p.schedule();
  tl::consume(get_request_id());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'get_request_id' reads thread_local 'request_id' after a suspension point of coroutine 'accessor_read'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-17]]:31: note: 'get_request_id' reads thread_local 'request_id' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:15: warning: 'get_request_id' reads thread_local 'request_id' after a suspension point of coroutine 'accessor_read'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-20]]:31: note: 'get_request_id' reads thread_local 'request_id' here
  tl::consume(Context::current().user);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'Context::current' reads thread_local 'tls_context' after a suspension point of coroutine 'accessor_read'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-10]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-28]]:38: note: 'Context::current' reads thread_local 'tls_context' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:15: warning: 'Context::current' reads thread_local 'tls_context' after a suspension point of coroutine 'accessor_read'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-13]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-31]]:38: note: 'Context::current' reads thread_local 'tls_context' here
  tl::consume(unrelated());
}

// Followed up to MaxCallDepth calls: two here, three with via_two.
tl::task<> nested_accessor(tl::pool &p) {
  co_await p.schedule();
  tl::consume(via_one());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'via_one' reads thread_local 'request_id' after a suspension point of coroutine 'nested_accessor'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-36]]:24: note: 'via_one' calls 'get_request_id' here
  // CHECK-NOTES: :[[@LINE-38]]:31: note: 'get_request_id' reads thread_local 'request_id' here
  tl::consume(via_two());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'via_two' reads thread_local 'request_id' after a suspension point of coroutine 'nested_accessor'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-40]]:24: note: 'via_two' calls 'via_one' here
  // CHECK-NOTES: :[[@LINE-42]]:24: note: 'via_one' calls 'get_request_id' here
  // CHECK-NOTES: :[[@LINE-44]]:31: note: 'get_request_id' reads thread_local 'request_id' here
}

// A setter called after the suspension makes the value the coroutine's own.
tl::task<> setter_then_read(tl::pool &p) {
  co_await p.schedule();
  set_request_id(9);
  tl::consume(request_id);
  tl::consume(get_request_id());
}

// Accessors called before the suspension are fine.
tl::task<> accessor_before(tl::pool &p) {
  int id = get_request_id();
  Context &ctx = Context::current();
  int user = ctx.user;
  co_await p.schedule();
  tl::consume(id + user);
}

// ---- Pointers and references taken before the suspension ------------------

tl::task<> cached_pointer(tl::pool &p) {
  int *ptr = &request_id;
  co_await p.schedule();
  tl::consume(*ptr);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'ptr' points to thread_local 'request_id' of the thread that ran coroutine 'cached_pointer' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-5]]:14: note: 'ptr' is made to point to thread_local 'request_id' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:16: warning: 'ptr' points to thread_local 'request_id' of the thread that ran coroutine 'cached_pointer' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-8]]:14: note: 'ptr' is made to point to thread_local 'request_id' here
}

tl::task<> cached_reference(tl::pool &p) {
  int &ref = request_id;
  co_await p.schedule();
  ref = 3;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'ref' refers to thread_local 'request_id' of the thread that ran coroutine 'cached_reference' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-5]]:14: note: 'ref' is bound to thread_local 'request_id' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:3: warning: 'ref' refers to thread_local 'request_id' of the thread that ran coroutine 'cached_reference' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-8]]:14: note: 'ref' is bound to thread_local 'request_id' here
}

tl::task<> cached_accessor_reference(tl::pool &p) {
  Context &ctx = Context::current();
  co_await p.schedule();
  tl::consume(ctx.user);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'ctx' refers to thread_local 'tls_context' of the thread that ran coroutine 'cached_accessor_reference' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-5]]:18: note: 'ctx' is bound to the thread_local 'tls_context' that 'Context::current' returns here
  // CHECK-NOTES: :[[@LINE-101]]:38: note: 'Context::current' returns thread_local 'tls_context' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-5]]:15: warning: 'ctx' refers to thread_local 'tls_context' of the thread that ran coroutine 'cached_accessor_reference' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-7]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-9]]:18: note: 'ctx' is bound to the thread_local 'tls_context' that 'Context::current' returns here
  // CHECK-NOTES-SHALLOW: :[[@LINE-105]]:38: note: 'Context::current' returns thread_local 'tls_context' here
}

tl::task<> cached_accessor_pointer(tl::pool &p) {
  int *cached = request_id_ptr();
  co_await p.schedule();
  tl::consume(*cached);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'cached' points to thread_local 'slot' of the thread that ran coroutine 'cached_accessor_pointer' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-5]]:17: note: 'cached' is made to point to the thread_local 'slot' that 'request_id_ptr' returns here
  // CHECK-NOTES: :[[@LINE-105]]:10: note: 'request_id_ptr' returns thread_local 'slot' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-5]]:16: warning: 'cached' points to thread_local 'slot' of the thread that ran coroutine 'cached_accessor_pointer' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-7]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-9]]:17: note: 'cached' is made to point to the thread_local 'slot' that 'request_id_ptr' returns here
  // CHECK-NOTES-SHALLOW: :[[@LINE-109]]:10: note: 'request_id_ptr' returns thread_local 'slot' here
}

tl::task<> copied_pointer(tl::pool &p) {
  Context *ctx = Context::current_ptr();
  Context *copy = ctx;
  co_await p.schedule();
  tl::consume(copy->user);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'copy' points to thread_local 'tls_context' of the thread that ran coroutine 'copied_pointer' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-5]]:19: note: 'copy' is set from 'ctx' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:15: warning: 'copy' points to thread_local 'tls_context' of the thread that ran coroutine 'copied_pointer' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-8]]:19: note: 'copy' is set from 'ctx' here
}

// Taken again after the suspension: this thread's object.
tl::task<> retaken_pointer(tl::pool &p) {
  Context *ctx = Context::current_ptr();
  co_await p.schedule();
  ctx = Context::current_ptr();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'Context::current_ptr' reads thread_local 'tls_context' after a suspension point of coroutine 'retaken_pointer'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-141]]:43: note: 'Context::current_ptr' reads thread_local 'tls_context' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:9: warning: 'Context::current_ptr' reads thread_local 'tls_context' after a suspension point of coroutine 'retaken_pointer'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-144]]:43: note: 'Context::current_ptr' reads thread_local 'tls_context' here
  tl::consume(ctx->user);
}

// Pointed elsewhere after the suspension.
tl::task<> repointed(tl::pool &p, int *other) {
  const int *ptr = &request_id;
  co_await p.schedule();
  ptr = other;
  tl::consume(*ptr);
}

// Used only before the suspension.
tl::task<> pointer_before(tl::pool &p) {
  int *ptr = &request_id;
  tl::consume(*ptr);
  co_await p.schedule();
}

// Taken again in each iteration: the use is fine, the call at the top of the
// loop reads after the back edge.
tl::task<> pointer_in_loop(tl::pool &p) {
  for (int i = 0; i < 2; ++i) {
    Context &ctx = Context::current();
    // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'Context::current' reads thread_local 'tls_context' after a suspension point of coroutine 'pointer_in_loop'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
    // CHECK-NOTES: :[[@LINE+6]]:5: note: the coroutine may suspend here and resume on another thread
    // CHECK-NOTES: :[[@LINE-171]]:38: note: 'Context::current' reads thread_local 'tls_context' here
    // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:20: warning: 'Context::current' reads thread_local 'tls_context' after a suspension point of coroutine 'pointer_in_loop'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
    // CHECK-NOTES-SHALLOW: :[[@LINE+3]]:5: note: the coroutine may suspend here and resume on another thread
    // CHECK-NOTES-SHALLOW: :[[@LINE-174]]:38: note: 'Context::current' reads thread_local 'tls_context' here
    tl::consume(ctx.user);
    co_await p.schedule();
  }
}

// ---- Lambdas ---------------------------------------------------------------

tl::task<> lambdas(tl::pool &p) {
  auto read = [] { return request_id; };
  auto never_called = [] { return request_id; };
  co_await p.schedule();
  tl::consume([] { return request_id; }());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'lambda' reads thread_local 'request_id' after a suspension point of coroutine 'lambdas'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-3]]:27: note: 'lambda' reads thread_local 'request_id' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:15: warning: 'lambda' reads thread_local 'request_id' after a suspension point of coroutine 'lambdas'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:27: note: 'lambda' reads thread_local 'request_id' here
  tl::consume(read());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'lambda' reads thread_local 'request_id' after a suspension point of coroutine 'lambdas'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-10]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES: :[[@LINE-13]]:27: note: 'lambda' reads thread_local 'request_id' here
  // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:15: warning: 'lambda' reads thread_local 'request_id' after a suspension point of coroutine 'lambdas'; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-13]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-16]]:27: note: 'lambda' reads thread_local 'request_id' here
  // A lambda that is only defined runs elsewhere, later.
  auto later = [] { tl::consume(request_id); };
  (void)never_called;
  (void)later;
}

// A coroutine lambda is a coroutine of its own.
auto coroutine_lambda = [](tl::pool &p) -> tl::task<> {
  co_await p.schedule();
  tl::consume(request_id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine lambda; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-3]]:15: warning: thread_local 'request_id' is read after a suspension point of coroutine lambda; the coroutine may have resumed on another thread, where it has that thread's value [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE-5]]:3: note: the coroutine may suspend here and resume on another thread
};

// ---- Range-for loops over a thread_local -----------------------------------

thread_local int slots[4];
thread_local std::vector<int> pending;

tl::task<> loop_over_array(tl::pool &p) {
  for (int &slot : slots) {
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: the range-for loop over thread_local 'slots' goes on after a suspension point of coroutine 'loop_over_array'; the coroutine may have resumed on another thread, and the loop still walks the first thread's 'slots', which may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE+3]]:5: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-3]]:18: warning: the range-for loop over thread_local 'slots' goes on after a suspension point of coroutine 'loop_over_array'; the coroutine may have resumed on another thread, and the loop still walks the first thread's 'slots', which may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE+1]]:5: note: the coroutine may suspend here and resume on another thread
    co_await p.schedule();
    slot = 0;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'slot' refers to thread_local 'slots' of the thread that ran coroutine 'loop_over_array' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the coroutine may suspend here and resume on another thread
    // CHECK-NOTES: :[[@LINE-9]]:18: note: 'slot' is bound to an element of thread_local 'slots' here
    // CHECK-NOTES-SHALLOW: :[[@LINE-4]]:5: warning: 'slot' refers to thread_local 'slots' of the thread that ran coroutine 'loop_over_array' before a suspension point; the coroutine may have resumed on another thread, and that thread may have exited [coroguard-thread-local-across-suspend]
    // CHECK-NOTES-SHALLOW: :[[@LINE-6]]:5: note: the coroutine may suspend here and resume on another thread
    // CHECK-NOTES-SHALLOW: :[[@LINE-12]]:18: note: 'slot' is bound to an element of thread_local 'slots' here
  }
}

tl::task<> loop_over_vector(tl::pool &p) {
  for (int item : pending) {
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: the range-for loop over thread_local 'pending' goes on after a suspension point of coroutine 'loop_over_vector'; the coroutine may have resumed on another thread, and the loop still walks the first thread's 'pending', which may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES: :[[@LINE+3]]:5: note: the coroutine may suspend here and resume on another thread
  // CHECK-NOTES-SHALLOW: :[[@LINE-3]]:17: warning: the range-for loop over thread_local 'pending' goes on after a suspension point of coroutine 'loop_over_vector'; the coroutine may have resumed on another thread, and the loop still walks the first thread's 'pending', which may have exited [coroguard-thread-local-across-suspend]
  // CHECK-NOTES-SHALLOW: :[[@LINE+1]]:5: note: the coroutine may suspend here and resume on another thread
    co_await p.schedule();
    tl::consume(item);
  }
}

// No suspension in the body, or a copy walked: fine.
tl::task<> loop_then_suspend(tl::pool &p) {
  for (int item : pending)
    tl::consume(item);
  co_await p.schedule();
}

tl::task<> loop_over_copy(tl::pool &p) {
  std::vector<int> copy = pending;
  for (int item : copy) {
    co_await p.schedule();
    tl::consume(item);
  }
}
