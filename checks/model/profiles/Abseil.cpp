//===--- Abseil.cpp - Abseil's synchronization ----------------------------===//
//
// Thread-owned locks (coroguard-lock-across-suspend). absl::Mutex's own
// spelling (Lock, ReaderLock, Unlock, ...) is listed with what each member
// does; real Abseil headers also carry Clang's thread-safety attributes
// (ABSL_EXCLUSIVE_LOCK_FUNCTION and friends), which the model reads too.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    // coroguard-lock-across-suspend
    {Role::ThreadLock, "absl::Mutex"},
    {Role::ThreadLock, "absl::MutexLock"},
    {Role::ThreadLock, "absl::MutexLockMaybe"},
    {Role::ThreadLock, "absl::ReaderMutexLock"},
    {Role::ThreadLock, "absl::WriterMutexLock"},
    {Role::ThreadLock, "absl::ReleasableMutexLock"},
    {Role::ThreadLock, "absl::Mutex::Lock", "acquire"},
    {Role::ThreadLock, "absl::Mutex::ReaderLock", "acquire"},
    {Role::ThreadLock, "absl::Mutex::WriterLock", "acquire"},
    {Role::ThreadLock, "absl::Mutex::LockWhen", "acquire"},
    {Role::ThreadLock, "absl::Mutex::ReaderLockWhen", "acquire"},
    {Role::ThreadLock, "absl::Mutex::WriterLockWhen", "acquire"},
    {Role::ThreadLock, "absl::Mutex::LockWhenWithTimeout", "acquire"},
    {Role::ThreadLock, "absl::Mutex::LockWhenWithDeadline", "acquire"},
    {Role::ThreadLock, "absl::Mutex::TryLock", "try_acquire"},
    {Role::ThreadLock, "absl::Mutex::ReaderTryLock", "try_acquire"},
    {Role::ThreadLock, "absl::Mutex::WriterTryLock", "try_acquire"},
    {Role::ThreadLock, "absl::Mutex::Unlock", "release"},
    {Role::ThreadLock, "absl::Mutex::ReaderUnlock", "release"},
    {Role::ThreadLock, "absl::Mutex::WriterUnlock", "release"},
    {Role::ThreadLock, "absl::ReleasableMutexLock::Release", "release"},
};

static const llvm::StringRef Namespaces[] = {"absl"};

extern const LibraryProfile AbseilProfile = {
    "abseil", "Abseil", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
