-- KEYS[1]: lock, KEYS[2..]: records. ARGV: now, token, lease ms, lock expiry ms.
-- Returns {1, record...} when the lock was taken, {0, remaining ms} when someone else holds it.
local now = tonumber(ARGV[1])
local exp, tok = holder(KEYS[1])
if exp and exp > now and tok ~= ARGV[2] then
  return {0, exp - now}
end
redis.call('SET', KEYS[1], ARGV[4] .. ':' .. ARGV[2], 'PX', ARGV[3])
local out = {1}
for i = 2, #KEYS do
  out[i] = fetch(KEYS[i], now)
end
return out
