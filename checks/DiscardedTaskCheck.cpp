//===--- DiscardedTaskCheck.cpp - coroguard-discarded-task ----------------===//

#include "DiscardedTaskCheck.h"
#include "model/Blocking.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Names.h"
#include "model/UserCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

/// The body being walked and what is known about it.
struct DiscardedTaskCheck::Body {
  /// Null for an initialiser outside any function.
  const FunctionDecl *Function;
  /// Set when the body is a coroutine: `co_await` can be offered there.
  const CoroutineBodyStmt *Coroutine;
  model::AsyncModel &Model;
  const ASTContext &Ctx;
  const SourceManager &SM;
};

namespace {
/// How a lost value is described; indexes the %select lists below.
enum LostKind { LazyTask, EagerTask, SomeTask, Awaitable };

LostKind kindOf(const model::TypeInfo &Info) {
  if (!Info.IsTask)
    return Awaitable;
  switch (Info.Starts) {
  case model::Start::Lazy:
    return LazyTask;
  case model::Start::Eager:
    return EagerTask;
  case model::Start::Unknown:
    return SomeTask;
  }
  return SomeTask;
}

/// The consequence, selected by LostKind.
constexpr llvm::StringLiteral Consequence =
    "%select{it never runs|nobody observes its completion or its exception|it "
    "may never run, and nobody observes its completion or its exception|the "
    "operation never happens}";

std::string typeName(const model::TypeInfo &Info, QualType T) {
  if (Info.Record)
    return model::qualifiedName(Info.Record);
  return T.getAsString();
}

std::string describeCallable(const FunctionDecl *FD) {
  if (!FD)
    return "callable";
  bool Coroutine = model::coroutineBody(FD) != nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return Coroutine ? "coroutine lambda" : "lambda";
  return (Coroutine ? "coroutine '" : "function '") + FD->getNameAsString() +
         "'";
}

/// Whether `co_await E` needs parentheses around E to mean co_await (E).
bool needsParens(const Expr *E) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
  return Op && Op->getOperator() != OO_Call &&
         Op->getOperator() != OO_Subscript && Op->getOperator() != OO_Arrow;
}
} // namespace

DiscardedTaskCheck::DiscardedTaskCheck(llvm::StringRef Name,
                                       ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      AllowCastToVoid(Options.get("AllowCastToVoid", true)) {}

void DiscardedTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "AllowCastToVoid", AllowCastToVoid ? "true" : "false");
}

void DiscardedTaskCheck::registerMatchers(MatchFinder *Finder) {
  // One match per translation unit; the user's functions are read from its
  // declarations, system headers are never entered (a functionDecl()
  // matcher would be tried on every function of every header).
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void DiscardedTaskCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *TU = Result.Nodes.getNodeAs<TranslationUnitDecl>("tu");
  if (!TU)
    return;
  model(*Result.Context);
  auto Function = [&](const FunctionDecl &FD) {
    checkBody(FD, functionLocation(FD, *Result.SourceManager), Result);
  };
  // Lambdas defined outside any function (namespace-scope variables,
  // default member initialisers).
  auto Initializer = [&](const Expr &Init) {
    if (isUserCode(Init.getBeginLoc(), *Result.SourceManager))
      walk(&Init, nullptr, Result);
  };
  // Templates are read once, from their pattern (see checkBody).
  model::AsyncModel &M = model(*Result.Context);
  auto IsLibrary = [&](const Decl &D) { return M.isLibraryCode(&D); };
  model::forEachUserFunction(
      *TU, *Result.SourceManager,
      {Function, Initializer, /*Instantiations=*/false, IsLibrary});
}

bool DiscardedTaskCheck::alreadyReported(SourceLocation Loc) {
  return !Reported.insert(Loc.getRawEncoding()).second;
}

void DiscardedTaskCheck::checkBody(const FunctionDecl &FD, SourceLocation Where,
                                   const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  // Templates are read once, from their pattern: what is dependent there
  // is generic code that an instantiation must not be blamed for (a
  // `f(x);` that drops a task only for some F); the call site that hands
  // in a coroutine is reported instead.
  if (FD.isInvalidDecl() || FD.getTemplateInstantiationPattern() ||
      !isUserCode(Where, SM))
    return;
  const Stmt *Root = FD.getBody();
  if (!Root || !Walked.insert(Root).second)
    return;
  walk(Root, &FD, Result);
}

