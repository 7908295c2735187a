// coroguard/detail/awaitable_traits.hpp - what does `co_await x` produce?
#ifndef COROGUARD_DETAIL_AWAITABLE_TRAITS_HPP
#define COROGUARD_DETAIL_AWAITABLE_TRAITS_HPP

#include <coroutine>
#include <type_traits>
#include <utility>

namespace coroguard::detail {

template <class A>
concept has_member_co_await = requires(A &&a) {
  static_cast<A &&>(a).operator co_await();
};

template <class A>
concept has_free_co_await = requires(A &&a) {
  operator co_await(static_cast<A &&>(a));
};

/// Mirrors the lookup the compiler performs for `co_await a` (without
/// await_transform, which belongs to the awaiting coroutine's promise).
template <class A> decltype(auto) get_awaiter(A &&a) {
  if constexpr (has_member_co_await<A>)
    return static_cast<A &&>(a).operator co_await();
  else if constexpr (has_free_co_await<A>)
    return operator co_await(static_cast<A &&>(a));
  else
    return static_cast<A &&>(a);
}

template <class A> using awaiter_t = decltype(get_awaiter(std::declval<A>()));

/// The type of `co_await std::declval<A>()`.
template <class A>
using await_result_t = decltype(std::declval<awaiter_t<A> &>().await_resume());

template <class A>
concept awaitable = requires {
  typename await_result_t<A>;
};

} // namespace coroguard::detail

#endif // COROGUARD_DETAIL_AWAITABLE_TRAITS_HPP
