//===--- SuspensionTest.cpp - Where a coroutine suspends ------------------===//
//
// The suspension model on small coroutines: which co_await / co_yield count,
// and which statements can run after one, through branches, loops, co_return
// and try. Statements are named by calls `mark(N)` in the snippets.
//
//===----------------------------------------------------------------------===//

#include "model/Suspension.h"
#include "model/AsyncModel.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include <gtest/gtest.h>

using namespace clang;
using namespace clang::tidy::coroguard::model;

namespace {

const char *Prelude = R"cpp(
#include <coroutine>
struct task {
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
};
struct int_task {
  struct promise_type {
    int_task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(int);
    void unhandled_exception();
  };
};
struct generator {
  struct promise_type {
    generator get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    std::suspend_always yield_value(int);
    void return_void();
    void unhandled_exception();
  };
};
struct aw {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  int await_resume();
};
struct ready {
  bool await_ready() noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept;
  int await_resume() noexcept;
};
struct [[clang::annotate("coroguard::never_suspends")]] inline_aw {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  int await_resume();
};
int mark(int);
)cpp";

/// One parsed snippet and the model over it.
class Snippet {
public:
  explicit Snippet(llvm::StringRef Code)
      : AST(tooling::buildASTFromCodeWithArgs(
            (llvm::Twine(Prelude) + Code).str(),
            {"-std=c++20", "-resource-dir=" COROGUARD_CLANG_RESOURCE_DIR},
            "snippet.cpp")),
        Model(ModelOptions()), Suspensions(Model) {
    Model.beginTranslationUnit(AST->getASTContext());
  }

  bool parsed() const {
    return AST && !AST->getDiagnostics().hasErrorOccurred();
  }

  const FunctionDecl *function(llvm::StringRef Name) {
    for (const Decl *D : AST->getASTContext().getTranslationUnitDecl()->decls())
      if (const auto *FD = dyn_cast<FunctionDecl>(D))
        if (FD->getName() == Name && FD->hasBody())
          return FD;
    return nullptr;
  }

  const CoroutineFlow *flow(llvm::StringRef Name) {
    return Suspensions.flowOf(function(Name));
  }

  /// The call `mark(N)` in the function Name.
  const Stmt *mark(llvm::StringRef Name, int N) {
    struct Finder : RecursiveASTVisitor<Finder> {
      int N;
      const Stmt *Found = nullptr;
      bool VisitCallExpr(CallExpr *Call) {
        const FunctionDecl *FD = Call->getDirectCallee();
        if (FD && FD->getName() == "mark" && Call->getNumArgs() == 1)
          if (const auto *Lit = dyn_cast<IntegerLiteral>(
                  Call->getArg(0)->IgnoreParenImpCasts()))
            if (Lit->getValue() == static_cast<uint64_t>(N))
              Found = Call;
        return true;
      }
    } F;
    F.N = N;
    F.TraverseDecl(const_cast<FunctionDecl *>(function(Name)));
    return F.Found;
  }

  std::unique_ptr<ASTUnit> AST;
  AsyncModel Model;
  SuspensionModel Suspensions;
};

TEST(Suspension, StraightLine) {
  Snippet S("task f() { mark(1); int v = co_await aw{}; mark(2); }");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("f");
  ASSERT_NE(F, nullptr);
  ASSERT_EQ(F->suspensions().size(), 1u);
  EXPECT_TRUE(isa<CoawaitExpr>(F->suspensions()[0].Expr));
  EXPECT_EQ(F->suspensionBefore(S.mark("f", 1)), nullptr);
  EXPECT_EQ(F->suspensionBefore(S.mark("f", 2)), &F->suspensions()[0]);
  EXPECT_EQ(F->suspensionBetween(S.mark("f", 1), S.mark("f", 2)),
            &F->suspensions()[0]);
  EXPECT_EQ(F->suspensionBetween(S.mark("f", 2), S.mark("f", 1)), nullptr);
  EXPECT_EQ(F->suspensionAt(F->suspensions()[0].Expr), &F->suspensions()[0]);
}

TEST(Suspension, OperandRunsBeforeTheSuspension) {
  Snippet S("task f() { co_await (mark(1), aw{}); }");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("f");
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(F->suspensionBefore(S.mark("f", 1)), nullptr);
}

TEST(Suspension, OneBranchOnly) {
  Snippet S(R"cpp(
    task f(bool c) { if (c) co_await aw{}; mark(1); }
    task g(bool c) { if (c) { co_await aw{}; co_return; } mark(1); }
  )cpp");
  ASSERT_TRUE(S.parsed());
  EXPECT_NE(S.flow("f")->suspensionBefore(S.mark("f", 1)), nullptr);
  // co_return ends the path that suspended.
  EXPECT_EQ(S.flow("g")->suspensionBefore(S.mark("g", 1)), nullptr);
}

