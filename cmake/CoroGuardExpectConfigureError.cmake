# A ctest helper (cmake -P): configures a scratch tree that must fail, and
# checks the one error it fails with.
#
#   cmake -DSOURCE_DIR=... -DBINARY_DIR=... -DEXPECT=<regex> | -DEXPECT_LINE=<text>
#         [-DARGS=-Da=1|-Db=2]              configure arguments, |-separated
#         [-DNOT_LOADED=LLVM|Clang]         packages that must not be loaded
#         -P CoroGuardExpectConfigureError.cmake
#
# Fails unless the configure fails, its output matches EXPECT (or has
# EXPECT_LINE as one whole, unwrapped line), it reports no
# CMake error besides that one (another LLVM's package config failing inside
# ours, say), and no package of NOT_LOADED was found (<Pkg>_DIR in the cache).
foreach(_var SOURCE_DIR BINARY_DIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "CoroGuardExpectConfigureError: ${_var} is required")
  endif()
endforeach()
string(REPLACE "|" ";" _args "${ARGS}")
string(REPLACE "|" ";" _not_loaded "${NOT_LOADED}")

file(REMOVE_RECURSE "${BINARY_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} ${_args}
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
set(_all "${_out}${_err}")

set(_problems "")
if(_rc EQUAL 0)
  string(APPEND _problems "the configure succeeded\n")
endif()
if(DEFINED EXPECT AND NOT _all MATCHES "${EXPECT}")
  string(APPEND _problems "the output does not match: ${EXPECT}\n")
endif()
if(DEFINED EXPECT_LINE)
  string(FIND "${_all}" " ${EXPECT_LINE}\n" _pos)
  if(_pos EQUAL -1)
    string(APPEND _problems "the output has no line: ${EXPECT_LINE}\n")
  endif()
endif()
string(REGEX MATCHALL "CMake Error" _errors "${_all}")
list(LENGTH _errors _n)
if(_n GREATER 1)
  string(APPEND _problems "${_n} CMake errors, expected only the one above\n")
endif()
if(EXISTS "${BINARY_DIR}/CMakeCache.txt")
  foreach(_pkg IN LISTS _not_loaded)
    file(STRINGS "${BINARY_DIR}/CMakeCache.txt" _line REGEX "^${_pkg}_DIR:")
    string(REGEX REPLACE "^[^=]*=" "" _dir "${_line}")
    if(_dir AND NOT _dir MATCHES "-NOTFOUND$")
      string(APPEND _problems "another version's ${_pkg} package was loaded: ${_dir}\n")
    endif()
  endforeach()
endif()

message("${_all}")
if(_problems)
  message(FATAL_ERROR "FAILED:\n${_problems}")
endif()
message("PASSED: the configure failed with the expected message alone")
