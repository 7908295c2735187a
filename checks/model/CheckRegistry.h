//===--- CheckRegistry.h - Checks register themselves ----------*- C++ -*-===//
//
// Each check's .cpp ends with COROGUARD_REGISTER_CHECK(Class, "name"); the
// module adds every registered check. Adding a check touches no shared file.
// The objects are linked directly (an OBJECT library), so no registration is
// dropped by the linker.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_CHECKREGISTRY_H
#define COROGUARD_MODEL_CHECKREGISTRY_H

#include "clang-tidy/ClangTidyModule.h"
#include <vector>

namespace clang::tidy::coroguard {

struct CheckRegistration {
  const char *Name;
  void (*Register)(ClangTidyCheckFactories &, const char *Name);
};

/// Every check registered so far.
inline std::vector<CheckRegistration> &registeredChecks() {
  static std::vector<CheckRegistration> Checks;
  return Checks;
}

template <class CheckType> struct CheckRegistrar {
  explicit CheckRegistrar(const char *Name) {
    registeredChecks().push_back(
        {Name, [](ClangTidyCheckFactories &F, const char *N) {
           F.registerCheck<CheckType>(N);
         }});
  }
};

} // namespace clang::tidy::coroguard

#define COROGUARD_REGISTER_CHECK(Class, Name)                                  \
  static ::clang::tidy::coroguard::CheckRegistrar<Class> Class##Registrar(Name)

#endif
