//===--- Discard.cpp ------------------------------------------------------===//

#include "Discard.h"
#include "AsyncModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coroguard::model {

namespace {
struct Item {
  const Stmt *S;
  StmtPlace Place;
};

/// Whether E is an explicit cast to void.
const Expr *voidCastOperand(const Expr *E) {
  const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
  if (!Cast || !Cast->getType()->isVoidType())
    return nullptr;
  return Cast->getSubExpr();
}
} // namespace

void forEachStmtInBody(const Stmt *Body,
                       llvm::function_ref<void(const Stmt *, StmtPlace)> Fn) {
  llvm::SmallVector<Item, 64> Work;
  StmtPlace Plain;
  // Children are pushed in reverse so that they pop in source order.
  auto Push = [&Work](llvm::ArrayRef<Item> Kids) {
    for (const Item &K : llvm::reverse(Kids))
      if (K.S)
        Work.push_back(K);
  };
  Work.push_back({Body, Plain});
  while (!Work.empty()) {
    auto [S, Place] = Work.pop_back_val();
    if (!S)
      continue;
    // A statement position: whatever expression stands here is discarded.
    StmtPlace Stmt = Place;
    Stmt.Discarded = true;
    Stmt.CastToVoid = false;
    StmtPlace Value = Place;
    Value.Discarded = Value.CastToVoid = false;

    if (const auto *CB = dyn_cast<CoroutineBodyStmt>(S)) {
      Work.push_back({CB->getBody(), Place});
      continue;
    }
    if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr,
            CXXTypeidExpr>(S))
      continue;
    // Expressions that only pass "discarded" on to a subexpression are not
    // themselves the value that is lost.
    if (const auto *E = dyn_cast<Expr>(S)) {
      const auto *BO = dyn_cast<BinaryOperator>(E);
      if (BO && BO->getOpcode() == BO_Comma) {
        Fn(S, Value);
        Push({{BO->getLHS(), Stmt}, {BO->getRHS(), Place}});
        continue;
      }
      if (Place.Discarded) {
        if (isa<ParenExpr, ExprWithCleanups, ConstantExpr>(E)) {
          Fn(S, Value);
          Work.push_back({*E->child_begin(), Place});
          continue;
        }
        if (const auto *Cond = dyn_cast<ConditionalOperator>(E)) {
          Fn(S, Value);
          Push({{Cond->getCond(), Value},
                {Cond->getTrueExpr(), Place},
                {Cond->getFalseExpr(), Place}});
          continue;
        }
        if (const Expr *Operand = voidCastOperand(E)) {
          Fn(S, Value);
          StmtPlace Cast = Place;
          Cast.CastToVoid = true;
          Work.push_back({Operand, Cast});
          continue;
        }
      }
    }
    Fn(S, isa<Expr>(S) ? Place : Value);
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      llvm::SmallVector<Item, 4> Kids;
      for (const Expr *Init : Lambda->capture_inits())
        Kids.push_back({Init, Value});
      Push(Kids);
      continue;
    }
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      Work.push_back({Suspend->getOperand(), Value});
      continue;
    }
    if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      Work.push_back({Return->getOperand(), Value});
      continue;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      llvm::SmallVector<Item, 4> Kids;
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Kids.push_back({VD->getInit(), Value});
      Push(Kids);
      continue;
    }
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      llvm::SmallVector<Item, 16> Kids;
      for (const class Stmt *Child : CS->body())
        Kids.push_back({Child, Stmt});
      Push(Kids);
      continue;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      Push({{If->getInit(), Stmt},
            {If->getConditionVariableDeclStmt(), Value},
            {If->getConditionVariableDeclStmt() ? nullptr : If->getCond(),
             Value},
            {If->getThen(), Stmt},
            {If->getElse(), Stmt}});
      continue;
    }
    if (const auto *For = dyn_cast<ForStmt>(S)) {
      Push({{For->getInit(), Stmt},
            {For->getConditionVariableDeclStmt(), Value},
            {For->getConditionVariableDeclStmt() ? nullptr : For->getCond(),
             Value},
            {For->getInc(), Stmt},
            {For->getBody(), Stmt}});
      continue;
    }
    if (const auto *While = dyn_cast<WhileStmt>(S)) {
      Push({{While->getConditionVariableDeclStmt(), Value},
            {While->getConditionVariableDeclStmt() ? nullptr : While->getCond(),
             Value},
            {While->getBody(), Stmt}});
      continue;
    }
    if (const auto *Do = dyn_cast<DoStmt>(S)) {
      Push({{Do->getBody(), Stmt}, {Do->getCond(), Value}});
      continue;
    }
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
      Push({{Range->getInit(), Stmt},
            {Range->getRangeInit(), Value},
            {Range->getLoopVarStmt(), Value},
            {Range->getBody(), Stmt}});
      continue;
    }
    if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
      Push({{Switch->getInit(), Stmt},
            {Switch->getConditionVariableDeclStmt(), Value},
            {Switch->getConditionVariableDeclStmt() ? nullptr
                                                    : Switch->getCond(),
             Value},
            {Switch->getBody(), Stmt}});
      continue;
    }
    if (const auto *Case = dyn_cast<CaseStmt>(S)) {
      Work.push_back({Case->getSubStmt(), Stmt});
      continue;
    }
    if (const auto *Default = dyn_cast<DefaultStmt>(S)) {
      Work.push_back({Default->getSubStmt(), Stmt});
      continue;
    }
    if (const auto *Label = dyn_cast<LabelStmt>(S)) {
      Work.push_back({Label->getSubStmt(), Stmt});
      continue;
    }
    if (const auto *Attributed = dyn_cast<AttributedStmt>(S)) {
      Work.push_back({Attributed->getSubStmt(), Place});
      continue;
    }
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      llvm::SmallVector<Item, 4> Kids{{Try->getTryBlock(), Plain}};
      StmtPlace Handler = Plain;
      Handler.InHandler = true;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        Kids.push_back({Try->getHandler(I)->getHandlerBlock(), Handler});
      Push(Kids);
      continue;
    }
    if (isa<CXXCatchStmt>(S))
      continue; // Reached only through CXXTryStmt above.
    llvm::SmallVector<Item, 8> Kids;
    for (const class Stmt *Child : S->children())
      Kids.push_back({Child, Value});
    Push(Kids);
  }
}

