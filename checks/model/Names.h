//===--- Names.h - Qualified names and name lists --------------*- C++ -*-===//

#ifndef COROGUARD_MODEL_NAMES_H
#define COROGUARD_MODEL_NAMES_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class NamedDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// The name profiles and options use for a declaration: namespaces and
/// classes joined by "::", no leading "::", no template arguments; inline and
/// anonymous namespaces, and namespaces whose name begins with '_', left out
/// ("std::future::get", not "std::__basic_future<int>::get" nor
/// "std::__1::future<int>::get"; "unifex::async_scope", not
/// "unifex::v1::_async_scope::async_scope").
std::string qualifiedName(const NamedDecl *D);

/// A list of names from an option: ';' or ',' separated; an entry with a
/// regular-expression character is matched as a whole-name regex, any other
/// entry exactly. A leading "::" is ignored.
class NameList {
public:
  NameList() = default;
  explicit NameList(llvm::StringRef Option);
  bool empty() const { return Exact.empty() && Patterns.empty(); }
  bool matches(llvm::StringRef QualifiedName) const;
  /// Entries that are not valid regular expressions, to report once.
  const std::vector<std::string> &invalidEntries() const { return Invalid; }

private:
  llvm::StringMap<char> Exact;
  // Shared: llvm::Regex cannot be copied, and lists are copied around.
  std::vector<std::shared_ptr<const llvm::Regex>> Patterns;
  std::vector<std::string> Invalid;
};

} // namespace clang::tidy::coroguard::model

#endif
