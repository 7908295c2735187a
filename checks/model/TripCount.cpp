//===--- TripCount.cpp ----------------------------------------------------===//

#include "TripCount.h"
#include "CoroutineContext.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"
#include <algorithm>

namespace clang::tidy::coroguard::model {

static constexpr unsigned MaxDepth = 4;
static constexpr uint64_t Saturated = UINT64_MAX;

bool isLoop(const Stmt *S) {
  return isa_and_nonnull<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S);
}

llvm::SmallVector<const Stmt *, 4> iterationParts(const Stmt *Loop) {
  llvm::SmallVector<const Stmt *, 4> Parts;
  auto Add = [&](const Stmt *S) {
    if (S)
      Parts.push_back(S);
  };
  if (const auto *F = dyn_cast_or_null<ForStmt>(Loop)) {
    Add(F->getConditionVariableDeclStmt());
    Add(F->getCond());
    Add(F->getBody());
    Add(F->getInc());
  } else if (const auto *W = dyn_cast_or_null<WhileStmt>(Loop)) {
    Add(W->getConditionVariableDeclStmt());
    Add(W->getCond());
    Add(W->getBody());
  } else if (const auto *D = dyn_cast_or_null<DoStmt>(Loop)) {
    Add(D->getBody());
    Add(D->getCond());
  } else if (const auto *R = dyn_cast_or_null<CXXForRangeStmt>(Loop)) {
    Add(R->getLoopVarStmt());
    Add(R->getBody());
  }
  return Parts;
}

/// A function in namespace std (any inline namespace) with one of the names.
static bool isStdFunction(const FunctionDecl *FD,
                          std::initializer_list<llvm::StringRef> Names) {
  if (!FD || !FD->getIdentifier() || !FD->isInStdNamespace())
    return false;
  return llvm::is_contained(Names, FD->getName());
}

static llvm::StringRef methodName(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  return MD && MD->getIdentifier() ? MD->getName() : llvm::StringRef();
}

const Expr *stripValue(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 16; ++Guard) {
    const Expr *Before = E;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Ctor && Construct->getNumArgs() >= 1 &&
          Ctor->isCopyOrMoveConstructor())
        E = Construct->getArg(0);
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (Call->getNumArgs() == 1 &&
          isStdFunction(Call->getDirectCallee(), {"move", "forward"}))
        E = Call->getArg(0);
    } else if (const auto *Cast = dyn_cast<CXXNamedCastExpr>(E)) {
      E = Cast->getSubExpr();
    } else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
    }
    if (E == Before)
      return E;
  }
  return E;
}

/// The range `x` of `x.begin()`, `std::begin(x)`, `std::ranges::begin(x)`
/// and their end/cbegin/... relatives.
static const Expr *iteratorRange(const Expr *E) {
  E = stripValue(E);
  static const std::initializer_list<llvm::StringRef> Names = {
      "begin", "end", "cbegin", "cend", "rbegin", "rend"};
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E)) {
    if (llvm::is_contained(Names, methodName(MC)))
      return MC->getImplicitObjectArgument();
    return nullptr;
  }
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E)) {
    // std::ranges::begin(x) is a function object.
    if (Op->getOperator() == OO_Call && Op->getNumArgs() == 2)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
        if (DRE->getDecl()->getIdentifier() &&
            llvm::is_contained(Names, DRE->getDecl()->getName()) &&
            DRE->getDecl()->isInStdNamespace())
          return Op->getArg(1);
    return nullptr;
  }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    if (Call->getNumArgs() == 1 &&
        isStdFunction(Call->getDirectCallee(), Names))
      return Call->getArg(0);
  return nullptr;
}

static bool isRangeTypeImpl(QualType T, unsigned Depth) {
  if (T.isNull() || T->isDependentType())
    return false;
  T = T.getNonReferenceType();
  if (T->isArrayType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()) || Depth > 3)
    return false;
  if (!RD->lookup(&RD->getASTContext().Idents.get("begin")).empty())
    return true;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (isRangeTypeImpl(B.getType(), Depth + 1))
      return true;
  return false;
}

bool isRangeType(QualType T) { return isRangeTypeImpl(T, 0); }

const Expr *rangeArgument(llvm::ArrayRef<const Expr *> Args) {
  for (const Expr *A : Args) {
    const Expr *S = stripValue(A);
    if (!S || S->isTypeDependent())
      continue;
    if (isRangeType(S->getType()))
      return A;
    // A begin/end iterator pair: the first iterator names the range.
    if (const Expr *R = iteratorRange(S))
      return R;
  }
  return nullptr;
}

const VarDecl *TripCountAnalysis::rangeVariable(const Expr *Range) {
  for (unsigned Guard = 0; Range && Guard < 8; ++Guard) {
    Range = stripValue(Range);
    if (const Expr *Inner = iteratorRange(Range)) {
      Range = Inner;
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Range)) {
      if (Op->getOperator() == OO_Pipe && Op->getNumArgs() == 2) {
        Range = Op->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Range))
      return dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  }
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Combining bounds
//===----------------------------------------------------------------------===//

