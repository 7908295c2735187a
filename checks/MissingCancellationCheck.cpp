//===--- MissingCancellationCheck.cpp - coroguard-missing-cancellation ----===//

#include "MissingCancellationCheck.h"
#include "model/Blocking.h"
#include "model/CheckRegistry.h"
#include "model/CoroutineContext.h"
#include "model/Discard.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coroguard {

void MissingCancellationCheck::registerMatchers(MatchFinder *Finder) {
  registerCoroutineMatchers(Finder);
}

void MissingCancellationCheck::check(const MatchFinder::MatchResult &Result) {
  dispatchCoroutine(Result);
}

void MissingCancellationCheck::onCoroutine(
    const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
    const MatchFinder::MatchResult &Result) {
  // Templates are read in their instantiations, where calls resolve.
  if (Coroutine.isDependentContext())
    return;
  const SourceManager &SM = *Result.SourceManager;
  model::AsyncModel &M = model(*Result.Context);
  model::CancellationModel C(M);
  llvm::SmallVector<model::HeldToken, 4> Held =
      C.heldTokens(Coroutine, Body, SM);
  if (Held.empty())
    return;
  bool Forwards = C.forwardsImplicitly(Coroutine);
  // Operands of co_await / co_yield / co_return: async whatever their type
  // (a sender awaited through the promise's await_transform).
  llvm::SmallPtrSet<const Expr *, 16> Awaited;
  model::forEachEvaluatedStmt(&Body, [&](const Stmt *S) {
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(S)) {
      if (const Expr *Operand = Suspend->getOperand())
        Awaited.insert(model::producedValue(Operand));
      return;
    }
    if (const auto *Return = dyn_cast<CoreturnStmt>(S)) {
      if (const Expr *Operand = Return->getOperand())
        Awaited.insert(model::producedValue(Operand));
      return;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || isa<CXXOperatorCallExpr>(Call) || Call->containsErrors() ||
        !Call->getDirectCallee() || !isUserCode(model::callLocation(Call), SM))
      return;
    if (!Awaited.count(Call) && !M.typeInfo(Call->getType()).mustBeUsed())
      return;
    checkCall(Call, Coroutine, Held, Forwards, C, M, SM);
  });
}

/// How a message says where the token goes.
static std::string positionText(model::TokenPosition P, unsigned Index) {
  switch (P) {
  case model::TokenPosition::First:
    return " as its first argument";
  case model::TokenPosition::Last:
    return " as its last argument";
  case model::TokenPosition::Middle:
    return " as argument " + std::to_string(Index + 1);
  case model::TokenPosition::Unknown:
    break;
  }
  return "";
}

/// Whether a source range can take an edit: both ends in the file, not in a
/// macro expansion.
static bool editable(SourceRange R) {
  return R.isValid() && R.getBegin().isFileID() && R.getEnd().isFileID();
}

