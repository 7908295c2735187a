//===--- CoroutineContext.cpp ---------------------------------------------===//

#include "CoroutineContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coroguard::model {

const CoroutineBodyStmt *coroutineBody(const FunctionDecl *FD) {
  if (!FD || !FD->doesThisDeclarationHaveABody())
    return nullptr;
  return dyn_cast_or_null<CoroutineBodyStmt>(FD->getBody());
}

/// The lambda called by `[...](...){...}(args)`, if any.
static const LambdaExpr *invokedLambda(const Stmt *S) {
  const auto *Call = dyn_cast<CXXOperatorCallExpr>(S);
  if (!Call || Call->getOperator() != OO_Call || Call->getNumArgs() == 0)
    return nullptr;
  return dyn_cast<LambdaExpr>(Call->getArg(0)->IgnoreImplicit());
}

void forEachEvaluatedStmt(const Stmt *Root,
                          llvm::function_ref<void(const Stmt *)> Fn) {
  llvm::SmallVector<const Stmt *, 64> Work;
  auto PushChildren = [&Work](const Stmt *S) {
    // Reverse, so that children pop in source order.
    llvm::SmallVector<const Stmt *, 8> Kids;
    for (const Stmt *Child : S->children())
      if (Child)
        Kids.push_back(Child);
    Work.append(Kids.rbegin(), Kids.rend());
  };
  Work.push_back(Root);
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Body = dyn_cast<CoroutineBodyStmt>(S)) {
      Work.push_back(Body->getBody());
      continue;
    }
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      Fn(S);
      Work.push_back(Suspend->getOperand());
      continue;
    }
    if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      Fn(S);
      Work.push_back(Return->getOperand());
      continue;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      Fn(S);
      for (const Expr *Init : Lambda->capture_inits())
        Work.push_back(Init);
      continue;
    }
    if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr,
            CXXTypeidExpr>(S))
      continue;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      Fn(S);
      // Only variables run code here; local classes and functions do not.
      for (const Decl *D : llvm::reverse(DS->decls()))
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const Expr *Init = VD->getInit())
            Work.push_back(Init);
      continue;
    }
    Fn(S);
    PushChildren(S);
    if (const LambdaExpr *Invoked = invokedLambda(S))
      if (!coroutineBody(Invoked->getCallOperator()))
        Work.push_back(Invoked->getBody());
  }
}

} // namespace clang::tidy::coroguard::model