static uint64_t satMul(uint64_t A, uint64_t B) {
  if (A == 0 || B == 0)
    return 0;
  return A > Saturated / B ? Saturated : A * B;
}
static uint64_t satAdd(uint64_t A, uint64_t B) {
  return A > Saturated - B ? Saturated : A + B;
}

/// How bad a kind is: run-time kinds win over bounded ones.
static int rank(Bound::Kind K) {
  switch (K) {
  case Bound::Constant:
    return 0;
  case Bound::CommandLine:
    return 1;
  case Bound::CoreCount:
    return 2;
  case Bound::Runtime:
    return 3;
  case Bound::InputSize:
    return 4;
  }
  return 4;
}

static Bound combine(const Bound &A, const Bound &B, bool Multiply) {
  if (A.K == Bound::Constant && B.K == Bound::Constant)
    return Bound::constant(Multiply ? satMul(A.N, B.N) : satAdd(A.N, B.N));
  // Nothing times zero is still nothing.
  if (Multiply && ((A.K == Bound::Constant && A.N == 0) ||
                   (B.K == Bound::Constant && B.N == 0)))
    return Bound::constant(0);
  const Bound &Worse = rank(A.K) >= rank(B.K) ? A : B;
  if (A.K == Bound::Constant || B.K == Bound::Constant ||
      rank(Worse.K) >= rank(Bound::Runtime))
    return Worse;
  return Worse;
}

static Bound minOf(const Bound &A, const Bound &B) {
  if (A.K == Bound::Constant && B.K == Bound::Constant)
    return Bound::constant(std::min(A.N, B.N));
  if (A.K == Bound::Constant)
    return A;
  if (B.K == Bound::Constant)
    return B;
  return rank(A.K) <= rank(B.K) ? A : B;
}

static Bound maxOf(const Bound &A, const Bound &B) {
  if (A.K == Bound::Constant && B.K == Bound::Constant)
    return Bound::constant(std::max(A.N, B.N));
  return combine(A, B, /*Multiply=*/false);
}

static std::string sourceText(const Expr *E, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (Range.isInvalid())
    return "the value";
  llvm::StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  if (Text.empty() || Text.size() > 48 || Text.contains('\n'))
    return "the value";
  return ("'" + Text + "'").str();
}

static bool isMainArgc(const ParmVarDecl *P) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
  return FD && FD->isMain() && P->getFunctionScopeIndex() == 0;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

Bound TripCountAnalysis::valueBound(const Expr *E, ASTContext &Ctx) {
  return valueBound(E, Ctx, 0);
}

