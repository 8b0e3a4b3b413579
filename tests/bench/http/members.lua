-- wrk script: GET one page of 50 members with the bearer token in VAMI_TOKEN
-- (page 1, or the page in VAMI_PAGE).
wrk.method = "GET"
wrk.path = "/api/team/members?page=" .. (os.getenv("VAMI_PAGE") or "1") .. "&per_page=50"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VAMI_TOKEN")
