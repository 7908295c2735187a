//===--- Escape.cpp -------------------------------------------------------===//

#include "Escape.h"
#include "CoroutineContext.h"
#include "Discard.h"
#include "Spawn.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coroguard::model {

/// One caller's body: parents, the declaration of each local, its block,
/// and every use of it. Lambda bodies are bodies of their own: only their
/// capture initialisers belong to the enclosing one; co_await and co_yield
/// have their operand as only child (the compiler-generated awaiter calls are
/// left out), a coroutine body its user-written body.
struct EscapeAnalysis::Body {
  llvm::DenseMap<const Stmt *, const Stmt *> Parent;
  llvm::DenseMap<const VarDecl *, const Stmt *> Scope;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 2>>
      Uses;
  /// Every call of the body, and (computed on demand) those that block
  /// until async work completes.
  std::vector<const CallExpr *> Calls;
  std::optional<std::vector<const CallExpr *>> Waits;
  std::vector<const Stmt *> Loops;
  const Stmt *Root = nullptr;

  const Stmt *parent(const Stmt *S) const {
    auto It = Parent.find(S);
    return It == Parent.end() ? nullptr : It->second;
  }
  bool isAncestor(const Stmt *A, const Stmt *S) const {
    for (S = parent(S); S; S = parent(S))
      if (S == A)
        return true;
    return false;
  }
};

static bool opensScope(const Stmt *S) {
  return isa<CompoundStmt, ForStmt, CXXForRangeStmt, IfStmt, WhileStmt,
             SwitchStmt, CXXCatchStmt>(S);
}

EscapeAnalysis::EscapeAnalysis(AsyncModel &M, NameList ViewTypes,
                               NameList AllowedTypes)
    : Model(M), ViewTypes(std::move(ViewTypes)),
      AllowedTypes(std::move(AllowedTypes)) {}

EscapeAnalysis::~EscapeAnalysis() = default;

void EscapeAnalysis::reset() {
  Bodies.clear();
  LongLivedCache.clear();
  Uses.clear();
}

EscapeAnalysis::Body &EscapeAnalysis::bodyOf(const FunctionDecl &Caller) {
  std::unique_ptr<Body> &Slot = Bodies[&Caller];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<Body>();
  Body &B = *Slot;
  B.Root = Caller.getBody();
  if (!B.Root)
    return B;
  llvm::SmallVector<std::pair<const Stmt *, const Stmt *>, 64> Work;
  Work.push_back({B.Root, nullptr});
  while (!Work.empty()) {
    const Stmt *S = Work.back().first, *P = Work.back().second;
    Work.pop_back();
    if (!S)
      continue;
    if (P)
      B.Parent.try_emplace(S, P);
    auto Push = [&](const Stmt *Child) {
      if (Child)
        Work.push_back({Child, S});
    };
    if (const auto *CB = dyn_cast<CoroutineBodyStmt>(S)) {
      Push(CB->getBody());
      continue;
    }
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      Push(Suspend->getOperand());
      continue;
    }
    if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      Push(Return->getOperand());
      continue;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : Lambda->capture_inits())
        Push(Init);
      continue;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      const Stmt *Block = nullptr;
      for (const Stmt *A = P; A; A = B.parent(A))
        if (opensScope(A)) {
          Block = A;
          break;
        }
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          B.Scope[VD] = Block;
          Push(VD->getInit());
        }
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        B.Uses[VD].push_back(DRE);
    if (const auto *Call = dyn_cast<CallExpr>(S))
      B.Calls.push_back(Call);
    if (isa<WhileStmt, DoStmt, ForStmt>(S))
      B.Loops.push_back(S);
    for (const Stmt *Child : S->children())
      Push(Child);
  }
  return B;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

bool EscapeAnalysis::isView(QualType T) const {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && ViewTypes.matches(qualifiedName(RD));
}

