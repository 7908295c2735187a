//===--- UnthrottledParallelLoopCheck.cpp ---------------------------------===//
//
// coroguard-unthrottled-parallel-loop
//
// Each user function (and lambda) with a loop is walked once: the loops it
// evaluates, and in each loop's per-iteration parts the starts of concurrent
// work, the throttles, the awaits and the blocking waits, in execution order.
// A start is reported when some enclosing loop has a run-time trip count and
// no enclosing loop throttles it, paces it on awaited input, or waits for it.
//
//===----------------------------------------------------------------------===//

#include "UnthrottledParallelLoopCheck.h"
#include "model/Blocking.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Discard.h"
#include "model/Names.h"
#include "model/Spawn.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

UnthrottledParallelLoopCheck::UnthrottledParallelLoopCheck(
    llvm::StringRef Name, ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      MaxStaticFanout(sharedOption("MaxStaticFanout", 64u)),
      MaxParallelism(sharedOption("MaxParallelism", 256u)),
      ReportEventLoops(sharedOption("ReportEventLoops", 0u) != 0),
      TripCounts(modelForSetup()), Throttles(modelForSetup()) {}

void UnthrottledParallelLoopCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "MaxStaticFanout", MaxStaticFanout);
  Options.store(Opts, "MaxParallelism", MaxParallelism);
  // As 0/1: store<bool> is not exported by every LLVM release.
  Options.store(Opts, "ReportEventLoops",
                static_cast<unsigned>(ReportEventLoops));
}

void UnthrottledParallelLoopCheck::registerMatchers(MatchFinder *Finder) {
  registerUserFunctionsMatcher(Finder);
}

void UnthrottledParallelLoopCheck::check(
    const MatchFinder::MatchResult &Result) {
  forEachUserFunction(
      Result, [&](const FunctionDecl &FD) { checkFunction(FD, Result); });
}

//===----------------------------------------------------------------------===//
// What starts concurrent work
//===----------------------------------------------------------------------===//

/// Whether constructing a Record with these arguments starts work: a
/// constructor with the StartsWork role that is not a copy or move.
static bool constructionStarts(model::AsyncModel &M,
                               const CXXConstructorDecl *Ctor,
                               unsigned NumArgs) {
  return Ctor && NumArgs > 0 && !Ctor->isCopyOrMoveConstructor() &&
         M.roles(Ctor).has(model::Role::StartsWork);
}

bool UnthrottledParallelLoopCheck::isStart(const Stmt *S, std::string &Name,
                                           ASTContext &Ctx) {
  model::AsyncModel &M = model(Ctx);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!constructionStarts(M, Ctor, Construct->getNumArgs()))
      return false;
    Name = model::qualifiedName(Ctor->getParent());
    return true;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || Call->containsErrors())
    return false;
  unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
  unsigned NumArgs =
      Call->getNumArgs() > First ? Call->getNumArgs() - First : 0;
  model::RoleSet Roles = M.calleeRoles(Call);
  if (Roles.has(model::Role::StartsWork)) {
    if (NumArgs > 1 && model::isDeferredOnlyPolicy(Call->getArg(First), Ctx))
      return false;
    if (model::runsInline(M, Call))
      return false; // Done before the call returns: nothing concurrent.
    Name = M.calleeName(Call);
    return true;
  }
  // A spawn receives the work it starts, or is called on it
  // (`co_withExecutor(ex, t).start()`); `t.detach()` on a running thread
  // starts nothing new.
  if ((Roles.has(model::Role::ScopedSpawn) ||
       Roles.has(model::Role::Detaches)) &&
      model::startedWork(M, Call)) {
    if (model::runsInline(M, Call))
      return false;
    Name = M.calleeName(Call);
    return true;
  }
  // threads.emplace_back(f): the container constructs a std::thread.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier() || !MD->getName().starts_with("emplace") ||
        NumArgs == 0)
      return false;
    const auto *Container =
        dyn_cast_or_null<ClassTemplateSpecializationDecl>(MD->getParent());
    if (!Container || Container->getTemplateArgs().size() == 0 ||
        Container->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      return false;
    const CXXRecordDecl *Element =
        Container->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
    if (!Element || !(Element = Element->getDefinition()))
      return false;
    // emplace(pos, args...) / emplace_hint(pos, args...) take a position.
    unsigned ElementArgs =
        MD->getName() == "emplace_back" || MD->getName() == "emplace_front"
            ? NumArgs
            : NumArgs - 1;
    if (ElementArgs == 0)
      return false;
    // One argument of the element's own type is a copy or a move.
    const Expr *Last = Call->getArg(Call->getNumArgs() - 1);
    if (ElementArgs == 1 && Last->getType()->getAsCXXRecordDecl() &&
        Last->getType()->getAsCXXRecordDecl()->getCanonicalDecl() ==
            Element->getCanonicalDecl())
      return false;
    for (const CXXConstructorDecl *Ctor : Element->ctors())
      if (constructionStarts(M, Ctor, ElementArgs)) {
        Name = model::qualifiedName(Element);
        return true;
      }
  }
  return false;
}

