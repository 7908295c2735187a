#pragma once
#include <coroguard/coroguard.hpp>
inline coroguard::task<int> get() { co_return 1; }
inline coroguard::task<int> inl_handler() {
  int v = coroguard::sync_wait(get());
  co_return v;
}
