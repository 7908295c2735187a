//===--- Cancellation.h - Tokens and cancellable calls -------*- C++ -*-===//
//
// "Which cancellation tokens does this coroutine hold, and could this call
// have taken one?" (coroguard-missing-cancellation).
//
// A token type has the Cancellation role (annotation `cancellation`, a
// profile, the CancellationTypes option). A profile can mark a token type as
// one that never stops (stdexec::never_stop_token, unifex::unstoppable_token)
// by the detail "never": passing one is passing an empty token, holding one
// is holding none.
//
// A call has a cancellable form when
// - its callee has a token parameter the call leaves to its default
//   argument;
// - an overload of the same name (a member of the same class or of a base,
//   or a function of the same namespace declared before the call) has the
//   callee's parameters plus exactly one of a token type, wherever it goes;
// - a profile names a cancellable alternative (Role::CancellableAlternative,
//   detail the alternative's qualified name: seastar::sleep ->
//   seastar::sleep_abortable), taking the tokens of that profile's library.
//
// Some coroutine types hand the awaiting coroutine's token to what it awaits
// (folly::coro::Task, asio::awaitable, async_simple Lazy, exec::task,
// unifex::task): Role::ForwardsCancellation on the coroutine's return type.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_CANCELLATION_H
#define COROGUARD_MODEL_CANCELLATION_H

#include "AsyncModel.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang {
class CallExpr;
class CoroutineBodyStmt;
class Expr;
class FunctionDecl;
class SourceManager;
class Stmt;
class ValueDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// A cancellation token a coroutine can name.
struct HeldToken {
  enum class Kind {
    Parameter, ///< A parameter of the coroutine.
    Capture,   ///< A capture of a coroutine lambda.
    Member,    ///< A data member of `this` (a member coroutine, or a lambda
               ///< that captures `this`).
    Local,     ///< A local initialised from one of the above.
  };
  const ValueDecl *Decl = nullptr;
  Kind K = Kind::Parameter;
  /// Locals only: the range of source in which the local can be named.
  SourceRange Scope;
};

/// Where a cancellable form takes its token.
enum class TokenPosition { Unknown, First, Last, Middle };

/// How a call could have taken a token.
struct CancellableForm {
  enum class Kind {
    DefaultedParameter, ///< The callee itself; its token is defaulted.
    Overload,           ///< An overload with one more token parameter.
    Alternative,        ///< Another function a profile names.
  };
  Kind K = Kind::Overload;
  /// The overload, the callee, or the alternative when it is declared here.
  const FunctionDecl *Function = nullptr;
  /// How messages name it: "schedule_after(duration, cancellation_token)",
  /// the parameter's name, or the alternative's qualified name.
  std::string Description;
  /// The form's token parameter: index and type (null when the alternative
  /// is not declared here; dependent for a template's parameter).
  unsigned TokenIndex = 0;
  QualType TokenType;
  TokenPosition Position = TokenPosition::Unknown;
  /// Appending the token to the arguments the user wrote calls the form
  /// (renamed, for an alternative): the token is its last parameter and no
  /// parameter before it is left to a default.
  bool Appendable = false;
  /// Alternatives: the profile whose tokens it takes.
  llvm::StringRef Library;
};

class CancellationModel {
public:
  explicit CancellationModel(AsyncModel &M) : M(M) {}

  /// Whether T (references looked through) is a cancellation token type,
  /// never-stopping ones included.
  bool isTokenType(QualType T);
  /// Whether a parameter of type T takes a token that can stop: a token
  /// type, or a std::optional of one.
  bool isTokenParameter(QualType T);
  /// Whether T is a token type that can never be stopped.
  bool isNeverStopping(QualType T);
  /// Whether the coroutine's own type hands its token to what it awaits.
  bool forwardsImplicitly(const FunctionDecl &Coroutine);

  /// The tokens the coroutine holds: its parameters, its captures (a lambda),
  /// the members of `this`, and locals initialised from any of those, in
  /// that order. Never-stopping tokens are left out.
  llvm::SmallVector<HeldToken, 4> heldTokens(const FunctionDecl &Coroutine,
                                             const CoroutineBodyStmt &Body,
                                             const SourceManager &SM);

  /// The cancellable form of a call to a function, if it has one: its own
  /// defaulted token parameter, else an overload. Alternatives are asked
  /// for separately, with the library of the token at hand.
  std::optional<CancellableForm> structuralForm(const CallExpr *Call,
                                                const SourceManager &SM);
  /// The cancellable alternative a profile names for the callee, among the
  /// profiles of Library (the held token's library).
  std::optional<CancellableForm> alternativeForm(const CallExpr *Call,
                                                 llvm::StringRef Library);

  /// Whether a token of type Held can be given for the form's token.
  bool accepts(const CancellableForm &Form, QualType Held);
  /// Whether a token of type Held can be given for parameter Index of FD
  /// (a template's parameter accepts any token).
  bool accepts(const FunctionDecl *FD, unsigned Index, QualType Held);

  /// Whether an argument is an empty token: `{}`, `T()`, `T{}` of a token
  /// type, or a value of a never-stopping token type.
  bool isEmptyToken(const Expr *Arg);

  /// The profile of a token type ("" when none claims it).
  llvm::StringRef libraryOfToken(QualType T);

private:
  AsyncModel &M;
};

/// Whether S names one of the tokens.
bool mentionsToken(const Stmt *S, llvm::ArrayRef<HeldToken> Tokens);

/// The first argument of a call that is not written by the user (a default
/// argument), or the number of arguments. Operator calls are not asked.
unsigned writtenArgumentCount(const CallExpr *Call);

} // namespace clang::tidy::coroguard::model

#endif
