//===--- Cancellation.cpp -------------------------------------------------===//

#include "Cancellation.h"
#include "Discard.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::coroguard::model {

/// The record of a token-like type: references and cv-qualifiers looked
/// through, pointers not.
static const CXXRecordDecl *tokenRecord(QualType T) {
  if (T.isNull() || T->isDependentType())
    return nullptr;
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

/// For a parameter: a std::optional of a token type is a token (libcoro's
/// `std::optional<poll_stop_token> cancel_trigger = std::nullopt`).
static QualType unwrapOptional(QualType T) {
  const CXXRecordDecl *RD = tokenRecord(T);
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getName() != "optional" ||
      !Spec->getDeclContext()->getRedeclContext()->isStdNamespace() ||
      Spec->getTemplateArgs().size() != 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return T;
  return Spec->getTemplateArgs()[0].getAsType();
}

bool CancellationModel::isTokenParameter(QualType T) {
  return isTokenType(unwrapOptional(T)) && !isNeverStopping(unwrapOptional(T));
}

bool CancellationModel::isTokenType(QualType T) {
  const CXXRecordDecl *RD = tokenRecord(T);
  return RD && M.roles(RD).has(Role::Cancellation);
}

bool CancellationModel::isNeverStopping(QualType T) {
  const CXXRecordDecl *RD = tokenRecord(T);
  return RD && M.roles(RD).has(Role::Cancellation) &&
         M.detail(Role::Cancellation, qualifiedName(RD)) == "never";
}

llvm::StringRef CancellationModel::libraryOfToken(QualType T) {
  const CXXRecordDecl *RD = tokenRecord(T);
  return RD ? M.libraryOf(RD) : llvm::StringRef();
}

bool CancellationModel::forwardsImplicitly(const FunctionDecl &Coroutine) {
  const CXXRecordDecl *RD = recordOf(Coroutine.getReturnType());
  return RD && M.roles(RD).has(Role::ForwardsCancellation);
}

/// Whether S names one of the declarations.
static bool mentions(const Stmt *S,
                     const llvm::SmallPtrSetImpl<const Decl *> &Decls) {
  llvm::SmallVector<const Stmt *, 16> Work{S};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur)
      continue;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Cur))
      if (Decls.count(DRE->getDecl()))
        return true;
    if (const auto *ME = dyn_cast<MemberExpr>(Cur))
      if (Decls.count(ME->getMemberDecl()))
        return true;
    for (const Stmt *Child : Cur->children())
      Work.push_back(Child);
  }
  return false;
}

/// Whether S uses `this` (explicitly or by naming a member).
static bool mentionsThis(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 16> Work{S};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur)
      continue;
    if (isa<CXXThisExpr>(Cur))
      return true;
    for (const Stmt *Child : Cur->children())
      Work.push_back(Child);
  }
  return false;
}

bool mentionsToken(const Stmt *S, llvm::ArrayRef<HeldToken> Tokens) {
  llvm::SmallPtrSet<const Decl *, 8> Decls;
  for (const HeldToken &T : Tokens)
    Decls.insert(T.Decl);
  return mentions(S, Decls);
}

/// The class whose members `this` names in a coroutine: its own class for a
/// member function, the enclosing member function's class for a lambda that
/// captures `this`.
static const CXXRecordDecl *thisClass(const FunctionDecl &Coroutine) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine);
  if (!MD || MD->isStatic())
    return nullptr;
  const CXXRecordDecl *RD = MD->getParent();
  // Nested lambdas: each must capture `this`.
  while (RD && RD->isLambda()) {
    bool CapturesThis = false;
    for (const LambdaCapture &C : RD->captures())
      CapturesThis |= C.capturesThis();
    if (!CapturesThis)
      return nullptr;
    const DeclContext *DC = RD->getDeclContext();
    while (DC && !isa<CXXMethodDecl>(DC))
      DC = DC->getParent();
    const auto *Outer = dyn_cast_or_null<CXXMethodDecl>(DC);
    if (!Outer || Outer->isStatic())
      return nullptr;
    RD = Outer->getParent();
  }
  return RD;
}