void DiscardedTaskCheck::walk(const Stmt *Root, const FunctionDecl *FD,
                              const MatchFinder::MatchResult &Result) {
  model::AsyncModel &M = model(*Result.Context);
  Body B{FD, FD ? model::coroutineBody(FD) : nullptr, M, *Result.Context,
         *Result.SourceManager};
  // Lambdas defined here are bodies of their own, read after this one.
  llvm::SmallVector<const LambdaExpr *, 4> Lambdas;
  auto Visit = [&](const Stmt *S, model::StmtPlace Place) {
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      Lambdas.push_back(Lambda);
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (Place.Discarded)
        checkDiscarded(E, Place, B);
      if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
        checkConversion(CE, B);
      else if (const auto *Call = dyn_cast<CallExpr>(E)) {
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
            Op && Op->getOperator() == OO_Equal)
          checkAssignment(Op, B);
        else
          checkCallableArguments(Call, B);
      }
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          checkLocal(VD, DS, Place, B);
  };
  // Member initialisers run before the body (std::function members built
  // from coroutine lambdas).
  if (const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit())
        model::forEachStmtInBody(Init->getInit(), Visit);
  model::forEachStmtInBody(Root, Visit);
  for (const LambdaExpr *Lambda : Lambdas)
    if (const FunctionDecl *Op = Lambda->getCallOperator())
      checkBody(*Op, Lambda->getBeginLoc(), Result);
}

/// How a lost value is described: by its type, unless the call that made
/// it says more (std::async's future joins its work or never starts it).
static std::optional<LostKind> lostKind(const model::TypeInfo &Info,
                                        const Expr *V, model::AsyncModel &M) {
  switch (model::droppedResult(M, dyn_cast<CallExpr>(V))) {
  case model::DroppedResult::Joins:
    // Its destructor waits: nothing is lost but time, which
    // coroguard-blocking-call reports inside coroutines.
    return std::nullopt;
  case model::DroppedResult::NeverRuns:
    return LazyTask;
  case model::DroppedResult::Ordinary:
    break;
  }
  return kindOf(Info);
}

void DiscardedTaskCheck::checkDiscarded(const Expr *E, model::StmtPlace Place,
                                        const Body &B) {
  const Expr *V = model::producedValue(E);
  if (!model::isNewValueFromCall(V) || !isUserCode(V->getBeginLoc(), B.SM))
    return;
  model::TypeInfo Info = B.Model.typeInfo(V->getType());
  if (!Info.mustBeUsed())
    return;
  std::optional<LostKind> MaybeKind = lostKind(Info, V, B.Model);
  if (!MaybeKind)
    return;
  LostKind Kind = *MaybeKind;
  bool NotStarted = Kind == LazyTask || Kind == Awaitable;
  // (void) acknowledges a task that runs by itself, not one that never
  // starts.
  if (Place.CastToVoid && AllowCastToVoid && !NotStarted)
    return;
  // An overloaded operator is pointed at by its operator token (`a && b`).
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(V);
  SourceLocation Loc = Op && Op->getOperator() != OO_Call
                           ? Op->getOperatorLoc()
                           : model::callLocation(cast<CallExpr>(V));
  if (alreadyReported(Loc))
    return;
  auto D = diag(Loc, ("%select{lazy task|task|task|awaitable}0 '%1' returned "
                      "by '%2' is discarded; " +
                      Consequence +
                      "0%select{| (a cast to void does not "
                      "start it)}3")
                         .str())
           << Kind << typeName(Info, V->getType())
           << B.Model.calleeName(cast<CallExpr>(V))
           << (Place.CastToVoid && NotStarted) << model::diagRange(V);
  for (const FixItHint &Fix : awaitFix(V, V->getType(), Place, B))
    D << Fix;
}

