//===--- BoostThread.cpp - Boost.Thread's mutexes and locks ---------------===//
//
// Thread-owned locks (coroguard-lock-across-suspend). Boost.Thread's classes
// live in namespace boost itself, which other profiles share
// (boost::asio, boost::cobalt): this profile claims no namespace, so the
// library of a boost::asio name stays Asio. Members follow the standard's
// Lockable names; the upgrade operations are listed with what they do.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    // coroguard-lock-across-suspend
    {Role::ThreadLock, "boost::mutex"},
    {Role::ThreadLock, "boost::recursive_mutex"},
    {Role::ThreadLock, "boost::timed_mutex"},
    {Role::ThreadLock, "boost::recursive_timed_mutex"},
    {Role::ThreadLock, "boost::shared_mutex"},
    {Role::ThreadLock, "boost::upgrade_mutex"},
    {Role::ThreadLock, "boost::lock_guard"},
    {Role::ThreadLock, "boost::unique_lock"},
    {Role::ThreadLock, "boost::shared_lock"},
    {Role::ThreadLock, "boost::upgrade_lock"},
    {Role::ThreadLock, "boost::upgrade_to_unique_lock"},
    {Role::ThreadLock, "boost::strict_lock"},
    {Role::ThreadLock, "boost::nested_strict_lock"},
    {Role::ThreadLock, "boost::lock", "acquire_each"},
    {Role::ThreadLock, "boost::try_lock", "try_acquire_each"},
    {Role::ThreadLock, "boost::shared_mutex::lock_upgrade", "acquire"},
    {Role::ThreadLock, "boost::shared_mutex::unlock_upgrade", "release"},
    {Role::ThreadLock, "boost::upgrade_mutex::lock_upgrade", "acquire"},
    {Role::ThreadLock, "boost::upgrade_mutex::try_lock_upgrade", "try_acquire"},
    {Role::ThreadLock, "boost::upgrade_mutex::unlock_upgrade", "release"},
};

extern const LibraryProfile BoostThreadProfile = {
    "boost_thread", "Boost.Thread", {}, {}, Entries};

} // namespace clang::tidy::coroguard::model