const Expr *producedValue(const Expr *E) {
  while (E) {
    const Expr *Next = E;
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      Next = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      Next = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      Next = BTE->getSubExpr();
    else if (const auto *PE = dyn_cast<ParenExpr>(E))
      Next = PE->getSubExpr();
    else if (const auto *CE = dyn_cast<ConstantExpr>(E))
      Next = CE->getSubExpr();
    else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E);
             ICE && (ICE->getCastKind() == CK_NoOp ||
                     ICE->getCastKind() == CK_ConstructorConversion ||
                     ICE->getCastKind() == CK_UserDefinedConversion ||
                     ICE->getCastKind() == CK_LValueToRValue))
      Next = ICE->getSubExpr();
    else if (const auto *CCE = dyn_cast<CXXConstructExpr>(E);
             CCE && CCE->getNumArgs() == 1 && CCE->getConstructor() &&
             (CCE->getConstructor()->isCopyOrMoveConstructor()) &&
             CCE->getArg(0)->isPRValue())
      // Elided in C++17, but kept in the AST of some templates.
      Next = CCE->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isNewValueFromCall(const Expr *E) {
  if (!E || E->containsErrors() || !E->isPRValue())
    return false;
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return false;
  QualType T = Call->getType();
  return !T.isNull() && !T->isReferenceType() && !T->isDependentType();
}

bool isUnusedLocal(const VarDecl *VD) {
  if (!VD || isa<ParmVarDecl, DecompositionDecl>(VD) ||
      !VD->hasLocalStorage() || !VD->isLocalVarDecl() || VD->isInvalidDecl())
    return false;
  if (VD->isReferenced() || VD->hasAttr<UnusedAttr>())
    return false;
  // The pattern of an instantiated local speaks for it too.
  if (const VarDecl *Pattern = VD->getTemplateInstantiationPattern())
    if (Pattern->isReferenced() || Pattern->hasAttr<UnusedAttr>())
      return false;
  return true;
}

/// The definition of the record a type names, if there is one to read.
static const CXXRecordDecl *recordDefinition(QualType T) {
  return definitionOrPattern(recordOf(T));
}

bool hasAwaitInterface(QualType T) { return isAwaitable(recordOf(T)); }

