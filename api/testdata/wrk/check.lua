-- wrk script: POST /v1/checks/coal-truck for a truck at Linfen centre (demo
-- region). Start the server without its per-caller rate limits, or wrk
-- measures 429 answers:
--   go run ./cmd/zonegate serve --demo --rate anonymous=off
-- Usage: wrk -t2 -c32 -d10s -s check.lua http://localhost:8080
wrk.method = "POST"
wrk.path = "/v1/checks/coal-truck"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"position":[111.5186,36.0880],"cargo":{"fuel":"coal","sulfur_pct":0.4,"ash_pct":9.5},"documents":{"supply_contract":true,"quality_report":true},"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}'
