// RUN: %check_coroguard %s coroguard-unthrottled-parallel-loop %t -- \
// RUN:   -config="{CheckOptions: {coroguard.ScopedSpawnFunctions: 'experimental::execution::async_scope::spawn'}}" -- -isystem %inputs
//
// stdexec renamed `exec::` to `experimental::execution::` and kept `exec` as
// a namespace alias. Once the scope's spawn is known by its real name (here
// through ScopedSpawnFunctions), a spawn of a sender per element of a
// run-time range is reported like any other start.

#include <vector>
namespace experimental::execution {
struct async_scope {
  template <class Sender> void spawn(Sender &&);
};
} // namespace experimental::execution
namespace exec = experimental::execution;

struct sender {};
sender make_work(int);

void fan_out(exec::async_scope &scope, const std::vector<int> &ids) {
  for (int id : ids)
    scope.spawn(make_work(id));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'experimental::execution::async_scope::spawn' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
}

void fan_out_four(exec::async_scope &scope) {
  for (int id = 0; id < 4; ++id)
    scope.spawn(make_work(id));
}
