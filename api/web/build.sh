#!/bin/sh
# Rebuilds the map page into dist/, which is committed and embedded into the
# Go binary (api/web/web.go), so `go run` and `go build` never need npm.
#   cd api/web && npm ci && npm run build
set -eu
cd "$(dirname "$0")"
rm -rf dist
mkdir -p dist
npx esbuild src/main.js --bundle --format=esm --minify --target=es2022 \
  --legal-comments=eof --log-level=warning --outfile=dist/app.js
# The worker is loaded by the bundle from its own directory (import.meta.url).
cp node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs dist/maplibre-gl-worker.mjs
cp src/index.html dist/index.html
# Precompressed copies, served to clients that accept gzip.
for f in dist/app.js dist/app.css dist/maplibre-gl-worker.mjs dist/index.html; do
  gzip -9 -n -k "$f"
done
ls -l dist
