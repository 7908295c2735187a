//===--- AsyncModel.cpp ---------------------------------------------------===//

#include "AsyncModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include <tuple>

namespace clang::tidy::coroguard::model {

namespace {
/// Roles that imply other roles.
RoleSet withImplied(RoleSet S) {
  if (S.has(Role::BlockingWait))
    S.add(Role::Blocking);
  if (S.has(Role::LazyTask) || S.has(Role::EagerTask))
    S.add(Role::Task);
  return S;
}

/// "asio::x" is also "boost::asio::x" for an alias "asio=boost::asio".
void forEachSpelling(llvm::StringRef Name,
                     llvm::ArrayRef<llvm::StringRef> Aliases,
                     llvm::function_ref<void(llvm::StringRef)> Fn) {
  Fn(Name);
  for (llvm::StringRef Alias : Aliases) {
    auto [From, To] = Alias.split('=');
    if (Name.starts_with(From) && Name.substr(From.size()).starts_with("::"))
      Fn((To + Name.substr(From.size())).str());
  }
}
} // namespace

AsyncModel::AsyncModel(const ModelOptions &Options) {
  // Profiles: "all", or names of built-in profiles. A name that is none of
  // them is an error; a list of nothing but unknown names keeps every
  // profile rather than silently turning all of them off.
  NameList Wanted(Options.Profiles);
  bool All = llvm::StringRef(Options.Profiles).trim() == "all";
  if (!All) {
    std::string Known;
    for (const LibraryProfile *P : builtinProfiles())
      Known += (Known.empty() ? "" : ", ") + P->Name.str();
    bool AnyKnown = false, AnyUnknown = false;
    llvm::SmallVector<llvm::StringRef, 8> Names;
    llvm::StringRef(Options.Profiles).split(Names, ';');
    for (llvm::StringRef Item : Names) {
      llvm::SmallVector<llvm::StringRef, 4> Parts;
      Item.split(Parts, ',');
      for (llvm::StringRef Name : Parts) {
        Name = Name.trim();
        if (Name.empty())
          continue;
        bool Found = false;
        for (const LibraryProfile *P : builtinProfiles())
          Found |= P->Name == Name;
        AnyKnown |= Found;
        if (!Found) {
          AnyUnknown = true;
          ConfigErrors.push_back({"Profiles", Name.str(),
                                  "unknown profile '" + Name.str() +
                                      "' (known profiles: all, " + Known +
                                      ")"});
        }
      }
    }
    All = AnyUnknown && !AnyKnown;
  }
  for (const LibraryProfile *P : builtinProfiles()) {
    if (!All && !Wanted.matches(P->Name))
      continue;
    Active.push_back(P);
    for (const ProfileEntry &E : P->Entries)
      forEachSpelling(E.Name, P->NamespaceAliases, [&](llvm::StringRef N) {
        NameEntry &Entry = ByName[N];
        Entry.Roles.add(E.R);
        if (!E.Detail.empty()) {
          Entry.Details.emplace_back(E.R, E.Detail.str());
          Entry.Libraries.push_back(P->Name);
        }
      });
  }
  const std::tuple<const std::string *, Role, const char *> Lists[] = {
      {&Options.TaskTypes, Role::Task, "TaskTypes"},
      {&Options.LazyTaskTypes, Role::LazyTask, "LazyTaskTypes"},
      {&Options.EagerTaskTypes, Role::EagerTask, "EagerTaskTypes"},
      {&Options.DetachedTypes, Role::DetachedType, "DetachedTypes"},
      {&Options.BlockingFunctions, Role::Blocking, "BlockingFunctions"},
      {&Options.BlockingWaitFunctions, Role::BlockingWait,
       "BlockingWaitFunctions"},
      {&Options.DetachFunctions, Role::Detaches, "DetachFunctions"},
      {&Options.ScopedSpawnFunctions, Role::ScopedSpawn,
       "ScopedSpawnFunctions"},
      {&Options.UnboundedFanoutFunctions, Role::FanoutUnbounded,
       "UnboundedFanoutFunctions"},
      {&Options.BoundedFanoutFunctions, Role::FanoutBounded,
       "BoundedFanoutFunctions"},
      {&Options.ThrottleFunctions, Role::Throttle, "ThrottleFunctions"},
      {&Options.AllowDetachFunctions, Role::AllowDetach,
       "AllowDetachFunctions"},
      {&Options.LockTypes, Role::ThreadLock, "LockTypes"},
      {&Options.AsyncLockTypes, Role::AsyncLock, "AsyncLockTypes"},
      {&Options.AllowedAwaitables, Role::NeverSuspends, "AllowedAwaitables"},
      {&Options.ThreadPinnedTaskTypes, Role::ThreadPinned,
       "ThreadPinnedTaskTypes"},
      {&Options.MultiShotTaskTypes, Role::MultiShot, "MultiShotTaskTypes"},
      {&Options.ConsumingFunctions, Role::Consumes, "ConsumingFunctions"},
      {&Options.LongLivedTypes, Role::LongLived, "LongLivedTypes"},
      {&Options.CancellationTypes, Role::Cancellation, "CancellationTypes"},
  };
  for (auto [Text, R, Option] : Lists) {
    NameList L(*Text);
    for (const std::string &Bad : L.invalidEntries())
      ConfigErrors.push_back(
          {Option, Bad, "invalid regular expression '" + Bad + "'"});
    if (!L.empty())
      OptionLists.emplace_back(std::move(L), R);
  }
}

void AsyncModel::beginTranslationUnit(const ASTContext &Ctx) {
  if (CurrentTU == &Ctx)
    return;
  CurrentTU = &Ctx;
  RoleCache.clear();
  TypeCache.clear();
  LibraryCache.clear();
  LibraryCodeCache.clear();
}

RoleSet AsyncModel::rolesOfName(llvm::StringRef QualifiedName) const {
  RoleSet S;
  auto It = ByName.find(QualifiedName);
  if (It != ByName.end())
    S.add(It->second.Roles);
  for (const auto &[List, R] : OptionLists)
    if (List.matches(QualifiedName))
      S.add(R);
  return S;
}

/// The declarations whose attributes speak for D: itself, its latest
/// redeclaration, and the template it was instantiated from.
static llvm::SmallVector<const Decl *, 4> attributeSources(const Decl *D) {
  llvm::SmallVector<const Decl *, 4> Out{D, D->getMostRecentDecl()};
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      Out.push_back(Pattern);
    if (const FunctionTemplateDecl *Primary = FD->getPrimaryTemplate())
      Out.push_back(Primary->getTemplatedDecl());
  } else if (const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(D)) {
    Out.push_back(CTSD->getSpecializedTemplate()->getTemplatedDecl());
  }
  return Out;
}

