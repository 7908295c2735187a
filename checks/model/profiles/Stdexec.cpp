//===--- Stdexec.cpp - stdexec / P2300 (NVIDIA/stdexec) -------------------===//
//
// Entry points are function objects: each is listed by variable and by type.
// ensure_started is left out: it returns a sender that is usually awaited;
// only dropping that sender detaches the work.
//
// stdexec renamed `exec::` to `experimental::execution::` in 2026 and kept
// `exec` as a namespace alias: entries keep the short `exec::` spelling and
// the alias below gives each its current name as well. Implementation
// namespaces (`__scope`, `__task`, ...) are left out of names (Names.h), so
// `exec::__scope::async_scope` is `exec::async_scope`.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::Cancellation, "stdexec::inplace_stop_token"},
    {Role::LazyTask, "exec::task"},
    {Role::LazyTask, "exec::basic_task"},
    {Role::LazyTask, "stdexec::task"},
    {Role::BlockingWait, "stdexec::sync_wait"},
    {Role::BlockingWait, "stdexec::sync_wait_t"},
    {Role::BlockingWait, "stdexec::sync_wait_with_variant"},
    {Role::BlockingWait, "stdexec::sync_wait_with_variant_t"},
    {Role::Detaches, "exec::start_detached"},
    {Role::Detaches, "exec::start_detached_t"},
    {Role::Detaches, "stdexec::start_detached"},
    {Role::Detaches, "stdexec::start_detached_t"},
    {Role::ScopedSpawn, "exec::async_scope::spawn"},
    {Role::ScopedSpawn, "exec::async_scope::spawn_future"},
    {Role::ScopedSpawn, "stdexec::spawn"},
    {Role::ScopedSpawn, "stdexec::spawn_t"},
    {Role::ScopedSpawn, "stdexec::spawn_future"},
    {Role::ScopedSpawn, "stdexec::spawn_future_t"},
    // coroguard-missing-cancellation
    {Role::Cancellation, "stdexec::never_stop_token", "never"},
    // The task's stop token reaches every sender it awaits.
    {Role::ForwardsCancellation, "exec::task"},
    {Role::ForwardsCancellation, "exec::basic_task"},
    {Role::ForwardsCancellation, "stdexec::task"},
    // coroguard-dangling-reference: services that outlive the tasks
    // referring to them (bases included: a derived executor is one too).
    {Role::LongLived, "exec::static_thread_pool"},
    {Role::LongLived, "stdexec::run_loop"},
    // coroguard-task-reuse: ensure_started and split take their sender by
    // forwarding reference and move a task (move-only) out of it (sync_wait,
    // start_detached and spawn consume through their roles).
    {Role::Consumes, "stdexec::ensure_started"},
    {Role::Consumes, "stdexec::ensure_started_t"},
    {Role::Consumes, "stdexec::split"},
    {Role::Consumes, "stdexec::split_t"},
};

static const llvm::StringRef Aliases[] = {"exec=experimental::execution"};
static const llvm::StringRef Namespaces[] = {"stdexec", "exec",
                                             "experimental::execution"};

extern const LibraryProfile StdexecProfile = {"stdexec", "stdexec / P2300",
                                              Aliases, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
