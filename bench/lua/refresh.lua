-- RFC 6749 §6 refresh with rotation: every refresh token is used exactly once. Each thread
-- starts with its share of a pre-minted pool (BENCH_TOKENS, one per line) and puts the new
-- refresh token of every answer back in its queue, so the connections chain tokens. wrk calls
-- request() once more per connection than it sends at start-up, which takes a token that is
-- never sent: the pool holds two per connection. An answer without a new refresh token counts
-- as bad (and its chain ends).
-- Environment: BENCH_PATH, BENCH_BASIC, BENCH_TOKENS, BENCH_THREADS.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done

local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC"),
}
local path
local queue = {}
local head, tail = 1, 0
bad = 0
local debug = os.getenv("BENCH_DEBUG")

function init(args)
  path = os.getenv("BENCH_PATH")
  for _, t in ipairs(common.lines_for_thread(os.getenv("BENCH_TOKENS"), thread_index,
      tonumber(os.getenv("BENCH_THREADS")))) do
    tail = tail + 1
    queue[tail] = t
  end
end

function request()
  local token = "exhausted.pool"
  if head <= tail then
    token = queue[head]
    queue[head] = nil
    head = head + 1
  end
  return wrk.format("POST", path, headers,
    "grant_type=refresh_token&refresh_token=" .. common.urlencode(token))
end

function response(status, headers, body)
  local next_token = status == 200 and body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if next_token then
    tail = tail + 1
    queue[tail] = next_token
  else
    bad = bad + 1
    if debug and bad <= 3 then io.stderr:write("refresh answered " .. status .. ": " .. body .. "\n") end
  end
end
