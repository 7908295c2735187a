//===--- Locks.cpp --------------------------------------------------------===//

#include "Locks.h"
#include "CoroutineContext.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::coroguard::model {

namespace {
/// What a lock operation does.
enum class Op {
  None,
  Acquire,
  TryAcquire,
  AcquireEach,
  TryAcquireEach,
  Release,
  Disown
};

Op opFromDetail(llvm::StringRef Detail) {
  return llvm::StringSwitch<Op>(Detail)
      .Case("acquire", Op::Acquire)
      .Case("try_acquire", Op::TryAcquire)
      .Case("acquire_each", Op::AcquireEach)
      .Case("try_acquire_each", Op::TryAcquireEach)
      .Case("release", Op::Release)
      .Default(Op::None);
}

/// The C++ standard's Lockable requirements (BasicLockable, Lockable,
/// TimedLockable, SharedLockable, SharedTimedLockable), which every mutex
/// and guard of std and Boost spells the same way; a library's other
/// spellings are profile data.
Op opFromRequirementName(llvm::StringRef Name, bool IsGuard) {
  if (Name == "lock" || Name == "lock_shared")
    return Op::Acquire;
  if (Name == "try_lock" || Name == "try_lock_for" ||
      Name == "try_lock_until" || Name == "try_lock_shared" ||
      Name == "try_lock_shared_for" || Name == "try_lock_shared_until")
    return Op::TryAcquire;
  if (Name == "unlock" || Name == "unlock_shared")
    return Op::Release;
  if (IsGuard && Name == "release")
    return Op::Disown;
  return Op::None;
}

const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BTE->getSubExpr();
    else if (const auto *FCE = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FCE->getSubExpr();
    else
      return E;
  }
  return E;
}

/// The record a value of type T refers to: T itself, or what a reference or
/// pointer to it points at.
const CXXRecordDecl *pointedRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  while (const auto *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  return T->getAsCXXRecordDecl();
}

/// The standard lock tags (std::defer_lock_t, try_to_lock_t, adopt_lock_t),
/// which Boost.Thread spells the same way.
enum class Tag { None, Defer, Try, Adopt };
Tag tagOf(const CXXRecordDecl *RD) {
  if (!RD || !RD->getIdentifier())
    return Tag::None;
  llvm::StringRef N = RD->getName();
  if (N == "defer_lock_t")
    return Tag::Defer;
  if (N == "try_to_lock_t")
    return Tag::Try;
  if (N == "adopt_lock_t")
    return Tag::Adopt;
  return Tag::None;
}

/// A duration or time point handed to a guard's constructor makes it a
/// timed try-lock.
bool isTimeout(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  std::string N = qualifiedName(RD);
  return llvm::StringRef(N).contains("chrono::") ||
         llvm::StringRef(N).contains("posix_time::");
}

bool isStdMove(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  return FD && Call->getNumArgs() == 1 && FD->getIdentifier() &&
         FD->getName() == "move" && FD->isInStdNamespace();
}
} // namespace

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

LockKind LockModel::ownKind(const CXXRecordDecl *RD) {
  RoleSet R = Model.roles(RD);
  if (R.has(Role::AsyncLock))
    return LockKind::Async;
  if (R.has(Role::ThreadLock))
    return LockKind::Thread;
  const CXXRecordDecl *Def = definitionOrPattern(RD);
  for (const CXXRecordDecl *D : {RD, Def}) {
    if (!D)
      continue;
    if (D->hasAttr<ScopedLockableAttr>() || D->hasAttr<CapabilityAttr>())
      return LockKind::Thread;
    if (const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(D)) {
      const CXXRecordDecl *P =
          CTSD->getSpecializedTemplate()->getTemplatedDecl();
      if (P->hasAttr<ScopedLockableAttr>() || P->hasAttr<CapabilityAttr>())
        return LockKind::Thread;
    }
  }
  return LockKind::None;
}

