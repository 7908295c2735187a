//===--- Spawn.cpp --------------------------------------------------------===//

#include "Spawn.h"
#include "AsyncModel.h"
#include "Callables.h"
#include "CoroutineContext.h"
#include "Discard.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::coroguard::model {

/// Whether E is async work: a task or awaitable value, or a callable that
/// returns one.
static bool isAsyncWork(AsyncModel &M, const Expr *E) {
  if (!E || E->containsErrors())
    return false;
  TypeInfo Info = M.typeInfo(E->getType());
  if (Info.mustBeUsed() || Info.IsDetached)
    return true;
  QualType R = callResult(E);
  if (R.isNull())
    return false;
  TypeInfo Result = M.typeInfo(R);
  return Result.mustBeUsed() || Result.IsDetached;
}

/// The arguments of a call as written: a function object's own object and
/// defaulted arguments left out.
static llvm::SmallVector<const Expr *, 4>
writtenArguments(const CallExpr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  unsigned First = Op && Op->getOperator() == OO_Call ? 1 : 0;
  llvm::SmallVector<const Expr *, 4> Args;
  for (unsigned I = First; I < Call->getNumArgs(); ++I)
    if (Call->getArg(I) && !isa<CXXDefaultArgExpr>(Call->getArg(I)))
      Args.push_back(Call->getArg(I));
  return Args;
}

const Expr *startedWork(AsyncModel &M, const CallExpr *Call) {
  if (!Call || Call->containsErrors())
    return nullptr;
  llvm::SmallVector<const Expr *, 4> Args = writtenArguments(Call);
  for (const Expr *Arg : Args)
    if (isAsyncWork(M, Arg))
      return Arg;
  if (!Args.empty())
    return Args.front();
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call))
    if (const Expr *Object = MCE->getImplicitObjectArgument();
        Object && isAsyncWork(M, Object))
      return Object;
  return nullptr;
}

/// Whether values of T are (or point to) an inline executor.
static bool isInlineExecutor(AsyncModel &M, QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (M.roles(RD).has(Role::InlineExecutor))
    return true;
  // std::shared_ptr<inline_executor>, Executor::KeepAlive<InlineExecutor>:
  // a class with operator-> over its first type argument.
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type ||
      !findMember(RD, RD->getASTContext().DeclarationNames.getCXXOperatorName(
                          OO_Arrow)))
    return false;
  const CXXRecordDecl *Pointee =
      Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return Pointee && M.roles(Pointee).has(Role::InlineExecutor);
}

bool runsInline(AsyncModel &M, const CallExpr *Call) {
  if (!Call || Call->containsErrors())
    return false;
  bool Inline = false;
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call))
    if (const Expr *Object = MCE->getImplicitObjectArgument())
      Inline = isInlineExecutor(M, Object->IgnoreImpCasts()->getType());
  for (const Expr *Arg : writtenArguments(Call)) {
    if (isInlineExecutor(M, Arg->IgnoreImpCasts()->getType()))
      Inline = true;
    else if (isAsyncWork(M, Arg))
      return false;
  }
  return Inline;
}

DetachingCall detachingCall(AsyncModel &M, const CallExpr *Call) {
  if (!Call || Call->containsErrors() || Call->isTypeDependent())
    return {};
  RoleSet Callee = M.calleeRoles(Call);
  if (Callee.has(Role::ScopedSpawn))
    return {};
  const Expr *Token = nullptr;
  std::string TokenName;
  llvm::SmallVector<const Expr *, 4> Args;
  for (const Expr *Arg : writtenArguments(Call)) {
    if (!Token && !Arg->containsErrors()) {
      if (const CXXRecordDecl *RD =
              Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
          RD && M.roles(RD).has(Role::Detaches)) {
        Token = Arg;
        const auto *DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
        TokenName = qualifiedName(
            DRE ? static_cast<const NamedDecl *>(DRE->getDecl()) : RD);
        continue;
      }
    }
    Args.push_back(Arg);
  }
  DetachingCall Result;
  std::string Name = M.calleeName(Call);
  if (Name.empty())
    return {};
  if (Callee.has(Role::Detaches))
    Result.How = "'" + Name + "'";
  else if (Token)
    Result.How = "'" + Name + "' with '" + TokenName + "'";
  else
    return {};
  for (const Expr *Arg : Args)
    if (isAsyncWork(M, Arg)) {
      Result.Work = Arg;
      return Result;
    }
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call);
  const Expr *Object = MCE ? MCE->getImplicitObjectArgument() : nullptr;
  // x.start(), p.detach(), lazy.start(callback): an object that is async
  // work is the work; a callback only observes its result.
  if (Object && isAsyncWork(M, Object)) {
    Result.Work = Object;
    return Result;
  }
  if (Args.size() == 1) {
    Result.Work = Args.front();
    return Result;
  }
  if (MCE && Args.empty())
    return {};
  return Result;
}

