//===--- Cppcoro.cpp - cppcoro (lewissbaker/cppcoro) ----------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::LazyTask, "cppcoro::task"},
    {Role::LazyTask, "cppcoro::shared_task"},
    {Role::BlockingWait, "cppcoro::sync_wait"},
    {Role::AwaitFix, "cppcoro::sync_wait"},
    {Role::ScopedSpawn, "cppcoro::async_scope::spawn"},
    {Role::FanoutUnbounded, "cppcoro::when_all"},
    {Role::FanoutUnbounded, "cppcoro::when_all_ready"},
    {Role::Throttle, "cppcoro::async_mutex::lock_async"},
    {Role::Throttle, "cppcoro::async_mutex::scoped_lock_async"},
    {Role::Cancellation, "cppcoro::cancellation_token"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_for",
     "co_await cppcoro::io_service::schedule_after(duration) on the "
     "io_service that runs the coroutine"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "cppcoro::static_thread_pool"},
    {Role::LongLived, "cppcoro::io_service"},
    // coroguard-task-reuse
    {Role::MultiShot, "cppcoro::shared_task"},
    {Role::Consumes, "cppcoro::make_shared_task"},
    // coroguard-lock-across-suspend: async locks and their guards.
    {Role::AsyncLock, "cppcoro::async_mutex"},
    {Role::AsyncLock, "cppcoro::async_mutex_lock"},
};

static const llvm::StringRef Namespaces[] = {"cppcoro"};

extern const LibraryProfile CppcoroProfile = {
    "cppcoro", "cppcoro", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
