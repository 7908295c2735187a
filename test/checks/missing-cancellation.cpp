// RUN: %check_coroguard %s coroguard-missing-cancellation %t -- -- -isystem %inputs

#include <missing-cancellation/task.h>
#include <chrono>
#include <stop_token>

using namespace std::chrono_literals;

// A user's async API: each operation also comes in a form that takes a token.
namespace net {
Task<void> sleep_for(std::chrono::milliseconds d);
Task<void> sleep_for(std::chrono::milliseconds d, std::stop_token st);
Task<int> read(int fd);
Task<int> read(std::stop_token st, int fd);
Task<int> write(int fd, const char *data);
Task<int> write(int fd, std::stop_token st, const char *data);
Task<void> connect(const char *host, std::stop_token st = {});
Task<void> resolve(const char *host, int port = 80, std::stop_token st = {});
Task<void> ping(); // no cancellable form
int parse(const char *text);
int parse(const char *text, std::stop_token st); // not async
struct options {
  std::stop_token token;
};
Task<void> fetch(const char *url);
Task<void> fetch(const char *url, std::stop_token st);
Task<void> fetch_with(const char *url, options o);
class semaphore {
public:
  Task<void> acquire();
  Task<void> acquire(std::stop_token st);
};
} // namespace net

// ---- Positive: an overload with one more token parameter ------------------

Task<void> trailing(std::stop_token st) {
  co_await net::sleep_for(10ms);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::sleep_for' is called without the cancellation token 'st' that coroutine 'trailing' holds; the overload 'sleep_for(std::chrono::milliseconds, std::stop_token)' takes it as its last argument, and without it the operation keeps running after cancellation is requested [coroguard-missing-cancellation]
  // CHECK-NOTES: :[[@LINE-2]]:31: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:37: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::sleep_for(10ms, st);
}

Task<int> first_and_middle(int fd, std::stop_token st) {
  int n = co_await net::read(fd);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'net::read' is called without the cancellation token 'st' that coroutine 'first_and_middle' holds; the overload 'read(std::stop_token, int)' takes it as its first argument, and without it
  // CHECK-NOTES: :[[@LINE-3]]:52: note: cancellation token 'st' declared here
  // No fix-it: the token does not go last.
  // CHECK-FIXES: int n = co_await net::read(fd);
  n += co_await net::write(fd, "x");
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'net::write' is called without the cancellation token 'st' that coroutine 'first_and_middle' holds; the overload 'write(int, std::stop_token, const char *)' takes it as argument 2, and without it
  // CHECK-NOTES: :[[@LINE-8]]:52: note: cancellation token 'st' declared here
  // CHECK-FIXES: n += co_await net::write(fd, "x");
  co_return n;
}

// ---- Positive: a defaulted token parameter left to its default ------------

Task<void> defaulted(std::stop_token st) {
  co_await net::connect("example.org");
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::connect' is called without the cancellation token 'st' that coroutine 'defaulted' holds; its parameter 'st' takes it and is left to its default, and without it
  // CHECK-NOTES: :[[@LINE-2]]:38: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:38: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::connect("example.org", st);
  co_await net::resolve("example.org");
  // A defaulted parameter before the token: appending would fill `port`.
  // CHECK-NOTES: :[[@LINE-2]]:12: warning: 'net::resolve' is called without the cancellation token 'st' that coroutine 'defaulted' holds; its parameter 'st' takes it
  // CHECK-NOTES: :[[@LINE-9]]:38: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::resolve("example.org");
  co_await net::resolve("example.org", 443);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::resolve' is called without
  // CHECK-NOTES: :[[@LINE-2]]:43: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-14]]:38: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::resolve("example.org", 443, st);
}

// ---- Positive: an empty token while one is held ----------------------------

