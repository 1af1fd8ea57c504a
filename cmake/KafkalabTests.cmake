# kafkalab_add_test(NAME name LABEL unit|integration|gui SOURCES ... LIBS ... [WRAPPER program])
# One Qt Test executable per area, registered with ctest under its label. Integration and gui tests that need
# the broker require the `sandbox` fixture, which starts one real Kafka broker for the whole run.

# In sanitizer builds every test (and every program a test starts, which inherits the environment) stops at the
# first finding with a stack trace and a non-zero exit: ctest reports it as a failure.
set(KAFKALAB_SANITIZER_ENV "")
if(KAFKALAB_SANITIZE MATCHES "address")
    list(APPEND KAFKALAB_SANITIZER_ENV
        "ASAN_OPTIONS=halt_on_error=1:print_stacktrace=1:detect_leaks=1:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1"
        "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/sanitizers/lsan.supp:print_suppressions=0")
endif()
if(KAFKALAB_SANITIZE MATCHES "undefined")
    list(APPEND KAFKALAB_SANITIZER_ENV "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=${PROJECT_SOURCE_DIR}/tests/sanitizers/ubsan.supp")
endif()
if(KAFKALAB_SANITIZE MATCHES "thread")
    list(APPEND KAFKALAB_SANITIZER_ENV
        "TSAN_OPTIONS=halt_on_error=0:second_deadlock_stack=1:suppressions=${PROJECT_SOURCE_DIR}/tests/sanitizers/tsan.supp")
endif()

function(kafkalab_add_test)
    cmake_parse_arguments(T "BROKER" "NAME;LABEL;TIMEOUT;WRAPPER" "SOURCES;LIBS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE kafkalab_settings Qt6::Test ${T_LIBS})
    if(T_WRAPPER) # runs the test inside it, e.g. a private D-Bus session
        add_test(NAME ${T_NAME} COMMAND ${T_WRAPPER} $<TARGET_FILE:${T_NAME}>)
    else()
        add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set(env "KAFKALAB_TEST_BIN_DIR=${CMAKE_BINARY_DIR}" "KAFKALAB_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
        ${KAFKALAB_SANITIZER_ENV})
    if(T_LABEL STREQUAL "gui")
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
    endif()
    if(T_BROKER)
        list(APPEND env "KAFKALAB_BOOTSTRAP_FILE=${KAFKALAB_SANDBOX_DIR}/bootstrap")
        set_tests_properties(${T_NAME} PROPERTIES FIXTURES_REQUIRED sandbox RESOURCE_LOCK sandbox_broker)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT} ENVIRONMENT "${env}")
endfunction()