TEST(Suspension, LoopBackEdge) {
  Snippet S(R"cpp(
    task f(int n) {
      for (int i = 0; i < n; ++i) { mark(1); co_await aw{}; }
      mark(2);
    }
    task g(int n) {
      mark(1);
      for (int i = 0; i < n; ++i) { mark(2); }
      co_await aw{};
    }
  )cpp");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("f");
  EXPECT_NE(F->suspensionBefore(S.mark("f", 1)), nullptr);
  EXPECT_NE(F->suspensionBetween(S.mark("f", 1), S.mark("f", 1)), nullptr);
  EXPECT_NE(F->suspensionBefore(S.mark("f", 2)), nullptr);
  const CoroutineFlow *G = S.flow("g");
  EXPECT_EQ(G->suspensionBefore(S.mark("g", 2)), nullptr);
  EXPECT_EQ(G->suspensionBetween(S.mark("g", 1), S.mark("g", 2)), nullptr);
}

TEST(Suspension, AwaitsThatNeverSuspend) {
  Snippet S(R"cpp(
    task f() {
      co_await std::suspend_never{};
      co_await ready{};
      co_await inline_aw{};
      mark(1);
    }
  )cpp");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("f");
  ASSERT_NE(F, nullptr);
  EXPECT_TRUE(F->suspensions().empty());
  EXPECT_EQ(F->suspensionBefore(S.mark("f", 1)), nullptr);
}

TEST(Suspension, YieldAndReturnAwait) {
  Snippet S(R"cpp(
    generator g() { mark(1); co_yield 1; mark(2); }
    int_task r() { mark(1); co_return co_await aw{}; }
  )cpp");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *G = S.flow("g");
  ASSERT_EQ(G->suspensions().size(), 1u);
  EXPECT_TRUE(isa<CoyieldExpr>(G->suspensions()[0].Expr));
  EXPECT_NE(G->suspensionBefore(S.mark("g", 2)), nullptr);
  const CoroutineFlow *R = S.flow("r");
  ASSERT_EQ(R->suspensions().size(), 1u);
  EXPECT_EQ(R->suspensionBefore(S.mark("r", 1)), nullptr);
}

TEST(Suspension, HandlerAfterAnAwaitThatThrows) {
  Snippet S(R"cpp(
    task f() {
      try { mark(1); co_await aw{}; } catch (...) { mark(2); }
      mark(3);
    }
    task g() {
      try { mark(1); } catch (...) { mark(2); }
      co_await aw{};
    }
  )cpp");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("f");
  // The awaited operation may throw from await_resume, after resuming.
  EXPECT_NE(F->suspensionBefore(S.mark("f", 2)), nullptr);
  EXPECT_NE(F->suspensionBefore(S.mark("f", 3)), nullptr);
  const CoroutineFlow *G = S.flow("g");
  EXPECT_EQ(G->suspensionBefore(S.mark("g", 2)), nullptr);
}

TEST(Suspension, LambdaBodiesAreTheirOwnFunctions) {
  Snippet S(R"cpp(
    task f() {
      auto later = [] { mark(1); };
      co_await aw{};
      later();
    }
  )cpp");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("f");
  EXPECT_FALSE(F->positionOf(S.mark("f", 1)).has_value());
  EXPECT_EQ(F->suspensionBefore(S.mark("f", 1)), nullptr);
}

TEST(Suspension, OrdinaryFunctionsHaveAFlowWithoutSuspensions) {
  Snippet S("int h(bool c) { if (c) mark(1); return mark(2); }");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("h");
  ASSERT_NE(F, nullptr);
  EXPECT_TRUE(F->suspensions().empty());
  EXPECT_TRUE(F->positionOf(S.mark("h", 2)).has_value());
}

TEST(Suspension, ForwardMayUnitesPathsAndEndsAtCoReturn) {
  Snippet S(R"cpp(
    task f(bool c, bool d) {
      if (c) mark(1);
      if (d) { mark(2); co_return; }
      mark(3);
    }
  )cpp");
  ASSERT_TRUE(S.parsed());
  const CoroutineFlow *F = S.flow("f");
  const Stmt *One = S.mark("f", 1), *Two = S.mark("f", 2),
             *Three = S.mark("f", 3);
  // Fact 0: mark(1) ran; fact 1: mark(2) ran.
  auto Transfer = [&](const CFGElement &E, llvm::BitVector &State) {
    if (std::optional<CFGStmt> St = E.getAs<CFGStmt>()) {
      if (St->getStmt() == One)
        State.set(0);
      if (St->getStmt() == Two)
        State.set(1);
    }
  };
  std::optional<llvm::BitVector> AtThree;
  F->forwardMay(2, Transfer,
                [&](const CFGElement &E, const llvm::BitVector &Before) {
                  if (std::optional<CFGStmt> St = E.getAs<CFGStmt>())
                    if (St->getStmt() == Three)
                      AtThree = Before;
                });
  ASSERT_TRUE(AtThree.has_value());
  EXPECT_TRUE(AtThree->test(0));  // on the path where c was true
  EXPECT_FALSE(AtThree->test(1)); // that path returned
}

TEST(Suspension, InvalidCodeHasNoFlow) {
  Snippet S("task f() { co_await undeclared_thing(); mark(1); }");
  EXPECT_FALSE(S.parsed());
  // No crash, whatever the answer; a flow, if any, has no bogus suspension.
  if (const CoroutineFlow *F = S.flow("f"))
    for (const SuspensionPoint &P : F->suspensions())
      EXPECT_FALSE(P.Expr->containsErrors());
}

} // namespace
