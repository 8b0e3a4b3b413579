-- wrk script: GET one page of members with the bearer token in VAMI_TOKEN.
wrk.method = "GET"
wrk.path = "/api/team/members?page=1&per_page=50"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VAMI_TOKEN")
