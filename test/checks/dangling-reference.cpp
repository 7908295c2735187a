// RUN: %check_coroguard %s coroguard-dangling-reference %t -- -- -isystem %inputs/dangling-reference -I %runtime_include

#include <dangling_pools.h>

using dr::task;

// ---- Coroutines that refer to their arguments --------------------------

task by_cref(const std::string &s) {
  co_await dr::yield();
  dr::consume(s);
}
task by_ref(std::string &s) {
  co_await dr::yield();
  s += "!";
}
task by_rref(std::string &&s) {
  co_await dr::yield();
  dr::consume(s);
}
task by_view(std::string_view v) {
  co_await dr::yield();
  dr::consume(v);
}
task by_span(std::span<const int> v) {
  co_await dr::yield();
  dr::consume(v);
}
task by_int(const int &n) {
  co_await dr::yield();
  dr::consume(n);
}
// Takes a reference but never uses it: nothing to dangle.
task unused_ref(const std::string &) { co_await dr::yield(); }
// Takes its argument by value: the frame owns a copy.
task by_value(std::string s) {
  co_await dr::yield();
  dr::consume(s);
}

std::string global_name;
dr::queue pending;

// ---- A temporary, with the task escaping in every way ------------------

void temporary_escapes(dr::scope &sc, coro::thread_pool &pool) {
  dr::detach(by_cref(std::string("a")));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'by_cref' is detached by 'dr::detach', but it refers to a temporary, which can be destroyed before the task ends [coroguard-dangling-reference]
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-3]]:22: note: the temporary is destroyed at the end of the full-expression
  pool.spawn_detached(by_view(std::string("b")));
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: task of coroutine 'by_view' is detached by 'coro::thread_pool::spawn_detached', but it refers to a temporary
  // CHECK-NOTES: :23:15: note: the coroutine uses view parameter 'v' here
  // CHECK-NOTES: :[[@LINE-3]]:31: note: the temporary is destroyed at the end of the full-expression
  // CHECK-NOTES: :21:31: note: a view does not own what it shows; take 'v' by value as 'std::string' so that the coroutine frame keeps a copy
  sc.spawn(by_int(42));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: task of coroutine 'by_int' is spawned by 'dr::scope::spawn', but it refers to a temporary
  // CHECK-NOTES: :31:15: note: the coroutine uses reference parameter 'n' here
  // CHECK-NOTES: :[[@LINE-3]]:19: note: the temporary is destroyed
  pending.push(by_rref(std::string("c")));
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: task of coroutine 'by_rref' is kept by 'dr::queue::push', but it refers to a temporary
  // CHECK-NOTES: :19:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-3]]:24: note: the temporary is destroyed
  std::vector<int> numbers{1, 2};
  dr::detach(by_span(std::vector<int>{1, 2}));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'by_span' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-NOTES: :27:15: note: the coroutine uses view parameter 'v' here
  // CHECK-NOTES: :[[@LINE-3]]:22: note: the temporary is destroyed
  // CHECK-NOTES: :25:35: note: a view does not own what it shows; take 'v' by value as 'std::vector<int>' so that the coroutine frame keeps a copy
}

task temporary_stored() {
  auto t = by_cref("literal becomes a std::string");
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: task of coroutine 'by_cref' is stored in 't', but it refers to a temporary
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-3]]:20: note: the temporary is destroyed
  co_await t;
}

task temporary_returned() {
  return by_cref(std::string("x"));
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: task of coroutine 'by_cref' is returned, but it refers to a temporary
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-3]]:18: note: the temporary is destroyed
}

task temporary_then() {
  auto t = by_cref(std::string("x")).then([] {});
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: task of coroutine 'by_cref' is stored in 't', but it refers to a temporary
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-3]]:20: note: the temporary is destroyed
  co_await t;
}

std::function<task()> later;
void temporary_in_function() {
  // The task is made inside the lambda, when the function is called: its
  // temporary belongs to that call.
  later = [] { return by_cref(std::string("x")); };
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: task of coroutine 'by_cref' is returned, but it refers to a temporary
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-3]]:31: note: the temporary is destroyed
}

// ---- Negatives: awaited in the full-expression ------------------------

task awaited_at_once(coro::thread_pool &pool) {
  co_await by_cref(std::string("a"));
  co_await by_view(std::string("b"));
  co_await by_int(1);
  co_await dr::when_all(by_cref(std::string("c")), by_int(2));
  co_await by_cref(std::string("d")).then([] {});
  dr::sync_wait(by_cref(std::string("e")));
  co_await by_cref(global_name);
  co_await by_view("a literal lives forever");
  by_cref(std::string("f")).done(); // dropped at once, never run
}

