-- KEYS[1]: counter (a hash: n value, x logical expiry). ARGV: now, amount, ttl ms ('0' none), expiry ms.
-- The TTL is set when the counter is created and kept afterwards. Returns the new value.
local k = KEYS[1]
local x = tonumber(redis.call('HGET', k, 'x'))
if x and x <= tonumber(ARGV[1]) then
  redis.call('DEL', k)
end
local created = redis.call('EXISTS', k) == 0
local n = redis.call('HINCRBY', k, 'n', ARGV[2])
if created and ARGV[3] ~= '0' then
  redis.call('HSET', k, 'x', ARGV[4])
  redis.call('PEXPIRE', k, ARGV[3])
end
return n
