// coroguard/coroguard.hpp - the whole runtime in one include.
#ifndef COROGUARD_COROGUARD_HPP
#define COROGUARD_COROGUARD_HPP

#include "coroguard/annotations.hpp"
#include "coroguard/async_mutex.hpp"
#include "coroguard/async_scope.hpp"
#include "coroguard/async_semaphore.hpp"
#include "coroguard/channel.hpp"
#include "coroguard/event_loop.hpp"
#include "coroguard/operation_cancelled.hpp"
#include "coroguard/parallel_for_each.hpp"
#include "coroguard/sync_wait.hpp"
#include "coroguard/task.hpp"
#include "coroguard/tcp.hpp"
#include "coroguard/thread_pool.hpp"
#include "coroguard/when_all.hpp"

#endif // COROGUARD_COROGUARD_HPP