Task<void> empty_tokens(std::stop_token st) {
  co_await net::sleep_for(1ms, {});
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: empty cancellation token passed to 'net::sleep_for' while coroutine 'empty_tokens' holds the cancellation token 'st'; the operation cannot be cancelled [coroguard-missing-cancellation]
  // CHECK-NOTES: :[[@LINE-2]]:32: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:41: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::sleep_for(1ms, st);
  co_await net::connect("a", std::stop_token());
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: empty cancellation token passed to 'net::connect'
  // CHECK-NOTES: :[[@LINE-2]]:30: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-9]]:41: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::connect("a", st);
  co_await net::connect("a", std::stop_token{});
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: empty cancellation token passed to 'net::connect'
  // CHECK-NOTES: :[[@LINE-2]]:30: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-14]]:41: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::connect("a", st);
}

// ---- Positive: a task made now and awaited later, or returned --------------

Task<void> later(std::stop_token st) {
  auto t = net::sleep_for(5ms);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::sleep_for' is called without the cancellation token 'st' that coroutine 'later' holds
  // CHECK-NOTES: :[[@LINE-2]]:30: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:34: note: cancellation token 'st' declared here
  // CHECK-FIXES: auto t = net::sleep_for(5ms, st);
  co_await std::move(t);
  co_return co_await net::fetch("u");
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'net::fetch' is called without the cancellation token 'st'
  // CHECK-NOTES: :[[@LINE-2]]:36: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-10]]:34: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_return co_await net::fetch("u", st);
}

// ---- Positive: members of `this` --------------------------------------------

class Server {
  std::stop_token stop_;
  net::semaphore sem_;

public:
  Task<void> serve() {
    co_await sem_.acquire();
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'net::semaphore::acquire' is called without the cancellation token 'stop_' that coroutine 'serve' holds; the overload 'acquire(std::stop_token)' takes it as its last argument
    // CHECK-NOTES: :[[@LINE-2]]:27: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :[[@LINE-8]]:19: note: cancellation token 'stop_' is a member declared here
    // CHECK-FIXES: co_await sem_.acquire(stop_);
  }
  // A static member has no `this`: no token.
  static Task<void> tick() { co_await net::sleep_for(1ms); }
  // A lambda that captures `this` holds the members too.
  Task<void> spawn_loop() {
    auto body = [this]() -> Task<void> {
      co_await net::sleep_for(2ms);
      // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'net::sleep_for' is called without the cancellation token 'stop_' that coroutine lambda holds
      // CHECK-NOTES: :[[@LINE-2]]:34: note: FIX-IT applied suggested code changes
      // CHECK-NOTES: :[[@LINE-19]]:19: note: cancellation token 'stop_' is a member declared here
      // CHECK-FIXES: co_await net::sleep_for(2ms, stop_);
    };
    co_await body();
  }
};

// ---- Positive: lambdas and their captures ----------------------------------

Task<void> captures(std::stop_token st) {
  auto by_copy = [st]() -> Task<void> {
    co_await net::sleep_for(3ms);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'net::sleep_for' is called without the cancellation token 'st' that coroutine lambda holds
    // CHECK-NOTES: :[[@LINE-2]]:32: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :[[@LINE-5]]:37: note: cancellation token 'st' captured from here
    // CHECK-FIXES: co_await net::sleep_for(3ms, st);
  };
  co_await by_copy();
  auto renamed = [tok = st]() -> Task<void> {
    co_await net::fetch("v");
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'net::fetch' is called without the cancellation token 'tok' that coroutine lambda holds
    // CHECK-NOTES: :[[@LINE-2]]:28: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :[[@LINE-4]]:19: note: cancellation token 'tok' captured from here
    // CHECK-FIXES: co_await net::fetch("v", tok);
  };
  co_await renamed();
  // A lambda coroutine given the token as a parameter.
  auto param = [](int fd, std::stop_token inner) -> Task<void> {
    co_await net::write(fd, inner, "p"); // passes it: fine
    co_await net::fetch("w");
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'net::fetch' is called without the cancellation token 'inner' that coroutine lambda holds
    // CHECK-NOTES: :[[@LINE-2]]:28: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :[[@LINE-5]]:43: note: cancellation token 'inner' declared here
    // CHECK-FIXES: co_await net::fetch("w", inner);
  };
  co_await param(1, st);
}

