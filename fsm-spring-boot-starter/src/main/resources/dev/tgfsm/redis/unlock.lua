-- KEYS[1]: lock. ARGV: token, [turn]. Deletes the lock only if it carries the token; returns 1 if the
-- lease was still running by the server's clock. A turn (an update id) is withdrawn from the
-- conversation's announced turns (KEYS[1]..'~'), so that a request that gives up holds nobody up.
if ARGV[2] and ARGV[2] ~= '' then
  redis.call('ZREM', KEYS[1] .. '~', ARGV[2])
end
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