/// The non-template method of a record named Name that a prvalue object
/// calls: the only one, or the rvalue-qualified one of overloads that
/// disagree on their return type.
static const FunctionDecl *singleMethod(const CXXRecordDecl *RD,
                                        DeclarationName Name) {
  if (!RD)
    return nullptr;
  DeclContextLookupResult R = RD->lookup(Name);
  const CXXMethodDecl *Found = nullptr, *RValue = nullptr;
  bool Disagree = false;
  for (const NamedDecl *D : R) {
    const auto *FD = dyn_cast<CXXMethodDecl>(D);
    if (!FD)
      return nullptr;
    if (FD->getRefQualifier() == RQ_RValue)
      RValue = FD;
    if (Found && Found->getReturnType().getCanonicalType() !=
                     FD->getReturnType().getCanonicalType())
      Disagree = true;
    Found = FD;
  }
  return Disagree ? RValue : Found;
}

QualType awaitResumeType(QualType T) {
  for (int Step = 0; Step < 2; ++Step) {
    const CXXRecordDecl *RD = recordDefinition(T);
    if (!RD || RD->isDependentContext())
      return {};
    ASTContext &Ctx = RD->getASTContext();
    if (const FunctionDecl *Resume =
            singleMethod(RD, DeclarationName(&Ctx.Idents.get("await_resume"))))
      return Resume->getReturnType()->isUndeducedType()
                 ? QualType()
                 : Resume->getReturnType();
    const FunctionDecl *CoAwait =
        singleMethod(RD, Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait));
    if (!CoAwait || CoAwait->getReturnType()->isUndeducedType())
      return {};
    T = CoAwait->getReturnType();
  }
  return {};
}

AwaitedValue awaitedValue(QualType T) {
  QualType R = awaitResumeType(T);
  if (!R.isNull() && !R->isDependentType()) {
    if (R->isVoidType())
      return AwaitedValue::None;
    if (R->isReferenceType())
      return AwaitedValue::Plain;
    if (R->isIncompleteType())
      return AwaitedValue::Owning;
    return R.isDestructedType() == QualType::DK_none ? AwaitedValue::Plain
                                                     : AwaitedValue::Owning;
  }
  // A task whose awaiter is not known here (an `auto` operator co_await not
  // instantiated yet): awaiting gives what its coroutine returns.
  const CXXRecordDecl *Promise =
      definitionOrPattern(promiseOf(recordDefinition(T)));
  if (!Promise)
    return AwaitedValue::Unknown;
  if (findMember(Promise, "return_void"))
    return AwaitedValue::None;
  if (findMember(Promise, "return_value"))
    return AwaitedValue::Owning;
  return AwaitedValue::Unknown;
}

bool isDeferredOnlyPolicy(const Expr *Policy, const ASTContext &Ctx) {
  if (!Policy || Policy->isValueDependent())
    return false;
  const auto *ET = Policy->IgnoreParenImpCasts()->getType()->getAs<EnumType>();
  if (!ET || !ET->getDecl())
    return false;
  Expr::EvalResult R;
  if (!Policy->EvaluateAsInt(R, Ctx))
    return false;
  for (const EnumConstantDecl *C : ET->getDecl()->enumerators())
    if (C->getName() == "async")
      return (R.Val.getInt().getExtValue() & C->getInitVal().getExtValue()) ==
             0;
  return false;
}

DroppedResult droppedResult(AsyncModel &M, const CallExpr *Call) {
  if (!Call || Call->containsErrors() ||
      !M.calleeRoles(Call).has(Role::ResultJoinsOnDestruction))
    return DroppedResult::Ordinary;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Call->getNumArgs() > 1 && Callee &&
      isDeferredOnlyPolicy(Call->getArg(0), Callee->getASTContext()))
    return DroppedResult::NeverRuns;
  return DroppedResult::Joins;
}

bool promiseTransformsAwaits(const CoroutineBodyStmt &Body) {
  const VarDecl *Promise = Body.getPromiseDecl();
  if (!Promise)
    return false;
  const CXXRecordDecl *RD = recordDefinition(Promise->getType());
  if (!RD)
    return false;
  return findMember(RD, "await_transform") != nullptr;
}

} // namespace clang::tidy::coroguard::model
