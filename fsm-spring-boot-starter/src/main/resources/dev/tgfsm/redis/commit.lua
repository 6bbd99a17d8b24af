-- KEYS[1]: lock, KEYS[2..]: records written. ARGV[1]: now, ARGV[2]: token to release ('' for none).
-- Then per write: expected version, kind, ttl ms ('0' none), expiry ms, created ms of the record as
-- the writer loaded it ('' unknown), number of fields to set, number of fields to delete, then the
-- field/value pairs to set, then the names of the fields to delete.
-- Kinds: 'p' stores a whole record (its pairs are all its fields; the stored hash is read whole,
-- checked and replaced), 'c' stores the changes to the record as loaded (only the changed fields
-- and the removed ones; only the version, creation and expiry fields are read: the stored JSON was
-- checked when it was loaded), 'd' deletes after checking the whole hash, 'e' after reading its
-- version only.
-- Returns {1} when written, {-1, index, found version} on conflict, {-2, index, reason} when a
-- stored record is corrupt; nothing is written unless every version matches, and the lock is
-- released. A 'c' write that finds its version but another creation time (the record was deleted
-- and created again since it was loaded) returns {-4, index}: nothing is written and the lock is
-- kept, for the caller to send whole records instead.
-- A deadline index change may follow the writes: ARGV '@d' (never an expected version), then 's'
-- (schedule: ZADD) or 'x' (cancel: ZREM), the due time ms, the member; the index is the KEYS entry
-- after the records. It is applied only when the records are written (standalone Redis only: the
-- index is in another Cluster slot).
local now = tonumber(ARGV[1])
local n = 0
local offsets, records = {}, {}
local result = {1}
local p = 3
while p <= #ARGV and ARGV[p] ~= '@d' do
  n = n + 1
  local i = n
  offsets[i] = p
  local k, kind = KEYS[i + 1], ARGV[p + 1]
  local v, bad, created
  if kind == 'p' or kind == 'd' then
    local h = fetch(k, now)
    records[i] = h
    v = version(h)
    bad = problem(h)
  else
    v, bad, created = head(k, now)
  end
  if result[1] == 1 then
    if bad then
      result = {-2, i, bad}
    elseif v ~= tonumber(ARGV[p]) then
      result = {-1, i, v}
    elseif kind == 'c' and v > 0 and created ~= ARGV[p + 4] then
      result = {-4, i}
    end
  end
  p = p + 7 + 2 * tonumber(ARGV[p + 5]) + tonumber(ARGV[p + 6])
end
local deadline = p
if result[1] == -4 then
  return result
end
if result[1] == 1 then
  for i = 1, n do
    local k, o = KEYS[i + 1], offsets[i]
    local kind = ARGV[o + 1]
    if kind == 'd' or kind == 'e' then
      redis.call('DEL', k)
    else
      local sets, dels, ttl = tonumber(ARGV[o + 5]), tonumber(ARGV[o + 6]), ARGV[o + 2]
      local fields = {'v', tonumber(ARGV[o]) + 1, 'u', ARGV[1]}
      if kind == 'p' then
        local h = records[i]
        local created = ARGV[1]
        if #h > 0 then
          created = field(h, 'c') or ARGV[1]
          redis.call('DEL', k)
        end
        fields[5], fields[6] = 'c', created
      elseif ARGV[o] == '0' then
        fields[5], fields[6] = 'c', ARGV[1]
      end
      if ttl ~= '0' then
        fields[#fields + 1] = 'x'
        fields[#fields + 1] = ARGV[o + 3]
      end
      for j = 1, 2 * sets do
        fields[#fields + 1] = ARGV[o + 6 + j]
      end
      hset(k, fields)
      local gone = {}
      for j = 1, dels do
        gone[j] = ARGV[o + 6 + 2 * sets + j]
      end
      if ttl ~= '0' then
        redis.call('PEXPIRE', k, ttl)
      else
        if kind == 'c' then
          gone[#gone + 1] = 'x'
        end
        redis.call('PERSIST', k)
      end
      hdel(k, gone)
    end
  end
end
if result[1] == 1 and ARGV[deadline] == '@d' then
  if ARGV[deadline + 1] == 's' then
    redis.call('ZADD', KEYS[n + 2], ARGV[deadline + 2], ARGV[deadline + 3])
  else
    redis.call('ZREM', KEYS[n + 2], ARGV[deadline + 3])
  end
end
if ARGV[2] ~= '' then
  local _, tok = holder(KEYS[1])
  if tok == ARGV[2] then
    redis.call('DEL', KEYS[1])
  end
end
return result
