-- KEYS: records. ARGV[1]: now ms. Returns one HGETALL list per key ({} when absent or expired).
local now = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  out[i] = fetch(KEYS[i], now)
end
return out
