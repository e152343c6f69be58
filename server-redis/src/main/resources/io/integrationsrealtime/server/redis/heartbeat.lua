-- This node is alive for another ARGV[2] ms. Answers the nodes whose lease has run out (their
-- running claims may be taken over, their unfinished runs announced as interrupted), and forgets
-- nodes whose lease ended more than ARGV[3] ms ago.
-- KEYS[1] the nodes (a sorted set: node id -> end of its lease in ms); ARGV[1] this node
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local previous = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if not previous or tonumber(previous) < ms then
  -- This node's own lease had run out too (new, or Redis was away from everyone): give the others
  -- one renewal to come back before taking them for dead.
  return {}
end
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ms)