LockKind LockModel::kindOfRecord(const CXXRecordDecl *RD) {
  if (!RD)
    return LockKind::None;
  RD = RD->getCanonicalDecl();
  auto It = Kinds.find(RD);
  if (It != Kinds.end())
    return It->second;
  Kinds[RD] = LockKind::None; // Recursion guard.
  LockKind K = ownKind(RD);
  // A guard template takes the kind of the mutex it holds:
  // std::unique_lock<async_simple::coro::Mutex> guards an async lock.
  if (K != LockKind::Async)
    if (const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &Arg : CTSD->getTemplateArgs().asArray()) {
        auto Visit = [&](const TemplateArgument &A) {
          if (A.getKind() == TemplateArgument::Type &&
              kindOfRecord(pointedRecord(A.getAsType())) == LockKind::Async)
            K = LockKind::Async;
        };
        if (Arg.getKind() == TemplateArgument::Pack)
          for (const TemplateArgument &A : Arg.pack_elements())
            Visit(A);
        else
          Visit(Arg);
      }
  // A class derived from a lock is one (class MyMutex : public std::mutex).
  if (K == LockKind::None)
    if (const CXXRecordDecl *Def = RD->getDefinition())
      for (const CXXBaseSpecifier &B : Def->bases())
        if (LockKind BK = kindOfRecord(pointedRecord(B.getType()));
            BK != LockKind::None) {
          K = BK;
          break;
        }
  Kinds[RD] = K;
  return K;
}

LockKind LockModel::kindOf(QualType T) {
  return kindOfRecord(pointedRecord(T));
}

bool LockModel::isGuard(QualType T) {
  const CXXRecordDecl *RD = pointedRecord(T);
  if (!RD || T.getNonReferenceType()->isPointerType())
    return false;
  if (kindOfRecord(RD) == LockKind::None)
    return false;
  for (const CXXRecordDecl *D : {RD, definitionOrPattern(RD)})
    if (D && D->hasAttr<ScopedLockableAttr>())
      return true;
  // A guard template names its mutex: std::lock_guard<std::mutex>.
  if (const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    for (const TemplateArgument &Arg : CTSD->getTemplateArgs().asArray()) {
      if (Arg.getKind() == TemplateArgument::Pack)
        return true; // std::scoped_lock<Ms...>
      if (Arg.getKind() == TemplateArgument::Type)
        if (const CXXRecordDecl *M = pointedRecord(Arg.getAsType()))
          if (kindOfRecord(M) != LockKind::None || findMember(M, "lock"))
            return true;
    }
  }
  // Or is constructed from one: absl::MutexLock(absl::Mutex *).
  const CXXRecordDecl *Def = definitionOrPattern(RD);
  if (!Def)
    return false;
  for (const CXXConstructorDecl *Ctor : Def->ctors())
    for (const ParmVarDecl *P : Ctor->parameters()) {
      const CXXRecordDecl *M = pointedRecord(P->getType());
      if (M && M->getCanonicalDecl() != RD->getCanonicalDecl() &&
          M->getCanonicalDecl() != Def->getCanonicalDecl() &&
          kindOfRecord(M) != LockKind::None)
        return true;
    }
  return false;
}

//===----------------------------------------------------------------------===//
// Objects
//===----------------------------------------------------------------------===//

std::string LockModel::varKey(const ValueDecl *D) {
  std::string S;
  llvm::raw_string_ostream(S)
      << "d" << static_cast<const void *>(D->getCanonicalDecl());
  return S;
}

