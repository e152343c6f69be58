-- Gives up a running claim of this node: deletes KEYS[1] only while it still holds this node's
-- running mark (ARGV[1], 'r|<node>|'). A finished outcome stays for the idempotency window, as in
-- server-core's in-memory store, and a claim another node took over stays with it.
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, string.len(ARGV[1])) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