// ---- Negatives: the argument outlives the task -------------------------

static const std::string config = "c";
void static_arguments(dr::scope &sc) {
  static std::string cache;
  dr::detach(by_cref(global_name));
  dr::detach(by_cref(config));
  dr::detach(by_cref(cache));
  dr::detach(by_view("literal"));
  sc.spawn(by_view(global_name));
}

// Unused, or taken by value.
void nothing_to_dangle() {
  dr::detach(unused_ref(std::string("x")));
  dr::detach(by_value(std::string("x")));
}

// A reference parameter of the caller: its referent is the caller's
// caller's, not known here.
void handed_through(const std::string &s, std::string_view v) {
  dr::detach(by_cref(s));
  dr::detach(by_view(v));
}

// ---- Locals of a block that ends before the task ----------------------

task local_returned() {
  std::string name = "n";
  return by_cref(name);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: task of coroutine 'by_cref' is returned, but it refers to local 'name', which can be destroyed before the task ends
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'name' is destroyed here, at the end of its block
}

void local_detached() {
  std::string name = "n";
  dr::detach(by_cref(name));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'by_cref' is detached by 'dr::detach', but it refers to local 'name'
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'name' is destroyed here, at the end of its block
}

void local_view_detached() {
  std::vector<int> numbers{1, 2, 3};
  dr::detach(by_span(numbers));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'by_span' is detached by 'dr::detach', but it refers to local 'numbers'
  // CHECK-NOTES: :27:15: note: the coroutine uses view parameter 'v' here
  // CHECK-NOTES: :[[@LINE+2]]:1: note: 'numbers' is destroyed here, at the end of its block
  // CHECK-NOTES: :25:35: note: a view does not own what it shows
}

void local_moved_into_queue() {
  std::string name = "n";
  pending.push(by_cref(std::move(name)));
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: task of coroutine 'by_cref' is kept by 'dr::queue::push', but it refers to local 'name'
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'name' is destroyed here, at the end of its block
}

task local_inner_block() {
  task t = by_cref(global_name);
  {
    std::string inner = "i";
    t = by_cref(inner);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: task of coroutine 'by_cref' is stored in 't', but it refers to local 'inner'
    // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'inner' is destroyed here, at the end of its block
  }
  co_await t;
}

// Negatives: the local outlives the task.
task local_awaited() {
  std::string name = "n";
  auto t = by_cref(name);
  co_await t;
  std::vector<dr::task> all;
  all.push_back(by_cref(name));
  co_await dr::when_all(std::move(all));
}

task local_scope_joined() {
  std::string name = "n";
  dr::scope sc;
  sc.spawn(by_cref(name));
  co_await sc.join();
}

void local_scope_inner() {
  dr::scope sc;
  {
    std::string inner = "i";
    sc.spawn(by_cref(inner));
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'by_cref' is spawned by 'dr::scope::spawn', but it refers to local 'inner'
    // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'inner' is destroyed here, at the end of its block
  }
}

// ---- Parameters of a wrapper that returns the task --------------------

task wrapper(std::string s) {
  return by_cref(s);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: task of coroutine 'by_cref' is returned, but it refers to parameter 's' of 'wrapper'
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-4]]:26: note: 's' is a parameter of 'wrapper', destroyed when 'wrapper' returns
}

// Negatives: a coroutine wrapper keeps its parameter in its frame.
task coroutine_wrapper(std::string s) {
  auto t = by_cref(s);
  co_await t;
  co_await by_cref(s);
}

// ---- Long-lived services are fine by reference ------------------------

task uses_pool(coro::thread_pool &pool, asio::io_context &io,
               dr::service &svc) {
  co_await pool.schedule();
  io.run();
  svc.log("x");
}
void long_lived(coro::thread_pool &pool, asio::io_context &io) {
  coro::thread_pool local_pool;
  dr::service svc;
  pool.spawn_detached(uses_pool(local_pool, io, svc));
}

// ---- Eager tasks: only a use after the first suspension counts ---------

