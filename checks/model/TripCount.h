//===--- TripCount.h - How many times, how many elements -------*- C++ -*-===//
//
// Answers the size questions the fan-out checks ask: how many times does this
// loop run, how many elements does this range hold, how large can this value
// be? Each answer is a Bound: a compile-time constant, the machine's core
// count, the number of command-line arguments, the size of some input, or
// unknown at compile time. Local containers are followed to where they are
// filled (push_back/emplace_back/insert/resize in loops, initialiser lists,
// size constructors); a container that escapes (captured by reference,
// passed by non-const reference, assigned) counts as filled elsewhere.
//
// Only the structure of the code is read; no parent map is built. Results
// are cached per declaration until reset().
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_TRIPCOUNT_H
#define COROGUARD_MODEL_TRIPCOUNT_H

#include "AsyncModel.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <string>

namespace clang {
class ASTContext;
class CXXConstructExpr;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace clang::tidy::coroguard::model {

struct Bound {
  enum Kind {
    Constant,    ///< At most N.
    CoreCount,   ///< A multiple of the machine's parallelism.
    CommandLine, ///< The number of command-line arguments (main's argc).
    InputSize,   ///< Grows with the size of some input range.
    Runtime,     ///< Any other value known only at run time.
  };
  Kind K = Runtime;
  uint64_t N = 0;
  /// Why it is not a constant, for diagnostics ("'urls' is a parameter").
  std::string Why;
  /// Where it becomes run-time (a loop, a resize, a parameter use), if known.
  const Stmt *Where = nullptr;

  static Bound constant(uint64_t N) { return {Constant, N, {}, nullptr}; }
  static Bound unknown(Kind K, std::string Why, const Stmt *Where = nullptr) {
    return {K, 0, std::move(Why), Where};
  }
  /// Bounded by a constant no larger than Max, the core count or the command
  /// line: nothing here grows with the data.
  bool isSmall(uint64_t Max) const {
    return K == CoreCount || K == CommandLine || (K == Constant && N <= Max);
  }
  bool isRunTime() const { return K == InputSize || K == Runtime; }
};

/// What a local container holds: its size and the expressions that produce
/// its elements (push_back/emplace_back arguments, initialiser-list
/// elements). ElementsKnown is false when some elements come from elsewhere.
struct ContainerFill {
  Bound Size;
  llvm::SmallVector<const Expr *, 4> Elements;
  bool ElementsKnown = true;
};

class TripCountAnalysis {
public:
  explicit TripCountAnalysis(AsyncModel &Model) : Model(Model) {}

  /// How many times a for / range-for / while / do loop runs.
  Bound tripCount(const Stmt *Loop, ASTContext &Ctx);
  /// How many elements a range expression holds.
  Bound rangeSize(const Expr *Range, ASTContext &Ctx);
  /// How large an integer expression can be.
  Bound valueBound(const Expr *E, ASTContext &Ctx);
  /// The container a range expression names, seen through std::move,
  /// copies, `x | views::...` and `x.begin()`; null when it is not one
  /// variable.
  static const VarDecl *rangeVariable(const Expr *Range);
  /// Whether E is a number parsed from the program's arguments:
  /// atoi/strtol/stoi/... of text read from main's argv (or a `char **argv`
  /// parameter).
  static bool isProgramArgument(const Expr *E);
  /// What a local container holds, from where it is filled.
  const ContainerFill &fillOf(const VarDecl *Container, ASTContext &Ctx);

  void reset() {
    Fills.clear();
    Writes.clear();
  }

private:
  Bound rangeSize(const Expr *Range, ASTContext &Ctx, unsigned Depth);
  Bound valueBound(const Expr *E, ASTContext &Ctx, unsigned Depth);
  Bound tripCount(const Stmt *Loop, ASTContext &Ctx, unsigned Depth);
  ContainerFill computeFill(const VarDecl *V, ASTContext &Ctx, unsigned Depth);
  Bound constructedSize(const CXXConstructExpr *Construct,
                        const std::string &Name, ContainerFill &Out,
                        ASTContext &Ctx, unsigned Depth);
  /// How a local variable is written after its initialiser: the values of
  /// its plain assignments, the operands of its compound assignments
  /// (`n *= 2`), or Opaque when some write is neither (++, its address
  /// taken, captured or passed by non-const reference).
  struct LocalWrites {
    bool Opaque = false;
    llvm::SmallVector<const Expr *, 2> Assigned;
    llvm::SmallVector<const Expr *, 1> Compound; ///< The operators.
  };
  const LocalWrites &writesOf(const VarDecl *V);

  AsyncModel &Model;
  llvm::DenseMap<const VarDecl *, ContainerFill> Fills;
  llvm::DenseMap<const VarDecl *, LocalWrites> Writes;
};

/// The parts of a loop that run in every iteration, in execution order:
/// the condition before the body, a for-loop's increment after it. The
/// init-statement and a range-for's range run once and are left out.
llvm::SmallVector<const Stmt *, 4> iterationParts(const Stmt *Loop);

/// Whether values of T can be iterated: an array, or a class with begin().
bool isRangeType(QualType T);

/// The range argument of a fan-out or parallel-loop call: the first argument
/// that is iterable, or the first iterator of a begin/end pair. Null if none.
const Expr *rangeArgument(llvm::ArrayRef<const Expr *> Args);

/// Whether S is a for, range-for, while or do loop.
bool isLoop(const Stmt *S);

/// E without parentheses, implicit nodes, temporaries, copies/moves and
/// std::move / std::forward.
const Expr *stripValue(const Expr *E);

} // namespace clang::tidy::coroguard::model

#endif
