# Locates LLVM and Clang of major version COROGUARD_LLVM_VERSION with a message
# that says what to install when they are missing, instead of CMake's generic
# "could not find a package configuration file".
set(_cg_ver ${COROGUARD_LLVM_VERSION})
if(NOT _cg_ver MATCHES "^[0-9]+$")
  message(FATAL_ERROR "COROGUARD_LLVM_VERSION must be a major version such as 19 or 22, not '${_cg_ver}'")
endif()
if(NOT _cg_ver EQUAL 19 AND NOT _cg_ver EQUAL 22)
  message(WARNING "coroguard is tested with LLVM 19 and 22; LLVM ${_cg_ver} may not work")
endif()
set(_cg_prefix /usr/lib/llvm-${_cg_ver})
find_package(LLVM ${_cg_ver} CONFIG QUIET HINTS ${_cg_prefix}/lib/cmake/llvm)
find_package(Clang CONFIG QUIET HINTS ${_cg_prefix}/lib/cmake/clang)
if(NOT LLVM_FOUND OR NOT Clang_FOUND OR NOT LLVM_VERSION_MAJOR EQUAL _cg_ver)
  message(FATAL_ERROR
    "LLVM/Clang ${_cg_ver} development files were not found (looked in ${_cg_prefix}).\n"
    "Install them with:  scripts/bootstrap --llvm ${_cg_ver}\n"
    "(Debian packages libclang-${_cg_ver}-dev llvm-${_cg_ver}-dev clang-tidy-${_cg_ver} llvm-${_cg_ver}-tools)")
endif()
if(NOT EXISTS ${CLANG_INCLUDE_DIRS}/clang-tidy/ClangTidyModule.h
   AND NOT EXISTS ${LLVM_INCLUDE_DIRS}/clang-tidy/ClangTidyModule.h)
  message(FATAL_ERROR "clang-tidy headers for LLVM ${_cg_ver} are missing: install libclang-${_cg_ver}-dev")
endif()
message(STATUS "coroguard: building checks against LLVM ${LLVM_PACKAGE_VERSION} (${LLVM_INSTALL_PREFIX})")
set(COROGUARD_LLVM_PREFIX ${LLVM_INSTALL_PREFIX})
set(COROGUARD_CLANG_TIDY ${LLVM_INSTALL_PREFIX}/bin/clang-tidy)
set(COROGUARD_RESOURCE_DIR ${LLVM_INSTALL_PREFIX}/lib/clang/${LLVM_VERSION_MAJOR})
