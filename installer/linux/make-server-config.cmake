# Writes the packaged default configuration of vami-server from the server's own
# --help-config table, so the file lists exactly the settings the program reads.
#   cmake -DSERVER=<vami-server> -DOUTPUT=<file> -P make-server-config.cmake
# QSettings' INI reader knows only ';' comments, so every line of text uses ';'.

execute_process(COMMAND "${SERVER}" --help-config
    OUTPUT_VARIABLE table RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${SERVER} --help-config failed (${result}): ${errors}")
endif()

set(text [=[; Configuration of the Vami API server (INI format, read by vami-server --config).
;
; Every setting is listed with its default value, commented out: remove the ';'
; to change one. Environment variables (VAMI_<SECTION>_<KEY>) override this file,
; and command-line options override both. The systemd unit passes
; --config /etc/vami/vami-server.conf --data-dir /var/lib/vami.
;
; This file may hold secrets (smtp.password, auth.secret): it is readable only by
; root and the vami group. Restart the service after a change:
;   systemctl restart vami-server
]=])

# Markdown rows: | `[section] key` | `VAMI_...` | `default` or (empty) | meaning |
string(REPLACE ";" "<semicolon>" table "${table}")
string(REPLACE "\n" ";" lines "${table}")
set(current_section "")
set(count 0)
foreach(line IN LISTS lines)
    if(NOT line MATCHES "^\\| `\\[([a-z_]+)\\] ([a-z_]+)` \\| `([A-Z0-9_]+)` \\| (.*) \\| (.*) \\|$")
        continue()
    endif()
    set(section "${CMAKE_MATCH_1}")
    set(key "${CMAKE_MATCH_2}")
    set(env "${CMAKE_MATCH_3}")
    set(default "${CMAKE_MATCH_4}")
    set(meaning "${CMAKE_MATCH_5}")
    string(REPLACE "<semicolon>" ";" meaning "${meaning}")
    if(default MATCHES "^`(.*)`$")
        set(default "${CMAKE_MATCH_1}")
    else()
        set(default "")
    endif()
    if(NOT section STREQUAL current_section)
        string(APPEND text "\n[${section}]\n")
        set(current_section "${section}")
    endif()
    if(default STREQUAL "")
        string(APPEND text "\n; ${meaning}\n; Environment: ${env}\n;${key} =\n")
    else()
        string(APPEND text "\n; ${meaning}\n; Environment: ${env}\n;${key} = ${default}\n")
    endif()
    math(EXPR count "${count} + 1")
endforeach()
if(count LESS 10)
    message(FATAL_ERROR "Only ${count} settings found in the output of ${SERVER} --help-config")
endif()
file(WRITE "${OUTPUT}" "${text}")
