# What `cmake --install` puts under the prefix, for find_package(CoroGuard):
#   include/coroguard/...                        the runtime (CoroGuard::runtime)
#   bin/coroguard, bin/coroguard-clangd          the driver and the language server
#   lib/libCoroGuard.so                          the clang-tidy plugin
#   share/doc/coroguard/checks/*.md              the checks' pages (SARIF help)
#   share/coroguard/integrations/...             pre-commit hook, CI templates
#   lib/cmake/CoroGuard/CoroGuardConfig.cmake    the package
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(coroguard_runtime PROPERTIES EXPORT_NAME runtime)
install(TARGETS coroguard_runtime EXPORT CoroGuardTargets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/checks/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/coroguard/checks FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/integrations/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/coroguard/integrations USE_SOURCE_PERMISSIONS)

# bin/ and lib/ as checks/CMakeLists.txt installs the driver and the plugin.
set(_cg_cmake_dir lib/cmake/CoroGuard)
install(EXPORT CoroGuardTargets NAMESPACE CoroGuard:: DESTINATION ${_cg_cmake_dir})
if(COROGUARD_BUILD_CHECKS)
  set(COROGUARD_CONFIG_LLVM_VERSION ${LLVM_VERSION_MAJOR})
else()
  set(COROGUARD_CONFIG_LLVM_VERSION "")
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/CoroGuardConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/CoroGuardConfig.cmake
  INSTALL_DESTINATION ${_cg_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/CoroGuardConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/CoroGuardConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/CoroGuardConfigVersion.cmake DESTINATION ${_cg_cmake_dir})
