// coroguard/detail/frame_cache.hpp - a per-thread cache of coroutine frames.
//
// Creating and destroying a trivial task is dominated by malloc/free of its
// frame (and, in bursts such as when_all of a thousand tasks, by glibc's
// free-list consolidation). task's promise allocates frames here instead:
// sizes are rounded up to multiples of 16 bytes, and a freed frame of up to
// 1 KiB goes onto a per-thread LIFO list for its size class, from which the
// next frame of that class on the same thread is taken. Bigger frames, and
// frees beyond the caps, go straight to ::operator new/delete.
//
// Guarantees:
//  * Bounded: at most frame_cache_class_limit bytes per size class and
//    frame_cache_thread_limit bytes in all per thread are kept. The thread's
//    byte budget is handed to a size class in small grants the first times
//    it fills up (up to the class limit), so the free fast path is one
//    compare of the class's remaining room.
//  * Frames may be freed on any thread: a block simply joins the freeing
//    thread's cache (or goes back to the allocator if that cache is full).
//    Blocks always have their rounded size, so any thread's list can hold
//    them and ::operator delete gets the size they were allocated with.
//  * A thread returns its cached blocks to the allocator when it exits. The
//    cache itself is trivially destructible (plain TLS access on the hot
//    path); a separate thread_local "reaper" registered on first use empties
//    it and marks it dead. Frames freed or allocated later during that
//    thread's exit (from other thread_local destructors, or static
//    destructors on the main thread) bypass the dead cache.
//  * AddressSanitizer: by default the cache is bypassed, so that ASan's
//    quarantine still reports a use of a destroyed frame (a reused cached
//    block would hide it). set_frame_cache_under_asan(true) turns the cache on
//    (the frame_cache tests do, to let LeakSanitizer check the thread-exit
//    path); cached blocks are then poisoned, so touching one is reported.
#ifndef COROGUARD_DETAIL_FRAME_CACHE_HPP
#define COROGUARD_DETAIL_FRAME_CACHE_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define COROGUARD_DETAIL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COROGUARD_DETAIL_ASAN 1
#endif
#endif

#ifdef COROGUARD_DETAIL_ASAN
#include <sanitizer/asan_interface.h>
#define COROGUARD_DETAIL_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define COROGUARD_DETAIL_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define COROGUARD_DETAIL_POISON(p, n) ((void)(p), (void)(n))
#define COROGUARD_DETAIL_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace coroguard::detail {

/// Size-class granularity and the largest cached frame, in bytes.
inline constexpr std::size_t frame_granule = 16;
inline constexpr std::size_t frame_cache_max_size = 1024;
inline constexpr std::size_t frame_size_classes =
    frame_cache_max_size / frame_granule;
/// Caps on the bytes one thread keeps, per size class and in all.
inline constexpr std::size_t frame_cache_class_limit = 256 * 1024;
inline constexpr std::size_t frame_cache_thread_limit = 1024 * 1024;

/// Bytes of budget a size class receives at a time.
inline constexpr std::size_t frame_cache_grant = 4096;

struct frame_block {
  frame_block *next;
};

/// One thread's cache. Constant-initialised and trivially destructible, so
/// every access compiles to a plain TLS access (no init guard).
struct frame_cache_state {
  enum : unsigned char { unused, live, dead };
  frame_block *heads[frame_size_classes];
  // Blocks class c may still take without a new grant; 0 unless live.
  std::uint32_t room[frame_size_classes];
  // Blocks granted to class c so far (cached + room), <= its class limit.
  std::uint32_t granted[frame_size_classes];
  std::size_t budget; // bytes of the thread limit not granted yet
  unsigned char state;
};

inline thread_local frame_cache_state frame_cache{};

#ifdef COROGUARD_DETAIL_ASAN
inline std::atomic<bool> frame_cache_under_asan{false};
#endif

/// Under AddressSanitizer, enables (or disables, the default) the cache for
/// threads that have not used it yet. A no-op in other builds, where the
/// cache is always on. For tests.
inline void set_frame_cache_under_asan([[maybe_unused]] bool on) noexcept {
#ifdef COROGUARD_DETAIL_ASAN
  frame_cache_under_asan.store(on, std::memory_order_relaxed);
#endif
}

constexpr std::size_t frame_class_size(std::size_t c) noexcept {
  return (c + 1) * frame_granule;
}

/// Bytes this thread's cache holds right now (for tests).
inline std::size_t frame_cache_cached_bytes() noexcept {
  const frame_cache_state &cache = frame_cache;
  std::size_t bytes = 0;
  for (std::size_t c = 0; c < frame_size_classes; ++c)
    bytes += (cache.granted[c] - cache.room[c]) * frame_class_size(c);
  return bytes;
}

