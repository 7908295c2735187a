//===--- Suspension.cpp ---------------------------------------------------===//

#include "Suspension.h"
#include "CoroutineContext.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include <algorithm>
#include <deque>

namespace clang::tidy::coroguard::model {

namespace {

/// The states a forward may-analysis reaches at the start of each block.
struct BlockStates {
  std::vector<llvm::BitVector> In;
  std::vector<bool> Reached;
};

/// The blocks in descending ID order: clang numbers blocks backwards from the
/// exit, so this is close to source order.
std::vector<const CFGBlock *> blocksInOrder(const CFG &Cfg) {
  std::vector<const CFGBlock *> Order(Cfg.begin(), Cfg.end());
  llvm::sort(Order, [](const CFGBlock *A, const CFGBlock *B) {
    return A->getBlockID() > B->getBlockID();
  });
  return Order;
}

/// Runs Transfer over the elements of B, from State.
void applyBlock(const CFGBlock &B, llvm::BitVector &State,
                CoroutineFlow::TransferFn Transfer) {
  for (const CFGElement &E : B)
    Transfer(E, State);
}

/// The fixpoint of a forward may-analysis: the entry starts empty; a block's
/// input is the union of its reached predecessors' outputs. Blocks are
/// visited in descending ID order (clang numbers blocks backwards from the
/// exit, so this is close to source order) until nothing changes.
BlockStates solveForward(const CFG &Cfg, unsigned NumFacts,
                         CoroutineFlow::TransferFn Transfer) {
  unsigned N = Cfg.getNumBlockIDs();
  BlockStates S{std::vector<llvm::BitVector>(N, llvm::BitVector(NumFacts)),
                std::vector<bool>(N, false)};
  std::vector<llvm::BitVector> Out(N, llvm::BitVector(NumFacts));
  std::vector<const CFGBlock *> Order = blocksInOrder(Cfg);
  const CFGBlock *Entry = &Cfg.getEntry();
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : Order) {
      unsigned ID = B->getBlockID();
      llvm::BitVector In(NumFacts);
      bool Reached = B == Entry;
      for (const CFGBlock::AdjacentBlock &A : B->preds())
        if (const CFGBlock *P = A.getReachableBlock();
            P && S.Reached[P->getBlockID()]) {
          Reached = true;
          In |= Out[P->getBlockID()];
        }
      if (!Reached)
        continue;
      if (S.Reached[ID] && In == S.In[ID])
        continue;
      S.Reached[ID] = true;
      S.In[ID] = In;
      applyBlock(*B, In, Transfer);
      Out[ID] = std::move(In);
      Changed = true;
    }
  }
  return S;
}

/// The statement an element evaluates, if it is a statement.
const Stmt *stmtOf(const CFGElement &E) {
  if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
    return S->getStmt();
  return nullptr;
}

/// The awaiter's await_suspend call inside an await's suspend expression
/// (which may wrap it: `__builtin_coro_resume(h.await_suspend(..))`).
const Stmt *awaitSuspendCall(const Stmt *S, unsigned Depth = 0) {
  if (!S || Depth > 6)
    return nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (const auto *MD = MC->getMethodDecl();
        MD && MD->getIdentifier() && MD->getName() == "await_suspend")
      return MC;
  for (const Stmt *Child : S->children())
    if (const Stmt *Found = awaitSuspendCall(Child, Depth + 1))
      return Found;
  return nullptr;
}

} // namespace

const SuspensionPoint *
CoroutineFlow::suspendsAt(const CFGElement &Element) const {
  const Stmt *S = stmtOf(Element);
  if (!S)
    return nullptr;
  auto It = SuspendingElement.find(S);
  return It == SuspendingElement.end() ? nullptr : &Points[It->second];
}

const SuspensionPoint *CoroutineFlow::suspensionAt(const Stmt *S) const {
  auto It = PointIndex.find(S);
  return It == PointIndex.end() ? nullptr : &Points[It->second];
}

std::optional<FlowPosition> CoroutineFlow::positionOf(const Stmt *S) const {
  auto It = Positions.find(S);
  if (It == Positions.end())
    return std::nullopt;
  return It->second;
}

