# A ctest helper (cmake -P): runs one command and checks its exit status and
# output (stdout and stderr together).
#
#   cmake "-DCOMMAND=prog|arg|..." -DEXIT=<n>|nonzero [-DEXPECT=<regex>]
#         [-DREJECT=<regex>] -P CoroGuardExpectOutput.cmake
#
# Unlike ctest's PASS_REGULAR_EXPRESSION, which ignores the exit status, this
# fails on the wrong status too (a crash or exit 127 is not "nonzero" enough
# when EXIT names the status).
if(NOT DEFINED COMMAND OR NOT DEFINED EXIT)
  message(FATAL_ERROR "CoroGuardExpectOutput: COMMAND and EXIT are required")
endif()
string(REPLACE "|" ";" _cmd "${COMMAND}")
execute_process(COMMAND ${_cmd} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
set(_all "${_out}${_err}")
message("${_all}")

set(_problems "")
if(EXIT STREQUAL "nonzero")
  if(NOT _rc MATCHES "^[0-9]+$" OR _rc EQUAL 0)
    string(APPEND _problems "exit status ${_rc}, expected a nonzero exit\n")
  endif()
elseif(NOT "${_rc}" STREQUAL "${EXIT}")
  string(APPEND _problems "exit status ${_rc}, expected ${EXIT}\n")
endif()
if(DEFINED EXPECT AND NOT _all MATCHES "${EXPECT}")
  string(APPEND _problems "the output does not match: ${EXPECT}\n")
endif()
if(DEFINED REJECT AND _all MATCHES "${REJECT}")
  string(APPEND _problems "the output matches what it must not: ${REJECT}\n")
endif()
if(_problems)
  message(FATAL_ERROR "FAILED:\n${_problems}")
endif()
message("PASSED")
