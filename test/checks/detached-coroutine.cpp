// RUN: %check_coroguard %s coroguard-detached-coroutine %t -- -- -isystem %inputs -I %runtime_include
// RUN: %check_coroguard --check-suffix=OPT %s coroguard-detached-coroutine %t -- \
// RUN:   -config="{CheckOptions: {coroguard.AllowDetachFunctions: 'on_.*', coroguard.DetachFunctions: 'my::fire', coroguard.DetachedTypes: 'my::oneway'}}" \
// RUN:   -- -isystem %inputs -I %runtime_include

#include <cobalt.h>
#include <concurrencpp.h>
#include <cppcoro.h>
#include <folly.h>
#include <libcoro.h>
#include <stdexec.h>
#include <coroguard/annotations.hpp>
#include <exception>
#include <stdexcept>
#include <thread>

cppcoro::task<> work();
coro::task<> produce();

// ---- 1. Coroutines returning a detached type -----------------------------

// By structure: eager start, and nothing in the return object to observe
// (microsoft/terminal PR #17783).
struct fire_and_forget {
  struct promise_type : coro_stub::promise_base<void> {
    fire_and_forget get_return_object();
    std::suspend_never initial_suspend() noexcept;
  };
};

fire_and_forget refresh() {
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'refresh' returns the detached type 'fire_and_forget': nobody can await it, so its end and any exception it throws go unobserved [coroguard-detached-coroutine]
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:17: warning: coroutine 'refresh' returns the detached type 'fire_and_forget'
  co_await work();
}

// By profile.
concurrencpp::null_result log_later() {
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: coroutine 'log_later' returns the detached type 'concurrencpp::null_result'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:27: warning: coroutine 'log_later'
  co_return;
}
boost::cobalt::detached ping() {
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: coroutine 'ping' returns the detached type 'boost::cobalt::detached'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:25: warning: coroutine 'ping'
  co_return;
}

// By annotation: the type could be awaited in principle, but says it is not.
struct COROGUARD_DETACHED oneshot {
  struct promise_type : coro_stub::promise_base<void> {
    oneshot get_return_object();
  };
  std::coroutine_handle<promise_type> h;
};
oneshot annotated() {
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: coroutine 'annotated' returns the detached type 'oneshot'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:9: warning: coroutine 'annotated'
  co_return;
}