void MissingCancellationCheck::checkCall(const CallExpr *Call,
                                         const FunctionDecl &Coroutine,
                                         llvm::ArrayRef<model::HeldToken> Held,
                                         bool Forwards,
                                         model::CancellationModel &C,
                                         model::AsyncModel &M,
                                         const SourceManager &SM) {
  const FunctionDecl *FD = Call->getDirectCallee();
  SourceLocation Where = SM.getExpansionLoc(Call->getBeginLoc());
  auto InScope = [&](const model::HeldToken &T) {
    if (T.K != model::HeldToken::Kind::Local)
      return true;
    SourceLocation B = SM.getExpansionLoc(T.Scope.getBegin());
    SourceLocation E = SM.getExpansionLoc(T.Scope.getEnd());
    return SM.isBeforeInTranslationUnit(B, Where) &&
           SM.isBeforeInTranslationUnit(Where, E);
  };
  unsigned Written = model::writtenArgumentCount(Call);

  // Tokens the call passes: an empty one while a token is held is reported;
  // any other means the call is cancellable as written.
  bool PassesToken = false;
  for (unsigned I = 0; I < Written; ++I) {
    const Expr *Arg = Call->getArg(I);
    QualType ParamType = I < FD->getNumParams() ? FD->getParamDecl(I)->getType()
                                                : Arg->getType();
    if (!C.isTokenParameter(ParamType) && !C.isTokenType(Arg->getType()))
      continue;
    PassesToken = true;
    if (!C.isEmptyToken(Arg) || !isUserCode(Arg->getBeginLoc(), SM))
      continue;
    // An empty token given to a call made to set one is a deliberate shield.
    if (M.calleeRoles(Call).has(model::Role::SetsCancellation))
      continue;
    const model::HeldToken *Token = nullptr;
    for (const model::HeldToken &T : Held)
      if (InScope(T) && C.accepts(FD, I, T.Decl->getType())) {
        Token = &T;
        break;
      }
    if (!Token)
      continue;
    {
      auto D = diag(Arg->getBeginLoc(),
                    "empty cancellation token passed to '%0' while %1 holds "
                    "the cancellation token '%2'; the operation cannot be "
                    "cancelled")
               << M.calleeName(Call) << describeCoroutine(Coroutine)
               << Token->Decl->getName() << Arg->getSourceRange();
      if (editable(Arg->getSourceRange()))
        D << FixItHint::CreateReplacement(
            CharSourceRange::getTokenRange(Arg->getSourceRange()),
            Token->Decl->getName());
    }
    noteToken(*Token, SM);
  }
  if (PassesToken || Forwards)
    return;
  // The token handed on some other way (wrapped, bound to a completion
  // token, converted).
  for (unsigned I = 0; I < Written; ++I)
    if (model::mentionsToken(Call->getArg(I), Held))
      return;

  std::optional<model::CancellableForm> Form = C.structuralForm(Call, SM);
  const model::HeldToken *Token = nullptr;
  if (Form)
    for (const model::HeldToken &T : Held)
      if (InScope(T) && C.accepts(*Form, T.Decl->getType())) {
        Token = &T;
        break;
      }
  if (!Token)
    for (const model::HeldToken &T : Held) {
      if (!InScope(T))
        continue;
      std::optional<model::CancellableForm> Alt =
          C.alternativeForm(Call, C.libraryOfToken(T.Decl->getType()));
      if (Alt && C.accepts(*Alt, T.Decl->getType())) {
        Form = std::move(Alt);
        Token = &T;
        break;
      }
    }
  if (!Form || !Token)
    return;

  std::string How;
  switch (Form->K) {
  case model::CancellableForm::Kind::DefaultedParameter:
    How = "its parameter '" + Form->Description +
          "' takes it and is left to its default";
    break;
  case model::CancellableForm::Kind::Overload:
    How = "the overload '" + Form->Description + "' takes it" +
          positionText(Form->Position, Form->TokenIndex);
    break;
  case model::CancellableForm::Kind::Alternative:
    How = "'" + Form->Description + "' takes it" +
          positionText(Form->Position, Form->TokenIndex);
    break;
  }
  {
    auto D = diag(model::callLocation(Call),
                  "'%0' is called without the cancellation token '%1' that "
                  "%2 holds; %3, and without it the operation keeps running "
                  "after cancellation is requested")
             << M.calleeName(Call) << Token->Decl->getName()
             << describeCoroutine(Coroutine) << How << model::callRange(Call);
    SourceLocation RParen = Call->getRParenLoc();
    bool CanFix =
        Form->Appendable && editable(SourceRange(Call->getBeginLoc(), RParen));
    // An alternative also renames the callee.
    std::optional<FixItHint> Rename;
    if (CanFix && Form->K == model::CancellableForm::Kind::Alternative) {
      CanFix = false;
      const Expr *Callee = Call->getCallee()->IgnoreImplicit();
      SourceLocation NameLoc;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee))
        NameLoc = DRE->getNameInfo().getLoc();
      else if (const auto *ME = dyn_cast<MemberExpr>(Callee))
        NameLoc = ME->getMemberLoc();
      llvm::StringRef NewName =
          llvm::StringRef(Form->Description).rsplit("::").second;
      if (NewName.empty())
        NewName = Form->Description;
      if (NameLoc.isValid() && NameLoc.isFileID()) {
        Rename = FixItHint::CreateReplacement(
            CharSourceRange::getTokenRange(NameLoc, NameLoc), NewName);
        CanFix = true;
      }
    }
    if (CanFix) {
      if (Rename)
        D << *Rename;
      D << FixItHint::CreateInsertion(
          RParen, ((Written == 0 ? "" : ", ") + Token->Decl->getName()).str());
    }
  }
  noteToken(*Token, SM);
}

void MissingCancellationCheck::noteToken(const model::HeldToken &Token,
                                         const SourceManager &SM) {
  SourceLocation Loc = Token.Decl->getLocation();
  if (!isUserCode(Loc, SM))
    return;
  const char *What = "cancellation token '%0' declared here";
  switch (Token.K) {
  case model::HeldToken::Kind::Capture:
    What = "cancellation token '%0' captured from here";
    break;
  case model::HeldToken::Kind::Member:
    What = "cancellation token '%0' is a member declared here";
    break;
  default:
    break;
  }
  diag(Loc, What, DiagnosticIDs::Note) << Token.Decl->getName();
}

COROGUARD_REGISTER_CHECK(MissingCancellationCheck,
                         "coroguard-missing-cancellation");

} // namespace clang::tidy::coroguard
