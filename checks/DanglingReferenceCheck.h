//===--- DanglingReferenceCheck.h - coroguard-dangling-reference -*- C++
//-*-===//

#ifndef COROGUARD_DANGLINGREFERENCECHECK_H
#define COROGUARD_DANGLINGREFERENCECHECK_H

#include "model/CoroGuardCheck.h"
#include "model/Escape.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace clang::tidy::coroguard {

/// Finds a task that outlives what it refers to: a coroutine given a
/// temporary, or a local that dies first, through a reference or view
/// parameter it uses, or a coroutine lambda whose captures die with a lambda
/// object that is gone before the task ends; reported only where the task
/// escapes the full-expression that creates it (stored, returned, detached,
/// spawned, kept) and the referent can die first. `co_await f(temporary)`
/// is never reported.
///
/// Docs: docs/checks/dangling-reference.md
class DanglingReferenceCheck : public CoroGuardCheck {
public:
  DanglingReferenceCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void onNewTranslationUnit() override;
  void checkCall(const CallExpr *Call, const FunctionDecl &Caller,
                 const ASTContext &Ctx);
  void report(const model::TaskCall &T, const model::Escape &Esc,
              llvm::ArrayRef<model::TaskReference> Refs,
              const FunctionDecl &Caller, const SourceManager &SM);
  bool usedAfterSuspension(const FunctionDecl *FD, const Stmt *Use,
                           const ASTContext &Ctx);

  const std::string ViewTypes;
  const std::string AllowedTypes;
  std::unique_ptr<model::EscapeAnalysis> Escapes;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coroguard

#endif
