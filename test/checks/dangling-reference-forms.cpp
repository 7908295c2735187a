// Templates, macros, options and half-typed code.
// RUN: %check_coroguard %s coroguard-dangling-reference %t -- -- -isystem %inputs/dangling-reference -I %runtime_include
// RUN: %check_coroguard --check-suffix=OPT %s coroguard-dangling-reference %t -- \
// RUN:   -config="{CheckOptions: {coroguard-dangling-reference.AllowedTypes: 'my::registry', \
// RUN:     coroguard.LongLivedTypes: 'my::cache', \
// RUN:     coroguard-dangling-reference.ViewTypes: 'std::basic_string_view;my::text'}}" \
// RUN:   -- -isystem %inputs/dangling-reference -I %runtime_include

#include <dangling_pools.h>

using dr::task;

// ---- Templates ----------------------------------------------------------

template <class T> task show(const T &value) {
  co_await dr::yield();
  dr::consume(value);
}
template <class S> task forward_to(S &&s) {
  co_await dr::yield();
  dr::consume(s);
}

std::string global_name;

void template_callees() {
  dr::detach(show(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'show' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:14: warning: task of coroutine 'show' is detached
  dr::detach(forward_to(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'forward_to' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:14: warning: task of coroutine 'forward_to' is detached
  dr::detach(forward_to(global_name));
  dr::detach(show(7));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'show' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:14: warning: task of coroutine 'show' is detached
}

// A template caller: judged in each instantiation, reported once.
template <class T> void spawn_default() {
  dr::detach(show(T{}));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'show' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:14: warning: task of coroutine 'show' is detached
}
template void spawn_default<std::string>();
template void spawn_default<int>();

// ---- Macros -------------------------------------------------------------

#define DETACH(work) dr::detach(work)
#define MAKE_TASK(text) show(std::string(text))

void macros() {
  DETACH(show(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: task of coroutine 'show' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:10: warning: task of coroutine 'show' is detached
  dr::detach(MAKE_TASK("y"));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'show' is detached by 'dr::detach', but it refers to a temporary
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:14: warning: task of coroutine 'show' is detached
}

// ---- Options ------------------------------------------------------------

namespace my {
struct registry {
  void add(int);
};
struct cache {
  void put(int);
};
struct text {
  text(const std::string &);
  const char *data() const;
};
} // namespace my

task with_registry(my::registry &r) {
  co_await dr::yield();
  r.add(1);
}
task with_cache(my::cache &c) {
  co_await dr::yield();
  c.put(1);
}
task with_text(my::text t) {
  co_await dr::yield();
  (void)t.data();
}

void services() {
  my::registry r;
  my::cache c;
  dr::detach(with_registry(r));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'with_registry' is detached by 'dr::detach', but it refers to local 'r'
  dr::detach(with_cache(c));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task of coroutine 'with_cache' is detached by 'dr::detach', but it refers to local 'c'
  // A view type of the user's (option ViewTypes).
  dr::detach(with_text(std::string("t")));
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:14: warning: task of coroutine 'with_text' is detached by 'dr::detach', but it refers to a temporary
}
