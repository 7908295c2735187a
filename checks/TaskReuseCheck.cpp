//===--- TaskReuseCheck.cpp - coroguard-task-reuse ------------------------===//
//
// One forward may-analysis per function over the shared model's CFG
// (CoroutineFlow::forwardMay), in the manner of bugprone-use-after-move: a
// fact per consumption site ("t was consumed here"), set where a task is
// consumed, cleared for that task where it is re-initialised (declared again,
// assigned, swapped, handed to a function by non-const lvalue reference,
// address taken, captured by reference) and where a use is reported (one
// report per consumption). A use with a fact of its task live before it is
// reported, with a note at that consumption. The order within a block is the
// CFG's own element order: every expression is an element, in evaluation
// order, so each element is read by itself, without descending into its
// children.
//
//===----------------------------------------------------------------------===//

#include "TaskReuseCheck.h"
#include "model/CheckRegistry.h"
#include "model/Consumption.h"
#include "model/Suspension.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

/// What one element does to one task.
struct TaskReuseCheck::Event {
  enum Kind { Reinit, Use, UseConsume };
  enum How { Await, AwaitMoved, Move, Call, Member };
  const ValueDecl *Var = nullptr;
  /// The reference to the task, where a report goes.
  const Expr *Ref = nullptr;
  Kind K = Use;
  How H = Await;
  /// The function involved, for Move (may be empty), Call and Member.
  std::string Callee;
  /// The fact this consumption sets (UseConsume only).
  unsigned Fact = ~0u;
};

namespace {
using Event = TaskReuseCheck::Event;

/// Calls that are the coroutine machinery of a co_await, not the user's.
bool isCoroutineProtocol(const FunctionDecl *FD) {
  if (FD->getOverloadedOperator() == OO_Coawait)
    return true;
  const IdentifierInfo *II = FD->getIdentifier();
  return II &&
         (II->getName() == "await_transform" ||
          II->getName() == "await_ready" || II->getName() == "await_suspend" ||
          II->getName() == "await_resume");
}

bool isStdMoveOrForward(const FunctionDecl *FD) {
  return FD->isInStdNamespace() && FD->getIdentifier() &&
         (FD->getName() == "move" || FD->getName() == "forward");
}

/// A parameter through which the callee may re-initialise the argument: a
/// non-const lvalue reference, or one that is not known.
bool mayReinitialise(const ParmVarDecl *P) {
  if (!P)
    return true;
  QualType T = P->getType();
  return T->isLValueReferenceType() &&
         !T.getNonReferenceType().isConstQualified();
}

/// Every node of a co_await's own machinery (operator co_await, the
/// promise's await_transform, a by-value copy of the operand, the awaiter's
/// calls), down to the operand the user wrote.
void markMachinery(const Stmt *N, const Stmt *Operand,
                   llvm::DenseSet<const Stmt *> &Out) {
  if (!N || N == Operand || !Out.insert(N).second)
    return;
  for (const Stmt *Child : N->children())
    markMachinery(Child, Operand, Out);
}

std::string describe(const Event &E, bool AsUse) {
  switch (E.H) {
  case Event::Await:
    return "awaited";
  case Event::AwaitMoved:
    return AsUse ? "awaited" : "moved and awaited";
  case Event::Move:
    return E.Callee.empty() ? "moved" : "moved into '" + E.Callee + "'";
  case Event::Call:
    if (AsUse && E.K != Event::UseConsume)
      return "passed to '" + E.Callee + "'";
    return "consumed by '" + E.Callee + "'";
  case Event::Member:
    if (AsUse && E.K != Event::UseConsume)
      return "used by '" + E.Callee + "'";
    return "consumed by '" + E.Callee + "'";
  }
  return "used";
}

/// Whether a member call only asks about the object's state, which a
/// moved-from or finished task answers (valid(), is_ready(), isReady(),
/// operator bool): a const member returning bool.
bool isStateQuery(const CXXMethodDecl *MD) {
  if (!MD->isConst())
    return false;
  if (const auto *Conv = dyn_cast<CXXConversionDecl>(MD))
    return Conv->getConversionType()->isBooleanType();
  return MD->getReturnType()->isBooleanType();
}

/// Whether a method assigns the whole object (operator=, any overload).
bool isAssignment(const CXXMethodDecl *MD) {
  return MD->getOverloadedOperator() == OO_Equal;
}

bool isSwap(const FunctionDecl *FD) {
  return FD && FD->getIdentifier() && FD->getName() == "swap";
}
} // namespace