llvm::SmallVector<HeldToken, 4>
CancellationModel::heldTokens(const FunctionDecl &Coroutine,
                              const CoroutineBodyStmt &Body,
                              const SourceManager &SM) {
  llvm::SmallVector<HeldToken, 4> Held;
  auto Holds = [&](QualType T) {
    return isTokenType(T) && !isNeverStopping(T);
  };
  for (const ParmVarDecl *P : Coroutine.parameters())
    if (P && !P->getName().empty() && Holds(P->getType()))
      Held.push_back({P, HeldToken::Kind::Parameter, {}});
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine))
    if (MD->getParent()->isLambda())
      for (const LambdaCapture &C : MD->getParent()->captures())
        if (C.capturesVariable())
          if (const ValueDecl *V = C.getCapturedVar(); V && Holds(V->getType()))
            Held.push_back({V, HeldToken::Kind::Capture, {}});
  if (const CXXRecordDecl *RD = thisClass(Coroutine)) {
    // The class and its bases, a few levels deep.
    llvm::SmallVector<std::pair<const CXXRecordDecl *, unsigned>, 4> Work{
        {RD, 0}};
    while (!Work.empty()) {
      auto [Cur, Depth] = Work.pop_back_val();
      Cur = definitionOrPattern(Cur);
      if (!Cur || Depth > 4)
        continue;
      for (const FieldDecl *F : Cur->fields())
        if (!F->getName().empty() && Holds(F->getType()))
          Held.push_back({F, HeldToken::Kind::Member, {}});
      for (const CXXBaseSpecifier &B : Cur->bases())
        Work.push_back({recordOf(B.getType()), Depth + 1});
    }
  }
  // Locals of a token type initialised from what the caller handed in (a
  // token held, a parameter, a capture, a member of `this`: `req.token`,
  // `source_.get_token()`), visible to the end of their block. A token
  // made from the coroutine's own stop source is for the work it starts,
  // not for its own operations.
  llvm::SmallPtrSet<const Decl *, 8> Sources;
  for (const HeldToken &T : Held)
    Sources.insert(T.Decl);
  for (const ParmVarDecl *P : Coroutine.parameters())
    Sources.insert(P);
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine))
    if (MD->getParent()->isLambda())
      for (const LambdaCapture &C : MD->getParent()->captures())
        if (C.capturesVariable())
          Sources.insert(C.getCapturedVar());
  bool HasThis = thisClass(Coroutine) != nullptr;
  forEachStmtInBody(&Body, [&](const Stmt *S, StmtPlace) {
    const auto *Block = dyn_cast<CompoundStmt>(S);
    if (!Block)
      return;
    for (const Stmt *Child : Block->body()) {
      const auto *DS = dyn_cast<DeclStmt>(Child);
      if (!DS)
        continue;
      for (const Decl *D : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(D);
        if (!VD || VD->getName().empty() || !VD->getInit() ||
            !Holds(VD->getType()) || isEmptyToken(VD->getInit()) ||
            !(mentions(VD->getInit(), Sources) ||
              (HasThis && mentionsThis(VD->getInit()))))
          continue;
        Held.push_back({VD, HeldToken::Kind::Local,
                        SourceRange(VD->getEndLoc(), Block->getRBracLoc())});
      }
    }
  });
  (void)SM;
  return Held;
}

unsigned writtenArgumentCount(const CallExpr *Call) {
  unsigned N = Call->getNumArgs();
  for (unsigned I = 0; I < N; ++I)
    if (!Call->getArg(I) || isa<CXXDefaultArgExpr>(Call->getArg(I)))
      return I;
  return N;
}

/// The parameter types of FD, printed: "(duration, cancellation_token)".
static std::string signature(const FunctionDecl *FD) {
  PrintingPolicy Policy(FD->getASTContext().getLangOpts());
  Policy.SuppressUnwrittenScope = true;
  std::string Out = FD->getNameAsString() + "(";
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    if (I)
      Out += ", ";
    Out += FD->getParamDecl(I)->getType().getAsString(Policy);
  }
  return Out + ")";
}

static TokenPosition positionOf(unsigned Index, unsigned NumParams) {
  if (Index + 1 == NumParams)
    return TokenPosition::Last;
  if (Index == 0)
    return TokenPosition::First;
  return TokenPosition::Middle;
}

/// Whether two parameter types are the same, as far as "the same
/// parameters plus a token" goes: a dependent type matches anything.
static bool sameParameter(QualType A, QualType B) {
  if (A.isNull() || B.isNull())
    return false;
  if (A->isDependentType() || B->isDependentType())
    return true;
  auto Plain = [](QualType T) {
    return T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  };
  return Plain(A) == Plain(B);
}

