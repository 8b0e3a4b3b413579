-- wrk script for the soak: a steady mix of reads and writes as the seeded owner.
-- Each request waits VAMI_DELAY_MS first, so the rate is about
-- connections * 1000 / (VAMI_DELAY_MS + latency) requests per second.
-- Mix per 500 requests: 1 sign-in, 50 API-key creations (each revoked by the
-- next request of the thread), 100 GET /api/auth/me, the rest member pages.
local token = os.getenv("VAMI_TOKEN")
local email = os.getenv("VAMI_EMAIL")
local password = os.getenv("VAMI_PASSWORD")
local pause = tonumber(os.getenv("VAMI_DELAY_MS") or "20")
local counter = 0
local revoke = {}

function delay()
    return pause
end

function request()
    counter = counter + 1
    local auth = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
    if #revoke > 0 then
        local id = table.remove(revoke)
        return wrk.format("DELETE", "/api/settings/api-keys/" .. id, { ["Authorization"] = "Bearer " .. token })
    end
    local k = counter % 500
    if k == 0 then
        return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json" },
            string.format('{"email":"%s","password":"%s"}', email, password))
    elseif k <= 50 then
        return wrk.format("POST", "/api/settings/api-keys", auth, '{"name":"soak"}')
    elseif k <= 150 then
        return wrk.format("GET", "/api/auth/me", auth)
    end
    return wrk.format("GET", "/api/team/members?page=" .. (counter % 20 + 1) .. "&per_page=50", auth)
end

function response(status, headers, body)
    if status == 200 and body and string.find(body, '"full_key"', 1, true) then
        local id = string.match(body, '"id":"([0-9a-f%-]+)"')
        if id then
            table.insert(revoke, id)
        end
    end
end
