-- KEYS[1]: the deadline index. ARGV: member, expected score ms ('' for any).
-- Removes the member if its score is still the expected one. Returns 1 if removed, else 0.
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not s then
  return 0
end
if ARGV[2] ~= '' and tonumber(s) ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
