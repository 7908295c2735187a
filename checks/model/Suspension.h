//===--- Suspension.h - Where a coroutine suspends -------------*- C++ -*-===//
//
// "Where does this coroutine suspend, and what is live there?" asked once for
// every check that needs it (locks and thread_locals across a suspension,
// references used after one, tasks used after they were consumed).
//
// The answer is read from clang's CFG of the coroutine's body. Clang builds
// it from the user's body alone: the implicit initial and final suspends are
// not in it, and a co_return jumps to the exit after destroying the locals in
// scope, so the paths are the ones the user wrote. A suspension point is a
// user-written `co_await` or `co_yield` (the one in `co_return co_await x`
// included) whose awaiter can suspend.
//
// The CFG is built with every expression as an element, in evaluation order,
// with implicit destructors (the end of a guard's scope is an element), and
// with exception edges (a call inside a `try` may throw to its handlers).
// The elements of one `co_await` are, in order: its operand, the awaiter's
// await_ready / await_suspend / await_resume calls, then the CoawaitExpr
// itself. The coroutine suspends in await_suspend: the model places the
// suspension at that call's element (suspendsAt). Everything before it runs
// before the suspension, everything after it -- await_resume, which may
// throw to a handler, the CoawaitExpr, what follows -- after the resumption.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_SUSPENSION_H
#define COROGUARD_MODEL_SUSPENSION_H

#include "AsyncModel.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class CFG;
class CFGElement;
class CoroutineSuspendExpr;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace clang::tidy::coroguard::model {

/// Where an element sits in a CFG: block ID and index within the block.
struct FlowPosition {
  unsigned Block = 0;
  unsigned Index = 0;
};

/// One point where the coroutine can suspend.
struct SuspensionPoint {
  /// The CoawaitExpr or CoyieldExpr the user wrote.
  const CoroutineSuspendExpr *Expr = nullptr;
  /// The element where the coroutine suspends: the awaiter's await_suspend
  /// call (the await expression itself when that call is not an element).
  FlowPosition Position;
};

/// The control flow of one function body, with its suspension points (none
/// when the function is not a coroutine).
class CoroutineFlow {
public:
  /// Called with the facts that hold before Element; updates them to what
  /// holds after it.
  using TransferFn =
      llvm::function_ref<void(const CFGElement &Element, llvm::BitVector &)>;
  /// Called once per reachable element, with the facts before it.
  using VisitFn = llvm::function_ref<void(const CFGElement &Element,
                                          const llvm::BitVector &Before)>;

  const FunctionDecl *function() const { return Function; }
  const CFG &cfg() const { return *Cfg; }

  /// Every suspension point, in the order of the CFG's elements.
  llvm::ArrayRef<SuspensionPoint> suspensions() const { return Points; }
  /// The suspension point whose co_await / co_yield expression is S.
  const SuspensionPoint *suspensionAt(const Stmt *S) const;
  /// The suspension point that suspends at Element (its await_suspend
  /// call), if any. Transfer functions use this: facts that change when the
  /// coroutine suspends change here, once per suspension.
  const SuspensionPoint *suspendsAt(const CFGElement &Element) const;
  /// Where S is evaluated, if S is an element of the CFG (not, for example,
  /// a statement of a lambda body defined in the coroutine).
  std::optional<FlowPosition> positionOf(const Stmt *S) const;

  /// A suspension point that can be evaluated on some path from the start of
  /// the body to S, before S; null when S always runs before any suspension
  /// (or is not an element). Of several, the last in source order before S.
  const SuspensionPoint *suspensionBefore(const Stmt *S) const;
  /// A suspension point on some path that runs From and then To, after From
  /// and before To (a loop back edge counts); null if there is none or either
  /// is not an element.
  const SuspensionPoint *suspensionBetween(const Stmt *From,
                                           const Stmt *To) const;

  /// A forward may-analysis ("holds on some path") over facts numbered
  /// [0, NumFacts): the facts at the entry are empty, a block's input is the
  /// union of its reachable predecessors' outputs, and co_return paths end at
  /// the exit like any return. After the fixpoint, Visit is called once per
  /// reachable element with the facts that hold before it, blocks in
  /// reverse post-order.
  void forwardMay(unsigned NumFacts, TransferFn Transfer, VisitFn Visit) const;

private:
  friend class SuspensionModel;
  const FunctionDecl *Function = nullptr;
  std::unique_ptr<CFG> Cfg;
  std::vector<SuspensionPoint> Points;
  llvm::DenseMap<const Stmt *, FlowPosition> Positions;
  llvm::DenseMap<const Stmt *, unsigned> PointIndex;
  llvm::DenseMap<const Stmt *, unsigned> SuspendingElement;
  /// PointsBefore[Block]: the suspension points that may have run before the
  /// block starts (one bit per entry of Points).
  std::vector<llvm::BitVector> PointsBefore;
};

/// Builds and caches the flow of each coroutine of a translation unit.
class SuspensionModel {
public:
  explicit SuspensionModel(AsyncModel &Model);
  ~SuspensionModel();

  /// The flow of FD's body, a coroutine's or an ordinary function's (then it
  /// has no suspension points); null when FD has no body, is invalid or
  /// dependent (templates are read in their instantiations), or its CFG
  /// cannot be built (half-typed code).
  const CoroutineFlow *flowOf(const FunctionDecl *FD);

  /// Whether a `co_await` / `co_yield` can suspend: false for the implicit
  /// initial and final suspends, for awaitables with the NeverSuspends role
  /// (annotation, profile, option AllowedAwaitables), and for awaiters whose
  /// await_ready() plainly returns true (std::suspend_never).
  bool canSuspend(const CoroutineSuspendExpr *E);

  /// Forgets the previous translation unit.
  void reset();

private:
  AsyncModel &Model;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CoroutineFlow>> Flows;
};

} // namespace clang::tidy::coroguard::model

#endif
