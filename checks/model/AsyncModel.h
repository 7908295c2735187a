//===--- AsyncModel.h - The shared async model -----------------*- C++ -*-===//
//
// The one place that knows what a type or call means in async terms. Every
// coroguard check asks its questions here; no check keeps its own list of
// names. Answers come, in this order, from coroguard annotations, Clang's
// coroutine attributes, the built-in library profiles, the user's options,
// and finally from the structure of the code.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_ASYNCMODEL_H
#define COROGUARD_MODEL_ASYNCMODEL_H

#include "Names.h"
#include "Profiles.h"
#include "Roles.h"
#include "clang/AST/DeclarationName.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CXXRecordDecl;
class Decl;
class Expr;
class FunctionDecl;
class NamedDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// How a coroutine type starts.
enum class Start { Unknown, Lazy, Eager };

/// What the model knows about a type.
struct TypeInfo {
  bool IsTask = false;      ///< Work that must be awaited or handed on.
  bool IsAwaitable = false; ///< An awaitable that is not a task.
  bool IsDetached = false;  ///< A coroutine type nobody can observe.
  Start Starts = Start::Unknown;
  const CXXRecordDecl *Record = nullptr;
  /// The profile the type belongs to, if any ("asio").
  llvm::StringRef Library;

  /// Worth reporting when lost: a task, or an awaitable operation.
  bool mustBeUsed() const { return IsTask || IsAwaitable; }
};

/// User options that extend the model. Every option takes a ';'-separated
/// list of qualified names or regular expressions.
struct ModelOptions {
  std::string TaskTypes, LazyTaskTypes, EagerTaskTypes, DetachedTypes;
  std::string BlockingFunctions, BlockingWaitFunctions, DetachFunctions;
  std::string ScopedSpawnFunctions, UnboundedFanoutFunctions;
  std::string BoundedFanoutFunctions, ThrottleFunctions, AllowDetachFunctions;
  std::string LockTypes, AsyncLockTypes, AllowedAwaitables;
  std::string ThreadPinnedTaskTypes, MultiShotTaskTypes, ConsumingFunctions;
  std::string LongLivedTypes, CancellationTypes;
  /// Which built-in profiles are active: "all", or a list of profile names.
  std::string Profiles = "all";
};

/// The record a type names, references and dependent template names seen
/// through.
const CXXRecordDecl *recordOf(QualType T);
/// The definition to read members from: the record's own or, for a template
/// specialization not instantiated here, the template's.
const CXXRecordDecl *definitionOrPattern(const CXXRecordDecl *RD);
/// A member of a record or of its bases, by name.
const NamedDecl *findMember(const CXXRecordDecl *RD, DeclarationName Name);
const NamedDecl *findMember(const CXXRecordDecl *RD, llvm::StringRef Name);
/// The promise type a coroutine returning RD uses, when RD names one
/// (a nested promise_type class or alias); null otherwise.
const CXXRecordDecl *promiseOf(const CXXRecordDecl *RD);
/// Whether values of the record can be co_awaited by their own interface:
/// await_ready/await_suspend/await_resume, or a member or free
/// operator co_await.
bool isAwaitable(const CXXRecordDecl *RD);
/// The constant an awaiter's await_ready() returns, when its body is one
/// `return <constant>;` (std::suspend_never: true); nullopt otherwise.
std::optional<bool> constantAwaitReady(const CXXRecordDecl *Awaiter);

class AsyncModel {
public:
  explicit AsyncModel(const ModelOptions &Options);

  /// Roles of a declaration (function, variable, record), from annotations,
  /// profiles and options.
  RoleSet roles(const NamedDecl *D);
  /// Roles of whatever a call invokes: the function, the object of a member
  /// call seen through its static type, or a function object by variable and
  /// by type.
  RoleSet calleeRoles(const CallExpr *Call);
  /// The qualified name a call is best known by ("cppcoro::sync_wait",
  /// "std::future::get").
  std::string calleeName(const CallExpr *Call);

  /// What the model knows about a type (references and cv-qualifiers are
  /// looked through).
  TypeInfo typeInfo(QualType T);

  /// The role-specific detail a profile or annotation gives for a name:
  /// the limit parameter of a parallel loop, the alternative a library
  /// offers. Library narrows advice to one profile when not empty.
  llvm::StringRef detail(Role R, llvm::StringRef QualifiedName,
                         llvm::StringRef Library = {}) const;
  /// The annotation detail on a declaration (e.g. parallel_loop's limit).
  llvm::StringRef annotationDetail(const NamedDecl *D, Role R);

  /// Names of the profiles that are active.
  llvm::ArrayRef<const LibraryProfile *> profiles() const { return Active; }
  /// The active profile whose namespaces contain a declaration, if any.
  llvm::StringRef libraryOf(const NamedDecl *D);
  /// Whether a declaration is a library's own code: it lies inside the
  /// namespaces of an active profile (the coroguard runtime's included),
  /// wherever its header is installed. No check reports inside it or follows
  /// calls into it.
  bool isLibraryCode(const Decl *D);

  /// An option entry that could not be used, to be reported to the user.
  struct ConfigError {
    std::string Option;  ///< The option's name: "BlockingFunctions".
    std::string Value;   ///< The entry as written.
    std::string Message; ///< "invalid regular expression '['".
  };
  const std::vector<ConfigError> &configErrors() const { return ConfigErrors; }

  /// Drops every cache when a new translation unit starts.
  void beginTranslationUnit(const ASTContext &Ctx);

private:
  RoleSet rolesOfName(llvm::StringRef QualifiedName) const;
  /// The active profile whose namespaces contain a qualified name ("" if
  /// none): the last one listed, when several do.
  llvm::StringRef profileClaiming(llvm::StringRef QualifiedName) const;
  RoleSet annotationRoles(const Decl *D);
  TypeInfo classify(const CXXRecordDecl *RD);

  struct NameEntry {
    RoleSet Roles;
    llvm::SmallVector<std::pair<Role, std::string>, 1> Details;
    llvm::SmallVector<llvm::StringRef, 1> Libraries; // per detail
  };
  llvm::StringMap<NameEntry> ByName;
  std::vector<std::pair<NameList, Role>> OptionLists;
  std::vector<const LibraryProfile *> Active;
  std::vector<ConfigError> ConfigErrors;

  const ASTContext *CurrentTU = nullptr;
  llvm::DenseMap<const Decl *, RoleSet> RoleCache;
  llvm::DenseMap<const void *, TypeInfo> TypeCache;
  llvm::DenseMap<const Decl *, llvm::StringRef> LibraryCache;
  llvm::DenseMap<const Decl *, bool> LibraryCodeCache;
};

} // namespace clang::tidy::coroguard::model

#endif
