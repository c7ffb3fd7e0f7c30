-- Replays the prepared requests of one scenario, one line each:
--   METHOD \t PATH \t Header: value|Header: value \t BODY
-- Each wrk thread takes every n-th line. With ONCE=1 (the file's first line is "#once") a line is
-- sent at most once and a thread stops when its share is used up: writes (enrollments, signed credit
-- reports with single-use nonces) must not be repeated. Otherwise the lines are replayed in a loop.
local counter = 0

-- Each thread learns its number; the number of threads comes in init's arguments.
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local reqs = {}
local idx = 0
local once = false

local function split(s, sep)
  local out = {}
  local start = 1
  while true do
    local i = string.find(s, sep, start, true)
    if not i then
      table.insert(out, string.sub(s, start))
      return out
    end
    table.insert(out, string.sub(s, start, i - 1))
    start = i + #sep
  end
end

function init(args)
  local file = args[1]
  local n = tonumber(args[2])
  local line_no = 0
  for line in io.lines(file) do
    if line_no == 0 and line == "#once" then
      once = true
    elseif line ~= "" then
      if line_no % n == tid then
        local f = split(line, "\t")
        local headers = {}
        if f[3] ~= nil and f[3] ~= "" then
          for _, h in ipairs(split(f[3], "|")) do
            local k, v = string.match(h, "^([^:]+):%s*(.*)$")
            headers[k] = v
          end
        end
        local body = f[4]
        if body == "" then body = nil end
        table.insert(reqs, wrk.format(f[1], f[2], headers, body))
      end
      line_no = line_no + 1
    end
    if line == "#once" then line_no = 0 end
  end
end

function request()
  idx = idx + 1
  if idx > #reqs then
    if once then
      wrk.thread:stop()
      idx = #reqs
      return reqs[#reqs]
    end
    idx = 1
  end
  return reqs[idx]
end

function done(summary, latency, requests)
  io.write(string.format(
    'JSONRESULT {"requests":%d,"duration_us":%d,"errors_status":%d,"errors_connect":%d,' ..
    '"errors_read":%d,"errors_write":%d,"errors_timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