bool EscapeAnalysis::isLongLived(QualType T) {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD = recordOf(T.getNonReferenceType());
  if (!RD)
    return false;
  auto It = LongLivedCache.find(RD);
  if (It != LongLivedCache.end())
    return It->second;
  bool Result = false;
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{RD};
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  while (!Work.empty() && !Result) {
    const CXXRecordDecl *R = Work.pop_back_val();
    if (!R || !Seen.insert(R).second)
      continue;
    if (Model.roles(R).has(Role::LongLived) ||
        (!AllowedTypes.empty() && AllowedTypes.matches(qualifiedName(R)))) {
      Result = true;
      break;
    }
    const CXXRecordDecl *Def = R->getDefinition();
    if (!Def)
      continue;
    for (const CXXBaseSpecifier &Base : Def->bases())
      Work.push_back(recordOf(Base.getType()));
  }
  LongLivedCache[RD] = Result;
  return Result;
}

//===----------------------------------------------------------------------===//
// The task a call creates
//===----------------------------------------------------------------------===//

std::optional<TaskCall> EscapeAnalysis::taskCall(const CallExpr *Call) {
  if (!Call || Call->containsErrors() || Call->isTypeDependent() ||
      !Call->isPRValue() || Call->getType()->isReferenceType())
    return std::nullopt;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Callee->isInvalidDecl())
    return std::nullopt;
  TypeInfo Info = Model.typeInfo(Call->getType());
  if (!Info.IsTask || Info.IsDetached)
    return std::nullopt;
  if (Model.isLibraryCode(Callee))
    return std::nullopt;
  TaskCall T;
  T.Call = Call;
  T.Starts = Info.Starts;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && MD->getParent()->isLambda()) {
    T.Lambda = MD->getParent();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getNumArgs() > 0)
      T.Closure = Op->getArg(0);
    else if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call))
      T.Closure = MCE->getImplicitObjectArgument();
    if (!T.Closure)
      return std::nullopt;
  }
  const FunctionDecl *Def = Callee->getDefinition();
  if (Def && !Def->isInvalidDecl() && Def->getBody()) {
    // A plain function returning a task is not followed: what it hands to
    // the coroutine it calls is that call's business.
    if (!coroutineBody(Def))
      return std::nullopt;
    T.Callee = Def;
    T.BodyVisible = true;
    return T;
  }
  // Not visible: a lazy task of the user's code keeps whatever reference it
  // is given until it is awaited, whatever its body does with it before.
  // Not a member of a task type (then, via: combinators of the task's own
  // library), nor a declaration in a system header.
  if (T.Lambda || T.Starts != Start::Lazy)
    return std::nullopt;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && Model
                .typeInfo(Callee->getASTContext().getTypeDeclType(
                    static_cast<const TypeDecl *>(MD->getParent())))
                .mustBeUsed())
    return std::nullopt;
  const SourceManager &SM = Callee->getASTContext().getSourceManager();
  SourceLocation Where = SM.getExpansionLoc(Callee->getLocation());
  if (Where.isInvalid() || SM.isInSystemHeader(Where))
    return std::nullopt;
  T.Callee = Callee;
  return T;
}

//===----------------------------------------------------------------------===//
// Referents
//===----------------------------------------------------------------------===//

/// Whether FD is the caller (its definition, or an instantiation of it).
static bool sameFunction(const DeclContext *DC, const FunctionDecl &Caller) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(DC);
  return FD && FD->getCanonicalDecl() == Caller.getCanonicalDecl();
}

/// How long the variable VD lives, from Caller's point of view.
static Referent varLifetime(const VarDecl *VD, const Expr *Object,
                            const FunctionDecl &Caller) {
  Referent R;
  R.Object = Object;
  if (!VD)
    return R;
  if (VD->hasGlobalStorage()) {
    R.Dies = Lifetime::Static;
    return R;
  }
  if (VD->getType()->isReferenceType() || VD->isInitCapture())
    return R;
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD)) {
    if (sameFunction(PVD->getDeclContext(), Caller)) {
      R.Dies = Lifetime::Parameter;
      R.Var = VD;
    }
    return R;
  }
  if (VD->isLocalVarDecl() &&
      sameFunction(VD->getParentFunctionOrMethod(), Caller)) {
    R.Dies = Lifetime::Local;
    R.Var = VD;
  }
  return R;
}

/// Whether Call is std::move, std::forward or std::as_const.
static bool isIdentityCall(const CallExpr *Call) {
  if (Call->getNumArgs() != 1)
    return false;
  if (Call->isCallToStdMove())
    return true;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier())
    return false;
  llvm::StringRef Name = FD->getName();
  return Name == "move" || Name == "forward" || Name == "as_const";
}

