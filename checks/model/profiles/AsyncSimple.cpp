//===--- AsyncSimple.cpp - async_simple (alibaba/async_simple) -----------===//
//
// Lazy is lazy; RescheduleLazy is a Lazy bound to an executor by via().
// Future is a future filled by a Promise. RescheduleLazy::detach launches a
// Lazy nobody observes (detaches). start(cb) and directlyStart(cb, ex) launch
// one too, but hand its end and its result or exception (a Try) to the
// callback, so they only start work (a loop of them is a fan-out); they are
// not detaches. start is declared in the shared base detail::LazyBase and
// named here through both classes. The vector forms of
// collectAll/collectAllPara/collectAny start every element at once; the
// Windowed forms take the limit as their first parameter.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::LazyTask, "async_simple::coro::Lazy"},
    {Role::LazyTask, "async_simple::coro::RescheduleLazy"},
    {Role::EagerTask, "async_simple::Future"},
    {Role::Cancellation, "async_simple::Signal"},
    {Role::Cancellation, "async_simple::Slot"},
    {Role::BlockingWait, "async_simple::coro::syncAwait"},
    {Role::AwaitFix, "async_simple::coro::syncAwait"},
    {Role::BlockingWait, "async_simple::Future::get"},
    {Role::BlockingWait, "async_simple::Future::wait"},
    {Role::StartsWork, "async_simple::coro::Lazy::start"},
    {Role::StartsWork, "async_simple::coro::Lazy::directlyStart"},
    {Role::StartsWork, "async_simple::coro::RescheduleLazy::start"},
    {Role::Detaches, "async_simple::coro::RescheduleLazy::detach"},
    {Role::StartsWork, "async_simple::coro::detail::LazyBase::start"},
    {Role::FanoutUnbounded, "async_simple::coro::collectAll"},
    {Role::FanoutUnbounded, "async_simple::coro::collectAllPara"},
    {Role::FanoutUnbounded, "async_simple::coro::collectAny"},
    {Role::FanoutBounded, "async_simple::coro::collectAllWindowed"},
    {Role::FanoutBounded, "async_simple::coro::collectAllWindowedPara"},
    {Role::BoundedAlternative, "async_simple::coro::collectAll",
     "async_simple::coro::collectAllWindowed(max_concurrency, false, "
     "std::move(tasks))"},
    {Role::BoundedAlternative, "async_simple::coro::collectAllPara",
     "async_simple::coro::collectAllWindowedPara(max_concurrency, false, "
     "std::move(tasks))"},
    {Role::Throttle, "async_simple::coro::CountingSemaphore::acquire"},
    {Role::Throttle, "async_simple::coro::Mutex::coLock"},
    {Role::Throttle, "async_simple::coro::Mutex::coScopedLock"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_for",
     "co_await async_simple::coro::sleep(duration)"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_until",
     "co_await async_simple::coro::sleep(time_point - now)"},
    {Role::NonBlockingAlternative, "std::future::get",
     "co_await the async_simple::coro::Lazy instead of a std::future"},
    // coroguard-missing-cancellation
    // co_await of a Lazy moves the awaiting Lazy's Slot to the awaited one.
    {Role::ForwardsCancellation, "async_simple::coro::Lazy"},
    {Role::ForwardsCancellation, "async_simple::coro::RescheduleLazy"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "async_simple::Executor"},
    // coroguard-task-reuse: Lazy's operator co_await, coAwait and start move
    // the coroutine out of the Lazy; Future's continuations and get() are
    // &&-qualified ("do not access a future after get()/thenValue()").
    {Role::Consumes, "async_simple::coro::detail::LazyBase::start"},
    {Role::Consumes, "async_simple::coro::detail::LazyBase::coAwait"},
    {Role::Consumes, "async_simple::coro::detail::LazyBase::coAwaitTry"},
    {Role::Consumes, "async_simple::coro::Lazy::start"},
    {Role::Consumes, "async_simple::coro::Lazy::directlyStart"},
    {Role::Consumes, "async_simple::coro::Lazy::via"},
    {Role::Consumes, "async_simple::coro::Lazy::setEx"},
    {Role::Consumes, "async_simple::coro::RescheduleLazy::start"},
    {Role::Consumes, "async_simple::coro::RescheduleLazy::detach"},
    {Role::Consumes, "async_simple::Future::get"},
    {Role::Consumes, "async_simple::Future::thenTry"},
    {Role::Consumes, "async_simple::Future::thenValue"},
    {Role::Consumes, "async_simple::Future::via"},
    // coroguard-lock-across-suspend: async locks (coScopedLock yields a
    // std::unique_lock of them, which takes the mutex's kind). SpinLock is
    // taken with co_await coLock() and may be unlocked on any thread.
    {Role::AsyncLock, "async_simple::coro::Mutex"},
    {Role::AsyncLock, "async_simple::coro::SharedMutex"},
    {Role::AsyncLock, "async_simple::coro::SpinLock"},
};

static const llvm::StringRef Namespaces[] = {"async_simple"};

extern const LibraryProfile AsyncSimpleProfile = {
    "async_simple", "async_simple", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
