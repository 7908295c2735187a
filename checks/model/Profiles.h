//===--- Profiles.h - Built-in library profiles ----------------*- C++ -*-===//
//
// A profile is data: the names one async library gives to each role. Adding a
// library means adding a table in profiles/, never touching a check.
//
// Names are fully qualified without a leading "::" and without template
// arguments ("folly::coro::Task", "std::future::get"). A member function is
// named through the class it is called on or the class that declares it.
// Function objects are listed by variable name and by type name.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_PROFILES_H
#define COROGUARD_MODEL_PROFILES_H

#include "Roles.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::coroguard::model {

struct ProfileEntry {
  Role R;
  llvm::StringRef Name;
  /// Role-specific: the replacement for NonBlockingAlternative and
  /// BoundedAlternative, the limit parameter's name for ParallelLoop.
  llvm::StringRef Detail = {};
};

struct LibraryProfile {
  llvm::StringRef Name; ///< As used in the Profiles option: "asio".
  llvm::StringRef Title; ///< As shown to users: "Asio / Boost.Asio".
  /// Each entry "a=b" says names starting with "a::" are also known as
  /// "b::..." (standalone Asio and Boost.Asio share one table).
  llvm::ArrayRef<llvm::StringRef> NamespaceAliases;
  /// Namespaces that identify the library's own types, so advice can be
  /// taken from the library the coroutine is written against.
  llvm::ArrayRef<llvm::StringRef> Namespaces;
  llvm::ArrayRef<ProfileEntry> Entries;
};

/// Every built-in profile, in a stable order.
llvm::ArrayRef<const LibraryProfile *> builtinProfiles();

} // namespace clang::tidy::coroguard::model

#endif