Referent EscapeAnalysis::objectLifetime(const Expr *E,
                                        const FunctionDecl &Caller) {
  Referent Unknown;
  Unknown.Object = E;
  for (unsigned Steps = 0; E && Steps < 16; ++Steps) {
    E = E->IgnoreParens();
    if (const auto *FE = dyn_cast<FullExpr>(E)) {
      E = FE->getSubExpr();
      continue;
    }
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      switch (ICE->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
      case CK_LValueToRValue:
        E = ICE->getSubExpr();
        continue;
      case CK_ArrayToPointerDecay:
        if (isa<StringLiteral>(ICE->getSubExpr()->IgnoreParens()))
          return {Lifetime::Static, Unknown.Object, nullptr};
        return Unknown;
      default:
        return Unknown;
      }
    }
    if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E)) {
      if (MTE->getStorageDuration() == SD_FullExpression)
        return {Lifetime::Temporary, Unknown.Object, nullptr};
      if (MTE->getStorageDuration() == SD_Static ||
          MTE->getStorageDuration() == SD_Thread)
        return {Lifetime::Static, Unknown.Object, nullptr};
      return Unknown;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (!isIdentityCall(Call))
        return Unknown;
      E = Call->getArg(0);
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (DRE->refersToEnclosingVariableOrCapture())
        return Unknown;
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD)
        return Unknown;
      Referent R = varLifetime(VD, Unknown.Object, Caller);
      return R;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl());
          VD && VD->hasGlobalStorage())
        return {Lifetime::Static, Unknown.Object, nullptr};
      if (ME->isArrow() || !isa<FieldDecl>(ME->getMemberDecl()))
        return Unknown;
      // A field dies with its object.
      E = ME->getBase();
      continue;
    }
    if (isa<StringLiteral>(E))
      return {Lifetime::Static, Unknown.Object, nullptr};
    return Unknown;
  }
  return Unknown;
}

Referent EscapeAnalysis::referentOf(const Expr *Arg, bool ViewParam,
                                    const FunctionDecl &Caller) {
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(Arg))
    Arg = Default->getExpr();
  if (!ViewParam) {
    Referent R = objectLifetime(Arg, Caller);
    R.Object = Arg;
    return R;
  }
  // A view refers to what it was made from: peel the view's own
  // construction down to its source.
  Referent Unknown;
  Unknown.Object = Arg;
  const Expr *E = Arg;
  for (unsigned Steps = 0; E && Steps < 16; ++Steps) {
    E = E->IgnoreParens();
    if (const auto *FE = dyn_cast<FullExpr>(E)) {
      E = FE->getSubExpr();
      continue;
    }
    // The view's own temporary is looked through; a temporary of what it
    // shows is the referent.
    if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E)) {
      if (!isView(MTE->getType()))
        break;
      E = MTE->getSubExpr();
      continue;
    }
    if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E)) {
      if (!isView(BTE->getType()))
        break;
      E = BTE->getSubExpr();
      continue;
    }
    if (const auto *Cast = dyn_cast<CastExpr>(E);
        Cast &&
        (isa<ImplicitCastExpr>(Cast) || isa<CXXFunctionalCastExpr>(Cast)) &&
        Cast->getCastKind() != CK_ArrayToPointerDecay) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (!isView(CE->getType()))
        break;
      if (CE->getNumArgs() == 0)
        return {Lifetime::Static, Arg, nullptr};
      E = CE->getArg(0);
      continue;
    }
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E);
        MCE && isa_and_nonnull<CXXConversionDecl>(MCE->getMethodDecl())) {
      E = MCE->getImplicitObjectArgument();
      continue;
    }
    break;
  }
  if (!E)
    return Unknown;
  // Another view (a variable, a parameter): what it refers to is not known.
  if (isView(E->getType()))
    return Unknown;
  if (E->getType()->isPointerType()) {
    const auto *ICE = dyn_cast<ImplicitCastExpr>(E->IgnoreParens());
    if (ICE && ICE->getCastKind() == CK_ArrayToPointerDecay) {
      const Expr *Array = ICE->getSubExpr()->IgnoreParens();
      if (isa<StringLiteral>(Array))
        return {Lifetime::Static, Arg, nullptr};
      E = Array;
    } else {
      return Unknown;
    }
  }
  Referent R = objectLifetime(E, Caller);
  R.Object = E;
  return R;
}

