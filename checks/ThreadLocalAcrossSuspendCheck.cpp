//===--- ThreadLocalAcrossSuspendCheck.cpp --------------------------------===//
//
// One forward may-analysis per coroutine over the suspension model's CFG:
//
// - for each thread_local the coroutine uses, one fact per suspension point
//   ("this suspension may have happened since the coroutine last wrote the
//   variable"): set at the suspension, cleared by a write of the whole
//   variable; a read where any is set is reported, with a note at the one the
//   path passed;
// - for each place a local pointer or reference is made to point to a
//   thread_local ("site"), a fact "the local holds this site's value" and one
//   per suspension point ("... and this suspension happened since"); any use
//   of the local where one of the latter is set is reported.
//
// Functions defined in the translation unit are summarised (which
// thread_locals they read, which they always write, which one a pointer or
// reference result refers to), following calls up to MaxCallDepth.
//
//===----------------------------------------------------------------------===//

#include "ThreadLocalAcrossSuspendCheck.h"
#include "model/Blocking.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Names.h"
#include "model/Suspension.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

namespace {

/// The thread_local variable an expression names (`tl`, `S::tl`, `obj.tl`
/// for a static data member), if any.
const VarDecl *namedThreadLocal(const Stmt *S) {
  const ValueDecl *D = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    D = DRE->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(S))
    D = ME->getMemberDecl();
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  if (!VD || VD->isInvalidDecl() || VD->getTLSKind() == VarDecl::TLS_None)
    return nullptr;
  return VD;
}

/// A thread_local every thread sees with the same value: const (or
/// constexpr) with a constant initialiser.
bool isConstantThreadLocal(const VarDecl *VD) {
  if (VD->isConstexpr())
    return true;
  QualType T = VD->getType();
  if (T.isNull() || T->isDependentType() || T->isReferenceType() ||
      !T.isConstant(VD->getASTContext()))
    return false;
  const VarDecl *Def = nullptr;
  return VD->getAnyInitializer(Def) && Def && Def->hasConstantInitialization();
}

/// The thread_local a use names, when it is one the check cares about.
const VarDecl *trackedThreadLocal(const Stmt *S) {
  const VarDecl *VD = namedThreadLocal(S);
  return VD && !isConstantThreadLocal(VD) ? VD : nullptr;
}

/// Looks through parentheses and casts that keep the object (no-op,
/// derived-to-base).
const Expr *stripSameObject(const Expr *E) {
  while (E) {
    E = E->IgnoreParens();
    const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
    if (!Cast || (Cast->getCastKind() != CK_NoOp &&
                  Cast->getCastKind() != CK_DerivedToBase &&
                  Cast->getCastKind() != CK_UncheckedDerivedToBase))
      return E;
    E = Cast->getSubExpr();
  }
  return E;
}