bool UnthrottledParallelLoopCheck::workIsThrottled(const CallExpr *Call,
                                                   unsigned Depth) {
  auto Throttled = [&](const Expr *E) {
    if (Throttles.awaitsThrottleFirst(
            model::ThrottleAnalysis::startedCoroutine(E)))
      return true;
    // The work wrapped by a call that is not a coroutine itself:
    // co_withExecutor(ex, task(...)), std::move(lazy).via(ex).
    const auto *Inner = dyn_cast_or_null<CallExpr>(model::stripValue(E));
    return Inner && Depth < 2 && workIsThrottled(Inner, Depth + 1);
  };
  for (const Expr *Arg : Call->arguments())
    if (Throttled(Arg))
      return true;
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call))
    if (const Expr *Object = MCE->getImplicitObjectArgument())
      return Throttled(Object);
  return false;
}

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

namespace {
enum class EventKind { Start, Await, Throttle, Wait };

struct Event {
  EventKind Kind;
  const Stmt *S;
  unsigned Phase; ///< Which iteration part: condition, body, increment.
  SourceLocation Loc;
  SourceRange Operand; ///< For awaits: what is awaited.
};

struct LoopRecord {
  const Stmt *Loop;
  llvm::SmallVector<Event, 8> Events;
};

struct StartRecord {
  const Stmt *S;
  std::string Name;
  llvm::SmallVector<unsigned, 2> Loops; ///< Outer first.
};

/// The order of an iteration part within one iteration.
unsigned phaseOf(const Stmt *Loop, const Stmt *Part) {
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return Part == F->getInc() ? 2 : Part == F->getBody() ? 1 : 0;
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return Part == D->getBody() ? 0 : 1;
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    return Part == W->getBody() ? 1 : 0;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
    return Part == R->getBody() ? 1 : 0;
  return 0;
}
} // namespace

static bool loopHasErrors(const Stmt *Loop) {
  auto Bad = [](const Stmt *S) {
    const auto *E = dyn_cast_or_null<Expr>(S);
    return E && E->containsErrors();
  };
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return Bad(F->getCond()) || Bad(F->getInc()) ||
           (F->getInit() && isa<DeclStmt>(F->getInit()) &&
            llvm::any_of(cast<DeclStmt>(F->getInit())->decls(),
                         [](const Decl *D) { return D->isInvalidDecl(); }));
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    return Bad(W->getCond());
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return Bad(D->getCond());
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
    return Bad(R->getRangeInit()) || R->getLoopVariable()->isInvalidDecl();
  return false;
}