//===----------------------------------------------------------------------===//
// What the task refers to
//===----------------------------------------------------------------------===//

const Stmt *EscapeAnalysis::firstUse(const FunctionDecl *Callee, const Decl *D,
                                     bool This, bool Eager,
                                     AfterSuspensionFn AfterSuspension) {
  auto Key = std::make_tuple(Callee, D, This);
  auto It = Uses.find(Key);
  if (It != Uses.end())
    return It->second;
  const Stmt *Found = nullptr;
  forEachEvaluatedStmt(Callee->getBody(), [&](const Stmt *S) {
    if (Found)
      return;
    bool Match = false;
    if (This)
      Match = isa<CXXThisExpr>(S);
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      Match = DRE->getDecl() == D;
    if (Match && (!Eager || AfterSuspension(Callee, S)))
      Found = S;
  });
  Uses[Key] = Found;
  return Found;
}

/// The argument a call passes for parameter I of Callee.
static const Expr *argumentFor(const CallExpr *Call, const FunctionDecl *Callee,
                               unsigned I) {
  unsigned Offset = 0;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && isa<CXXOperatorCallExpr>(Call) &&
      MD->isImplicitObjectMemberFunction())
    Offset = 1;
  if (I + Offset >= Call->getNumArgs())
    return nullptr;
  return Call->getArg(I + Offset);
}

llvm::SmallVector<TaskReference, 2>
EscapeAnalysis::references(const TaskCall &T, const FunctionDecl &Caller,
                           AfterSuspensionFn AfterSuspension) {
  llvm::SmallVector<TaskReference, 2> Out;
  const FunctionDecl *Callee = T.Callee;
  // An eager task runs to its first suspension inside the call: only uses
  // after it need the referent. A task whose start is not known is treated
  // as eager (fewer reports, never a wrong one).
  bool Eager = T.Starts != Start::Lazy;
  auto UseOf = [&](const Decl *D, bool This) -> const Stmt * {
    if (!T.BodyVisible)
      return nullptr;
    return firstUse(Callee, D, This, Eager, AfterSuspension);
  };
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  bool ExplicitObject = MD && MD->isExplicitObjectMemberFunction();
  // The explicit object parameter of a lambda taken by value copies the
  // lambda object, captures included, into the coroutine frame.
  bool ClosureCopied = false;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    const ParmVarDecl *P = Callee->getParamDecl(I);
    QualType PT = P->getType();
    if (ExplicitObject && I == 0) {
      ClosureCopied = !PT->isReferenceType();
      if (T.Lambda)
        continue;
    }
    bool View = isView(PT);
    bool Ref = PT->isReferenceType();
    if ((!Ref && !View) || PT.getNonReferenceType()->isFunctionType())
      continue;
    if (isLongLived(PT))
      continue;
    const Expr *Arg = argumentFor(T.Call, Callee, I);
    if (!Arg || Arg->containsErrors())
      continue;
    Referent R = referentOf(Arg, View, Caller);
    if (R.Dies == Lifetime::Unknown || R.Dies == Lifetime::Static)
      continue;
    const Stmt *Use = UseOf(P, false);
    if (T.BodyVisible && !Use)
      continue;
    TaskReference Ref_;
    Ref_.K = TaskReference::Parameter;
    Ref_.Param = P;
    Ref_.View = View;
    Ref_.Use = Use;
    Ref_.Target = R;
    Out.push_back(Ref_);
  }
  // The object a member coroutine is called on.
  if (MD && !T.Lambda && MD->isImplicitObjectMemberFunction()) {
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(T.Call)) {
      const Expr *Obj = MCE->getImplicitObjectArgument();
      bool Arrow = false;
      if (const auto *ME =
              dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens()))
        Arrow = ME->isArrow();
      if (Obj && !Arrow && !isLongLived(Obj->getType())) {
        Referent R = objectLifetime(Obj, Caller);
        const Stmt *Use = UseOf(nullptr, true);
        if (R.Dies != Lifetime::Unknown && R.Dies != Lifetime::Static &&
            (!T.BodyVisible || Use)) {
          TaskReference Ref_;
          Ref_.K = TaskReference::ImplicitObject;
          Ref_.Use = Use;
          Ref_.Target = R;
          Out.push_back(Ref_);
        }
      }
    }
  }
  if (!T.Lambda)
    return Out;
  Referent Closure = objectLifetime(T.Closure, Caller);
  for (const LambdaCapture &C : T.Lambda->captures()) {
    TaskReference Ref_;
    Ref_.CaptureLoc = C.isImplicit() ? SourceLocation() : C.getLocation();
    if (C.capturesThis()) {
      // `this` itself is a copy in the lambda object; what it points to
      // lives as long as its owner says, which is not known here.
      if (ClosureCopied || C.getCaptureKind() == LCK_StarThis)
        continue;
      Ref_.K = TaskReference::ThisCapture;
      Ref_.Use = UseOf(nullptr, true);
      Ref_.Target = Closure;
    } else if (C.capturesVariable()) {
      ValueDecl *V = C.getCapturedVar();
      Ref_.Captured = V;
      if (C.getCaptureKind() == LCK_ByRef) {
        const auto *VD = dyn_cast<VarDecl>(V);
        if (!VD || isLongLived(VD->getType()))
          continue;
        Ref_.K = TaskReference::RefCapture;
        Ref_.Target = varLifetime(VD, T.Closure, Caller);
      } else {
        if (ClosureCopied)
          continue;
        Ref_.K = TaskReference::CopyCapture;
        Ref_.Target = Closure;
      }
      Ref_.Use = UseOf(V, false);
    } else {
      continue;
    }
    if (!Ref_.Use || Ref_.Target.Dies == Lifetime::Unknown ||
        Ref_.Target.Dies == Lifetime::Static)
      continue;
    Out.push_back(Ref_);
  }
  return Out;
}

