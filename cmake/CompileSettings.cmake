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
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    KAFKALAB_VERSION="${PROJECT_VERSION}"
    KAFKALAB_DEFAULT_KAFKA_VERSION="${KAFKALAB_KAFKA_VERSION}")
