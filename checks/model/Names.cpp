//===--- Names.cpp --------------------------------------------------------===//

#include "Names.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coroguard::model {

static void appendName(const NamedDecl *D, std::string &Out) {
  if (const IdentifierInfo *II = D->getIdentifier())
    Out += II->getName();
  else
    Out += D->getDeclName().getAsString();
}

std::string qualifiedName(const NamedDecl *D) {
  llvm::SmallVector<const NamedDecl *, 6> Scopes;
  for (const DeclContext *Ctx = D->getDeclContext(); Ctx;
       Ctx = Ctx->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(Ctx)) {
      // Inline namespaces (versions, ABI tags) and namespaces whose name
      // begins with '_' (where libraries hide an implementation from ADL and
      // re-export it with a using-declaration: unifex::_async_scope,
      // stdexec's __scope) are not part of the name users know.
      if (NS->isInline() || NS->isAnonymousNamespace() ||
          NS->getName().starts_with("_"))
        continue;
      Scopes.push_back(NS);
    } else if (const auto *RD = dyn_cast<RecordDecl>(Ctx)) {
      if (RD->getIdentifier())
        Scopes.push_back(RD);
    } else if (const auto *FD = dyn_cast<FunctionDecl>(Ctx)) {
      Scopes.push_back(FD);
    } else if (const auto *ED = dyn_cast<EnumDecl>(Ctx)) {
      // A scoped enumerator is named through its enum:
      // "std::future_status::ready".
      if (ED->isScoped())
        Scopes.push_back(ED);
    }
  }
  std::string Name;
  for (const NamedDecl *Scope : llvm::reverse(Scopes)) {
    appendName(Scope, Name);
    Name += "::";
  }
  appendName(D, Name);
  return Name;
}

static bool looksLikeRegex(llvm::StringRef S) {
  return S.find_first_of("^$*+?()[]{}|\\.") != llvm::StringRef::npos;
}

NameList::NameList(llvm::StringRef Option) {
  // Entries are separated by ';' or ','.
  while (!Option.empty()) {
    size_t Cut = Option.find_first_of(";,");
    llvm::StringRef Item = Option.substr(0, Cut).trim();
    Option = Cut == llvm::StringRef::npos ? "" : Option.substr(Cut + 1);
    if (Item.empty())
      continue;
    Item.consume_front("::");
    if (!looksLikeRegex(Item)) {
      Exact.try_emplace(Item, 0);
      continue;
    }
    auto R = std::make_shared<llvm::Regex>(("^(::)?(" + Item + ")$").str());
    std::string Error;
    if (R->isValid(Error))
      Patterns.push_back(std::move(R));
    else
      Invalid.push_back(Item.str());
  }
}

bool NameList::matches(llvm::StringRef QualifiedName) const {
  if (Exact.count(QualifiedName))
    return true;
  for (const auto &R : Patterns)
    if (R->match(QualifiedName))
      return true;
  return false;
}

} // namespace clang::tidy::coroguard::model