//===----------------------------------------------------------------------===//
// Escape
//===----------------------------------------------------------------------===//

/// The local variable (not a reference) an expression names, if any.
static const VarDecl *localNamed(const Expr *E, const FunctionDecl &Caller) {
  if (!E)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!DRE || DRE->refersToEnclosingVariableOrCapture())
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || VD->hasGlobalStorage() || VD->getType()->isReferenceType() ||
      isa<ParmVarDecl>(VD) || !VD->isLocalVarDecl() ||
      !sameFunction(VD->getParentFunctionOrMethod(), Caller))
    return nullptr;
  return VD;
}

Escape EscapeAnalysis::escapeOf(const Expr *E, const FunctionDecl &Caller) {
  return escapeFrom(E, Caller, 0);
}

Escape EscapeAnalysis::escapeOfLocal(const VarDecl *VD,
                                     const FunctionDecl &Caller,
                                     unsigned Depth) {
  Escape Stored{EscapeKind::Stored, VD,
                "is stored in '" + VD->getNameAsString() + "'"};
  if (Depth >= 3)
    return Stored;
  Body &B = bodyOf(Caller);
  auto It = B.Uses.find(VD);
  if (It == B.Uses.end())
    return Stored;
  for (const DeclRefExpr *Use : It->second) {
    Escape Next = escapeFrom(Use, Caller, Depth + 1);
    if (Next.Kind == EscapeKind::None ||
        (Next.Kind == EscapeKind::Stored && Next.Holder == VD))
      continue;
    if (Next.Kind == EscapeKind::Stored)
      continue; // Moved to another local: judged by this one's scope.
    Next.How += " through '" + VD->getNameAsString() + "'";
    return Next;
  }
  return Stored;
}

/// Escape for a value written into LHS.
static Escape assignedTo(const Expr *LHS, const FunctionDecl &Caller) {
  if (const VarDecl *VD = localNamed(LHS, Caller))
    return {EscapeKind::Stored, VD,
            "is stored in '" + VD->getNameAsString() + "'"};
  return {EscapeKind::Kept, nullptr, "is stored beyond the call"};
}