RoleSet AsyncModel::annotationRoles(const Decl *D) {
  RoleSet S;
  for (const Decl *Source : attributeSources(D)) {
    if (!Source || !Source->hasAttrs())
      continue;
    for (const auto *A : Source->specific_attrs<AnnotateAttr>()) {
      llvm::StringRef Name = A->getAnnotation();
      if (Name.consume_front("coroguard::"))
        if (std::optional<Role> R = roleFromAnnotation(Name))
          S.add(*R);
    }
    if (Source->hasAttr<CoroReturnTypeAttr>())
      S.add(Role::Task);
#if CLANG_VERSION_MAJOR >= 20
    if (Source->hasAttr<CoroAwaitElidableAttr>())
      S.add(Role::Task);
#endif
  }
  return S;
}

llvm::StringRef AsyncModel::annotationDetail(const NamedDecl *D, Role R) {
  for (const Decl *Source : attributeSources(D)) {
    if (!Source || !Source->hasAttrs())
      continue;
    for (const auto *A : Source->specific_attrs<AnnotateAttr>()) {
      llvm::StringRef Name = A->getAnnotation();
      if (!Name.consume_front("coroguard::") || roleFromAnnotation(Name) != R ||
          A->args_size() == 0)
        continue;
      const Expr *Arg = (*A->args_begin())->IgnoreParenImpCasts();
      if (const auto *CE = dyn_cast<ConstantExpr>(Arg))
        Arg = CE->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *SL = dyn_cast<StringLiteral>(Arg))
        return SL->getString();
    }
  }
  return {};
}

