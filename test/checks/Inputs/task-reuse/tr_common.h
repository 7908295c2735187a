// Test stand-in for coroguard-task-reuse, not a real library: the promise and
// awaiter surface the task stand-ins in this folder share (the common one of
// every stand-in).
#pragma once
#include "../coro_stub_common.h"
