//===--- DetachedCoroutineCheck.cpp - coroguard-detached-coroutine --------===//

#include "DetachedCoroutineCheck.h"
#include "model/Blocking.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Discard.h"
#include "model/Names.h"
#include "model/Spawn.h"
#include "model/UserCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

namespace {
bool isLambdaOperator(const FunctionDecl &FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  return MD && MD->getParent()->isLambda();
}

/// How diagnostics name the function that runs as detached work.
std::string describeWork(const FunctionDecl *FD) {
  if (!FD)
    return "its work";
  bool Coroutine = model::coroutineBody(FD) != nullptr;
  if (isLambdaOperator(*FD))
    return Coroutine ? "a coroutine lambda" : "a lambda";
  return (Coroutine ? "coroutine '" : "function '") + FD->getNameAsString() +
         "'";
}
} // namespace

DetachedCoroutineCheck::DetachedCoroutineCheck(llvm::StringRef Name,
                                               ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context) {}

void DetachedCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // One match per translation unit; the user's functions are read from its
  // declarations, system headers are never entered.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void DetachedCoroutineCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *TU = Result.Nodes.getNodeAs<TranslationUnitDecl>("tu");
  if (!TU)
    return;
  model(*Result.Context);
  auto Function = [&](const FunctionDecl &FD) {
    checkBody(FD, functionLocation(FD, *Result.SourceManager), Result);
  };
  auto Initializer = [&](const Expr &Init) {
    model::forEachStmtInBody(&Init, [&](const Stmt *S, model::StmtPlace) {
      if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
        if (const FunctionDecl *Op = Lambda->getCallOperator())
          checkBody(*Op, Lambda->getBeginLoc(), Result);
    });
  };
  // Instantiations too: a dependent co_spawn resolves only there.
  model::AsyncModel &M = model(*Result.Context);
  auto IsLibrary = [&](const Decl &D) { return M.isLibraryCode(&D); };
  model::forEachUserFunction(
      *TU, *Result.SourceManager,
      {Function, Initializer, /*Instantiations=*/true, IsLibrary});
}

void DetachedCoroutineCheck::checkBody(const FunctionDecl &FD,
                                       SourceLocation Where,
                                       const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  model::AsyncModel &M = model(*Result.Context);
  if (FD.isInvalidDecl() || !isUserCode(Where, SM))
    return;
  const Stmt *Root = FD.getBody();
  if (!Root || !Walked.insert(Root).second)
    return;
  // A template's definition is judged once, on its pattern; its calls are
  // judged in every instantiation too (a dependent co_spawn resolves only
  // there), once per location.
  if (!FD.getTemplateInstantiationPattern() && model::coroutineBody(&FD))
    checkDefinition(FD, Where, M);
  llvm::SmallVector<const LambdaExpr *, 4> Lambdas;
  auto Visit = [&](const Stmt *S, model::StmtPlace) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      checkCall(Call, FD, M, SM);
    else if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      Lambdas.push_back(Lambda);
  };
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit())
        model::forEachStmtInBody(Init->getInit(), Visit);
  model::forEachStmtInBody(Root, Visit);
  // Lambdas defined here are bodies of their own.
  for (const LambdaExpr *Lambda : Lambdas)
    if (const FunctionDecl *Op = Lambda->getCallOperator())
      checkBody(*Op, Lambda->getBeginLoc(), Result);
}

void DetachedCoroutineCheck::checkDefinition(const FunctionDecl &FD,
                                             SourceLocation Where,
                                             model::AsyncModel &M) {
  model::TypeInfo Ret = M.typeInfo(FD.getReturnType());
  if (!Ret.IsDetached || model::isAllowedToDetach(M, &FD) ||
      model::handlesOwnExceptions(&FD) || alreadyReported(Where))
    return;
  diag(Where, "%0 returns the detached type '%1': nobody can await it, so "
              "its end and any exception it throws go unobserved")
      << describeCoroutine(FD)
      << (Ret.Record ? model::qualifiedName(Ret.Record)
                     : FD.getReturnType().getAsString())
      << model::definitionRange(FD, Where);
}

void DetachedCoroutineCheck::checkCall(const CallExpr *Call,
                                       const FunctionDecl &Enclosing,
                                       model::AsyncModel &M,
                                       const SourceManager &SM) {
  SourceLocation Loc = model::callLocation(Call);
  if (!isUserCode(Loc, SM))
    return;
  model::DetachingCall Detach = model::detachingCall(M, Call);
  if (!Detach || model::isAllowedToDetach(M, &Enclosing))
    return;
  // A coroutine that is itself an entry point allowed to be detached,
  // declared so even where its body is not visible.
  if (const auto *WorkCall = dyn_cast_or_null<CallExpr>(
          Detach.Work ? model::producedValue(Detach.Work) : nullptr))
    if (M.roles(WorkCall->getDirectCallee()).has(model::Role::AllowDetach))
      return;
  const FunctionDecl *Work = model::spawnedFunction(Detach.Work);
  if (Work && (model::handlesOwnExceptions(Work) ||
               M.roles(Work).has(model::Role::AllowDetach)))
    return;
  if (alreadyReported(Loc))
    return;
  diag(Loc, "%0 detaches %1 with no owner: nobody observes its end, and an "
            "exception escaping it is lost")
      << Detach.How << describeWork(Work) << model::callRange(Call);
  if (Work && isUserCode(Work->getLocation(), SM))
    diag(Work->getLocation(),
         "%0 does not handle its own exceptions; catch them inside it, or "
         "spawn it into a scope that is joined",
         DiagnosticIDs::Note)
        << describeWork(Work)
        << model::definitionRange(*Work, Work->getLocation());
}

COROGUARD_REGISTER_CHECK(DetachedCoroutineCheck,
                         "coroguard-detached-coroutine");

} // namespace clang::tidy::coroguard
