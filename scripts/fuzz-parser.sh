#!/usr/bin/env bash
# Fuzzes the Feed parser with libFuzzer for a given number of seconds.
#
# Usage: scripts/fuzz-parser.sh SECONDS [extra libFuzzer flags...]
#
# Builds Fuzz/FeedParserFuzzTarget.swift together with Sources/Feed using swiftc directly (with
# -sanitize=fuzzer,address), seeds a working corpus from Tests/FeedTests/Fixtures and Fuzz/corpus, and runs.
# The working corpus and crash files go to .build/fuzz (FUZZ_DIR to override); a crasher is printed as a path
# and the script exits non-zero. Add each crasher to Tests/FeedTests/Fixtures as a regression fixture.
set -euo pipefail

seconds="${1:?usage: scripts/fuzz-parser.sh SECONDS [libFuzzer flags]}"
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${FUZZ_DIR:-$root/.build/fuzz}"
mkdir -p "$work/corpus" "$work/crashes"

binary="$work/feed-fuzzer"
sources=("$root"/Sources/Feed/*.swift "$root"/Fuzz/FeedParserFuzzTarget.swift)
# The Feed module imports JSONText and CSHA256: built first, as modules of their own, and linked in.
json_sources=("$root"/Sources/JSONText/*.swift)
c_sources=("$root"/Sources/CSHA256/*.c "$root"/Sources/CSHA256/include/*.h)
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" "${json_sources[@]}" "${c_sources[@]}" -newer "$binary" 2>/dev/null)" ]; then
    echo "building $binary" >&2
    mkdir -p "$work/modules/CSHA256"
    printf 'module CSHA256 {\n    header "%s"\n    export *\n}\n' "$root/Sources/CSHA256/include/csha256.h" \
        > "$work/modules/CSHA256/module.modulemap"
    clang -O2 -fsanitize=address -c "$root/Sources/CSHA256/csha256.c" -I "$root/Sources/CSHA256/include" \
        -o "$work/modules/csha256.o"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name JSONText \
        -enable-upcoming-feature ExistentialAny -emit-module -emit-module-path "$work/modules/JSONText.swiftmodule" \
        -emit-library -static "${json_sources[@]}" -o "$work/modules/libJSONText.a"
    # shellcheck disable=SC2046
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FeedFuzz \
        -enable-upcoming-feature ExistentialAny -I "$work/modules" \
        -I "$root/Sources/CLibXML2" $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
        -lxml2 "${sources[@]}" "$work/modules/libJSONText.a" "$work/modules/csha256.o" -o "$binary"
fi

cp -n "$root"/Tests/FeedTests/Fixtures/* "$work/corpus/" 2>/dev/null || true
if [ -d "$root/Fuzz/corpus" ]; then cp -n "$root"/Fuzz/corpus/* "$work/corpus/" 2>/dev/null || true; fi

"$binary" "$work/corpus" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/crashes/" -print_final_stats=1 "$@"
