//===--- Roles.cpp --------------------------------------------------------===//

#include "Roles.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::coroguard::model {

std::optional<Role> roleFromAnnotation(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<Role>>(Name)
      .Case("task", Role::Task)
      .Case("detached", Role::DetachedType)
      .Case("blocking", Role::Blocking)
      .Case("blocking_wait", Role::BlockingWait)
      .Case("detaches", Role::Detaches)
      .Case("scoped_spawn", Role::ScopedSpawn)
      .Case("fanout_unbounded", Role::FanoutUnbounded)
      .Case("fanout_bounded", Role::FanoutBounded)
      .Case("throttle", Role::Throttle)
      .Case("parallel_loop", Role::ParallelLoop)
      .Case("starts_work", Role::StartsWork)
      .Case("core_count", Role::CoreCount)
      .Case("allow_detach", Role::AllowDetach)
      .Case("discards_result", Role::DiscardsResult)
      .Case("cancellation", Role::Cancellation)
      .Case("inline_executor", Role::InlineExecutor)
      .Case("thread_lock", Role::ThreadLock)
      .Case("async_lock", Role::AsyncLock)
      .Case("never_suspends", Role::NeverSuspends)
      .Case("thread_pinned", Role::ThreadPinned)
      .Case("multi_shot", Role::MultiShot)
      .Case("consumes", Role::Consumes)
      .Case("long_lived", Role::LongLived)
      .Case("sets_cancellation", Role::SetsCancellation)
      .Case("forwards_cancellation", Role::ForwardsCancellation)
      .Default(std::nullopt);
}

} // namespace clang::tidy::coroguard::model
