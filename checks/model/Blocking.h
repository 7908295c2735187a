//===--- Blocking.h - Does this call block the thread? ---------*- C++ -*-===//
//
// A call blocks when its callee has the Blocking role (a wait on async work
// when it has BlockingWait), or when it is an ordinary function defined in
// the user's code whose body makes such a call, up to a bounded depth. The
// path is kept so diagnostics can show it.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_MODEL_BLOCKING_H
#define COROGUARD_MODEL_BLOCKING_H

#include "AsyncModel.h"
#include "Readiness.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include <string>
#include <vector>

namespace clang {
namespace tidy {
class ClangTidyCheck;
} // namespace tidy
class CallExpr;
class FunctionDecl;
class Stmt;
class SourceManager;
} // namespace clang

namespace clang::tidy::coroguard::model {

enum class BlockKind {
  Wait,  ///< Blocks until async work completes (sync_wait, future::get).
  Other, ///< Any other thread-blocking call (sleep, join, cv wait).
};

struct BlockingStep {
  const CallExpr *Call;
  std::string CalleeName;
};

/// Calls from the inspected call down to the call that blocks. Empty when
/// nothing blocks.
struct BlockingPath {
  std::vector<BlockingStep> Steps;
  explicit operator bool() const { return !Steps.empty(); }
  const BlockingStep &terminal() const { return Steps.back(); }
};

class BlockingAnalysis {
public:
  BlockingAnalysis(AsyncModel &Model, unsigned MaxCallDepth)
      : Model(Model), MaxCallDepth(MaxCallDepth), Readiness(Model) {}

  /// The path by which Call blocks in the given way, if it does. Enclosing
  /// is the function whose body evaluates Call, if known: a wait on an
  /// object that its code has proved complete does not block.
  BlockingPath find(const CallExpr *Call, BlockKind Kind,
                    const SourceManager &SM,
                    const FunctionDecl *Enclosing = nullptr);

  /// Forgets what it learned about the previous translation unit.
  void reset() {
    Memo.clear();
    Readiness.reset();
  }

private:
  /// The shortest path by which running FD's body blocks in the given way.
  const BlockingPath &bodyPath(const FunctionDecl *FD, BlockKind Kind,
                               const SourceManager &SM);
  const FunctionDecl *followable(const CallExpr *Call, const SourceManager &SM);

  AsyncModel &Model;
  unsigned MaxCallDepth;
  llvm::DenseMap<std::pair<const FunctionDecl *, int>, BlockingPath> Memo;
  ReadinessAnalysis Readiness;
};

/// Where diagnostics point for a call: the member name of a member call,
/// else the start of the call.
SourceLocation callLocation(const CallExpr *Call);

/// What diagnostics underline for a call: the whole call, from the object of
/// a member call or the function object to the closing parenthesis. It
/// contains callLocation(Call).
SourceRange callRange(const CallExpr *Call);

/// What a diagnostic about a node underlines: callRange for a call, the
/// head of a loop (to its closing parenthesis), the node's own range for any
/// other expression or statement.
SourceRange diagRange(const Stmt *S);

/// What a diagnostic about a function or lambda definition underlines: its
/// head, from Where (the name, or the lambda's introducer) or the start of
/// the declaration, whichever comes first, to the end of its parameters and
/// trailing return type.
SourceRange definitionRange(const FunctionDecl &FD, SourceLocation Where);

/// Attaches one note per step after the first: "'a' calls 'b' here", each
/// underlining the call.
void notePath(ClangTidyCheck &Check, const BlockingPath &Path);

} // namespace clang::tidy::coroguard::model

#endif
