-- KEYS[1]: lock, KEYS[2..]: records. ARGV: now (records' expiry), token, lease ms, [turn].
-- Returns {1, record...} when the lock was taken, {0, remaining ms} when someone else holds it.
-- The lease is judged by the server's clock. A lock that already carries the caller's token counts
-- as taken and its lease starts again: a retried request finds its own lock, not an orphan.
-- A turn (ARGV[4], an update id; absent or '' for none) orders the waiting updates of the
-- conversation: the sorted set KEYS[1]..'~' (same hash slot) holds the announced turns, scored by
-- the end of their announcement. A request with a turn that finds the lock busy, or a lower turn
-- announced and live, announces its own for one lease and gets {0, remaining ms}; the lock goes
-- only to the lowest live turn, which leaves the set when it takes the lock.
-- With a rate-limit step (ARGV[5..7]: now µs, increment µs, capacity µs; KEYS[2] its bucket, the
-- records from KEYS[3]) the step runs first: refused, nothing else happens and the reply is
-- {2, TAT}; admitted, the reply is as above with the TAT appended.
local now = tonumber(ARGV[1])
local first, tat = 2, nil
if ARGV[5] then
  local ok
  ok, tat = gcra(KEYS[2], tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]))
  if ok == 0 then
    return {2, tat}
  end
  first = 3
end
local clock = server_ms()
local lease = tonumber(ARGV[3])
local exp, tok = holder(KEYS[1])
local wait = nil
if exp and exp > clock and tok ~= ARGV[2] then
  wait = exp - clock
end
local turn = ARGV[4]
if turn == '' then
  turn = nil
end
local turns = KEYS[1] .. '~'
local queued = turn and redis.call('EXISTS', turns) == 1
if queued then
  redis.call('ZREMRANGEBYSCORE', turns, '-inf', clock)
  if not wait then
    local mine = tonumber(turn)
    local live = redis.call('ZRANGE', turns, 0, -1, 'WITHSCORES')
    for i = 1, #live, 2 do
      if tonumber(live[i]) < mine then
        local left = tonumber(live[i + 1]) - clock
        if not wait or left < wait then
          wait = left
        end
      end
    end
  end
end
if wait then
  if turn then
    redis.call('ZADD', turns, clock + lease, turn)
    local last = redis.call('ZRANGE', turns, -1, -1, 'WITHSCORES')
    redis.call('PEXPIREAT', turns, tonumber(last[2]))
  end
  return {0, wait, tat}
end
if queued then
  redis.call('ZREM', turns, turn)
end
redis.call('SET', KEYS[1], string.format('%.0f', clock + lease) .. ':' .. ARGV[2], 'PX', ARGV[3])
local out = {1}
for i = first, #KEYS do
  out[#out + 1] = fetch(KEYS[i], now)
end
if tat then
  out[#out + 1] = tat
end
return out
