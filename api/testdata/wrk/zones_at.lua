-- wrk script: GET /v1/zones/at over random points of the demo region, so the
-- index is exercised rather than one cached path. Start the server without
-- its per-caller rate limits, or wrk measures 429 answers:
--   go run ./cmd/zonegate serve --demo --rate anonymous=off
-- Usage: wrk -t2 -c32 -d10s -s zones_at.lua http://localhost:8080
math.randomseed(1)
request = function()
  local lon = 110.4 + math.random() * 2.1
  local lat = 35.4 + math.random() * 1.5
  return wrk.format("GET", string.format("/v1/zones/at?lon=%.6f&lat=%.6f", lon, lat))
end
