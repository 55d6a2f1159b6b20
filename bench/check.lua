-- wrk script for bench/throughput.sh: POST /v1/gates/check with the body of docs/examples/check.json.
-- Usage: CHECK_BODY_FILE=docs/examples/check.json TOLLGATE_TOKEN=... \
--          wrk -t C -c C -d (S+3)s --latency -s bench/check.lua URL/v1/gates/check -- S
-- Sends checks for S seconds, then each thread stops at its next answer: with one connection per
-- thread (-t = -c) nothing is left in flight when wrk exits, so every check the server committed got
-- its answer counted here (the audit-count check at the end depends on it). The -d margin only has
-- to exceed one check's latency; a thread cut off by -d instead is reported as "cut".
-- done() prints one line: "TOLLGATE_WRK ok=… non2xx=… seconds=… rps=… p50_ms=… p99_ms=… ...".

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC: comparable across wrk's threads
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot read " .. tostring(path))
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = "POST"
wrk.body = read_file(os.getenv("CHECK_BODY_FILE") or "docs/examples/check.json")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("TOLLGATE_TOKEN"), "TOLLGATE_TOKEN is not set")

-- Main state: keeps the threads so done() can add up their counters.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

-- Thread state (one Lua state per wrk thread).
function init(args)
  seconds = tonumber(args[1] or "10")
  ok, non2xx, stopped = 0, 0, 0
  started = now()
  deadline = started + seconds
  last = started
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else non2xx = non2xx + 1 end
  last = now()
  if last >= deadline then
    stopped = 1
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad, cut = 0, 0, 0
  local first, final = math.huge, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_bad = total_bad + t:get("non2xx")
    if t:get("stopped") ~= 1 then cut = cut + 1 end
    first = math.min(first, t:get("started"))
    final = math.max(final, t:get("last"))
  end
  local secs = final - first
  local e = summary.errors
  io.write(string.format(
    "TOLLGATE_WRK ok=%d non2xx=%d seconds=%.3f rps=%.1f mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "cut=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    total_ok, total_bad, secs, (total_ok + total_bad) / secs, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    cut, e.connect, e.read, e.write, e.timeout))
end
