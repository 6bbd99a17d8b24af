-- KEYS[1]: lock. ARGV: now, token. Deletes the lock only if it carries the token;
-- returns 1 if the lease was still running.
local exp, tok = holder(KEYS[1])
if tok ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[1])
if exp and exp > tonumber(ARGV[1]) then
  return 1
end
return 0
