-- Numbers, logs and fans out one room event, atomically: every node receives a room's events in
-- sequence order because Redis runs scripts one at a time and delivers a channel's messages in order.
-- KEYS[1] the room's sequence counter, KEYS[2] the room's log (a stream whose ids are <seq>-0)
-- ARGV[1] channel, [2] room, [3] event name, [4] payload JSON without seq, [5] excluded session id or "",
-- ARGV[6] events kept per room (approximate MAXLEN), [7] log expiry in ms, [8] counter expiry in ms
local now = redis.call('TIME')
local ms = now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000))
if redis.call('EXISTS', KEYS[1]) == 0 then
  -- A new sequence (first event, or the counter expired) starts at now_ms * 1000, above every number
  -- an earlier sequence of this room can have reached, so clients never take new events for old
  -- ones. A new sequence also starts a new log: stream ids must rise.
  redis.call('SET', KEYS[1], ms .. '000')
  redis.call('DEL', KEYS[2])
end
local seq = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
local id = string.format('%d', seq)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], id .. '-0', 'e', ARGV[3], 'p', ARGV[4], 'x', ARGV[5], 't', ms)
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('PUBLISH', ARGV[1], id .. '\n' .. ARGV[2] .. '\n' .. ARGV[3] .. '\n' .. ARGV[5] .. '\n' .. ms .. '\n' .. ARGV[4])
return seq
