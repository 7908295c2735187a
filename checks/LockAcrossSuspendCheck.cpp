//===--- LockAcrossSuspendCheck.cpp - coroguard-lock-across-suspend -------===//
//
// One forward may-analysis per coroutine over the suspension model's CFG.
// Facts: one per lock acquisition site ("the lock taken here is held"), and
// one per explicit release site ("the lock was let go here", so a lock held
// at a suspension on some paths only can name the path that lets it go).
// The lock part of the model (checks/model/Locks.h) says what each element
// does; this check only keeps the books and reports.
//
//===----------------------------------------------------------------------===//

#include "LockAcrossSuspendCheck.h"
#include "model/CheckRegistry.h"
#include "model/Suspension.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

namespace {

/// Where a lock is taken.
struct Site {
  enum SiteKind { Guard, Manual, Disowned, Transfer, Adopt, Lambda };
  explicit Site(SiteKind K) : Kind(K) {}
  SiteKind Kind;
  /// The statement that takes it (for notes).
  const Stmt *Where = nullptr;
  SourceLocation Loc;
  /// The object that holds the lock afterwards: the guard variable or the
  /// mutex ("d<decl>" keys, see LockModel::objectKey).
  std::string Holder;
  const VarDecl *GuardVar = nullptr;
  /// The mutex of a manual lock, or the guard's mutexes.
  llvm::SmallVector<const Expr *, 2> Mutexes;
  /// The guard handing its lock over (Transfer).
  const Expr *From = nullptr;
  /// Where the fact is generated.
  model::FlowPosition Pos;
};

/// Where a lock is explicitly let go (unlock(), a move of the guard).
struct ReleaseSite {
  const Stmt *Where = nullptr;
  std::string Holder;
};

/// One step of the transfer function of an element.
struct Action {
  enum ActionKind {
    Gen,  ///< Site Index is held; Holder's release facts end.
    Kill, ///< Holder lets go; release fact Index (if not ~0u) starts.
    Move, ///< If Holder holds, site Index holds and Holder does not.
  } Kind;
  unsigned Index = ~0u;
  std::string Holder;
};

/// The statements from Root down to Target (both included); empty if Target
/// is not under Root.
bool pathTo(const Stmt *Root, const Stmt *Target,
            llvm::SmallVectorImpl<const Stmt *> &Chain, unsigned Depth = 0) {
  if (!Root || Depth > 400)
    return false;
  Chain.push_back(Root);
  if (Root == Target)
    return true;
  // A lambda's body is not part of the coroutine's flow.
  if (!isa<LambdaExpr>(Root))
    for (const Stmt *Child : Root->children())
      if (pathTo(Child, Target, Chain, Depth + 1))
        return true;
  Chain.pop_back();
  return false;
}

const Stmt *firstStmtOf(const CFGBlock &B) {
  for (const CFGElement &E : B)
    if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
      return S->getStmt();
  return nullptr;
}

} // namespace

LockAcrossSuspendCheck::LockAcrossSuspendCheck(llvm::StringRef Name,
                                               ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context), Locks(modelForSetup()) {}

void LockAcrossSuspendCheck::registerMatchers(MatchFinder *Finder) {
  registerCoroutineMatchers(Finder);
}

void LockAcrossSuspendCheck::check(const MatchFinder::MatchResult &Result) {
  dispatchCoroutine(Result);
}

