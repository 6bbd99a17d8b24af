-- KEYS[1]: record. ARGV: now, mode, ttl ms ('0' none), expiry ms, max bytes, has state, state,
-- has expected state, expected state, number of data entries, then name/value pairs.
-- Modes: 'state' sets the state, 'data' replaces the data, 'merge' merges data entries,
-- 'cas' sets the state if the current one is as expected, 'delete' removes the record.
-- Returns {1 or 0, record after} ({1} changed or matched, {0} not matched or absent),
-- {-2, reason} when the stored record is corrupt, {-3, size} when the result would be too large.
local now = tonumber(ARGV[1])
local k, mode = KEYS[1], ARGV[2]
local h = fetch(k, now)
local bad = problem(h)
if bad then
  return {-2, bad}
end
if mode == 'delete' then
  if #h == 0 then
    return {0}
  end
  redis.call('DEL', k)
  return {1}
end
local state = nil
if ARGV[6] == '1' then
  state = ARGV[7]
end
if mode == 'cas' then
  local expected = nil
  if ARGV[8] == '1' then
    expected = ARGV[9]
  end
  if field(h, 's') ~= expected then
    return {0}
  end
end
if (mode == 'cas' or mode == 'state') and field(h, 's') == state then
  return {1, h}
end
local patch = {}
for j = 1, 2 * tonumber(ARGV[10]) do
  patch[j] = ARGV[10 + j]
end
if mode == 'data' or mode == 'merge' then
  local after = {}
  local patched = {}
  for j = 1, #patch, 2 do
    patched[patch[j]] = true
  end
  for i = 1, #h, 2 do
    local f = h[i]
    local isData = string.sub(f, 1, 2) == 'd:'
    if (not isData) or (mode == 'merge' and not patched[f]) then
      after[#after + 1] = f
      after[#after + 1] = h[i + 1]
    end
  end
  for j = 1, #patch do
    after[#after + 1] = patch[j]
  end
  local bytes = size(after)
  if bytes > tonumber(ARGV[5]) then
    return {-3, bytes}
  end
  if mode == 'data' then
    for i = 1, #h, 2 do
      if string.sub(h[i], 1, 2) == 'd:' then
        redis.call('HDEL', k, h[i])
      end
    end
  end
end
if #h == 0 then
  redis.call('HSET', k, 'v', 1, 'c', ARGV[1], 'u', ARGV[1])
else
  redis.call('HINCRBY', k, 'v', 1)
  redis.call('HSET', k, 'u', ARGV[1])
end
if mode == 'cas' or mode == 'state' then
  if state then
    redis.call('HSET', k, 's', state)
  else
    redis.call('HDEL', k, 's')
  end
elseif #patch > 0 then
  hset(k, patch)
end
expire(k, ARGV[3], ARGV[4])
return {1, redis.call('HGETALL', k)}
