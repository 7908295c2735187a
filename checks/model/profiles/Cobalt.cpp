//===--- Cobalt.cpp - Boost.Cobalt (boost::cobalt) ------------------------===//
//
// cobalt::spawn detaches only with the asio::detached token, which the Asio
// profile already names; promise::detach and unary + detach a promise.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::LazyTask, "boost::cobalt::task"},
    {Role::EagerTask, "boost::cobalt::promise"},
    {Role::DetachedType, "boost::cobalt::detached"},
    {Role::BlockingWait, "boost::cobalt::run"},
    {Role::Detaches, "boost::cobalt::promise::detach"},
    {Role::Detaches, "boost::cobalt::promise::operator+"},
    {Role::ScopedSpawn, "boost::cobalt::wait_group::push_back"},
    // coroguard-missing-cancellation
    // Awaited operations are bound to the coroutine's cancellation slot.
    {Role::ForwardsCancellation, "boost::cobalt::task"},
    {Role::ForwardsCancellation, "boost::cobalt::promise"},
    {Role::ForwardsCancellation, "boost::cobalt::generator"},
};

static const llvm::StringRef Namespaces[] = {"boost::cobalt"};

extern const LibraryProfile CobaltProfile = {"cobalt", "Boost.Cobalt", {},
                                             Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