void TaskReuseCheck::registerMatchers(MatchFinder *Finder) {
  registerUserFunctionsMatcher(Finder);
}

void TaskReuseCheck::check(const MatchFinder::MatchResult &Result) {
  forEachUserFunction(
      Result, [&](const FunctionDecl &FD) { checkFunction(FD, Result); });
}

const ValueDecl *TaskReuseCheck::trackedVar(const Expr *E,
                                            const ASTContext &Ctx) {
  if (!E)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!DRE)
    return nullptr;
  const ValueDecl *D = DRE->getDecl();
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    if (!VD->isLocalVarDeclOrParm() || VD->isStaticLocal())
      return nullptr;
  } else if (!isa<BindingDecl>(D)) {
    return nullptr;
  }
  auto [It, New] = Tracked.try_emplace(D, false);
  if (New)
    It->second = !D->isInvalidDecl() &&
                 model::isSingleShotTask(model(Ctx), D->getType());
  return It->second ? D : nullptr;
}

void TaskReuseCheck::eventsOf(const Stmt *S, const ASTContext &Ctx,
                              llvm::SmallVectorImpl<Event> &Out) {
  model::AsyncModel &M = model(Ctx);
  auto Add = [&](const ValueDecl *V, const Expr *Ref, Event::Kind K,
                 Event::How H, std::string Callee = {}) {
    Event E;
    E.Var = V;
    E.Ref = Ref;
    E.K = K;
    E.H = H;
    E.Callee = std::move(Callee);
    Out.push_back(std::move(E));
  };
  if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
    return;

  if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
    const Expr *Operand = Await->getOperand();
    if (const Expr *Moved = model::movedObject(Operand)) {
      if (const ValueDecl *V = trackedVar(Moved, Ctx))
        Add(V, Moved, Event::UseConsume, Event::AwaitMoved);
    } else if (const ValueDecl *V = trackedVar(Operand, Ctx)) {
      bool Consumes = model::lvalueAwaitConsumes(
          model::recordOf(V->getType().getNonReferenceType()));
      Add(V, Operand->IgnoreParenImpCasts(),
          Consumes ? Event::UseConsume : Event::Use, Event::Await);
    }
    return;
  }

  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      if (const auto *DD = dyn_cast<DecompositionDecl>(D)) {
        for (const BindingDecl *B : DD->bindings())
          if (Tracked.lookup(B) || model::isSingleShotTask(M, B->getType()))
            Add(B, nullptr, Event::Reinit, Event::Await);
      } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
        if (VD->isLocalVarDecl() && !VD->isStaticLocal() &&
            model::isSingleShotTask(M, VD->getType()))
          Add(VD, nullptr, Event::Reinit, Event::Await);
      }
    }
    return;
  }

  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->getOpcode() == UO_AddrOf)
      if (const ValueDecl *V = trackedVar(UO->getSubExpr(), Ctx))
        Add(V, nullptr, Event::Reinit, Event::Await);
    return;
  }

  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *V = dyn_cast<ValueDecl>(C.getCapturedVar());
            V && Tracked.lookup(V))
          Add(V, nullptr, Event::Reinit, Event::Await);
    return;
  }

  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
      const Expr *Arg = Construct->getArg(I);
      if (const Expr *Moved = model::movedObject(Arg)) {
        if (const ValueDecl *V = trackedVar(Moved, Ctx))
          Add(V, Moved, Event::UseConsume, Event::Move);
      } else if (const ValueDecl *V = trackedVar(Arg, Ctx)) {
        const ParmVarDecl *P =
            Ctor && I < Ctor->getNumParams() ? Ctor->getParamDecl(I) : nullptr;
        if (mayReinitialise(P))
          Add(V, nullptr, Event::Reinit, Event::Await);
      }
    }
    return;
  }

  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (FD && (isStdMoveOrForward(FD) || isCoroutineProtocol(FD)))
    return;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  const Expr *Object = nullptr;
  unsigned FirstArg = 0;
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call)) {
    Object = MCE->getImplicitObjectArgument();
  } else if (isa<CXXOperatorCallExpr>(Call) && MD &&
             !MD->isExplicitObjectMemberFunction() && Call->getNumArgs() > 0) {
    Object = Call->getArg(0);
    FirstArg = 1;
  }
  std::string Name;
  auto CalleeName = [&]() -> const std::string & {
    if (Name.empty())
      Name = M.calleeName(Call);
    if (Name.empty())
      Name = "call";
    return Name;
  };

  for (unsigned I = FirstArg; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I);
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    if (const Expr *Moved = model::movedObject(Arg)) {
      if (const ValueDecl *V = trackedVar(Moved, Ctx))
        Add(V, Moved, Event::UseConsume, Event::Move, CalleeName());
      continue;
    }
    // A by-value parameter: the move is the copy's constructor, an element
    // of its own; name the callee there.
    if (const auto *Copy = dyn_cast<CXXConstructExpr>(Arg->IgnoreImplicit());
        Copy && Copy->getNumArgs() == 1 &&
        trackedVar(model::movedObject(Copy->getArg(0)), Ctx)) {
      MovedInto.emplace_back(Copy, CalleeName());
      continue;
    }
    const ValueDecl *V = trackedVar(Arg, Ctx);
    if (!V)
      continue;
    const Expr *Ref = Arg->IgnoreParenImpCasts();
    if (isSwap(FD)) {
      Add(V, nullptr, Event::Reinit, Event::Await);
    } else if (model::consumesArgument(M, Call, I)) {
      Add(V, Ref, Event::UseConsume, Event::Call, CalleeName());
    } else if (model::takesTask(M.calleeRoles(Call))) {
      Add(V, Ref, Event::Use, Event::Call, CalleeName());
    } else {
      const ParmVarDecl *P = nullptr;
      if (FD) {
        unsigned Param = I - FirstArg;
        if (Param < FD->getNumParams())
          P = FD->getParamDecl(Param);
      }
      if (mayReinitialise(P))
        Add(V, nullptr, Event::Reinit, Event::Await);
    }
  }

  if (!Object || !MD || MD->isStatic())
    return;
  if (const Expr *Moved = model::movedObject(Object)) {
    if (const ValueDecl *V = trackedVar(Moved, Ctx))
      Add(V, Moved, Event::UseConsume, Event::Move, CalleeName());
    return;
  }
  const ValueDecl *V = trackedVar(Object, Ctx);
  if (!V)
    return;
  const Expr *Ref = Object->IgnoreParenImpCasts();
  if (isAssignment(MD) || isSwap(MD))
    Add(V, nullptr, Event::Reinit, Event::Await);
  else if (isa<CXXDestructorDecl>(MD))
    return;
  else if (model::consumesObject(M, Call))
    Add(V, Ref, Event::UseConsume, Event::Member, CalleeName());
  else if (!isStateQuery(MD))
    Add(V, Ref, Event::Use, Event::Member, CalleeName());
}

