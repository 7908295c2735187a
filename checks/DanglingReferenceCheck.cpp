//===--- DanglingReferenceCheck.cpp - coroguard-dangling-reference --------===//

#include "DanglingReferenceCheck.h"
#include "model/Blocking.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Discard.h"
#include "model/Names.h"
#include "model/Suspension.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

namespace {
/// The owning type a view parameter could be taken as instead.
std::string owningTypeFor(QualType View, const PrintingPolicy &Policy) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      View.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return "";
  QualType Elem = Spec->getTemplateArgs()[0].getAsType();
  std::string Name = model::qualifiedName(Spec);
  if (Name == "std::basic_string_view")
    return Elem->isSpecificBuiltinType(BuiltinType::Char_S) ||
                   Elem->isSpecificBuiltinType(BuiltinType::Char_U)
               ? "std::string"
               : "std::basic_string<" + Elem.getAsString(Policy) + ">";
  if (Name == "std::span")
    return "std::vector<" + Elem.getUnqualifiedType().getAsString(Policy) + ">";
  return "";
}
} // namespace

DanglingReferenceCheck::DanglingReferenceCheck(llvm::StringRef Name,
                                               ClangTidyContext *Context)
    : CoroGuardCheck(Name, Context),
      ViewTypes(Options.get("ViewTypes", "std::basic_string_view;std::span")),
      AllowedTypes(Options.get("AllowedTypes", "")) {
  model::NameList Views(ViewTypes), Allowed(AllowedTypes);
  for (const std::string &Bad : Views.invalidEntries())
    configurationDiag("invalid regular expression '%0' in option '%1.%2'")
        << Bad << Name << "ViewTypes";
  for (const std::string &Bad : Allowed.invalidEntries())
    configurationDiag("invalid regular expression '%0' in option '%1.%2'")
        << Bad << Name << "AllowedTypes";
  Escapes = std::make_unique<model::EscapeAnalysis>(
      modelForSetup(), std::move(Views), std::move(Allowed));
}

void DanglingReferenceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  CoroGuardCheck::storeOptions(Opts);
  Options.store(Opts, "ViewTypes", ViewTypes);
  Options.store(Opts, "AllowedTypes", AllowedTypes);
}

void DanglingReferenceCheck::onNewTranslationUnit() {
  Escapes->reset();
  Reported.clear();
}

void DanglingReferenceCheck::registerMatchers(MatchFinder *Finder) {
  registerUserFunctionsMatcher(Finder);
}

void DanglingReferenceCheck::check(const MatchFinder::MatchResult &Result) {
  const ASTContext &Ctx = *Result.Context;
  forEachUserFunction(Result, [&](const FunctionDecl &FD) {
    model::forEachStmtInBody(FD.getBody(),
                             [&](const Stmt *S, model::StmtPlace) {
                               if (const auto *Call = dyn_cast<CallExpr>(S))
                                 checkCall(Call, FD, Ctx);
                             });
  });
}

bool DanglingReferenceCheck::usedAfterSuspension(const FunctionDecl *FD,
                                                 const Stmt *Use,
                                                 const ASTContext &Ctx) {
  // The shared suspension model: a suspension point on some path before the
  // use. A body whose flow cannot be built, or a use that is not one of its
  // elements, is not counted (no report rather than a guess).
  const model::CoroutineFlow *Flow = suspensions(Ctx).flowOf(FD);
  return Flow && Flow->suspensionBefore(Use) != nullptr;
}

