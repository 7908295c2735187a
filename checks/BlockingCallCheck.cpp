//===--- BlockingCallCheck.cpp - coroguard-blocking-call ------------------===//

#include "BlockingCallCheck.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Discard.h"
#include "model/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      MaxCallDepth(sharedOption("MaxCallDepth", 4u)),
      Analysis(modelForSetup(), MaxCallDepth) {}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  registerCoroutineMatchers(Finder);
}

void BlockingCallCheck::check(const MatchFinder::MatchResult &Result) {
  dispatchCoroutine(Result);
}

void BlockingCallCheck::onCoroutine(const FunctionDecl &Coroutine,
                                    const CoroutineBodyStmt &Body,
                                    const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  model::AsyncModel &M = model(*Result.Context);
  // Advice comes from the library the coroutine is written against.
  llvm::StringRef Library = M.typeInfo(Coroutine.getReturnType()).Library;
  model::forEachEvaluatedStmt(&Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || !isUserCode(model::callLocation(Call), SM))
      return;
    model::BlockingPath Path = Analysis.find(Call, model::BlockKind::Other, SM);
    if (!Path)
      return;
    const std::string &Blocker = Path.terminal().CalleeName;
    if (Path.Steps.size() == 1)
      diag(model::callLocation(Call),
           "'%0' blocks the thread inside %1; every coroutine scheduled on "
           "this thread stalls until it returns")
          << Blocker << describeCoroutine(Coroutine) << model::callRange(Call);
    else
      diag(model::callLocation(Call),
           "'%0' blocks the thread inside %1 (it calls '%2'); every coroutine "
           "scheduled on this thread stalls until it returns")
          << Path.Steps.front().CalleeName << describeCoroutine(Coroutine)
          << Blocker << model::callRange(Call);
    model::notePath(*this, Path);
    if (!Library.empty()) {
      llvm::StringRef Alternative =
          M.detail(model::Role::NonBlockingAlternative, Blocker, Library);
      // At the coroutine's own call: the one place co_await can go (the
      // blocking call itself may sit in a helper).
      if (!Alternative.empty())
        diag(model::callLocation(Call), "non-blocking alternative in %0: %1",
             DiagnosticIDs::Note)
            << Library << Alternative << model::callRange(Call);
    }
  });
  checkJoiningResults(Coroutine, Body, M, SM);
}

void BlockingCallCheck::checkJoiningResults(const FunctionDecl &Coroutine,
                                            const CoroutineBodyStmt &Body,
                                            model::AsyncModel &M,
                                            const SourceManager &SM) {
  // A value whose destructor waits for the work it started (std::async's
  // std::future), dropped in the coroutine itself: as a statement, or held
  // in a local that is never used.
  auto Produced = [&](const Expr *E) -> const CallExpr * {
    const auto *Call = dyn_cast_or_null<CallExpr>(model::producedValue(E));
    if (!Call || !model::isNewValueFromCall(Call) ||
        model::droppedResult(M, Call) != model::DroppedResult::Joins)
      return nullptr;
    return Call;
  };
  auto TypeName = [&](const CallExpr *Call) {
    model::TypeInfo Info = M.typeInfo(Call->getType());
    return Info.Record ? model::qualifiedName(Info.Record)
                       : Call->getType().getAsString();
  };
  // The block each local's scope ends with.
  llvm::DenseMap<const Stmt *, const CompoundStmt *> ScopeOf;
  model::forEachStmtInBody(&Body, [&](const Stmt *S, model::StmtPlace Place) {
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Block->body())
        if (isa<DeclStmt>(Child))
          ScopeOf[Child] = Block;
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S)) {
      const CallExpr *Call = Place.Discarded ? Produced(E) : nullptr;
      if (!Call || !isUserCode(model::callLocation(Call), SM))
        return;
      diag(model::callLocation(Call),
           "the '%0' returned by '%1' is destroyed here and its destructor "
           "blocks the thread inside %2 until the work finishes; every "
           "coroutine scheduled on this thread stalls until it does")
          << TypeName(Call) << M.calleeName(Call)
          << describeCoroutine(Coroutine) << model::callRange(Call);
      return;
    }
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (!DS)
      return;
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->getInit() || !model::isUnusedLocal(VD) ||
          !isUserCode(VD->getLocation(), SM))
        continue;
      const CallExpr *Call = Produced(VD->getInit());
      if (!Call)
        continue;
      diag(VD->getLocation(),
           "local '%0' holds the '%1' returned by '%2' and is never used; its "
           "destructor blocks the thread inside %3 at the end of the scope "
           "until the work finishes; every coroutine scheduled on this thread "
           "stalls until it does")
          << VD->getName() << TypeName(Call) << M.calleeName(Call)
          << describeCoroutine(Coroutine) << VD->getSourceRange();
      auto Scope = ScopeOf.find(DS);
      if (Scope != ScopeOf.end() &&
          isUserCode(Scope->second->getRBracLoc(), SM))
        diag(Scope->second->getRBracLoc(), "'%0' is destroyed here",
             DiagnosticIDs::Note)
            << VD->getName();
    }
  });
}

COROGUARD_REGISTER_CHECK(BlockingCallCheck, "coroguard-blocking-call");

} // namespace clang::tidy::coroguard
