#!/usr/bin/env bash
# Fetch the full flights data (and airports.csv) from the npm package
# vega-datasets@3.2.1 into a local folder that is NOT committed.
#
# Usage: data/fetch-flights.sh [DEST]
#   DEST defaults to <repo root>/data/full (resolved from this script's location).
#
# Idempotent: if every file is already present in DEST with the expected
# sha256, nothing is downloaded. Needs: bash, node/npm, tar, sha256sum.
set -euo pipefail

PKG="vega-datasets@3.2.1"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
DEST="${1:-$REPO_ROOT/data/full}"

# Expected content (sha256) of each file shipped in vega-datasets@3.2.1.
declare -A EXPECTED=(
  [flights-3m.parquet]=dbeb920c90f59b6ccaff823dcc3d08f25a97fa1ce128d93f40be4e931f5900b0
  [airports.csv]=903c7169e6d558eefb95295fe2947ec8503135fbb855ea5c737cf4a90ea603ad
  [flights-2k.json]=41de5f0e4177ae3a7f41a58e7c69dfa83547a11f83adac0c812ed77a9cfeb5d3
  [flights-5k.json]=15041d59d44b6d31924d1accfb2cd400bca146dd785822dd812809614629953a
  [flights-10k.json]=27d210ac12331b65934961f0448515f20a9479524da85382bc7bef7469b4ae4e
  [flights-20k.json]=52f0ddd892d4569284b845e17323abc9afb7d303ec8f63251634a20327a610bb
  [flights-200k.json]=82c60682ccdec1a9cf1102b2a011bef789243053f1ac01a531580c72be3d8bc0
)
# Stable order for output.
FILES=(flights-3m.parquet airports.csv flights-2k.json flights-5k.json
       flights-10k.json flights-20k.json flights-200k.json)

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

all_present() {
  local f
  for f in "${FILES[@]}"; do
    [[ -f "$DEST/$f" ]] || return 1
    [[ "$(sha256_of "$DEST/$f")" == "${EXPECTED[$f]}" ]] || return 1
  done
}

report() {
  local f
  for f in "${FILES[@]}"; do
    printf '%-20s %10s bytes  sha256 %s\n' "$f" "$(stat -c %s "$DEST/$f")" "$(sha256_of "$DEST/$f")"
  done
}

mkdir -p "$DEST"
DEST="$(cd "$DEST" && pwd)"

if all_present; then
  echo "fetch-flights: all files already present with expected content in $DEST (no download)"
  report
  exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "fetch-flights: npm not found (install node/npm)" >&2; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fetch-flights.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

echo "fetch-flights: downloading $PKG with npm pack ..."
# npm pack verifies the tarball against the registry's integrity hash.
TGZ="$(cd "$TMP" && npm pack --silent "$PKG" | tail -n 1)"
[[ -f "$TMP/$TGZ" ]] || { echo "fetch-flights: npm pack produced no tarball" >&2; exit 1; }
tar -xzf "$TMP/$TGZ" -C "$TMP"

for f in "${FILES[@]}"; do
  src="$TMP/package/data/$f"
  [[ -f "$src" ]] || { echo "fetch-flights: $f missing from $PKG" >&2; exit 1; }
  got="$(sha256_of "$src")"
  if [[ "$got" != "${EXPECTED[$f]}" ]]; then
    echo "fetch-flights: sha256 mismatch for $f: got $got, expected ${EXPECTED[$f]}" >&2
    exit 1
  fi
  # Copy via a temporary name so an interrupted run never leaves a partial file.
  cp "$src" "$DEST/.$f.part"
  mv -f "$DEST/.$f.part" "$DEST/$f"
done

echo "fetch-flights: files in $DEST"
report
