//===--- CoroGuardModule.cpp - The coroguard clang-tidy module ------------===//

#include "BlockingCallCheck.h"
#include "BlockingWaitCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::coroguard {

class CoroGuardModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<BlockingCallCheck>("coroguard-blocking-call");
    Factories.registerCheck<BlockingWaitCheck>("coroguard-blocking-wait");
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
