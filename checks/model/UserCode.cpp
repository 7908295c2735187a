//===--- UserCode.cpp -----------------------------------------------------===//

#include "UserCode.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"
#include <functional>

namespace clang::tidy::coroguard::model {

static bool inUserFile(const Decl *D, const SourceManager &SM) {
  SourceLocation Loc = D->getLocation();
  if (Loc.isInvalid())
    return false;
  return !SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

void forEachUserFunction(const TranslationUnitDecl &TU, const SourceManager &SM,
                         const UserCodeVisitor &V) {
  llvm::SmallVector<const DeclContext *, 32> Work{&TU};
  auto Function = [&](const FunctionDecl *FD) {
    if (FD && FD->doesThisDeclarationHaveABody() && !FD->isImplicit())
      V.Function(*FD);
  };
  auto Record = [&](const CXXRecordDecl *RD) {
    if (RD && RD->isThisDeclarationADefinition() && !RD->isLambda())
      Work.push_back(RD);
  };
  while (!Work.empty()) {
    const DeclContext *DC = Work.pop_back_val();
    for (const Decl *D : DC->decls()) {
      if (D->isImplicit() && !isa<ClassTemplateSpecializationDecl>(D))
        continue;
      if (isa<TranslationUnitDecl, LinkageSpecDecl, ExportDecl>(D)) {
        Work.push_back(cast<DeclContext>(D));
        continue;
      }
      if (!inUserFile(D, SM) || (V.IsLibrary && V.IsLibrary(*D)))
        continue;
      if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
        Work.push_back(NS);
      } else if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D)) {
        Function(FTD->getTemplatedDecl());
        if (V.Instantiations)
          for (const FunctionDecl *Spec : FTD->specializations())
            if (Spec->isTemplateInstantiation())
              Function(Spec);
      } else if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
        Function(FD);
      } else if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
        Record(CTD->getTemplatedDecl());
        if (V.Instantiations)
          for (const ClassTemplateSpecializationDecl *Spec :
               CTD->specializations())
            if (Spec->getSpecializationKind() == TSK_ImplicitInstantiation ||
                Spec->getSpecializationKind() ==
                    TSK_ExplicitInstantiationDefinition)
              Record(Spec);
      } else if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
        // Explicit specializations and instantiation definitions appear
        // here too; implicit ones come through their template.
        const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(RD);
        if (!CTSD ||
            CTSD->getSpecializationKind() == TSK_ExplicitSpecialization)
          Record(RD);
      } else if (const auto *Friend = dyn_cast<FriendDecl>(D)) {
        if (const NamedDecl *ND = Friend->getFriendDecl()) {
          if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(ND))
            Function(FTD->getTemplatedDecl());
          else
            Function(dyn_cast<FunctionDecl>(ND));
        }
      } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
        if (V.Initializer && VD->getInit() && !VD->isInvalidDecl())
          V.Initializer(*VD->getInit());
      } else if (const auto *Field = dyn_cast<FieldDecl>(D)) {
        if (V.Initializer && Field->hasInClassInitializer() &&
            Field->getInClassInitializer())
          V.Initializer(*Field->getInClassInitializer());
      }
    }
  }
}

/// Calls Fn on each lambda in S, outermost first; a lambda's own body is
/// searched by the call for its operator, so each is found once.
static void forEachLambdaIn(const Stmt *S,
                            llvm::function_ref<void(const LambdaExpr &)> Fn) {
  llvm::SmallVector<const Stmt *, 32> Work{S};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur)
      continue;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Cur)) {
      Fn(*Lambda);
      for (const Expr *Init : Lambda->capture_inits())
        Work.push_back(Init);
      continue;
    }
    for (const Stmt *Child : Cur->children())
      Work.push_back(Child);
  }
}

void forEachUserFunctionOrLambda(
    const TranslationUnitDecl &TU, const SourceManager &SM,
    llvm::function_ref<void(const FunctionDecl &)> Fn,
    llvm::function_ref<bool(const Decl &)> IsLibrary) {
  std::function<void(const LambdaExpr &)> OnLambda;
  auto Visit = [&](const FunctionDecl &FD) {
    Fn(FD);
    forEachLambdaIn(FD.getBody(), OnLambda);
  };
  OnLambda = [&](const LambdaExpr &Lambda) {
    if (const FunctionDecl *Op = Lambda.getCallOperator())
      if (Op->doesThisDeclarationHaveABody())
        Visit(*Op);
  };
  UserCodeVisitor V;
  V.Function = Visit;
  auto OnInit = [&](const Expr &Init) { forEachLambdaIn(&Init, OnLambda); };
  V.Initializer = OnInit;
  V.Instantiations = true;
  V.IsLibrary = IsLibrary;
  forEachUserFunction(TU, SM, V);
}

} // namespace clang::tidy::coroguard::model