static const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  if (const FunctionDecl *Def = FD->getDefinition())
    return Def;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    return Pattern->getDefinition();
  return nullptr;
}

/// The expression a plain function returns when its whole body is
/// `return E;`.
static const Expr *onlyReturnValue(const FunctionDecl *FD) {
  const auto *CS = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!CS || CS->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(CS->body_front());
  return Ret ? Ret->getRetValue() : nullptr;
}

static const FunctionDecl *spawnedFunction(const Expr *Work, unsigned Depth) {
  if (!Work || Depth > 3 || Work->containsErrors())
    return nullptr;
  const Expr *E = producedValue(Work);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // The work is what a call creates: follow it to the coroutine.
    if (!Call->isPRValue() || Call->getType()->isReferenceType())
      return nullptr;
    const FunctionDecl *Def = definitionOf(Call->getDirectCallee());
    if (!Def)
      return nullptr;
    if (coroutineBody(Def))
      return Def;
    return spawnedFunction(onlyReturnValue(Def), Depth + 1);
  }
  // The work is a callable that runs (or makes the coroutine) when called.
  const FunctionDecl *Def = definitionOf(invokedFunction(E));
  if (!Def || coroutineBody(Def))
    return Def;
  if (const FunctionDecl *Next =
          spawnedFunction(onlyReturnValue(Def), Depth + 1))
    return Next;
  return Def;
}

const FunctionDecl *spawnedFunction(const Expr *Work) {
  return spawnedFunction(Work, 0);
}

/// Whether a handler catches everything a careful caller would: `...` or
/// std::exception.
static bool catchesAll(const CXXCatchStmt *H) {
  QualType T = H->getCaughtType();
  if (T.isNull())
    return true; // catch (...)
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getUnqualifiedType()->getAsCXXRecordDecl();
  return RD && qualifiedName(RD) == "std::exception";
}

/// Whether a handler lets an exception out again.
static bool throwsAgain(const CXXCatchStmt *H) {
  bool Throws = false;
  forEachStmtInBody(H->getHandlerBlock(), [&](const Stmt *S, StmtPlace) {
    if (isa<CXXThrowExpr>(S))
      Throws = true;
    else if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = Call->getDirectCallee())
        if (qualifiedName(FD) == "std::rethrow_exception")
          Throws = true;
  });
  return Throws;
}

bool handlesOwnExceptions(const FunctionDecl *FD) {
  FD = definitionOf(FD);
  if (!FD)
    return false;
  const Stmt *Body = FD->getBody();
  if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = CB->getBody();
  const auto *Try = dyn_cast_or_null<CXXTryStmt>(Body);
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Body)) {
    for (const Stmt *S : CS->body()) {
      if (isa<NullStmt>(S))
        continue;
      if (!Try) {
        Try = dyn_cast<CXXTryStmt>(S);
        if (!Try)
          return false;
        continue;
      }
      // After the try, only a bare return.
      const auto *CoRet = dyn_cast<CoreturnStmt>(S);
      const auto *Ret = dyn_cast<ReturnStmt>(S);
      if (!(CoRet && !CoRet->getOperand()) && !(Ret && !Ret->getRetValue()))
        return false;
    }
  }
  if (!Try)
    return false;
  bool CatchesAll = false;
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *H = Try->getHandler(I);
    if (throwsAgain(H))
      return false;
    CatchesAll |= catchesAll(H);
  }
  return CatchesAll;
}

bool isAllowedToDetach(AsyncModel &M, const FunctionDecl *FD) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
    if (DC->isFileContext())
      return false;
    if (const auto *F = dyn_cast<FunctionDecl>(DC))
      if (M.roles(F).has(Role::AllowDetach))
        return true;
  }
  return false;
}

} // namespace clang::tidy::coroguard::model
