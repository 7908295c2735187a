//===--- Consumption.cpp --------------------------------------------------===//

#include "Consumption.h"
#include "AsyncModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::coroguard::model {

bool isMultiShot(AsyncModel &M, const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  if (M.roles(RD).has(Role::MultiShot))
    return true;
  // Deliberately copyable: a user-declared copy constructor that is not
  // deleted (shared_task's reference count, shared_future's `= default`).
  // An implicit copy constructor is not evidence: a hand-written task that
  // forgot to delete it is still single-shot.
  const CXXRecordDecl *Def = definitionOrPattern(RD);
  if (!Def)
    return false;
  for (const CXXConstructorDecl *C : Def->ctors())
    if (C->isCopyConstructor() && !C->isDeleted() &&
        C->getAccess() != AS_private && C->getAccess() != AS_protected)
      return true;
  return false;
}

bool isSingleShotTask(AsyncModel &M, QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  TypeInfo Info = M.typeInfo(T);
  return Info.IsTask && Info.Record && !isMultiShot(M, Info.Record);
}

bool lvalueAwaitConsumes(const CXXRecordDecl *RD) {
  RD = definitionOrPattern(RD);
  if (!RD)
    return true;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  // The record's own overloads, else its bases' (one level is what task
  // hierarchies use: libcoro's task over its awaitable bases).
  auto HasLValueOverload = [&](const CXXRecordDecl *C) {
    C = definitionOrPattern(C);
    if (!C)
      return false;
    for (const NamedDecl *ND : C->lookup(CoAwait)) {
      const auto *FD = ND->getAsFunction();
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
      if (MD && MD->getRefQualifier() == RQ_LValue)
        return true;
    }
    return false;
  };
  if (HasLValueOverload(RD))
    return false;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (HasLValueOverload(recordOf(B.getType())))
      return false;
  return true;
}

bool takesTask(RoleSet R) {
  return R.has(Role::Consumes) || R.has(Role::BlockingWait) ||
         R.has(Role::AwaitFix) || R.has(Role::Detaches) ||
         R.has(Role::ScopedSpawn) || R.has(Role::FanoutUnbounded) ||
         R.has(Role::FanoutBounded) || R.has(Role::StartsWork) ||
         R.has(Role::Completes);
}

/// The parameter an argument binds to, if the callee is known and the
/// argument is not the object of a member operator or a variadic one.
static const ParmVarDecl *parameterFor(const CallExpr *Call,
                                       unsigned ArgIndex) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return nullptr;
  unsigned Param = ArgIndex;
  if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(FD) &&
      !cast<CXXMethodDecl>(FD)->isExplicitObjectMemberFunction()) {
    if (ArgIndex == 0)
      return nullptr;
    Param = ArgIndex - 1;
  }
  if (Param >= FD->getNumParams())
    return nullptr;
  return FD->getParamDecl(Param);
}

bool consumesArgument(AsyncModel &M, const CallExpr *Call, unsigned ArgIndex) {
  if (!Call || ArgIndex >= Call->getNumArgs())
    return false;
  const ParmVarDecl *Param = parameterFor(Call, ArgIndex);
  if (Param && M.roles(Param).has(Role::Consumes))
    return true;
  RoleSet R = M.calleeRoles(Call);
  if (R.has(Role::Consumes))
    return true;
  if (!takesTask(R))
    return false;
  // By value or by rvalue reference the task moves into the callee; by
  // lvalue reference the callee awaits (or starts) it in place.
  QualType PT = Param ? Param->getType() : QualType();
  if (PT.isNull() || !PT->isLValueReferenceType())
    return true;
  const Expr *Arg = Call->getArg(ArgIndex);
  return lvalueAwaitConsumes(recordOf(Arg->getType()));
}

bool consumesObject(AsyncModel &M, const CallExpr *Call) {
  if (!Call)
    return false;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!MD)
    return false;
  if (MD->getRefQualifier() == RQ_RValue)
    return true;
  RoleSet R = M.calleeRoles(Call);
  R.add(M.roles(MD));
  return R.has(Role::Consumes) || R.has(Role::Detaches) ||
         R.has(Role::StartsWork) || R.has(Role::ScopedSpawn);
}

const Expr *movedObject(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  if (!Call || Call->getNumArgs() != 1 || !Call->isXValue())
    return nullptr;
  // By name, not isCallToStdMove(): std::move is a builtin only when
  // builtins are on, and std::forward<T>(x) moves when T is not a reference.
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
      (FD->getName() != "move" && FD->getName() != "forward"))
    return nullptr;
  return Call->getArg(0)->IgnoreParenImpCasts();
}

} // namespace clang::tidy::coroguard::model
