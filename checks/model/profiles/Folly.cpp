//===--- Folly.cpp - folly::coro and folly futures ------------------------===//
//
// blockingWait and blocking_wait are function objects: both the variable and
// its type are listed. detail::BlockingWaitFn is the type of older releases
// (blocking_wait_fn since; checked against folly ff98381, 2026-08-22).
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::LazyTask, "folly::coro::Task"},
    {Role::LazyTask, "folly::coro::TaskWithExecutor"},
    {Role::LazyTask, "folly::coro::now_task"},
    {Role::LazyTask, "folly::coro::safe_task"},
    {Role::LazyTask, "folly::coro::AsyncGenerator"},
    {Role::EagerTask, "folly::SemiFuture"},
    {Role::EagerTask, "folly::Future"},
    {Role::BlockingWait, "folly::coro::blockingWait"},
    {Role::BlockingWait, "folly::coro::detail::BlockingWaitFn"},
    {Role::BlockingWait, "folly::coro::blocking_wait"},
    {Role::BlockingWait, "folly::coro::blocking_wait_fn"},
    {Role::AwaitFix, "folly::coro::blockingWait"},
    {Role::AwaitFix, "folly::coro::detail::BlockingWaitFn"},
    {Role::AwaitFix, "folly::coro::blocking_wait"},
    {Role::AwaitFix, "folly::coro::blocking_wait_fn"},
    {Role::BlockingWait, "folly::SemiFuture::get"},
    {Role::BlockingWait, "folly::SemiFuture::wait"},
    {Role::BlockingWait, "folly::SemiFuture::getVia"},
    {Role::BlockingWait, "folly::Future::get"},
    {Role::BlockingWait, "folly::Future::wait"},
    {Role::BlockingWait, "folly::Future::getVia"},
    {Role::BlockingWait, "folly::Future::waitVia"},
    {Role::Detaches, "folly::coro::TaskWithExecutor::start"},
    {Role::Detaches, "folly::coro::TaskWithExecutor::startInlineUnsafe"},
    {Role::ScopedSpawn, "folly::coro::AsyncScope::add"},
    {Role::ScopedSpawn, "folly::coro::CancellableAsyncScope::add"},
    {Role::FanoutUnbounded, "folly::coro::collectAllRange"},
    {Role::FanoutUnbounded, "folly::coro::collectAllTryRange"},
    {Role::FanoutUnbounded, "folly::coro::collectAnyRange"},
    {Role::FanoutUnbounded, "folly::coro::collectAnyWithoutExceptionRange"},
    {Role::FanoutUnbounded, "folly::collectAll"},
    {Role::FanoutBounded, "folly::coro::collectAllWindowed"},
    {Role::FanoutBounded, "folly::coro::collectAllTryWindowed"},
    {Role::FanoutBounded, "folly::window"},
    {Role::BoundedAlternative, "folly::coro::collectAllRange",
     "folly::coro::collectAllWindowed(tasks, max_concurrency)"},
    {Role::BoundedAlternative, "folly::coro::collectAllTryRange",
     "folly::coro::collectAllTryWindowed(tasks, max_concurrency)"},
    {Role::Throttle, "folly::fibers::Semaphore::co_wait"},
    {Role::Throttle, "folly::coro::Mutex::co_lock"},
    {Role::Throttle, "folly::coro::Mutex::co_scoped_lock"},
    {Role::Throttle, "folly::coro::BoundedQueue::enqueue"},
    {Role::Cancellation, "folly::CancellationToken"},
    // Run what they are given on the calling thread before add() returns.
    {Role::InlineExecutor, "folly::InlineExecutor"},
    {Role::InlineExecutor, "folly::QueuedImmediateExecutor"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_for",
     "co_await folly::coro::sleep(duration)"},
    {Role::NonBlockingAlternative, "std::future::get",
     "co_await the folly::coro::Task or folly::SemiFuture"},
    // Readiness: get() on a future known to be complete does not block
    // (coroguard-blocking-wait).
    {Role::ReadinessTest, "folly::SemiFuture::isReady"},
    {Role::ReadinessTest, "folly::SemiFuture::hasValue"},
    {Role::ReadinessTest, "folly::SemiFuture::hasException"},
    {Role::ReadinessTest, "folly::Future::isReady"},
    {Role::ReadinessTest, "folly::Future::hasValue"},
    {Role::ReadinessTest, "folly::Future::hasException"},
    {Role::Completes, "folly::coro::collectAll"},
    {Role::Completes, "folly::coro::collectAllTry"},
    // coroguard-missing-cancellation
    // co_await hands the awaiting task's CancellationToken to the awaited one.
    {Role::ForwardsCancellation, "folly::coro::Task"},
    {Role::SetsCancellation, "folly::coro::co_withCancellation"},
    {Role::ForwardsCancellation, "folly::coro::TaskWithExecutor"},
    {Role::ForwardsCancellation, "folly::coro::now_task"},
    {Role::ForwardsCancellation, "folly::coro::safe_task"},
    {Role::ForwardsCancellation, "folly::coro::AsyncGenerator"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "folly::Executor"},
    {Role::LongLived, "folly::EventBase"},
    {Role::LongLived, "folly::CPUThreadPoolExecutor"},
    {Role::LongLived, "folly::IOThreadPoolExecutor"},
    // coroguard-task-reuse: continuations and waits move the future out of
    // the object they are called on (most are &&-qualified; the older
    // lvalue overloads of Future::then* move from *this as well).
    {Role::MultiShot, "folly::SharedPromise"},
    {Role::MultiShot, "folly::FutureSplitter"},
    {Role::MultiShot, "folly::coro::SharedPromise"},
    {Role::Consumes, "folly::Future::then"},
    {Role::Consumes, "folly::Future::thenValue"},
    {Role::Consumes, "folly::Future::thenTry"},
    {Role::Consumes, "folly::Future::thenError"},
    {Role::Consumes, "folly::Future::thenValueInline"},
    {Role::Consumes, "folly::Future::thenTryInline"},
    {Role::Consumes, "folly::Future::ensure"},
    {Role::Consumes, "folly::Future::onError"},
    {Role::Consumes, "folly::Future::via"},
    {Role::Consumes, "folly::Future::semi"},
    {Role::Consumes, "folly::Future::get"},
    {Role::Consumes, "folly::Future::getTry"},
    {Role::Consumes, "folly::Future::getVia"},
    {Role::Consumes, "folly::SemiFuture::via"},
    {Role::Consumes, "folly::SemiFuture::defer"},
    {Role::Consumes, "folly::SemiFuture::deferValue"},
    {Role::Consumes, "folly::SemiFuture::deferError"},
    {Role::Consumes, "folly::SemiFuture::deferEnsure"},
    {Role::Consumes, "folly::SemiFuture::get"},
    {Role::Consumes, "folly::SemiFuture::getTry"},
    {Role::Consumes, "folly::SemiFuture::toUnsafeFuture"},
    {Role::Consumes, "folly::coro::Task::scheduleOn"},
    {Role::Consumes, "folly::coro::Task::semi"},
    {Role::Consumes, "folly::coro::co_withExecutor"},
    {Role::Consumes, "folly::coro::TaskWithExecutor::start"},
    {Role::Consumes, "folly::coro::TaskWithExecutor::startInlineUnsafe"},
    // coroguard-lock-across-suspend: async locks and their guards
    // (co_scoped_lock yields a std::unique_lock of the async mutex, which
    // takes the mutex's kind).
    {Role::AsyncLock, "folly::coro::Mutex"},
    {Role::AsyncLock, "folly::coro::SharedMutex"},
    {Role::AsyncLock, "folly::coro::SharedMutexFair"},
    {Role::AsyncLock, "folly::coro::SharedLock"},
    {Role::AsyncLock, "folly::coro::UpgradeLock"},
};

static const llvm::StringRef Namespaces[] = {"folly"};

extern const LibraryProfile FollyProfile = {
    "folly", "folly::coro", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
