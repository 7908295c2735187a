// RUN: %check_coroguard %s coroguard-missing-cancellation %t -- -- -isystem %inputs

#include <missing-cancellation/libraries.h>
#include <chrono>

using namespace std::chrono_literals;

// ---- cppcoro: overloads that take a cancellation_token ---------------------

cppcoro::task<void> cppcoro_tick(cppcoro::io_service &io,
                                 cppcoro::cancellation_token ct) {
  co_await io.schedule_after(10ms);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'cppcoro::io_service::schedule_after' is called without the cancellation token 'ct' that coroutine 'cppcoro_tick' holds; the overload 'schedule_after(std::chrono::milliseconds, cancellation_token)' takes it as its last argument
  // CHECK-NOTES: :[[@LINE-2]]:34: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:62: note: cancellation token 'ct' declared here
  // CHECK-FIXES: co_await io.schedule_after(10ms, ct);
  co_await io.schedule_after(10ms, ct);
}

cppcoro::task<std::size_t> cppcoro_recv(cppcoro::socket &s, char *buf,
                                        cppcoro::cancellation_token ct) {
  std::size_t n = co_await s.recv(buf, 16);
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: 'cppcoro::socket::recv' is called without the cancellation token 'ct'
  // CHECK-NOTES: :[[@LINE-2]]:42: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:69: note: cancellation token 'ct' declared here
  // CHECK-FIXES: std::size_t n = co_await s.recv(buf, 16, ct);
  n += co_await s.recv(buf, 16, cppcoro::cancellation_token());
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: empty cancellation token passed to 'cppcoro::socket::recv' while coroutine 'cppcoro_recv' holds the cancellation token 'ct'
  // CHECK-NOTES: :[[@LINE-2]]:33: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-9]]:69: note: cancellation token 'ct' declared here
  // CHECK-FIXES: n += co_await s.recv(buf, 16, ct);
  co_return n;
}

// A token of another library cannot be passed: not reported.
cppcoro::task<void> wrong_kind(cppcoro::io_service &io, std::stop_token st) {
  co_await io.schedule_after(1ms);
}

// ---- seastar: sleep -> sleep_abortable (profile), wait(abort_source&, n) ---

seastar::future<> seastar_nap(seastar::abort_source &as, seastar::semaphore &sem) {
  co_await seastar::sleep(100ms);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'seastar::sleep' is called without the cancellation token 'as' that coroutine 'seastar_nap' holds; 'seastar::sleep_abortable' takes it as its last argument, and without it
  // CHECK-NOTES: :[[@LINE-2]]:21: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-3]]:32: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-5]]:54: note: cancellation token 'as' declared here
  // CHECK-FIXES: co_await seastar::sleep_abortable(100ms, as);
  co_await seastar::sleep_abortable(100ms);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'seastar::sleep_abortable' is called without the cancellation token 'as' that coroutine 'seastar_nap' holds; the overload 'sleep_abortable(std::chrono::milliseconds, abort_source &)' takes it as its last argument
  // CHECK-NOTES: :[[@LINE-2]]:42: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-10]]:54: note: cancellation token 'as' declared here
  // CHECK-FIXES: co_await seastar::sleep_abortable(100ms, as);
  co_await sem.wait();
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'seastar::semaphore::wait' is called without the cancellation token 'as' that coroutine 'seastar_nap' holds; the overload 'wait(abort_source &, std::size_t)' takes it as its first argument
  // CHECK-NOTES: :[[@LINE-14]]:54: note: cancellation token 'as' declared here
  // CHECK-FIXES: co_await sem.wait();
  co_await sem.wait(as, 2);
  co_await seastar::sleep_abortable(1ms, as);
}

// No abort_source held: seastar::sleep is fine.
seastar::future<> seastar_plain() { co_await seastar::sleep(1ms); }

// ---- stdexec: never_stop_token is an empty token; exec::task forwards ------

cppcoro::task<void> stdexec_read(stdexec::inplace_stop_token tok) {
  co_await stdexec::read_with(0, stdexec::never_stop_token{});
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: empty cancellation token passed to 'stdexec::read_with' while coroutine 'stdexec_read' holds the cancellation token 'tok'
  // CHECK-NOTES: :[[@LINE-2]]:34: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:62: note: cancellation token 'tok' declared here
  // CHECK-FIXES: co_await stdexec::read_with(0, tok);
  co_await stdexec::read_with(0, tok);
}

// Holding only a never-stopping token is holding none.
cppcoro::task<void> never_held(stdexec::never_stop_token never,
                               cppcoro::io_service &io) {
  co_await io.schedule_after(1ms);
}

// exec::task hands its own stop token to what it awaits.
exec::task<void> exec_forwards(cppcoro::io_service &io,
                               cppcoro::cancellation_token ct) {
  co_await io.schedule_after(1ms);
}

// ---- unifex -----------------------------------------------------------------

unifex::task<void> unifex_forwards(unifex::inplace_stop_token tok,
                                   cppcoro::io_service &io) {
  co_await io.schedule_after(1ms);
}