Escape EscapeAnalysis::escapeFrom(const Expr *Start, const FunctionDecl &Caller,
                                  unsigned Depth) {
  Body &B = bodyOf(Caller);
  const Stmt *Cur = Start;
  for (unsigned Steps = 0; Steps < 64; ++Steps) {
    const Stmt *P = B.parent(Cur);
    if (!P)
      return {};
    if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, FullExpr, CXXFunctionalCastExpr,
            CXXStaticCastExpr, InitListExpr, CXXStdInitializerListExpr,
            ParenListExpr, CXXParenListInitExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(P)) {
      if (Cur == CO->getCond())
        return {};
      Cur = P;
      continue;
    }
    // Awaited (or yielded) in the full-expression: the arguments live until
    // the await ends.
    if (isa<CoroutineSuspendExpr, DependentCoawaitExpr>(P))
      return {};
    if (isa<ReturnStmt, CoreturnStmt>(P))
      return {EscapeKind::Returned, nullptr, "is returned"};
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(D);
        if (!VD || VD->getInit() != Cur)
          continue;
        if (VD->hasGlobalStorage())
          return {EscapeKind::Kept, nullptr,
                  "is stored in '" + VD->getNameAsString() + "'"};
        return escapeOfLocal(VD, Caller, Depth);
      }
      return {};
    }
    if (isa<LambdaExpr>(P))
      return {EscapeKind::Kept, nullptr, "is captured by a lambda"};
    if (isa<CXXNewExpr>(P))
      return {EscapeKind::Kept, nullptr, "is moved to the heap"};
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp() && Cur == BO->getRHS()) {
        Escape Esc = assignedTo(BO->getLHS(), Caller);
        if (Esc.Holder)
          return escapeOfLocal(Esc.Holder, Caller, Depth);
        return Esc;
      }
      if (BO->isCommaOp() && Cur == BO->getRHS()) {
        Cur = P;
        continue;
      }
      return {};
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      RoleSet R = Model.roles(CE->getConstructor());
      if (R.has(Role::Detaches) || R.has(Role::StartsWork))
        return {EscapeKind::Detached, nullptr,
                "is started by '" +
                    qualifiedName(CE->getConstructor()->getParent()) + "'"};
      // The constructed object holds the task (a move, std::optional,
      // std::function, a vector of tasks).
      Cur = P;
      continue;
    }
    // `task.member(...)`: the task is the object of a member call.
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      const auto *MCall = dyn_cast_or_null<CXXMemberCallExpr>(B.parent(P));
      if (!MCall || ME->getBase() != Cur ||
          MCall->getCallee()->IgnoreParens() != ME)
        return {};
      Cur = MCall->getImplicitObjectArgument();
      P = MCall;
    }
    const auto *Call = dyn_cast<CallExpr>(P);
    if (!Call || Call->containsErrors())
      return {};
    if (isIdentityCall(Call)) {
      Cur = P;
      continue;
    }
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
    if (Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      if (Cur != Op->getArg(1))
        return {};
      Escape Esc = assignedTo(Op->getArg(0), Caller);
      if (Esc.Holder)
        return escapeOfLocal(Esc.Holder, Caller, Depth);
      return Esc;
    }
    const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call);
    const Expr *Object = MCE ? MCE->getImplicitObjectArgument() : nullptr;
    bool IsObject = Object && Cur == Object;
    // An operator of the task itself (`t | then(...)`); a function object's
    // call (`unifex::when_all(a, b)`) hands the task to a function, not to
    // the object it calls.
    if (Op && Op->getNumArgs() > 0 &&
        isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()) &&
        Cur == Op->getArg(0))
      IsObject = Op->getOperator() != OO_Call;
    bool IsCallee = Cur == Call->getCallee();
    if (IsCallee)
      return {};
    std::string Name = Model.calleeName(Call);
    if (DetachingCall D = detachingCall(Model, Call))
      return {EscapeKind::Detached, nullptr, "is detached by " + D.How, Call};
    RoleSet R = Model.calleeRoles(Call);
    TypeInfo Result = Model.typeInfo(Call->getType());
    bool CarriesResult =
        (Result.mustBeUsed() || Result.IsDetached) && Call->isPRValue();
    if (R.has(Role::ScopedSpawn)) {
      // A joinable spawn gives back what joins the work: follow it.
      if (CarriesResult) {
        Cur = P;
        continue;
      }
      Escape Esc{EscapeKind::Spawned, nullptr, "is spawned by '" + Name + "'",
                 Call};
      if (!IsObject)
        Esc.Holder = localNamed(Object, Caller);
      return Esc;
    }
    if (R.has(Role::BlockingWait))
      return {};
    if (CarriesResult) {
      Cur = P;
      continue;
    }
    if (R.has(Role::StartsWork) || R.has(Role::Consumes))
      return {EscapeKind::Detached, nullptr, "is handed to '" + Name + "'",
              Call};
    if (IsObject)
      return {}; // A member of the task is called, and the task dropped.
    // Handed to an object: kept as long as the object lives.
    if (Object) {
      if (const VarDecl *Holder = localNamed(Object, Caller))
        return escapeOfLocal(Holder, Caller, Depth);
      return {EscapeKind::Kept, nullptr, "is kept by '" + Name + "'", Call};
    }
    // A free function not known to the model: what it does with the task is
    // not known.
    return {};
  }
  return {};
}

