//===--- Concurrencpp.cpp - concurrencpp (David-Haim/concurrencpp) --------===//
//
// result is eager, lazy_result lazy; a coroutine returning null_result has
// no owner. executor::post/bulk_post run callables nobody joins.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::EagerTask, "concurrencpp::result"},
    {Role::LazyTask, "concurrencpp::lazy_result"},
    {Role::DetachedType, "concurrencpp::null_result"},
    {Role::BlockingWait, "concurrencpp::result::get"},
    {Role::BlockingWait, "concurrencpp::result::wait"},
    {Role::BlockingWait, "concurrencpp::result::wait_for"},
    {Role::BlockingWait, "concurrencpp::result::wait_until"},
    {Role::BlockingWait, "concurrencpp::shared_result::get"},
    {Role::BlockingWait, "concurrencpp::shared_result::wait"},
    {Role::BlockingWait, "concurrencpp::shared_result::wait_for"},
    {Role::BlockingWait, "concurrencpp::shared_result::wait_until"},
    {Role::Detaches, "concurrencpp::executor::post"},
    {Role::Detaches, "concurrencpp::executor::bulk_post"},
    // Readiness: get() on a result known to be complete does not block
    // (coroguard-blocking-wait).
    {Role::ReadinessTest, "concurrencpp::result::status"},
    {Role::ReadinessTest, "concurrencpp::shared_result::status"},
    {Role::ReadyState, "concurrencpp::result_status::value"},
    {Role::ReadyState, "concurrencpp::result_status::exception"},
    {Role::Completes, "concurrencpp::when_all"},
    {Role::Completes, "concurrencpp::result::resolve"},
    {Role::Completes, "concurrencpp::shared_result::resolve"},
    {Role::Completes, "concurrencpp::lazy_result::resolve"},
    // submit returns a result to await: started work with an owner.
    {Role::StartsWork, "concurrencpp::executor::submit"},
    {Role::StartsWork, "concurrencpp::executor::bulk_submit"},
    {Role::CoreCount, "concurrencpp::executor::max_concurrency_level"},
    // Runs what it is given in post()/submit() on the calling thread.
    {Role::InlineExecutor, "concurrencpp::inline_executor"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "concurrencpp::runtime"},
    {Role::LongLived, "concurrencpp::executor"},
    {Role::LongLived, "concurrencpp::timer_queue"},
    // coroguard-task-reuse: get(), co_await and resolve() move the state out
    // of a result ("result is empty" afterwards); shared_result is copied
    // and awaited many times.
    {Role::MultiShot, "concurrencpp::shared_result"},
    {Role::Consumes, "concurrencpp::result::get"},
    {Role::Consumes, "concurrencpp::result::resolve"},
    {Role::Consumes, "concurrencpp::lazy_result::run"},
    {Role::Consumes, "concurrencpp::lazy_result::resolve"},
    {Role::Consumes, "concurrencpp::when_any"},
    // coroguard-lock-across-suspend: async lock and its guard.
    {Role::AsyncLock, "concurrencpp::async_lock"},
    {Role::AsyncLock, "concurrencpp::scoped_async_lock"},
};

static const llvm::StringRef Namespaces[] = {"concurrencpp"};

extern const LibraryProfile ConcurrencppProfile = {
    "concurrencpp", "concurrencpp", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
