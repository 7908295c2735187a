//===--- Seastar.cpp - seastar (scylladb/seastar) -------------------------===//
//
// seastar::future is eager: a range of futures is already running by the
// time it reaches when_all, so the fan-out happened where they were made.
// seastar::semaphore and named_semaphore are aliases of basic_semaphore.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::Cancellation, "seastar::abort_source"},
    {Role::EagerTask, "seastar::future"},
    {Role::FanoutUnbounded, "seastar::parallel_for_each"},
    // A class: `co_await seastar::coroutine::parallel_for_each(range, f)`.
    {Role::FanoutUnbounded, "seastar::coroutine::parallel_for_each"},
    {Role::FanoutUnbounded, "seastar::when_all"},
    {Role::FanoutUnbounded, "seastar::when_all_succeed"},
    {Role::FanoutBounded, "seastar::max_concurrent_for_each"},
    {Role::BoundedAlternative, "seastar::parallel_for_each",
     "seastar::max_concurrent_for_each(range, max_concurrency, func)"},
    {Role::BoundedAlternative, "seastar::coroutine::parallel_for_each",
     "seastar::max_concurrent_for_each(range, max_concurrency, func)"},
    {Role::Throttle, "seastar::basic_semaphore::wait"},
    {Role::Throttle, "seastar::get_units"},
    {Role::Throttle, "seastar::with_semaphore"},
    {Role::StartsWork, "seastar::async"},
    {Role::CoreCount, "seastar::smp::count"},
    // coroguard-missing-cancellation
    {Role::CancellableAlternative, "seastar::sleep",
     "seastar::sleep_abortable"},
    // coroguard-task-reuse: a future's continuations and get() consume it
    // (it is invalid afterwards); shared_future hands out many.
    {Role::MultiShot, "seastar::shared_future"},
    {Role::MultiShot, "seastar::shared_promise"},
    {Role::Consumes, "seastar::future::then"},
    {Role::Consumes, "seastar::future::then_wrapped"},
    {Role::Consumes, "seastar::future::finally"},
    {Role::Consumes, "seastar::future::handle_exception"},
    {Role::Consumes, "seastar::future::handle_exception_type"},
    {Role::Consumes, "seastar::future::discard_result"},
    {Role::Consumes, "seastar::future::forward_to"},
    {Role::Consumes, "seastar::future::or_terminate"},
    {Role::Consumes, "seastar::future::get"},
    // coroguard-thread-local-across-suspend: a seastar coroutine resumes on
    // the shard (reactor thread) that started it.
    {Role::ThreadPinned, "seastar::future"},
    {Role::ThreadPinned, "seastar::coroutine::experimental::generator"},
    {Role::ThreadPinned, "seastar::coroutine::experimental::async_generator"},
    // coroguard-lock-across-suspend: a shard's semaphores, locks and their
    // units are made to be held across co_await.
    {Role::AsyncLock, "seastar::basic_semaphore"},
    {Role::AsyncLock, "seastar::semaphore_units"},
    {Role::AsyncLock, "seastar::shared_mutex"},
    {Role::AsyncLock, "seastar::basic_rwlock"},
};

static const llvm::StringRef Namespaces[] = {"seastar"};

extern const LibraryProfile SeastarProfile = {
    "seastar", "seastar", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
