//===--- Readiness.cpp ----------------------------------------------------===//

#include "Readiness.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/StringSwitch.h"
#include <optional>

namespace clang::tidy::coroguard::model {

namespace {

/// E with parentheses, implicit nodes and std::move / std::forward /
/// std::as_const looked through: the object the source names.
const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Before = E;
    E = E->IgnoreUnlessSpelledInSource()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && !isa<CXXOperatorCallExpr>(Call)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
          llvm::StringSwitch<bool>(FD->getName())
              .Cases("move", "forward", "as_const", true)
              .Default(false))
        E = Call->getArg(0);
    }
    if (E == Before)
      return E;
  }
  return E;
}

/// The variable (or member of *this) an object expression is part of:
/// `r`, `v[i]`, `std::get<0>(t)`, `p.results[k]`, a structured binding.
const ValueDecl *rootDecl(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = strip(E);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *B = dyn_cast<BindingDecl>(DRE->getDecl()))
        if (ValueDecl *Decomposed = B->getDecomposedDecl())
          return Decomposed;
      return DRE->getDecl();
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return ME->getMemberDecl();
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Op->getNumArgs() == 0 ||
          (Op->getOperator() != OO_Subscript && Op->getOperator() != OO_Arrow &&
           Op->getOperator() != OO_Star))
        return nullptr;
      E = Op->getArg(0);
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MC->getImplicitObjectArgument(); // v.at(i), v.front()
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      // std::get<I>(t)
      const FunctionDecl *FD = Call->getDirectCallee();
      if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
          FD->getName() != "get" || Call->getNumArgs() != 1)
        return nullptr;
      E = Call->getArg(0);
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

bool sameExpr(const Expr *A, const Expr *B, const ASTContext &Ctx) {
  A = strip(A);
  B = strip(B);
  if (A == B)
    return true;
  llvm::FoldingSetNodeID IA, IB;
  A->Profile(IA, Ctx, /*Canonical=*/true);
  B->Profile(IB, Ctx, /*Canonical=*/true);
  return IA == IB;
}

/// The state of one query: is Object (the object a wait is called on)
/// complete?
class Query {
public:
  Query(AsyncModel &Model, const Expr *Object, const ASTContext &Ctx)
      : Model(Model), Object(strip(Object)), Root(rootDecl(Object)), Ctx(Ctx) {}

  /// Whether a fact about E speaks for Object: the same expression, or a
  /// whole variable Object is part of.
  bool covers(const Expr *E) const {
    if (!E)
      return false;
    E = strip(E);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (Root && rootDecl(DRE) == Root)
        return true;
    return sameExpr(E, Object, Ctx);
  }

  /// A call whose awaiting completes what it is given (when_all, resolve).
  bool isCompleting(const Expr *E) const {
    const auto *Call = dyn_cast_or_null<CallExpr>(strip(E));
    return Call && Model.calleeRoles(Call).has(Role::Completes);
  }

  /// `co_await X` completes X, and every operand of a completing call.
  bool awaitCompletes(const CoawaitExpr *Await) const {
    const Expr *Op = Await->getOperand();
    if (covers(Op))
      return true;
    if (!isCompleting(Op))
      return false;
    const auto *Call = cast<CallExpr>(strip(Op));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      if (covers(MC->getImplicitObjectArgument()))
        return true;
    for (const Expr *Arg : Call->arguments())
      if (covers(Arg))
        return true;
    return false;
  }

  /// Whether E yields complete objects: `co_await when_all(...)`.
  bool yieldsComplete(const Expr *E) const {
    const auto *Await = dyn_cast_or_null<CoawaitExpr>(strip(E));
    return Await && isCompleting(Await->getOperand());
  }

  /// A member call that tests whether Object's work has completed.
  bool isReadinessCall(const Expr *E) const {
    const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(strip(E));
    if (!MC || !MC->getMethodDecl() || !covers(MC->getImplicitObjectArgument()))
      return false;
    if (Model.calleeRoles(MC).has(Role::ReadinessTest))
      return true;
    // Structural fallback: a const query of the object's own type.
    const CXXMethodDecl *MD = MC->getMethodDecl();
    return MD->isConst() && MD->getIdentifier() &&
           llvm::StringSwitch<bool>(MD->getName())
               .Cases("is_ready", "isReady", "ready", "status", true)
               .Cases("hasValue", "hasResult", "has_result", true)
               .Default(false);
  }