const SuspensionPoint *CoroutineFlow::suspensionBefore(const Stmt *S) const {
  std::optional<FlowPosition> Pos = positionOf(S);
  if (!Pos || Points.empty())
    return nullptr;
  llvm::BitVector May = PointsBefore[Pos->Block];
  for (unsigned I = 0; I < Points.size(); ++I)
    if (Points[I].Position.Block == Pos->Block &&
        Points[I].Position.Index < Pos->Index)
      May.set(I);
  // Points are in source order: prefer the last one written before S.
  const SourceManager &SM = Function->getASTContext().getSourceManager();
  const SuspensionPoint *Any = nullptr;
  for (int I = static_cast<int>(Points.size()) - 1; I >= 0; --I) {
    if (!May.test(I))
      continue;
    if (!Any)
      Any = &Points[I];
    if (SM.isBeforeInTranslationUnit(Points[I].Expr->getBeginLoc(),
                                     S->getBeginLoc()))
      return &Points[I];
  }
  return Any;
}

const SuspensionPoint *CoroutineFlow::suspensionBetween(const Stmt *From,
                                                        const Stmt *To) const {
  std::optional<FlowPosition> A = positionOf(From), B = positionOf(To);
  if (!A || !B || Points.empty())
    return nullptr;
  // The first suspension point in Block within [Begin, End).
  auto FirstIn = [&](unsigned Block, unsigned Begin,
                     unsigned End) -> const SuspensionPoint * {
    const SuspensionPoint *Found = nullptr;
    for (const SuspensionPoint &P : Points)
      if (P.Position.Block == Block && P.Position.Index >= Begin &&
          P.Position.Index < End &&
          (!Found || P.Position.Index < Found->Position.Index))
        Found = &P;
    return Found;
  };
  if (A->Block == B->Block && A->Index < B->Index)
    return FirstIn(A->Block, A->Index + 1, B->Index);

  // Search the paths from the end of From's block to To, remembering the
  // first suspension point each has passed. A path stops at To's block: it
  // meets To there before it can leave.
  const CFGBlock *Start = nullptr;
  for (const CFGBlock *Blk : *Cfg)
    if (Blk->getBlockID() == A->Block)
      Start = Blk;
  if (!Start)
    return nullptr;
  unsigned N = Cfg->getNumBlockIDs();
  std::vector<bool> Seen(2 * N, false);
  struct Item {
    const CFGBlock *Block;
    const SuspensionPoint *Passed;
  };
  std::deque<Item> Work;
  auto Push = [&](const CFGBlock *Blk, const SuspensionPoint *Passed) {
    unsigned Slot = 2 * Blk->getBlockID() + (Passed ? 1 : 0);
    if (Seen[Slot])
      return;
    Seen[Slot] = true;
    Work.push_back({Blk, Passed});
  };
  const SuspensionPoint *Tail = FirstIn(A->Block, A->Index + 1, Start->size());
  for (const CFGBlock::AdjacentBlock &Succ : Start->succs())
    if (const CFGBlock *S = Succ.getReachableBlock())
      Push(S, Tail);
  while (!Work.empty()) {
    Item It = Work.front();
    Work.pop_front();
    unsigned ID = It.Block->getBlockID();
    if (ID == B->Block) {
      if (It.Passed)
        return It.Passed;
      if (const SuspensionPoint *P = FirstIn(ID, 0, B->Index))
        return P;
      continue;
    }
    const SuspensionPoint *Passed =
        It.Passed ? It.Passed : FirstIn(ID, 0, It.Block->size());
    for (const CFGBlock::AdjacentBlock &Succ : It.Block->succs())
      if (const CFGBlock *S = Succ.getReachableBlock())
        Push(S, Passed);
  }
  return nullptr;
}

void CoroutineFlow::forwardMay(unsigned NumFacts, TransferFn Transfer,
                               VisitFn Visit) const {
  BlockStates S = solveForward(*Cfg, NumFacts, Transfer);
  if (!Visit)
    return;
  for (const CFGBlock *B : blocksInOrder(*Cfg)) {
    if (!S.Reached[B->getBlockID()])
      continue;
    llvm::BitVector State = S.In[B->getBlockID()];
    for (const CFGElement &E : *B) {
      Visit(E, State);
      Transfer(E, State);
    }
  }
}

