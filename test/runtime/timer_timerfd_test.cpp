// The timer tests again, with the loop forced onto its fallback wait (a
// timerfd in the epoll set) instead of epoll_pwait2, so that the path taken on
// older glibc or kernels is tested on every machine.
#define COROGUARD_HAVE_EPOLL_PWAIT2 0
#include "timer_test.cpp" // NOLINT(bugprone-suspicious-include)
