// Test stand-in for Abseil's absl/synchronization/mutex.h, written from its
// public signatures; declarations only. Like the real header, it carries
// Clang's thread-safety attributes (ABSL_LOCKABLE, ABSL_SCOPED_LOCKABLE,
// ABSL_EXCLUSIVE_LOCK_FUNCTION, ...).
#pragma once

#define ABSL_LOCKABLE __attribute__((capability("mutex")))
#define ABSL_SCOPED_LOCKABLE __attribute__((scoped_lockable))
#define ABSL_EXCLUSIVE_LOCK_FUNCTION(...)                                      \
  __attribute__((exclusive_lock_function(__VA_ARGS__)))
#define ABSL_SHARED_LOCK_FUNCTION(...)                                         \
  __attribute__((shared_lock_function(__VA_ARGS__)))
#define ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(...)                                   \
  __attribute__((exclusive_trylock_function(__VA_ARGS__)))
#define ABSL_UNLOCK_FUNCTION(...) __attribute__((unlock_function(__VA_ARGS__)))

namespace absl {
class ABSL_LOCKABLE Mutex {
public:
  Mutex();
  ~Mutex();
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION();
  void Unlock() ABSL_UNLOCK_FUNCTION();
  bool TryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true);
  void ReaderLock() ABSL_SHARED_LOCK_FUNCTION();
  void ReaderUnlock() ABSL_UNLOCK_FUNCTION();
  void WriterLock() ABSL_EXCLUSIVE_LOCK_FUNCTION();
  void WriterUnlock() ABSL_UNLOCK_FUNCTION();
};
class ABSL_SCOPED_LOCKABLE MutexLock {
public:
  explicit MutexLock(Mutex *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu);
  explicit MutexLock(Mutex &mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu);
  MutexLock(const MutexLock &) = delete;
  ~MutexLock() ABSL_UNLOCK_FUNCTION();
};
class ABSL_SCOPED_LOCKABLE ReaderMutexLock {
public:
  explicit ReaderMutexLock(Mutex *mu) ABSL_SHARED_LOCK_FUNCTION(mu);
  ~ReaderMutexLock() ABSL_UNLOCK_FUNCTION();
};
class ABSL_SCOPED_LOCKABLE WriterMutexLock {
public:
  explicit WriterMutexLock(Mutex *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu);
  ~WriterMutexLock() ABSL_UNLOCK_FUNCTION();
};
class ABSL_SCOPED_LOCKABLE ReleasableMutexLock {
public:
  explicit ReleasableMutexLock(Mutex *mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu);
  ~ReleasableMutexLock() ABSL_UNLOCK_FUNCTION();
  void Release() ABSL_UNLOCK_FUNCTION();
};
} // namespace absl
