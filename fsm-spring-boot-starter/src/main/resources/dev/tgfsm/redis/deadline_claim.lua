-- KEYS[1]: the namespace's deadline index, a sorted set of record keys scored by due time (ms).
-- ARGV: now ms, limit, claimed-until ms, the start of one bot's keys (empty: every bot). Moves up to
-- limit due members (of that bot) to claimed-until and returns them, earliest first. With a bot,
-- due members of other bots are read past, in pages, and left as they are.
local limit = tonumber(ARGV[2])
local tag = ARGV[4] or ''
local due = {}
if tag == '' then
  due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit)
else
  local page = math.max(limit, 256)
  local offset = 0
  while #due < limit do
    local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', offset, page)
    for i = 1, #members do
      if string.sub(members[i], 1, #tag) == tag then
        due[#due + 1] = members[i]
        if #due == limit then
          break
        end
      end
    end
    if #members < page then
      break
    end
    offset = offset + page
  end
end
for i = 1, #due do
  redis.call('ZADD', KEYS[1], ARGV[3], due[i])
end
return due