Bound TripCountAnalysis::valueBound(const Expr *E, ASTContext &Ctx,
                                    unsigned Depth) {
  if (!E)
    return Bound::unknown(Bound::Runtime, "the value is unknown");
  const Expr *S = E->IgnoreParenImpCasts();
  if (S->isValueDependent() || S->isTypeDependent() || S->containsErrors())
    return Bound::unknown(Bound::Runtime, "the value depends on a template", S);
  Expr::EvalResult R;
  if (S->getType()->isIntegralOrEnumerationType() && S->EvaluateAsInt(R, Ctx)) {
    const llvm::APSInt &V = R.Val.getInt();
    if (V.isNegative())
      return Bound::constant(0);
    return Bound::constant(V.getLimitedValue());
  }
  // static_cast<int>(hardware_concurrency()), (int)n, int(n): an integer
  // conversion keeps the bound of what it converts.
  while (const auto *Cast = dyn_cast<ExplicitCastExpr>(S)) {
    const Expr *Sub = Cast->getSubExpr()->IgnoreParenImpCasts();
    if (!S->getType()->isIntegralOrEnumerationType() ||
        !Sub->getType()->isIntegralOrEnumerationType())
      break;
    S = Sub;
  }
  if (Depth > MaxDepth)
    return Bound::unknown(Bound::Runtime,
                          sourceText(S, Ctx) + " is computed "
                                               "at run time",
                          S);

  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (Model.calleeRoles(Call).has(Role::CoreCount))
      return Bound{Bound::CoreCount, 0, {}, S};
    const FunctionDecl *FD = Call->getDirectCallee();
    if (isStdFunction(FD, {"min", "max"}) && Call->getNumArgs() >= 2) {
      Bound A = valueBound(Call->getArg(0), Ctx, Depth + 1);
      Bound B = valueBound(Call->getArg(1), Ctx, Depth + 1);
      return FD->getName() == "min" ? minOf(A, B) : maxOf(A, B);
    }
    if (isStdFunction(FD, {"size", "ssize"}) && Call->getNumArgs() == 1)
      return rangeSize(Call->getArg(0), Ctx, Depth + 1);
    if (isStdFunction(FD, {"distance"}) && Call->getNumArgs() == 2)
      if (const Expr *Range = iteratorRange(Call->getArg(0)))
        return rangeSize(Range, Ctx, Depth + 1);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      llvm::StringRef Name = methodName(MC);
      if ((Name == "size" || Name == "ssize" || Name == "length") &&
          MC->getImplicitObjectArgument())
        return rangeSize(MC->getImplicitObjectArgument(), Ctx, Depth + 1);
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      if (Op->getOperator() == OO_Call && Op->getNumArgs() == 2)
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
          if (DRE->getDecl()->getIdentifier() &&
              DRE->getDecl()->getName() == "size" &&
              DRE->getDecl()->isInStdNamespace())
            return rangeSize(Op->getArg(1), Ctx, Depth + 1);
    return Bound::unknown(Bound::Runtime,
                          sourceText(S, Ctx) + " is computed at run time", S);
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return Bound::unknown(Bound::Runtime, "the value is unknown", S);
    if (Model.roles(V).has(Role::CoreCount))
      return Bound{Bound::CoreCount, 0, {}, S};
    if (const auto *P = dyn_cast<ParmVarDecl>(V)) {
      if (isMainArgc(P))
        return Bound{Bound::CommandLine, 0, {}, S};
      // A worker count that defaults to the core count
      // (thread_pool(size_t n = hardware_concurrency())) is a worker count,
      // and the limit parameter of a parallel loop is the limit.
      const auto *FD = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
      if (P->hasDefaultArg() && !P->hasUnparsedDefaultArg() &&
          !P->hasUninstantiatedDefaultArg() && P->getDefaultArg() &&
          valueBound(P->getDefaultArg(), Ctx, Depth + 1).K == Bound::CoreCount)
        return Bound{Bound::CoreCount, 0, {}, S};
      if (FD && P->getIdentifier() &&
          Model.annotationDetail(FD, Role::ParallelLoop) == P->getName())
        return Bound{Bound::CoreCount, 0, {}, S};
      return Bound::unknown(Bound::Runtime,
                            "'" + P->getNameAsString() + "' is a parameter", S);
    }
    if (V->isLocalVarDecl() && V->getInit()) {
      // A copy: valueBound below may add to the cache.
      LocalWrites W = writesOf(V);
      if (!W.Opaque && W.Assigned.empty() && W.Compound.empty())
        return valueBound(V->getInit(), Ctx, Depth + 1);
      // A core-count default that the operator may override from the
      // command line (`if (argc > 1) n = atoi(argv[1]);`), or that a
      // constant replaces (`if (n == 0) n = 1;`): configuration, not data.
      if (!W.Opaque) {
        Bound Init = valueBound(V->getInit(), Ctx, Depth + 1);
        // `n *= 2`, `n += 1`: a constant step keeps a multiple of it.
        if (Init.K == Bound::CoreCount &&
            llvm::all_of(W.Assigned,
                         [&](const Expr *A) {
                           if (isProgramArgument(A))
                             return true;
                           Bound B = valueBound(A, Ctx, Depth + 1);
                           return B.K == Bound::Constant ||
                                  B.K == Bound::CoreCount;
                         }) &&
            llvm::all_of(W.Compound, [&](const Expr *A) {
              return valueBound(cast<BinaryOperator>(A)->getRHS(), Ctx,
                                Depth + 1)
                         .K == Bound::Constant;
            }))
          return Init;
      }
    }
    return Bound::unknown(
        Bound::Runtime,
        "'" + V->getNameAsString() + "' is computed at run time", S);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (Model.roles(ME->getMemberDecl()).has(Role::CoreCount))
      return Bound{Bound::CoreCount, 0, {}, S};
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    switch (BO->getOpcode()) {
    case BO_Mul:
    case BO_Add:
      return combine(valueBound(BO->getLHS(), Ctx, Depth + 1),
                     valueBound(BO->getRHS(), Ctx, Depth + 1),
                     BO->getOpcode() == BO_Mul);
    case BO_Div:
    case BO_Shr:
    case BO_Sub:
      return valueBound(BO->getLHS(), Ctx, Depth + 1);
    case BO_Rem:
      return valueBound(BO->getRHS(), Ctx, Depth + 1);
    default:
      break;
    }
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(S))
    return maxOf(valueBound(CO->getTrueExpr(), Ctx, Depth + 1),
                 valueBound(CO->getFalseExpr(), Ctx, Depth + 1));
  return Bound::unknown(Bound::Runtime,
                        sourceText(S, Ctx) + " is computed at run time", S);
}

