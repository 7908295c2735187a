// Library names as the libraries declare them today: through namespace
// aliases (stdexec's `exec` is an alias of experimental::execution since
// 2026), inline namespaces and the '_'-prefixed namespaces libraries hide
// implementations in (unifex::v1::_async_scope::async_scope, stdexec's
// __scope). The declarations below follow the current public headers.
// RUN: %check_coroguard --check-suffix=DETACH %s coroguard-detached-coroutine %t -- -- -DDETACH
// RUN: %check_coroguard --check-suffix=LOOP %s coroguard-unthrottled-parallel-loop %t -- -- -DLOOP
// RUN: %check_coroguard --check-suffix=WAIT %s coroguard-blocking-wait %t -- -- -DWAIT

#include <coroutine>
#include <vector>

// shared/cases/unseen-code/stdexec_exec_namespace_renamed.cpp
namespace experimental::execution {
struct start_detached_t {
  template <class Sender> void operator()(Sender &&) const;
};
inline constexpr start_detached_t start_detached{};
namespace __scope {
struct async_scope {
  template <class Sender> void spawn(Sender &&);
};
} // namespace __scope
using __scope::async_scope;
} // namespace experimental::execution
namespace exec = experimental::execution;

namespace unifex {
inline namespace v1 {
namespace _async_scope {
struct async_scope {
  template <class Sender> void spawn(Sender &&);
  template <class Sender> void detached_spawn(Sender &&);
};
} // namespace _async_scope
using v1::_async_scope::async_scope;
} // namespace v1
} // namespace unifex

namespace concurrencpp {
template <class T> class shared_result {
public:
  T &get();
  void wait();
};
template <class T> class result {
public:
  struct promise_type {
    result get_return_object();
    std::suspend_never initial_suspend() noexcept;
    std::suspend_never final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
};
} // namespace concurrencpp

struct sender {};
sender make_work(int);

#ifdef DETACH
void fire(int i, unifex::async_scope &scope) {
  exec::start_detached(make_work(i));
  // CHECK-MESSAGES-DETACH: :[[@LINE-1]]:3: warning: 'experimental::execution::start_detached' detaches its work with no owner
  experimental::execution::start_detached(make_work(i));
  // CHECK-MESSAGES-DETACH: :[[@LINE-1]]:3: warning: 'experimental::execution::start_detached' detaches its work with no owner
  // Matched through unifex::v1::_async_scope, and scoped: the scope joins it.
  scope.detached_spawn(make_work(i));
  scope.spawn(make_work(i));
}
#endif

#ifdef LOOP
void fan_out(exec::async_scope &scope, const std::vector<int> &ids) {
  for (int id : ids)
    scope.spawn(make_work(id));
  // CHECK-MESSAGES-LOOP: :[[@LINE-1]]:11: warning: 'experimental::execution::async_scope::spawn' starts concurrent work in every iteration
}
void fan_out(unifex::async_scope &scope, const std::vector<int> &ids) {
  for (int id : ids)
    scope.spawn(make_work(id));
  // CHECK-MESSAGES-LOOP: :[[@LINE-1]]:11: warning: 'unifex::async_scope::spawn' starts concurrent work in every iteration
}
void fan_out_detached(unifex::async_scope &scope, const std::vector<int> &ids) {
  for (int id : ids)
    scope.detached_spawn(make_work(id));
  // CHECK-MESSAGES-LOOP: :[[@LINE-1]]:11: warning: 'unifex::async_scope::detached_spawn' starts concurrent work in every iteration
}
#endif

#ifdef WAIT
concurrencpp::result<int> waits(concurrencpp::shared_result<int> shared) {
  shared.wait();
  // CHECK-MESSAGES-WAIT: :[[@LINE-1]]:10: warning: 'concurrencpp::shared_result::wait' waits synchronously
  co_return shared.get();
  // CHECK-MESSAGES-WAIT: :[[@LINE-1]]:20: warning: 'concurrencpp::shared_result::get' waits synchronously
}
#endif
