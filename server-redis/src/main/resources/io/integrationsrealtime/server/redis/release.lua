-- Gives up a running claim: deletes KEYS[1] only while it still holds the running mark ARGV[1].
-- A finished outcome stays for the idempotency window, as in server-core's in-memory store.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
