#!/usr/bin/env bash
# Encode time per frame (median and p90 of 31) and bytes per frame for sixel, kitty, iTerm2 and
# cells, release-built with swiftc -O straight from ShopMedia's sources (about 20 s), so it needs
# neither the benchmark package nor a release build of the whole product.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mapfile -t sources < <(find "$ROOT/Sources/ShopMedia" -name '*.swift' | sort)
swiftc -O -module-name PixelEncode -I "$ROOT/Sources/CPNG" -I "$ROOT/Sources/CGIF" -I "$ROOT/Sources/CZlib" \
    "${sources[@]}" "$ROOT/Benchmarks/pixel-encode/main.swift" -o "$OUT/pixel-encode" 2> >(grep -v warning >&2)
"$OUT/pixel-encode" "$ROOT/Assets"
