-- The authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636) for a user who is already
-- signed in and has consented: GET the authorization endpoint with the session's cookies,
-- expect a redirect to the redirect URI carrying a code, then redeem it at the token endpoint
-- (client_secret_basic) and expect an access token. One flow = those two requests.
-- Each connection is one browser: run with as many threads as connections (wrk shares a Lua
-- state between the connections of a thread, and the flow's state must be per connection).
-- Each thread takes its session cookie line from BENCH_COOKIES and its PKCE verifier and
-- challenge from BENCH_PKCE ("verifier challenge" lines), by thread index.
-- Anything else (no code, a token error) counts as bad and the browser starts a new flow.
-- Environment: BENCH_AUTHORIZE_PATH, BENCH_TOKEN_PATH, BENCH_CLIENT_ID, BENCH_REDIRECT_URI,
-- BENCH_SCOPE, BENCH_BASIC, BENCH_COOKIES, BENCH_PKCE, BENCH_THREADS.
local common = dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
setup = common.setup
done = common.done

bad = 0
flows = 0
local debug = os.getenv("BENCH_DEBUG")
local authorize_headers, token_headers = {}, {}
local authorize_prefix, token_path, redirect_enc, verifier
local code = nil

function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  local cookie = common.lines_for_thread(os.getenv("BENCH_COOKIES"), thread_index, threads)[1]
  local pkce = common.lines_for_thread(os.getenv("BENCH_PKCE"), thread_index, threads)[1]
  local challenge
  verifier, challenge = pkce:match("^(%S+)%s+(%S+)$")
  authorize_headers["Cookie"] = cookie
  token_headers["Content-Type"] = "application/x-www-form-urlencoded"
  token_headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")
  token_path = os.getenv("BENCH_TOKEN_PATH")
  redirect_enc = common.urlencode(os.getenv("BENCH_REDIRECT_URI"))
  authorize_prefix = os.getenv("BENCH_AUTHORIZE_PATH") .. "?response_type=code&client_id="
    .. common.urlencode(os.getenv("BENCH_CLIENT_ID")) .. "&redirect_uri=" .. redirect_enc
    .. "&scope=" .. common.urlencode(os.getenv("BENCH_SCOPE"))
    .. "&code_challenge=" .. challenge .. "&code_challenge_method=S256"
  math.randomseed(os.time() * 100 + thread_index)
end

local function nonce()
  return string.format("%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
end

function request()
  if code then
    return wrk.format("POST", token_path, token_headers, "grant_type=authorization_code&code="
      .. common.urlencode(code) .. "&redirect_uri=" .. redirect_enc .. "&code_verifier=" .. verifier)
  end
  return wrk.format("GET", authorize_prefix .. "&state=" .. nonce() .. "&nonce=" .. nonce(), authorize_headers)
end

local function unexpected(what, status, body)
  bad = bad + 1
  if debug and bad <= 3 then io.stderr:write(what .. " answered " .. status .. ": " .. (body or "") .. "\n") end
end

function response(status, headers, body)
  if code then
    code = nil
    if status == 200 and body:find('"access_token"', 1, true) then
      flows = flows + 1
    else
      unexpected("token", status, body)
    end
    return
  end
  local location = headers["Location"] or headers["location"]
  local found = (status == 302 or status == 303) and location and location:match("[?&]code=([^&#]+)")
  if found then
    code = found:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end)
  else
    unexpected("authorize", status, location or body)
  end
end