const TripCountAnalysis::LocalWrites &
TripCountAnalysis::writesOf(const VarDecl *V) {
  auto It = Writes.find(V);
  if (It != Writes.end())
    return It->second;
  LocalWrites &W = Writes[V];
  W.Opaque = true; // Until proven.
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  if (!FD || !FD->getBody())
    return W;
  LocalWrites Out;
  // A const object cannot be written, whoever refers to it.
  QualType T = V->getType();
  if (!T->isReferenceType() && T.isConstQualified())
    return W = Out;
  auto Is = [V](const Expr *E) {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParens() : E);
    return DRE && DRE->getDecl() == V;
  };
  auto IsNonConstRef = [](QualType P) {
    return P->isLValueReferenceType() &&
           !P->getPointeeType().isConstQualified();
  };
  llvm::SmallVector<const Stmt *, 4> Loops;
  forEachEvaluatedStmt(FD->getBody(), [&](const Stmt *S) {
    if (Out.Opaque)
      return;
    if (isLoop(S))
      Loops.push_back(S);
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp() && Is(BO->getLHS())) {
        if (BO->getOpcode() == BO_Assign)
          Out.Assigned.push_back(BO->getRHS());
        else
          Out.Compound.push_back(BO);
      }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      Out.Opaque =
          (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) &&
          Is(UO->getSubExpr());
    } else if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef &&
            C.getCapturedVar() == V)
          Out.Opaque = true;
    } else if (const auto *D = dyn_cast<DeclStmt>(S)) {
      // int &r = n;
      for (const Decl *Dc : D->decls())
        if (const auto *R = dyn_cast<VarDecl>(Dc))
          if (R->getInit() && IsNonConstRef(R->getType()) &&
              Is(R->getInit()->IgnoreImplicit()))
            Out.Opaque = true;
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      if (Op && Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
          Is(Op->getArg(0))) {
        if (Op->getOperator() == OO_Equal)
          Out.Assigned.push_back(Op->getArg(1));
        else
          Out.Opaque = true;
        return;
      }
      // f(n) with `void f(int &)`, `std::cin >> n`.
      unsigned Offset = Op && isa_and_nonnull<CXXMethodDecl>(Callee) ? 1 : 0;
      for (unsigned I = 0; I < Call->getNumArgs() && !Out.Opaque; ++I) {
        if (!Is(Call->getArg(I)))
          continue;
        if (!Callee || I < Offset)
          Out.Opaque = !Callee;
        else if (I - Offset < Callee->getNumParams())
          Out.Opaque =
              IsNonConstRef(Callee->getParamDecl(I - Offset)->getType());
      }
    }
  });
  // `n *= 2` once is a multiple; in a loop it is a power.
  const SourceManager &SM = V->getASTContext().getSourceManager();
  for (const Expr *C : Out.Compound)
    for (const Stmt *Loop : Loops)
      if (SM.isPointWithin(SM.getExpansionLoc(C->getBeginLoc()),
                           SM.getExpansionLoc(Loop->getBeginLoc()),
                           SM.getExpansionLoc(Loop->getEndLoc())))
        Out.Opaque = true;
  return W = Out;
}

/// Whether a parameter holds the program's arguments: main's argv, or a
/// `char **argv` handed on from it.
static bool isArgvParam(const ParmVarDecl *P) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
  if (FD && FD->isMain() && P->getFunctionScopeIndex() == 1)
    return true;
  if (!P->getIdentifier() || P->getName() != "argv")
    return false;
  QualType T = P->getType();
  if (!T->isPointerType())
    return false;
  T = T->getPointeeType();
  return T->isPointerType() && T->getPointeeType()->isAnyCharacterType();
}

bool TripCountAnalysis::isProgramArgument(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 4; ++Guard) {
    E = E->IgnoreParenImpCasts();
    const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
    if (!Cast)
      break;
    E = Cast->getSubExpr();
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier() || Call->getNumArgs() == 0 ||
      !(FD->isInStdNamespace() ||
        FD->getDeclContext()->getRedeclContext()->isTranslationUnit()) ||
      !llvm::is_contained({"atoi", "atol", "atoll", "strtol", "strtoll",
                           "strtoul", "strtoull", "stoi", "stol", "stoll",
                           "stoul", "stoull"},
                          FD->getName()))
    return false;
  // The text parsed is read from argv.
  llvm::SmallVector<const Stmt *, 8> Work{Call->getArg(0)};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
          P && isArgvParam(P))
        return true;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Ranges
//===----------------------------------------------------------------------===//

Bound TripCountAnalysis::rangeSize(const Expr *Range, ASTContext &Ctx) {
  return rangeSize(Range, Ctx, 0);
}

/// The element count a type fixes: T[N], std::array<T, N>.
static std::optional<uint64_t> sizeOfType(QualType T, ASTContext &Ctx) {
  if (T.isNull())
    return std::nullopt;
  T = T.getNonReferenceType();
  if (const auto *CAT = Ctx.getAsConstantArrayType(T))
    return CAT->getSize().getLimitedValue();
  const auto *CTSD = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!CTSD || !CTSD->isInStdNamespace() || !CTSD->getIdentifier() ||
      (CTSD->getName() != "array" && CTSD->getName() != "span"))
    return std::nullopt;
  const TemplateArgumentList &Args = CTSD->getTemplateArgs();
  if (Args.size() < 2 || Args[1].getKind() != TemplateArgument::Integral)
    return std::nullopt;
  llvm::APSInt N = Args[1].getAsIntegral();
  // std::span's dynamic_extent is size_t(-1).
  if (N.isAllOnes())
    return std::nullopt;
  return N.getLimitedValue();
}

