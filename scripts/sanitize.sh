#!/usr/bin/env bash
# Runs the test suite with AddressSanitizer: the tests, and every brinkwatch process they start,
# built with -sanitize=address into .build-asan, so that a read or write outside a buffer fails
# the run with the sanitizer's report instead of passing unnoticed (or crashing one run in many).
#
# Usage: scripts/sanitize.sh [swift test arguments, e.g. --filter Inbox]
#
# About 7 minutes to build from nothing on two cores, then 2-3 for the tests. Leak checking is
# off: this run looks for memory errors; the daemon's memory use is measured by the benchmarks.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="${ASAN_BUILD_DIR:-$root/.build-asan}"
traits="${TEST_TRAITS:-PostgreSQL}"

swift build --build-tests --sanitize address --scratch-path "$scratch" --traits "$traits"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" swift test --skip-build --sanitize address \
    --scratch-path "$scratch" --traits "$traits" "$@" 2>&1 | tee "$log" || status=$?
reports="$(grep -c "ERROR: AddressSanitizer" "$log" || true)"
echo "sanitizer reports: $reports"
if [ "$reports" -gt 0 ]; then
    grep -A3 "SUMMARY: AddressSanitizer" "$log" | head -n 20
    exit 1
fi
exit "$status"
