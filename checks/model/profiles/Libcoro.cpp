//===--- Libcoro.cpp - libcoro (jbaldwin/libcoro) -------------------------===//
//
// Older releases spelled spawn_detached as spawn and task_group as
// task_container; both spellings are listed. io_scheduler is gone from the
// current release (checked against libcoro 277467f, 2026-03-30), where
// coro::scheduler replaces it; its entries stay for older releases.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::LazyTask, "coro::task"},
    {Role::BlockingWait, "coro::sync_wait"},
    {Role::AwaitFix, "coro::sync_wait"},
    {Role::Detaches, "coro::thread_pool::spawn_detached"},
    {Role::Detaches, "coro::scheduler::spawn_detached"},
    {Role::Detaches, "coro::io_scheduler::spawn_detached"},
    {Role::Detaches, "coro::io_scheduler::spawn"},
    {Role::ScopedSpawn, "coro::task_group::start"},
    {Role::ScopedSpawn, "coro::task_container::start"},
    {Role::ScopedSpawn, "coro::thread_pool::spawn_joinable"},
    {Role::ScopedSpawn, "coro::scheduler::spawn_joinable"},
    {Role::ScopedSpawn, "coro::io_scheduler::spawn_joinable"},
    {Role::FanoutUnbounded, "coro::when_all"},
    {Role::FanoutUnbounded, "coro::when_any"},
    {Role::Throttle, "coro::semaphore::acquire"},
    {Role::Throttle, "coro::mutex::lock"},
    {Role::Throttle, "coro::mutex::scoped_lock"},
    {Role::Throttle, "coro::queue::push"},
    {Role::Throttle, "coro::ring_buffer::produce"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_for",
     "co_await coro::io_scheduler::yield_for(duration) on the scheduler that "
     "runs the coroutine"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_until",
     "co_await coro::io_scheduler::yield_until(time_point) on the scheduler "
     "that runs the coroutine"},
    // coroguard-missing-cancellation
    // Cancels a scheduler's poll (std::optional<poll_stop_token> parameter).
    {Role::Cancellation, "coro::poll_stop_token"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "coro::thread_pool"},
    {Role::LongLived, "coro::io_scheduler"},
    {Role::LongLived, "coro::scheduler"},
    // coroguard-lock-across-suspend: async locks and their guards (made to be
    // held across co_await).
    {Role::AsyncLock, "coro::mutex"},
    {Role::AsyncLock, "coro::scoped_lock"},
    {Role::AsyncLock, "coro::shared_mutex"},
    {Role::AsyncLock, "coro::shared_scoped_lock"},
};

static const llvm::StringRef Namespaces[] = {"coro"};

extern const LibraryProfile LibcoroProfile = {
    "libcoro", "libcoro", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