/// Whether a body names any task variable: functions without one are not
/// given a CFG.
static bool mentionsTask(const Stmt *S,
                         llvm::function_ref<bool(const Expr *)> IsTask) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    return IsTask(DRE);
  // A lambda's body is a function of its own (its captures are not).
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : Lambda->capture_inits())
      if (mentionsTask(Init, IsTask))
        return true;
    return false;
  }
  for (const Stmt *Child : S->children())
    if (mentionsTask(Child, IsTask))
      return true;
  return false;
}

void TaskReuseCheck::checkFunction(const FunctionDecl &FD,
                                   const MatchFinder::MatchResult &Result) {
  const ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  if (!mentionsTask(FD.getBody(), [&](const Expr *E) {
        return trackedVar(E, Ctx) != nullptr;
      }))
    return;
  const model::CoroutineFlow *Flow = suspensions(Ctx).flowOf(&FD);
  if (!Flow)
    return;

  // The machinery of each co_await is not the user's code.
  llvm::DenseSet<const Stmt *> Machinery;
  for (const CFGBlock *Block : Flow->cfg())
    for (const CFGElement &Element : *Block)
      if (std::optional<CFGStmt> CS = Element.getAs<CFGStmt>())
        if (const auto *Suspend =
                dyn_cast<CoroutineSuspendExpr>(CS->getStmt())) {
          const Stmt *Operand = Suspend->getOperand();
          markMachinery(Suspend->getCommonExpr(), Operand, Machinery);
          markMachinery(Suspend->getReadyExpr(), Operand, Machinery);
          markMachinery(Suspend->getSuspendExpr(), Operand, Machinery);
          markMachinery(Suspend->getResumeExpr(), Operand, Machinery);
        }

  llvm::DenseMap<const Stmt *, llvm::SmallVector<Event, 1>> Events;
  std::vector<const Event *> Sites;
  MovedInto.clear();
  for (const CFGBlock *Block : Flow->cfg())
    for (const CFGElement &Element : *Block) {
      std::optional<CFGStmt> CS = Element.getAs<CFGStmt>();
      if (!CS || Machinery.contains(CS->getStmt()) ||
          Events.count(CS->getStmt()))
        continue;
      llvm::SmallVector<Event, 1> Found;
      eventsOf(CS->getStmt(), Ctx, Found);
      if (!Found.empty())
        Events[CS->getStmt()] = std::move(Found);
    }
  if (Events.empty())
    return;
  for (const auto &[Copy, Callee] : MovedInto) {
    auto It = Events.find(Copy);
    if (It != Events.end())
      for (Event &E : It->second)
        if (E.H == Event::Move && E.Callee.empty())
          E.Callee = Callee;
  }
  MovedInto.clear();
  for (auto &[S, List] : Events)
    for (Event &E : List)
      if (E.K == Event::UseConsume) {
        E.Fact = Sites.size();
        Sites.push_back(&E);
      }
  if (Sites.empty())
    return;
  const unsigned NumFacts = Sites.size();
  llvm::DenseMap<const ValueDecl *, llvm::BitVector> Masks;
  for (const Event *Site : Sites) {
    llvm::BitVector &Mask = Masks[Site->Var];
    if (Mask.empty())
      Mask.resize(NumFacts);
    Mask.set(Site->Fact);
  }

  auto Apply = [&](const llvm::SmallVector<Event, 1> &List,
                   llvm::BitVector &Facts, bool Report) {
    for (const Event &E : List) {
      auto It = Masks.find(E.Var);
      if (It == Masks.end())
        continue;
      const llvm::BitVector &Mask = It->second;
      if (Report && E.K != Event::Reinit && Facts.anyCommon(Mask))
        this->report(E, Facts, Mask, Sites, SM);
      Facts.reset(Mask);
      if (E.K == Event::UseConsume)
        Facts.set(E.Fact);
    }
  };
  Flow->forwardMay(
      NumFacts,
      [&](const CFGElement &Element, llvm::BitVector &Facts) {
        if (std::optional<CFGStmt> CS = Element.getAs<CFGStmt>()) {
          auto It = Events.find(CS->getStmt());
          if (It != Events.end())
            Apply(It->second, Facts, /*Report=*/false);
        }
      },
      [&](const CFGElement &Element, const llvm::BitVector &Before) {
        if (std::optional<CFGStmt> CS = Element.getAs<CFGStmt>()) {
          auto It = Events.find(CS->getStmt());
          if (It == Events.end())
            return;
          llvm::BitVector Facts = Before;
          Apply(It->second, Facts, /*Report=*/true);
        }
      });
}