  /// Whether a constant names a completed state (true), another state of a
  /// status type (false), or nothing known.
  std::optional<bool> stateOf(const Expr *E) const {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
    const auto *EC = DRE ? dyn_cast<EnumConstantDecl>(DRE->getDecl()) : nullptr;
    if (!EC)
      return std::nullopt;
    if (Model.roles(EC).has(Role::ReadyState))
      return true;
    // Another enumerator of a status type the profiles know.
    if (const auto *ED = dyn_cast<EnumDecl>(EC->getDeclContext()))
      for (const EnumConstantDecl *Other : ED->enumerators())
        if (Model.roles(Other).has(Role::ReadyState))
          return false;
    return llvm::StringSwitch<std::optional<bool>>(EC->getName())
        .Cases("ready", "done", "completed", "complete", true)
        .Cases("idle", "pending", "timeout", "deferred", "not_ready", false)
        .Cases("running", "waiting", false)
        .Default(std::nullopt);
  }

  /// For `A == B` (Equal) or `A != B`: whether the comparison being true
  /// (true) or false (false) proves Object complete.
  std::optional<bool> comparison(const Expr *A, const Expr *B,
                                 bool Equal) const {
    if (!isReadinessCall(A))
      std::swap(A, B);
    if (!isReadinessCall(A))
      return std::nullopt;
    std::optional<bool> State = stateOf(B);
    if (!State)
      return std::nullopt;
    // `== ready` and `!= idle` hold when complete; `== idle` and `!= ready`
    // fail when complete.
    return Equal ? *State : !*State;
  }

