-- Outbound flood control: GCRA buckets, each a string holding its theoretical arrival time (TAT) in
-- microseconds since the epoch; all keys of one bot share a {hash tag}, so one Cluster slot.
-- ARGV[1]: now µs (the caller's clock). ARGV[2]: 'a' to acquire, 'h' to hold.
-- acquire: ARGV[1 + 2i], ARGV[2 + 2i]: interval and tolerance µs of KEYS[i]. For every bucket
--   next = max(TAT, now) + interval; if next - now <= tolerance for all of them every TAT := next
--   (expiring when reached) and {0, 0} is returned, else nothing changes and {1, wait µs} is returned.
-- hold: ARGV[3]: until µs; KEYS[1]'s TAT := max(TAT, until). Returns {0, 0}.
local now = tonumber(ARGV[1])
if ARGV[2] == 'h' then
  local untl = tonumber(ARGV[3])
  local raw = redis.call('GET', KEYS[1])
  if untl > now and not (raw and tonumber(raw) >= untl) then
    redis.call('SET', KEYS[1], string.format('%.0f', untl), 'PX', math.floor((untl - now) / 1000) + 1)
  end
  return {0, 0}
end
local wait = 0
local nxt = {}
for i = 1, #KEYS do
  local raw = redis.call('GET', KEYS[i])
  local tat = raw and tonumber(raw) or now
  if tat < now then
    tat = now
  end
  nxt[i] = tat + tonumber(ARGV[1 + 2 * i])
  local over = nxt[i] - now - tonumber(ARGV[2 + 2 * i])
  if over > wait then
    wait = over
  end
end
if wait > 0 then
  return {1, wait}
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%.0f', nxt[i]), 'PX', math.floor((nxt[i] - now) / 1000) + 1)
end
return {0, 0}
