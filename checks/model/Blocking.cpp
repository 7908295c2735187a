//===--- Blocking.cpp -----------------------------------------------------===//

#include "Blocking.h"
#include "CoroutineContext.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::coroguard::model {

/// `f.wait_for(0s)` polls; it does not block.
static bool isZeroTimeoutPoll(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef Name = FD->getName();
  if (!Name.ends_with("_for") || Call->getNumArgs() == 0)
    return false;
  const Expr *Arg = Call->getArg(0);
  if (Arg->isValueDependent())
    return false;
  Expr::EvalResult R;
  if (!Arg->EvaluateAsRValue(R, FD->getASTContext()))
    return false;
  const APValue &V = R.Val;
  if (V.isInt())
    return V.getInt().isZero();
  return V.isStruct() && V.getStructNumFields() >= 1 &&
         V.getStructField(0).isInt() && V.getStructField(0).getInt().isZero();
}

/// `f()` where f is a callable handed in from elsewhere: a parameter whose
/// type the template leaves to the caller (or a lambda type), or a member or
/// init-capture of lambda type. An executor template that runs submitted
/// work calls it so; the lambda's body is checked where it is written.
static bool callsHandedInCallable(const CallExpr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Op || Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
    return false;
  const Expr *Obj = Op->getArg(0)->IgnoreParenImpCasts();
  // std::forward<F>(f)() and std::move(f)()
  if (const auto *Fwd = dyn_cast<CallExpr>(Obj); Fwd && Fwd->getNumArgs() == 1)
    if (const FunctionDecl *FD = Fwd->getDirectCallee();
        FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        (FD->getName() == "forward" || FD->getName() == "move"))
      Obj = Fwd->getArg(0)->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
    D = DRE->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(Obj))
    D = ME->getMemberDecl();
  if (!D)
    return false;
  const CXXRecordDecl *RD =
      D->getType().getNonReferenceType()->getAsCXXRecordDecl();
  bool IsLambda = RD && RD->isLambda();
  if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
    if (IsLambda)
      return true;
    // The parameter of the template this function was instantiated from.
    const auto *Fn = dyn_cast<FunctionDecl>(P->getDeclContext());
    const FunctionDecl *Pattern =
        Fn ? Fn->getTemplateInstantiationPattern() : nullptr;
    if (Pattern && P->getFunctionScopeIndex() < Pattern->getNumParams())
      return Pattern->getParamDecl(P->getFunctionScopeIndex())
          ->getType()
          ->isDependentType();
    return false;
  }
  if (isa<FieldDecl>(D))
    return IsLambda;
  if (const auto *VD = dyn_cast<VarDecl>(D))
    return IsLambda && VD->isInitCapture();
  return false;
}

const FunctionDecl *BlockingAnalysis::followable(const CallExpr *Call,
                                                 const SourceManager &SM) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || callsHandedInCallable(Call))
    return nullptr;
  // `[]{ ... }()` runs its body right here; the walk already covers it.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (Op->getNumArgs() > 0 &&
        isa<LambdaExpr>(Op->getArg(0)->IgnoreImplicit()))
      return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Callee->hasBody(Def) || !Def || Def->isInvalidDecl())
    return nullptr;
  // A coroutine's body does not run in the caller; a virtual call may run
  // another body; code in system headers and libraries' own code (wherever
  // installed) is described by profiles instead.
  if (coroutineBody(Def) || SM.isInSystemHeader(Def->getLocation()) ||
      Model.isLibraryCode(Def))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>())
      return nullptr;
  return Def;
}

