//===--- Profiles.cpp - The list of built-in profiles ---------------------===//

#include "Profiles.h"

namespace clang::tidy::coroguard::model {

extern const LibraryProfile StdProfile;
extern const LibraryProfile CoroGuardProfile;
extern const LibraryProfile AsioProfile;
extern const LibraryProfile LibcoroProfile;
extern const LibraryProfile CppcoroProfile;
extern const LibraryProfile FollyProfile;
extern const LibraryProfile SeastarProfile;
extern const LibraryProfile CobaltProfile;
extern const LibraryProfile ConcurrencppProfile;
extern const LibraryProfile StdexecProfile;
extern const LibraryProfile UnifexProfile;
extern const LibraryProfile QCoroProfile;
extern const LibraryProfile AsyncSimpleProfile;
extern const LibraryProfile BoostThreadProfile;
extern const LibraryProfile AbseilProfile;

llvm::ArrayRef<const LibraryProfile *> builtinProfiles() {
  static const LibraryProfile *const All[] = {
      &StdProfile,          &CoroGuardProfile, &AsioProfile,    &LibcoroProfile,
      &CppcoroProfile,      &FollyProfile,     &SeastarProfile, &CobaltProfile,
      &ConcurrencppProfile, &StdexecProfile,   &UnifexProfile,  &QCoroProfile,
      &AsyncSimpleProfile,
      &BoostThreadProfile,
      &AbseilProfile,
  };
  return All;
}

} // namespace clang::tidy::coroguard::model
