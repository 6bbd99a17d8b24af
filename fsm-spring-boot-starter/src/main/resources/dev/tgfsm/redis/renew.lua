-- KEYS[1]: lock. ARGV: token, lease ms. Returns 1 if still held and extended; judged by the
-- server's clock.
local clock = server_ms()
local exp, tok = holder(KEYS[1])
if tok ~= ARGV[1] or not exp or exp <= clock then
  return 0
end
redis.call('SET', KEYS[1], string.format('%.0f', clock + tonumber(ARGV[2])) .. ':' .. ARGV[1], 'PX', ARGV[2])
return 1