RoleSet AsyncModel::roles(const NamedDecl *D) {
  if (!D)
    return {};
  const Decl *Key = D->getCanonicalDecl();
  auto It = RoleCache.find(Key);
  if (It != RoleCache.end())
    return It->second;
  RoleSet S = annotationRoles(D);
  S.add(rolesOfName(qualifiedName(D)));
  // An override keeps the contract of the virtual it overrides
  // (thread_pool_executor::max_concurrency_level).
  if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
    for (const CXXMethodDecl *Base : MD->overridden_methods())
      S.add(roles(Base));
  S = withImplied(S);
  RoleCache[Key] = S;
  return S;
}

/// The variable behind a function-object call such as blockingWait(t).
static const NamedDecl *calledObject(const CallExpr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Op || Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
    return nullptr;
  const Expr *Obj = Op->getArg(0)->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
    return DRE->getDecl();
  return nullptr;
}

/// The class a member call is made through, when it is not the class that
/// declares the method (std::future<T>::wait lives in std::__basic_future).
static const CXXRecordDecl *objectClass(const CallExpr *Call) {
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call);
  if (!MCE || !MCE->getMethodDecl() || !MCE->getImplicitObjectArgument())
    return nullptr;
  // Look through the derived-to-base cast to the type the user wrote.
  QualType T = MCE->getImplicitObjectArgument()->IgnoreImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || RD == MCE->getMethodDecl()->getParent())
    return nullptr;
  return RD;
}

RoleSet AsyncModel::calleeRoles(const CallExpr *Call) {
  RoleSet S = roles(Call->getDirectCallee());
  if (const NamedDecl *Obj = calledObject(Call)) {
    S.add(roles(Obj));
    if (const auto *VD = dyn_cast<ValueDecl>(Obj))
      if (const CXXRecordDecl *RD =
              VD->getType().getNonReferenceType()->getAsCXXRecordDecl())
        S.add(roles(RD));
  }
  if (const CXXRecordDecl *RD = objectClass(Call))
    S.add(withImplied(rolesOfName(
        qualifiedName(RD) + "::" +
        cast<CXXMemberCallExpr>(Call)->getMethodDecl()->getNameAsString())));
  return S;
}

std::string AsyncModel::calleeName(const CallExpr *Call) {
  if (const NamedDecl *Obj = calledObject(Call)) {
    // A local callable is best known by its plain name.
    if (const auto *VD = dyn_cast<VarDecl>(Obj);
        VD && VD->isLocalVarDeclOrParm())
      return VD->getNameAsString();
    return qualifiedName(Obj);
  }
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()))
    if (MD->getParent()->isLambda())
      return "lambda";
  if (const CXXRecordDecl *RD = objectClass(Call))
    return qualifiedName(RD) + "::" +
           cast<CXXMemberCallExpr>(Call)->getMethodDecl()->getNameAsString();
  if (const FunctionDecl *FD = Call->getDirectCallee())
    return qualifiedName(FD);
  return "";
}

llvm::StringRef AsyncModel::detail(Role R, llvm::StringRef QualifiedName,
                                   llvm::StringRef Library) const {
  auto It = ByName.find(QualifiedName);
  if (It == ByName.end())
    return {};
  const NameEntry &E = It->second;
  for (size_t I = 0; I < E.Details.size(); ++I)
    if (E.Details[I].first == R &&
        (Library.empty() || E.Libraries[I] == Library))
      return E.Details[I].second;
  return {};
}

