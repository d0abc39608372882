# Windows package settings, included by installer/cpack.cmake on Windows. Expects IDEX_ICO (the icon rendered by
# installer/CMakeLists.txt), PROJECT_VERSION, PROJECT_HOMEPAGE_URL and CPACK_PACKAGE_CONTACT. The test
# packaging_nsis_script (tests/packaging) includes it too, to have makensis compile the installer on Linux.

# NSIS: Start-menu shortcut from CPACK_PACKAGE_EXECUTABLES, optional PATH entry for idex, uninstaller.
set(CPACK_NSIS_PACKAGE_NAME "Identity Explorer")
set(CPACK_NSIS_DISPLAY_NAME "Identity Explorer ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON ${IDEX_ICO})
set(CPACK_NSIS_MUI_UNIICON ${IDEX_ICO})
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\identity-explorer.exe")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN identity-explorer.exe)
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_HELP_LINK "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_CONTACT "${CPACK_PACKAGE_CONTACT}")
set(CPACK_NSIS_MODIFY_PATH ON)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# Per-user install for people without admin rights. CPack's template asks for elevation ("admin"); "highest"
# (the later attribute wins; packaging_nsis_script checks the manifest says highestAvailable) asks only
# administrators. The template then installs machine-wide for them, and
# per user (the user's folders, Start menu and registry hive, no UAC prompt) for everybody else.
set(CPACK_NSIS_DEFINES "RequestExecutionLevel highest")

# WiX (`cpack -G WIX`): an MSI that installs per user by default (ALLUSERS=2 + MSIINSTALLPERUSER=1 is the
# documented dual-purpose package); administrators can pass ALLUSERS=1 for a machine-wide install.
set(CPACK_WIX_UPGRADE_GUID "81CBEDCA-06AA-45BB-A8BE-9DC7A7E93610") # never change: it links all versions
set(CPACK_WIX_PRODUCT_ICON ${IDEX_ICO})
set(CPACK_WIX_PROGRAM_MENU_FOLDER "Identity Explorer")
set(CPACK_WIX_PROPERTY_ALLUSERS 2)
set(CPACK_WIX_PROPERTY_MSIINSTALLPERUSER 1)
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${PROJECT_HOMEPAGE_URL}")
