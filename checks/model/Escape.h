//===--- Escape.h - Does a task outlive what it refers to? -----*- C++ -*-===//
//
// The lifetime questions of coroguard-dangling-reference, asked about one call
// that creates a task (a coroutine's, or a coroutine lambda's):
//
//  - what the task refers to: the reference and view parameters its callee
//    uses (any use in a lazy task, a use after the first suspension in an
//    eager one: the suspension model answers), the object a member coroutine
//    is called on, and for a lambda the captures its body uses (by copy they
//    live in the lambda object, by reference in the captured variable);
//  - whether the task escapes the full-expression that creates it, and how:
//    awaited there (directly, or through when_all / then / a joinable spawn
//    that is awaited) it does not; stored in a local, returned, detached,
//    spawned into a scope, or kept by an object that outlives the caller it
//    does;
//  - where each referent dies: a temporary at the end of the
//    full-expression, a local at the end of its block, a by-value parameter
//    when the caller ends, a static never, anything reached through a
//    reference, a pointer or `this` at a time nobody here knows.
//
// The check reports a referent that can die while the escaping task can
// still run. Everything unknown is treated as safe: the analysis never
// guesses a lifetime.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_ESCAPE_H
#define COROGUARD_MODEL_ESCAPE_H

#include "AsyncModel.h"
#include "Names.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class CallExpr;
class Expr;
class FunctionDecl;
class ParentMap;
class ParmVarDecl;
class Stmt;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// How a task leaves the full-expression that creates it.
enum class EscapeKind {
  None,     ///< Awaited or destroyed there, or handed to something unknown.
  Stored,   ///< Held by a local variable of the caller (Holder).
  Returned, ///< Returned by the caller (return / co_return).
  Detached, ///< Handed to a call that detaches it.
  Spawned,  ///< Spawned into a scope (Holder: the scope, when it is a local).
  Kept,     ///< Kept by something that outlives the caller: a member, a
            ///< global, an object reached through a reference or pointer.
};

struct Escape {
  EscapeKind Kind = EscapeKind::None;
  /// The local that holds the task (Stored) or the scope it is spawned into
  /// (Spawned), when that is a local of the caller.
  const VarDecl *Holder = nullptr;
  /// For diagnostics: "stored in 't'", "returned", "detached by 'x::spawn'".
  std::string How;
  /// The call that detaches, spawns, consumes or keeps it.
  const Expr *Where = nullptr;
  explicit operator bool() const { return Kind != EscapeKind::None; }
};

/// When the object an argument refers to dies.
enum class Lifetime {
  Unknown,   ///< Reached through a reference, pointer, `this`, a capture.
  Static,    ///< Static or thread storage: never (for a task).
  Temporary, ///< At the end of the full-expression.
  Local,     ///< At the end of the block of a local of the caller (Var).
  Parameter, ///< When the caller ends: a by-value parameter of it (Var).
};

struct Referent {
  Lifetime Dies = Lifetime::Unknown;
  /// The expression naming the object (the argument, the lambda object).
  const Expr *Object = nullptr;
  /// The local or parameter, for Local and Parameter.
  const VarDecl *Var = nullptr;
};

/// What a task keeps referring to after its creating call returns.
struct TaskReference {
  enum Kind {
    Parameter,      ///< A reference or view parameter (Param).
    ImplicitObject, ///< The object a member coroutine is called on.
    CopyCapture,    ///< A lambda capture by copy: lives in the lambda object.
    RefCapture,     ///< A lambda capture by reference (Captured).
    ThisCapture,    ///< A lambda's `this` capture.
  } K = Parameter;
  const ParmVarDecl *Param = nullptr;
  /// The captured variable (or init-capture) for captures.
  const ValueDecl *Captured = nullptr;
  /// Where the capture is written (invalid for an implicit one).
  SourceLocation CaptureLoc;
  /// Whether the parameter is a view (string_view, span, option ViewTypes).
  bool View = false;
  /// A use in the callee's body that needs the referent alive.
  const Stmt *Use = nullptr;
  /// What dies: the argument's referent, or the lambda object's.
  Referent Target;
};

