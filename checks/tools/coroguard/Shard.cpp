//===--- Shard.cpp - --shard K/N: a stable split for CI matrix jobs -------===//
//
// Each file belongs to one of N shards by a hash (64-bit FNV-1a) of its path
// relative to the project root, so every matrix job computes the same split
// wherever the repository is checked out, and adding or removing a file
// moves no other file between shards. Each shard writes its own SARIF with
// runAutomationDetails.id "coroguard/shard-K-of-N/", a category of its own
// that code scanning keeps beside the other shards' (Sarif.cpp).
//
//===----------------------------------------------------------------------===//

#include "Tools.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <cstdint>

namespace coroguard {

using llvm::StringRef;

bool parseShard(StringRef Spec, unsigned &K, unsigned &N, std::string &Error) {
  auto [KText, NText] = Spec.split('/');
  if (KText.getAsInteger(10, K) || NText.getAsInteger(10, N) || N == 0 ||
      K == 0 || K > N) {
    Error = "--shard takes K/N with 1 <= K <= N (shard K of N), not '" +
            Spec.str() + "'";
    return false;
  }
  return true;
}

void selectShard(std::vector<std::string> &Files, StringRef Root, unsigned K,
                 unsigned N) {
  std::vector<std::string> Kept;
  for (const std::string &F : Files) {
    llvm::SmallString<256> Abs(F);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    StringRef Rel = Abs;
    if (!(Rel.consume_front(Root) && Rel.consume_front("/")))
      Rel = Abs;
    uint64_t Hash = 0xcbf29ce484222325ull;
    for (unsigned char C : Rel) {
      Hash ^= C;
      Hash *= 0x100000001b3ull;
    }
    if (Hash % N == K - 1)
      Kept.push_back(F);
  }
  Files = std::move(Kept);
}

} // namespace coroguard