void UnthrottledParallelLoopCheck::checkFunction(
    const FunctionDecl &FD, const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  model::AsyncModel &M = model(Ctx);
  const Stmt *Body = FD.getBody();
  if (const auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  if (!Body)
    return;

  llvm::SmallVector<LoopRecord, 4> Loops;
  model::forEachEvaluatedStmt(Body, [&](const Stmt *S) {
    if (model::isLoop(S))
      Loops.push_back({S, {}});
    else if (const auto *Call = dyn_cast<CallExpr>(S))
      checkParallelLoopCall(*Call, Result);
  });
  if (Loops.empty())
    return;

  llvm::SmallVector<StartRecord, 4> Starts;
  llvm::DenseMap<const Stmt *, unsigned> StartIndex;
  for (unsigned L = 0; L < Loops.size(); ++L) {
    const Stmt *Loop = Loops[L].Loop;
    for (const Stmt *Part : model::iterationParts(Loop)) {
      unsigned Phase = phaseOf(Loop, Part);
      model::forEachEvaluatedStmt(Part, [&](const Stmt *S) {
        SourceLocation Loc = SM.getExpansionLoc(S->getBeginLoc());
        auto Add = [&](EventKind K, SourceRange Operand = {}) {
          Loops[L].Events.push_back({K, S, Phase, Loc, Operand});
        };
        if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
          const Expr *Operand = Suspend->getOperand();
          if (Operand && Throttles.containsThrottle(Operand))
            Add(EventKind::Throttle);
          else if (Operand)
            Add(EventKind::Await,
                SourceRange(SM.getExpansionLoc(Operand->getBeginLoc()),
                            SM.getExpansionLoc(Operand->getEndLoc())));
          return;
        }
        if (Throttles.isThrottle(S)) {
          Add(EventKind::Throttle);
          return;
        }
        std::string Name;
        if (isStart(S, Name, Ctx)) {
          Add(EventKind::Start);
          auto [It, New] = StartIndex.try_emplace(S, Starts.size());
          if (New)
            Starts.push_back({S, Name, {}});
          Starts[It->second].Loops.push_back(L);
          return;
        }
        if (const auto *Call = dyn_cast<CallExpr>(S))
          if (M.calleeRoles(Call).has(model::Role::Blocking))
            Add(EventKind::Wait);
      });
    }
  }

  for (const StartRecord &Start : Starts) {
    SourceLocation StartLoc = SM.getExpansionLoc(Start.S->getBeginLoc());
    if (!isUserCode(Start.S->getBeginLoc(), SM))
      continue;
    unsigned StartPhase = 0;
    bool Exempt = false;
    model::Bound Total = model::Bound::constant(1);
    const Stmt *RunTimeLoop = nullptr;
    std::string Why;
    for (unsigned L : Start.Loops) {
      const LoopRecord &Rec = Loops[L];
      for (const Event &E : Rec.Events)
        if (E.S == Start.S)
          StartPhase = E.Phase;
      for (const Event &E : Rec.Events) {
        if (E.S == Start.S || Exempt)
          continue;
        bool Before = E.Phase < StartPhase ||
                      (E.Phase == StartPhase &&
                       SM.isBeforeInTranslationUnit(E.Loc, StartLoc));
        switch (E.Kind) {
        case EventKind::Throttle:
          // Before the start it gates this one; after it, the next one.
          Exempt = true;
          break;
        case EventKind::Await:
          if (E.Operand.isValid() &&
              SM.isPointWithin(StartLoc, E.Operand.getBegin(),
                               E.Operand.getEnd()))
            Exempt = true; // The work itself is awaited: sequential.
          else if (!Before)
            Exempt = true; // Every iteration waits after starting.
          else if (!ReportEventLoops)
            Exempt = true; // Paced by awaited input (accept loop).
          break;
        case EventKind::Wait:
          if (!Before || !ReportEventLoops)
            Exempt = true;
          break;
        case EventKind::Start:
          break;
        }
      }
      // A loop the user is still typing says nothing reliable.
      if (Exempt || loopHasErrors(Rec.Loop)) {
        Exempt = true;
        break;
      }
      model::Bound Trips = TripCounts.tripCount(Rec.Loop, Ctx);
      if (Trips.isRunTime()) {
        RunTimeLoop = Rec.Loop;
        Why = Trips.Why;
      } else if (Trips.K == model::Bound::Constant) {
        Total.N = Total.N > UINT64_MAX / std::max<uint64_t>(Trips.N, 1)
                      ? UINT64_MAX
                      : Total.N * Trips.N;
      } else {
        Total = Trips; // Cores or command line: bounded.
      }
    }
    if (Exempt)
      continue;
    if (!RunTimeLoop &&
        (Total.K != model::Bound::Constant || Total.N <= MaxStaticFanout))
      continue;
    // Work started by a coroutine that first awaits a throttle.
    if (const auto *Call = dyn_cast<CallExpr>(Start.S))
      if (workIsThrottled(Call, 0))
        continue;
    SourceLocation Loc = Start.S->getBeginLoc();
    if (const auto *Call = dyn_cast<CallExpr>(Start.S))
      Loc = model::callLocation(Call);
    if (RunTimeLoop) {
      diag(Loc, "'%0' starts concurrent work in every iteration of a loop "
                "whose trip count depends on run-time input, and nothing "
                "limits how much of it runs at once")
          << Start.Name << model::diagRange(Start.S);
      diag(RunTimeLoop->getBeginLoc(), "the trip count is not bounded: %0",
           DiagnosticIDs::Note)
          << (Why.empty() ? std::string("it is computed at run time") : Why)
          << model::diagRange(RunTimeLoop);
    } else {
      diag(Loc, "'%0' starts concurrent work %1 times in these loops, more "
                "than MaxStaticFanout (%2), and nothing limits how much of it "
                "runs at once")
          << Start.Name
          << static_cast<unsigned>(std::min<uint64_t>(Total.N, UINT_MAX))
          << MaxStaticFanout << model::diagRange(Start.S);
    }
    diag(Loc,
         "await a semaphore or a bounded channel before starting each piece "
         "of work, start a fixed number of workers, or use a bounded fan-out",
         DiagnosticIDs::Note)
        << model::diagRange(Start.S);
  }
}

