//===--- QCoro.cpp - QCoro (qcoro/qcoro) ----------------------------------===//
//
// QCoro::Task is eager and not [[nodiscard]]: dropping one is the library's
// way to fire and forget, and what coroguard-discarded-task reports.
//
//===----------------------------------------------------------------------===//

#include "../Profiles.h"

namespace clang::tidy::coroguard::model {

static const ProfileEntry Entries[] = {
    {Role::EagerTask, "QCoro::Task"},
    {Role::LazyTask, "QCoro::LazyTask"},
    {Role::BlockingWait, "QCoro::waitFor"},
};

static const llvm::StringRef Namespaces[] = {"QCoro"};

extern const LibraryProfile QCoroProfile = {"qcoro", "QCoro", {}, Namespaces,
                                            Entries};

} // namespace clang::tidy::coroguard::model