void TaskReuseCheck::report(const Event &Use, const llvm::BitVector &Facts,
                            const llvm::BitVector &Mask,
                            const std::vector<const Event *> &Sites,
                            const SourceManager &SM) {
  SourceLocation UseLoc = Use.Ref->getExprLoc();
  if (!isUserCode(UseLoc, SM))
    return;
  // The consumption to name: the earliest in source order of those written
  // before the use; else (only a loop's back edge brings one) the first.
  const Event *Site = nullptr;
  bool Earlier = false;
  for (unsigned I : Facts.set_bits()) {
    if (!Mask.test(I))
      continue;
    const Event *Candidate = Sites[I];
    SourceLocation Loc = Candidate->Ref->getExprLoc();
    bool Before = SM.isBeforeInTranslationUnit(Loc, UseLoc);
    if (!Site || (Before && !Earlier) ||
        (Before == Earlier &&
         SM.isBeforeInTranslationUnit(Loc, Site->Ref->getExprLoc()))) {
      Site = Candidate;
      Earlier = Before;
    }
  }
  if (!Site || !Reported.insert(UseLoc.getRawEncoding()).second)
    return;
  std::string Name = Use.Var->getName().str();
  diag(UseLoc, "task '%0' is %1 after it was %2%select{|, in an earlier "
               "iteration of the loop}3; %select{a moved-from task is "
               "empty|a single-shot task cannot be awaited or handed on "
               "twice}4")
      << Name << describe(Use, /*AsUse=*/true)
      << describe(*Site, /*AsUse=*/false) << !Earlier
      << (Site->H == Event::Move ? 0 : 1) << Use.Ref->getSourceRange();
  diag(Site->Ref->getExprLoc(), "'%0' was %1 here", DiagnosticIDs::Note)
      << Name << describe(*Site, /*AsUse=*/false)
      << Site->Ref->getSourceRange();
}

COROGUARD_REGISTER_CHECK(TaskReuseCheck, "coroguard-task-reuse");

} // namespace clang::tidy::coroguard
