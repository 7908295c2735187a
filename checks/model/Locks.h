//===--- Locks.h - Which locks a piece of code takes and releases -*- C++ -*-=//
//
// The lock part of the async model: is a type a thread-owned lock (a mutex
// owned by the thread that locked it, or an RAII guard of one) or an async
// lock (made to be held across co_await)? Which CFG elements take a lock and
// which let it go?
//
// A type's kind comes, in this order, from coroguard annotations
// (thread_lock / async_lock), Clang's thread-safety attributes
// (`scoped_lockable` on a guard class, `capability` on a mutex class), the
// library profiles, and the options LockTypes / AsyncLockTypes. A guard
// template of a thread-lock library (std::unique_lock<M>) takes the kind of
// the mutex it holds: std::unique_lock<async_simple::coro::Mutex> is an
// async lock's guard.
//
// What an operation does comes from Clang's `acquire_capability` /
// `try_acquire_capability` / `release_capability` attributes, from the
// profiles (a function with the ThreadLock or AsyncLock role whose detail is
// "acquire", "try_acquire", "acquire_each", "try_acquire_each" or
// "release": pthread_mutex_lock, absl::Mutex::Lock, std::lock), and, on a
// lock type, from the names of the standard's Lockable requirements (lock,
// try_lock*, lock_shared, try_lock_shared*, unlock, unlock_shared; a guard's
// release()).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_LOCKS_H
#define COROGUARD_MODEL_LOCKS_H

#include "AsyncModel.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang {
class CFGElement;
class Expr;
class Stmt;
class ValueDecl;
class VarDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// What kind of lock a type is.
enum class LockKind {
  None,   ///< Not a lock, or one the model does not know.
  Thread, ///< Owned by the thread that locked it: std::mutex, its guards.
  Async,  ///< Made to be held across co_await: coro::mutex, its guards.
};

/// One thing a CFG element does to a lock.
struct LockEvent {
  enum EventKind {
    /// A guard variable is constructed holding the lock of Mutexes (with
    /// std::adopt_lock: it takes over a lock the code already holds).
    GuardAcquire,
    /// A guard variable is constructed without the lock (std::defer_lock):
    /// it holds Mutexes after a later lock().
    GuardDeferred,
    /// A guard variable is constructed from another guard (Source), which
    /// hands over whatever it held.
    GuardTransfer,
    /// Object (a mutex, or a guard) is locked: m.lock(), g.lock(),
    /// pthread_mutex_lock(&m), each argument of std::lock.
    Acquire,
    /// Object (a mutex or a guard) is unlocked.
    Release,
    /// The guard Object lets go of its mutex without unlocking it
    /// (std::unique_lock::release()): the mutex stays locked.
    Disown,
    /// The guard Object is moved from (std::move(g) handed on).
    MoveOut,
  };
  explicit LockEvent(EventKind K) : Kind(K) {}
  EventKind Kind;
  /// What the event is written as: the call, the declaration, the
  /// std::move.
  const Stmt *Site = nullptr;
  /// The guard variable of the Guard* events.
  const VarDecl *Guard = nullptr;
  /// The locked or unlocked object (Acquire, Release, Disown, MoveOut), or
  /// the std::move(g) call of the guard handing over its lock
  /// (GuardTransfer).
  const Expr *Object = nullptr;
  /// The mutexes a guard takes (GuardAcquire, GuardDeferred).
  llvm::SmallVector<const Expr *, 2> Mutexes;
  /// A try-lock (try_lock(), std::try_to_lock, a timeout): the lock may not
  /// have been taken.
  bool Try = false;
  /// The guard takes over a lock already held (std::adopt_lock).
  bool Adopts = false;
};

class LockModel {
public:
  explicit LockModel(AsyncModel &M) : Model(M) {}

  /// The kind of a type (references, pointers, arrays and cv-qualifiers
  /// looked through): a mutex's or a guard's.
  LockKind kindOf(QualType T);
  /// Whether T is an RAII guard (holds a lock for its lifetime) of any kind.
  bool isGuard(QualType T);

  /// What Element does to locks, appended to Out. Only elements of the
  /// function's own body are read (a lambda's body is not an element).
  void eventsOf(const CFGElement &Element,
                llvm::SmallVectorImpl<LockEvent> &Out);
  /// The lock events of the calls an invoked lambda's body makes to objects
  /// of the enclosing function (m.lock() inside `[&] { m.lock(); }()`):
  /// Acquire for objects locked and not unlocked there, Release for objects
  /// unlocked and not locked there. Flow-insensitive; the lambda's own
  /// guards die with it.
  void lambdaCallEvents(const Expr *Call,
                        llvm::SmallVectorImpl<LockEvent> &Out);

  /// A key naming the object an expression refers to, equal for two
  /// expressions that name the same variable or member chain
  /// (`m`, `&m`, `this->m_`, `s.m_`): "" when none can be built.
  static std::string objectKey(const Expr *E);
  /// The key of a variable or member, as objectKey gives it for a reference
  /// to it.
  static std::string varKey(const ValueDecl *D);
  /// How diagnostics name a lock object: its source text, e.g. "mu_".
  static std::string objectName(const Expr *E, const ASTContext &Ctx);

  /// Forgets the previous translation unit.
  void reset() { Kinds.clear(); }

private:
  LockKind kindOfRecord(const CXXRecordDecl *RD);
  LockKind ownKind(const CXXRecordDecl *RD);
  void callEvents(const Expr *E, const Stmt *Site,
                  llvm::SmallVectorImpl<LockEvent> &Out);
  void guardEvents(const VarDecl *VD, const Stmt *Site,
                   llvm::SmallVectorImpl<LockEvent> &Out);

  AsyncModel &Model;
  llvm::DenseMap<const CXXRecordDecl *, LockKind> Kinds;
};

} // namespace clang::tidy::coroguard::model

#endif
