-- One fixed form POST with HTTP Basic client authentication, expecting 200.
-- Used for client_credentials. Environment: BENCH_PATH, BENCH_BODY, BENCH_BASIC.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done

wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH")
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")

bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
