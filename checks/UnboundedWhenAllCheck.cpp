//===--- UnboundedWhenAllCheck.cpp - coroguard-unbounded-when-all ---------===//

#include "UnboundedWhenAllCheck.h"
#include "model/Blocking.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

UnboundedWhenAllCheck::UnboundedWhenAllCheck(llvm::StringRef Name,
                                             ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      MaxStaticFanout(sharedOption("MaxStaticFanout", 64u)),
      TripCounts(modelForSetup()), Throttles(modelForSetup()) {}

void UnboundedWhenAllCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "MaxStaticFanout", MaxStaticFanout);
}

void UnboundedWhenAllCheck::registerMatchers(MatchFinder *Finder) {
  registerUserFunctionsMatcher(Finder);
}

/// A fan-out over a parameter pack (when_all(a, b, c)) has a size fixed by
/// the code.
static bool isVariadic(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (FD->isVariadic())
    return true;
  const FunctionDecl *Pattern = FD;
  if (const FunctionTemplateDecl *Primary = FD->getPrimaryTemplate())
    Pattern = Primary->getTemplatedDecl();
  else if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    Pattern = P;
  return llvm::any_of(Pattern->parameters(), [](const ParmVarDecl *P) {
    return P->isParameterPack();
  });
}

bool UnboundedWhenAllCheck::tasksAreThrottled(const Expr *Range,
                                              llvm::ArrayRef<const Expr *> Args,
                                              ASTContext &Ctx) {
  // A function applied to each element (parallel_for_each(range, f)).
  for (const Expr *Arg : Args)
    if (Arg != Range)
      if (const FunctionDecl *Coro =
              model::ThrottleAnalysis::startedCoroutine(Arg))
        if (Throttles.awaitsThrottleFirst(Coro))
          return true;
  // range | views::transform(f)
  for (const Expr *R = model::stripValue(Range); R;) {
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(R);
    if (!Op || Op->getOperator() != OO_Pipe || Op->getNumArgs() != 2)
      break;
    if (const auto *Adaptor =
            dyn_cast<CallExpr>(model::stripValue(Op->getArg(1))))
      for (const Expr *A : Adaptor->arguments())
        if (const FunctionDecl *Coro =
                model::ThrottleAnalysis::startedCoroutine(A))
          if (Throttles.awaitsThrottleFirst(Coro))
            return true;
    R = model::stripValue(Op->getArg(0));
  }
  // The tasks put into a local container.
  const VarDecl *V = model::TripCountAnalysis::rangeVariable(Range);
  if (!V || !V->isLocalVarDecl())
    return false;
  const model::ContainerFill &Fill = TripCounts.fillOf(V, Ctx);
  if (!Fill.ElementsKnown || Fill.Elements.empty())
    return false;
  return llvm::all_of(Fill.Elements, [&](const Expr *E) {
    return Throttles.awaitsThrottleFirst(
        model::ThrottleAnalysis::startedCoroutine(E));
  });
}

void UnboundedWhenAllCheck::check(const MatchFinder::MatchResult &Result) {
  forEachUserFunction(Result, [&](const FunctionDecl &FD) {
    model::forEachEvaluatedStmt(FD.getBody(), [&](const Stmt *S) {
      if (isa<CallExpr, CXXConstructExpr>(S))
        checkFanout(cast<Expr>(S), Result);
    });
  });
}

