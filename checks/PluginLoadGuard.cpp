//===--- PluginLoadGuard.cpp - Refuse a clang-tidy of another LLVM --------===//
//
// libCoroGuard.so takes clang-tidy's and Clang's symbols from the clang-tidy
// that loads it, so it works only in a clang-tidy of the LLVM it was built
// against. In another one it may list its checks and then die on a missing
// symbol (clang-tidy-14: exit 127), or run against a different ABI
// (clang-tidy-22). This constructor runs when the plugin is loaded, before
// the module registers its checks, and exits with one line on a mismatch.
//
// The host's LLVM comes from the file names of the libLLVM / libclang-cpp it
// has loaded (Debian's and apt.llvm.org's clang-tidy link them); a statically
// linked clang-tidy is asked through LLVMGetVersion (LLVM 16 and later) when
// it exports it. A library of the plugin's own major anywhere in the process
// means a match (another library may bring an LLVM of its own); when nothing
// says anything, the plugin loads as before.
//
// Only the plugin is built with this file: the coroguard driver and
// coroguard-clangd link the checks themselves and never run it.
//
//===----------------------------------------------------------------------===//

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <initializer_list>
#include <link.h>
#include <unistd.h>

#ifndef COROGUARD_LLVM_MAJOR
#error "COROGUARD_LLVM_MAJOR must be defined by the build"
#endif

namespace {

/// The LLVM major version in the file name of a loaded LLVM or Clang library
/// (libLLVM-14.so.1, libLLVM.so.19.1, libclang-cpp.so.14, libclang-cpp.so.22.1,
/// libLLVM-17git.so), or 0 when \p Path is none of those.
unsigned llvmMajorOfLibrary(const char *Path) {
  const char *Base = std::strrchr(Path, '/');
  Base = Base ? Base + 1 : Path;
  for (const char *Prefix : {"libLLVM", "libclang-cpp"}) {
    std::size_t Len = std::strlen(Prefix);
    if (std::strncmp(Base, Prefix, Len) != 0)
      continue;
    const char *P = Base + Len;
    if (*P == '-')
      ++P;
    else if (std::strncmp(P, ".so.", 4) == 0)
      P += 4;
    else
      continue;
    if (std::isdigit(static_cast<unsigned char>(*P)))
      return static_cast<unsigned>(std::strtoul(P, nullptr, 10));
  }
  return 0;
}

struct LoadedLLVM {
  bool Ours = false;  // a library of the major the plugin was built for
  unsigned Other = 0; // the major of a library of another version
};

int visitLoadedObject(struct dl_phdr_info *Info, size_t, void *Data) {
  auto *Loaded = static_cast<LoadedLLVM *>(Data);
  if (!Info->dlpi_name || !*Info->dlpi_name)
    return 0;
  unsigned Major = llvmMajorOfLibrary(Info->dlpi_name);
  if (Major == COROGUARD_LLVM_MAJOR)
    Loaded->Ours = true;
  else if (Major >= 3)
    Loaded->Other = Major;
  return 0;
}

/// The host's LLVM major: ours when any loaded LLVM library is ours (another
/// library of the process may bring its own LLVM), 0 when unknown.
unsigned hostLLVMMajor() {
  LoadedLLVM Loaded;
  dl_iterate_phdr(visitLoadedObject, &Loaded);
  if (Loaded.Ours)
    return COROGUARD_LLVM_MAJOR;
  if (Loaded.Other)
    return Loaded.Other;
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  if (auto *GetVersion = reinterpret_cast<GetVersionFn>(
          dlsym(RTLD_DEFAULT, "LLVMGetVersion"))) {
    unsigned Major = 0, Minor = 0, Patch = 0;
    GetVersion(&Major, &Minor, &Patch);
    return Major;
  }
  return 0;
}

const char *pluginName() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&hostLLVMMajor), &Info) &&
      Info.dli_fname) {
    const char *Base = std::strrchr(Info.dli_fname, '/');
    return Base ? Base + 1 : Info.dli_fname;
  }
  return "libCoroGuard.so";
}

// Priority 101 runs before the module's registration and every other static
// initializer of the plugin.
__attribute__((constructor(101))) void refuseAnotherLLVM() {
  unsigned Host = hostLLVMMajor();
  if (Host == 0 || Host == COROGUARD_LLVM_MAJOR)
    return;
  std::fprintf(stderr,
               "coroguard: %s was built for LLVM %u but this clang-tidy is "
               "LLVM %u; use clang-tidy-%u or the coroguard driver\n",
               pluginName(), COROGUARD_LLVM_MAJOR, Host, COROGUARD_LLVM_MAJOR);
  std::fflush(stderr);
  // Not exit(): the host's static destructors would run half set up.
  _exit(1);
}

} // namespace
