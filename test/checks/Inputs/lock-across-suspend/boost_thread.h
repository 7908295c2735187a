// Test stand-in for Boost.Thread (boost/thread/mutex.hpp, locks.hpp,
// shared_mutex.hpp, lock_algorithms.hpp), written from its public
// signatures; declarations only. Boost.Thread carries no thread-safety
// attributes unless BOOST_THREAD_ENABLE_THREAD_SAFETY_ANALYSIS is defined, so
// none here: the boost_thread profile names the types.
#pragma once

namespace boost {
struct defer_lock_t {};
struct try_to_lock_t {};
struct adopt_lock_t {};
inline constexpr defer_lock_t defer_lock{};
inline constexpr try_to_lock_t try_to_lock{};
inline constexpr adopt_lock_t adopt_lock{};

template <class Mutex> class unique_lock;

class mutex {
public:
  mutex();
  ~mutex();
  mutex(const mutex &) = delete;
  void lock();
  bool try_lock();
  void unlock();
  typedef unique_lock<mutex> scoped_lock;
};
class recursive_mutex {
public:
  void lock();
  bool try_lock();
  void unlock();
};
class shared_mutex {
public:
  void lock();
  void unlock();
  void lock_shared();
  void unlock_shared();
  void lock_upgrade();
  void unlock_upgrade();
};

template <class Mutex> class lock_guard {
public:
  explicit lock_guard(Mutex &m);
  lock_guard(Mutex &m, adopt_lock_t);
  ~lock_guard();
  lock_guard(const lock_guard &) = delete;
};
template <class Mutex> class unique_lock {
public:
  unique_lock() noexcept;
  explicit unique_lock(Mutex &m);
  unique_lock(Mutex &m, adopt_lock_t);
  unique_lock(Mutex &m, defer_lock_t) noexcept;
  unique_lock(Mutex &m, try_to_lock_t);
  unique_lock(unique_lock &&other) noexcept;
  ~unique_lock();
  void lock();
  bool try_lock();
  void unlock();
  Mutex *release() noexcept;
  bool owns_lock() const noexcept;
};
template <class Mutex> class shared_lock {
public:
  explicit shared_lock(Mutex &m);
  ~shared_lock();
  void lock();
  void unlock();
};
template <class M1, class M2> void lock(M1 &m1, M2 &m2);
} // namespace boost