llvm::StringRef AsyncModel::libraryOf(const NamedDecl *D) {
  if (!D)
    return {};
  const Decl *Key = D->getCanonicalDecl();
  auto It = LibraryCache.find(Key);
  if (It != LibraryCache.end())
    return It->second;
  llvm::StringRef Found = profileClaiming(qualifiedName(D));
  LibraryCache[Key] = Found;
  return Found;
}

llvm::StringRef AsyncModel::profileClaiming(llvm::StringRef Name) const {
  llvm::StringRef Found;
  for (const LibraryProfile *P : Active)
    for (llvm::StringRef NS : P->Namespaces)
      if (Name.starts_with(NS) && Name.substr(NS.size()).starts_with("::"))
        Found = P->Name;
  return Found;
}

bool AsyncModel::isLibraryCode(const Decl *D) {
  if (!D)
    return false;
  // The file being linted is the user's, whatever namespace it writes in: a
  // library's own tests and examples (namespace concurrencpp::tests) are its
  // developers' code, and they run coroguard on it.
  if (CurrentTU) {
    const SourceManager &SM = CurrentTU->getSourceManager();
    SourceLocation Loc = SM.getExpansionLoc(D->getLocation());
    if (Loc.isValid() && SM.isInMainFile(Loc))
      return false;
  }
  // The innermost enclosing namespace, by meaning: an out-of-line
  // definition written at file scope belongs to its class's namespace.
  const DeclContext *DC =
      isa<NamespaceDecl>(D) ? cast<DeclContext>(D) : D->getDeclContext();
  while (DC && !isa<NamespaceDecl>(DC))
    DC = DC->getParent();
  if (!DC)
    return false;
  const auto *NS = cast<NamespaceDecl>(DC);
  const Decl *Key = NS->getCanonicalDecl();
  auto It = LibraryCodeCache.find(Key);
  if (It != LibraryCodeCache.end())
    return It->second;
  // What NS declares is named "NS::x": claimed as any declaration is.
  bool Found = !profileClaiming(qualifiedName(NS) + "::").empty();
  LibraryCodeCache[Key] = Found;
  return Found;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

const CXXRecordDecl *definitionOrPattern(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return CTSD->getSpecializedTemplate()->getTemplatedDecl()->getDefinition();
  return nullptr;
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return RD;
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return CTD->getTemplatedDecl();
  return nullptr;
}

static const NamedDecl *findMemberIn(const CXXRecordDecl *RD,
                                     DeclarationName Name, unsigned Depth) {
  RD = definitionOrPattern(RD);
  if (!RD || Depth > 4)
    return nullptr;
  DeclContextLookupResult R = RD->lookup(Name);
  if (!R.empty())
    return R.front();
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const NamedDecl *Found =
            findMemberIn(recordOf(B.getType()), Name, Depth + 1))
      return Found;
  return nullptr;
}

const NamedDecl *findMember(const CXXRecordDecl *RD, DeclarationName Name) {
  return findMemberIn(RD, Name, 0);
}

const NamedDecl *findMember(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD)
    return nullptr;
  return findMember(RD, DeclarationName(&RD->getASTContext().Idents.get(Name)));
}

std::optional<bool> constantAwaitReady(const CXXRecordDecl *Awaiter) {
  const auto *Ready =
      dyn_cast_or_null<FunctionDecl>(findMember(Awaiter, "await_ready"));
  if (!Ready)
    return std::nullopt;
  const Stmt *Body = Ready->getBody();
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Body))
    Body = CS->size() == 1 ? CS->body_front() : nullptr;
  const auto *Ret = dyn_cast_or_null<ReturnStmt>(Body);
  if (!Ret || !Ret->getRetValue() || Ret->getRetValue()->isValueDependent())
    return std::nullopt;
  bool Value = false;
  if (!Ret->getRetValue()->EvaluateAsBooleanCondition(Value,
                                                      Awaiter->getASTContext()))
    return std::nullopt;
  return Value;
}