dr::eager eager_before(const std::string &s) {
  dr::consume(s);
  co_await dr::yield();
}
dr::eager eager_after(const std::string &s) {
  co_await dr::yield();
  dr::consume(s);
}
void eager_tasks() {
  dr::detach(eager_before(std::string("x")));
  dr::detach(eager_after(std::string("x")));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'eager_after' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-NOTES: :[[@LINE-6]]:15: note: the coroutine uses reference parameter 's' here, after its first suspension
  // CHECK-NOTES: :[[@LINE-3]]:26: note: the temporary is destroyed
}

// ---- A lazy coroutine whose body is in another file --------------------

task elsewhere(const std::string &s);
void body_not_visible() {
  dr::detach(elsewhere(std::string("x")));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'elsewhere' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-NOTES: :[[@LINE-4]]:35: note: the lazy task keeps reference parameter 's' until it runs (the coroutine's body is not in this file)
  // CHECK-NOTES: :[[@LINE-3]]:24: note: the temporary is destroyed
}
task body_not_visible_awaited() { co_await elsewhere(std::string("x")); }

// ---- Carried by another task, or by a std::function --------------------

task when_all_stored() {
  auto both = dr::when_all(by_cref(std::string("a")), by_int(1));
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: task of coroutine 'by_cref' is stored in 'both', but it refers to a temporary
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-3]]:36: note: the temporary is destroyed
  // CHECK-NOTES: :[[@LINE-4]]:55: warning: task of coroutine 'by_int' is stored in 'both', but it refers to a temporary
  // CHECK-NOTES: :31:15: note: the coroutine uses reference parameter 'n' here
  // CHECK-NOTES: :[[@LINE-6]]:62: note: the temporary is destroyed
  co_await both;
}

task captured_in_lambda() {
  auto fn = [t = by_cref(std::string("x"))]() mutable -> task {
    co_await std::move(t);
  };
  // CHECK-NOTES: :[[@LINE-3]]:18: warning: task of coroutine 'by_cref' is captured by a lambda, but it refers to a temporary
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE-5]]:26: note: the temporary is destroyed
  co_await fn();
}

// ---- A caller that waits for the work before its locals go -------------

// The main() of an Asio program: detach, then run the loop to completion.
void wait_for_work(asio::io_context &ctx) {
  std::string name = "n";
  dr::detach(by_cref(name));
  dr::sync_wait(by_cref(global_name));
}
void waits_before_detaching() {
  std::string name = "n";
  dr::sync_wait(by_cref(global_name));
  dr::detach(by_cref(name));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'by_cref' is detached by 'dr::detach', but it refers to local 'name'
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'name' is destroyed here, at the end of its block
}
void waits_after_the_block() {
  {
    std::string inner = "i";
    dr::detach(by_cref(inner));
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: task of coroutine 'by_cref' is detached by 'dr::detach', but it refers to local 'inner'
    // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
    // CHECK-NOTES: :[[@LINE+1]]:3: note: 'inner' is destroyed here, at the end of its block
  }
  dr::sync_wait(by_cref(global_name));
}

// The caller waits for what the completion callback signals.
#include <atomic>
void started_then_spin() {
  std::string name = "n";
  std::atomic<int> pending{1};
  dr::start(by_cref(name), [&] { pending--; });
  while (pending.load())
    ;
}
void started_then_latch() {
  std::string name = "n";
  dr::latch done;
  dr::start(by_cref(name), [&done] { done.count_down(); });
  done.wait();
}
void started_no_wait() {
  std::string name = "n";
  std::atomic<int> pending{1};
  dr::start(by_cref(name), [&] { pending--; });
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: task of coroutine 'by_cref' is detached by 'dr::start', but it refers to local 'name'
  // CHECK-NOTES: :11:15: note: the coroutine uses reference parameter 's' here
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'name' is destroyed here, at the end of its block
}
// The task itself signals what the caller waits on.
void lambda_signals_spin() {
  std::string name = "n";
  std::atomic<int> running{1};
  dr::detach([&]() -> task {
    co_await dr::yield();
    dr::consume(name);
    running--;
  }());
  while (running)
    ;
}
// A promise moved into the callback, its future waited on.
#include <future>
void started_then_future() {
  std::string name = "n";
  std::promise<void> p;
  std::future<void> f = p.get_future();
  dr::start(by_cref(name), [p = std::move(p)]() mutable { p.set_value(); });
  f.wait();
}
// A function object (a sender algorithm) is a function the task is handed
// to, not an object that keeps it; here its result is waited for at once.
void function_object_then_wait() {
  std::string name = "n";
  dr::sync_wait(dr::gather(by_cref(name), by_cref(std::string("t"))));
}
