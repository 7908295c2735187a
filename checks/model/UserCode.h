//===--- UserCode.h - The functions the user wrote ------------*- C++ -*-===//
//
// One walk of the translation unit's declarations that yields every function
// definition written in the user's files, without visiting system headers at
// all. A check that must read every user function (not only coroutines)
// matches translationUnitDecl() once and uses this, instead of a
// functionDecl() matcher that the finder would try on every function of every
// header.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_USERCODE_H
#define COROGUARD_MODEL_USERCODE_H

#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang {
class Decl;
class Expr;
class FunctionDecl;
class SourceManager;
class TranslationUnitDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

struct UserCodeVisitor {
  /// Every function definition (with a body) in a user file: free
  /// functions, methods, friends, and templates' patterns; lambdas are not
  /// declarations: find them in the bodies.
  llvm::function_ref<void(const FunctionDecl &)> Function;
  /// Initialisers outside functions (namespace- and class-scope variables,
  /// default member initialisers), where lambdas can be defined too.
  llvm::function_ref<void(const Expr &)> Initializer;
  /// Also yield implicit instantiations of user templates (functions and
  /// members of class templates).
  bool Instantiations = false;
  /// Declarations that are a library's own code even outside system
  /// headers (AsyncModel::isLibraryCode): not yielded, not entered.
  llvm::function_ref<bool(const Decl &)> IsLibrary = {};
};

void forEachUserFunction(const TranslationUnitDecl &TU, const SourceManager &SM,
                         const UserCodeVisitor &V);

/// Every function of the user's code with a body, its template
/// instantiations, and the call operator of every lambda defined in them or
/// in initialisers outside functions (nested lambdas included): what a
/// functionDecl() plus lambdaExpr() matcher pair would find, without the
/// matchers being tried on every declaration of every header.
void forEachUserFunctionOrLambda(
    const TranslationUnitDecl &TU, const SourceManager &SM,
    llvm::function_ref<void(const FunctionDecl &)> Fn,
    llvm::function_ref<bool(const Decl &)> IsLibrary = {});

} // namespace clang::tidy::coroguard::model

#endif
