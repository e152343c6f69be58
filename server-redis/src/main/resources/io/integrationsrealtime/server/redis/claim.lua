-- Claims an execute's idempotency key for this node, or says who has it. One key holds, as text:
--   r|<node>|<fingerprint>          running on <node>, a claim held while <node> is alive
--   d|<fingerprint>|<outcome JSON>  finished: the outcome retries get
-- A running claim names its node: the caller checks that node's lease (lease.lua) and takes the
-- claim over (takeover.lua) when it ran out, so a retry after a node death runs within seconds.
-- One key per script: in a Redis Cluster the key and the nodes' leases live in different slots.
-- KEYS[1] the key
-- ARGV[1] this node, ARGV[2] the request's fingerprint, ARGV[3] the running claim's expiry in ms
-- Answers {'claimed'}, {'running', <node>, <the claim as stored>}, {'done', <outcome JSON>} or {'reused'}.
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
  return {'running', '', value}
end
if rest ~= ARGV[2] then
  return {'reused'}
end
return {'running', first, value}
