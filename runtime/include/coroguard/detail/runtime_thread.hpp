// coroguard/detail/runtime_thread.hpp - which threads belong to the runtime.
//
// Worker threads of a thread_pool and the thread of an event_loop mark
// themselves here, so that blocking entry points such as sync_wait can refuse
// to run on them (blocking a worker on work that needs that same worker is a
// deadlock, not a slowdown).
#ifndef COROGUARD_DETAIL_RUNTIME_THREAD_HPP
#define COROGUARD_DETAIL_RUNTIME_THREAD_HPP

namespace coroguard::detail {

// Constant-initialised, so access compiles to a plain TLS load (no wrapper).
inline thread_local const void *current_runtime_owner = nullptr;

/// RAII marker installed at the top of a runtime-owned thread.
class runtime_thread_scope {
public:
  explicit runtime_thread_scope(const void *owner) noexcept
      : previous_(current_runtime_owner) {
    current_runtime_owner = owner;
  }
  ~runtime_thread_scope() { current_runtime_owner = previous_; }
  runtime_thread_scope(const runtime_thread_scope &) = delete;
  runtime_thread_scope &operator=(const runtime_thread_scope &) = delete;

private:
  const void *previous_;
};

/// True on a thread_pool worker or an event_loop thread.
inline bool on_runtime_thread() noexcept {
  return current_runtime_owner != nullptr;
}

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_RUNTIME_THREAD_HPP
