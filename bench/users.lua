-- wrk script for bench/serving.sh: one request shape per run, read from the environment.
--   METHOD      GET or POST (default POST)
--   BODY_FILE   the JSON body to POST (none for GET)
--   THINK_MS    mean pause in milliseconds before each request, drawn from an exponential
--               distribution (users who think between requests); 0 or unset: flat out
--   FORECAST_ADMIN_KEY  sent as a bearer token when set
wrk.method = os.getenv("METHOD") or "POST"
local file = os.getenv("BODY_FILE")
if file and file ~= "" then
    local f = assert(io.open(file, "r"))
    wrk.body = f:read("*a")
    f:close()
    wrk.headers["Content-Type"] = "application/json"
end
local key = os.getenv("FORECAST_ADMIN_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end

local think = tonumber(os.getenv("THINK_MS") or "0")
if think > 0 then
    function setup(thread)
        thread:set("seed", math.random(1, 2 ^ 30))
    end
    function init(args)
        math.randomseed(seed)
    end
    -- wrk waits this many milliseconds before sending the next request on a connection; its
    -- latency figures count from the send, so the pause is not in them
    function delay()
        return math.floor(-think * math.log(1 - math.random()))
    end
end
