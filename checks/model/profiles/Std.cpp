//===--- Std.cpp - The C++ standard library and POSIX ---------------------===//
//
// Only calls that really park the thread are listed. std::mutex::lock is left
// out on purpose: short critical sections inside coroutines are common and
// correct; a lock held across co_await is a separate concern.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::EagerTask, "std::future"},
    {Role::EagerTask, "std::shared_future"},
    {Role::Cancellation, "std::stop_token"},
    // Blocking waits on async work.
    {Role::BlockingWait, "std::future::get"},
    {Role::BlockingWait, "std::future::wait"},
    {Role::BlockingWait, "std::future::wait_for"},
    {Role::BlockingWait, "std::future::wait_until"},
    {Role::BlockingWait, "std::shared_future::get"},
    {Role::BlockingWait, "std::shared_future::wait"},
    {Role::BlockingWait, "std::shared_future::wait_for"},
    {Role::BlockingWait, "std::shared_future::wait_until"},
    // Other blocking calls.
    {Role::Blocking, "std::this_thread::sleep_for"},
    {Role::Blocking, "std::this_thread::sleep_until"},
    {Role::Blocking, "std::thread::join"},
    {Role::Blocking, "std::jthread::join"},
    {Role::Blocking, "std::condition_variable::wait"},
    {Role::Blocking, "std::condition_variable::wait_for"},
    {Role::Blocking, "std::condition_variable::wait_until"},
    {Role::Blocking, "std::condition_variable_any::wait"},
    {Role::Blocking, "std::condition_variable_any::wait_for"},
    {Role::Blocking, "std::condition_variable_any::wait_until"},
    {Role::Blocking, "std::counting_semaphore::acquire"},
    {Role::Blocking, "std::counting_semaphore::try_acquire_for"},
    {Role::Blocking, "std::counting_semaphore::try_acquire_until"},
    {Role::Blocking, "std::binary_semaphore::acquire"},
    {Role::Blocking, "std::latch::wait"},
    {Role::Blocking, "std::latch::arrive_and_wait"},
    {Role::Blocking, "std::barrier::arrive_and_wait"},
    {Role::Blocking, "std::barrier::wait"},
    {Role::Blocking, "std::system"},
    // POSIX and C.
    {Role::Blocking, "sleep"},
    {Role::Blocking, "usleep"},
    {Role::Blocking, "nanosleep"},
    {Role::Blocking, "clock_nanosleep"},
    {Role::Blocking, "system"},
    {Role::Blocking, "popen"},
    {Role::Blocking, "pclose"},
    {Role::Blocking, "pthread_join"},
    {Role::Blocking, "pthread_cond_wait"},
    {Role::Blocking, "pthread_cond_timedwait"},
    {Role::Blocking, "sem_wait"},
    {Role::Blocking, "waitpid"},
    {Role::Blocking, "wait"},
    // Starting concurrent work; the fan-out checks count these in loops.
    // std::async with std::launch::deferred starts nothing: the checks read
    // the policy argument.
    {Role::StartsWork, "std::async"},
    // The std::future std::async returns waits for the work in its
    // destructor (a std::future from a std::promise or packaged_task does
    // not): dropping it blocks right there. Deferred policy: see Discard.h.
    {Role::ResultJoinsOnDestruction, "std::async"},
    {Role::StartsWork, "std::thread::thread"},
    {Role::StartsWork, "std::jthread::jthread"},
    {Role::CoreCount, "std::thread::hardware_concurrency"},
    {Role::CoreCount, "std::jthread::hardware_concurrency"},
    // Blocking, but it does bound how many threads proceed at once.
    {Role::Throttle, "std::counting_semaphore::acquire"},
    {Role::Detaches, "std::thread::detach"},
    {Role::Detaches, "std::jthread::detach"},
    // Call a callable and drop what it returns: a coroutine handed to them
    // loses its task (coroguard-discarded-task).
    {Role::DiscardsResult, "std::for_each"},
    {Role::DiscardsResult, "std::for_each_n"},
    {Role::DiscardsResult, "std::ranges::for_each"},
    {Role::DiscardsResult, "std::ranges::for_each_n"},
    {Role::DiscardsResult, "std::call_once"},
    {Role::DiscardsResult, "std::thread::thread"},
    {Role::DiscardsResult, "std::jthread::jthread"},
    // Readiness: get() after `wait_for(...) == std::future_status::ready`
    // does not block (coroguard-blocking-wait).
    {Role::ReadinessTest, "std::future::wait_for"},
    {Role::ReadinessTest, "std::future::wait_until"},
    {Role::ReadinessTest, "std::shared_future::wait_for"},
    {Role::ReadinessTest, "std::shared_future::wait_until"},
    {Role::ReadyState, "std::future_status::ready"},
    // coroguard-missing-cancellation
    {Role::Cancellation, "std::inplace_stop_token"},
    {Role::Cancellation, "std::never_stop_token", "never"},
    // coroguard-task-reuse: get() and share() leave the future invalid
    // (valid() == false); a second get() is undefined behaviour.
    {Role::MultiShot, "std::shared_future"},
    {Role::Consumes, "std::future::get"},
    {Role::Consumes, "std::future::share"},
    {Role::Consumes, "std::experimental::future::get"},
    {Role::Consumes, "std::experimental::future::share"},
    {Role::Consumes, "std::experimental::future::then"},
    // coroguard-lock-across-suspend: thread-owned mutexes and their guards
    // (a guard template takes the kind of its mutex argument), and the free
    // functions that lock or unlock them (detail: what they do to their
    // arguments). Members follow the standard's Lockable names.
    {Role::ThreadLock, "std::mutex"},
    {Role::ThreadLock, "std::recursive_mutex"},
    {Role::ThreadLock, "std::timed_mutex"},
    {Role::ThreadLock, "std::recursive_timed_mutex"},
    {Role::ThreadLock, "std::shared_mutex"},
    {Role::ThreadLock, "std::shared_timed_mutex"},
    {Role::ThreadLock, "std::lock_guard"},
    {Role::ThreadLock, "std::unique_lock"},
    {Role::ThreadLock, "std::scoped_lock"},
    {Role::ThreadLock, "std::shared_lock"},
    {Role::ThreadLock, "std::lock", "acquire_each"},
    {Role::ThreadLock, "std::try_lock", "try_acquire_each"},
    {Role::ThreadLock, "pthread_mutex_lock", "acquire"},
    {Role::ThreadLock, "pthread_mutex_trylock", "try_acquire"},
    {Role::ThreadLock, "pthread_mutex_timedlock", "try_acquire"},
    {Role::ThreadLock, "pthread_mutex_unlock", "release"},
    {Role::ThreadLock, "pthread_rwlock_rdlock", "acquire"},
    {Role::ThreadLock, "pthread_rwlock_wrlock", "acquire"},
    {Role::ThreadLock, "pthread_rwlock_tryrdlock", "try_acquire"},
    {Role::ThreadLock, "pthread_rwlock_trywrlock", "try_acquire"},
    {Role::ThreadLock, "pthread_rwlock_timedrdlock", "try_acquire"},
    {Role::ThreadLock, "pthread_rwlock_timedwrlock", "try_acquire"},
    {Role::ThreadLock, "pthread_rwlock_unlock", "release"},
    {Role::ThreadLock, "pthread_spin_lock", "acquire"},
    {Role::ThreadLock, "pthread_spin_trylock", "try_acquire"},
    {Role::ThreadLock, "pthread_spin_unlock", "release"},
};

static const llvm::StringRef Namespaces[] = {"std"};

extern const LibraryProfile StdProfile = {
    "std", "C++ standard library and POSIX", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
