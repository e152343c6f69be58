-- What a room's log holds after a sequence number, newest first (the caller keeps the newest ARGV[2]),
-- with the room's head and Redis's clock (for the age limit). Reading a room keeps its counter alive,
-- and starts it when the room has none.
-- KEYS[1] the room's sequence counter, KEYS[2] the room's log
-- ARGV[1] first stream id wanted ("<lastSeq + 1>-0"), [2] at most this many, [3] counter expiry in ms
local now = redis.call('TIME')
local ms = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
local head = redis.call('GET', KEYS[1])
if not head then
  -- A room without a sequence (never used, expired, or Redis restarted) starts one now, as
  -- publish.lua would: a client joining it is told the start, and the room's first events are
  -- all after it, so a later re-join replays them without a gap.
  head = ms .. '000'
  redis.call('SET', KEYS[1], head)
  redis.call('DEL', KEYS[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
local entries = {}
if tonumber(ARGV[2]) > 0 then
  entries = redis.call('XREVRANGE', KEYS[2], '+', ARGV[1], 'COUNT', ARGV[2])
end
return {head or '0', ms, entries}
