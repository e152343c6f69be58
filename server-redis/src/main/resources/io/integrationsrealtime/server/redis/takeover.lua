-- Takes over a running claim whose node's lease ran out: only while the key still holds exactly
-- the claim that was checked (ARGV[1]), so of two retries taking it over at once one wins.
-- KEYS[1] the key; ARGV[1] the dead node's claim, ARGV[2] this node's, ARGV[3] its expiry in ms
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