SuspensionModel::SuspensionModel(AsyncModel &Model) : Model(Model) {}
SuspensionModel::~SuspensionModel() = default;

void SuspensionModel::reset() { Flows.clear(); }

bool SuspensionModel::canSuspend(const CoroutineSuspendExpr *E) {
  if (!E)
    return false;
  if (const auto *Await = dyn_cast<CoawaitExpr>(E);
      Await && Await->isImplicit())
    return false;
  // What is awaited (the operand) and what does the waiting (the awaiter,
  // after operator co_await / await_transform).
  for (const Expr *Side : {E->getOperand(), E->getCommonExpr()}) {
    if (!Side)
      continue;
    const CXXRecordDecl *RD = recordOf(Side->getType());
    if (!RD)
      continue;
    if (Model.roles(RD).has(Role::NeverSuspends))
      return false;
  }
  if (const Expr *Common = E->getCommonExpr())
    if (std::optional<bool> Ready =
            constantAwaitReady(recordOf(Common->getType()));
        Ready && *Ready)
      return false;
  return true;
}

const CoroutineFlow *SuspensionModel::flowOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  FD = FD->getDefinition() ? FD->getDefinition() : FD;
  auto It = Flows.find(FD);
  if (It != Flows.end())
    return It->second.get();
  std::unique_ptr<CoroutineFlow> &Slot = Flows[FD];
  Stmt *Body = FD->getBody();
  if (!Body || FD->isInvalidDecl() || FD->isDependentContext())
    return nullptr;

  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd(); // every expression is an element, in order
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  // A call inside a try may throw to its handlers: after an await, the
  // handler runs after the resumption.
  Options.AddEHEdges = true;
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(FD, Body, &FD->getASTContext(), Options);
  if (!Cfg)
    return nullptr;

  auto Flow = std::make_unique<CoroutineFlow>();
  Flow->Function = FD;
  Flow->Cfg = std::move(Cfg);
  bool IsCoroutine = coroutineBody(FD) != nullptr;
  std::vector<const CoroutineSuspendExpr *> Suspends;
  for (const CFGBlock *B : *Flow->Cfg) {
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      if (const Stmt *S = stmtOf(E)) {
        Flow->Positions.try_emplace(S, FlowPosition{B->getBlockID(), Index});
        const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S);
        if (IsCoroutine && Suspend && canSuspend(Suspend))
          Suspends.push_back(Suspend);
      }
      ++Index;
    }
  }
  // Points are kept in source order. The coroutine suspends in the awaiter's
  // await_suspend call: that element is the point's position (the
  // await_resume call that follows it, and may throw to a handler, runs after
  // the resumption).
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  llvm::sort(Suspends, [&](const CoroutineSuspendExpr *A,
                           const CoroutineSuspendExpr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  for (const CoroutineSuspendExpr *Suspend : Suspends) {
    const Stmt *At = awaitSuspendCall(Suspend->getSuspendExpr());
    if (!At || !Flow->Positions.count(At))
      At = Suspend;
    unsigned I = Flow->Points.size();
    Flow->Points.push_back({Suspend, Flow->Positions.lookup(At)});
    Flow->PointIndex[Suspend] = I;
    Flow->SuspendingElement[At] = I;
  }

  // Which suspension points may have run before each block starts.
  unsigned NumPoints = Flow->Points.size();
  if (NumPoints) {
    const CoroutineFlow &F = *Flow;
    BlockStates S = solveForward(
        *F.Cfg, NumPoints, [&](const CFGElement &E, llvm::BitVector &State) {
          if (const SuspensionPoint *P = F.suspendsAt(E))
            State.set(P - F.Points.data());
        });
    Flow->PointsBefore = std::move(S.In);
  }
  Slot = std::move(Flow);
  return Slot.get();
}

} // namespace clang::tidy::coroguard::model
