//===--- BlockingWaitCheck.cpp - coroguard-blocking-wait ------------------===//

#include "BlockingWaitCheck.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

BlockingWaitCheck::BlockingWaitCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      MaxCallDepth(sharedOption("MaxCallDepth", 4u)),
      Analysis(modelForSetup(), MaxCallDepth) {}

void BlockingWaitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
}

void BlockingWaitCheck::registerMatchers(MatchFinder *Finder) {
  registerCoroutineMatchers(Finder);
}

void BlockingWaitCheck::check(const MatchFinder::MatchResult &Result) {
  dispatchCoroutine(Result);
}

void BlockingWaitCheck::onCoroutine(const FunctionDecl &Coroutine,
                                    const CoroutineBodyStmt &Body,
                                    const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  model::forEachEvaluatedStmt(&Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || !isUserCode(model::callLocation(Call), SM))
      return;
    model::BlockingPath Path =
        Analysis.find(Call, model::BlockKind::Wait, SM, &Coroutine);
    if (!Path)
      return;
    if (Path.Steps.size() == 1) {
      auto D = diag(model::callLocation(Call),
                    "'%0' waits synchronously for async work inside %1; this "
                    "parks the thread and can deadlock the executor that must "
                    "finish that work")
               << Path.Steps.front().CalleeName << describeCoroutine(Coroutine)
               << model::callRange(Call);
      if (std::optional<FixItHint> Fix =
              awaitFix(Call, Coroutine, Body, Result))
        D << *Fix;
    } else {
      diag(model::callLocation(Call),
           "'%0' waits synchronously for async work inside %1 (it calls "
           "'%2'); this parks the thread and can deadlock the executor that "
           "must finish that work")
          << Path.Steps.front().CalleeName << describeCoroutine(Coroutine)
          << Path.terminal().CalleeName << model::callRange(Call);
    }
    model::notePath(*this, Path);
  });
}

/// Whether `co_await E` reads as E without parentheses.
static bool bindsTighterThanCoAwait(const Expr *E) {
  E = E->IgnoreImplicit();
  return isa<DeclRefExpr, CallExpr, MemberExpr, ArraySubscriptExpr, ParenExpr,
             CXXConstructExpr, CXXFunctionalCastExpr, UnaryOperator>(E);
}

/// The first parent of E that the source shows (implicit nodes skipped).
/// The map covers the coroutine's body only: ASTContext::getParents would
/// build a map of the whole translation unit (every header) on first use.
static const Stmt *visibleParent(const Expr *E, const ParentMap &PM) {
  const Stmt *P = PM.getParent(E);
  while (P && isa<ImplicitCastExpr, MaterializeTemporaryExpr,
                  CXXBindTemporaryExpr, ExprWithCleanups>(P))
    P = PM.getParent(P);
  return P;
}

/// Whether Call sits in the coroutine's own body, not in a lambda invoked
/// there (where co_await would turn the lambda into a coroutine).
static bool isDirectlyIn(const CallExpr *Call, const ParentMap &PM) {
  if (!PM.hasParent(Call))
    return false;
  for (const Stmt *P = PM.getParent(Call); P; P = PM.getParent(P))
    if (isa<LambdaExpr>(P))
      return false;
  return true;
}

std::optional<FixItHint>
BlockingWaitCheck::awaitFix(const CallExpr *Call, const FunctionDecl &Coroutine,
                            const CoroutineBodyStmt &Body,
                            const MatchFinder::MatchResult &Result) {
  model::AsyncModel &M = model(*Result.Context);
  if (!M.calleeRoles(Call).has(model::Role::AwaitFix))
    return std::nullopt;
  // Function objects carry the callee as argument 0.
  unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
  if (Call->getNumArgs() != First + 1 ||
      isa<CXXDefaultArgExpr>(Call->getArg(First)))
    return std::nullopt;
  const Expr *Arg = Call->getArg(First);
  // co_await only works if the coroutine's promise accepts the library's
  // awaitables: require the coroutine to return a type of the same library.
  llvm::StringRef CalleeLib = M.libraryOf(
      Call->getDirectCallee() ? (const NamedDecl *)Call->getDirectCallee()
                              : nullptr);
  const model::TypeInfo Ret = M.typeInfo(Coroutine.getReturnType());
  if (CalleeLib.empty() || Ret.Library != CalleeLib)
    return std::nullopt;
  const SourceManager &SM = *Result.SourceManager;
  const LangOptions &LO = Result.Context->getLangOpts();
  CharSourceRange CallRange = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Call->getSourceRange()), SM, LO);
  CharSourceRange ArgRange = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Arg->getSourceRange()), SM, LO);
  if (CallRange.isInvalid() || ArgRange.isInvalid() ||
      Call->getBeginLoc().isMacroID() || Call->getEndLoc().isMacroID())
    return std::nullopt;
  ParentMap PM(const_cast<CoroutineBodyStmt *>(&Body));
  if (!isDirectlyIn(Call, PM))
    return std::nullopt;
  std::string Operand = Lexer::getSourceText(ArgRange, SM, LO).str();
  if (!bindsTighterThanCoAwait(Arg))
    Operand = "(" + Operand + ")";
  std::string Replacement = "co_await " + Operand;
  // A postfix operator applied to the call must keep applying to the
  // result: sync_wait(t).value -> (co_await t).value.
  const Stmt *Parent = visibleParent(Call, PM);
  const auto *Sub = dyn_cast_or_null<ArraySubscriptExpr>(Parent);
  const auto *Outer = dyn_cast_or_null<CallExpr>(Parent);
  if (isa_and_nonnull<MemberExpr>(Parent) ||
      (Sub && Sub->getBase()->IgnoreImplicit() == Call) ||
      (Outer && Outer->getCallee()->IgnoreImplicit() == Call))
    Replacement = "(" + Replacement + ")";
  return FixItHint::CreateReplacement(CallRange, Replacement);
}

COROGUARD_REGISTER_CHECK(BlockingWaitCheck, "coroguard-blocking-wait");

} // namespace clang::tidy::coroguard
