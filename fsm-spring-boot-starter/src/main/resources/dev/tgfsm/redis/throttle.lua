-- KEYS[1]: a GCRA bucket, a string holding its theoretical arrival time (TAT) in microseconds since
-- the epoch. ARGV: now µs, increment µs, capacity µs (all from the caller's clock).
-- next = max(TAT, now) + increment; admitted if next - now <= capacity, then TAT := next, expiring
-- when it is reached. Returns {1 admitted | 0 refused, TAT after the call}.
local now = tonumber(ARGV[1])
local raw = redis.call('GET', KEYS[1])
local tat = raw and tonumber(raw) or now
if tat < now then
  tat = now
end
local nxt = tat + tonumber(ARGV[2])
if nxt - now > tonumber(ARGV[3]) then
  return {0, tat}
end
redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.floor((nxt - now) / 1000) + 1)
return {1, nxt}
