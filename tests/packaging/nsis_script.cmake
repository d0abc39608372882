# packaging_nsis_script: has makensis (NSIS for Linux) compile the Windows installer with the settings of
# installer/windows/cpack-windows.cmake, from a stand-in install tree (this machine builds no Windows binaries).
# Proves that the settings make a valid installer, that it asks only administrators for elevation (per-user install
# for everybody else), that it creates the Start-menu shortcut, and that the rendered .ico is accepted.
#   cmake -DBINARY_DIR=<build> -DSOURCE_DIR=<source> -DICONRENDER=<idex-iconrender> -DCPACK=<cpack>
#         -DVERSION=<x.y.z> -DHOMEPAGE=<url> -P nsis_script.cmake
foreach(var BINARY_DIR SOURCE_DIR ICONRENDER CPACK VERSION HOMEPAGE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "nsis_script.cmake: -D${var}=... is missing")
    endif()
endforeach()

set(work "${BINARY_DIR}/packaging-nsis")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}/tree/bin")
file(WRITE "${work}/tree/bin/identity-explorer.exe" "stand-in")
file(WRITE "${work}/tree/bin/idex.exe" "stand-in")

execute_process(COMMAND "${ICONRENDER}" "${SOURCE_DIR}/resources/icons/identity-explorer.svg"
    "${work}/identity-explorer.ico" 16 24 32 48 64 128 256 COMMAND_ERROR_IS_FATAL ANY)

# The project's own CPack configuration, switched to NSIS over the stand-in tree, plus the Windows settings.
file(WRITE "${work}/CPackNSIS.cmake" "
include(\"${BINARY_DIR}/CPackConfig.cmake\")
set(CPACK_GENERATOR NSIS)
set(CPACK_PRE_BUILD_SCRIPTS \"\")
set(CPACK_INSTALL_CMAKE_PROJECTS \"\")
set(CPACK_INSTALLED_DIRECTORIES \"${work}/tree;.\")
set(CPACK_PACKAGE_FILE_NAME identity-explorer-${VERSION}-windows-x64)
set(PROJECT_VERSION \"${VERSION}\")
set(PROJECT_HOMEPAGE_URL \"${HOMEPAGE}\")
set(IDEX_ICO \"${work}/identity-explorer.ico\")
include(\"${SOURCE_DIR}/installer/windows/cpack-windows.cmake\")
")
execute_process(COMMAND "${CPACK}" --config "${work}/CPackNSIS.cmake" -B "${work}/out"
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "cpack -G NSIS failed:\n${output}")
endif()

set(installer "${work}/out/identity-explorer-${VERSION}-windows-x64.exe")
if(NOT EXISTS "${installer}")
    message(FATAL_ERROR "no installer at ${installer}:\n${output}")
endif()
file(STRINGS "${installer}" manifest REGEX "requestedExecutionLevel")
if(NOT manifest MATCHES "level=\"highestAvailable\"")
    message(FATAL_ERROR "the installer's manifest does not ask for highestAvailable: ${manifest}")
endif()
file(GLOB_RECURSE scripts "${work}/out/_CPack_Packages/*/project.nsi")
file(READ "${scripts}" script)
if(NOT script MATCHES "CreateShortCut \"\\$SMPROGRAMS\\\\\\$STARTMENU_FOLDER\\\\Identity Explorer.lnk\" \"\\$INSTDIR\\\\bin\\\\identity-explorer.exe\"")
    message(FATAL_ERROR "no Start-menu shortcut to bin\\identity-explorer.exe in ${scripts}")
endif()
file(SIZE "${installer}" size)
file(REMOVE_RECURSE "${work}")
message(STATUS "NSIS installer compiled (${size} bytes with stand-in binaries); manifest: highestAvailable; Start-menu shortcut present")
