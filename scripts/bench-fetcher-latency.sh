#!/usr/bin/env bash
# Runs scripts/bench-fetcher.sh with the server's answers delayed by each of several latencies and prints one table:
# the first cycle of brinkwatch and of curl --parallel, their ratio, the second cycle (all 304s), and the fourth cycle
# (the same transfers with nothing to parse or store) against curl's first.
#
# Usage: scripts/bench-fetcher-latency.sh [MILLISECONDS ...]   (default: 0 20 50 100)
# Environment: as scripts/bench-fetcher.sh (FEEDS, CONNECTIONS, REPEATS, BRINKWATCH_BIN, TMPDIR...); LATENCY_MS is
# set here for each run. Latency 0 uses nginx (or the fallback server), the others the script's own server.
#
# Why a sweep: on loopback a transfer costs next to nothing, so the first cycle's ratio measures the work curl does not
# do at all (parse 20,000 items, make each durable in the inbox, save 1,000 feed states), not the fetching. Servers on
# the internet take tens to hundreds of milliseconds to answer; there the question is whether that work overlaps the
# waiting, and the ratio measures the fetcher. The table shows both, and where one gives way to the other.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
latencies=("$@")
[ ${#latencies[@]} -gt 0 ] || latencies=(0 20 50 100)
logs="$(mktemp -d -t bench-fetcher-latency.XXXXXX)"
trap 'rm -rf "$logs"' EXIT

if [ -z "${BRINKWATCH_BIN:-}" ]; then
    echo "== Building brinkwatch (release)"
    (cd "$root" && swift build -c release --product brinkwatch >&2)
    BRINKWATCH_BIN="$(cd "$root" && swift build -c release --show-bin-path)/brinkwatch"
fi
export BRINKWATCH_BIN

for latency in "${latencies[@]}"; do
    echo "== Each answer delayed $latency ms"
    sync  # the previous run wrote hundreds of megabytes (its seen files): not to be written back during this one
    if ! LATENCY_MS="$latency" "$root/scripts/bench-fetcher.sh" >"$logs/$latency.log" 2>&1; then
        tail -n 20 "$logs/$latency.log" >&2
        echo "bench-fetcher-latency: the run at $latency ms failed (its log's end is above)" >&2
        exit 1
    fi
    grep -E '^(server:|cycle [1-4]:|ratio|brinkwatch peak)' "$logs/$latency.log"
done

echo
echo "== Summary (medians; target: brinkwatch's first cycle at most 1.3 times curl's)"
printf '%-11s %-15s %-10s %-8s %-13s %-22s %s\n' latency "brinkwatch (s)" "curl (s)" ratio "cycle 2 (s)" \
    "cycle 4 / curl cycle 1" "peak (MB)"
for latency in "${latencies[@]}"; do
    log="$logs/$latency.log"
    bw=$(sed -n 's/^cycle 1: brinkwatch \([0-9.]*\) s.*/\1/p' "$log")
    cu=$(sed -n 's/^cycle 1: .*, curl \([0-9.]*\) s.*/\1/p' "$log")
    ratio=$(sed -n 's/^ratio brinkwatch \/ curl: \([0-9.]*\).*/\1/p' "$log")
    second=$(sed -n 's/^cycle 2: brinkwatch \([0-9.]*\) s.*/\1/p' "$log")
    fourth=$(sed -n 's/^cycle 4: .*, \([0-9.]*\) times curl.*/\1/p' "$log")
    peak=$(sed -n 's/^brinkwatch peak RSS: \([0-9.]*\) MB.*/\1/p' "$log")
    printf '%-11s %-15s %-10s %-8s %-13s %-22s %s\n' "$latency ms" "$bw" "$cu" "$ratio" "$second" "$fourth" "$peak"
done
