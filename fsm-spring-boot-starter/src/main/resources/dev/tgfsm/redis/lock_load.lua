-- KEYS[1]: lock, KEYS[2..]: records. ARGV: now (records' expiry), token, lease ms.
-- Returns {1, record...} when the lock was taken, {0, remaining ms} when someone else holds it.
-- The lease is judged by the server's clock. A lock that already carries the caller's token counts
-- as taken and its lease starts again: a retried request finds its own lock, not an orphan.
local now = tonumber(ARGV[1])
local clock = server_ms()
local exp, tok = holder(KEYS[1])
if exp and exp > clock and tok ~= ARGV[2] then
  return {0, exp - clock}
end
redis.call('SET', KEYS[1], string.format('%.0f', clock + tonumber(ARGV[3])) .. ':' .. ARGV[2], 'PX', ARGV[3])
local out = {1}
for i = 2, #KEYS do
  out[i] = fetch(KEYS[i], now)
end
return out