Bound TripCountAnalysis::rangeSize(const Expr *Range, ASTContext &Ctx,
                                   unsigned Depth) {
  if (!Range)
    return Bound::unknown(Bound::InputSize, "the range comes from elsewhere");
  const Expr *S = stripValue(Range);
  if (!S || S->containsErrors())
    return Bound::unknown(Bound::InputSize, "the range comes from elsewhere",
                          Range);
  if (std::optional<uint64_t> N = sizeOfType(S->getType(), Ctx))
    return Bound::constant(*N);
  if (const auto *IL = dyn_cast<CXXStdInitializerListExpr>(S))
    S = IL->getSubExpr()->IgnoreImplicit();
  if (const auto *IL = dyn_cast<InitListExpr>(S))
    return Bound::constant(IL->getNumInits());
  if (Depth > MaxDepth)
    return Bound::unknown(Bound::InputSize, "the range comes from elsewhere",
                          S);
  if (const Expr *Inner = iteratorRange(S))
    return rangeSize(Inner, Ctx, Depth + 1);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    if (Op->getOperator() == OO_Pipe && Op->getNumArgs() == 2)
      return rangeSize(Op->getArg(0), Ctx, Depth + 1);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    if (Construct->getNumArgs() == 1)
      if (const auto *IL = dyn_cast<CXXStdInitializerListExpr>(
              Construct->getArg(0)->IgnoreImplicit()))
        return rangeSize(IL, Ctx, Depth + 1);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (const auto *P = dyn_cast_or_null<ParmVarDecl>(V))
      return Bound::unknown(Bound::InputSize,
                            "'" + P->getNameAsString() + "' is a parameter", S);
    if (V && V->isLocalVarDecl()) {
      auto It = Fills.find(V);
      if (It != Fills.end())
        return It->second.Size;
      Fills[V].Size =
          Bound::unknown(Bound::InputSize,
                         "'" + V->getNameAsString() + "' is filled elsewhere",
                         S); // Recursion guard.
      ContainerFill F = computeFill(V, Ctx, Depth + 1);
      return (Fills[V] = std::move(F)).Size;
    }
    if (V)
      return Bound::unknown(
          Bound::InputSize,
          "'" + V->getNameAsString() + "' is filled elsewhere", S);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    return Bound::unknown(Bound::InputSize,
                          "'" + ME->getMemberDecl()->getNameAsString() +
                              "' is a member filled elsewhere",
                          S);
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      return Bound::unknown(
          Bound::InputSize,
          "the range is returned by '" + FD->getNameAsString() + "'", S);
  return Bound::unknown(Bound::InputSize, "the range comes from elsewhere", S);
}

const ContainerFill &TripCountAnalysis::fillOf(const VarDecl *Container,
                                               ASTContext &Ctx) {
  auto It = Fills.find(Container);
  if (It != Fills.end())
    return It->second;
  Fills[Container].Size =
      Bound::unknown(Bound::InputSize, "'" + Container->getNameAsString() +
                                           "' is filled elsewhere");
  Fills[Container].ElementsKnown = false;
  ContainerFill F = computeFill(Container, Ctx, 0);
  return Fills[Container] = std::move(F);
}

/// The typedef a type is spelled with ("size_type", "allocator_type"),
/// references and qualifiers seen through.
static llvm::StringRef typedefName(QualType T) {
  if (const auto *TT = T.getNonReferenceType()->getAs<TypedefType>())
    if (TT->getDecl()->getIdentifier())
      return TT->getDecl()->getName();
  return {};
}

/// Whether a constructor parameter takes an allocator, a comparator, a hash
/// or a tag: something that says nothing about the elements.
static bool isAuxiliaryParam(QualType T) {
  llvm::StringRef Typedef = typedefName(T);
  if (llvm::is_contained({"allocator_type", "key_compare", "value_compare",
                          "hasher", "key_equal"},
                         Typedef))
    return true;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Lower = RD->getName().lower();
  return llvm::StringRef(Lower).contains("alloc") ||
         RD->getName() == "from_range_t";
}

static bool isInitializerList(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "initializer_list" &&
         RD->isInStdNamespace();
}