/// The callee a task-creating call runs, and how it starts.
struct TaskCall {
  const CallExpr *Call = nullptr;
  /// The function whose body runs as the task (a lambda's call operator
  /// included); its definition when visible.
  const FunctionDecl *Callee = nullptr;
  bool BodyVisible = false;
  Start Starts = Start::Unknown;
  /// The lambda object, for a call of a coroutine lambda.
  const Expr *Closure = nullptr;
  /// The lambda's class, for a call of a coroutine lambda.
  const CXXRecordDecl *Lambda = nullptr;
};

class EscapeAnalysis {
public:
  /// Whether Use, in the body of the eager coroutine FD, can run after its
  /// first suspension: the suspension model answers.
  using AfterSuspensionFn =
      llvm::function_ref<bool(const FunctionDecl *FD, const Stmt *Use)>;

  EscapeAnalysis(AsyncModel &M, NameList ViewTypes, NameList AllowedTypes);
  ~EscapeAnalysis();

  /// Forgets the previous translation unit.
  void reset();

  /// The task Call creates, if it creates one whose body is known to be a
  /// coroutine's (or, for a lazy task of the user's code whose body is not
  /// visible, assumed to be).
  std::optional<TaskCall> taskCall(const CallExpr *Call);

  /// What the task keeps referring to, each with the referent's lifetime
  /// as seen from Caller; referents of unknown lifetime left out.
  llvm::SmallVector<TaskReference, 2>
  references(const TaskCall &T, const FunctionDecl &Caller,
             AfterSuspensionFn AfterSuspension);

  /// How the task that E (the call, or a use of a local holding it) gives
  /// leaves its full-expression in Caller's body.
  Escape escapeOf(const Expr *E, const FunctionDecl &Caller);

  /// Whether R can be destroyed while the task Task creates, escaping as
  /// Esc, still runs.
  /// Shared: the caller's locals the task refers to by reference (a wait
  /// on one of them after the call waits for the task).
  bool diesFirst(const Referent &R, const Escape &Esc, const Expr *Task,
                 const FunctionDecl &Caller,
                 llvm::ArrayRef<const VarDecl *> Shared);

  /// Whether T is a view type (option ViewTypes).
  bool isView(QualType T) const;
  /// Whether T is a long-lived type (role LongLived, on it or a base; option
  /// AllowedTypes).
  bool isLongLived(QualType T);

  /// Where a referent's variable's block ends, for notes.
  SourceLocation scopeEnd(const VarDecl *VD, const FunctionDecl &Caller);

private:
  struct Body;
  Body &bodyOf(const FunctionDecl &Caller);
  /// Whether, after Task and before the block of the local (or parameter)
  /// R ends, the caller blocks until async work completes (io_context::run,
  /// sync_wait: the main() of a program that detaches work and runs it), or
  /// waits on what the call that lets the task go signals on completion (a
  /// callback's by-reference capture, a local passed by address, then read
  /// by a loop's condition or a blocking call).
  bool waitsBefore(const Expr *Task, const Referent &R, const Escape &Esc,
                   const FunctionDecl &Caller,
                   llvm::ArrayRef<const VarDecl *> Shared);
  Referent referentOf(const Expr *Arg, bool ViewParam,
                      const FunctionDecl &Caller);
  Referent objectLifetime(const Expr *E, const FunctionDecl &Caller);
  Escape escapeFrom(const Expr *E, const FunctionDecl &Caller, unsigned Depth);
  Escape escapeOfLocal(const VarDecl *VD, const FunctionDecl &Caller,
                       unsigned Depth);
  const Stmt *firstUse(const FunctionDecl *Callee, const Decl *D, bool This,
                       bool Eager, AfterSuspensionFn AfterSuspension);

  AsyncModel &Model;
  NameList ViewTypes;
  NameList AllowedTypes;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Body>> Bodies;
  llvm::DenseMap<const Decl *, bool> LongLivedCache;
  /// firstUse's answers (the eager flag follows from the callee).
  std::map<std::tuple<const FunctionDecl *, const Decl *, bool>, const Stmt *>
      Uses;
};

} // namespace clang::tidy::coroguard::model

#endif