SourceLocation EscapeAnalysis::scopeEnd(const VarDecl *VD,
                                        const FunctionDecl &Caller) {
  Body &B = bodyOf(Caller);
  auto It = B.Scope.find(VD);
  if (It == B.Scope.end() || !It->second)
    return {};
  return It->second->getEndLoc();
}

/// Whether S names one of Vars.
static bool mentions(const Stmt *S,
                     const llvm::SmallPtrSetImpl<const VarDecl *> &Vars) {
  if (!S || Vars.empty())
    return false;
  llvm::SmallVector<const Stmt *, 16> Work{S};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Cur))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && Vars.count(VD))
        return true;
    for (const Stmt *Child : Cur->children())
      if (Child)
        Work.push_back(Child);
  }
  return false;
}

bool EscapeAnalysis::waitsBefore(const Expr *Task, const Referent &R,
                                 const Escape &Esc, const FunctionDecl &Caller,
                                 llvm::ArrayRef<const VarDecl *> Shared) {
  Body &B = bodyOf(Caller);
  if (!B.Waits) {
    B.Waits.emplace();
    for (const CallExpr *Call : B.Calls)
      if (!Call->containsErrors() &&
          Model.calleeRoles(Call).has(Role::BlockingWait))
        B.Waits->push_back(Call);
  }
  // The referent's block; a parameter lives through the whole body.
  const Stmt *Block = B.Root;
  if (R.Dies == Lifetime::Local) {
    auto It = B.Scope.find(R.Var);
    if (It == B.Scope.end() || !It->second)
      return false;
    Block = It->second;
  }
  const SourceManager &SM = Caller.getASTContext().getSourceManager();
  auto After = [&](const Stmt *S) {
    return SM.isBeforeInTranslationUnit(Task->getEndLoc(), S->getBeginLoc()) &&
           B.isAncestor(Block, S);
  };
  for (const CallExpr *Wait : *B.Waits)
    if (After(Wait))
      return true;
  // The call that lets the task go is given a completion callback (a
  // lambda) or a local that the caller then waits on: a loop whose condition
  // reads it (`while (latch.load()) ;`), or a blocking call on it
  // (`done.wait()`, `future.get()`).
  // What the task itself shares with the caller by reference signals too
  // (`[&] { ...; --count; }` then `while (count) ;`).
  llvm::SmallPtrSet<const VarDecl *, 4> Signals(Shared.begin(), Shared.end());
  const auto *Where = dyn_cast_or_null<CallExpr>(Esc.Where);
  llvm::SmallVector<const Expr *, 4> Args;
  if (Where)
    Args.append(Where->arg_begin(), Where->arg_end());
  for (const Expr *Arg : Args) {
    const Expr *E = Arg->IgnoreImplicit()->IgnoreParenCasts();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1)
      E = CE->getArg(0)->IgnoreImplicit()->IgnoreParenCasts();
    if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
      for (const LambdaCapture &C : Lambda->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
            Signals.insert(VD);
      // `[p = std::move(promise)]`: the locals an init-capture is made from.
      for (const Expr *Init : Lambda->capture_inits())
        if (Init)
          forEachEvaluatedStmt(Init, [&](const Stmt *S) {
            if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
              if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
                  VD && VD->isLocalVarDecl())
                Signals.insert(VD);
          });
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_AddrOf) {
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          Signals.insert(VD);
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->getType()->isRecordType())
        Signals.insert(VD);
    }
  }
  if (Signals.empty())
    return false;
  // A local made from a signal is one (`f = p.get_future()`).
  for (const auto &[VD, Block_] : B.Scope)
    if (VD->getInit() && !Signals.count(VD) && mentions(VD->getInit(), Signals))
      Signals.insert(VD);
  for (const Stmt *Loop : B.Loops) {
    if (!After(Loop))
      continue;
    const Stmt *Cond = nullptr;
    if (const auto *W = dyn_cast<WhileStmt>(Loop))
      Cond = W->getCond();
    else if (const auto *D = dyn_cast<DoStmt>(Loop))
      Cond = D->getCond();
    else if (const auto *F = dyn_cast<ForStmt>(Loop))
      Cond = F->getCond();
    if (mentions(Cond, Signals))
      return true;
  }
  for (const CallExpr *Call : B.Calls)
    if (After(Call) && !Call->containsErrors() &&
        Model.calleeRoles(Call).has(Role::Blocking) && mentions(Call, Signals))
      return true;
  return false;
}