/// The variable an lvalue designates, whole or in part (`tl`, `tl.a.b`,
/// `tl[i]` of an array or a class with operator[]): the DeclRefExpr or
/// MemberExpr that names it. Null when the lvalue goes through a pointer.
const Expr *lvalueRoot(const Expr *E) {
  while (E) {
    E = stripSameObject(E);
    if (isa<DeclRefExpr>(E))
      return E;
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (isa<VarDecl>(ME->getMemberDecl()))
        return E;
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const Expr *Base = AS->getBase()->IgnoreParens();
      const auto *Decay = dyn_cast<ImplicitCastExpr>(Base);
      if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
        return nullptr;
      E = Decay->getSubExpr();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
      E = Op->getArg(0);
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// `a = b` (built-in or a class's operator=): its left side, else null.
const Expr *assignedTo(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->getOpcode() == BO_Assign ? BO->getLHS() : nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      return Op->getArg(0);
  return nullptr;
}
const Expr *assignedValue(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->getRHS();
  return cast<CXXOperatorCallExpr>(S)->getArg(1);
}

/// The function a call or construction runs, if it names one.
const FunctionDecl *calledFunction(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return Construct->getConstructor();
  return nullptr;
}

SourceLocation useLocation(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return model::callLocation(Call);
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    return ME->getMemberLoc();
  if (const auto *E = dyn_cast<Expr>(S))
    return E->getExprLoc();
  return S->getBeginLoc();
}

SourceRange useRange(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return model::callRange(Call);
  return S->getSourceRange();
}

/// The statement a CFG element evaluates, if any.
const Stmt *stmtOf(const CFGElement &E) {
  if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
    return S->getStmt();
  return nullptr;
}

/// Calls Fn on every return statement of a body, not those of lambdas or
/// local classes defined in it.
void forEachReturn(const Stmt *Body,
                   llvm::function_ref<void(const ReturnStmt *)> Fn) {
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    // Expressions hold no return statement, but for a GNU statement
    // expression; lambdas' and blocks' returns are theirs.
    if (!S || (isa<Expr>(S) && !isa<StmtExpr>(S)))
      continue;
    if (const auto *R = dyn_cast<ReturnStmt>(S)) {
      Fn(R);
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
}

} // namespace

/// A path from a call to a use of a thread_local in the called code: the
/// calls made inside, then the use itself.
struct AccessPath {
  const VarDecl *Var = nullptr;
  llvm::SmallVector<const Stmt *, 4> Calls;
  const Stmt *At = nullptr;
};

/// What running a function does to thread_locals.
struct AccessorSummary {
  /// The first read of each thread_local, directly or through calls.
  llvm::SmallVector<AccessPath, 2> Reads;
  /// Thread_locals it writes as a whole on every path (a top-level
  /// statement of its body, directly or through such a call).
  llvm::SmallVector<const VarDecl *, 2> Writes;
  /// The thread_local its pointer or reference result refers to.
  std::optional<AccessPath> Returns;
  bool empty() const { return Reads.empty() && Writes.empty() && !Returns; }
};

/// Summaries of the functions defined in the translation unit.
class ThreadLocalAccessors {
public:
  ThreadLocalAccessors(model::AsyncModel &Model) : Model(Model) {}

  /// The function a call runs, when its body can be read here: defined in
  /// the user's code, not a coroutine (its body does not run in the caller),
  /// not a virtual call that may run another body.
  const FunctionDecl *followable(const Stmt *Call, const SourceManager &SM);

  /// What running FD does, following calls Depth levels down.
  const AccessorSummary &summaryOf(const FunctionDecl *FD, unsigned Depth,
                                   const SourceManager &SM);

  /// The thread_local E points or refers to (ToReference: E is bound to a
  /// reference): `&tl`, `tl`, `&tl.member`, or a call of an accessor that
  /// returns one. Depth limits the calls followed.
  std::optional<AccessPath> origin(const Expr *E, bool ToReference,
                                   unsigned Depth, const SourceManager &SM);

  /// How diagnostics name what a call runs.
  std::string calleeName(const Stmt *Call);

  void reset() { Memo.clear(); }

private:
  model::AsyncModel &Model;
  /// Stable addresses: coroutines keep pointers to summaries.
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::unique_ptr<AccessorSummary>>
      Memo;
};

const FunctionDecl *ThreadLocalAccessors::followable(const Stmt *Call,
                                                     const SourceManager &SM) {
  const FunctionDecl *Callee = calledFunction(Call);
  if (!Callee)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Callee->hasBody(Def) || !Def || Def->isInvalidDecl() ||
      Def->isImplicit() || Def->isDependentContext() || !Def->getBody())
    return nullptr;
  if (model::coroutineBody(Def) || SM.isInSystemHeader(Def->getLocation()) ||
      Model.isLibraryCode(Def))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      return nullptr;
  return Def;
}

std::string ThreadLocalAccessors::calleeName(const Stmt *Call) {
  const FunctionDecl *FD = calledFunction(Call);
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "lambda";
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    return model::qualifiedName(Construct->getConstructor()->getParent());
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    return Model.calleeName(CE);
  return FD ? model::qualifiedName(FD) : std::string("the callee");
}

std::optional<AccessPath>
ThreadLocalAccessors::origin(const Expr *E, bool ToReference, unsigned Depth,
                             const SourceManager &SM) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  const Expr *Lvalue = nullptr;
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    Lvalue = UO->getSubExpr();
  else if (ToReference && E->isGLValue())
    Lvalue = E;
  const Expr *Call = E;
  if (Lvalue) {
    if (const Expr *Root = lvalueRoot(Lvalue))
      if (const VarDecl *VD = trackedThreadLocal(Root))
        return AccessPath{VD, {}, Root};
    // `&current()` or `current()` bound to a reference, where current()
    // returns a reference.
    Call = stripSameObject(Lvalue);
  }
  if (!isa<CallExpr>(Call) || Depth == 0)
    return std::nullopt;
  const FunctionDecl *Callee = followable(Call, SM);
  if (!Callee)
    return std::nullopt;
  const AccessorSummary &S = summaryOf(Callee, Depth - 1, SM);
  if (!S.Returns)
    return std::nullopt;
  AccessPath P = *S.Returns;
  P.Calls.insert(P.Calls.begin(), Call);
  return P;
}

