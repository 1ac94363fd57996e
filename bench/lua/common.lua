-- Shared by every wrk scenario: remembers the threads, counts unexpected answers and
-- prints one JSON line at the end that bench/run.sh parses.
--   wrk counts only status > 399 as errors; here every answer that is not the expected
--   status (200 unless a script says otherwise) counts, and so does every socket error.
local M = {}
local threads = {}

function M.setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

function M.done(summary, latency, requests)
  local bad, flows = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("bad") or 0)
    flows = flows + (t:get("flows") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"bad":%d,"status_gt399":%d,"socket_errors":%d,"flows":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    bad, e.status, e.connect + e.read + e.write + e.timeout, flows))
end

-- Reads the lines of a file (tokens), keeping those for this thread:
-- line i goes to thread ((i - 1) % threads) + 1.
function M.lines_for_thread(path, index, threads_total)
  local out = {}
  local i = 0
  for line in io.lines(path) do
    if line ~= "" then
      if (i % threads_total) + 1 == index then table.insert(out, line) end
      i = i + 1
    end
  end
  return out
end

function M.urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

return M