  /// Whether Cond being true (true) or false (false) proves Object
  /// complete.
  std::optional<bool> test(const Expr *Cond) const {
    if (!Cond)
      return std::nullopt;
    Cond = strip(Cond);
    // static_cast<bool>(c), as in assert()
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Cond);
        Cast && Cast->getType()->isBooleanType())
      return test(Cast->getSubExpr());
    if (const auto *U = dyn_cast<UnaryOperator>(Cond);
        U && U->getOpcode() == UO_LNot) {
      std::optional<bool> Inner = test(U->getSubExpr());
      return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
      if (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)
        return comparison(BO->getLHS(), BO->getRHS(), BO->getOpcode() == BO_EQ);
      return std::nullopt;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
      if ((Op->getOperator() == OO_EqualEqual ||
           Op->getOperator() == OO_ExclaimEqual) &&
          Op->getNumArgs() == 2)
        return comparison(Op->getArg(0), Op->getArg(1),
                          Op->getOperator() == OO_EqualEqual);
      return std::nullopt;
    }
    if (isReadinessCall(Cond) &&
        cast<CallExpr>(Cond)->getCallReturnType(Ctx)->isBooleanType())
      return true;
    return std::nullopt;
  }

  /// The readiness call on Object somewhere in E's operands (an assertion
  /// library may wrap it: Catch's `Decomposer() <= r.status()`).
  bool containsReadinessCall(const Expr *E, unsigned Depth = 0) const {
    if (!E || Depth > 3)
      return false;
    E = strip(E);
    if (isReadinessCall(E))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      for (const Expr *Arg : Call->arguments())
        if (containsReadinessCall(Arg, Depth + 1))
          return true;
    } else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(E)) {
      for (const Expr *Arg : Ctor->arguments())
        if (containsReadinessCall(Arg, Depth + 1))
          return true;
    }
    return false;
  }

  /// An assertion (function or macro named assert/expect/require/check/
  /// verify...) that fails unless Object is complete.
  bool assertsComplete(const Stmt *S) const {
    llvm::ArrayRef<const Expr *> Args;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
    else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(S))
      Args = llvm::ArrayRef(Ctor->getArgs(), Ctor->getNumArgs());
    else
      return false;
    if (Args.empty())
      return false;
    bool FromMacro = false;
    std::string Name = assertionName(S, FromMacro);
    if (Name.empty())
      return false;
    llvm::StringRef Lower(Name);
    // A function named ..._false asserts its argument false. A macro does
    // the negation in its expansion (gtest) or in a flag (Catch): not read.
    bool AssertsFalse = Lower.contains("false");
    if (AssertsFalse && FromMacro)
      return false;
    bool NotEqual = Lower.contains("not_equal") || Lower.ends_with("_ne") ||
                    Lower.contains("notequal");
    bool Equal =
        !NotEqual && (Lower.contains("equal") || Lower.contains("_eq"));
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      Equal = Op->getOperator() == OO_EqualEqual;
      NotEqual = Op->getOperator() == OO_ExclaimEqual;
    }
    for (const Expr *Arg : Args)
      if (std::optional<bool> P = test(Arg); P && *P != AssertsFalse)
        return true;
    if (!Equal && !NotEqual)
      return false;
    // assert_equal(r.status(), value), EXPECT_NE(f.status(), idle).
    bool HasCall = false;
    std::optional<bool> State;
    for (const Expr *Arg : Args) {
      if (containsReadinessCall(Arg))
        HasCall = true;
      else if (std::optional<bool> St = stateOf(Arg))
        State = St;
    }
    if (!HasCall || !State)
      return false;
    return Equal ? *State : !*State;
  }

  /// The lower-cased name of the assertion S is part of, or "": its callee,
  /// or the outermost macro it is expanded from.
  std::string assertionName(const Stmt *S, bool &FromMacro) const {
    auto IsAssertion = [](llvm::StringRef N) {
      std::string L = N.lower();
      llvm::StringRef R(L);
      return R.starts_with("assert") || R.starts_with("expect") ||
             R.starts_with("require") || R.starts_with("check") ||
             R.starts_with("verify") || R.starts_with("gtest_assert") ||
             R.starts_with("gtest_expect");
    };
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = Call->getDirectCallee())
        if (FD->getIdentifier() && IsAssertion(FD->getName()))
          return FD->getName().lower();
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Loc = S->getBeginLoc();
    llvm::StringRef Outer;
    for (unsigned Depth = 0; Loc.isMacroID() && Depth < 32; ++Depth) {
      llvm::StringRef Name =
          Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
      if (!Name.empty())
        Outer = Name;
      Loc = SM.getImmediateMacroCallerLoc(Loc);
    }
    FromMacro = true;
    if (!Outer.empty() && IsAssertion(Outer))
      return Outer.lower();
    return "";
  }

  enum class Effect { None, Gen, Kill };

  /// What evaluating S does to "Object is complete".
  Effect effectOf(const Stmt *S) const {
    if (const auto *Await = dyn_cast<CoawaitExpr>(S))
      return awaitCompletes(Await) ? Effect::Gen : Effect::None;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      Effect E = Effect::None;
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD == Root)
          E = yieldsComplete(VD->getInit()) ? Effect::Gen : Effect::Kill;
      return E;
    }
    const Expr *LHS = nullptr, *RHS = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isAssignmentOp()) {
      LHS = BO->getLHS();
      RHS = BO->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
               Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      LHS = Op->getArg(0);
      RHS = Op->getArg(1);
    }
    if (LHS && covers(LHS))
      return yieldsComplete(RHS) ? Effect::Gen : Effect::Kill;
    if (assertsComplete(S))
      return Effect::Gen;
    return Effect::None;
  }

private:
  AsyncModel &Model;
  const Expr *Object;
  const ValueDecl *Root;
  const ASTContext &Ctx;
};

} // namespace

ReadinessAnalysis::ReadinessAnalysis(AsyncModel &Model) : Model(Model) {}
ReadinessAnalysis::~ReadinessAnalysis() = default;

void ReadinessAnalysis::reset() { Cfgs.clear(); }

const CFG *ReadinessAnalysis::cfgOf(const FunctionDecl *Fn) {
  auto It = Cfgs.find(Fn);
  if (It != Cfgs.end())
    return It->second.get();
  std::unique_ptr<CFG> &Slot = Cfgs[Fn];
  Stmt *Body = Fn->getBody();
  if (!Body)
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd(); // every expression is an element, in order
  Slot = CFG::buildCFG(Fn, Body, &Fn->getASTContext(), Options);
  return Slot.get();
}