const AccessorSummary &
ThreadLocalAccessors::summaryOf(const FunctionDecl *FD, unsigned Depth,
                                const SourceManager &SM) {
  auto Key = std::make_pair(FD, Depth);
  if (auto It = Memo.find(Key); It != Memo.end())
    return *It->second;
  // Seeded empty, so recursion ends.
  AccessorSummary *Slot =
      (Memo[Key] = std::make_unique<AccessorSummary>()).get();
  AccessorSummary Out;
  auto AddRead = [&Out](AccessPath P) {
    for (const AccessPath &R : Out.Reads)
      if (R.Var == P.Var)
        return;
    Out.Reads.push_back(std::move(P));
  };
  auto AddWrite = [&Out](const VarDecl *VD) {
    if (!llvm::is_contained(Out.Writes, VD))
      Out.Writes.push_back(VD);
  };
  llvm::DenseSet<const Stmt *> Assigned;
  bool HasErrors = false;
  auto Visit = [&](const Stmt *S) {
    if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
      HasErrors = true;
    if (const Expr *LHS = assignedTo(S))
      if (const Expr *Root = lvalueRoot(LHS))
        Assigned.insert(Root);
    if (const VarDecl *VD = trackedThreadLocal(S)) {
      if (!Assigned.contains(S))
        AddRead({VD, {}, S});
      return;
    }
    if (Depth == 0 || !isa<CallExpr, CXXConstructExpr>(S))
      return;
    const FunctionDecl *Callee = followable(S, SM);
    if (!Callee)
      return;
    const AccessorSummary &Inner = summaryOf(Callee, Depth - 1, SM);
    for (const AccessPath &R : Inner.Reads) {
      AccessPath P = R;
      P.Calls.insert(P.Calls.begin(), S);
      AddRead(std::move(P));
    }
  };
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        model::forEachEvaluatedStmt(Init->getInit(), Visit);
  model::forEachEvaluatedStmt(FD->getBody(), Visit);
  // Half-typed code: what it does is not known yet.
  if (HasErrors)
    return *Slot;

  // Writes on every path: the top-level statements of the body.
  if (const auto *Body = dyn_cast<CompoundStmt>(FD->getBody()))
    for (const Stmt *S : Body->body()) {
      const auto *E = dyn_cast<Expr>(S);
      if (!E)
        continue;
      E = E->IgnoreImplicit();
      if (const Expr *LHS = assignedTo(E)) {
        const Expr *Root = lvalueRoot(LHS);
        if (Root && Root == stripSameObject(LHS))
          if (const VarDecl *VD = trackedThreadLocal(Root))
            AddWrite(VD);
        continue;
      }
      if (Depth == 0 || !isa<CallExpr, CXXConstructExpr>(E))
        continue;
      if (const FunctionDecl *Callee = followable(E, SM))
        for (const VarDecl *VD : summaryOf(Callee, Depth - 1, SM).Writes)
          AddWrite(VD);
    }

  // What a pointer or reference result refers to.
  QualType Result = FD->getReturnType();
  if (!Result.isNull() &&
      (Result->isPointerType() || Result->isReferenceType()))
    forEachReturn(FD->getBody(), [&](const ReturnStmt *R) {
      if (Out.Returns)
        return;
      if (std::optional<AccessPath> P =
              origin(R->getRetValue(), Result->isReferenceType(), Depth, SM)) {
        // The return itself is where a caller's note points for a direct
        // one.
        if (P->Calls.empty())
          P->At = R->getRetValue();
        Out.Returns = std::move(P);
      }
    });
  *Slot = std::move(Out);
  return *Slot;
}

