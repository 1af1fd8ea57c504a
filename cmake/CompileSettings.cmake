# One interface target carries the compile settings every kafkalab target shares.
set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTORCC ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_library(kafkalab_settings INTERFACE)
target_compile_features(kafkalab_settings INTERFACE cxx_std_20)
target_compile_options(kafkalab_settings INTERFACE -Wall -Wextra -pedantic)
target_compile_definitions(kafkalab_settings INTERFACE
    QT_NO_KEYWORDS
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    KAFKALAB_VERSION="${PROJECT_VERSION}"
    KAFKALAB_DEFAULT_KAFKA_VERSION="${KAFKALAB_KAFKA_VERSION}")

# The product's own code (kafkacore, widgets, app, the two programs) says the encoding of every QString it makes
# from a literal (QStringLiteral, QLatin1String, tr()): QT_NO_CAST_FROM_ASCII. The tests are left out, as KDE's
# frameworks leave out their autotests: their expected strings read better as plain literals, and they only
# compare what the product made.
function(kafkalab_product_code target)
    target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII)
endfunction()

# Sanitizer builds (CMakePresets.json: asan-ubsan, tsan): KAFKALAB_SANITIZE is the -fsanitize= list, applied to
# every target of the tree (libraries, programs and tests) so that the runtime sees all of our code.
set(KAFKALAB_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined or thread (empty: none)")
if(KAFKALAB_SANITIZE)
    add_compile_options(-fsanitize=${KAFKALAB_SANITIZE} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${KAFKALAB_SANITIZE})
    if(KAFKALAB_SANITIZE MATCHES "undefined")
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
endif()
