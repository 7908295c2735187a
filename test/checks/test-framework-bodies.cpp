// A test case's body is the user's code even though the function it belongs
// to is declared by a macro from a system header: googletest's TEST/TEST_F
// (real headers, Debian libgtest-dev), and macros of the same shape as
// Catch2's TEST_CASE/TEST_CASE_METHOD/SECTION and doctest's
// TEST_CASE/TEST_CASE_FIXTURE (stand-ins in Inputs/testframeworks, included
// with -isystem as the real headers are).
// REQUIRES: gtest
// RUN: %check_coroguard --check-suffix=GTEST %s 'coroguard-discarded-task,coroguard-detached-coroutine,coroguard-unthrottled-parallel-loop' %t -- -- -DGTEST
// RUN: %check_coroguard --check-suffix=CATCH %s 'coroguard-discarded-task,coroguard-detached-coroutine,coroguard-unthrottled-parallel-loop' %t -- -- -DCATCH -isystem %inputs/testframeworks -isystem %inputs
// RUN: %check_coroguard --check-suffix=DOCTEST %s 'coroguard-discarded-task,coroguard-detached-coroutine,coroguard-unthrottled-parallel-loop' %t -- -- -DDOCTEST -isystem %inputs/testframeworks -isystem %inputs

#include <coroutine>
#include <future>
#include <vector>

struct task {
  struct promise_type {
    task get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> h;
};
task work() { co_return; }
int compute(int);

void plain_function() {
  work();
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:3: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-CATCH: :[[@LINE-2]]:3: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
  // CHECK-MESSAGES-DOCTEST: :[[@LINE-3]]:3: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
}

#ifdef GTEST
#include <gtest/gtest.h>

// The input of the issue (shared/cases/unseen-code/gtest_test_body_skipped.cpp).
TEST(Suite, Case) {
  work();
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:3: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
}

struct Fixture : ::testing::Test {
  std::vector<int> ids;
};

TEST_F(Fixture, FansOut) {
  std::vector<std::future<int>> results;
  for (int id : ids)
    results.push_back(std::async(std::launch::async, compute, id));
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:23: warning: 'std::async' starts concurrent work in every iteration
  auto lambda = [] { work(); };
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:22: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
  lambda();
}
#endif

#ifdef CATCH
#include <catch2_shape.h>

TEST_CASE("discards a task") {
  work();
  // CHECK-MESSAGES-CATCH: :[[@LINE-1]]:3: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
  SECTION("in a section") {
    work();
    // CHECK-MESSAGES-CATCH: :[[@LINE-1]]:5: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
  }
}

struct Fixture {
  std::vector<int> ids;
};

TEST_CASE_METHOD(Fixture, "fans out") {
  std::vector<std::future<int>> results;
  for (int id : ids)
    results.push_back(std::async(std::launch::async, compute, id));
  // CHECK-MESSAGES-CATCH: :[[@LINE-1]]:23: warning: 'std::async' starts concurrent work in every iteration
}
#endif

#ifdef DOCTEST
#include <doctest_shape.h>

TEST_CASE("discards a task") {
  work();
  // CHECK-MESSAGES-DOCTEST: :[[@LINE-1]]:3: warning: lazy task 'task' returned by 'work' is discarded; it never runs [coroguard-discarded-task]
}

struct Fixture {
  std::vector<int> ids;
};

TEST_CASE_FIXTURE(Fixture, "fans out") {
  std::vector<std::future<int>> results;
  for (int id : ids)
    results.push_back(std::async(std::launch::async, compute, id));
  // CHECK-MESSAGES-DOCTEST: :[[@LINE-1]]:23: warning: 'std::async' starts concurrent work in every iteration
}
#endif
