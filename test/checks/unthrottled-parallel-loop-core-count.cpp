// RUN: %check_coroguard %s coroguard-unthrottled-parallel-loop %t -- -- -isystem %inputs
//
// Worker-per-core loops in the spellings real code uses: a cast of the core
// count, std::cmp_less and its relatives as the condition, a const local
// initialised from the core count (even when a lambda captures it by
// reference), and a core-count default that the operator may override from
// the command line (argv) or that a constant replaces.

#include <cstdlib>
#include <string>
#include <thread>
#include <utility>
#include <vector>

int work(int i);
int read_config();

// ---- Negative: the input (stdexec examples/benchmark/common.hpp) ----

void a() {
  const int n = static_cast<int>(std::thread::hardware_concurrency());
  std::vector<std::thread> ts;
  for (int i = 0; i < n; ++i)
    ts.emplace_back([] {});
  for (auto &t : ts)
    t.join();
}

void b() {
  const unsigned n = std::thread::hardware_concurrency();
  std::vector<std::thread> ts;
  for (std::size_t i = 0; std::cmp_less(i, n); ++i)
    ts.emplace_back([] {});
  for (auto &t : ts)
    t.join();
}

void c(int argc, char **argv) {
  unsigned n = std::thread::hardware_concurrency();
  if (argc > 1)
    n = std::atoi(argv[1]);
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back([] {});
  for (auto &t : ts)
    t.join();
}

// ---- Negative: more spellings of the same ------------------------------------

void c_style_casts() {
  std::vector<std::thread> ts;
  for (int i = 0; i < (int)std::thread::hardware_concurrency(); ++i)
    ts.emplace_back(work, i);
  for (long i = 0; i < long(std::thread::hardware_concurrency()) * 2; ++i)
    ts.emplace_back(work, int(i));
  for (auto &t : ts)
    t.join();
}

void const_captured_by_reference() {
  const unsigned n = std::thread::hardware_concurrency();
  auto log = [&] { return n; };
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back(work, int(i));
  for (auto &t : ts)
    t.join();
  (void)log();
}

void zero_fallback() {
  unsigned n = std::thread::hardware_concurrency();
  if (n == 0)
    n = 4;
  std::vector<std::thread> ts;
  for (unsigned i = 0; std::cmp_greater(n, i); ++i)
    ts.emplace_back(work, int(i));
  for (auto &t : ts)
    t.join();
}

// Oversubscription by a constant factor.
void oversubscribed() {
  unsigned n = std::thread::hardware_concurrency();
  n *= 2;
  n += 1;
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back(work, int(i));
  for (auto &t : ts)
    t.join();
}

int main(int argc, char **argv) {
  long threads = std::thread::hardware_concurrency();
  if (argc > 2)
    threads = std::stol(std::string(argv[2]));
  std::vector<std::thread> ts;
  for (long i = 0; i < threads; ++i)
    ts.emplace_back(work, int(i));
  for (auto &t : ts)
    t.join();
  a();
  b();
  c(argc, argv);
}

void constant_cmp() {
  std::vector<std::thread> ts;
  for (int i = 0; std::cmp_less(i, 8); ++i)
    ts.emplace_back(work, i);
  for (auto &t : ts)
    t.join();
}

// ---- Positive ----------------------------------------------------------------

void cmp_over_input(const std::vector<int> &items) {
  std::vector<std::thread> ts;
  for (std::size_t i = 0; std::cmp_less(i, items.size()); ++i)
    ts.emplace_back(work, items[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration of a loop whose trip count depends on run-time input, and nothing limits how much of it runs at once [coroguard-unthrottled-parallel-loop]
  for (auto &t : ts)
    t.join();
}

void cast_of_input(const std::vector<int> &items) {
  std::vector<std::thread> ts;
  for (int i = 0; i < static_cast<int>(items.size()); ++i)
    ts.emplace_back(work, items[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration
  for (auto &t : ts)
    t.join();
}

// The core-count default replaced by a value that is not configuration.
void default_replaced(int argc) {
  unsigned n = std::thread::hardware_concurrency();
  if (argc > 1)
    n = read_config();
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back(work, int(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration
  for (auto &t : ts)
    t.join();
}

// A count from the command line with no core-count default is not one.
void count_from_argv(char **argv) {
  int n = std::atoi(argv[1]);
  std::vector<std::thread> ts;
  for (int i = 0; i < n; ++i)
    ts.emplace_back(work, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration
  for (auto &t : ts)
    t.join();
}

// Scaled by the input, or by a constant in every iteration of a loop.
void scaled_by_input(const std::vector<int> &items) {
  unsigned n = std::thread::hardware_concurrency();
  n *= items.size();
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back(work, int(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration
  for (auto &t : ts)
    t.join();
}

void doubled_per_item(const std::vector<int> &items) {
  unsigned n = std::thread::hardware_concurrency();
  for (int item : items)
    n *= 2;
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back(work, int(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration
  for (auto &t : ts)
    t.join();
}

// Written where the check cannot see: a lambda holding it by reference, or a
// function taking it by non-const reference.
void parse_threads(unsigned &n);

void captured_by_reference() {
  unsigned n = std::thread::hardware_concurrency();
  auto set = [&](unsigned v) { n = v; };
  set(100000);
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back(work, int(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration
  for (auto &t : ts)
    t.join();
}

void passed_by_reference() {
  unsigned n = std::thread::hardware_concurrency();
  parse_threads(n);
  std::vector<std::thread> ts;
  for (unsigned i = 0; i < n; ++i)
    ts.emplace_back(work, int(i));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::thread' starts concurrent work in every iteration
  for (auto &t : ts)
    t.join();
}
