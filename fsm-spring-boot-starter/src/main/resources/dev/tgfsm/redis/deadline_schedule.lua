-- KEYS[1]: the member's bot's deadline index, KEYS[2]: the namespace's set of bots with an index,
-- KEYS[3]: the namespace index of the time before indexes were per bot. ARGV: due time ms, member,
-- bot id. Adds the member or moves it (out of the namespace index too).
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[2])
return 1