/// The size a container gets from its constructor. Each argument is read
/// by the parameter it initialises, not by its position: a size_type count
/// (vector(n), vector(n, value)), an initializer_list, a container of the
/// same type (copy, move), an iterator pair or a range give the size; an
/// allocator, comparator or hash gives nothing (vector(alloc) is empty).
Bound TripCountAnalysis::constructedSize(const CXXConstructExpr *Construct,
                                         const std::string &Name,
                                         ContainerFill &Out, ASTContext &Ctx,
                                         unsigned Depth) {
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  Out.ElementsKnown = false;
  if (!Ctor) {
    if (Construct->getNumArgs() == 0) {
      Out.ElementsKnown = true;
      return Bound::constant(0);
    }
    return Bound::unknown(Bound::InputSize,
                          Name + " is initialised from elsewhere", Construct);
  }
  const CXXRecordDecl *Class = Ctor->getParent()->getCanonicalDecl();
  // Hashed containers take a bucket count, not a size.
  bool Buckets = findMember(Ctor->getParent(), "bucket_count") != nullptr;
  unsigned N = std::min(Construct->getNumArgs(), Ctor->getNumParams());
  // A count spelled size_type; else the first integer taken by value.
  const Expr *Count = nullptr, *CountFallback = nullptr;
  std::optional<Bound> Other;
  for (unsigned I = 0; I < N; ++I) {
    const Expr *Arg = Construct->getArg(I)->IgnoreImplicit();
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    QualType PT = Ctor->getParamDecl(I)->getType();
    if (isAuxiliaryParam(PT))
      continue;
    if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Arg);
        List || isInitializerList(PT)) {
      const auto *IL =
          List ? dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit())
               : nullptr;
      if (IL) {
        Out.Elements.append(IL->inits().begin(), IL->inits().end());
        Out.ElementsKnown = true;
        return Bound::constant(IL->getNumInits());
      }
      return Bound::unknown(Bound::InputSize,
                            Name + " is initialised from elsewhere", Construct);
    }
    if (const CXXRecordDecl *RD =
            PT.getNonReferenceType()->getAsCXXRecordDecl();
        RD && RD->getCanonicalDecl() == Class) {
      Other = rangeSize(Arg, Ctx, Depth + 1); // A copy or a move.
      continue;
    }
    if (!PT->isReferenceType() && PT->isIntegralOrEnumerationType()) {
      if (Buckets)
        continue;
      if (typedefName(PT) == "size_type") {
        if (!Count)
          Count = Arg;
      } else if (!CountFallback) {
        CountFallback = Arg;
      }
      continue;
    }
    if (Other)
      continue;
    // An iterator pair names its range by its first iterator.
    if (const Expr *Range = iteratorRange(Arg))
      Other = rangeSize(Range, Ctx, Depth + 1);
    else if (isRangeType(Arg->getType()))
      Other = rangeSize(Arg, Ctx, Depth + 1);
    else
      Other = Bound::unknown(
          Bound::InputSize, Name + " is initialised from elsewhere", Construct);
  }
  if (!Count)
    Count = CountFallback;
  if (Count) {
    Bound Size = valueBound(Count, Ctx, Depth + 1);
    if (Size.isRunTime())
      Size.K = Bound::InputSize;
    Out.ElementsKnown = Size.K == Bound::Constant && Size.N == 0;
    return Size;
  }
  if (Other)
    return *Other;
  Out.ElementsKnown = true; // Default-constructed, or from an allocator.
  return Bound::constant(0);
}

namespace {
struct Growth {
  const Stmt *At;
  Bound Amount;
};
} // namespace