void DiscardedTaskCheck::checkLocal(const VarDecl *VD, const DeclStmt *DS,
                                    model::StmtPlace Place, const Body &B) {
  if (!VD->getInit() || !model::isUnusedLocal(VD) ||
      !isUserCode(VD->getLocation(), B.SM))
    return;
  const Expr *V = model::producedValue(VD->getInit());
  if (!model::isNewValueFromCall(V))
    return;
  model::TypeInfo Info = B.Model.typeInfo(VD->getType());
  if (!Info.mustBeUsed())
    return;
  std::optional<LostKind> Kind = lostKind(Info, V, B.Model);
  if (!Kind || alreadyReported(VD->getLocation()))
    return;
  auto D = diag(VD->getLocation(),
                ("local '%0' holds %select{a lazy task|a task|a task|an "
                 "awaitable}1 '%2' that is never used; " +
                 Consequence + "1")
                    .str())
           << VD->getName() << *Kind << typeName(Info, VD->getType())
           << VD->getSourceRange();
  for (const FixItHint &Fix : localAwaitFix(VD, DS, V, Place, B))
    D << Fix;
}

std::vector<FixItHint> DiscardedTaskCheck::localAwaitFix(const VarDecl *VD,
                                                         const DeclStmt *DS,
                                                         const Expr *V,
                                                         model::StmtPlace Place,
                                                         const Body &B) {
  // The initialiser must be the call itself, written `= call`, in a
  // declaration of this variable alone.
  if (!DS || !DS->isSingleDecl() || VD->getInitStyle() != VarDecl::CInit ||
      model::producedValue(VD->getInit()) != V)
    return {};
  switch (model::awaitedValue(V->getType())) {
  case model::AwaitedValue::Unknown:
    return {};
  case model::AwaitedValue::None:
  case model::AwaitedValue::Plain: {
    // Nothing to hold: the declaration becomes the await,
    // `auto t = fetch(1);` -> `co_await fetch(1);`.
    std::vector<FixItHint> Await = awaitFix(V, V->getType(), Place, B);
    SourceLocation Begin = DS->getBeginLoc(), Init = V->getBeginLoc();
    if (Await.empty() || Begin.isMacroID() || Init.isMacroID() ||
        !B.SM.isBeforeInTranslationUnit(Begin, Init))
      return {};
    std::vector<FixItHint> Fixes{
        FixItHint::CreateReplacement(CharSourceRange::getCharRange(Begin, Init),
                                     Await.front().CodeToInsert)};
    Fixes.insert(Fixes.end(), Await.begin() + 1, Await.end());
    return Fixes;
  }
  case model::AwaitedValue::Owning: {
    // The value may be what the variable was for (a lock guard held to the
    // end of the scope): `auto g = co_await m.scoped_lock_async();`. Only
    // where the declared type is deduced.
    const TypeSourceInfo *TSI = VD->getTypeSourceInfo();
    if (!TSI || !TSI->getType()->getContainedAutoType())
      return {};
    return awaitFix(V, V->getType(), Place, B);
  }
  }
  return {};
}

std::vector<FixItHint> DiscardedTaskCheck::awaitFix(const Expr *E, QualType T,
                                                    model::StmtPlace Place,
                                                    const Body &B) {
  if (!B.Coroutine || !B.Function || Place.InHandler)
    return {};
  model::TypeInfo Info = B.Model.typeInfo(T);
  model::TypeInfo Ret = B.Model.typeInfo(B.Function->getReturnType());
  bool Interface = model::hasAwaitInterface(T);
  bool Transforms = model::promiseTransformsAwaits(*B.Coroutine);
  // The coroutine's promise must accept the operand: a type of its own
  // library, or one awaitable by its own interface when the promise does
  // not filter what it awaits.
  bool Awaitable = (!Info.Library.empty() && Info.Library == Ret.Library &&
                    (Interface || Transforms)) ||
                   (Info.Library.empty() && Interface && !Transforms);
  if (!Awaitable)
    return {};
  SourceLocation Begin = E->getBeginLoc(), End = E->getEndLoc();
  if (Begin.isInvalid() || End.isInvalid() || Begin.isMacroID() ||
      End.isMacroID())
    return {};
  std::vector<FixItHint> Fixes;
  if (!needsParens(E)) {
    Fixes.push_back(FixItHint::CreateInsertion(Begin, "co_await "));
    return Fixes;
  }
  SourceLocation After =
      Lexer::getLocForEndOfToken(End, 0, B.SM, B.Ctx.getLangOpts());
  if (After.isInvalid())
    return {};
  Fixes.push_back(FixItHint::CreateInsertion(Begin, "co_await ("));
  Fixes.push_back(FixItHint::CreateInsertion(After, ")"));
  return Fixes;
}

