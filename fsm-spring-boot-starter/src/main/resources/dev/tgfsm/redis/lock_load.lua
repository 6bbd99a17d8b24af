-- KEYS[1]: lock, KEYS[2..]: records. ARGV: now (records' expiry), token, lease ms.
-- Returns {1, record...} when the lock was taken, {0, remaining ms} when someone else holds it.
-- The lease is judged by the server's clock. A lock that already carries the caller's token counts
-- as taken and its lease starts again: a retried request finds its own lock, not an orphan.
-- With a rate-limit step (ARGV[4..6]: now µs, increment µs, capacity µs; KEYS[2] its bucket, the
-- records from KEYS[3]) the step runs first: refused, nothing else happens and the reply is
-- {2, TAT}; admitted, the reply is as above with the TAT appended.
local now = tonumber(ARGV[1])
local first, tat = 2, nil
if ARGV[4] then
  local ok
  ok, tat = gcra(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
  if ok == 0 then
    return {2, tat}
  end
  first = 3
end
local clock = server_ms()
local exp, tok = holder(KEYS[1])
if exp and exp > clock and tok ~= ARGV[2] then
  return {0, exp - clock, tat}
end
redis.call('SET', KEYS[1], string.format('%.0f', clock + tonumber(ARGV[3])) .. ':' .. ARGV[2], 'PX', ARGV[3])
local out = {1}
for i = first, #KEYS do
  out[#out + 1] = fetch(KEYS[i], now)
end
if tat then
  out[#out + 1] = tat
end
return out
