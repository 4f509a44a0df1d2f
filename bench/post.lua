-- wrk script: POST the JSON body in $BODY_FILE (wrk itself counts non-2xx answers), with the
-- admin API key in $FORECAST_ADMIN_KEY when set
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("FORECAST_ADMIN_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
