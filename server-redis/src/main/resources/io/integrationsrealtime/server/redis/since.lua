-- What a room's log holds after a sequence number, newest first (the caller keeps the newest ARGV[2]),
-- with the room's head and Redis's clock (for the age limit). Reading a room keeps its counter alive.
-- KEYS[1] the room's sequence counter, KEYS[2] the room's log
-- ARGV[1] first stream id wanted ("<lastSeq + 1>-0"), [2] at most this many, [3] counter expiry in ms
local head = redis.call('GET', KEYS[1])
if head then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
local now = redis.call('TIME')
local ms = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
local entries = {}
if tonumber(ARGV[2]) > 0 then
  entries = redis.call('XREVRANGE', KEYS[2], '+', ARGV[1], 'COUNT', ARGV[2])
end
return {head or '0', ms, entries}
