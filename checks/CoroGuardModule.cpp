//===--- CoroGuardModule.cpp - The coroguard clang-tidy module ------------===//

#include "model/CheckRegistry.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::coroguard {

class CoroGuardModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (const CheckRegistration &C : registeredChecks())
      C.Register(Factories, C.Name);
  }
};

static ClangTidyModuleRegistry::Add<CoroGuardModule>
    X("coroguard-module", "Checks for async misuse in C++20 coroutine code.");

} // namespace clang::tidy::coroguard

// Referenced by the driver so that static linking keeps the registration.
namespace clang::tidy {
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int CoroGuardModuleAnchorSource = 0;
} // namespace clang::tidy
