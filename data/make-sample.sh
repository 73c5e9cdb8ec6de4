#!/usr/bin/env bash
# Regenerate the committed sample in data/sample from the full vega-datasets
# files (fetched by data/fetch-flights.sh into data/full, not committed).
#
# Usage: data/make-sample.sh
#   FLIGHTS_FULL_DIR overrides the full-data folder (default <repo>/data/full).
#
# Parquet is read with the pure-JavaScript npm packages hyparquet +
# hyparquet-compressors (exact versions in data/tools/package.json), installed
# into <full-dir>/.tools. Needs node >= 18 and npm.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FULL="${FLIGHTS_FULL_DIR:-$SCRIPT_DIR/full}"
OUT="$SCRIPT_DIR/sample"
TOOLS="$FULL/.tools"
MAX_BYTES=$((7 * 1000 * 1000))

# 1. Full data (idempotent: no download when already present and intact).
"$SCRIPT_DIR/fetch-flights.sh" "$FULL"

# 2. Helper tools, reinstalled when data/tools/package.json changes.
mkdir -p "$TOOLS"
if ! cmp -s "$SCRIPT_DIR/tools/package.json" "$TOOLS/package.json" || [[ ! -d "$TOOLS/node_modules/hyparquet" ]]; then
  rm -rf "$TOOLS/node_modules" "$TOOLS/package-lock.json"
  cp "$SCRIPT_DIR/tools/package.json" "$TOOLS/package.json"
  (cd "$TOOLS" && npm install --no-audit --no-fund --no-package-lock --ignore-scripts --loglevel=error)
fi
cp "$SCRIPT_DIR/tools/make-sample.mjs" "$SCRIPT_DIR/tools/sample-stats.mjs" "$TOOLS/"

# 3. Generate into a fresh folder, then replace data/sample.
TMP_OUT="$(mktemp -d "$FULL/.sample.tmp.XXXXXX")"  # inside the ignored full/ folder
trap 'rm -rf "$TMP_OUT"' EXIT
node "$TOOLS/make-sample.mjs" "$FULL" "$TMP_OUT"

bytes="$(find "$TMP_OUT" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')"
if (( bytes > MAX_BYTES )); then
  echo "make-sample: sample is $bytes bytes, over the $MAX_BYTES budget" >&2
  exit 1
fi

chmod 755 "$TMP_OUT"
rm -rf "$OUT"
mv "$TMP_OUT" "$OUT"

# 4. Statistics quoted in data/README.md.
echo
node "$TOOLS/sample-stats.mjs" "$OUT"