/// The functions of a name that could be overloads of FD: members of its
/// class and of its bases, or functions of its namespace.
static void
forEachCandidate(const FunctionDecl *FD, DeclarationName Name,
                 llvm::function_ref<void(const FunctionDecl *)> Fn) {
  auto Visit = [&](DeclContextLookupResult R) {
    for (const NamedDecl *ND : R) {
      if (const auto *USD = dyn_cast<UsingShadowDecl>(ND))
        ND = USD->getTargetDecl();
      if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(ND))
        ND = FTD->getTemplatedDecl();
      if (const auto *Cand = dyn_cast<FunctionDecl>(ND))
        Fn(Cand);
    }
  };
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    llvm::SmallVector<std::pair<const CXXRecordDecl *, unsigned>, 4> Work{
        {MD->getParent(), 0}};
    while (!Work.empty()) {
      auto [Cur, Depth] = Work.pop_back_val();
      Cur = definitionOrPattern(Cur);
      if (!Cur || Depth > 4)
        continue;
      Visit(Cur->lookup(Name));
      for (const CXXBaseSpecifier &B : Cur->bases())
        Work.push_back({recordOf(B.getType()), Depth + 1});
    }
    return;
  }
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  if (DC->isFunctionOrMethod())
    return;
  Visit(DC->lookup(Name));
}

/// The declaration whose parameter types say what FD was written to take:
/// the template's for an instantiation.
static const FunctionDecl *pattern(const FunctionDecl *FD) {
  if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    return P;
  return FD;
}

/// An overload (or alternative) Cand that takes FD's parameters plus one
/// token: the index of that token, if so.
static std::optional<unsigned> extraTokenParameter(CancellationModel &C,
                                                   const FunctionDecl *FD,
                                                   const FunctionDecl *Cand) {
  if (Cand->isInvalidDecl() || Cand->getNumParams() != FD->getNumParams() + 1 ||
      Cand->isVariadic() != FD->isVariadic() ||
      isa<CXXMethodDecl>(Cand) != isa<CXXMethodDecl>(FD))
    return std::nullopt;
  for (unsigned K = 0; K < Cand->getNumParams(); ++K) {
    if (!C.isTokenParameter(Cand->getParamDecl(K)->getType()))
      continue;
    bool Same = true;
    for (unsigned J = 0, I = 0; J < Cand->getNumParams() && Same; ++J) {
      if (J == K)
        continue;
      Same = sameParameter(Cand->getParamDecl(J)->getType(),
                           FD->getParamDecl(I++)->getType());
    }
    if (Same)
      return K;
  }
  return std::nullopt;
}

std::optional<CancellableForm>
CancellationModel::structuralForm(const CallExpr *Call,
                                  const SourceManager &SM) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || isa<CXXOperatorCallExpr>(Call) || FD->isInvalidDecl())
    return std::nullopt;
  unsigned Written = writtenArgumentCount(Call);
  // A token parameter left to its default argument.
  for (unsigned I = Written; I < Call->getNumArgs() && I < FD->getNumParams();
       ++I) {
    QualType T = FD->getParamDecl(I)->getType();
    if (!isTokenParameter(T))
      continue;
    CancellableForm F;
    F.K = CancellableForm::Kind::DefaultedParameter;
    F.Function = FD;
    F.Description = FD->getParamDecl(I)->getName().empty()
                        ? signature(FD)
                        : FD->getParamDecl(I)->getNameAsString();
    F.TokenIndex = I;
    F.TokenType = pattern(FD)->getNumParams() > I
                      ? pattern(FD)->getParamDecl(I)->getType()
                      : T;
    F.Position = positionOf(I, FD->getNumParams());
    F.Appendable = I == Written;
    return F;
  }
  DeclarationName Name = FD->getDeclName();
  if (!Name.isIdentifier() || isa<CXXConstructorDecl>(FD))
    return std::nullopt;
  // A call that passes a token already has one.
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (isTokenType(unwrapOptional(FD->getParamDecl(I)->getType())))
      return std::nullopt;
  const FunctionDecl *Self = pattern(FD)->getCanonicalDecl();
  SourceLocation CallLoc = SM.getExpansionLoc(Call->getBeginLoc());
  std::optional<CancellableForm> Found;
  forEachCandidate(FD, Name, [&](const FunctionDecl *Cand) {
    if (Found || Cand->getCanonicalDecl() == Self ||
        Cand->getCanonicalDecl() == FD->getCanonicalDecl())
      return;
    // A namespace's function is visible from its declaration on; a class's
    // members everywhere in the class.
    if (!isa<CXXMethodDecl>(Cand) &&
        !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Cand->getLocation()),
                                      CallLoc))
      return;
    std::optional<unsigned> K = extraTokenParameter(*this, FD, Cand);
    if (!K)
      return;
    CancellableForm F;
    F.K = CancellableForm::Kind::Overload;
    F.Function = Cand;
    F.Description = signature(Cand);
    F.TokenIndex = *K;
    F.TokenType = Cand->getParamDecl(*K)->getType();
    F.Position = positionOf(*K, Cand->getNumParams());
    F.Appendable = F.Position == TokenPosition::Last &&
                   Written == FD->getNumParams() && !FD->isVariadic();
    Found = std::move(F);
  });
  return Found;
}

