#include <coroguard/coroguard.hpp>
#include <chrono>
#include <thread>
coroguard::task<int> handler() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return 1;
}
