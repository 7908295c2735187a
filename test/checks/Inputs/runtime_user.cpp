// A user file of the coroguard runtime, for runtime-headers.test: it
// instantiates the runtime's templates (parallel_for_each, when_all_bounded).
#include <coroguard/coroguard.hpp>
#include <vector>

coroguard::task<int> f();
coroguard::task<void> each(const std::vector<int> &ids) {
  co_await coroguard::parallel_for_each(
      ids, [](int) -> coroguard::task<void> { co_return; }, 4);
  std::vector<coroguard::task<int>> tasks;
  for (int id : ids)
    tasks.push_back(f());
  co_await coroguard::when_all_bounded(std::move(tasks), 4);
}
void g() { f(); }
