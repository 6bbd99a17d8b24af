-- tgfsm: functions shared by the scripts. Each script is loaded with only those it calls (RedisScript
-- cuts this file into functions: each starts with "local function" and ends with "end" at a line start).
-- A record is a hash: v version, s state, c created ms, u updated ms, x logical expiry ms,
-- l the expiry its conversation's other records were last given (commit.lua), m metadata JSON, and
-- one field 'd:<name>' per data entry holding its JSON value.
-- A lock is a string '<expiry ms>:<token>' with a PX of its lease. A record's expiry is judged by the
-- caller's clock ('now'); a lease by the server's own clock (server_ms), so that instances whose
-- clocks differ agree on when a lease lapses. TIME before a write needs effects replication, the
-- default since Redis 5.

local function fetch(k, now)
  local h = redis.pcall('HGETALL', k)
  if h['err'] then
    return {'!wrongtype'}
  end
  for i = 1, #h, 2 do
    if h[i] == 'x' then
      local x = tonumber(h[i + 1])
      if x and x <= now then
        redis.call('DEL', k)
        return {}
      end
      break
    end
  end
  return h
end

local function field(h, name)
  for i = 1, #h, 2 do
    if h[i] == name then
      return h[i + 1]
    end
  end
  return nil
end

-- the stored version: 0 when absent, nil when the record is corrupt
local function version(h)
  if #h == 0 then
    return 0
  end
  if h[1] == '!wrongtype' then
    return nil
  end
  local v = tonumber(field(h, 'v'))
  if not v or v < 1 or v ~= math.floor(v) then
    return nil
  end
  return v
end

-- version (0 when absent or expired, nil when unreadable), the reason it cannot be read, the
-- creation ms of a record and the expiry its conversation's other records were last given ('l', see
-- commit.lua), reading only those fields: its JSON is not checked
local function head(k, now)
  local r = redis.pcall('HMGET', k, 'v', 'c', 'x', 'l')
  if r['err'] then
    return nil, 'not a hash', nil
  end
  local x = r[3] and tonumber(r[3])
  if x and x <= now then
    redis.call('DEL', k)
    return 0, nil, nil
  end
  if not r[1] then
    if redis.call('EXISTS', k) == 1 then
      return nil, 'missing or invalid version', nil
    end
    return 0, nil, nil
  end
  local v = tonumber(r[1])
  if not v or v < 1 or v ~= math.floor(v) then
    return nil, 'missing or invalid version', nil
  end
  return v, nil, r[2] or nil, r[4] or nil
end

-- nil when the record can be read, else the reason it cannot
local function problem(h)
  if #h == 0 then
    return nil
  end
  if h[1] == '!wrongtype' then
    return 'not a hash'
  end
  if not version(h) then
    return 'missing or invalid version'
  end
  for i = 1, #h, 2 do
    local f = h[i]
    if f == 'm' or string.sub(f, 1, 2) == 'd:' then
      if not pcall(cjson.decode, h[i + 1]) then
        return 'invalid JSON in field ' .. f
      end
      if f == 'm' and string.sub(h[i + 1], 1, 1) ~= '{' then
        return 'metadata is not a JSON object'
      end
    elseif f == 'c' or f == 'u' or f == 'x' then
      if not tonumber(h[i + 1]) then
        return 'invalid number in field ' .. f
      end
    end
  end
  return nil
end

-- the server's clock in epoch milliseconds
local function server_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- expiry ms (server clock) and token of a lock, or nil
local function holder(k)
  local cur = redis.call('GET', k)
  if not cur then
    return nil, nil
  end
  local sep = string.find(cur, ':', 1, true)
  if not sep then
    return nil, nil
  end
  return tonumber(string.sub(cur, 1, sep - 1)), string.sub(cur, sep + 1)
end

local function hset(k, fields)
  for i = 1, #fields, 200 do
    redis.call('HSET', k, unpack(fields, i, math.min(i + 199, #fields)))
  end
end

local function hdel(k, names)
  for i = 1, #names, 200 do
    redis.call('HDEL', k, unpack(names, i, math.min(i + 199, #names)))
  end
end

-- the encoded size of a record: its data as one JSON object plus its metadata
local function size(h)
  local total, n, meta = 2, 0, 2
  for i = 1, #h, 2 do
    local f = h[i]
    if string.sub(f, 1, 2) == 'd:' then
      total = total + #f + 1 + #h[i + 1]
      n = n + 1
    elseif f == 'm' then
      meta = #h[i + 1]
    end
  end
  if n > 1 then
    total = total + n - 1
  end
  return total + meta
end

-- GCRA buckets are strings holding their theoretical arrival time (TAT) in µs since the epoch; now,
-- increment and capacity in µs (the caller's clock).

-- the TAT of bucket k after one more step of increment: max(TAT, now) + increment; and max(TAT, now)
local function next_tat(k, now, increment)
  local raw = redis.call('GET', k)
  local tat = raw and tonumber(raw) or now
  if tat < now then
    tat = now
  end
  return tat + increment, tat
end

-- stores a bucket's TAT, expiring when it is reached
local function book(k, now, tat)
  redis.call('SET', k, string.format('%.0f', tat), 'PX', math.floor((tat - now) / 1000) + 1)
end

-- one GCRA step: next = max(TAT, now) + increment; admitted if next - now <= capacity, then
-- TAT := next. Returns admitted (1 or 0) and the TAT after the step.
local function gcra(k, now, increment, capacity)
  local nxt, tat = next_tat(k, now, increment)
  if nxt - now > capacity then
    return 0, tat
  end
  book(k, now, nxt)
  return 1, nxt
end