// ---- Positive: a local made from the token held ----------------------------

struct Request {
  std::stop_token token;
};
Task<void> local_token(Request req) {
  co_await net::fetch("before"); // no token yet: req is not one
  std::stop_token tok = req.token;
  co_await net::fetch("x");
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::fetch' is called without the cancellation token 'tok' that coroutine 'local_token' holds
  // CHECK-NOTES: :[[@LINE-2]]:26: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:19: note: cancellation token 'tok' declared here
  // CHECK-FIXES: co_await net::fetch("x", tok);
  co_return;
}
// A token of the coroutine's own stop source is for the work it starts.
Task<void> own_source() {
  std::stop_source src;
  std::stop_token tok = src.get_token();
  co_await net::fetch("child", tok);
  co_await net::sleep_for(1ms);
}
Task<void> local_copy(std::stop_token outer) {
  {
    std::stop_token copy = outer;
    co_await net::fetch("y", copy); // passes a token: fine
  }
  co_await net::fetch("z");
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::fetch' is called without the cancellation token 'outer'
  // CHECK-NOTES: :[[@LINE-2]]:26: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-8]]:39: note: cancellation token 'outer' declared here
  // CHECK-FIXES: co_await net::fetch("z", outer);
}

// ---- Templates: read in their instantiations -------------------------------

template <class Clock> Task<void> templated(std::stop_token st) {
  co_await net::sleep_for(std::chrono::milliseconds(1));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::sleep_for' is called without the cancellation token 'st' that coroutine 'templated' holds
  // CHECK-NOTES: :[[@LINE-2]]:55: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:61: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await net::sleep_for(std::chrono::milliseconds(1), st);
}
template Task<void> templated<std::chrono::steady_clock>(std::stop_token);

template <class Token> Task<void> generic_token(Token tok) {
  co_await net::fetch("g");
}
template Task<void> generic_token<int>(int); // not a token: nothing held

// ---- Macros: reported, no fix-it -------------------------------------------

#define NAP(d) net::sleep_for(d)
Task<void> macros(std::stop_token st) {
  co_await NAP(4ms);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'net::sleep_for' is called without the cancellation token 'st' that coroutine 'macros' holds
  // CHECK-NOTES: :[[@LINE-4]]:16: note: expanded from macro 'NAP'
  // CHECK-NOTES: :[[@LINE-4]]:35: note: cancellation token 'st' declared here
  // CHECK-FIXES: co_await NAP(4ms);
}

// ---- Negative: the correct pattern, and what is not reported ---------------

Task<void> passes(std::stop_token st, net::semaphore &sem) {
  co_await net::sleep_for(10ms, st);
  co_await net::read(st, 3);
  co_await net::connect("h", st);
  co_await sem.acquire(st);
  // The token handed on inside another argument.
  co_await net::fetch_with("u", net::options{st});
  // No cancellable form.
  co_await net::ping();
  // Not an async operation: the ordinary call is not this check's concern.
  (void)net::parse("1");
}

// No token held: nothing to pass on.
Task<void> no_token() {
  co_await net::sleep_for(10ms);
  co_await net::connect("h", {});
}

// An ordinary function is not a coroutine context.
void not_a_coroutine(std::stop_token st) { (void)net::sleep_for(1ms); }

// A lambda defined but not run in the coroutine is a coroutine of its own:
// it holds no token unless it captures one.
Task<void> outer(std::stop_token st) {
  auto l = []() -> Task<void> { co_await net::sleep_for(1ms); };
  co_await l();
  co_await net::sleep_for(1ms, st);
}

// The reason written down.
Task<void> drains(std::stop_token st) {
  // Flushing must finish even after cancellation.
  co_await net::fetch("flush"); // NOLINT(coroguard-missing-cancellation)
}
