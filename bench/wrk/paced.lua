-- Paced keep-alive clients: each connection sends one request, then waits a random 0.8-1.2 x
-- PERIOD_MS (default 5000) before its next, like a fleet of polling TAXII clients. The random
-- spread keeps connections from firing in lockstep after the connect burst. wrk reports latency
-- from send to response, without the waits.
local period = tonumber(os.getenv("PERIOD_MS") or "5000")
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
function delay()
  return math.floor(period * (0.8 + 0.4 * math.random()))
end
