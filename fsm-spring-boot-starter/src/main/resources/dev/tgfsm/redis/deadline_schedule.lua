-- KEYS[1]: the deadline index. ARGV: due time ms, member. Adds the member or moves it.
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 1
