//===--- Unifex.cpp - libunifex (facebookexperimental/libunifex) ----------===//
//
// unifex's task types are aliases of internal templates; structure (their
// promise_type) recognises them where the names do not. async_scope is
// declared as unifex::v1::_async_scope::async_scope (v1 inline) and
// re-exported; names leave inline and '_' namespaces out (Names.h), so it is
// unifex::async_scope here. The v2 scope lives in the non-inline unifex::v2.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::Cancellation, "unifex::inplace_stop_token"},
    {Role::LazyTask, "unifex::task"},
    {Role::LazyTask, "unifex::nothrow_task"},
    {Role::BlockingWait, "unifex::sync_wait"},
    {Role::BlockingWait, "unifex::sync_wait_r"},
    // "Detached" here means "no result to observe", not "unowned": each of
    // these nests the work in the scope it is given (spawn_detached(sender,
    // scope)) or called on, whose cleanup()/join() waits for it, and an error
    // calls std::terminate instead of being lost. They are scoped spawns.
    {Role::ScopedSpawn, "unifex::spawn_detached"},
    {Role::ScopedSpawn, "unifex::async_scope::detached_spawn"},
    {Role::ScopedSpawn, "unifex::async_scope::detached_spawn_on"},
    {Role::ScopedSpawn, "unifex::async_scope::detached_spawn_call_on"},
    {Role::ScopedSpawn, "unifex::async_scope::spawn"},
    {Role::ScopedSpawn, "unifex::async_scope::spawn_on"},
    {Role::ScopedSpawn, "unifex::async_scope::spawn_call_on"},
    {Role::ScopedSpawn, "unifex::v2::async_scope::nest"},
    // coroguard-missing-cancellation
    {Role::Cancellation, "unifex::unstoppable_token", "never"},
    // The task's stop token reaches every sender it awaits.
    {Role::ForwardsCancellation, "unifex::task"},
    {Role::ForwardsCancellation, "unifex::nothrow_task"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "unifex::static_thread_pool"},
    {Role::LongLived, "unifex::single_thread_context"},
    {Role::LongLived, "unifex::timed_single_thread_context"},
    {Role::LongLived, "unifex::manual_event_loop"},
    // coroguard-lock-across-suspend: async locks (v1 is inline, v2 is not).
    {Role::AsyncLock, "unifex::async_mutex"},
    {Role::AsyncLock, "unifex::v2::async_mutex"},
};

static const llvm::StringRef Namespaces[] = {"unifex"};

extern const LibraryProfile UnifexProfile = {
    "unifex", "libunifex", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
