-- KEYS[1]: the member's bot's deadline index, KEYS[2]: the namespace index of the time before
-- indexes were per bot. ARGV: member, expected score ms ('' for any).
-- Removes the member if its score is still the expected one, from the bot's index or else from the
-- namespace index. Returns 1 if removed, else 0.
for k = 1, 2 do
  local s = redis.call('ZSCORE', KEYS[k], ARGV[1])
  if s then
    if ARGV[2] ~= '' and tonumber(s) ~= tonumber(ARGV[2]) then
      return 0
    end
    redis.call('ZREM', KEYS[k], ARGV[1])
    return 1
  end
end
return 0