BlockingPath BlockingAnalysis::find(const CallExpr *Call, BlockKind Kind,
                                    const SourceManager &SM,
                                    const FunctionDecl *Enclosing) {
  RoleSet Roles = Model.calleeRoles(Call);
  if (Roles.has(Role::Blocking)) {
    bool IsWait = Roles.has(Role::BlockingWait);
    if (IsWait != (Kind == BlockKind::Wait) || isZeroTimeoutPoll(Call))
      return {};
    // get() on a result the code has proved complete returns at once.
    if (IsWait && Readiness.isComplete(Call, Enclosing))
      return {};
    return BlockingPath{{{Call, Model.calleeName(Call)}}};
  }
  // A callee the model knows in any role speaks for itself.
  if (!Roles.empty() || MaxCallDepth == 0)
    return {};
  const FunctionDecl *Callee = followable(Call, SM);
  if (!Callee)
    return {};
  const BlockingPath &Inner = bodyPath(Callee, Kind, SM);
  if (!Inner || Inner.Steps.size() >= MaxCallDepth + 1)
    return {};
  BlockingPath Path{{{Call, Model.calleeName(Call)}}};
  Path.Steps.insert(Path.Steps.end(), Inner.Steps.begin(), Inner.Steps.end());
  return Path;
}

const BlockingPath &BlockingAnalysis::bodyPath(const FunctionDecl *FD,
                                               BlockKind Kind,
                                               const SourceManager &SM) {
  auto Key = std::make_pair(FD, static_cast<int>(Kind));
  auto It = Memo.find(Key);
  if (It != Memo.end())
    return It->second;
  // Seed with "does not block" so recursion terminates.
  Memo[Key] = {};
  BlockingPath Best;
  forEachEvaluatedStmt(FD->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || (Best && Best.Steps.size() == 1))
      return;
    BlockingPath P = find(Call, Kind, SM, FD);
    if (P && (!Best || P.Steps.size() < Best.Steps.size()))
      Best = std::move(P);
  });
  return Memo[Key] = std::move(Best);
}

SourceLocation callLocation(const CallExpr *Call) {
  if (isa<CXXMemberCallExpr>(Call))
    return Call->getExprLoc();
  // `f(x)` on a function object: point at `f` (LLVM 22 begins the call at
  // the parenthesis).
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      return Op->getArg(0)->getBeginLoc();
  return Call->getBeginLoc();
}

SourceRange callRange(const CallExpr *Call) {
  SourceLocation Begin = Call->getBeginLoc();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      Begin = Op->getArg(0)->getBeginLoc();
  return SourceRange(Begin, Call->getEndLoc());
}

SourceRange diagRange(const Stmt *S) {
  if (!S)
    return {};
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return callRange(Call);
  SourceLocation RParen;
  if (const auto *For = dyn_cast<ForStmt>(S))
    RParen = For->getRParenLoc();
  else if (const auto *While = dyn_cast<WhileStmt>(S))
    RParen = While->getRParenLoc();
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
    RParen = Range->getRParenLoc();
  if (RParen.isValid())
    return SourceRange(S->getBeginLoc(), RParen);
  return S->getSourceRange();
}

SourceRange definitionRange(const FunctionDecl &FD, SourceLocation Where) {
  SourceLocation Begin = FD.getBeginLoc();
  const SourceManager &SM = FD.getASTContext().getSourceManager();
  if (Begin.isInvalid() ||
      (Where.isValid() && SM.isBeforeInTranslationUnit(Where, Begin)))
    Begin = Where;
  SourceLocation End;
  if (const TypeSourceInfo *TSI = FD.getTypeSourceInfo())
    End = TSI->getTypeLoc().getEndLoc();
  if (End.isInvalid() || End.isMacroID() != Begin.isMacroID())
    End = Where;
  return SourceRange(Begin, End);
}

void notePath(ClangTidyCheck &Check, const BlockingPath &Path) {
  for (size_t I = 1; I < Path.Steps.size(); ++I)
    Check.diag(callLocation(Path.Steps[I].Call), "'%0' calls '%1' here",
               DiagnosticIDs::Note)
        << Path.Steps[I - 1].CalleeName << Path.Steps[I].CalleeName
        << callRange(Path.Steps[I].Call);
}

} // namespace clang::tidy::coroguard::model
