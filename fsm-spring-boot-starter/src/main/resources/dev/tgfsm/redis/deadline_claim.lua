-- KEYS[1]: the deadline index to claim from, a sorted set of record keys scored by due time (ms):
-- one bot's index, or (no bot) the namespace's index of the time before indexes were per bot.
-- KEYS[2] (one bot): that namespace index, still read while it exists, entries of other bots read
-- past in pages and left; KEYS[2..] (no bot): every bot's index.
-- ARGV: now ms, limit, claimed-until ms, the start of the bot's keys ('' for no bot).
-- Moves up to limit due members to claimed-until and returns them, earliest first within an index.
-- A bot's member claimed from the namespace index moves to the bot's index.
local limit = tonumber(ARGV[2])
local tag = ARGV[4]
local due = {}

-- up to 'wanted' due members of a sorted set, whose start is 'start' unless that is ''
local function read(key, wanted, start)
  local found = {}
  if start == '' then
    return redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', 0, wanted)
  end
  local page = math.max(wanted, 256)
  local offset = 0
  while #found < wanted do
    local members = redis.call('ZRANGEBYSCORE', key, '-inf', ARGV[1], 'LIMIT', offset, page)
    for i = 1, #members do
      if string.sub(members[i], 1, #start) == start then
        found[#found + 1] = members[i]
        if #found == wanted then
          break
        end
      end
    end
    if #members < page then
      break
    end
    offset = offset + page
  end
  return found
end

for k = 1, #KEYS do
  if #due >= limit then
    break
  end
  local fromShared = tag ~= '' and k == 2
  if k == 1 or redis.call('EXISTS', KEYS[k]) == 1 then
    local members = read(KEYS[k], limit - #due, fromShared and tag or '')
    for i = 1, #members do
      if fromShared then
        redis.call('ZREM', KEYS[2], members[i])
      end
      redis.call('ZADD', fromShared and KEYS[1] or KEYS[k], ARGV[3], members[i])
      due[#due + 1] = members[i]
    end
  end
end
return due
