-- Outbound flood control: GCRA buckets (see gcra); all keys of one bot share a {hash tag}, so one
-- Cluster slot.
-- ARGV[1]: now µs (the caller's clock). ARGV[2]: 'a' to acquire, 'h' to hold.
-- acquire: ARGV[1 + 2i], ARGV[2 + 2i]: interval and tolerance µs of KEYS[i]. For every bucket
--   next = max(TAT, now) + interval; if next - now <= tolerance for all of them every TAT := next
--   (expiring when reached) and {0, 0} is returned, else nothing changes and {1, wait µs} is returned.
-- hold: ARGV[3]: until µs; KEYS[1]'s TAT := max(TAT, until). Returns {0, 0}.
local now = tonumber(ARGV[1])
if ARGV[2] == 'h' then
  local untl = tonumber(ARGV[3])
  if next_tat(KEYS[1], now, 0) < untl then
    book(KEYS[1], now, untl)
  end
  return {0, 0}
end
local wait = 0
local nxt = {}
for i = 1, #KEYS do
  nxt[i] = next_tat(KEYS[i], now, tonumber(ARGV[1 + 2 * i]))
  local over = nxt[i] - now - tonumber(ARGV[2 + 2 * i])
  if over > wait then
    wait = over
  end
end
if wait > 0 then
  return {1, wait}
end
for i = 1, #KEYS do
  book(KEYS[i], now, nxt[i])
end
return {0, 0}
