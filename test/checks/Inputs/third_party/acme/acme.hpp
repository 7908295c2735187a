// Test stand-in: a vendored library no profile describes (namespace acme),
// reached with -I. Its code is the user's project's as far as coroguard can
// tell, and is reported when the header filter shows its headers.
#pragma once
#include <asio/asio.hpp>

namespace acme {
inline void launch(asio::io_context &ctx) {
  asio::detail::noop();
}
} // namespace acme
