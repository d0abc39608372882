# Runs inside cpack once per generator, after the project has been installed into the staging folder and before the
# package is made from it (CPACK_PRE_BUILD_SCRIPTS, set by installer/cpack.cmake).
#
# The executables are installed with the search path $ORIGIN/../lib (a DT_RPATH, see installer/CMakeLists.txt).
#  - DEB: the package uses the system Qt, so that search path is removed again: the binaries in /usr/bin must not
#    look into /usr/lib first.
#  - TGZ: the archive must run from any folder on a machine without Qt, so this script makes the folder
#    self-contained: it copies the Qt plugins the app loads into plugins/, every library that ldd says the
#    executables and those plugins need into lib/ (except the host libraries listed in portable-system-libs.txt),
#    the libraries Qt opens by name at run time (libssl) under the names it asks for, and writes bin/qt.conf so
#    that Qt finds plugins/. The $ORIGIN/../lib search path then finds lib/.
#
# Why not Qt's deploy script: qt_generate_deploy_app_script deploys only on Windows and macOS in Qt 6.4. Why ldd:
# it asks the real dynamic loader, so what is bundled is exactly what would be loaded.

# cpack runs this script without the project's policy settings (they depend on where cpack is started from).
cmake_policy(VERSION 3.22)

foreach(var CPACK_GENERATOR CPACK_TEMPORARY_DIRECTORY CPACK_IDEX_EXECUTABLES CPACK_IDEX_QT_PLUGINS_DIR
        CPACK_IDEX_PLUGINS CPACK_IDEX_DLOPEN_LIBS CPACK_IDEX_DLOPEN_ALIASES CPACK_IDEX_SYSTEM_LIBS_FILE
        CPACK_IDEX_QT_CONF)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "prepackage.cmake: ${var} is not set; this script runs only from cpack")
    endif()
endforeach()

# The staging root: DEB installs under usr/ inside it; the archive puts everything straight into it.
set(stage "${CPACK_TEMPORARY_DIRECTORY}")
if(CPACK_GENERATOR STREQUAL "DEB")
    set(prefix "${stage}${CPACK_PACKAGING_INSTALL_PREFIX}")
else()
    set(prefix "${stage}")
endif()

set(executables "")
foreach(name IN LISTS CPACK_IDEX_EXECUTABLES)
    if(NOT EXISTS "${prefix}/bin/${name}")
        message(FATAL_ERROR "prepackage.cmake: ${prefix}/bin/${name} was not installed")
    endif()
    list(APPEND executables "${prefix}/bin/${name}")
endforeach()

if(CPACK_GENERATOR STREQUAL "DEB")
    foreach(executable IN LISTS executables)
        file(RPATH_REMOVE FILE "${executable}")
    endforeach()
    return()
endif()
if(NOT CPACK_GENERATOR STREQUAL "TGZ")
    return()
endif()

# Host libraries: one regular expression per line, comments start with #.
file(STRINGS "${CPACK_IDEX_SYSTEM_LIBS_FILE}" system_lib_patterns REGEX "^[^#]")

# 1. The Qt plugins, in the same folder layout as Qt's own plugin folder.
set(modules "")
foreach(plugin IN LISTS CPACK_IDEX_PLUGINS)
    set(source "${CPACK_IDEX_QT_PLUGINS_DIR}/${plugin}")
    if(NOT EXISTS "${source}")
        message(FATAL_ERROR "prepackage.cmake: the Qt plugin ${source} is missing on this build machine")
    endif()
    get_filename_component(folder "${plugin}" DIRECTORY)
    file(COPY "${source}" DESTINATION "${prefix}/plugins/${folder}")
    list(APPEND modules "${prefix}/plugins/${plugin}")
endforeach()

# 2. Every library those need, as the dynamic loader resolves it (ldd lists the whole closure of each file).
file(MAKE_DIRECTORY "${prefix}/lib")
set(bundled "")
set(library_dirs "")
function(bundle_dependencies elf)
    execute_process(COMMAND ldd "${elf}" OUTPUT_VARIABLE listing RESULT_VARIABLE status ERROR_VARIABLE errors)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "prepackage.cmake: ldd ${elf} failed: ${errors}")
    endif()
    string(REPLACE "\n" ";" lines "${listing}")
    foreach(line IN LISTS lines)
        if(line MATCHES "^[ \t]*([^ \t]+) => not found")
            message(FATAL_ERROR "prepackage.cmake: ${elf} needs ${CMAKE_MATCH_1}, which this machine lacks")
        endif()
        if(NOT line MATCHES "^[ \t]*([^ \t]+) => ([^ \t]+) \\(")
            continue() # the vDSO and the loader itself have no "=>"
        endif()
        set(soname "${CMAKE_MATCH_1}")
        set(path "${CMAKE_MATCH_2}")
        get_filename_component(dir "${path}" DIRECTORY)
        list(APPEND library_dirs "${dir}")
        set(is_system FALSE)
        foreach(pattern IN LISTS system_lib_patterns)
            if(soname MATCHES "${pattern}")
                set(is_system TRUE)
                break()
            endif()
        endforeach()
        if(is_system OR soname IN_LIST bundled)
            continue()
        endif()
        # COPY_FILE reads through the soname symlink, so lib/ holds one real file per soname.
        file(COPY_FILE "${path}" "${prefix}/lib/${soname}")
        list(APPEND bundled "${soname}")
    endforeach()
    set(bundled "${bundled}" PARENT_SCOPE)
    set(library_dirs "${library_dirs}" PARENT_SCOPE)
endfunction()
foreach(elf IN LISTS executables modules)
    bundle_dependencies("${elf}")
endforeach()

# 3. Libraries that Qt opens by name at run time (dlopen), invisible to ldd: taken from the folders the other
#    libraries came from, with their own dependencies.
list(REMOVE_DUPLICATES library_dirs)
foreach(soname IN LISTS CPACK_IDEX_DLOPEN_LIBS)
    find_file(found_${soname} "${soname}" PATHS ${library_dirs} NO_DEFAULT_PATH NO_CACHE)
    if(NOT found_${soname})
        message(FATAL_ERROR "prepackage.cmake: ${soname}, which Qt opens at run time, is missing in ${library_dirs}")
    endif()
    file(COPY_FILE "${found_${soname}}" "${prefix}/lib/${soname}")
    list(APPEND bundled "${soname}")
    bundle_dependencies("${prefix}/lib/${soname}")
endforeach()

# 4. Other names Qt asks the loader for: Qt 6.4's OpenSSL backend opens "libssl.so" and "libcrypto.so" before it
#    looks for numbered names. Without these links it would load a second OpenSSL from the host's development
#    package (when installed) next to the bundled one.
foreach(alias IN LISTS CPACK_IDEX_DLOPEN_ALIASES)
    string(REPLACE "=" ";" alias "${alias}")
    list(GET alias 0 name)
    list(GET alias 1 target)
    if(NOT EXISTS "${prefix}/lib/${target}")
        message(FATAL_ERROR "prepackage.cmake: ${name} should point to lib/${target}, which is not bundled")
    endif()
    file(CREATE_LINK "${target}" "${prefix}/lib/${name}" SYMBOLIC)
endforeach()

# 5. qt.conf next to the executables: the plugins are in ../plugins, not in the build machine's Qt folder.
file(COPY "${CPACK_IDEX_QT_CONF}" DESTINATION "${prefix}/bin")

list(LENGTH bundled count)
message(STATUS "Portable archive: ${count} libraries bundled into lib/")
