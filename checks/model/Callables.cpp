//===--- Callables.cpp ----------------------------------------------------===//

#include "Callables.h"
#include "Discard.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::coroguard::model {

const Expr *callableOperand(const Expr *E) {
  while (E) {
    const Expr *Next = producedValue(E)->IgnoreImpCasts();
    if (const auto *CCE = dyn_cast<CXXConstructExpr>(Next);
        CCE && CCE->getNumArgs() == 1 && CCE->getConstructor() &&
        CCE->getConstructor()->isCopyOrMoveConstructor())
      // A closure or function object copied into a parameter.
      Next = CCE->getArg(0);
    else if (const auto *UO = dyn_cast<UnaryOperator>(Next);
             UO && UO->getOpcode() == UO_AddrOf &&
             UO->getSubExpr()->getType()->isFunctionType())
      Next = UO->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

/// The single non-template operator() of a class, or a lambda's.
static const FunctionDecl *callOperator(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (RD->isLambda())
    return RD->getLambdaCallOperator();
  if (!RD->hasDefinition())
    return nullptr;
  RD = RD->getDefinition();
  DeclContextLookupResult R = RD->lookup(
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call));
  const FunctionDecl *Found = nullptr;
  for (const NamedDecl *D : R) {
    const auto *FD = dyn_cast<CXXMethodDecl>(D);
    if (!FD || Found)
      return nullptr;
    Found = FD;
  }
  return Found;
}

const FunctionDecl *invokedFunction(const Expr *E) {
  E = callableOperand(E);
  if (!E || E->containsErrors())
    return nullptr;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return Lambda->getCallOperator();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      return FD;
  QualType T = E->getType();
  if (T.isNull() || T->isDependentType())
    return nullptr;
  return callOperator(T.getNonReferenceType()->getAsCXXRecordDecl());
}

QualType callResult(const Expr *E) {
  if (const FunctionDecl *FD = invokedFunction(E))
    return FD->getReturnType();
  E = callableOperand(E);
  if (!E || E->containsErrors())
    return {};
  QualType T = E->getType();
  if (T.isNull())
    return {};
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const auto *FT = T->getAs<FunctionType>())
    return FT->getReturnType();
  return {};
}

bool isVoidCallable(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    if (const auto *FT = PT->getPointeeType()->getAs<FunctionType>())
      return FT->getReturnType()->isVoidType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || RD->isLambda() || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  DeclContextLookupResult R = RD->lookup(
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call));
  bool Any = false;
  for (const NamedDecl *D : R) {
    const auto *FD = dyn_cast<CXXMethodDecl>(D);
    if (!FD || !FD->getReturnType()->isVoidType())
      return false;
    Any = true;
  }
  return Any;
}

/// The parameter E names, seen through std::move/std::forward-like casts.
static const ParmVarDecl *namedParam(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 && Call->isCallToStdMove())
    E = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Cast = dyn_cast<CXXNamedCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
      Call->getDirectCallee()->getDeclName().isIdentifier() &&
      Call->getDirectCallee()->getName() == "forward")
    E = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<ParmVarDecl>(DRE->getDecl());
  return nullptr;
}

bool ResultDiscardAnalysis::discardsResultOf(const FunctionDecl *FD,
                                             unsigned ParamIndex) {
  if (!FD || ParamIndex >= 64)
    return false;
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def) {
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      Def = Pattern->getDefinition();
  }
  if (!Def || !Def->getBody() || ParamIndex >= Def->getNumParams())
    return false;
  auto It = Memo.find(Def);
  if (It == Memo.end()) {
    uint64_t Bits = 0;
    forEachStmtInBody(Def->getBody(), [&](const Stmt *S, StmtPlace Place) {
      if (!Place.Discarded)
        return;
      const auto *E = dyn_cast<Expr>(S);
      if (!E)
        return;
      const auto *Call = dyn_cast<CallExpr>(producedValue(E));
      if (!Call || Call->getType().isNull() || Call->getType()->isVoidType())
        return;
      // p(args): the callee is the parameter (a function-object call has it
      // as argument 0); invoke(p, args): the parameter comes first.
      const ParmVarDecl *P = namedParam(Call->getCallee());
      if (!P && Call->getNumArgs() > 0)
        P = namedParam(Call->getArg(0));
      if (!P)
        return;
      for (unsigned I = 0; I < Def->getNumParams() && I < 64; ++I)
        if (Def->getParamDecl(I) == P)
          Bits |= uint64_t(1) << I;
    });
    It = Memo.try_emplace(Def, Bits).first;
  }
  return It->second & (uint64_t(1) << ParamIndex);
}

} // namespace clang::tidy::coroguard::model