ContainerFill TripCountAnalysis::computeFill(const VarDecl *V, ASTContext &Ctx,
                                             unsigned Depth) {
  ContainerFill Out;
  const std::string Name = "'" + V->getNameAsString() + "'";
  auto Elsewhere = [&](std::string Why, const Stmt *Where) {
    ContainerFill F;
    F.Size = Bound::unknown(Bound::InputSize, std::move(Why), Where);
    F.ElementsKnown = false;
    return F;
  };
  if (sizeOfType(V->getType(), Ctx)) {
    Out.Size = Bound::constant(*sizeOfType(V->getType(), Ctx));
    Out.ElementsKnown = false;
    return Out;
  }
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  if (!FD || !FD->getBody() || V->getType()->isReferenceType())
    return Elsewhere(Name + " is filled elsewhere", nullptr);

  // What the initialiser puts in.
  Bound Size = Bound::constant(0);
  if (const Expr *Init = V->getInit()) {
    const Expr *I = Init->IgnoreImplicit();
    if (const auto *IL = dyn_cast<InitListExpr>(I)) {
      Size = Bound::constant(IL->getNumInits());
      Out.Elements.append(IL->inits().begin(), IL->inits().end());
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(I)) {
      Size = constructedSize(Construct, Name, Out, Ctx, Depth);
    } else {
      Size = rangeSize(I, Ctx, Depth + 1);
      Out.ElementsKnown = false;
    }
  }

  auto IsV = [V](const Expr *E) {
    const auto *DRE =
        dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : E);
    return DRE && DRE->getDecl() == V;
  };

  llvm::SmallVector<const Stmt *, 8> Loops;
  llvm::SmallVector<Growth, 8> Growths;
  std::optional<ContainerFill> Escaped;
  forEachEvaluatedStmt(FD->getBody(), [&](const Stmt *S) {
    if (Escaped)
      return;
    if (isLoop(S)) {
      Loops.push_back(S);
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
      if (!IsV(MC->getImplicitObjectArgument()))
        return;
      llvm::StringRef M = methodName(MC);
      unsigned N = MC->getNumArgs();
      if (M == "push_back" || M == "push_front" ||
          ((M == "emplace_back" || M == "emplace_front") && N <= 1) ||
          (M == "insert" && N <= 2 && N >= 1 &&
           !isa<CXXStdInitializerListExpr>(
               MC->getArg(N - 1)->IgnoreImplicit()))) {
        Growths.push_back({MC, Bound::constant(1)});
        if (N >= 1)
          Out.Elements.push_back(MC->getArg(N - 1));
        return;
      }
      if (M == "emplace_back" || M == "emplace_front" || M == "emplace" ||
          M == "emplace_hint") {
        Growths.push_back({MC, Bound::constant(1)});
        Out.ElementsKnown = false;
        return;
      }
      if ((M == "resize" || M == "assign") && N >= 1 &&
          MC->getArg(0)->getType()->isIntegralOrEnumerationType()) {
        Bound B = valueBound(MC->getArg(0), Ctx, Depth + 1);
        if (B.isRunTime()) {
          B.K = Bound::InputSize;
          B.Where = MC;
          B.Why = Name + " is resized to " + sourceText(MC->getArg(0), Ctx);
        }
        Growths.push_back({MC, B});
        Out.ElementsKnown = false;
        return;
      }
      if (M == "insert" || M == "assign" || M == "append_range" ||
          M == "insert_range" || M == "assign_range") {
        const Expr *Source = N ? MC->getArg(N - 1) : nullptr;
        if (M == "insert" && N == 3)
          Source = iteratorRange(MC->getArg(1));
        else if (M == "assign" && N == 2)
          Source = iteratorRange(MC->getArg(0));
        Bound B = rangeSize(Source, Ctx, Depth + 1);
        Growths.push_back({MC, B});
        Out.ElementsKnown = false;
        return;
      }
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (Op->isAssignmentOp() && Op->getNumArgs() == 2 && IsV(Op->getArg(0)))
        Escaped = Elsewhere(Name + " is assigned from elsewhere", Op);
      // Other operators (v[i], v | views::x) do not change the size.
      if (Op->getOperator() != OO_Call)
        return;
    }
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef &&
            C.getCapturedVar() == V)
          Escaped = Elsewhere(Name + " is captured by reference", L);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      unsigned Offset = isa<CXXOperatorCallExpr>(Call) &&
                                isa_and_nonnull<CXXMethodDecl>(Callee)
                            ? 1
                            : 0;
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        if (!IsV(Call->getArg(I)))
          continue;
        if (!Callee) {
          Escaped = Elsewhere(Name + " is passed to a call", Call);
          return;
        }
        // Reading functions of std, and std::move into the call that
        // consumes it, leave the size alone; so do calls the model knows.
        if (isStdFunction(Callee, {"move", "forward", "as_const", "begin",
                                   "end", "cbegin", "cend", "size", "ssize",
                                   "empty", "data", "distance"}) ||
            !Model.calleeRoles(Call).empty())
          continue;
        if (I < Offset || I - Offset >= Callee->getNumParams())
          continue;
        QualType PT = Callee->getParamDecl(I - Offset)->getType();
        if (PT->isLValueReferenceType() &&
            !PT->getPointeeType().isConstQualified()) {
          Escaped = Elsewhere(Name + " is passed by reference to '" +
                                  Callee->getNameAsString() + "'",
                              Call);
          return;
        }
      }
    }
  });
  if (Escaped)
    return std::move(*Escaped);

  const SourceManager &SM = Ctx.getSourceManager();
  auto Contains = [&](const Stmt *Part, const Stmt *S) {
    SourceLocation B = SM.getExpansionLoc(Part->getBeginLoc());
    SourceLocation E = SM.getExpansionLoc(Part->getEndLoc());
    SourceLocation L = SM.getExpansionLoc(S->getBeginLoc());
    return B.isValid() && E.isValid() && L.isValid() &&
           SM.isPointWithin(L, B, E);
  };
  for (const Growth &G : Growths) {
    Bound Amount = G.Amount;
    for (const Stmt *Loop : Loops) {
      bool Inside = false;
      for (const Stmt *Part : iterationParts(Loop))
        Inside = Inside || Contains(Part, G.At);
      if (!Inside)
        continue;
      Bound Trips = tripCount(Loop, Ctx, Depth + 1);
      if (Trips.isRunTime()) {
        Trips.K = Bound::InputSize;
        Trips.Where = Loop;
        Trips.Why = Name +
                    " is filled in a loop whose trip count is not a "
                    "compile-time constant (" +
                    (Trips.Why.empty() ? std::string("unknown") : Trips.Why) +
                    ")";
      }
      Amount = combine(Amount, Trips, /*Multiply=*/true);
    }
    Size = combine(Size, Amount, /*Multiply=*/false);
  }
  Out.Size = Size;
  return Out;
}

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