bool ReadinessAnalysis::isComplete(const CallExpr *Wait,
                                   const FunctionDecl *Fn) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Wait);
  if (!Fn || !MC || !MC->getImplicitObjectArgument())
    return false;
  const CFG *Cfg = cfgOf(Fn);
  if (!Cfg)
    return false;
  Query Q(Model, MC->getImplicitObjectArgument(), Fn->getASTContext());

  // Where the wait is, and what each block does to the fact.
  const CFGBlock *WaitBlock = nullptr;
  unsigned WaitIndex = 0;
  unsigned N = Cfg->getNumBlockIDs();
  std::vector<Query::Effect> BlockEffect(N, Query::Effect::None);
  std::vector<std::optional<bool>> Branch(N);
  for (const CFGBlock *B : *Cfg) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      ++I;
      std::optional<CFGStmt> S = E.getAs<CFGStmt>();
      if (!S)
        continue;
      if (S->getStmt() == Wait) {
        WaitBlock = B;
        WaitIndex = I - 1;
      }
      Query::Effect Eff = Q.effectOf(S->getStmt());
      if (Eff != Query::Effect::None)
        BlockEffect[B->getBlockID()] = Eff;
    }
    if (B->succ_size() == 2 && B->getTerminatorStmt())
      if (const auto *Cond =
              dyn_cast_or_null<Expr>(B->getTerminatorCondition())) {
        // In `if (a || b)` the block of b ends in the if: its branch is b's
        // value (a was false to get there).
        const auto *Logic = dyn_cast<BinaryOperator>(Cond);
        while (Logic && Logic->isLogicalOp() &&
               Logic != B->getTerminatorStmt()) {
          Cond = Logic->getRHS()->IgnoreParens();
          Logic = dyn_cast<BinaryOperator>(Cond);
        }
        Branch[B->getBlockID()] = Q.test(Cond);
      }
  }
  if (!WaitBlock || WaitBlock->pred_empty())
    return false;

  // Must-analysis: In[B] = AND of what every predecessor edge carries.
  std::vector<char> In(N, 1), Out(N, 1);
  const CFGBlock &Entry = Cfg->getEntry();
  auto Transfer = [&](const CFGBlock *B) -> char {
    switch (BlockEffect[B->getBlockID()]) {
    case Query::Effect::Gen:
      return 1;
    case Query::Effect::Kill:
      return 0;
    case Query::Effect::None:
      return In[B->getBlockID()];
    }
    return 0;
  };
  auto EdgeValue = [&](const CFGBlock *Pred, const CFGBlock *Succ) -> char {
    unsigned P = Pred->getBlockID();
    if (Out[P])
      return 1;
    if (!Branch[P])
      return 0;
    // Successor 0 is the true branch, 1 the false one.
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &A : Pred->succs()) {
      if (A.getReachableBlock() == Succ && (Index == 0) == *Branch[P])
        return 1;
      ++Index;
    }
    return 0;
  };
  In[Entry.getBlockID()] = 0;
  Out[Entry.getBlockID()] = Transfer(&Entry);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : llvm::reverse(*Cfg)) {
      if (B == &Entry)
        continue;
      char V = 1;
      bool AnyPred = false;
      for (const CFGBlock::AdjacentBlock &A : B->preds())
        if (const CFGBlock *P = A.getReachableBlock()) {
          AnyPred = true;
          V &= EdgeValue(P, B);
        }
      if (!AnyPred)
        V = 1; // unreachable: vacuously true
      unsigned ID = B->getBlockID();
      char NewOut;
      In[ID] = V;
      NewOut = Transfer(B);
      if (NewOut != Out[ID]) {
        Out[ID] = NewOut;
        Changed = true;
      }
    }
  }

  // Replay the wait's block up to the wait.
  char State = In[WaitBlock->getBlockID()];
  unsigned I = 0;
  for (const CFGElement &E : *WaitBlock) {
    if (I++ == WaitIndex)
      break;
    if (std::optional<CFGStmt> S = E.getAs<CFGStmt>()) {
      Query::Effect Eff = Q.effectOf(S->getStmt());
      if (Eff == Query::Effect::Gen)
        State = 1;
      else if (Eff == Query::Effect::Kill)
        State = 0;
    }
  }
  return State;
}

} // namespace clang::tidy::coroguard::model