void LockAcrossSuspendCheck::onCoroutine(
    const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
    const MatchFinder::MatchResult &Result) {
  const ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  model(Ctx);
  const model::CoroutineFlow *Flow = suspensions(Ctx).flowOf(&Coroutine);
  if (!Flow || Flow->suspensions().empty())
    return;
  const CFG &G = Flow->cfg();

  // What each element does, in block order; guards' mutexes first, since a
  // g.lock() may come before the declaration in block order (never in flow
  // order).
  struct Located {
    model::LockEvent Event;
    const CFGBlock *Block;
    unsigned Index;
  };
  std::vector<Located> Events;
  llvm::SmallVector<model::LockEvent, 4> Scratch;
  for (const CFGBlock *B : G) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      // Code that does not type yet (clangd, while the user types) may be
      // the very unlock: no report for this coroutine.
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        if (const auto *Ex = dyn_cast<Expr>(S->getStmt());
            Ex && Ex->containsErrors())
          return;
      Scratch.clear();
      Locks.eventsOf(E, Scratch);
      for (model::LockEvent &Ev : Scratch)
        Events.push_back({std::move(Ev), B, I});
      ++I;
    }
  }
  if (Events.empty())
    return;

  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 2>>
      GuardMutexes;
  llvm::DenseSet<const Stmt *> TransferMoves;
  for (const Located &L : Events) {
    const model::LockEvent &E = L.Event;
    if (E.Kind == model::LockEvent::GuardAcquire ||
        E.Kind == model::LockEvent::GuardDeferred)
      GuardMutexes[E.Guard] = E.Mutexes;
    if (E.Kind == model::LockEvent::GuardTransfer)
      TransferMoves.insert(E.Object);
  }
  // A guard built from another takes its mutexes (to a fixpoint: chains of
  // moves are short).
  for (unsigned Round = 0; Round < 4; ++Round)
    for (const Located &L : Events)
      if (L.Event.Kind == model::LockEvent::GuardTransfer) {
        const auto *Move = cast<CallExpr>(L.Event.Object);
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(Move->getArg(0)->IgnoreParenImpCasts()))
          if (const auto *From = dyn_cast<VarDecl>(DRE->getDecl());
              From && GuardMutexes.count(From))
            GuardMutexes[L.Event.Guard] = GuardMutexes[From];
      }

  // The branch each condition decides, for try-locks that are a condition:
  // `if (m.try_lock())` holds on the then-branch only. (The model's CFG
  // has exception edges, so the call and the branch are separate blocks.)
  llvm::DenseMap<const Stmt *, std::pair<const CFGBlock *, bool>> BranchOn;
  for (const CFGBlock *B : G) {
    if (B->succ_size() != 2 ||
        !isa_and_nonnull<IfStmt, WhileStmt, ForStmt, ConditionalOperator>(
            B->getTerminatorStmt()))
      continue;
    const auto *Cond = dyn_cast_or_null<Expr>(B->getTerminatorCondition());
    if (!Cond)
      continue;
    Cond = Cond->IgnoreParenImpCasts();
    bool Negated = false;
    if (const auto *UO = dyn_cast<UnaryOperator>(Cond);
        UO && UO->getOpcode() == UO_LNot) {
      Negated = true;
      Cond = UO->getSubExpr()->IgnoreParenImpCasts();
    }
    BranchOn[Cond] = {B, Negated};
  }

  std::vector<Site> Sites;
  std::vector<ReleaseSite> Releases;
  // Actions per element: by statement, or by variable for a destructor.
  llvm::DenseMap<const void *, llvm::SmallVector<Action, 2>> Actions;
  auto AddSite = [&](Site S, const Located &L) {
    S.Pos = {L.Block->getBlockID(), L.Index};
    Sites.push_back(std::move(S));
    return unsigned(Sites.size() - 1);
  };
  auto KeyOf = [&](const Located &L) -> const void * {
    if (L.Event.Kind == model::LockEvent::Release && L.Event.Guard &&
        !L.Event.Object)
      return L.Event.Guard; // A destructor.
    return L.Event.Site;
  };

  for (const Located &L : Events) {
    const model::LockEvent &E = L.Event;
    llvm::SmallVector<Action, 2> &Out = Actions[KeyOf(L)];
    switch (E.Kind) {
    case model::LockEvent::GuardAcquire: {
      Site S{E.Adopts ? Site::Adopt : Site::Guard};
      S.Where = E.Site;
      S.Loc = E.Guard->getLocation();
      S.Holder = model::LockModel::varKey(E.Guard);
      S.GuardVar = E.Guard;
      S.Mutexes = E.Mutexes;
      if (E.Adopts)
        for (const Expr *M : E.Mutexes)
          Out.push_back({Action::Kill, ~0u, model::LockModel::objectKey(M)});
      Out.push_back({Action::Gen, AddSite(std::move(S), L), ""});
      break;
    }
    case model::LockEvent::GuardDeferred:
      break;
    case model::LockEvent::GuardTransfer: {
      const auto *Move = cast<CallExpr>(E.Object);
      Site S{Site::Transfer};
      S.Where = E.Site;
      S.Loc = E.Guard->getLocation();
      S.Holder = model::LockModel::varKey(E.Guard);
      S.GuardVar = E.Guard;
      S.Mutexes = GuardMutexes.lookup(E.Guard);
      S.From = Move->getArg(0);
      Out.push_back({Action::Move, AddSite(std::move(S), L),
                     model::LockModel::objectKey(Move->getArg(0))});
      break;
    }
    case model::LockEvent::Acquire: {
      std::string Holder = model::LockModel::objectKey(E.Object);
      if (Holder.empty())
        break;
      Site S{Site::Manual};
      S.Where = E.Site;
      S.Loc = E.Object->getExprLoc();
      S.Holder = Holder;
      S.Mutexes.push_back(E.Object);
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(E.Object->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
            VD && GuardMutexes.count(VD)) {
          S.Kind = Site::Guard;
          S.GuardVar = VD;
          S.Mutexes = GuardMutexes[VD];
        }
      if (const auto *Call = dyn_cast<CallExpr>(E.Site);
          Call && isa<CXXOperatorCallExpr>(Call)) {
        S.Kind = Site::Lambda;
        S.Loc = Call->getExprLoc();
      }
      unsigned Index = AddSite(std::move(S), L);
      // A try-lock that is the condition of a branch holds on the branch
      // where it succeeded: `if (m.try_lock()) { ... }`.
      if (E.Try) {
        auto Branch = BranchOn.find(E.Site);
        const CFGBlock *Succ = nullptr;
        if (Branch != BranchOn.end()) {
          auto [Block, Negated] = Branch->second;
          Succ = *(Block->succ_begin() + (Negated ? 1 : 0));
        }
        // Through empty blocks that only this branch leads to.
        for (unsigned Hops = 0; Succ && Succ->empty() && Hops < 8; ++Hops) {
          const CFGBlock *Next =
              Succ->succ_size() >= 1 ? *Succ->succ_begin() : nullptr;
          Succ = Next && Next->pred_size() == 1 ? Next : nullptr;
        }
        if (const Stmt *First = Succ ? firstStmtOf(*Succ) : nullptr) {
          Sites[Index].Pos = {Succ->getBlockID(), 0};
          auto &At = Actions[First];
          At.insert(At.begin(), {Action::Gen, Index, ""});
          break;
        }
      }
      Out.push_back({Action::Gen, Index, ""});
      break;
    }
    case model::LockEvent::Release: {
      std::string Holder = E.Object ? model::LockModel::objectKey(E.Object)
                                    : model::LockModel::varKey(E.Guard);
      if (Holder.empty())
        break;
      unsigned Index = ~0u;
      if (E.Object) { // Not a destructor.
        Releases.push_back({E.Site, Holder});
        Index = Releases.size() - 1;
      }
      Out.push_back({Action::Kill, Index, Holder});
      break;
    }
    case model::LockEvent::Disown: {
      std::string Holder = model::LockModel::objectKey(E.Object);
      const VarDecl *VD = nullptr;
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(E.Object->IgnoreParenImpCasts()))
        VD = dyn_cast<VarDecl>(DRE->getDecl());
      auto It = VD ? GuardMutexes.find(VD) : GuardMutexes.end();
      if (It == GuardMutexes.end() || It->second.empty()) {
        Out.push_back({Action::Kill, ~0u, Holder});
        break;
      }
      // The mutex stays locked, now by hand.
      Site S{Site::Disowned};
      S.Where = E.Site;
      S.Loc = E.Object->getExprLoc();
      S.Holder = model::LockModel::objectKey(It->second.front());
      S.GuardVar = VD;
      S.Mutexes = It->second;
      Out.push_back({Action::Move, AddSite(std::move(S), L), Holder});
      break;
    }
    case model::LockEvent::MoveOut: {
      if (TransferMoves.count(E.Site))
        break;
      std::string Holder = model::LockModel::objectKey(E.Object);
      Releases.push_back({E.Site, Holder});
      Out.push_back({Action::Kill, unsigned(Releases.size() - 1), Holder});
      break;
    }
    }
  }
  if (Sites.empty())
    return;

  const unsigned NumSites = Sites.size();
  llvm::StringMap<llvm::SmallVector<unsigned, 2>> SitesOf, ReleasesOf;
  for (unsigned I = 0; I < NumSites; ++I)
    SitesOf[Sites[I].Holder].push_back(I);
  for (unsigned I = 0; I < Releases.size(); ++I)
    ReleasesOf[Releases[I].Holder].push_back(I);

  auto Apply = [&](const llvm::SmallVector<Action, 2> &List,
                   llvm::BitVector &Facts) {
    for (const Action &A : List) {
      switch (A.Kind) {
      case Action::Gen: {
        const Site &S = Sites[A.Index];
        auto R = ReleasesOf.find(S.Holder);
        if (R != ReleasesOf.end())
          for (unsigned I : R->second)
            Facts.reset(NumSites + I);
        Facts.set(A.Index);
        break;
      }
      case Action::Kill: {
        auto It = SitesOf.find(A.Holder);
        if (It != SitesOf.end())
          for (unsigned I : It->second)
            Facts.reset(I);
        if (A.Index != ~0u)
          Facts.set(NumSites + A.Index);
        break;
      }
      case Action::Move: {
        bool Held = false;
        auto It = SitesOf.find(A.Holder);
        if (It != SitesOf.end())
          for (unsigned I : It->second) {
            Held |= Facts.test(I);
            Facts.reset(I);
          }
        if (Held)
          Facts.set(A.Index);
        break;
      }
      }
    }
  };
  auto ActionsOf =
      [&](const CFGElement &E) -> const llvm::SmallVector<Action, 2> * {
    const void *Key = nullptr;
    if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
      Key = S->getStmt();
    else if (std::optional<CFGAutomaticObjDtor> D =
                 E.getAs<CFGAutomaticObjDtor>())
      Key = D->getVarDecl();
    if (!Key)
      return nullptr;
    auto It = Actions.find(Key);
    return It == Actions.end() ? nullptr : &It->second;
  };

  std::optional<CFGDomTree> Dom;
  auto Dominates = [&](model::FlowPosition A, model::FlowPosition B) {
    if (A.Block == B.Block)
      return A.Index < B.Index;
    if (!Dom)
      Dom.emplace(const_cast<CFG *>(&G));
    const CFGBlock *BA = nullptr, *BB = nullptr;
    for (const CFGBlock *Blk : G) {
      if (Blk->getBlockID() == A.Block)
        BA = Blk;
      if (Blk->getBlockID() == B.Block)
        BB = Blk;
    }
    return BA && BB && Dom->dominates(BA, BB);
  };

  const Stmt *UserBody = Body.getBody();
  // Notes go where the user wrote the code: a macro's use, not its body or
  // the scratch space of a pasted name.
  auto NoteAt = [&](SourceLocation L) {
    return L.isMacroID() ? SM.getExpansionLoc(L) : L;
  };
  // Whether the scope of a local variable contains S: the innermost
  // statement around its declaration that opens a scope.
  llvm::DenseMap<const VarDecl *, SourceRange> Scopes;
  auto inScopeAt = [&](const VarDecl *VD, const Stmt *S) {
    auto It = Scopes.find(VD);
    if (It == Scopes.end()) {
      SourceRange R;
      llvm::SmallVector<const Stmt *, 16> Chain;
      if (VD->getInit() && pathTo(UserBody, VD->getInit(), Chain))
        for (const Stmt *Outer : llvm::reverse(Chain))
          if (isa<CompoundStmt, CXXCatchStmt, ForStmt, CXXForRangeStmt, IfStmt,
                  SwitchStmt, WhileStmt>(Outer)) {
            R = Outer->getSourceRange();
            break;
          }
      It = Scopes.try_emplace(VD, R).first;
    }
    SourceRange R = It->second;
    if (R.isInvalid())
      return true;
    SourceLocation L = SM.getExpansionLoc(S->getBeginLoc());
    return !SM.isBeforeInTranslationUnit(L, SM.getExpansionLoc(R.getBegin())) &&
           !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(R.getEnd()), L);
  };
  auto Report = [&](const model::SuspensionPoint &P,
                    llvm::SmallVector<unsigned, 2> Held,
                    const llvm::BitVector &Before) {
    const CoroutineSuspendExpr *SE = P.Expr;
    SourceLocation At = SE->getBeginLoc();
    if (!isUserCode(At, SM))
      return;
    // A guard whose scope does not contain the suspension was destroyed
    // before it, on whatever path: the CFG has no destructor on the edge
    // from a throwing call into a handler, so the flow alone would keep a
    // guard of a try block alive in its catch and after it.
    llvm::SmallVector<unsigned, 2> InScope;
    for (unsigned I : Held)
      if (!Sites[I].GuardVar || Sites[I].Kind == Site::Disowned ||
          inScopeAt(Sites[I].GuardVar, SE))
        InScope.push_back(I);
    if (InScope.empty())
      return;
    Held = InScope;
    llvm::StringRef Keyword = isa<CoyieldExpr>(SE) ? "co_yield" : "co_await";
    const Site &First = Sites[Held.front()];
    auto MutexNames = [&](const Site &S) {
      std::string Names;
      for (const Expr *M : S.Mutexes) {
        if (!Names.empty())
          Names += "' and '";
        Names += model::LockModel::objectName(M, Ctx);
      }
      return Names;
    };
    PrintingPolicy Policy = Ctx.getPrintingPolicy();
    Policy.SuppressTagKeyword = true;
    auto TypeOf = [&](QualType T) {
      T = T.getNonReferenceType();
      if (T->isPointerType())
        T = T->getPointeeType();
      // Canonical, so deduced template arguments are qualified too
      // (std::unique_lock<std::mutex>); a typedef of an unnamed class
      // (pthread_mutex_t) keeps its name.
      std::string Canonical =
          T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
      if (llvm::StringRef(Canonical).contains("(unnamed") ||
          llvm::StringRef(Canonical).contains("(anonymous"))
        return T.getUnqualifiedType().getAsString(Policy);
      return Canonical;
    };
    if (First.GuardVar && First.Kind != Site::Disowned)
      diag(At, "'%0' (%1) holds a thread-owned lock across this %2 in %3; the "
               "coroutine may resume on another thread, where unlocking is "
               "undefined behaviour, and every thread that needs the lock "
               "blocks while it is suspended")
          << First.GuardVar->getName() << TypeOf(First.GuardVar->getType())
          << Keyword << describeCoroutine(Coroutine);
    else
      diag(At, "'%0' (%1) is locked across this %2 in %3; the coroutine may "
               "resume on another thread, where unlocking is undefined "
               "behaviour, and every thread that needs the lock blocks while "
               "it is suspended")
          << MutexNames(First) << TypeOf(First.Mutexes.front()->getType())
          << Keyword << describeCoroutine(Coroutine);

    bool AllDominate = true;
    for (unsigned I : Held) {
      const Site &S = Sites[I];
      AllDominate &= Dominates(S.Pos, P.Position);
      switch (S.Kind) {
      case Site::Guard:
        diag(NoteAt(S.Loc), "'%0' locks '%1' here", DiagnosticIDs::Note)
            << S.GuardVar->getName() << MutexNames(S);
        break;
      case Site::Adopt:
        diag(NoteAt(S.Loc), "'%0' takes over the lock on '%1' here",
             DiagnosticIDs::Note)
            << S.GuardVar->getName() << MutexNames(S);
        break;
      case Site::Transfer:
        diag(NoteAt(S.Loc), "'%0' takes over the lock of '%1' here",
             DiagnosticIDs::Note)
            << S.GuardVar->getName()
            << model::LockModel::objectName(S.From, Ctx);
        break;
      case Site::Manual:
        diag(NoteAt(S.Loc), "'%0' is locked here", DiagnosticIDs::Note)
            << MutexNames(S);
        break;
      case Site::Lambda:
        diag(NoteAt(S.Loc), "'%0' is locked inside the lambda called here",
             DiagnosticIDs::Note)
            << MutexNames(S);
        break;
      case Site::Disowned:
        diag(NoteAt(S.Loc), "'%0' lets go of '%1' here without unlocking it",
             DiagnosticIDs::Note)
            << S.GuardVar->getName() << MutexNames(S);
        break;
      }
    }
    // Held on some paths only: say which.
    std::string Name = First.GuardVar && First.Kind != Site::Disowned
                           ? First.GuardVar->getName().str()
                           : MutexNames(First);
    for (unsigned R : ReleasesOf.lookup(First.Holder))
      if (Before.test(NumSites + R) && Releases[R].Where) {
        diag(NoteAt(Releases[R].Where->getBeginLoc()),
             "'%0' is let go here on another path; it is held at the %1 on "
             "the paths that do not pass here",
             DiagnosticIDs::Note)
            << Name << Keyword;
        return;
      }
    if (AllDominate)
      return;
    llvm::SmallVector<const Stmt *, 16> SiteChain, SuspChain;
    const Stmt *SiteStmt = First.Where;
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(SiteStmt))
      if (DS->isSingleDecl())
        if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
          SiteStmt = VD->getInit();
    if (!pathTo(UserBody, SiteStmt, SiteChain) ||
        !pathTo(UserBody, SE, SuspChain))
      return;
    auto InSusp = [&](size_t Depth, const Stmt *S) {
      return Depth < SuspChain.size() && SuspChain[Depth] == S;
    };
    for (size_t D = SiteChain.size() - 1; D-- > 0;) {
      const Stmt *Parent = SiteChain[D], *Child = SiteChain[D + 1];
      if (const auto *If = dyn_cast<IfStmt>(Parent)) {
        bool InThen = Child == If->getThen(), InElse = Child == If->getElse();
        if (Child == If->getCond()) {
          // A try-lock in the condition holds on the branch where it
          // succeeded: the then-branch, or the else-branch of `!m.try_lock()`.
          bool Negated = If->getCond()->IgnoreParenImpCasts() != SiteStmt;
          const Stmt *Branch = Negated ? If->getElse() : If->getThen();
          if (!Branch || !InSusp(D + 1, Branch)) {
            diag(NoteAt(If->getCond()->getBeginLoc()),
                 "'%0' is held at the %1 only on the path where this "
                 "condition is %select{false|true}2",
                 DiagnosticIDs::Note)
                << Name << Keyword << !Negated;
            return;
          }
          continue;
        }
        if ((InThen || InElse) && !InSusp(D + 1, Child)) {
          diag(NoteAt(If->getCond()->getBeginLoc()),
               "'%0' is held at the %1 only on the path where this condition "
               "is %select{false|true}2",
               DiagnosticIDs::Note)
              << Name << Keyword << InThen;
          return;
        }
        continue;
      }
      if (const auto *CO = dyn_cast<ConditionalOperator>(Parent)) {
        bool InTrue = Child == CO->getTrueExpr();
        if ((InTrue || Child == CO->getFalseExpr()) && !InSusp(D + 1, Child)) {
          diag(NoteAt(CO->getCond()->getBeginLoc()),
               "'%0' is held at the %1 only on the path where this condition "
               "is %select{false|true}2",
               DiagnosticIDs::Note)
              << Name << Keyword << InTrue;
          return;
        }
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(Parent)) {
        if (BO->isLogicalOp() && Child == BO->getRHS() &&
            !InSusp(D + 1, Child)) {
          diag(NoteAt(BO->getLHS()->getBeginLoc()),
               "'%0' is held at the %1 only on the path where this condition "
               "is %select{false|true}2",
               DiagnosticIDs::Note)
              << Name << Keyword << (BO->getOpcode() == BO_LAnd);
          return;
        }
        continue;
      }
      if (const auto *Sw = dyn_cast<SwitchStmt>(Parent)) {
        if (Child == Sw->getBody() && !InSusp(D + 1, Child)) {
          diag(NoteAt(Sw->getCond()->getBeginLoc()),
               "'%0' is held at the %1 only on the paths through some cases "
               "of this switch",
               DiagnosticIDs::Note)
              << Name << Keyword;
          return;
        }
        continue;
      }
      if (isa<CXXCatchStmt>(Parent)) {
        if (!InSusp(D, Parent)) {
          diag(NoteAt(Parent->getBeginLoc()),
               "'%0' is held at the %1 only when this handler has run",
               DiagnosticIDs::Note)
              << Name << Keyword;
          return;
        }
        continue;
      }
      const Stmt *LoopBody = nullptr;
      if (const auto *W = dyn_cast<WhileStmt>(Parent))
        LoopBody = W->getBody();
      else if (const auto *F = dyn_cast<ForStmt>(Parent))
        LoopBody = F->getBody();
      else if (const auto *RF = dyn_cast<CXXForRangeStmt>(Parent))
        LoopBody = RF->getBody();
      else if (const auto *Do = dyn_cast<DoStmt>(Parent))
        LoopBody = Do->getBody();
      if (LoopBody && Child == LoopBody) {
        if (InSusp(D + 1, Child))
          diag(NoteAt(Parent->getBeginLoc()),
               "'%0' is taken late in one iteration of this loop and still "
               "held at the %1 in the next",
               DiagnosticIDs::Note)
              << Name << Keyword;
        else
          diag(NoteAt(Parent->getBeginLoc()),
               "'%0' is held at the %1 only on the paths where this loop's "
               "body has run",
               DiagnosticIDs::Note)
              << Name << Keyword;
        return;
      }
    }
  };

  Flow->forwardMay(
      NumSites + Releases.size(),
      [&](const CFGElement &E, llvm::BitVector &Facts) {
        if (const auto *List = ActionsOf(E))
          Apply(*List, Facts);
      },
      [&](const CFGElement &E, const llvm::BitVector &Before) {
        std::optional<CFGStmt> S = E.getAs<CFGStmt>();
        if (!S)
          return;
        const model::SuspensionPoint *P = Flow->suspensionAt(S->getStmt());
        if (!P || P->Expr != S->getStmt())
          return;
        // One diagnostic per lock holder.
        llvm::StringMap<llvm::SmallVector<unsigned, 2>> ByHolder;
        llvm::SmallVector<llvm::StringRef, 4> Order;
        for (unsigned I = 0; I < NumSites; ++I)
          if (Before.test(I)) {
            auto &V = ByHolder[Sites[I].Holder];
            if (V.empty())
              Order.push_back(Sites[I].Holder);
            V.push_back(I);
          }
        for (llvm::StringRef H : Order)
          Report(*P, ByHolder[H], Before);
      });
}

COROGUARD_REGISTER_CHECK(LockAcrossSuspendCheck,
                         "coroguard-lock-across-suspend");

} // namespace clang::tidy::coroguard
