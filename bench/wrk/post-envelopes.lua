-- POST envelopes of 1000 new indicators (random UUIDs) to the path given as wrk URL
math.randomseed(os.time() + math.floor(os.clock()*1e6))
local function h(n) local t = {} for i=1,n do t[i] = string.format("%04x", math.random(0,65535)) end return table.concat(t) end
request = function()
  local parts = {}
  for i = 1, 1000 do
    local id = h(2) .. "-" .. h(1) .. "-4" .. string.sub(h(1),2) .. "-a" .. string.sub(h(1),2) .. "-" .. h(3)
    parts[i] = '{"type":"indicator","spec_version":"2.1","id":"indicator--' .. id ..
      '","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = \'10.0.' ..
      math.floor(i/256) .. '.' .. (i%256) .. '\']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}'
  end
  return wrk.format("POST", nil, nil, '{"objects":[' .. table.concat(parts, ",") .. ']}')
end
local statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary) print(string.format("objects/s (if all 202): %.0f", summary.requests / (summary.duration/1e6) * 1000)) end
