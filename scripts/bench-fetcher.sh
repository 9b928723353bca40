#!/usr/bin/env bash
# Measures the fetcher on 1,000 feeds from a local HTTP server against `curl --parallel` on the same URLs with the
# same concurrency, in the same run, and checks that a second cycle with validators gets only 304s.
#
# Usage: scripts/bench-fetcher.sh
# Environment:
#   CONNECTIONS      N, the concurrency of both clients (default 16): brinkwatch's max_connections (and
#                    max_connections_per_host, which the configuration caps at 16), curl's --parallel-max.
#   FEEDS            how many feeds (default 1000); REPEATS how many timed runs of each case (default 3, median shown).
#   REMEMBERED       ids each feed remembers in cycle 3 (default 3600: 20 new items a day, kept 180 days).
#   HOSTS            spread the feeds over this many loopback addresses 127.0.0.1..127.0.0.H (default 1: all on one
#                    host, as the issue states it); a diagnostic of how much one host's limits cost.
#   SERVER           nginx (default: installed with apt-get when missing and running as root) or python (the
#                    script's own threaded server with ETag, Last-Modified and 304s; also the fallback).
#   LATENCY_MS       delay every answer by this many milliseconds (default 0), as a distant server would; implies
#                    SERVER=python. On loopback a transfer costs nearly nothing, so cycle 1 measures the per-item
#                    work alone; with a delay it measures whether that work overlaps the waiting for the network,
#                    as it would on the internet (where answers take tens to hundreds of milliseconds).
#   BRINKWATCH_BIN   an already built brinkwatch to measure instead of building the release product.
#   KEEP_SCRATCH=1   keeps the scratch folder (configuration, logs, state) for a look afterwards.
#   TMPDIR           where the scratch folder goes (mktemp's rule); brinkwatch's inbox and state live there, so its
#                    file system is part of the measure: TMPDIR=/dev/shm takes the disk's fsync latency out.
#
# Cycle 1 starts each run in a folder of its own with an empty state and inbox (nothing is deleted between runs:
# on ext4 without a journal, inodes freed in the last minutes make new files slow to create, and 20,000 files
# removed between runs would burden the next one); cycle 2 runs on the state the last cycle 1 run left, so every
# request carries If-None-Match and If-Modified-Since; cycle 3 repeats cycle 2 after giving every feed the ids six
# months of 20 items a day would leave it (the steady state of a daemon, whose fetches are mostly 304s); cycle 4
# fetches the same bodies without validators, so that each is a 200 whose hash is unchanged: the fetch's own cost
# beside curl's, without parsing or enqueueing, which a first cycle adds for 20,000 items. Times are
# wall clock; peak memory is the maximum resident size,
# from /usr/bin/time -v when present, else from polling /proc. Targets from the issue: cycle 1 at most 1.3 times curl's
# time, cycle 2 all 304, peak memory under 100 MB.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
connections="${CONNECTIONS:-16}"
feeds="${FEEDS:-1000}"
repeats="${REPEATS:-3}"
remembered="${REMEMBERED:-3600}"
hosts="${HOSTS:-1}"
server_choice="${SERVER:-nginx}"
delay_ms="${LATENCY_MS:-0}"
[ "$delay_ms" = 0 ] || server_choice=python
per_host=$((connections < 16 ? connections : 16))
target_ratio=1.3
target_rss_mb=100

# shellcheck source=lib/feed-server.sh
. "$root/scripts/lib/feed-server.sh"
bench_setup bench-fetcher
addresses=()
for ((h = 1; h <= hosts; h++)); do addresses+=("127.0.0.$h"); done

# --- Feeds --------------------------------------------------------------------------------------------------------
served="$scratch/www"
mkdir -p "$served"
python3 - "$served" "$feeds" <<'PYTHON'
import os, sys
from datetime import datetime, timedelta, timezone

folder, count = sys.argv[1], int(sys.argv[2])
places = ["the border", "the coast", "the capital", "the strait", "the northern island", "the demilitarised zone"]
actions = ["holds talks on", "reports drills near", "sends an envoy to", "announces aid for", "tracks a launch near",
           "signs a fisheries deal covering"]
base = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
for number in range(1, count + 1):
    name = f"f{number:04d}"
    items = []
    for index in range(20):
        seed = number * 31 + index * 7
        when = (base - timedelta(hours=number % 48 + index * 3)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        title = f"Ministry {actions[seed % len(actions)]} {places[seed % len(places)]} ({name}, item {index + 1})"
        summary = (f"Officials said on day {seed % 28 + 1} that the matter near {places[(seed + 1) % len(places)]} "
                   f"would be discussed again; observers called the step number {seed} a measured one.")
        items.append(f"""    <item>
      <title>{title}</title>
      <link>http://example.org/{name}/{index + 1}</link>
      <guid isPermaLink="false">urn:bench:{name}:{index + 1}</guid>
      <pubDate>{when}</pubDate>
      <description>{summary}</description>
    </item>
""")
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Bench wire {name}</title>
    <link>http://example.org/{name}/</link>
    <description>A generated feed for the fetcher benchmark.</description>
{''.join(items)}  </channel>
</rss>
"""
    with open(os.path.join(folder, name + ".xml"), "w", encoding="utf-8") as out:
        out.write(text)
PYTHON
chmod -R a+rX "$served"
echo "feeds: $feeds generated, $(du -sk "$served" | cut -f1) KB" \
    "($(stat -c %s "$served/f0001.xml") bytes each, 20 items)"

# --- Server -------------------------------------------------------------------------------------------------------
find_nginx
start_feed_server

# --- Clients ------------------------------------------------------------------------------------------------------
urls=()
for ((number = 1; number <= feeds; number++)); do
    urls+=("http://${addresses[$(((number - 1) % hosts))]}:$port/$(printf 'f%04d' "$number").xml")
done
{
    echo "workers = 1"
    echo
    echo "[paths]"
    echo 'inbox = "inbox"'
    echo 'classified = "classified"'
    echo 'digests = "digests"'
    echo 'state = "state"'
    echo 'classifier = "classifier"'
    echo
    echo "[fetch]"
    echo "timeout_seconds = 30"
    echo "connect_timeout_seconds = 10"
    echo "max_connections = $connections"
    echo "max_connections_per_host = $per_host"
    echo "host_spacing_seconds = 0"
    echo
    echo "[log]"
    echo 'level = "info"'
    for ((number = 1; number <= feeds; number++)); do
        echo
        echo "[[feed]]"
        printf 'name = "f%04d"\n' "$number"
        echo "url = \"${urls[$((number - 1))]}\""
    done
} >"$scratch/brinkwatch.toml"
{
    echo 'write-out = "%{http_code}\n"'
    for url in "${urls[@]}"; do
        echo "url = \"$url\""
        echo 'output = "/dev/null"'
    done
} >"$scratch/curl.conf"
if [ -x /usr/bin/time ]; then memory_probe="/usr/bin/time -v"; else memory_probe="polling /proc/PID/status (VmHWM)"; fi
echo "scratch: $scratch ($(df -PT "$scratch" | awk 'NR == 2 { print $2 }') file system)"
echo "clients: brinkwatch fetch --once --all with max_connections = $connections," \
    "max_connections_per_host = $per_host, host_spacing_seconds = 0;" \
    "curl $(curl --version | head -n 1 | cut -d' ' -f2)" \
    "--parallel --parallel-max $connections; peak memory by $memory_probe"


# Fetches with the configuration copied into $run_dir, so that its inbox and state are there.
run_brinkwatch() {
    if ! measure "$bin" fetch --once --all --config "$run_dir/brinkwatch.toml"; then
        tail -n 5 "$scratch/err" >&2
        echo "bench-fetcher: brinkwatch fetch failed (its last log lines are above)" >&2
        exit 1
    fi
    summary="$(tr '\n' ' ' <"$scratch/out" | sed 's/ $//')"
    cp "$scratch/err" "$scratch/brinkwatch-$1.log"
}

# How many feed states record each last HTTP status, e.g. "200:1000" or "304:998 200:2".
state_statuses() {
    python3 - "$run_dir/state/feeds" <<'PYTHON'
import collections, json, os, sys
folder = sys.argv[1]
counts = collections.Counter()
for name in os.listdir(folder) if os.path.isdir(folder) else []:
    if not name.endswith(".json"):
        continue  # the feeds' seen items files
    with open(os.path.join(folder, name)) as source:
        counts[json.load(source).get("lastStatus")] += 1
print(" ".join(f"{status}:{count}" for status, count in counts.most_common()) or "none")
PYTHON
}

median() {
    printf '%s\n' "$@" | sort -g |
        awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maximum() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# An untimed pass so that both clients meet a warm server and page cache; then the disk is left to write back what
# was written before (the feeds generated here, or an earlier run's files), which would otherwise slow the first run.
curl -s --no-progress-meter --parallel --parallel-max "$connections" --config "$scratch/curl.conf" >/dev/null
sync

echo
echo "== Cycle 1: every feed new (each brinkwatch run in a new folder: empty state and inbox), runs interleaved"
bw_times=() bw_peaks=() curl_times=() curl_peaks=()
for ((run = 1; run <= repeats; run++)); do
    run_dir="$scratch/cycle1-run$run"
    mkdir -p "$run_dir"
    cp "$scratch/brinkwatch.toml" "$run_dir/"
    run_brinkwatch "cycle1-$run"
    bw_times+=("$elapsed") bw_peaks+=("$peak_kb")
    queued=$(find "$run_dir/inbox" -type f -path '*/new/*' | wc -l)
    echo "brinkwatch run $run: $elapsed s, peak RSS $((peak_kb / 1024)) MB; $summary; inbox new/: $queued files;" \
        "states: $(state_statuses)"
    measure curl -s --no-progress-meter --parallel --parallel-max "$connections" --config "$scratch/curl.conf"
    curl_times+=("$elapsed") curl_peaks+=("$peak_kb")
    echo "curl       run $run: $elapsed s, peak RSS $((peak_kb / 1024)) MB; statuses: $(sort "$scratch/out" | uniq -c |
        awk '{ printf "%s%s:%s", sep, $2, $1; sep = " " }')"
done

echo
echo "== Cycle 2: the same feeds again, with the validators cycle 1 stored"
if [ "$server_choice" = nginx ]; then
    # A restart rather than a reload: an old worker finishing its keep-alive connections would serve requests
    # without logging them.
    kill "$server_pid"
    wait "$server_pid" || true
    write_nginx_conf on
    start_nginx
    wait_for_server logging
fi
bw2_times=() bw2_peaks=()
all_304=1
for ((run = 1; run <= repeats; run++)); do
    before=$(wc -l <"$access_log")
    run_brinkwatch "cycle2-$run"
    bw2_times+=("$elapsed") bw2_peaks+=("$peak_kb")
    seen="$(tail -n +"$((before + 1))" "$access_log" | python3 -c '
import collections, sys
lines = [line.split(" ", 2) for line in sys.stdin.read().splitlines()]
statuses = collections.Counter(status for _, status, _ in lines)
validated = sum(1 for _, _, rest in lines if rest not in (chr(34) * 2 + " " + chr(34) * 2, "\"-\" \"-\""))
print(" ".join(f"{s}:{c}" for s, c in statuses.most_common()),
      f"({validated} of {len(lines)} with validators, over {len(set(c for c, _, _ in lines))} connection(s))")')"
    states="$(state_statuses)"
    echo "brinkwatch run $run: $elapsed s, peak RSS $((peak_kb / 1024)) MB; $summary; states: $states;" \
        "server saw: $seen"
    [ "$states" = "304:$feeds" ] && [[ "$seen" == "304:$feeds ("* ]] || all_304=0
done

echo
echo "== Cycle 3: the same 304s six months on, each feed remembering $remembered ids ($((remembered / 180)) a day for 180 days)"
# The remembered ids are added to each seen file, first seen 7 to 180 days before cycle 1's items (so the week's
# activity the state records stays true); a fetch answered 304 should not need to read them.
python3 - "$run_dir/state/feeds" "$remembered" <<'PYTHON'
import hashlib, json, os, sys
folder, count = sys.argv[1], int(sys.argv[2])
header = '{"version":1,"fields":["id","firstSeen","fingerprint","revision"],"items":[\n'
for name in sorted(os.listdir(folder)):
    if not name.endswith(".seen"):
        continue
    path = os.path.join(folder, name)
    with open(path) as source:
        items = json.load(source)["items"]
    oldest = min(item[1] for item in items)
    for index in range(count - len(items)):
        digest = hashlib.sha256(f"{name}/{index}".encode()).hexdigest()
        age = 7 * 86_400 + (index * 173 * 86_400) // count
        items.append([digest[:32], int(oldest - age), digest[32:48], None])
    items.sort(key=lambda item: item[0])
    with open(path + ".tmp", "w") as out:
        out.write(header + ",\n".join(json.dumps(item, separators=(",", ":")) for item in items) + "\n]}\n")
    os.rename(path + ".tmp", path)
PYTHON
echo "seen files: $(du -sk "$run_dir/state/feeds" | cut -f1) KB in all"
bw3_times=() bw3_peaks=()
for ((run = 1; run <= repeats; run++)); do
    run_brinkwatch "cycle3-$run"
    bw3_times+=("$elapsed") bw3_peaks+=("$peak_kb")
    echo "brinkwatch run $run: $elapsed s, peak RSS $((peak_kb / 1024)) MB; $summary; states: $(state_statuses)"
done

echo
echo "== Cycle 4: the same bodies again, the validators removed from the states first (200s whose body hash is unchanged)"
# What the fetch itself costs beside curl's: the transfers, the body hashes and the feed states read and written,
# without a parse or an item (a body whose hash is unchanged is not parsed).
bw4_times=() bw4_peaks=()
for ((run = 1; run <= repeats; run++)); do
    python3 - "$run_dir/state/feeds" <<'PYTHON'
import json, os, sys
folder = sys.argv[1]
for name in os.listdir(folder):
    if name.endswith(".json"):
        path = os.path.join(folder, name)
        with open(path) as source:
            state = json.load(source)
        state.pop("etag", None)
        state.pop("lastModified", None)
        with open(path, "w") as out:
            json.dump(state, out, indent=2, sort_keys=True)
PYTHON
    run_brinkwatch "cycle4-$run"
    bw4_times+=("$elapsed") bw4_peaks+=("$peak_kb")
    echo "brinkwatch run $run: $elapsed s, peak RSS $((peak_kb / 1024)) MB; $summary; states: $(state_statuses)"
done

echo
echo "== Figures (median of $repeats runs; $feeds feeds, concurrency $connections, $(((feeds + hosts - 1) / hosts))" \
    "feeds per host over $hosts host(s); server: ${server_choice}; each answer delayed $delay_ms ms)"
bw=$(median "${bw_times[@]}") cu=$(median "${curl_times[@]}") bw2=$(median "${bw2_times[@]}")
ratio=$(awk -v a="$bw" -v b="$cu" 'BEGIN { printf "%.2f", a / b }')
bw3=$(median "${bw3_times[@]}") bw4=$(median "${bw4_times[@]}")
peak=$(maximum "${bw_peaks[@]}" "${bw2_peaks[@]}" "${bw3_peaks[@]}" "${bw4_peaks[@]}")
peak_mb=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')
verdict() { if [ "$1" = 1 ]; then echo "meets"; else echo "MISSES"; fi; }
echo "cycle 1: brinkwatch $bw s (runs: ${bw_times[*]}), curl $cu s (runs: ${curl_times[*]})"
echo "ratio brinkwatch / curl: $ratio (target <= $target_ratio: $(verdict "$(awk -v r="$ratio" -v t="$target_ratio" \
    'BEGIN { print (r <= t) }')"))"
echo "cycle 2: brinkwatch $bw2 s (runs: ${bw2_times[*]}); every answer 304 in every run, by brinkwatch's states and" \
    "the server's log: $([ $all_304 = 1 ] && echo yes || echo NO) (target: all 304: $(verdict $all_304))"
echo "cycle 3: brinkwatch $bw3 s (runs: ${bw3_times[*]}), the 304s of cycle 2 with $remembered ids remembered per feed"
echo "cycle 4: brinkwatch $bw4 s (runs: ${bw4_times[*]}), $(awk -v a="$bw4" -v b="$cu" 'BEGIN { printf "%.2f", a / b }')" \
    "times curl's cycle 1: the same transfers with nothing to parse or enqueue"
echo "brinkwatch peak RSS: $peak_mb MB, the highest of all its runs (target < $target_rss_mb MB: $(verdict \
    "$(awk -v m="$peak_mb" -v t="$target_rss_mb" 'BEGIN { print (m < t) }')")); curl's: $(( $(maximum \
    "${curl_peaks[@]}") / 1024 )) MB"