namespace {
Start startOf(const CXXRecordDecl *Promise) {
  const auto *Initial =
      dyn_cast_or_null<FunctionDecl>(findMember(Promise, "initial_suspend"));
  if (!Initial)
    return Start::Unknown;
  std::optional<bool> Ready =
      constantAwaitReady(recordOf(Initial->getReturnType()));
  if (!Ready)
    return Start::Unknown;
  return *Ready ? Start::Eager : Start::Lazy;
}

/// Whether a value of the record can let anyone observe the coroutine: it
/// holds a handle, a pointer or reference to shared state, or a member that
/// does.
bool holdsState(const CXXRecordDecl *RD, unsigned Depth = 0) {
  RD = definitionOrPattern(RD);
  if (!RD || Depth > 3)
    return false;
  for (const FieldDecl *F : RD->fields()) {
    QualType T = F->getType();
    if (T->isPointerType() || T->isReferenceType() ||
        T->isMemberPointerType() || T->isDependentType())
      return true;
    if (const CXXRecordDecl *Member = recordOf(T)) {
      if (Member->getName().contains("coroutine_handle") ||
          holdsState(Member, Depth + 1))
        return true;
    }
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (holdsState(recordOf(B.getType()), Depth + 1))
      return true;
  return false;
}

} // namespace

const CXXRecordDecl *promiseOf(const CXXRecordDecl *RD) {
  const NamedDecl *P = findMember(RD, "promise_type");
  if (const auto *Nested = dyn_cast_or_null<CXXRecordDecl>(P))
    return Nested;
  if (const auto *Alias = dyn_cast_or_null<TypedefNameDecl>(P))
    return recordOf(Alias->getUnderlyingType());
  return nullptr;
}

bool isAwaitable(const CXXRecordDecl *RD) {
  RD = definitionOrPattern(RD);
  if (!RD)
    return false;
  if (findMember(RD, "await_ready") && findMember(RD, "await_suspend") &&
      findMember(RD, "await_resume"))
    return true;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (findMember(RD, CoAwait))
    return true;
  // A free operator co_await in the type's namespace.
  const DeclContext *NS = RD->getDeclContext()->getRedeclContext();
  return NS && !NS->lookup(CoAwait).empty();
}

TypeInfo AsyncModel::classify(const CXXRecordDecl *RD) {
  TypeInfo Info;
  Info.Record = RD;
  Info.Library = libraryOf(RD);
  RoleSet R = roles(RD);
  if (R.has(Role::DetachedType)) {
    Info.IsDetached = true;
    Info.Starts = Start::Eager;
    return Info;
  }
  const CXXRecordDecl *Promise = promiseOf(RD);
  if (R.has(Role::Task)) {
    Info.IsTask = true;
    Info.Starts = R.has(Role::LazyTask)    ? Start::Lazy
                  : R.has(Role::EagerTask) ? Start::Eager
                  : Promise                ? startOf(Promise)
                                           : Start::Unknown;
    return Info;
  }
  if (Promise) {
    Info.Starts = startOf(Promise);
    if (Info.Starts == Start::Eager && !holdsState(RD))
      Info.IsDetached = true;
    else
      Info.IsTask = true;
    return Info;
  }
  Info.IsAwaitable = isAwaitable(RD);
  return Info;
}

TypeInfo AsyncModel::typeInfo(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : recordOf(T);
  if (!RD || RD->isInvalidDecl())
    return {};
  const void *Key = RD->getCanonicalDecl();
  auto It = TypeCache.find(Key);
  if (It != TypeCache.end())
    return It->second;
  TypeInfo Info = classify(RD);
  TypeCache[Key] = Info;
  return Info;
}

} // namespace clang::tidy::coroguard::model
