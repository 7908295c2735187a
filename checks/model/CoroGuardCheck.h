//===--- CoroGuardCheck.h - What every coroguard check shares --*- C++ -*-===//
//
// Reads the model's options (check-local "<check>.X" first, then the
// module-wide "coroguard.X"), owns the model, reports bad configuration once,
// and finds coroutine definitions (functions and lambdas, each once) for the
// checks that look inside them.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_COROGUARDCHECK_H
#define COROGUARD_MODEL_COROGUARDCHECK_H

#include "AsyncModel.h"
#include "Suspension.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang {
class CoroutineBodyStmt;
} // namespace clang

namespace clang::tidy::coroguard {

class CoroGuardCheck : public ClangTidyCheck {
public:
  CoroGuardCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override;

protected:
  /// The model, its caches tied to the translation unit of Ctx.
  model::AsyncModel &model(const ASTContext &Ctx) {
    if (&Ctx != CurrentTU) {
      CurrentTU = &Ctx;
      Model.beginTranslationUnit(Ctx);
      Suspensions.reset();
      SeenCoroutines.clear();
      onNewTranslationUnit();
    }
    return Model;
  }
  /// Where coroutines suspend (see Suspension.h), its caches tied to the
  /// translation unit of Ctx.
  model::SuspensionModel &suspensions(const ASTContext &Ctx) {
    model(Ctx);
    return Suspensions;
  }
  /// The model before any translation unit, for constructors.
  model::AsyncModel &modelForSetup() { return Model; }
  /// Called when model(Ctx) sees a new translation unit: drop caches.
  virtual void onNewTranslationUnit() {}

  /// An option shared by all coroguard checks: "<check>.Name", else
  /// "coroguard.Name", else Default.
  std::string sharedOption(llvm::StringRef Name, llvm::StringRef Default);
  unsigned sharedOption(llvm::StringRef Name, unsigned Default);

  /// Adds matchers that find coroutine definitions; check() must pass its
  /// results to dispatchCoroutine, which calls onCoroutine once for each.
  void registerCoroutineMatchers(ast_matchers::MatchFinder *Finder);
  bool dispatchCoroutine(const ast_matchers::MatchFinder::MatchResult &Result);
  virtual void
  onCoroutine(const FunctionDecl &Coroutine, const CoroutineBodyStmt &Body,
              const ast_matchers::MatchFinder::MatchResult &Result) {}

  /// For checks that look at every function of the user's code: one match
  /// per translation unit, whose functions are then read from its
  /// declarations (a functionDecl() matcher would be tried on every
  /// declaration of every header). check() passes its results to
  /// forEachUserFunction.
  void registerUserFunctionsMatcher(ast_matchers::MatchFinder *Finder);
  /// Calls Fn once for each function, instantiation and lambda of the user's
  /// code that has a body and can be checked: not invalid, not dependent
  /// (templates are checked in their instantiations, where calls resolve).
  /// Returns false if Result is not this translation-unit match.
  bool forEachUserFunction(const ast_matchers::MatchFinder::MatchResult &Result,
                           llvm::function_ref<void(const FunctionDecl &)> Fn);

  /// How diagnostics name a coroutine: "coroutine 'serve'" or
  /// "coroutine lambda".
  static std::string describeCoroutine(const FunctionDecl &Coroutine);

  /// Whether a location is one the user can change (not in a system header,
  /// not in a macro defined in one).
  static bool isUserCode(SourceLocation Loc, const SourceManager &SM);
  /// Where diagnostics about a function go, and what decides whether it is
  /// the user's: its name when that is user code; else, when its body is
  /// written in user code though the declaration comes from a system-header
  /// macro (googletest's TEST, Catch2's TEST_CASE, doctest's TEST_CASE),
  /// the macro's use in the user's file. Otherwise its name's location,
  /// which isUserCode rejects.
  static SourceLocation functionLocation(const FunctionDecl &FD,
                                         const SourceManager &SM);

private:
  model::ModelOptions readModelOptions();
  model::ModelOptions ModelOpts;
  model::AsyncModel Model;
  model::SuspensionModel Suspensions{Model};
  llvm::DenseSet<const FunctionDecl *> SeenCoroutines;
  const ASTContext *CurrentTU = nullptr;
};

} // namespace clang::tidy::coroguard

#endif
