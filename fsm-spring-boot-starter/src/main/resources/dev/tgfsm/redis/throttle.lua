-- KEYS[1]: a GCRA bucket (see gcra). ARGV: now µs, increment µs, capacity µs (all from the
-- caller's clock). Returns {1 admitted | 0 refused, TAT after the call}.
local ok, tat = gcra(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
return {ok, tat}
