-- One fixed GET expecting 200 (JWKS, discovery). Environment: BENCH_PATH.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done

wrk.method = "GET"
wrk.path = os.getenv("BENCH_PATH")

bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
