// Code being typed: unknown names, calls that do not resolve, a token type
// that is not declared. The check must not crash and must not guess.
// RUN: %check_coroguard --allow-errors %s coroguard-missing-cancellation %t -- -- -isystem %inputs

#include <missing-cancellation/task.h>
#include <chrono>
#include <stop_token>

namespace net {
Task<void> sleep_for(std::chrono::milliseconds d);
Task<void> sleep_for(std::chrono::milliseconds d, std::stop_token st);
} // namespace net

Task<void> unknown_callee(std::stop_token st) {
  co_await net::zzz_unknown(std::chrono::milliseconds(1));
  co_await undeclared_call(st);
}

Task<void> unknown_argument(std::stop_token st) {
  co_await net::sleep_for(undeclared_duration);
  co_await net::sleep_for(std::chrono::milliseconds(1), undeclared_token);
}

Task<void> unknown_token_type(not_a_type tok) {
  co_await net::sleep_for(std::chrono::milliseconds(1));
}

// A well-typed coroutine beside the broken ones is still checked.
Task<void> still_checked(std::stop_token st) {
  co_await net::sleep_for(std::chrono::milliseconds(2));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'net::sleep_for' is called without the cancellation token 'st' that coroutine 'still_checked' holds
}

Task<void> unfinished(std::stop_token st) {
  co_await net::sleep_for(std::chrono::milliseconds(3)
}