namespace {

/// Where a local pointer or reference is given a value.
struct Site {
  unsigned Alias;                      ///< Index of the local.
  const Stmt *At;                      ///< The `=`; null for a declaration.
  const Expr *Value;                   ///< What it is given.
  std::optional<AccessPath> To;        ///< The thread_local it then refers to.
  const VarDecl *CopiedFrom = nullptr; ///< `q = p` where p is tracked.
};

struct Alias {
  const VarDecl *Var;
  llvm::SmallVector<unsigned, 2> Sites;
};

/// Everything the flow analysis of one coroutine needs, from one walk of
/// its body.
struct CoroutineUses {
  llvm::SmallVector<const VarDecl *, 4> Vars; ///< Thread_locals involved.
  llvm::DenseMap<const VarDecl *, unsigned> VarIndex;
  /// Reads of a thread_local by the coroutine itself.
  llvm::DenseMap<const Stmt *, unsigned> Reads;
  /// Writes of a whole thread_local (the `=` expression).
  llvm::DenseMap<const Stmt *, unsigned> Writes;
  /// Calls of functions that read or write thread_locals.
  llvm::DenseMap<const Stmt *, const AccessorSummary *> Calls;
  std::vector<Site> Sites;
  std::vector<Alias> Aliases;
  llvm::DenseMap<const VarDecl *, unsigned> AliasIndex;
  /// Sites by the variable declared (the CFG splits declarations into one
  /// DeclStmt per variable) and by assignment.
  llvm::DenseMap<const VarDecl *, unsigned> DeclSites;
  llvm::DenseMap<const Stmt *, unsigned> AssignSites;
  /// Uses of a tracked local: its DeclRefExprs other than the left side of
  /// a pointer's assignment.
  llvm::DenseMap<const Stmt *, unsigned> AliasUses;
  /// The body does not parse yet (half-typed code).
  bool HasErrors = false;

  unsigned varIndex(const VarDecl *VD) {
    auto [It, New] = VarIndex.try_emplace(VD, Vars.size());
    if (New)
      Vars.push_back(VD);
    return It->second;
  }
  bool empty() const {
    return Reads.empty() && Calls.empty() && Aliases.empty();
  }
};

} // namespace

ThreadLocalAcrossSuspendCheck::ThreadLocalAcrossSuspendCheck(
    llvm::StringRef Name, ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      MaxCallDepth(sharedOption("MaxCallDepth", 4u)),
      Accessors(std::make_unique<ThreadLocalAccessors>(modelForSetup())) {}

ThreadLocalAcrossSuspendCheck::~ThreadLocalAcrossSuspendCheck() = default;

void ThreadLocalAcrossSuspendCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
}

void ThreadLocalAcrossSuspendCheck::registerMatchers(MatchFinder *Finder) {
  registerCoroutineMatchers(Finder);
}

void ThreadLocalAcrossSuspendCheck::check(
    const MatchFinder::MatchResult &Result) {
  dispatchCoroutine(Result);
}

void ThreadLocalAcrossSuspendCheck::onNewTranslationUnit() {
  Accessors->reset();
}

