// Test stand-in, not doctest: macros of the same shape as doctest's
// TEST_CASE and TEST_CASE_FIXTURE, included with -isystem. The fixture's test
// is a method `f` whose name is spelled in the macro; a helper the macro
// writes in full (body and all) stays library code.
#pragma once

namespace doctest::detail {
int regTest(void (*)(), const char *name);
} // namespace doctest::detail

#define CG_DOCTEST_CAT2(a, b) a##b
#define CG_DOCTEST_CAT(a, b) CG_DOCTEST_CAT2(a, b)
#define CG_DOCTEST_ANON(x) CG_DOCTEST_CAT(x, __LINE__)
#define CG_DOCTEST_REGISTER(f, name)                                           \
  static const int CG_DOCTEST_ANON(DOCTEST_ANON_VAR_) =                        \
      doctest::detail::regTest(f, name);
#define CG_DOCTEST_FUNCTION(f, name)                                           \
  static void f();                                                             \
  CG_DOCTEST_REGISTER(f, name)                                                 \
  static void f()
#define TEST_CASE(name) CG_DOCTEST_FUNCTION(CG_DOCTEST_ANON(DOCTEST_ANON_FUNC_), name)
#define CG_DOCTEST_FIXTURE(der, base, func, name)                              \
  namespace {                                                                  \
  struct der : public base {                                                   \
    void f();                                                                  \
  };                                                                           \
  static inline void func() {                                                  \
    der v;                                                                     \
    v.f();                                                                     \
  }                                                                            \
  CG_DOCTEST_REGISTER(func, name)                                              \
  }                                                                            \
  inline void der::f()
#define TEST_CASE_FIXTURE(c, name)                                             \
  CG_DOCTEST_FIXTURE(CG_DOCTEST_ANON(DOCTEST_ANON_CLASS_), c,                  \
                     CG_DOCTEST_ANON(DOCTEST_ANON_FUNC_), name)
