-- KEYS[1]: the namespace's deadline index, a sorted set of record keys scored by due time (ms).
-- ARGV: now ms, limit, claimed-until ms. Moves up to limit due members to claimed-until and returns
-- them, earliest first.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #due do
  redis.call('ZADD', KEYS[1], ARGV[3], due[i])
end
return due