// Held in a coroutine that does not forward it: an unstoppable token passed
// to a template that takes any token is an empty one.
cppcoro::task<void> unifex_unstoppable(unifex::inplace_stop_token tok) {
  co_await unifex::read_some(0, unifex::unstoppable_token{});
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: empty cancellation token passed to 'unifex::read_some' while coroutine 'unifex_unstoppable' holds the cancellation token 'tok'
  // CHECK-NOTES: :[[@LINE-2]]:33: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:67: note: cancellation token 'tok' declared here
  // CHECK-FIXES: co_await unifex::read_some(0, tok);
  co_await unifex::read_some(0, tok);
}

// ---- async_simple and Boost.Cobalt: the coroutine types forward ------------

async_simple::coro::Lazy<void> lazy_forwards(cppcoro::io_service &io,
                                             cppcoro::cancellation_token ct) {
  co_await io.schedule_after(1ms);
}
boost::cobalt::task<void> cobalt_forwards(cppcoro::io_service &io,
                                          cppcoro::cancellation_token ct) {
  co_await io.schedule_after(1ms);
}

// ---- folly: Task forwards its token through co_await ------------------------

folly::coro::Task<void> folly_forwards(folly::CancellationToken ct) {
  co_await folly::coro::sleep(1ms); // the awaiting Task's token flows in
}
// An explicit empty token is still reported.
folly::coro::Task<void> folly_empty(folly::CancellationToken ct) {
  co_await folly::coro::sleep(1ms, folly::CancellationToken{});
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: empty cancellation token passed to 'folly::coro::sleep' while coroutine 'folly_empty' holds the cancellation token 'ct'
  // CHECK-NOTES: :[[@LINE-2]]:36: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:62: note: cancellation token 'ct' declared here
  // CHECK-FIXES: co_await folly::coro::sleep(1ms, ct);
}
// co_withCancellation exists to set the token: an empty one there shields
// the operation from the caller's cancellation on purpose.
folly::coro::Task<void> folly_shield(folly::CancellationToken ct) {
  co_await folly::coro::co_withCancellation({}, folly::coro::sleep(1ms));
  co_await folly::coro::co_withCancellation(ct, folly::coro::sleep(1ms));
}
// Not a folly Task: no forwarding.
cppcoro::task<void> folly_token_elsewhere(folly::CancellationToken ct) {
  co_await folly::coro::sleep(1ms);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'folly::coro::sleep' is called without the cancellation token 'ct' that coroutine 'folly_token_elsewhere' holds
  // CHECK-NOTES: :[[@LINE-2]]:34: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:68: note: cancellation token 'ct' declared here
  // CHECK-FIXES: co_await folly::coro::sleep(1ms, ct);
}

// ---- Asio: awaitable binds the coroutine's cancellation slot ---------------

asio::awaitable<void> asio_forwards(asio::steady_timer &t,
                                    asio::cancellation_slot slot) {
  co_await t.async_wait();
}
cppcoro::task<void> asio_slot_elsewhere(asio::steady_timer &t,
                                        asio::cancellation_slot slot) {
  co_await t.async_wait();
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'asio::steady_timer::async_wait' is called without the cancellation token 'slot'
  // CHECK-NOTES: :[[@LINE-2]]:25: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:65: note: cancellation token 'slot' declared here
  // CHECK-FIXES: co_await t.async_wait(slot);
}

// ---- libcoro: std::optional<poll_stop_token> defaulted; wait(lock, st, p) --

coro::task<void> libcoro_poll(coro::scheduler &s, coro::poll_stop_token stop) {
  co_await s.poll(0, coro::poll_op::read);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'coro::scheduler::poll' is called without the cancellation token 'stop' that coroutine 'libcoro_poll' holds; its parameter 'cancel_trigger' takes it and is left to its default
  // CHECK-NOTES: :[[@LINE-3]]:73: note: cancellation token 'stop' declared here
  // CHECK-FIXES: co_await s.poll(0, coro::poll_op::read);
  co_await s.poll(0, coro::poll_op::read, 10ms);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'coro::scheduler::poll' is called without the cancellation token 'stop'
  // CHECK-NOTES: :[[@LINE-2]]:47: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-8]]:73: note: cancellation token 'stop' declared here
  // CHECK-FIXES: co_await s.poll(0, coro::poll_op::read, 10ms, stop);
  co_await s.poll(0, coro::poll_op::read, 10ms, std::nullopt);
  // CHECK-NOTES: :[[@LINE-1]]:49: warning: empty cancellation token passed to 'coro::scheduler::poll'
  // CHECK-NOTES: :[[@LINE-2]]:49: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-13]]:73: note: cancellation token 'stop' declared here
  // CHECK-FIXES: co_await s.poll(0, coro::poll_op::read, 10ms, stop);
  co_await s.poll(0, coro::poll_op::read, 10ms, stop);
}

bool always_true();
coro::task<bool> libcoro_cv(coro::condition_variable &cv, coro::scoped_lock &lk,
                            std::stop_token st) {
  bool a = co_await cv.wait(lk, always_true);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'coro::condition_variable::wait' is called without the cancellation token 'st' that coroutine 'libcoro_cv' holds; the overload 'wait(scoped_lock &, std::stop_token, P)' takes it as argument 2
  // CHECK-NOTES: :[[@LINE-3]]:45: note: cancellation token 'st' declared here
  // CHECK-FIXES: bool a = co_await cv.wait(lk, always_true);
  bool b = co_await cv.wait(lk, st, always_true);
  co_return a && b;
}