Bound TripCountAnalysis::tripCount(const Stmt *Loop, ASTContext &Ctx) {
  return tripCount(Loop, Ctx, 0);
}

static bool isComparison(BinaryOperatorKind K) {
  return K == BO_LT || K == BO_LE || K == BO_GT || K == BO_GE || K == BO_NE;
}

Bound TripCountAnalysis::tripCount(const Stmt *Loop, ASTContext &Ctx,
                                   unsigned Depth) {
  if (const auto *R = dyn_cast_or_null<CXXForRangeStmt>(Loop))
    return rangeSize(R->getRangeInit(), Ctx, Depth);
  if (const auto *W = dyn_cast_or_null<WhileStmt>(Loop)) {
    bool Value = true;
    if (W->getCond() && !W->getCond()->isValueDependent() &&
        W->getCond()->EvaluateAsBooleanCondition(Value, Ctx) && !Value)
      return Bound::constant(0);
    return Bound::unknown(Bound::Runtime,
                          Value ? "it runs until its condition fails"
                                : "it runs until its condition fails",
                          Loop);
  }
  if (const auto *D = dyn_cast_or_null<DoStmt>(Loop)) {
    bool Value = true;
    if (D->getCond() && !D->getCond()->isValueDependent() &&
        D->getCond()->EvaluateAsBooleanCondition(Value, Ctx) && !Value)
      return Bound::constant(1);
    return Bound::unknown(Bound::Runtime, "it runs until its condition fails",
                          Loop);
  }
  const auto *F = dyn_cast_or_null<ForStmt>(Loop);
  if (!F)
    return Bound::unknown(Bound::Runtime, "unknown loop", Loop);
  const Expr *Cond = F->getCond();
  if (!Cond)
    return Bound::unknown(Bound::Runtime, "it has no condition", Loop);
  // The induction variable and its start.
  const VarDecl *IV = nullptr;
  const Expr *Start = nullptr;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit())) {
    if (DS->isSingleDecl())
      if ((IV = dyn_cast<VarDecl>(DS->getSingleDecl())))
        Start = IV->getInit();
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(F->getInit())) {
    if (BO->getOpcode() == BO_Assign)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts())) {
        IV = dyn_cast<VarDecl>(DRE->getDecl());
        Start = BO->getRHS();
      }
  }
  const Expr *L = nullptr, *Rhs = nullptr;
  BinaryOperatorKind K = BO_Comma;
  const Expr *C = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(C)) {
    K = BO->getOpcode();
    L = BO->getLHS();
    Rhs = BO->getRHS();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(C)) {
    if (Op->getNumArgs() == 2 && Op->isComparisonOp()) {
      K = BinaryOperator::getOverloadedOpcode(Op->getOperator());
      L = Op->getArg(0);
      Rhs = Op->getArg(1);
    }
  } else if (const auto *Call = dyn_cast<CallExpr>(C)) {
    // std::cmp_less(i, n) and its relatives compare like the operators.
    const FunctionDecl *FD = Call->getDirectCallee();
    if (Call->getNumArgs() == 2 && FD && FD->getIdentifier() &&
        FD->isInStdNamespace()) {
      K = llvm::StringSwitch<BinaryOperatorKind>(FD->getName())
              .Case("cmp_less", BO_LT)
              .Case("cmp_less_equal", BO_LE)
              .Case("cmp_greater", BO_GT)
              .Case("cmp_greater_equal", BO_GE)
              .Case("cmp_not_equal", BO_NE)
              .Default(BO_Comma);
      L = Call->getArg(0);
      Rhs = Call->getArg(1);
    }
  }
  if (!IV || !L || !isComparison(K))
    return Bound::unknown(Bound::Runtime, "its condition is not a simple bound",
                          Loop);
  auto IsIV = [IV](const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(E));
    return DRE && DRE->getDecl() == IV;
  };
  const Expr *Limit = nullptr;
  if (IsIV(L))
    Limit = Rhs;
  else if (IsIV(Rhs))
    Limit = L;
  if (!Limit)
    return Bound::unknown(Bound::Runtime, "its condition is not a simple bound",
                          Loop);
  // Iterators: it = v.begin(); it != v.end().
  if (Start && iteratorRange(Start))
    return rangeSize(iteratorRange(Start), Ctx, Depth + 1);
  Bound B = valueBound(Limit, Ctx, Depth + 1);
  if (B.K != Bound::Constant)
    return B;
  Bound A = Start ? valueBound(Start, Ctx, Depth + 1) : Bound::constant(0);
  if (A.K != Bound::Constant)
    return Bound::unknown(Bound::Runtime, "its start is computed at run time",
                          Loop);
  uint64_t Diff = A.N > B.N ? A.N - B.N : B.N - A.N;
  if (K == BO_LE || K == BO_GE)
    Diff = satAdd(Diff, 1);
  return Bound::constant(Diff);
}

} // namespace clang::tidy::coroguard::model
