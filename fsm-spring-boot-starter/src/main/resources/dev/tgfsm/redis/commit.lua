-- KEYS[1]: lock, KEYS[2..]: records written. ARGV[1]: now, ARGV[2]: token to release ('' for none).
-- Then per write: expected version, kind ('p' put, 'd' delete), ttl ms ('0' none), expiry ms,
-- has state ('1'/'0'), state, meta JSON ('' none), number of data entries, then name/value pairs.
-- Returns {1} when written, {-1, index, found version} on conflict, {-2, index, reason} when a
-- stored record is corrupt; nothing is written unless every version matches. The lock is released
-- in every case.
local now = tonumber(ARGV[1])
local n = #KEYS - 1
local offsets, records = {}, {}
local result = {1}
local p = 3
for i = 1, n do
  offsets[i] = p
  local h = fetch(KEYS[i + 1], now)
  records[i] = h
  if result[1] == 1 then
    local v = version(h)
    local bad = problem(h)
    if bad then
      result = {-2, i, bad}
    elseif v ~= tonumber(ARGV[p]) then
      result = {-1, i, v}
    end
  end
  p = p + 8 + 2 * tonumber(ARGV[p + 7])
end
if result[1] == 1 then
  for i = 1, n do
    local k, o, h = KEYS[i + 1], offsets[i], records[i]
    if ARGV[o + 1] == 'd' then
      redis.call('DEL', k)
    else
      local created = ARGV[1]
      if #h > 0 then
        created = field(h, 'c') or ARGV[1]
        redis.call('DEL', k)
      end
      local fields = {'v', version(h) + 1, 'c', created, 'u', ARGV[1]}
      if ARGV[o + 4] == '1' then
        fields[#fields + 1] = 's'
        fields[#fields + 1] = ARGV[o + 5]
      end
      if ARGV[o + 6] ~= '' then
        fields[#fields + 1] = 'm'
        fields[#fields + 1] = ARGV[o + 6]
      end
      for j = 1, 2 * tonumber(ARGV[o + 7]) do
        fields[#fields + 1] = ARGV[o + 7 + j]
      end
      hset(k, fields)
      expire(k, ARGV[o + 2], ARGV[o + 3])
    end
  end
end
if ARGV[2] ~= '' then
  local _, tok = holder(KEYS[1])
  if tok == ARGV[2] then
    redis.call('DEL', KEYS[1])
  end
end
return result
