-- KEYS[1]: the namespace's set of bots with a deadline index. Returns their ids.
return redis.call('SMEMBERS', KEYS[1])