/// Collects what the flow analysis needs from the coroutine's body.
static CoroutineUses collectUses(const FunctionDecl &Coroutine,
                                 const CoroutineBodyStmt &Body,
                                 ThreadLocalAccessors &Accessors,
                                 unsigned MaxCallDepth,
                                 const SourceManager &SM) {
  CoroutineUses U;
  // Left sides of `=`: their root is written, not read (a whole write when
  // the root is the whole left side).
  llvm::DenseSet<const Stmt *> Assigned, WholeAssigned;
  struct Candidate {
    const VarDecl *Var;
    const Stmt *At; ///< The `=`; null for the declaration.
    const Expr *Value;
  };
  llvm::SmallVector<Candidate, 8> Candidates;
  llvm::SmallVector<std::pair<const DeclRefExpr *, const VarDecl *>, 16>
      LocalRefs;
  // The iterators of range-for loops: tracked whatever their type, as they
  // point into the range.
  llvm::DenseMap<const VarDecl *, const VarDecl *> RangeIterators;
  auto IsLocalPointerOrRef = [&](const VarDecl *VD) {
    if (VD && RangeIterators.count(VD))
      return true;
    if (!VD || VD->isInvalidDecl() || !VD->isLocalVarDecl() ||
        VD->isStaticLocal() ||
        VD->getDeclContext() != static_cast<const DeclContext *>(&Coroutine))
      return false;
    QualType T = VD->getType();
    return !T.isNull() && (T->isPointerType() || T->isReferenceType());
  };

  model::forEachEvaluatedStmt(&Body, [&](const Stmt *S) {
    if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
      U.HasErrors = true;
    if (const Expr *LHS = assignedTo(S)) {
      if (const Expr *Root = lvalueRoot(LHS)) {
        Assigned.insert(Root);
        if (Root == stripSameObject(LHS)) {
          WholeAssigned.insert(Root);
          if (const VarDecl *VD = trackedThreadLocal(Root))
            U.Writes[S] = U.varIndex(VD);
          if (const auto *DRE = dyn_cast<DeclRefExpr>(Root))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
                IsLocalPointerOrRef(VD) && VD->getType()->isPointerType())
              Candidates.push_back({VD, S, assignedValue(S)});
        }
      }
      return;
    }
    if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
      const VarDecl *Range =
          For->getRangeStmt()
              ? dyn_cast_or_null<VarDecl>(For->getRangeStmt()->getSingleDecl())
              : nullptr;
      for (const DeclStmt *DS : {For->getBeginStmt(), For->getEndStmt()})
        if (const auto *VD = dyn_cast_or_null<VarDecl>(
                DS && DS->isSingleDecl() ? DS->getSingleDecl() : nullptr);
            Range && VD)
          RangeIterators[VD] = Range;
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D);
            IsLocalPointerOrRef(VD) && VD->getInit())
          Candidates.push_back({VD, nullptr, VD->getInit()});
      return;
    }
    if (const VarDecl *VD = trackedThreadLocal(S)) {
      if (!Assigned.contains(S))
        U.Reads[S] = U.varIndex(VD);
      return;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          IsLocalPointerOrRef(VD) &&
          !(WholeAssigned.contains(DRE) && VD->getType()->isPointerType()))
        LocalRefs.push_back({DRE, VD});
      return;
    }
    if (MaxCallDepth == 0 || !isa<CallExpr, CXXConstructExpr>(S))
      return;
    const FunctionDecl *Callee = Accessors.followable(S, SM);
    if (!Callee)
      return;
    const AccessorSummary &Summary =
        Accessors.summaryOf(Callee, MaxCallDepth - 1, SM);
    if (Summary.Reads.empty() && Summary.Writes.empty())
      return;
    U.Calls[S] = &Summary;
    for (const AccessPath &R : Summary.Reads)
      U.varIndex(R.Var);
    for (const VarDecl *VD : Summary.Writes)
      U.varIndex(VD);
  });

  // Which locals come to point to a thread_local: directly, or copied from
  // one that does (to a fixpoint, whatever the order of the code).
  std::vector<std::optional<AccessPath>> Origins;
  std::vector<const VarDecl *> CopiedFrom(Candidates.size(), nullptr);
  for (const Candidate &C : Candidates) {
    bool ToReference = C.Var->getType()->isReferenceType();
    Origins.push_back(Accessors.origin(C.Value, ToReference, MaxCallDepth, SM));
  }
  llvm::DenseSet<const VarDecl *> Tracked;
  for (unsigned I = 0; I < Candidates.size(); ++I)
    if (Origins[I])
      Tracked.insert(Candidates[I].Var);
  for (bool Changed = !Tracked.empty(); Changed;) {
    Changed = false;
    for (unsigned I = 0; I < Candidates.size(); ++I) {
      if (Origins[I] || CopiedFrom[I])
        continue;
      // `q = p`, `&r`, `*p` (a reference to what p points to), and a
      // range-for's iterators, taken from its range.
      const Expr *V = Candidates[I].Value->IgnoreParenImpCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(V);
          UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref))
        V = UO->getSubExpr()->IgnoreParenImpCasts();
      else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(V);
               Op && Op->getOperator() == OO_Star && Op->getNumArgs() == 1)
        V = Op->getArg(0)->IgnoreParenImpCasts();
      const auto *DRE = dyn_cast<DeclRefExpr>(V);
      const VarDecl *From = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (auto It = RangeIterators.find(Candidates[I].Var);
          It != RangeIterators.end())
        From = It->second;
      if (!From || !Tracked.contains(From))
        continue;
      CopiedFrom[I] = From;
      Changed |= Tracked.insert(Candidates[I].Var).second;
    }
  }
  if (!Tracked.empty()) {
    for (unsigned I = 0; I < Candidates.size(); ++I) {
      const Candidate &C = Candidates[I];
      if (!Tracked.contains(C.Var))
        continue;
      auto [It, New] = U.AliasIndex.try_emplace(C.Var, U.Aliases.size());
      if (New)
        U.Aliases.push_back({C.Var, {}});
      unsigned SiteIndex = U.Sites.size();
      U.Sites.push_back({It->second, C.At, C.Value, Origins[I], CopiedFrom[I]});
      U.Aliases[It->second].Sites.push_back(SiteIndex);
      if (!C.At)
        U.DeclSites[C.Var] = SiteIndex;
      else
        U.AssignSites[C.At] = SiteIndex;
    }
    for (auto [DRE, VD] : LocalRefs)
      if (auto It = U.AliasIndex.find(VD); It != U.AliasIndex.end())
        U.AliasUses[DRE] = It->second;
  }
  return U;
}

