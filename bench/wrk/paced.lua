-- Paced keep-alive clients: each connection sends one request, then waits a random 0.8-1.2 x
-- PERIOD_MS (default 5000) before its next, like a fleet of polling TAXII clients. The first
-- request of each connection is spread uniformly over two periods, so the clients do not start in
-- one burst (a fleet of pollers does not either); after that the random waits keep them from
-- firing in lockstep. wrk reports latency from send to response, without the waits.
local period = tonumber(os.getenv("PERIOD_MS") or "5000")
local first = tonumber(os.getenv("FIRST_REQUESTS") or "5000") -- connections per wrk thread
local calls = 0
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
function delay()
  calls = calls + 1
  if calls <= first then
    return math.random(0, 2 * period)
  end
  return math.floor(period * (0.8 + 0.4 * math.random()))
end
