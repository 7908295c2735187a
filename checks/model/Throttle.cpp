//===--- Throttle.cpp -----------------------------------------------------===//

#include "Throttle.h"
#include "CoroutineContext.h"
#include "TripCount.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::coroguard::model {

bool ThrottleAnalysis::isThrottle(const Stmt *S) {
  if (const auto *Call = dyn_cast_or_null<CallExpr>(S))
    return Model.calleeRoles(Call).has(Role::Throttle);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(S))
    if (const CXXConstructorDecl *Ctor = Construct->getConstructor())
      return Model.roles(Ctor).has(Role::Throttle) ||
             Model.roles(Ctor->getParent()).has(Role::Throttle);
  return false;
}

bool ThrottleAnalysis::containsThrottle(const Stmt *S) {
  bool Found = false;
  forEachEvaluatedStmt(
      S, [&](const Stmt *Sub) { Found = Found || isThrottle(Sub); });
  return Found;
}

bool ThrottleAnalysis::awaitsThrottleFirst(const FunctionDecl *Coroutine) {
  if (!Coroutine)
    return false;
  auto It = Memo.find(Coroutine);
  if (It != Memo.end())
    return It->second;
  const CoroutineBodyStmt *Body = coroutineBody(Coroutine);
  if (!Body)
    return Memo[Coroutine] = false;
  // 0: undecided, 1: throttle first, 2: work first.
  int Verdict = 0;
  forEachEvaluatedStmt(Body, [&](const Stmt *S) {
    if (Verdict)
      return;
    if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
      const Expr *Operand = Await->getOperand();
      if (!Operand)
        return;
      if (containsThrottle(Operand)) {
        Verdict = 1;
        return;
      }
      // Awaiting a task is doing the work; awaiting a scheduler hop or a
      // timer is not.
      if (Model.typeInfo(Operand->getType()).IsTask)
        Verdict = 2;
      return;
    }
    if (isThrottle(S))
      Verdict = 1;
  });
  return Memo[Coroutine] = Verdict == 1;
}

const FunctionDecl *ThrottleAnalysis::startedCoroutine(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 8; ++Guard) {
    E = stripValue(E);
    if (!E)
      return nullptr;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
      const CXXMethodDecl *Op = Lambda->getCallOperator();
      return Op && coroutineBody(Op) ? Op : nullptr;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V || !V->isLocalVarDecl() || !V->getInit())
        return nullptr;
      E = V->getInit();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const FunctionDecl *Def = nullptr;
      if (Callee && Callee->hasBody(Def) && Def && coroutineBody(Def))
        return Def;
      return nullptr;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      // A conversion such as std::function or a task wrapper.
      if (Construct->getNumArgs() == 1) {
        E = Construct->getArg(0);
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

} // namespace clang::tidy::coroguard::model
