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
};

static const llvm::StringRef Namespaces[] = {"concurrencpp"};

extern const LibraryProfile ConcurrencppProfile = {
    "concurrencpp", "concurrencpp", {}, Namespaces, Entries};

} // namespace clang::tidy::coroguard::model