std::string LockModel::objectKey(const Expr *E) {
  E = E ? strip(E) : nullptr;
  if (!E)
    return "";
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return objectKey(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return varKey(DRE->getDecl());
  if (isa<CXXThisExpr>(E))
    return "this";
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::string S = objectKey(ME->getBase());
    if (S.empty())
      return "";
    llvm::raw_string_ostream(S)
        << "." << static_cast<const void *>(ME->getMemberDecl());
    return S;
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    std::string S = objectKey(ASE->getBase());
    return S.empty() ? "" : S + "[]";
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    if ((OC->getOperator() == OO_Arrow || OC->getOperator() == OO_Star) &&
        OC->getNumArgs() >= 1) {
      std::string S = objectKey(OC->getArg(0));
      return S.empty() ? "" : S + "*";
    }
  // Anything else (get_mutex()) by its spelling.
  std::string S = "t";
  llvm::raw_string_ostream OS(S);
  LangOptions LO;
  LO.CPlusPlus = true;
  E->printPretty(OS, nullptr, PrintingPolicy(LO));
  return S;
}

std::string LockModel::objectName(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return "";
  E = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      E = strip(UO->getSubExpr());
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = CharSourceRange::getTokenRange(E->getSourceRange());
  if (E->getBeginLoc().isFileID() && E->getEndLoc().isFileID()) {
    llvm::StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
    if (!Text.empty() && Text.size() < 80 && !Text.contains('\n'))
      return Text.str();
  }
  std::string S;
  llvm::raw_string_ostream OS(S);
  E->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  return S;
}

//===----------------------------------------------------------------------===//
// Events
//===----------------------------------------------------------------------===//

void LockModel::guardEvents(const VarDecl *VD, const Stmt *Site,
                            llvm::SmallVectorImpl<LockEvent> &Out) {
  if (!VD->hasLocalStorage() || !VD->getInit() || !isGuard(VD->getType()) ||
      kindOf(VD->getType()) != LockKind::Thread)
    return;
  const auto *Construct = dyn_cast<CXXConstructExpr>(strip(VD->getInit()));
  // `auto g = std::unique_lock(m)`: the elided copy constructs from the
  // temporary.
  while (Construct && Construct->getNumArgs() == 1 &&
         Construct->getConstructor()->isCopyOrMoveConstructor()) {
    const Expr *Arg = strip(Construct->getArg(0));
    if (const auto *Inner = dyn_cast<CXXConstructExpr>(Arg)) {
      Construct = Inner;
      continue;
    }
    // A guard moved in from another one: std::move(g).
    if (const auto *Call = dyn_cast<CallExpr>(Arg); Call && isStdMove(Call)) {
      LockEvent E{LockEvent::GuardTransfer};
      E.Site = Site;
      E.Guard = VD;
      E.Object = Call;
      Out.push_back(std::move(E));
    }
    return;
  }
  if (!Construct)
    return;
  LockEvent E{LockEvent::GuardAcquire};
  E.Site = Site;
  E.Guard = VD;
  const CXXRecordDecl *Self = pointedRecord(VD->getType());
  bool Deferred = false;
  for (const Expr *Arg : Construct->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    const CXXRecordDecl *RD = pointedRecord(Arg->getType());
    if (!RD)
      continue;
    switch (tagOf(RD)) {
    case Tag::Defer:
      Deferred = true;
      continue;
    case Tag::Try:
      E.Try = true;
      continue;
    case Tag::Adopt:
      E.Adopts = true;
      continue;
    case Tag::None:
      break;
    }
    if (isTimeout(RD)) {
      E.Try = true;
      continue;
    }
    if (Self && RD->getCanonicalDecl() == Self->getCanonicalDecl())
      continue;
    if (kindOfRecord(RD) != LockKind::None || findMember(RD, "lock"))
      E.Mutexes.push_back(Arg);
  }
  // Default-constructed: holds nothing.
  if (E.Mutexes.empty())
    return;
  if (Deferred)
    E.Kind = LockEvent::GuardDeferred;
  Out.push_back(std::move(E));
}

void LockModel::callEvents(const Expr *CallE, const Stmt *Site,
                           llvm::SmallVectorImpl<LockEvent> &Out) {
  const auto *Call = dyn_cast<CallExpr>(CallE);
  if (!Call)
    return;
  if (isStdMove(Call)) {
    const Expr *Arg = strip(Call->getArg(0));
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg))
      if (isGuard(DRE->getType()) &&
          kindOf(DRE->getType()) == LockKind::Thread) {
        LockEvent E{LockEvent::MoveOut};
        E.Site = Site;
        E.Object = Arg;
        Out.push_back(std::move(E));
      }
    return;
  }
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return;
  auto Emit = [&](LockEvent::EventKind K, const Expr *Object, bool Try) {
    LockEvent E{K};
    E.Site = Site;
    E.Object = Object;
    E.Try = Try;
    Out.push_back(std::move(E));
  };
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call)) {
    const Expr *Object = MCE->getImplicitObjectArgument();
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    if (!Object || !MD)
      return;
    QualType ObjectType = Object->getType();
    if (ObjectType->isPointerType())
      ObjectType = ObjectType->getPointeeType();
    Op O = Op::None;
    if (MD->hasAttr<AcquireCapabilityAttr>())
      O = Op::Acquire;
    else if (MD->hasAttr<TryAcquireCapabilityAttr>())
      O = Op::TryAcquire;
    else if (MD->hasAttr<ReleaseCapabilityAttr>())
      O = Op::Release;
    if (O == Op::None && kindOf(ObjectType) != LockKind::Thread)
      return;
    if (O == Op::None && Model.roles(MD).has(Role::ThreadLock))
      O = opFromDetail(Model.detail(Role::ThreadLock, qualifiedName(MD)));
    if (O == Op::None && MD->getIdentifier())
      O = opFromRequirementName(MD->getName(), isGuard(ObjectType));
    if (kindOf(ObjectType) == LockKind::Async)
      return;
    switch (O) {
    case Op::Acquire:
    case Op::AcquireEach:
      Emit(LockEvent::Acquire, Object, false);
      break;
    case Op::TryAcquire:
    case Op::TryAcquireEach:
      Emit(LockEvent::Acquire, Object, true);
      break;
    case Op::Release:
      Emit(LockEvent::Release, Object, false);
      break;
    case Op::Disown:
      Emit(LockEvent::Disown, Object, false);
      break;
    case Op::None:
      break;
    }
    return;
  }
  if (isa<CXXOperatorCallExpr>(Call)) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        MD && MD->getParent()->isLambda())
      lambdaCallEvents(Call, Out);
    return;
  }
  // Free functions: pthread_mutex_lock(&m), std::lock(a, b).
  RoleSet R = Model.roles(FD);
  if (!R.has(Role::ThreadLock) || Call->getNumArgs() == 0)
    return;
  Op O = opFromDetail(Model.detail(Role::ThreadLock, qualifiedName(FD)));
  switch (O) {
  case Op::Acquire:
  case Op::TryAcquire:
    if (kindOf(Call->getArg(0)->getType()) != LockKind::Async)
      Emit(LockEvent::Acquire, Call->getArg(0), O == Op::TryAcquire);
    break;
  case Op::AcquireEach:
  case Op::TryAcquireEach:
    for (const Expr *Arg : Call->arguments())
      if (kindOf(Arg->getType()) != LockKind::Async)
        Emit(LockEvent::Acquire, Arg, O == Op::TryAcquireEach);
    break;
  case Op::Release:
    Emit(LockEvent::Release, Call->getArg(0), false);
    break;
  default:
    break;
  }
}

