-- KEYS[1]: record. ARGV: now, mode, ttl ms ('0' none), expiry ms, max bytes, has state, state,
-- has expected state, expected state, number of data entries, then name/value pairs.
-- Modes: 'state' sets the state, 'data' replaces the data, 'merge' merges data entries,
-- 'cas' sets the state if the current one is as expected, 'delete' removes the record.
-- Returns {1 or 0, record after} ({1} changed or matched, {0} not matched or absent),
-- {-2, reason} when the stored record is corrupt, {-3, size} when the result would be too large.
-- The stored hash is read and checked whole (this script also answers with the record), then only
-- the changed fields are written with one HSET and the record after is built here, not read again.
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
local stateMode = mode == 'cas' or mode == 'state'
if mode == 'cas' then
  local expected = nil
  if ARGV[8] == '1' then
    expected = ARGV[9]
  end
  if field(h, 's') ~= expected then
    return {0}
  end
end
if stateMode and field(h, 's') == state then
  return {1, h}
end
local patch = {}
local patched = {}
for j = 1, 2 * tonumber(ARGV[10]) do
  patch[j] = ARGV[10 + j]
  if j % 2 == 1 then
    patched[patch[j]] = true
  end
end
-- the record after, without the fields written below; and the fields to delete
local after, gone = {}, {}
local hadExpiry = false
for i = 1, #h, 2 do
  local f = h[i]
  local isData = string.sub(f, 1, 2) == 'd:'
  if f == 'x' then
    hadExpiry = true
  elseif f == 'v' or f == 'u' or (f == 's' and stateMode) or (isData and patched[f]) then
    -- written again below
  elseif isData and mode == 'data' then
    gone[#gone + 1] = f
  else
    after[#after + 1] = f
    after[#after + 1] = h[i + 1]
  end
end
if mode == 'data' or mode == 'merge' then
  local whole = {}
  for i = 1, #after do
    whole[i] = after[i]
  end
  for j = 1, #patch do
    whole[#whole + 1] = patch[j]
  end
  local bytes = size(whole)
  if bytes > tonumber(ARGV[5]) then
    return {-3, bytes}
  end
end
local sets = {'v', (version(h) or 0) + 1, 'u', ARGV[1]}
if #h == 0 then
  sets[5], sets[6] = 'c', ARGV[1]
end
if stateMode then
  if state then
    sets[#sets + 1] = 's'
    sets[#sets + 1] = state
  elseif field(h, 's') then
    gone[#gone + 1] = 's'
  end
end
if ARGV[3] ~= '0' then
  sets[#sets + 1] = 'x'
  sets[#sets + 1] = ARGV[4]
elseif hadExpiry then
  gone[#gone + 1] = 'x'
end
for j = 1, #patch do
  sets[#sets + 1] = patch[j]
end
hset(k, sets)
hdel(k, gone)
if ARGV[3] ~= '0' then
  redis.call('PEXPIRE', k, ARGV[3])
else
  redis.call('PERSIST', k)
end
for j = 1, #sets do
  after[#after + 1] = sets[j]
end
return {1, after}
