// A library that a profile describes is the library's code wherever it is
// installed: here a copy of "Asio" vendored under third_party/, reached with
// -I (not -isystem) and shown by a header filter that matches everything.
// No check reports inside the library's namespaces or follows calls into
// them; a vendored library no profile describes (acme) is reported as before.
// RUN: %check_coroguard %s 'coroguard-*' %t -- --header-filter='.*' -- -I %inputs/third_party
// A profile turned off no longer claims its namespaces.
// RUN: %check_coroguard --check-suffix=NOASIO %s 'coroguard-*' %t -- --header-filter='.*' \
// RUN:   -config="{CheckOptions: {coroguard.Profiles: 'std'}}" -- -I %inputs/third_party

#include <acme/acme.hpp>
#include <asio/asio.hpp>
#include <chrono>
#include <thread>
#include <vector>

// The vendored library's own code: none of spawn_entry, launch,
// forward_token, spawn_all or strand::dispatch is reported, not even where
// user code instantiates its templates. The user's call that hands the
// library the detached token is the user's, and is reported as written.
void use_library(asio::io_context &ctx) {
  asio::detail::forward_token(ctx, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::detail::forward_token' with 'asio::detached' detaches its work with no owner
  asio::detail::launch(ctx);
}

// The same things in user code are reported, named as the user wrote them.
asio::awaitable<void> user_work();

void user_launch(asio::io_context &ctx) {
  user_work();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asio::awaitable' returned by 'user_work' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-NOASIO: :[[@LINE-2]]:3: warning: lazy task 'asio::awaitable' returned by 'user_work' is discarded; it never runs [coroguard-discarded-task]
  asio::co_spawn(ctx, user_work(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with 'asio::detached' detaches
}

void user_park() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }

asio::awaitable<void> user_coroutine() {
  // Not followed into the library: park() is the library's business.
  asio::detail::park();
  // CHECK-MESSAGES-NOASIO: :[[@LINE-1]]:3: warning: 'asio::detail::park' blocks the thread inside coroutine 'user_coroutine' (it calls 'std::this_thread::sleep_for')
  // CHECK-MESSAGES-NOASIO: asio.hpp:46:3: note: 'asio::detail::park' calls 'std::this_thread::sleep_for' here
  // Followed into the user's own helper.
  user_park();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'user_park' blocks the thread inside coroutine 'user_coroutine' (it calls 'std::this_thread::sleep_for')
  // CHECK-MESSAGES: :[[@LINE-10]]:20: note: 'user_park' calls 'std::this_thread::sleep_for' here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: non-blocking alternative in asio
  // CHECK-MESSAGES-NOASIO: :[[@LINE-4]]:3: warning: 'user_park' blocks the thread inside coroutine 'user_coroutine' (it calls 'std::this_thread::sleep_for')
  // CHECK-MESSAGES-NOASIO: :[[@LINE-13]]:20: note: 'user_park' calls 'std::this_thread::sleep_for' here
  co_return;
}

// The file being linted is the user's even inside the library's namespace:
// a library's own tests (namespace asio::tests here) are linted like any
// project's code.
namespace asio::tests {
asio::awaitable<void> test_body(asio::io_context &ctx) {
  asio::detail::noop();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task 'asio::awaitable' returned by 'asio::detail::noop' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-NOASIO: :[[@LINE-2]]:3: warning: lazy task 'asio::awaitable' returned by 'asio::detail::noop' is discarded; it never runs [coroguard-discarded-task]
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'test_body'
  // CHECK-MESSAGES-NOASIO: :[[@LINE-2]]:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'test_body'
  co_return;
}
} // namespace asio::tests

// The vendored library no profile describes is reported in its header.
// CHECK-MESSAGES: acme.hpp:9:3: warning: lazy task 'asio::awaitable' returned by 'asio::detail::noop' is discarded
// CHECK-MESSAGES-NOASIO: acme.hpp:9:3: warning: lazy task 'asio::awaitable' returned by 'asio::detail::noop' is discarded
// With the asio profile off, the copy of Asio is the project's own code.
// CHECK-MESSAGES-NOASIO: asio.hpp:51:3: warning: 'std::this_thread::sleep_for' blocks the thread inside coroutine 'spawn_entry'
// CHECK-MESSAGES-NOASIO: asio.hpp:52:3: warning: 'asio::detail::park' blocks the thread inside coroutine 'spawn_entry'
// CHECK-MESSAGES-NOASIO: asio.hpp:46:3: note: 'asio::detail::park' calls 'std::this_thread::sleep_for' here
// CHECK-MESSAGES-NOASIO: asio.hpp:57:3: warning: lazy task 'asio::awaitable' returned by 'asio::detail::noop' is discarded
// CHECK-MESSAGES-NOASIO: asio.hpp:77:55: warning: lazy task 'asio::awaitable' returned by 'asio::detail::noop' is discarded
