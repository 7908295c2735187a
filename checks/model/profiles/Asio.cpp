//===--- Asio.cpp - Asio and Boost.Asio ----------------------------------===//
//
// Standalone Asio ("asio::") and Boost.Asio ("boost::asio::") share one table.
// io_context::poll/poll_one are left out: they run ready handlers and return,
// they do not park the thread.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::LazyTask, "asio::awaitable"},
    {Role::BlockingWait, "asio::io_context::run"},
    {Role::BlockingWait, "asio::io_context::run_one"},
    {Role::BlockingWait, "asio::io_context::run_for"},
    {Role::BlockingWait, "asio::io_context::run_until"},
    {Role::BlockingWait, "asio::io_context::run_one_for"},
    {Role::BlockingWait, "asio::io_context::run_one_until"},
    {Role::BlockingWait, "asio::thread_pool::join"},
    {Role::BlockingWait, "asio::thread_pool::wait"},
    // The completion token that makes co_spawn detach its work.
    {Role::Detaches, "asio::detached_t"},
    {Role::StartsWork, "asio::co_spawn"},
    {Role::FanoutUnbounded, "asio::experimental::make_parallel_group"},
    {Role::Throttle, "asio::experimental::channel::async_send"},
    {Role::Throttle, "asio::experimental::concurrent_channel::async_send"},
    {Role::Cancellation, "asio::cancellation_signal"},
    {Role::Cancellation, "asio::cancellation_slot"},
    {Role::Cancellation, "asio::cancellation_state"},
    // Advice names library functions and placeholders for the blocked call's
    // argument (duration, time_point), never a variable of the user's code.
    {Role::NonBlockingAlternative, "std::this_thread::sleep_for",
     "co_await asio::steady_timer(co_await asio::this_coro::executor, "
     "duration).async_wait(asio::use_awaitable)"},
    {Role::NonBlockingAlternative, "std::this_thread::sleep_until",
     "co_await asio::steady_timer(co_await asio::this_coro::executor, "
     "time_point).async_wait(asio::use_awaitable)"},
    {Role::NonBlockingAlternative, "sleep",
     "co_await asio::steady_timer(co_await asio::this_coro::executor, "
     "duration).async_wait(asio::use_awaitable)"},
    {Role::NonBlockingAlternative, "usleep",
     "co_await asio::steady_timer(co_await asio::this_coro::executor, "
     "duration).async_wait(asio::use_awaitable)"},
    // coroguard-missing-cancellation
    // Operations awaited with use_awaitable get the coroutine's
    // cancellation slot.
    {Role::ForwardsCancellation, "asio::awaitable"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "asio::io_context"},
    {Role::LongLived, "asio::thread_pool"},
    {Role::LongLived, "asio::system_context"},
    {Role::LongLived, "asio::execution_context"},
};

static const llvm::StringRef Aliases[] = {"asio=boost::asio"};
static const llvm::StringRef Namespaces[] = {"asio", "boost::asio"};

extern const LibraryProfile AsioProfile = {"asio", "Asio / Boost.Asio", Aliases,
                                           Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
