# CPack configuration (issue #8), included at the end of installer/CMakeLists.txt.
#   Linux:   DEB (system Qt, dependencies computed by dpkg-shlibdeps) and TGZ (portable, carries its own Qt)
#   Windows: NSIS installer and a ZIP; WiX settings for `cpack -G WIX`
#   macOS:   a DragNDrop disk image of identity-explorer.app
# The version is not set here: CPack takes it from project(), like everything else.

set(CPACK_PACKAGE_NAME ${IDEX_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "The Identity Explorer developers")
set(CPACK_PACKAGE_CONTACT "The Identity Explorer developers <identity-explorer@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines shorter than 80 characters: the .deb shows them as they are (Debian policy).
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Identity Explorer helps developers find out why a call between Azure services"
    "that authenticate with managed identities fails. It gets a token from any"
    "managed identity endpoint (IMDS, App Service and Functions, Azure Arc, Cloud"
    "Shell, Service Fabric, Azure Machine Learning, AKS workload identity) or from"
    "its own offline emulator, decodes and verifies it, sends it to the protected"
    "API, draws the directory objects that decide the outcome and says in plain"
    "words what is wrong. The idex command offers the same on the command line.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Identity Explorer")
set(CPACK_PACKAGE_EXECUTABLES "identity-explorer;Identity Explorer") # the Start-menu shortcut (NSIS, WiX)
# WiX accepts only a licence file ending in .txt or .rtf.
configure_file(${PROJECT_SOURCE_DIR}/LICENSE ${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt COPYONLY)
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
# The packages are built from the top-level build's install rules; nothing is recompiled by cpack.
set(CPACK_SOURCE_GENERATOR "")

if(UNIX AND NOT APPLE)
    set(CPACK_GENERATOR "DEB;TGZ")
    set(CPACK_PACKAGE_FILE_NAME "${IDEX_PACKAGE_NAME}-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR}")

    # DEB: identity-explorer_<version>_<arch>.deb, for the system Qt of the distribution it is built on.
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION devel)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    # dpkg-shlibdeps turns the libraries the binaries link (Qt, OpenSSL, libc...) into Depends with versions.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # What shlibdeps cannot see because Qt loads it at run time as a plugin: the SVG icon engine and image format
    # (libqt6svg6; the app's icons are SVG) and the extra platform plugins. On Debian 12 xcb and offscreen ship in
    # libqt6gui6, which shlibdeps already finds; qt6-qpa-plugins is named too for distributions that split them out.
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, qt6-qpa-plugins")
    # Native GTK dialogs and colours on GNOME-like desktops; the app works without it.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-gtk-platformtheme")

    # After the staging install: the TGZ gets its Qt libraries and plugins, the DEB loses the archive's rpath.
    set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_SOURCE_DIR}/linux/prepackage.cmake)
    set(CPACK_IDEX_EXECUTABLES identity-explorer idex)
    set(CPACK_IDEX_QT_PLUGINS_DIR "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_PLUGINS}")
    set(CPACK_IDEX_SYSTEM_LIBS_FILE ${CMAKE_CURRENT_SOURCE_DIR}/linux/portable-system-libs.txt)
    set(CPACK_IDEX_QT_CONF ${CMAKE_CURRENT_SOURCE_DIR}/linux/qt.conf)
    # The plugins the portable archive carries, and why:
    set(CPACK_IDEX_PLUGINS
        platforms/libqxcb.so                                   # X11 desktops, XWayland and X forwarding over SSH
        platforms/libqoffscreen.so                             # headless runs (screenshots, checks)
        xcbglintegrations/libqxcb-glx-integration.so           # OpenGL under X11, loaded by the xcb plugin
        xcbglintegrations/libqxcb-egl-integration.so
        platforminputcontexts/libcomposeplatforminputcontextplugin.so # dead keys and compose sequences
        platforminputcontexts/libibusplatforminputcontextplugin.so    # input methods
        iconengines/libqsvgicon.so                             # the app's icons are SVG
        imageformats/libqsvg.so
        tls/libqopensslbackend.so                              # HTTPS to Azure endpoints and Graph
        tls/libqcertonlybackend.so)
    # Libraries Qt opens by name at run time, invisible to ldd: the OpenSSL backend dlopens libssl.
    set(CPACK_IDEX_DLOPEN_LIBS libssl.so.3)
    # ... and the unnumbered names it tries first (see linux/prepackage.cmake).
    set(CPACK_IDEX_DLOPEN_ALIASES libssl.so=libssl.so.3 libcrypto.so=libcrypto.so.3)
elseif(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
    set(CPACK_PACKAGE_FILE_NAME "${IDEX_PACKAGE_NAME}-${PROJECT_VERSION}-windows-x64")

    # NSIS and WiX settings: in their own file, which tests/packaging also feeds to makensis on Linux.
    include(${CMAKE_CURRENT_LIST_DIR}/windows/cpack-windows.cmake)
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_PACKAGE_FILE_NAME "${IDEX_PACKAGE_NAME}-${PROJECT_VERSION}-macos")
    set(CPACK_DMG_VOLUME_NAME "Identity Explorer ${PROJECT_VERSION}")
endif()

include(CPack)