void DanglingReferenceCheck::checkCall(const CallExpr *Call,
                                       const FunctionDecl &Caller,
                                       const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::optional<model::TaskCall> T = Escapes->taskCall(Call);
  if (!T)
    return;
  // Cheap test first: anything the task could refer to at all.
  bool MayRefer = T->Lambda != nullptr || isa<CXXMemberCallExpr>(Call);
  for (const ParmVarDecl *P : T->Callee->parameters())
    if (P->getType()->isReferenceType() || Escapes->isView(P->getType()))
      MayRefer = true;
  if (!MayRefer)
    return;
  SourceLocation Loc = model::callLocation(Call);
  if (!isUserCode(Loc, SM))
    return;
  model::Escape Esc = Escapes->escapeOf(Call, Caller);
  if (!Esc)
    return;
  auto After = [&](const FunctionDecl *FD, const Stmt *Use) {
    return usedAfterSuspension(FD, Use, Ctx);
  };
  llvm::SmallVector<model::TaskReference, 2> Refs =
      Escapes->references(*T, Caller, After);
  // The caller's locals the task shares by reference: a wait on one of them
  // after the call is a wait for the task.
  llvm::SmallVector<const VarDecl *, 4> Shared;
  for (const model::TaskReference &Ref : Refs)
    if (Ref.Target.Var && (Ref.K == model::TaskReference::RefCapture ||
                           Ref.K == model::TaskReference::Parameter))
      Shared.push_back(Ref.Target.Var);
  if (T->Lambda)
    for (const LambdaCapture &C : T->Lambda->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
          Shared.push_back(VD);
  llvm::SmallVector<model::TaskReference, 2> Dangling;
  for (const model::TaskReference &Ref : Refs)
    if (Escapes->diesFirst(Ref.Target, Esc, Call, Caller, Shared))
      Dangling.push_back(Ref);
  if (Dangling.empty() || !Reported.insert(Loc.getRawEncoding()).second)
    return;
  report(*T, Esc, Dangling, Caller, SM);
}

void DanglingReferenceCheck::report(const model::TaskCall &T,
                                    const model::Escape &Esc,
                                    llvm::ArrayRef<model::TaskReference> Refs,
                                    const FunctionDecl &Caller,
                                    const SourceManager &SM) {
  auto Describe = [&](const model::TaskReference &Ref) -> std::string {
    bool Closure = Ref.K == model::TaskReference::CopyCapture ||
                   Ref.K == model::TaskReference::ThisCapture;
    switch (Ref.Target.Dies) {
    case model::Lifetime::Temporary:
      return Closure ? "a temporary lambda object" : "a temporary";
    case model::Lifetime::Local:
      return "local '" + Ref.Target.Var->getNameAsString() + "'";
    case model::Lifetime::Parameter:
      return "parameter '" + Ref.Target.Var->getNameAsString() + "' of '" +
             Caller.getNameAsString() + "'";
    default:
      return "an object";
    }
  };
  bool Eager = T.Starts != model::Start::Lazy;
  diag(model::callLocation(T.Call),
       "task of %0 %1, but it refers to %2, which can be destroyed before "
       "the task ends")
      << describeCoroutine(*T.Callee) << Esc.How << Describe(Refs.front())
      << model::callRange(T.Call);
  const PrintingPolicy &Policy = Caller.getASTContext().getPrintingPolicy();
  for (const model::TaskReference &Ref : Refs) {
    // What the task refers to, and where its body uses it.
    switch (Ref.K) {
    case model::TaskReference::Parameter:
      if (Ref.Use)
        diag(Ref.Use->getBeginLoc(),
             "the coroutine uses %select{reference|view}0 parameter '%1' "
             "here%select{|, after its first suspension}2",
             DiagnosticIDs::Note)
            << Ref.View << Ref.Param->getName() << Eager;
      else
        diag(Ref.Param->getLocation(),
             "the lazy task keeps %select{reference|view}0 parameter '%1' "
             "until it runs (the coroutine's body is not in this file)",
             DiagnosticIDs::Note)
            << Ref.View << Ref.Param->getName();
      break;
    case model::TaskReference::ImplicitObject:
      diag(Ref.Use ? Ref.Use->getBeginLoc() : T.Callee->getLocation(),
           "the coroutine uses the object it is called on "
           "here%select{|, after its first suspension}0",
           DiagnosticIDs::Note)
          << (Eager && Ref.Use);
      break;
    case model::TaskReference::CopyCapture:
    case model::TaskReference::ThisCapture:
      diag(Ref.Use->getBeginLoc(),
           "the coroutine lambda uses '%0' here%select{|, after its first "
           "suspension}1; the capture lives in the lambda object, not in the "
           "coroutine frame",
           DiagnosticIDs::Note)
          << (Ref.K == model::TaskReference::ThisCapture
                  ? std::string("this")
                  : Ref.Captured->getNameAsString())
          << Eager;
      break;
    case model::TaskReference::RefCapture:
      diag(Ref.Use->getBeginLoc(),
           "the coroutine lambda uses '%0' here%select{|, after its first "
           "suspension}1, captured by reference",
           DiagnosticIDs::Note)
          << Ref.Captured->getNameAsString() << Eager;
      break;
    }
    // Where the referent dies.
    const model::Referent &R = Ref.Target;
    bool Closure = Ref.K == model::TaskReference::CopyCapture ||
                   Ref.K == model::TaskReference::ThisCapture;
    switch (R.Dies) {
    case model::Lifetime::Temporary:
      diag(R.Object->getBeginLoc(),
           "%select{the temporary|the lambda object}0 is destroyed at the end "
           "of the full-expression",
           DiagnosticIDs::Note)
          << Closure << R.Object->getSourceRange();
      break;
    case model::Lifetime::Local: {
      SourceLocation End = Escapes->scopeEnd(R.Var, Caller);
      diag(End.isValid() ? End : R.Var->getLocation(),
           "'%0' is destroyed here, at the end of its block",
           DiagnosticIDs::Note)
          << R.Var->getName();
      break;
    }
    case model::Lifetime::Parameter:
      diag(R.Var->getLocation(),
           "'%0' is a parameter of '%1', destroyed when '%1' %select{returns|"
           "ends}2",
           DiagnosticIDs::Note)
          << R.Var->getName() << Caller.getNameAsString()
          << (model::coroutineBody(&Caller) != nullptr);
      break;
    default:
      break;
    }
    if (Ref.View) {
      std::string Owning = owningTypeFor(Ref.Param->getType(), Policy);
      diag(Ref.Param->getLocation(),
           "a view does not own what it shows; take '%0' by value as "
           "%select{an owning type|'%2'}1 so that the coroutine frame keeps a "
           "copy",
           DiagnosticIDs::Note)
          << Ref.Param->getName() << !Owning.empty() << Owning;
    }
  }
}

COROGUARD_REGISTER_CHECK(DanglingReferenceCheck,
                         "coroguard-dangling-reference");

} // namespace clang::tidy::coroguard
