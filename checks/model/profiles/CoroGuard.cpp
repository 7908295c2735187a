//===--- CoroGuard.cpp - The reference runtime ---------------------------===//
//
// The runtime annotates its own declarations; this profile only adds advice
// (the non-blocking and bounded replacements it offers) and keeps the names
// known to builds that compile without Clang's annotate attribute.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::LazyTask, "coroguard::task"},
    {Role::BlockingWait, "coroguard::sync_wait"},
    {Role::AwaitFix, "coroguard::sync_wait"},
    {Role::ScopedSpawn, "coroguard::async_scope::spawn"},
    {Role::FanoutUnbounded, "coroguard::when_all"},
    {Role::FanoutBounded, "coroguard::when_all_bounded"},
    {Role::Throttle, "coroguard::async_semaphore::acquire"},
    {Role::Throttle, "coroguard::async_semaphore::scoped_acquire"},
    {Role::Throttle, "coroguard::async_mutex::lock"},
    {Role::Throttle, "coroguard::async_mutex::scoped_lock"},
    {Role::Throttle, "coroguard::channel::send"},
    {Role::ParallelLoop, "coroguard::parallel_for_each", "max_concurrency"},
    {Role::BoundedAlternative, "coroguard::when_all",
     "coroguard::when_all_bounded(tasks, max_concurrency)"},
    // Advice names library functions and placeholders for the blocked call's
    // argument (duration, time_point), never a variable of the user's code.
    {Role::NonBlockingAlternative, "std::this_thread::sleep_for",
     "co_await coroguard::event_loop::sleep_for(duration) on the event loop "
     "that runs the coroutine"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_until",
     "co_await coroguard::event_loop::sleep_until(time_point) on the event "
     "loop that runs the coroutine"},
    {Role::NonBlockingAlternative, "sleep",
     "co_await coroguard::event_loop::sleep_for(duration) on the event loop "
     "that runs the coroutine"},
    {Role::NonBlockingAlternative, "usleep",
     "co_await coroguard::event_loop::sleep_for(duration) on the event loop "
     "that runs the coroutine"},
    {Role::NonBlockingAlternative, "std::condition_variable::wait",
     "co_await coroguard::channel::receive() or "
     "coroguard::async_semaphore::acquire()"},
    {Role::NonBlockingAlternative, "std::counting_semaphore::acquire",
     "co_await coroguard::async_semaphore::acquire()"},
    {Role::NonBlockingAlternative, "std::future::get",
     "co_await the coroguard::task instead of a std::future"},
};

static const llvm::StringRef Namespaces[] = {"coroguard"};

extern const LibraryProfile CoroGuardProfile = {
    "coroguard", "coroguard runtime", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
