-- Claims an execute's idempotency key for this node, or says who has it. One key holds, as text:
--   r|<node>|<fingerprint>          running on <node>, a claim held while <node> is alive
--   d|<fingerprint>|<outcome JSON>  finished: the outcome retries get
-- A running claim whose node's lease ran out (it died, or lost Redis for longer than the lease) is
-- taken over at once, so a retry after a node death runs within seconds.
-- KEYS[1] the key, KEYS[2] the nodes (a sorted set: node id -> end of its lease in ms)
-- ARGV[1] this node, ARGV[2] the request's fingerprint, ARGV[3] the running claim's expiry in ms
-- Answers {'claimed'}, {'claimed', <dead node>}, {'running'}, {'done', <outcome JSON>} or {'reused'}.
local value = redis.call('GET', KEYS[1])
local mine = 'r|' .. ARGV[1] .. '|' .. ARGV[2]
if not value then
  redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
  return {'claimed'}
end
local kind, first, rest = string.match(value, '^(%a)|([^|]*)|(.*)$')
if kind == 'd' then
  if first ~= ARGV[2] then
    return {'reused'}
  end
  return {'done', rest}
end
if kind ~= 'r' then
  return {'running'}
end
if rest ~= ARGV[2] then
  return {'reused'}
end
local lease = redis.call('ZSCORE', KEYS[2], first)
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if lease and tonumber(lease) >= ms then
  return {'running'}
end
redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
return {'claimed', first}