//===----------------------------------------------------------------------===//
// Parallel-loop APIs
//===----------------------------------------------------------------------===//

void UnthrottledParallelLoopCheck::checkParallelLoopCall(
    const CallExpr &Call, const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  model::AsyncModel &M = model(Ctx);
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.containsErrors() ||
      !M.calleeRoles(&Call).has(model::Role::ParallelLoop))
    return;
  SourceLocation Loc = model::callLocation(&Call);
  if (!isUserCode(Loc, *Result.SourceManager))
    return;
  std::string Name = M.calleeName(&Call);
  llvm::StringRef LimitName =
      M.annotationDetail(Callee, model::Role::ParallelLoop);
  if (LimitName.empty())
    LimitName = M.detail(model::Role::ParallelLoop, Name);
  if (LimitName.empty())
    LimitName =
        M.detail(model::Role::ParallelLoop, model::qualifiedName(Callee));
  if (LimitName.empty())
    return; // The model does not say which parameter limits it.

  unsigned First = isa<CXXOperatorCallExpr>(&Call) ? 1 : 0;
  llvm::SmallVector<const Expr *, 4> Args;
  for (unsigned I = First; I < Call.getNumArgs(); ++I)
    Args.push_back(Call.getArg(I));
  // Over a range of a few elements, no limit is needed.
  if (const Expr *Range = model::rangeArgument(Args))
    if (TripCounts.rangeSize(Range, Ctx).isSmall(MaxParallelism))
      return;

  std::optional<unsigned> Index;
  for (const ParmVarDecl *P : Callee->parameters())
    if (P->getName() == LimitName)
      Index = P->getFunctionScopeIndex();
  const Expr *Limit = Index && *Index + First < Call.getNumArgs()
                          ? Call.getArg(*Index + First)
                          : nullptr;
  if (const auto *Default = dyn_cast_or_null<CXXDefaultArgExpr>(Limit)) {
    model::Bound B = TripCounts.valueBound(Default->getExpr(), Ctx);
    if (B.isSmall(MaxParallelism) || B.K == model::Bound::Runtime)
      return;
    Limit = nullptr;
  }
  if (!Limit) {
    diag(Loc, "'%0' is called with no concurrency limit")
        << Name << model::callRange(&Call);
    return;
  }
  model::Bound B = TripCounts.valueBound(Limit, Ctx);
  // SIZE_MAX is a macro of a system header: point at its use.
  SourceLocation LimitLoc =
      Result.SourceManager->getExpansionLoc(Limit->getBeginLoc());
  if (B.K == model::Bound::Constant && B.N > MaxParallelism) {
    // SIZE_MAX, UINT_MAX, numeric_limits<...>::max(): all ones.
    bool AllOnes = B.N == UINT64_MAX || B.N == UINT32_MAX;
    if (AllOnes)
      diag(LimitLoc, "'%0' is called with an unbounded concurrency limit")
          << Name << model::diagRange(Limit);
    else
      diag(LimitLoc, "'%0' is called with a concurrency limit of %1, above "
                     "MaxParallelism (%2)")
          << Name << static_cast<unsigned>(std::min<uint64_t>(B.N, UINT_MAX))
          << MaxParallelism << model::diagRange(Limit);
    return;
  }
  if (B.K == model::Bound::InputSize)
    diag(LimitLoc, "'%0' is called with a concurrency limit that grows with "
                   "the input, which is no limit: %1")
        << Name << B.Why << model::diagRange(Limit);
}

COROGUARD_REGISTER_CHECK(UnthrottledParallelLoopCheck,
                         "coroguard-unthrottled-parallel-loop");

} // namespace clang::tidy::coroguard
