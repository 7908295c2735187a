// A coroutine that blocks: what libCoroGuard.so, loaded into the clang-tidy
// of its own LLVM, must still report (test/checks/CMakeLists.txt).
#include <chrono>
#include <coroutine>
#include <thread>
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
Task f() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
