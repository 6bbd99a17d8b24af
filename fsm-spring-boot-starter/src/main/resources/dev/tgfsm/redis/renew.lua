-- KEYS[1]: lock. ARGV: now, token, lease ms, new expiry ms. Returns 1 if still held and extended.
local exp, tok = holder(KEYS[1])
if tok ~= ARGV[2] or not exp or exp <= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[4] .. ':' .. ARGV[2], 'PX', ARGV[3])
return 1
