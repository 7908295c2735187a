# Locates LLVM and Clang of major version COROGUARD_LLVM_VERSION with a message
# that says what to install when they are missing, instead of CMake's generic
# "could not find a package configuration file".
#
# Only that version is ever loaded: CMake's default package search would take
# the first LLVM/Clang it meets (Debian's default LLVM 14, say), and loading
# another version's ClangConfig.cmake fails with errors of its own. The
# candidates are, in order: LLVM_DIR if given, `llvm-config-N --cmakedir`,
# /usr/lib/llvm-N/lib/cmake/llvm; the first whose LLVMConfigVersion.cmake says
# major N is loaded, and Clang from the clang/ directory beside it (or Clang_DIR).
set(_cg_ver ${COROGUARD_LLVM_VERSION})
if(NOT _cg_ver MATCHES "^[0-9]+$")
  message(FATAL_ERROR "COROGUARD_LLVM_VERSION must be a major version such as 19 or 22, not '${_cg_ver}'")
endif()
if(NOT _cg_ver EQUAL 19 AND NOT _cg_ver EQUAL 22)
  message(WARNING "coroguard is tested with LLVM 19 and 22; LLVM ${_cg_ver} may not work")
endif()

# A tree configured before for another version forgets that version's packages.
if(DEFINED CACHE{_COROGUARD_LLVM_VERSION_FOUND}
   AND NOT "${_COROGUARD_LLVM_VERSION_FOUND}" STREQUAL "${_cg_ver}")
  unset(LLVM_DIR CACHE)
  unset(Clang_DIR CACHE)
  unset(LLVM_DIR)
  unset(Clang_DIR)
endif()

# The version an LLVM CMake package directory holds, read from its version
# file without loading the package ("" when there is none).
function(_cg_llvm_package_version dir out)
  set(PACKAGE_VERSION "")
  set(PACKAGE_FIND_VERSION_MAJOR 0)
  set(PACKAGE_FIND_VERSION_MINOR 0)
  set(PACKAGE_FIND_VERSION_PATCH 0)
  if(EXISTS "${dir}/LLVMConfigVersion.cmake")
    include("${dir}/LLVMConfigVersion.cmake")
  endif()
  set(${out} "${PACKAGE_VERSION}" PARENT_SCOPE)
endfunction()

set(_cg_prefix /usr/lib/llvm-${_cg_ver})
set(_cg_candidates)
if(LLVM_DIR)
  list(APPEND _cg_candidates "${LLVM_DIR}")
endif()
find_program(COROGUARD_LLVM_CONFIG_${_cg_ver} NAMES llvm-config-${_cg_ver}
  HINTS ${_cg_prefix}/bin)
if(COROGUARD_LLVM_CONFIG_${_cg_ver})
  execute_process(COMMAND ${COROGUARD_LLVM_CONFIG_${_cg_ver}} --cmakedir
    OUTPUT_VARIABLE _cg_dir OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _cg_rc ERROR_QUIET)
  if(_cg_rc EQUAL 0 AND _cg_dir)
    list(APPEND _cg_candidates "${_cg_dir}")
  endif()
endif()
list(APPEND _cg_candidates ${_cg_prefix}/lib/cmake/llvm)

set(_cg_llvm_dir "")
set(_cg_seen "")
foreach(_cg_dir IN LISTS _cg_candidates)
  _cg_llvm_package_version("${_cg_dir}" _cg_found)
  if(_cg_found MATCHES "^([0-9]+)\\.")
    list(APPEND _cg_seen "${_cg_dir} (LLVM ${_cg_found})")
    if(CMAKE_MATCH_1 EQUAL _cg_ver)
      set(_cg_llvm_dir "${_cg_dir}")
      break()
    endif()
  endif()
endforeach()

# Clang's package has no version file: it is the one beside LLVM's.
set(_cg_clang_dir "")
if(_cg_llvm_dir)
  foreach(_cg_dir IN ITEMS "${Clang_DIR}" "${_cg_llvm_dir}/../clang")
    if(_cg_dir AND EXISTS "${_cg_dir}/ClangConfig.cmake")
      get_filename_component(_cg_clang_dir "${_cg_dir}" ABSOLUTE)
      break()
    endif()
  endforeach()
endif()

if(NOT _cg_llvm_dir OR NOT _cg_clang_dir)
  if(_cg_seen)
    string(REPLACE ";" ", " _cg_seen "${_cg_seen}")
    set(_cg_seen " (found only ${_cg_seen})")
  endif()
  message(FATAL_ERROR
    "LLVM/Clang ${_cg_ver} development files were not found (looked in ${_cg_prefix})${_cg_seen}.\n"
    "Install them with:  scripts/bootstrap --llvm ${_cg_ver}\n"
    "(Debian packages libclang-${_cg_ver}-dev llvm-${_cg_ver}-dev clang-tidy-${_cg_ver} llvm-${_cg_ver}-tools)")
endif()

set(LLVM_DIR "${_cg_llvm_dir}" CACHE PATH "LLVM's CMake package (major ${_cg_ver})" FORCE)
find_package(LLVM CONFIG REQUIRED NO_DEFAULT_PATH PATHS "${_cg_llvm_dir}")
if(NOT LLVM_VERSION_MAJOR EQUAL _cg_ver)
  message(FATAL_ERROR "${_cg_llvm_dir} holds LLVM ${LLVM_PACKAGE_VERSION}, not LLVM ${_cg_ver}")
endif()
# clang-tidy's headers and libraries come with libclang-N-dev; Debian ships
# ClangConfig.cmake with clang-N, and loading it without the libraries fails
# with CMake's errors about missing imported files: look before loading.
get_filename_component(_cg_clang_prefix "${_cg_clang_dir}/../../.." ABSOLUTE)
if(NOT EXISTS ${LLVM_INCLUDE_DIRS}/clang-tidy/ClangTidyModule.h
   AND NOT EXISTS ${_cg_clang_prefix}/include/clang-tidy/ClangTidyModule.h)
  message(FATAL_ERROR "clang-tidy headers for LLVM ${_cg_ver} are missing: install libclang-${_cg_ver}-dev (scripts/bootstrap --llvm ${_cg_ver})")
endif()
set(Clang_DIR "${_cg_clang_dir}" CACHE PATH "Clang's CMake package (major ${_cg_ver})" FORCE)
find_package(Clang CONFIG REQUIRED NO_DEFAULT_PATH PATHS "${_cg_clang_dir}")
set(_COROGUARD_LLVM_VERSION_FOUND ${_cg_ver} CACHE INTERNAL "")

message(STATUS "coroguard: building checks against LLVM ${LLVM_PACKAGE_VERSION} (${LLVM_INSTALL_PREFIX})")
set(COROGUARD_LLVM_PREFIX ${LLVM_INSTALL_PREFIX})
set(COROGUARD_CLANG_TIDY ${LLVM_INSTALL_PREFIX}/bin/clang-tidy)
set(COROGUARD_RESOURCE_DIR ${LLVM_INSTALL_PREFIX}/lib/clang/${LLVM_VERSION_MAJOR})