std::optional<CancellableForm>
CancellationModel::alternativeForm(const CallExpr *Call,
                                   llvm::StringRef Library) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || isa<CXXOperatorCallExpr>(Call) || Library.empty())
    return std::nullopt;
  llvm::StringRef Alt =
      M.detail(Role::CancellableAlternative, M.calleeName(Call), Library);
  if (Alt.empty())
    return std::nullopt;
  CancellableForm F;
  F.K = CancellableForm::Kind::Alternative;
  F.Description = Alt.str();
  F.Library = Library;
  // The alternative's declaration, when it is visible beside the callee.
  llvm::StringRef Last = Alt.rsplit("::").second;
  if (Last.empty())
    Last = Alt;
  DeclarationName Name(&FD->getASTContext().Idents.get(Last));
  forEachCandidate(FD, Name, [&](const FunctionDecl *Cand) {
    if (F.Function)
      return;
    std::optional<unsigned> K = extraTokenParameter(*this, FD, Cand);
    if (!K)
      return;
    F.Function = Cand;
    F.TokenIndex = *K;
    F.TokenType = Cand->getParamDecl(*K)->getType();
    F.Position = positionOf(*K, Cand->getNumParams());
    F.Appendable = F.Position == TokenPosition::Last &&
                   writtenArgumentCount(Call) == FD->getNumParams() &&
                   !FD->isVariadic();
  });
  return F;
}

bool CancellationModel::accepts(const CancellableForm &Form, QualType Held) {
  if (Form.TokenType.isNull())
    return libraryOfToken(Held) == Form.Library;
  if (Form.TokenType->isDependentType())
    return true;
  const CXXRecordDecl *A = tokenRecord(unwrapOptional(Form.TokenType));
  const CXXRecordDecl *B = tokenRecord(Held);
  return A && B && A->getCanonicalDecl() == B->getCanonicalDecl();
}

bool CancellationModel::accepts(const FunctionDecl *FD, unsigned Index,
                                QualType Held) {
  const FunctionDecl *P = pattern(FD);
  if (Index >= P->getNumParams() || Index >= FD->getNumParams())
    return false;
  if (P->getParamDecl(Index)->getType()->isDependentType())
    return true;
  const CXXRecordDecl *A =
      tokenRecord(unwrapOptional(FD->getParamDecl(Index)->getType()));
  const CXXRecordDecl *B = tokenRecord(Held);
  return A && B && A->getCanonicalDecl() == B->getCanonicalDecl();
}

bool CancellationModel::isEmptyToken(const Expr *Arg) {
  const Expr *E = Arg;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BTE->getSubExpr();
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E);
             FC && FC->getCastKind() == CK_NoOp)
      E = FC->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() >= 1 &&
             (CE->getConstructor()->isCopyOrMoveConstructor() ||
              unwrapOptional(CE->getType()) != CE->getType()))
      E = CE->getArg(0);
    else
      break;
  }
  if (!E)
    return false;
  // std::nullopt for a std::optional token.
  if (const CXXRecordDecl *RD = tokenRecord(E->getType());
      RD && RD->getName() == "nullopt_t" &&
      RD->getDeclContext()->getRedeclContext()->isStdNamespace())
    return true;
  if (isNeverStopping(E->getType()))
    return true;
  if (!isTokenType(unwrapOptional(E->getType())))
    return false;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    return CE->getNumArgs() == 0 ||
           llvm::all_of(CE->arguments(), [](const Expr *A) {
             return isa<CXXDefaultArgExpr>(A);
           });
  if (const auto *ILE = dyn_cast<InitListExpr>(E))
    return ILE->getNumInits() == 0;
  return false;
}

} // namespace clang::tidy::coroguard::model
