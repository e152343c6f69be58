-- Whether a node's lease still holds by Redis's clock: 1, or 0 when it ran out (or it has none).
-- KEYS[1] the nodes (a sorted set: node id -> end of its lease in ms); ARGV[1] the node
local lease = redis.call('ZSCORE', KEYS[1], ARGV[1])
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if lease and tonumber(lease) >= ms then
  return 1
end
return 0