void UnboundedWhenAllCheck::checkFanout(
    const Expr *Node, const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  model::AsyncModel &M = model(Ctx);
  const Expr *E = nullptr;
  const FunctionDecl *Callee = nullptr;
  model::RoleSet Roles;
  std::string Name;
  llvm::SmallVector<const Expr *, 4> Args;
  SourceLocation Loc;
  if (const auto *Call = dyn_cast<CallExpr>(Node)) {
    Callee = Call->getDirectCallee();
    if (!Callee || Call->containsErrors())
      return;
    Roles = M.calleeRoles(Call);
    if (!Roles.has(model::Role::FanoutUnbounded))
      return;
    E = Call;
    Name = M.calleeName(Call);
    Loc = model::callLocation(Call);
    // A function object's call carries the object as argument 0.
    unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
    for (unsigned I = First; I < Call->getNumArgs(); ++I)
      if (!isa<CXXDefaultArgExpr>(Call->getArg(I)))
        Args.push_back(Call->getArg(I));
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Node)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!Ctor || Construct->containsErrors() ||
        !M.roles(Ctor->getParent()).has(model::Role::FanoutUnbounded))
      return;
    Roles = M.roles(Ctor->getParent());
    Callee = Ctor;
    E = Construct;
    Name = model::qualifiedName(Ctor->getParent());
    Loc = Construct->getBeginLoc();
    for (const Expr *A : Construct->arguments())
      if (!isa<CXXDefaultArgExpr>(A))
        Args.push_back(A);
  } else {
    return;
  }
  if (Roles.has(model::Role::FanoutBounded) ||
      !isUserCode(Loc, *Result.SourceManager) || isVariadic(Callee))
    return;

  // The range: an iterable argument, or the first of an iterator pair.
  const Expr *Range = model::rangeArgument(Args);
  if (!Range || Range->containsErrors())
    return;

  model::Bound Size = TripCounts.rangeSize(Range, Ctx);
  if (Size.isSmall(MaxStaticFanout) || tasksAreThrottled(Range, Args, Ctx))
    return;

  if (Size.K == model::Bound::Constant)
    diag(Loc, "'%0' starts all %1 tasks of the range at once with no "
              "concurrency limit (more than MaxStaticFanout, %2)")
        << Name << static_cast<unsigned>(std::min<uint64_t>(Size.N, UINT_MAX))
        << MaxStaticFanout << model::diagRange(E);
  else
    diag(Loc, "'%0' starts every task of a range whose size depends on "
              "run-time input, all at once and with no concurrency limit: %1")
        << Name << Size.Why << model::diagRange(E);
  if (Size.Where && Size.Where != E &&
      isUserCode(Size.Where->getBeginLoc(), *Result.SourceManager) &&
      Size.Where->getBeginLoc().isValid())
    diag(Size.Where->getBeginLoc(), "the number of tasks is decided here",
         DiagnosticIDs::Note)
        << model::diagRange(Size.Where);

  llvm::StringRef Alternative = M.detail(model::Role::BoundedAlternative, Name);
  if (Alternative.empty())
    Alternative =
        M.detail(model::Role::BoundedAlternative, model::qualifiedName(Callee));
  if (!Alternative.empty()) {
    llvm::StringRef AltName = Alternative.split('(').first.trim();
    auto D = diag(Loc, "use '%0' to run at most %1 tasks at a time",
                  DiagnosticIDs::Note)
             << AltName << MaxStaticFanout << model::diagRange(E);
    if (std::optional<FixItHint> Fix = boundedFix(E, Args, Alternative, Result))
      D << *Fix;
  } else {
    diag(Loc,
         "'%0' has no bounded form: acquire a semaphore at the start of each "
         "task, or await the tasks in batches of at most %1",
         DiagnosticIDs::Note)
        << Name << MaxStaticFanout << model::diagRange(E);
  }
}

std::optional<FixItHint> UnboundedWhenAllCheck::boundedFix(
    const Expr *Call, llvm::ArrayRef<const Expr *> Args,
    llvm::StringRef Alternative, const MatchFinder::MatchResult &Result) {
  // "lib::bounded(tasks, max_concurrency)": the placeholder named
  // max_concurrency is the limit, the others take the call's arguments in
  // order.
  auto [AltName, Rest] = Alternative.split('(');
  Rest = Rest.rsplit(')').first;
  llvm::SmallVector<llvm::StringRef, 4> Placeholders;
  Rest.split(Placeholders, ',', -1, /*KeepEmpty=*/false);
  const SourceManager &SM = *Result.SourceManager;
  const LangOptions &LO = Result.Context->getLangOpts();
  if (Call->getBeginLoc().isMacroID() || Call->getEndLoc().isMacroID())
    return std::nullopt;
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    if (isa<CXXOperatorCallExpr>(CE))
      return std::nullopt;
  if (Placeholders.size() != Args.size() + 1)
    return std::nullopt;
  std::string Text = AltName.trim().str() + "(";
  size_t Next = 0;
  for (size_t I = 0; I < Placeholders.size(); ++I) {
    if (I)
      Text += ", ";
    if (Placeholders[I].trim() == "max_concurrency") {
      Text += "/*max_concurrency=*/" + std::to_string(MaxStaticFanout);
      continue;
    }
    if (Next >= Args.size())
      return std::nullopt;
    CharSourceRange R = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(Args[Next++]->getSourceRange()), SM, LO);
    if (R.isInvalid())
      return std::nullopt;
    Text += Lexer::getSourceText(R, SM, LO);
  }
  Text += ")";
  CharSourceRange Whole = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Call->getSourceRange()), SM, LO);
  if (Whole.isInvalid())
    return std::nullopt;
  return FixItHint::CreateReplacement(Whole, Text);
}

COROGUARD_REGISTER_CHECK(UnboundedWhenAllCheck, "coroguard-unbounded-when-all");

} // namespace clang::tidy::coroguard
