-- Numbers, logs and fans out one room event, atomically: every node receives a room's events in
-- sequence order because Redis runs scripts one at a time and delivers a channel's messages in order.
-- Every key and the room's channel carry the room's hash tag: in a Redis Cluster they share one slot,
-- so the script runs on the master that owns it and SPUBLISH reaches the nodes subscribed there.
-- KEYS[1] the room's sequence counter, KEYS[2] the room's log (a stream whose ids are <seq>-0)
-- ARGV[1] channel, [2] room, [3] event name, [4] payload JSON without seq, [5] excluded session id or "",
-- ARGV[6] events kept per room (approximate MAXLEN), [7] log expiry in ms, [8] counter expiry in ms,
-- ARGV[9] 'PUBLISH' (one instance, or the single events channel) or 'SPUBLISH' (a room's channel in a cluster)
--
-- A run's events (an execute's or a test's) also keep the record of a node's unfinished runs in
-- the room, KEYS[3], a hash: run id -> the event announcing the run interrupted, or '-' once that
-- was published.
-- ARGV[10] 'start': the run's started event; records ARGV[12] for run ARGV[11], the hash expiring ARGV[13] ms on.
--         'end': the run's terminal event; forgets the run, and publishes nothing (answers 0) when
--                another node already announced it interrupted.
--         'reap': the interrupted event of a dead node's run; publishes it only while the run is on
--                record, and leaves '-' so that neither the run's own end nor another node repeats it.
local mode = ARGV[10]
if mode == 'end' then
  local entry = redis.call('HGET', KEYS[3], ARGV[11])
  redis.call('HDEL', KEYS[3], ARGV[11])
  if entry == '-' then
    return 0
  end
elseif mode == 'reap' then
  local entry = redis.call('HGET', KEYS[3], ARGV[11])
  if not entry or entry == '-' then
    return 0
  end
  redis.call('HSET', KEYS[3], ARGV[11], '-')
end
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
redis.call(ARGV[9], ARGV[1], id .. '\n' .. ARGV[2] .. '\n' .. ARGV[3] .. '\n' .. ARGV[5] .. '\n' .. ms .. '\n' .. ARGV[4])
if mode == 'start' then
  redis.call('HSET', KEYS[3], ARGV[11], ARGV[12])
  redis.call('PEXPIRE', KEYS[3], ARGV[13])
end
return seq