void LockModel::lambdaCallEvents(const Expr *CallE,
                                 llvm::SmallVectorImpl<LockEvent> &Out) {
  const auto *Call = dyn_cast<CallExpr>(CallE);
  const auto *MD =
      Call ? dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()) : nullptr;
  if (!MD || !MD->getParent()->isLambda() || !MD->hasBody() ||
      coroutineBody(MD))
    return;
  llvm::SmallVector<LockEvent, 4> Inner;
  forEachEvaluatedStmt(MD->getBody(), [&](const Stmt *S) {
    // The lambda's own guards die with it; its nested lambdas' calls are
    // followed by forEachEvaluatedStmt when invoked.
    if (const auto *C = dyn_cast<CallExpr>(S);
        C && !isa<CXXOperatorCallExpr>(C))
      callEvents(C, S, Inner);
  });
  // The net effect on each object: locked and not unlocked, or the reverse.
  llvm::StringMap<int> Net;
  llvm::StringMap<const LockEvent *> Last;
  for (const LockEvent &E : Inner) {
    if (E.Kind != LockEvent::Acquire && E.Kind != LockEvent::Release)
      continue;
    std::string Key = objectKey(E.Object);
    if (Key.empty())
      continue;
    Net[Key] += E.Kind == LockEvent::Acquire ? 1 : -1;
    Last[Key] = &E;
  }
  for (const auto &[Key, Count] : Net) {
    if (Count == 0)
      continue;
    LockEvent E{Count > 0 ? LockEvent::Acquire : LockEvent::Release};
    E.Site = Call;
    E.Object = Last[Key]->Object;
    E.Try = Last[Key]->Try;
    Out.push_back(std::move(E));
  }
}

void LockModel::eventsOf(const CFGElement &Element,
                         llvm::SmallVectorImpl<LockEvent> &Out) {
  if (std::optional<CFGAutomaticObjDtor> Dtor =
          Element.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *VD = Dtor->getVarDecl();
    if (VD && isGuard(VD->getType()) &&
        kindOf(VD->getType()) == LockKind::Thread) {
      LockEvent E{LockEvent::Release};
      E.Site = Dtor->getTriggerStmt();
      E.Guard = VD;
      Out.push_back(std::move(E));
    }
    return;
  }
  std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
  if (!S)
    return;
  const Stmt *St = S->getStmt();
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    if (DS->isSingleDecl())
      if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
        guardEvents(VD, DS, Out);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(St))
    callEvents(Call, Call, Out);
}

} // namespace clang::tidy::coroguard::model
