-- KEYS[1]: lock. ARGV: token. Deletes the lock only if it carries the token; returns 1 if the
-- lease was still running by the server's clock.
local clock = server_ms()
local exp, tok = holder(KEYS[1])
if tok ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if exp and exp > clock then
  return 1
end
return 0
