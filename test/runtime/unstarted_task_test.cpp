#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/when_all.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <coroutine>
#include <stdexcept>
#include <tuple>

using namespace coroguard;

namespace {

std::atomic<int> reports{0};
std::atomic<const void *> last_frame{nullptr};

void counting_handler(const void *frame) noexcept {
  reports.fetch_add(1);
  last_frame.store(frame);
}

task<int> work() { co_return 1; }

class UnstartedTask : public ::testing::Test {
protected:
  void SetUp() override {
    reports = 0;
    previous_ = set_unstarted_task_handler(&counting_handler);
  }
  void TearDown() override { set_unstarted_task_handler(previous_); }
  unstarted_task_handler previous_ = nullptr;
};

TEST_F(UnstartedTask, DiscardedTaskIsReported) {
#ifdef NDEBUG
  GTEST_SKIP() << "the report is a debug-build feature";
#endif
  const void *frame = nullptr;
  {
    task<int> t = work();
    frame = t.handle().address();
  }
  EXPECT_EQ(reports.load(), 1);
  EXPECT_EQ(last_frame.load(), frame);
}

TEST_F(UnstartedTask, AwaitedOrMovedFromTasksAreNotReported) {
  {
    task<int> t = work();
    EXPECT_EQ(sync_wait(t), 1);
    task<int> moved = work();
    task<int> target = std::move(moved);
    EXPECT_EQ(sync_wait(std::move(target)), 1);
  }
  EXPECT_EQ(reports.load(), 0);
}

// A minimal eager coroutine that awaits a task and can be destroyed while
// that task is parked mid-way (started, not finished).
struct driver {
  struct promise_type {
    driver get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  std::coroutine_handle<promise_type> handle;
};

TEST_F(UnstartedTask, StartedTaskDestroyedWhileSuspendedIsNotReported) {
  auto parked = []() -> task<int> {
    co_await std::suspend_always{}; // never resumed
    co_return 1;
  };
  auto drive = [](task<int> t) -> driver { co_await std::move(t); };
  driver d = drive(parked());
  d.handle.destroy(); // destroys the started, suspended task with it
  EXPECT_EQ(reports.load(), 0);
}

TEST_F(UnstartedTask, TasksStartedByWhenAllOrFailingAreNotReported) {
  auto failing = []() -> task<int> {
    throw std::runtime_error("x");
    co_return 0;
  };
  {
    task<int> t = failing();
    EXPECT_THROW(sync_wait(t), std::runtime_error);
  }
  EXPECT_EQ(sync_wait(when_all(work(), work())), std::make_tuple(1, 1));
  EXPECT_EQ(reports.load(), 0);
}

TEST_F(UnstartedTask, ReplacingHandlerReturnsPrevious) {
  auto mine = set_unstarted_task_handler(nullptr); // restores the default
  EXPECT_EQ(mine, &counting_handler);
  auto def = set_unstarted_task_handler(&counting_handler);
  EXPECT_NE(def, &counting_handler);
  EXPECT_NE(def, nullptr);
}

TEST(UnstartedTaskDefault, DefaultHandlerWritesToStderr) {
#ifdef NDEBUG
  GTEST_SKIP() << "the report is a debug-build feature";
#endif
  ::testing::internal::CaptureStderr();
  {
    task<int> t = work();
  }
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("destroyed without ever being started"), std::string::npos)
      << err;
}

} // namespace
