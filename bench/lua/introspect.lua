-- RFC 7662 introspection over HTTP: POSTs token=<t> round-robin over a pool of valid
-- access tokens (one per line in BENCH_TOKENS), client authenticated with Basic.
-- An answer that is not 200 with "active":true counts as bad.
-- Environment: BENCH_PATH, BENCH_BASIC, BENCH_TOKENS, BENCH_THREADS.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC"),
}
local requests = {}
local next_index = 1
bad = 0

function init(args)
  local tokens = common.lines_for_thread(os.getenv("BENCH_TOKENS"), thread_index,
    tonumber(os.getenv("BENCH_THREADS")))
  for _, t in ipairs(tokens) do
    table.insert(requests, wrk.format("POST", os.getenv("BENCH_PATH"), headers,
      "token=" .. common.urlencode(t) .. "&token_type_hint=access_token"))
  end
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"active"%s*:%s*true') then bad = bad + 1 end
end
