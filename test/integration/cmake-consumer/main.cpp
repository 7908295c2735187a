#include <coroguard/sync_wait.hpp>
#include <coroguard/task.hpp>

coroguard::task<int> compute() { co_return 20; }

coroguard::task<int> handler() {
  int v = coroguard::sync_wait(compute()); // coroguard-blocking-wait
  co_return v + 22;
}

int main() { return coroguard::sync_wait(handler()) == 42 ? 0 : 1; }