void ThreadLocalAcrossSuspendCheck::onCoroutine(
    const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
    const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  model::AsyncModel &M = model(*Result.Context);
  // A coroutine pinned to the thread that started it (seastar) sees its own
  // thread's variables after every suspension.
  if (const CXXRecordDecl *RD = model::recordOf(Coroutine.getReturnType());
      RD && M.roles(RD).has(model::Role::ThreadPinned))
    return;

  CoroutineUses U = collectUses(Coroutine, Body, *Accessors, MaxCallDepth, SM);
  if (U.empty() || U.HasErrors)
    return;
  const model::CoroutineFlow *Flow =
      suspensions(*Result.Context).flowOf(&Coroutine);
  if (!Flow || Flow->suspensions().empty())
    return;
  llvm::ArrayRef<model::SuspensionPoint> Points = Flow->suspensions();
  const unsigned NP = Points.size(), NV = U.Vars.size();
  const unsigned NS = U.Sites.size();
  auto VarFact = [&](unsigned V, unsigned P) { return V * NP + P; };
  auto Held = [&](unsigned S) { return NV * NP + S * (NP + 1); };
  auto SiteFact = [&](unsigned S, unsigned P) { return Held(S) + 1 + P; };
  const unsigned NumFacts = NV * NP + NS * (NP + 1);

  // The suspension a use's path passed: of those whose fact holds, the last
  // written before the use, else (a loop's back edge) the last.
  auto PointFor = [&](const llvm::BitVector &Before, unsigned First,
                      SourceLocation Use) -> const model::SuspensionPoint * {
    const model::SuspensionPoint *Best = nullptr, *Any = nullptr;
    for (unsigned P = 0; P < NP; ++P) {
      if (!Before.test(First + P))
        continue;
      const model::SuspensionPoint *Point = &Points[P];
      SourceLocation Loc = Point->Expr->getKeywordLoc();
      if (!Any || SM.isBeforeInTranslationUnit(Any->Expr->getKeywordLoc(), Loc))
        Any = Point;
      if (SM.isBeforeInTranslationUnit(Loc, Use) &&
          (!Best ||
           SM.isBeforeInTranslationUnit(Best->Expr->getKeywordLoc(), Loc)))
        Best = Point;
    }
    return Best ? Best : Any;
  };
  auto ClearVar = [&](llvm::BitVector &State, unsigned V) {
    State.reset(VarFact(V, 0), VarFact(V, 0) + NP);
  };
  auto Rebind = [&](llvm::BitVector &State, unsigned SiteIndex) {
    const Site &S = U.Sites[SiteIndex];
    for (unsigned Other : U.Aliases[S.Alias].Sites)
      State.reset(Held(Other), Held(Other) + NP + 1);
    if (S.To || S.CopiedFrom)
      State.set(Held(SiteIndex));
  };

  auto Transfer = [&](const CFGElement &E, llvm::BitVector &State) {
    const Stmt *S = stmtOf(E);
    if (!S)
      return;
    // At the awaiter's await_suspend call: await_resume, which may throw to
    // a handler, runs after the resumption.
    if (const model::SuspensionPoint *Point = Flow->suspendsAt(E)) {
      unsigned P = Point - Points.begin();
      for (unsigned V = 0; V < NV; ++V)
        State.set(VarFact(V, P));
      for (unsigned Si = 0; Si < NS; ++Si)
        if (State.test(Held(Si)))
          State.set(SiteFact(Si, P));
      return;
    }
    if (auto It = U.Writes.find(S); It != U.Writes.end())
      ClearVar(State, It->second);
    if (auto It = U.Calls.find(S); It != U.Calls.end())
      for (const VarDecl *VD : It->second->Writes)
        ClearVar(State, U.VarIndex.lookup(VD));
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (auto It = U.DeclSites.find(VD); It != U.DeclSites.end())
            Rebind(State, It->second);
    } else if (auto It = U.AssignSites.find(S); It != U.AssignSites.end()) {
      Rebind(State, It->second);
    }
  };

  llvm::DenseSet<const Stmt *> Reported;
  auto NoteSuspension = [&](const model::SuspensionPoint *Point) {
    if (!Point)
      return;
    diag(Point->Expr->getKeywordLoc(),
         "the coroutine may suspend here and resume on another thread",
         DiagnosticIDs::Note)
        << Point->Expr->getSourceRange();
  };
  auto NoteCalls = [&](const AccessPath &P, llvm::StringRef Final) {
    for (size_t I = 1; I < P.Calls.size(); ++I)
      diag(useLocation(P.Calls[I]), "'%0' calls '%1' here", DiagnosticIDs::Note)
          << Accessors->calleeName(P.Calls[I - 1])
          << Accessors->calleeName(P.Calls[I]) << useRange(P.Calls[I]);
    if (!P.Calls.empty())
      diag(useLocation(P.At), "'%0' %1 thread_local '%2' here",
           DiagnosticIDs::Note)
          << Accessors->calleeName(P.Calls.back()) << Final << P.Var->getName()
          << P.At->getSourceRange();
  };
  std::string Where = describeCoroutine(Coroutine);

  auto Visit = [&](const CFGElement &E, const llvm::BitVector &Before) {
    const Stmt *S = stmtOf(E);
    if (!S)
      return;
    if (auto It = U.Reads.find(S); It != U.Reads.end()) {
      unsigned V = It->second;
      if (Before.find_first_in(VarFact(V, 0), VarFact(V, 0) + NP) < 0)
        return;
      SourceLocation Loc = useLocation(S);
      if (!isUserCode(Loc, SM) || !Reported.insert(S).second)
        return;
      diag(Loc, "thread_local '%0' is read after a suspension point of %1; "
                "the coroutine may have resumed on another thread, where it "
                "has that thread's value")
          << U.Vars[V]->getName() << Where << S->getSourceRange();
      NoteSuspension(PointFor(Before, VarFact(V, 0), Loc));
      return;
    }
    if (auto It = U.Calls.find(S); It != U.Calls.end()) {
      for (const AccessPath &R : It->second->Reads) {
        unsigned V = U.VarIndex.lookup(R.Var);
        if (R.Calls.size() + 1 > MaxCallDepth ||
            Before.find_first_in(VarFact(V, 0), VarFact(V, 0) + NP) < 0)
          continue;
        SourceLocation Loc = useLocation(S);
        if (!isUserCode(Loc, SM) || !Reported.insert(S).second)
          return;
        std::string Callee = Accessors->calleeName(S);
        diag(Loc, "'%0' reads thread_local '%1' after a suspension point of "
                  "%2; the coroutine may have resumed on another thread, "
                  "where it has that thread's value")
            << Callee << R.Var->getName() << Where << useRange(S);
        NoteSuspension(PointFor(Before, VarFact(V, 0), Loc));
        AccessPath Full = R;
        Full.Calls.insert(Full.Calls.begin(), S);
        NoteCalls(Full, "reads");
        return;
      }
      return;
    }
    if (auto It = U.AliasUses.find(S); It != U.AliasUses.end()) {
      const Alias &A = U.Aliases[It->second];
      for (unsigned Si : A.Sites) {
        if (Before.find_first_in(SiteFact(Si, 0), SiteFact(Si, 0) + NP) < 0)
          continue;
        SourceLocation Loc = useLocation(S);
        if (!isUserCode(Loc, SM) || !Reported.insert(S).second)
          return;
        const Site &Taken = U.Sites[Si];
        // The thread_local it refers to, through the local it was copied
        // from if need be.
        const Site *Origin = &Taken;
        for (unsigned Guard = 0; !Origin->To && Origin->CopiedFrom && Guard < 8;
             ++Guard) {
          auto From = U.AliasIndex.find(Origin->CopiedFrom);
          if (From == U.AliasIndex.end())
            break;
          const Site *Next = nullptr;
          for (unsigned Other : U.Aliases[From->second].Sites)
            if (U.Sites[Other].To || U.Sites[Other].CopiedFrom) {
              Next = &U.Sites[Other];
              break;
            }
          if (!Next)
            break;
          Origin = Next;
        }
        bool IsRef = A.Var->getType()->isReferenceType();
        llvm::StringRef VarName =
            Origin->To ? Origin->To->Var->getName() : llvm::StringRef("?");
        if (A.Var->isImplicit()) {
          // A range-for's iterator.
          diag(Loc, "the range-for loop over thread_local '%0' goes on after "
                    "a suspension point of %1; the coroutine may have resumed "
                    "on another thread, and the loop still walks the first "
                    "thread's '%0', which may have exited")
              << VarName << Where << S->getSourceRange();
          NoteSuspension(PointFor(Before, SiteFact(Si, 0), Loc));
          return;
        }
        diag(Loc, "'%0' %select{points to|refers to}1 thread_local '%2' of "
                  "the thread that ran %3 before a suspension point; the "
                  "coroutine may have resumed on another thread, and that "
                  "thread may have exited")
            << A.Var->getName() << IsRef << VarName << Where
            << S->getSourceRange();
        NoteSuspension(PointFor(Before, SiteFact(Si, 0), Loc));
        const Expr *Value = Taken.Value;
        if (Taken.CopiedFrom && Taken.CopiedFrom->isImplicit()) {
          diag(Value->getExprLoc(),
               "'%0' is %select{made to point to|bound to}1 an element of "
               "thread_local '%2' here",
               DiagnosticIDs::Note)
              << A.Var->getName() << IsRef << VarName
              << Value->getSourceRange();
        } else if (Taken.CopiedFrom) {
          diag(Value->getExprLoc(), "'%0' is set from '%1' here",
               DiagnosticIDs::Note)
              << A.Var->getName() << Taken.CopiedFrom->getName()
              << Value->getSourceRange();
        } else if (Taken.To && Taken.To->Calls.empty()) {
          diag(Value->getExprLoc(),
               "'%0' is %select{made to point to|bound to}1 thread_local "
               "'%2' here",
               DiagnosticIDs::Note)
              << A.Var->getName() << IsRef << VarName
              << Value->getSourceRange();
        } else if (Taken.To) {
          const Stmt *Call = Taken.To->Calls.front();
          diag(useLocation(Call),
               "'%0' is %select{made to point to|bound to}1 the thread_local "
               "'%2' that '%3' returns here",
               DiagnosticIDs::Note)
              << A.Var->getName() << IsRef << VarName
              << Accessors->calleeName(Call) << useRange(Call);
          NoteCalls(*Taken.To, "returns");
        }
        return;
      }
    }
  };
  Flow->forwardMay(NumFacts, Transfer, Visit);
}

COROGUARD_REGISTER_CHECK(ThreadLocalAcrossSuspendCheck,
                         "coroguard-thread-local-across-suspend");

} // namespace clang::tidy::coroguard
