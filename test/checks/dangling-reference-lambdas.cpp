// RUN: %check_coroguard %s coroguard-dangling-reference %t -- -- -std=c++23 -isystem %inputs/dangling-reference -I %runtime_include

#include <dangling_pools.h>

using dr::task;

// ---- Coroutine lambdas: captures live in the lambda object --------------

void temporary_lambda(dr::scope &sc) {
  std::string name = "n";
  dr::detach([name]() -> task {
    co_await dr::yield();
    dr::consume(name);
  }());
  // CHECK-NOTES: :[[@LINE-4]]:14: warning: task of coroutine lambda is detached by 'dr::detach', but it refers to a temporary lambda object, which can be destroyed before the task ends [coroguard-dangling-reference]
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the coroutine lambda uses 'name' here; the capture lives in the lambda object, not in the coroutine frame
  // CHECK-NOTES: :[[@LINE-6]]:14: note: the lambda object is destroyed at the end of the full-expression
  sc.spawn([n = 42]() -> task {
    co_await dr::yield();
    dr::consume(n);
  }());
  // CHECK-NOTES: :[[@LINE-4]]:12: warning: task of coroutine lambda is spawned by 'dr::scope::spawn', but it refers to a temporary lambda object
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the coroutine lambda uses 'n' here
  // CHECK-NOTES: :[[@LINE-6]]:12: note: the lambda object is destroyed at the end of the full-expression
}

// A shared_ptr capture does not help: the shared_ptr itself is a member of
// the lambda object, gone when the full-expression ends.
void shared_capture() {
  auto p = std::make_shared<std::string>("x");
  dr::detach([p]() -> task {
    co_await dr::yield();
    dr::consume(*p);
  }());
  // CHECK-NOTES: :[[@LINE-4]]:14: warning: task of coroutine lambda is detached by 'dr::detach', but it refers to a temporary lambda object
  // CHECK-NOTES: :[[@LINE-3]]:18: note: the coroutine lambda uses 'p' here
  // CHECK-NOTES: :[[@LINE-6]]:14: note: the lambda object is destroyed
}

// Negatives: awaited at once, no capture, or a capture never used.
task lambda_awaited() {
  std::string name = "n";
  co_await [name]() -> task {
    co_await dr::yield();
    dr::consume(name);
  }();
  dr::detach([]() -> task { co_await dr::yield(); }());
  dr::detach([name]() -> task { co_await dr::yield(); }());
}

// A lambda object kept alive for longer than the task.
task lambda_kept_alive() {
  std::string name = "n";
  auto fn = [name]() -> task {
    co_await dr::yield();
    dr::consume(name);
  };
  auto t = fn();
  co_await t;
  dr::scope sc;
  sc.spawn(fn());
  co_await sc.join();
}

// A local lambda object that dies with the function that detaches its task.
void lambda_local_detached() {
  auto fn = [name = std::string("n")]() -> task {
    co_await dr::yield();
    dr::consume(name);
  };
  dr::detach(fn());
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine lambda is detached by 'dr::detach', but it refers to local 'fn'
  // CHECK-NOTES: :[[@LINE-4]]:17: note: the coroutine lambda uses 'name' here
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'fn' is destroyed here, at the end of its block
}

// By-reference captures: the captured variable is the referent.
void lambda_ref_capture() {
  std::string name = "n";
  dr::detach([&name]() -> task {
    co_await dr::yield();
    dr::consume(name);
  }());
  // CHECK-NOTES: :[[@LINE-4]]:14: warning: task of coroutine lambda is detached by 'dr::detach', but it refers to local 'name'
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the coroutine lambda uses 'name' here, captured by reference
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 'name' is destroyed here, at the end of its block
}
task lambda_ref_capture_scoped() {
  std::string name = "n";
  dr::scope sc;
  // The scope is joined before 'name' goes.
  sc.spawn([&name](this auto) -> task {
    co_await dr::yield();
    dr::consume(name);
  }());
  co_await sc.join();
}

// ---- C++23 explicit object parameter: `this auto self` copies the lambda
// object, captures included, into the coroutine frame.
void explicit_object() {
  std::string name = "n";
  dr::detach([name](this auto self) -> task {
    co_await dr::yield();
    dr::consume(name);
  }());
  // By reference, it copies nothing.
  dr::detach([name](this auto &&self) -> task {
    co_await dr::yield();
    dr::consume(name);
  }());
  // CHECK-NOTES: :[[@LINE-4]]:14: warning: task of coroutine lambda is detached by 'dr::detach', but it refers to a temporary lambda object
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the coroutine lambda uses 'name' here
  // CHECK-NOTES: :[[@LINE-6]]:14: note: the lambda object is destroyed
}

// ---- `this` captures ---------------------------------------------------

class session : public std::enable_shared_from_this<session> {
public:
  void start() {
    // The pointer `this` is a member of the temporary lambda object.
    dr::detach([this]() -> task {
      co_await dr::yield();
      dr::consume(id_);
    }());
    // CHECK-NOTES: :[[@LINE-4]]:16: warning: task of coroutine lambda is detached by 'dr::detach', but it refers to a temporary lambda object
    // CHECK-NOTES: :[[@LINE-3]]:19: note: the coroutine lambda uses 'this' here
    // CHECK-NOTES: :[[@LINE-6]]:16: note: the lambda object is destroyed
    // ... with shared_from_this too: `self` is in the same lambda object.
    dr::detach([this, self = shared_from_this()]() -> task {
      co_await dr::yield();
      dr::consume(id_);
    }());
    // CHECK-NOTES: :[[@LINE-4]]:16: warning: task of coroutine lambda is detached by 'dr::detach', but it refers to a temporary lambda object
    // CHECK-NOTES: :[[@LINE-3]]:19: note: the coroutine lambda uses 'this' here
    // CHECK-NOTES: :[[@LINE-6]]:16: note: the lambda object is destroyed
    // Copied into the frame: `this` then lives as long as the object, and
    // `self` keeps the object alive.
    dr::detach([this, self = shared_from_this()](this auto) -> task {
      co_await dr::yield();
      dr::consume(id_);
    }());
    // Copied, without `self`: how long the session lives is its owner's
    // business, not known here; not reported.
    dr::detach([this](this auto) -> task {
      co_await dr::yield();
      dr::consume(id_);
    }());
    // `this` used only before the first suspension of an eager lambda.
    dr::detach([this]() -> dr::eager {
      dr::consume(id_);
      co_await dr::yield();
    }());
  }

  // ---- Member coroutines: the object they are called on is a reference.
  task run() {
    co_await dr::yield();
    dr::consume(id_);
  }
  static task tick() { co_await dr::yield(); }

private:
  int id_ = 0;
};

void member_coroutines(dr::scope &sc) {
  dr::detach(session().run());
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: task of coroutine 'run' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-NOTES: :160:17: note: the coroutine uses the object it is called on here
  // CHECK-NOTES: :[[@LINE-3]]:14: note: the temporary is destroyed
  session s;
  sc.spawn(s.run());
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: task of coroutine 'run' is spawned by 'dr::scope::spawn', but it refers to local 's'
  // CHECK-NOTES: :160:17: note: the coroutine uses the object it is called on here
  // CHECK-NOTES: :[[@LINE+5]]:1: note: 's' is destroyed here, at the end of its block
  auto owned = std::make_shared<session>();
  dr::detach(owned->run()); // through a pointer: the owner decides
  dr::detach(session::tick());
  dr::detach(session().tick());
}

task member_awaited() {
  co_await session().run();
  session s;
  auto t = s.run();
  co_await t;
}
