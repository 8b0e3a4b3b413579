# Fails when running lupdate would change a translation catalogue: a new source
# text without a translation, an entry whose source text is gone, a context that
# moved. lupdate runs exactly as the update_translations target does (the same
# project file, sources and options), but on copies in WORK_DIR, so the tree is
# never touched. Also fails on unfinished translations and on contexts that are
# neither "vami" (messages of no class: backend errors) nor "vami::<Class>".
#   cmake -DLUPDATE=<lupdate> -DPROJECT=<.lupdate/<target>_project.cmake>
#         -DGENERATOR=<GenerateLUpdateProject.cmake> -DOPTIONS=<;-list> -DWORK_DIR=<dir>
#         -P translations_current.cmake
foreach(var LUPDATE PROJECT GENERATOR WORK_DIR)
    if(NOT ${var})
        message(FATAL_ERROR "${var} is not set")
    endif()
endforeach()
if(NOT EXISTS "${PROJECT}")
    message(FATAL_ERROR "${PROJECT} does not exist: configure the build first")
endif()
include("${PROJECT}") # lupdate_translations: the catalogues
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(project_json "${WORK_DIR}/project.json")
execute_process(
    COMMAND "${CMAKE_COMMAND}" "-DIN_FILE=${PROJECT}" "-DOUT_FILE=${project_json}" -P "${GENERATOR}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cannot write the lupdate project file")
endif()

set(copies "")
foreach(ts IN LISTS lupdate_translations)
    get_filename_component(name "${ts}" NAME)
    configure_file("${ts}" "${WORK_DIR}/${name}" COPYONLY)
    list(APPEND copies "${WORK_DIR}/${name}")
endforeach()
execute_process(
    COMMAND "${LUPDATE}" -project "${project_json}" ${OPTIONS} -ts ${copies}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "lupdate failed:\n${output}${errors}")
endif()

set(problems "")
foreach(ts IN LISTS lupdate_translations)
    get_filename_component(name "${ts}" NAME)
    file(READ "${ts}" before)
    file(READ "${WORK_DIR}/${name}" after)
    if(NOT before STREQUAL after)
        find_program(DIFF diff)
        if(DIFF)
            execute_process(COMMAND "${DIFF}" -u "${ts}" "${WORK_DIR}/${name}" OUTPUT_VARIABLE changes)
        else()
            set(changes "(no diff program to show the changes)\n")
        endif()
        string(APPEND problems "lupdate changes ${name}; run the update_translations target, translate what is "
                               "new and commit the catalogue:\n${changes}\n")
    endif()

    string(REGEX MATCHALL "<translation type=\"(unfinished|obsolete|vanished)\"" unfinished "${before}")
    list(LENGTH unfinished count)
    if(count GREATER 0)
        string(APPEND problems "${name}: ${count} messages are not translated or no longer used\n")
    endif()

    string(REGEX MATCHALL "<context>[ \t\r\n]*<name>[^<]*</name>" contexts "${before}")
    foreach(context IN LISTS contexts)
        string(REGEX REPLACE ".*<name>([^<]*)</name>" "\\1" context "${context}")
        if(NOT context STREQUAL "vami" AND NOT context MATCHES "^vami::[A-Z][A-Za-z0-9]*$")
            string(APPEND problems "${name}: context \"${context}\" is neither \"vami\" nor \"vami::<Class>\" "
                                   "(Q_DECLARE_TR_FUNCTIONS(vami::Class), QCoreApplication::translate(\"vami\", ...))\n")
        endif()
    endforeach()
endforeach()

if(problems)
    message("${problems}") # verbatim, so the diff stays readable
    message(FATAL_ERROR "The translation catalogues are not current (see above).")
endif()
list(LENGTH copies count)
message(STATUS "${count} translation catalogue(s) are current")