void DiscardedTaskCheck::reportCallable(const Expr *Callable,
                                        llvm::StringRef How, const Body &B) {
  QualType R = model::callResult(Callable);
  if (R.isNull() || R->isDependentType())
    return;
  model::TypeInfo Info = B.Model.typeInfo(R);
  if (!Info.mustBeUsed())
    return;
  SourceLocation Loc = Callable->getBeginLoc();
  if (!isUserCode(Loc, B.SM) || alreadyReported(Loc))
    return;
  diag(Loc, ("%0 returns %select{a lazy task|a task|a task|an awaitable}1 "
             "'%2' that %3; " +
             Consequence + "1")
                .str())
      << describeCallable(model::invokedFunction(Callable)) << kindOf(Info)
      << typeName(Info, R) << How << model::diagRange(Callable);
}

void DiscardedTaskCheck::checkConversion(const CXXConstructExpr *CE,
                                         const Body &B) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor || CE->getNumArgs() == 0 || CE->containsErrors() ||
      CE->isTypeDependent())
    return;
  // std::thread t(f): a constructor that calls its callable and drops the
  // result.
  if (B.Model.roles(Ctor).has(model::Role::DiscardsResult)) {
    for (const Expr *Arg : CE->arguments())
      reportCallable(
          Arg, "'" + model::qualifiedName(Ctor->getParent()) + "' ignores", B);
    return;
  }
  if (Ctor->isCopyOrMoveConstructor())
    return;
  const Expr *Arg = model::callableOperand(CE->getArg(0));
  if (!Arg || Arg->getType().isNull() ||
      Arg->getType()->getAsCXXRecordDecl() == Ctor->getParent() ||
      !model::isVoidCallable(CE->getType()))
    return;
  reportCallable(Arg,
                 "is lost when it is converted to '" +
                     model::qualifiedName(Ctor->getParent()) +
                     "' returning void",
                 B);
}

void DiscardedTaskCheck::checkAssignment(const CXXOperatorCallExpr *Call,
                                         const Body &B) {
  if (Call->getNumArgs() != 2 || Call->containsErrors() ||
      Call->isTypeDependent())
    return;
  QualType Target = Call->getArg(0)->getType();
  if (!model::isVoidCallable(Target))
    return;
  const CXXRecordDecl *RD = Target.getNonReferenceType()->getAsCXXRecordDecl();
  reportCallable(model::callableOperand(Call->getArg(1)),
                 "is lost when it is assigned to '" +
                     (RD ? model::qualifiedName(RD) : Target.getAsString()) +
                     "' returning void",
                 B);
}

void DiscardedTaskCheck::checkCallableArguments(const CallExpr *Call,
                                                const Body &B) {
  if (Call->getNumArgs() == 0 || Call->containsErrors() ||
      Call->isTypeDependent())
    return;
  // A function object carries itself as argument 0, a member operator its
  // object.
  const FunctionDecl *Callee = Call->getDirectCallee();
  unsigned Skip = 0;
  if (isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee))
    Skip = 1;
  std::optional<bool> KnownDiscard;
  for (unsigned I = Skip; I < Call->getNumArgs(); ++I) {
    const Expr *Arg = Call->getArg(I);
    QualType R = model::callResult(Arg);
    if (R.isNull() || R->isVoidType() || R->isDependentType() ||
        !B.Model.typeInfo(R).mustBeUsed())
      continue;
    if (!KnownDiscard)
      KnownDiscard = B.Model.calleeRoles(Call).has(model::Role::DiscardsResult);
    if (*KnownDiscard || Discards.discardsResultOf(Callee, I - Skip)) {
      std::string Name = B.Model.calleeName(Call);
      reportCallable(Arg,
                     "'" + (Name.empty() ? std::string("the callee") : Name) +
                         "' ignores",
                     B);
    }
  }
}

COROGUARD_REGISTER_CHECK(DiscardedTaskCheck, "coroguard-discarded-task");

} // namespace clang::tidy::coroguard
