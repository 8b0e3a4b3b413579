-- wrk script: POST /api/auth/login with the owner's credentials.
wrk.method = "POST"
wrk.path = "/api/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s"}', os.getenv("VAMI_EMAIL"), os.getenv("VAMI_PASSWORD"))
