// Test stand-in, not Catch2: macros of the same shape as Catch2 v2/v3's
// TEST_CASE, TEST_CASE_METHOD and SECTION, included with -isystem. A test
// case is a function (or a fixture's method) declared by the macro, with a
// name pasted from __LINE__; its body is the braces the user writes after it.
#pragma once

namespace Catch {
struct AutoReg {
  AutoReg(void (*)(), const char *name);
  template <class C> AutoReg(void (C::*)(), const char *) {}
};
struct Section {
  explicit operator bool() const;
};
Section makeSection(const char *name);
} // namespace Catch

#define CG_CATCH_CAT2(a, b) a##b
#define CG_CATCH_CAT(a, b) CG_CATCH_CAT2(a, b)
#define CG_CATCH_TESTCASE2(TestName, Name)                                      \
  static void TestName();                                                      \
  namespace {                                                                  \
  Catch::AutoReg CG_CATCH_CAT(autoRegistrar, __LINE__)(&TestName, Name);       \
  }                                                                            \
  static void TestName()
#define TEST_CASE(Name)                                                        \
  CG_CATCH_TESTCASE2(CG_CATCH_CAT(C_A_T_C_H_T_E_S_T_, __LINE__), Name)
#define CG_CATCH_METHOD2(TestName, ClassName, Name)                            \
  namespace {                                                                  \
  struct TestName : ClassName {                                                \
    void test();                                                               \
  };                                                                           \
  Catch::AutoReg CG_CATCH_CAT(autoRegistrar, __LINE__)(&TestName::test, Name); \
  }                                                                            \
  void TestName::test()
#define TEST_CASE_METHOD(ClassName, Name)                                      \
  CG_CATCH_METHOD2(CG_CATCH_CAT(C_A_T_C_H_T_E_S_T_, __LINE__), ClassName, Name)
#define SECTION(Name)                                                          \
  if (const Catch::Section &CG_CATCH_CAT(catch_section, __LINE__) =            \
          Catch::makeSection(Name))
