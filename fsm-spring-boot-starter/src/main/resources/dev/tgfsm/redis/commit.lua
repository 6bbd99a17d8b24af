-- KEYS[1]: lock, KEYS[2..]: records written. ARGV[1]: now, ARGV[2]: token to release ('' for none;
-- prefixed with '+': released only when written, kept on a conflict).
-- The records are those of the lock's conversation, or also of other conversations written together
-- with it in one atomic write (standalone Redis, or one Cluster slot: a user's data and a conversation).
-- Then per write: expected version, kind, ttl ms ('0' none), expiry ms, created ms of the record as
-- the writer loaded it ('' unknown), number of fields to set, number of fields to delete, then the
-- field/value pairs to set, then the names of the fields to delete.
-- Kinds: 'p' stores a whole record (its pairs are all its fields; the stored hash is read whole,
-- checked and replaced), 'c' stores the changes to the record as loaded (only the changed fields
-- and the removed ones; only the version, creation and expiry fields are read: the stored JSON was
-- checked when it was loaded), 'd' deletes after checking the whole hash, 'e' after reading its
-- version only.
-- Returns {1} when written ({1, 1} when the conversation's other records were moved, see below),
-- {-1, index, found version} on conflict, {-2, index, reason} when a
-- stored record is corrupt; nothing is written unless every version matches, and the lock is
-- released. A 'c' write that finds its version but another creation time (the record was deleted
-- and created again since it was loaded) returns {-4, index}: nothing is written and the lock is
-- kept, for the caller to send whole records instead.
-- A deadline index change may follow the writes: ARGV '@d' (never an expected version), then 's'
-- (schedule: ZADD) or 'x' (cancel: ZREM), the due time ms, the member, its bot id; the KEYS entries
-- after the records are the member's bot's index, the set of bots with an index (the bot id is
-- added on schedule) and the namespace index of the time before indexes were per bot (the member
-- leaves it). It is applied only when the records are written (standalone Redis only: the indexes
-- are in another Cluster slot).
-- One lifetime per conversation (see ConversationLifetime) may follow: ARGV '@l', the TTL ms, the expiry
-- ms, the step ms, the conversation's key without a destiny, then one flag per write ('1': written with
-- a TTL and sharing the conversation's lifetime); the set of those destinies is the last KEYS entry.
-- Each member keeps in its field 'l' the expiry the members were given when they were last moved
-- together; every member then had at least that expiry. So when every flagged write finds an 'l' at
-- most one step before the new expiry, every other member still expires at most one step before the
-- written records, and nothing else is done: no set command, no other record touched. Otherwise the
-- others are moved: the flagged destinies join the set, every other member that still has an earlier
-- logical expiry gets the new one (and the TTL), every member moved or written gets the new 'l',
-- members gone leave the set, and the set lives one step longer than the TTL (a member written
-- without moving the others keeps its TTL from at most one step after the set's). The members are
-- keys of the conversation's hash tag, so of the script's Cluster slot. Every key the script touches
-- is among KEYS: the caller passes the keys of the members it knows of (records not written) after
-- the deadline keys and before the set, when it cannot tell that they stay (it may pass none when
-- the 'l' it last saw written makes it sure); when the others must move and the set holds a member whose
-- key was not passed, the script returns {-5, destiny...} before writing anything, keeping the lock,
-- for the caller to call again with those keys.
-- This runs once per update, so it is kept lean: the checks stop at the first failure, and fields
-- go from ARGV to HSET/HDEL without being copied into tables.

-- HSET of the version, the update time, the expiry (unless nil) with the members' expiry 'l'
-- (unless nil) and the pairs ARGV[first..last], 200 values per call
local function put(k, v, expiry, moved, first, last)
  local upto = math.min(last, first + 199)
  if moved then
    redis.call('HSET', k, 'v', v, 'u', ARGV[1], 'x', expiry, 'l', moved, unpack(ARGV, first, upto))
  elseif expiry then
    redis.call('HSET', k, 'v', v, 'u', ARGV[1], 'x', expiry, unpack(ARGV, first, upto))
  else
    redis.call('HSET', k, 'v', v, 'u', ARGV[1], unpack(ARGV, first, upto))
  end
  for j = upto + 1, last, 200 do
    redis.call('HSET', k, unpack(ARGV, j, math.min(j + 199, last)))
  end
end

-- HDEL of the names ARGV[first..last], 200 per call
local function drop(k, first, last)
  for j = first, last, 200 do
    redis.call('HDEL', k, unpack(ARGV, j, math.min(j + 199, last)))
  end
end

-- one lifetime per conversation, moving the others: set is the set of expiring destinies, n the
-- number of writes (KEYS[2..n+1]), members the set's members as read before the writes (each one's
-- key is among KEYS)
local function slide(set, n, ttl, expiry, step, conv, flags, members)
  local written = {}
  for i = 1, n do
    -- records of other conversations written together (scoped data) are no members
    if string.sub(KEYS[i + 1], 1, #conv + 1) == conv .. ':' then
      local d = string.sub(KEYS[i + 1], #conv + 2)
      written[d] = true
      if string.sub(flags, i, i) == '1' then
        redis.call('SADD', set, d)
      end
    end
  end
  for i = 1, #members do
    local d = members[i]
    if not written[d] then
      local k = conv .. ':' .. d
      local x = redis.pcall('HGET', k, 'x')
      if type(x) ~= 'table' then
        if not x then
          if redis.call('EXISTS', k) == 0 then
            redis.call('SREM', set, d)
          end
        elseif tonumber(x) and tonumber(x) > tonumber(ARGV[1]) and tonumber(x) < expiry then
          redis.call('HSET', k, 'x', expiry, 'l', expiry)
          redis.call('PEXPIRE', k, ttl)
        end
      end
    end
  end
  redis.call('PEXPIRE', set, ttl + step)
end

local now = tonumber(ARGV[1])
-- the offset in ARGV of each write, the creation time of each whole record found ('p', 'd'), and the
-- members' expiry 'l' each record written holds
local at, found, epoch = {}, {}, {}
local n, p = 0, 3
local failed = nil
-- moved: the new expiry when the conversation's other records must move (see the header), else nil
local moved = nil
while ARGV[p] and ARGV[p] ~= '@d' and ARGV[p] ~= '@l' do
  n = n + 1
  at[n] = p
  local k, kind = KEYS[n + 1], ARGV[p + 1]
  local v, bad, created
  if kind == 'c' or kind == 'e' then
    v, bad, created, epoch[n] = head(k, now)
  else
    local h = fetch(k, now)
    v, bad = version(h), problem(h)
    if #h > 0 then
      found[n] = field(h, 'c') or ARGV[1]
      epoch[n] = field(h, 'l')
    end
  end
  if bad then
    failed = {-2, n, bad}
    break
  elseif v ~= tonumber(ARGV[p]) then
    failed = {-1, n, v}
    break
  elseif kind == 'c' and v > 0 and created ~= ARGV[p + 4] then
    return {-4, n}
  end
  p = p + 7 + 2 * ARGV[p + 5] + ARGV[p + 6]
end
if not failed then
  -- q: the offset of the lifetime ('@l'), after the deadline change ('@d', 5 values) if any
  local q = ARGV[p] == '@d' and p + 5 or p
  if ARGV[q] == '@l' then
    local expiry, step, flags = tonumber(ARGV[q + 2]), tonumber(ARGV[q + 3]), ARGV[q + 5]
    for i = 1, n do
      if string.sub(flags, i, i) == '1' then
        local l = epoch[i] and tonumber(epoch[i])
        if not l or expiry - l > step then
          moved = ARGV[q + 2]
          break
        end
      end
    end
  end
  -- Redis' rule for scripts: touch only keys passed in KEYS; any member not passed is named to the caller
  local members = nil
  if moved then
    members = redis.call('SMEMBERS', KEYS[#KEYS])
    local passed, missing = {}, {-5}
    for i = 2, #KEYS - 1 do
      passed[KEYS[i]] = true
    end
    for i = 1, #members do
      if not passed[ARGV[q + 4] .. ':' .. members[i]] then
        missing[#missing + 1] = members[i]
      end
    end
    if #missing > 1 then
      return missing
    end
  end
  for i = 1, n do
    local k, o = KEYS[i + 1], at[i]
    local kind, ttl = ARGV[o + 1], ARGV[o + 2]
    if kind == 'd' or kind == 'e' then
      redis.call('DEL', k)
    else
      if kind == 'p' then
        if found[i] then
          redis.call('DEL', k)
        end
        redis.call('HSET', k, 'c', found[i] or ARGV[1])
      elseif ARGV[o] == '0' then
        redis.call('HSET', k, 'c', ARGV[1])
      end
      local last = o + 6 + 2 * ARGV[o + 5]
      if ttl ~= '0' then
        -- a shared record gets the new 'l' when the others move; a whole record rewritten keeps its own
        local shared = moved and string.sub(ARGV[q + 5], i, i) == '1'
        put(k, ARGV[o] + 1, ARGV[o + 3], shared and moved or (kind == 'p' and epoch[i]), o + 7, last)
        redis.call('PEXPIRE', k, ttl)
      else
        put(k, ARGV[o] + 1, nil, nil, o + 7, last)
        if kind == 'c' then
          redis.call('HDEL', k, 'x', 'l')
        end
        redis.call('PERSIST', k)
      end
      drop(k, last + 1, last + ARGV[o + 6])
    end
  end
  if ARGV[p] == '@d' then
    if ARGV[p + 1] == 's' then
      redis.call('ZADD', KEYS[n + 2], ARGV[p + 2], ARGV[p + 3])
      redis.call('SADD', KEYS[n + 3], ARGV[p + 4])
    else
      redis.call('ZREM', KEYS[n + 2], ARGV[p + 3])
    end
    redis.call('ZREM', KEYS[n + 4], ARGV[p + 3])
  end
  if moved then
    slide(KEYS[#KEYS], n, tonumber(ARGV[q + 1]), tonumber(moved), tonumber(ARGV[q + 3]), ARGV[q + 4], ARGV[q + 5],
      members)
  end
end
if ARGV[2] ~= '' and not (failed and string.sub(ARGV[2], 1, 1) == '+') then
  local _, tok = holder(KEYS[1])
  if tok and (tok == ARGV[2] or '+' .. tok == ARGV[2]) then
    redis.call('DEL', KEYS[1])
  end
end
if failed then
  return failed
end
return moved and {1, 1} or {1}