bool EscapeAnalysis::diesFirst(const Referent &R, const Escape &Esc,
                               const Expr *Task, const FunctionDecl &Caller,
                               llvm::ArrayRef<const VarDecl *> Shared) {
  if (!Esc)
    return false;
  Body &B = bodyOf(Caller);
  // Whether the block of local L ends strictly inside the block of H, and
  // H is used after it ends.
  auto OutlivedBy = [&](const VarDecl *L, const VarDecl *H, bool NeedUseAfter) {
    auto SL = B.Scope.find(L), SH = B.Scope.find(H);
    if (SL == B.Scope.end() || SH == B.Scope.end() || !SL->second ||
        !SH->second || SL->second == SH->second ||
        !B.isAncestor(SH->second, SL->second))
      return false;
    if (!NeedUseAfter)
      return true;
    const SourceManager &SM = Caller.getASTContext().getSourceManager();
    SourceLocation End = SL->second->getEndLoc();
    auto It = B.Uses.find(H);
    if (It == B.Uses.end())
      return false;
    for (const DeclRefExpr *Use : It->second)
      if (SM.isBeforeInTranslationUnit(End, Use->getBeginLoc()))
        return true;
    return false;
  };
  switch (R.Dies) {
  case Lifetime::Unknown:
  case Lifetime::Static:
    return false;
  case Lifetime::Temporary:
    if (Esc.Kind == EscapeKind::Stored) {
      // A lazy task held and never used never runs.
      auto It = B.Uses.find(Esc.Holder);
      return It != B.Uses.end() && !It->second.empty();
    }
    return true;
  case Lifetime::Local:
    switch (Esc.Kind) {
    case EscapeKind::None:
      return false;
    case EscapeKind::Returned:
      return true;
    case EscapeKind::Detached:
    case EscapeKind::Kept:
      // `co_spawn(ctx, f(local), detached); ctx.run();`: the caller waits
      // for the work before the local goes.
      return !waitsBefore(Task, R, Esc, Caller, Shared);
    case EscapeKind::Spawned:
      // A scope that is a local of the caller is joined before it goes; it
      // goes before the referent unless the referent's block is inside.
      if (Esc.Holder)
        return OutlivedBy(R.Var, Esc.Holder, false);
      return !waitsBefore(Task, R, Esc, Caller, Shared);
    case EscapeKind::Stored:
      return Esc.Holder && OutlivedBy(R.Var, Esc.Holder, true);
    }
    return false;
  case Lifetime::Parameter:
    switch (Esc.Kind) {
    case EscapeKind::Returned:
      return true;
    case EscapeKind::Detached:
    case EscapeKind::Kept:
      return !waitsBefore(Task, R, Esc, Caller, Shared);
    case EscapeKind::Spawned:
      return !Esc.Holder && !waitsBefore(Task, R, Esc, Caller, Shared);
    case EscapeKind::None:
    case EscapeKind::Stored:
      return false;
    }
    return false;
  }
  return false;
}

} // namespace clang::tidy::coroguard::model