/// ::operator delete with the allocation's size where the compiler has sized
/// deallocation (on by default in GCC and Clang >= 19).
inline void frame_free(void *block,
                       [[maybe_unused]] std::size_t size) noexcept {
#if defined(__cpp_sized_deallocation)
  ::operator delete(block, size);
#else
  ::operator delete(block);
#endif
}

/// Returns every cached block of this thread to the allocator; the cache
/// stays dead afterwards (runs at thread exit).
inline void frame_cache_release() noexcept {
  frame_cache_state &cache = frame_cache;
  cache.state = frame_cache_state::dead;
  for (std::size_t c = 0; c < frame_size_classes; ++c) {
    const std::size_t size = frame_class_size(c);
    while (frame_block *block = cache.heads[c]) {
      COROGUARD_DETAIL_UNPOISON(block, size);
      cache.heads[c] = block->next;
      frame_free(block, size);
    }
    cache.room[c] = 0;
    cache.granted[c] = 0;
  }
  cache.budget = 0;
}

struct frame_cache_reaper {
  ~frame_cache_reaper() { frame_cache_release(); }
};

/// First free on this thread: registers the thread-exit hook and turns the
/// cache on. Returns whether the cache is live.
inline bool frame_cache_start(frame_cache_state &cache) noexcept {
  if (cache.state != frame_cache_state::unused)
    return cache.state == frame_cache_state::live;
#ifdef COROGUARD_DETAIL_ASAN
  if (!frame_cache_under_asan.load(std::memory_order_relaxed))
    return false;
#endif
  // Constructed (and its destructor registered) the first time control
  // passes here on this thread.
  static thread_local frame_cache_reaper reaper;
  (void)reaper;
  cache.budget = frame_cache_thread_limit;
  cache.state = frame_cache_state::live;
  return true;
}

constexpr std::size_t frame_class_of(std::size_t size) noexcept {
  return (size - 1) / frame_granule; // size > 0: a frame is never empty
}

/// Allocates a coroutine frame of `size` bytes; throws std::bad_alloc.
inline void *frame_allocate(std::size_t size) {
  if (size > frame_cache_max_size) [[unlikely]]
    return ::operator new(size);
  const std::size_t c = frame_class_of(size);
  frame_cache_state &cache = frame_cache;
  // Lists are only non-empty while the cache is live: no state check needed.
  if (frame_block *block = cache.heads[c]) {
    COROGUARD_DETAIL_UNPOISON(block, frame_class_size(c));
    cache.heads[c] = block->next;
    ++cache.room[c];
    return block;
  }
  return ::operator new(frame_class_size(c));
}

inline void frame_cache_push(frame_cache_state &cache, void *frame,
                             std::size_t c) noexcept {
  auto *block = static_cast<frame_block *>(frame);
  block->next = cache.heads[c];
  COROGUARD_DETAIL_POISON(block, frame_class_size(c));
  cache.heads[c] = block;
  --cache.room[c];
}

/// A free that found no room: start the cache, or grant the class more of
/// the thread's budget, or give the block back to the allocator.
[[gnu::noinline]] inline void frame_deallocate_slow(void *frame,
                                                    std::size_t c) noexcept {
  frame_cache_state &cache = frame_cache;
  const std::size_t size = frame_class_size(c);
  if (frame_cache_start(cache)) {
    // Once the class is full this runs on every free: compare first, divide
    // only when granting.
    std::size_t bytes = frame_cache_class_limit - cache.granted[c] * size;
    if (bytes > frame_cache_grant)
      bytes = frame_cache_grant;
    if (bytes > cache.budget)
      bytes = cache.budget;
    if (bytes >= size) {
      const std::size_t blocks = bytes / size;
      cache.granted[c] += static_cast<std::uint32_t>(blocks);
      cache.room[c] += static_cast<std::uint32_t>(blocks);
      cache.budget -= blocks * size;
      frame_cache_push(cache, frame, c);
      return;
    }
  }
  frame_free(frame, size);
}

/// Frees a frame from frame_allocate(size), on any thread.
inline void frame_deallocate(void *frame, std::size_t size) noexcept {
  if (size > frame_cache_max_size) [[unlikely]] {
    frame_free(frame, size);
    return;
  }
  const std::size_t c = frame_class_of(size);
  frame_cache_state &cache = frame_cache;
  if (cache.room[c] != 0) [[likely]] {
    frame_cache_push(cache, frame, c);
    return;
  }
  frame_deallocate_slow(frame, c);
}

} // namespace coroguard::detail

#undef COROGUARD_DETAIL_POISON
#undef COROGUARD_DETAIL_UNPOISON

#endif // COROGUARD_DETAIL_FRAME_CACHE_HPP