// A coroutine lambda.
auto make_handler() {
  return []() -> fire_and_forget { co_await work(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine lambda returns the detached type 'fire_and_forget'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:10: warning: coroutine lambda returns the detached type
}

// By option (DetachedTypes): a type with an observable handle, declared
// detached by the user.
namespace my {
struct oneway {
  struct promise_type : coro_stub::promise_base<void> {
    oneway get_return_object();
  };
  std::coroutine_handle<promise_type> h;
};
} // namespace my
my::oneway by_option() {
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:12: warning: coroutine 'by_option' returns the detached type 'my::oneway'
  co_return;
}

// ---- Exempt definitions --------------------------------------------------

// An event-handler entry point.
COROGUARD_ALLOW_DETACH fire_and_forget on_click() { co_await work(); }
// Exempt by option AllowDetachFunctions (regex).
fire_and_forget on_key() {
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'on_key' returns the detached type
  co_await work();
}
// Handles its own exceptions: nothing is lost.
fire_and_forget guarded() {
  try {
    co_await work();
  } catch (const std::exception &e) {
  }
}
fire_and_forget guarded_all() try {
  co_await work();
} catch (...) {
}
// A handler that throws again does not handle anything.
fire_and_forget rethrows() {
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'rethrows' returns the detached type
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:17: warning: coroutine 'rethrows'
  try {
    co_await work();
  } catch (...) {
    throw;
  }
}
// Catching only one kind is not enough.
fire_and_forget partly() {
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'partly' returns the detached type
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:17: warning: coroutine 'partly'
  try {
    co_await work();
  } catch (const std::runtime_error &) {
  }
}
// Declarations and tasks are not definitions of detached coroutines.
fire_and_forget declared_only();
cppcoro::task<> a_task() { co_return; }

// ---- 2. Calls that detach unscoped work ----------------------------------

cppcoro::task<> careful() {
  try {
    co_await work();
  } catch (...) {
  }
}
cppcoro::task<> careless() { co_await work(); }
coro::task<> careless_coro() { co_await produce(); }
folly::coro::Task<> folly_work();

void spawners(coro::thread_pool &pool, folly::Executor *ex,
              concurrencpp::thread_pool_executor &executor,
              exec::async_scope &scope, unifex::async_scope &uscope, int &ctx,
              boost::cobalt::promise<void> p, std::thread &t) {
  pool.spawn_detached(careless_coro());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'coro::thread_pool::spawn_detached' detaches coroutine 'careless_coro' with no owner: nobody observes its end, and an exception escaping it is lost [coroguard-detached-coroutine]
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:8: warning: 'coro::thread_pool::spawn_detached' detaches coroutine 'careless_coro'
  pool.spawn_detached(produce());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'coro::thread_pool::spawn_detached' detaches its work with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:8: warning: 'coro::thread_pool::spawn_detached' detaches its work
  folly::coro::co_withExecutor(ex, folly_work()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: 'folly::coro::TaskWithExecutor::start' detaches its work with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:50: warning: 'folly::coro::TaskWithExecutor::start' detaches
  exec::start_detached(stdexec::just());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'exec::start_detached' detaches its work with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: 'exec::start_detached' detaches
  // unifex's "detached" spawns nest the work in a scope that joins it, and
  // an error terminates: scoped, not reported.
  unifex::spawn_detached(stdexec::just(), uscope);
  uscope.detached_spawn(stdexec::just());
  executor.post([] { throw std::runtime_error("lost"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'concurrencpp::thread_pool_executor::post' detaches a lambda with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:12: warning: 'concurrencpp::thread_pool_executor::post' detaches a lambda
  boost::cobalt::spawn(ctx, boost::cobalt::task<>(), boost::asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::cobalt::spawn' with 'boost::asio::detached' detaches its work with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: 'boost::cobalt::spawn' with 'boost::asio::detached'
  p.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'boost::cobalt::promise::detach' detaches its work with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: 'boost::cobalt::promise::detach' detaches
  +std::move(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::cobalt::promise::operator+' detaches its work with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: 'boost::cobalt::promise::operator+' detaches

  // ---- Negative ----
  pool.spawn_detached([]() -> coro::task<> {
    try {
      co_await produce();
    } catch (...) {
    }
  }());                                  // Handles its own exceptions.
  executor.post([] {
    try {
      throw std::runtime_error("kept");
    } catch (const std::exception &) {
    }
  });
  scope.spawn(stdexec::just());          // Scoped.
  auto joined = pool.spawn_joinable(produce()); // Joinable.
  (void)joined;
  t.detach();        // A thread, not a coroutine: an exception terminates.
  pool.spawn_detached(produce()); // NOLINT(coroguard-detached-coroutine)
}

// Entry points may detach (annotation, or option AllowDetachFunctions).
COROGUARD_ALLOW_DETACH void on_button(coro::thread_pool &pool) {
  pool.spawn_detached(careless_coro());
  auto nested = [&pool] { pool.spawn_detached(careless_coro()); };
  nested();
}
void on_timer(coro::thread_pool &pool) {
  pool.spawn_detached(careless_coro());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'coro::thread_pool::spawn_detached' detaches coroutine 'careless_coro'
}

// Spawning a coroutine that is itself an allowed entry point.
COROGUARD_ALLOW_DETACH coro::task<> entry_point();
void starts_entry(coro::thread_pool &pool) {
  pool.spawn_detached(entry_point());
}

// An annotated detaching function, and one named by option DetachFunctions.
COROGUARD_DETACHES void launch(cppcoro::task<> t);
namespace my {
void fire(cppcoro::task<> t);
}
void custom() {
  launch(careless());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'launch' detaches coroutine 'careless' with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: 'launch' detaches coroutine 'careless'
  launch(careful());
  my::fire(careless());
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:3: warning: 'my::fire' detaches coroutine 'careless'
}

// ---- Templates and macros ------------------------------------------------

template <class T> void spawn_all(coro::thread_pool &pool, T make) {
  pool.spawn_detached(make());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'coro::thread_pool::spawn_detached' detaches its work with no owner
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:8: warning: 'coro::thread_pool::spawn_detached' detaches its work
}
void use_template(coro::thread_pool &pool) {
  spawn_all(pool, careless_coro);
  spawn_all(pool, careless_coro); // Same instantiation: one report.
}

template <class T> fire_and_forget generic_detached(T) { co_return; }
// CHECK-MESSAGES: :[[@LINE-1]]:36: warning: coroutine 'generic_detached' returns the detached type 'fire_and_forget'
// CHECK-MESSAGES-OPT: :[[@LINE-2]]:36: warning: coroutine 'generic_detached'
template fire_and_forget generic_detached<int>(int);

#define SPAWN(pool, work) (pool).spawn_detached(work)
void through_macro(coro::thread_pool &pool) {
  SPAWN(pool, careless_coro());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'coro::thread_pool::spawn_detached' detaches coroutine 'careless_coro'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: 'coro::thread_pool::spawn_detached' detaches coroutine 'careless_coro'
}
