#!/usr/bin/env bash
# Measures the whole pipeline on 100,000 items from 1,000 feeds served locally (fetch, classify, digest, in one
# `brinkwatch run --once`), then the re-rendering of one day of 10,000 items with `brinkwatch digest --date`, and
# checks that the rebuild gives the same bytes twice.
#
# Usage: scripts/bench-digest.sh
# Environment:
#   FEEDS, ITEMS_PER_FEED  the generated feeds (default 1000 x 100); dated over the last HOURS hours (default 20, UTC)
#   WORKERS          brinkwatch's workers (default 0: one per core); CONNECTIONS its max_connections (default 16, also
#                    max_connections_per_host, which the configuration caps at 16; every feed is on one host)
#   RERENDER_ITEMS   the size of the re-rendered day (default 10000); REPEATS timed re-renders (default 5, median shown)
#   SPLIT            auto (default: only when the pipeline misses its target), 1 (always) or 0 (never): a diagnostic
#                    that times `brinkwatch fetch --once --all` alone in a new folder, then `run --once` on the inbox it
#                    filled (the feeds answer 304 by then), then `digest --date` for each day, to show where time goes
#   SERVER           nginx (default: installed with apt-get when missing and running as root) or python (the
#                    script's own threaded server with ETag and 304s; also the fallback)
#   BRINKWATCH_BIN   an already built brinkwatch to measure instead of building the release product
#   KEEP_SCRATCH=1   keeps the scratch folder (configuration, logs, inbox, classified items, digests)
#   TMPDIR           where the scratch folder goes (mktemp's rule); the inbox and the classified items live there, so
#                    its file system is part of the measure: TMPDIR=/dev/shm takes the disk's fsync latency out
#
# Targets from the issue: the pipeline in under 60 s with peak memory under 200 MB, the re-rendering of a day of
# 10,000 items in under a second. Times are wall clock, from the start of the process to its exit; peak memory is the
# maximum resident size, from /usr/bin/time -v when present, else from polling /proc. The pipeline's result is
# checked: as many classified records as items, and the itemCount of the JSON digests adding up to the same number.
# The digest time zone is UTC with a 48-hour grace period, so that yesterday's items stay on an open day.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
feeds="${FEEDS:-1000}"
per_feed="${ITEMS_PER_FEED:-100}"
hours="${HOURS:-20}"
workers="${WORKERS:-0}"
connections="${CONNECTIONS:-16}"
per_host=$((connections < 16 ? connections : 16))
rerender_items="${RERENDER_ITEMS:-10000}"
repeats="${REPEATS:-5}"
split="${SPLIT:-auto}"
server_choice="${SERVER:-nginx}"
items=$((feeds * per_feed))
target_seconds=60
target_rss_mb=200
target_rerender=1

# shellcheck source=lib/feed-server.sh
. "$root/scripts/lib/feed-server.sh"
bench_setup bench-digest

# --- Feeds --------------------------------------------------------------------------------------------------------
served="$scratch/www"
expected_days="$("$python" "$root/scripts/bench_digest_items.py" feeds "$served" "$feeds" "$per_feed" "$hours")"
chmod -R a+rX "$served"
echo "feeds: $feeds x $per_feed items = $items, $(du -sk "$served" | cut -f1) KB; items per UTC day: $expected_days"

# --- Server -------------------------------------------------------------------------------------------------------
addresses=(127.0.0.1)
find_nginx
start_feed_server

# --- Configuration ------------------------------------------------------------------------------------------------
# Writes a configuration into folder $1, its paths relative to it, logging at level $2.
write_config() {
    {
        echo "workers = $workers"
        echo
        echo "[paths]"
        echo 'inbox = "inbox"'
        echo 'classified = "classified"'
        echo 'digests = "digests"'
        echo 'state = "state"'
        echo "classifier = \"$root/config/classifier\""
        echo
        echo "[fetch]"
        echo "max_connections = $connections"
        echo "max_connections_per_host = $per_host"
        echo "host_spacing_seconds = 0"
        echo
        echo "[digest]"
        echo 'time_zone = "UTC"'
        echo "grace_hours = 48"
        echo
        echo "[log]"
        echo "level = \"$2\""
        for ((number = 1; number <= feeds; number++)); do
            printf '\n[[feed]]\nname = "f%04d"\ntitle = "Bench wire %04d"\nurl = "http://127.0.0.1:%s/f%04d.xml"\n' \
                "$number" "$number" "$port" "$number"
        done
    } >"$1/brinkwatch.toml"
}
mkdir -p "$scratch/pipeline"
write_config "$scratch/pipeline" error
"$bin" check-config --config "$scratch/pipeline/brinkwatch.toml" >/dev/null
if [ -x /usr/bin/time ]; then memory_probe="/usr/bin/time -v"; else memory_probe="polling /proc/PID/status (VmHWM)"; fi
echo "scratch: $scratch ($(df -PT "$scratch" | awk 'NR == 2 { print $2 }') file system); peak memory by $memory_probe"
echo "brinkwatch: workers = $workers (0: one per core, $(nproc) here), max_connections = $connections," \
    "max_connections_per_host = $per_host, host_spacing_seconds = 0; digest time zone UTC, grace 48 h"

# Runs brinkwatch with "$@", failing the script with its last log lines when it fails; $1 names the step.
run_step() {
    local step="$1"
    shift
    if ! measure "$bin" "$@"; then
        tail -n 5 "$scratch/err" >&2
        echo "bench-digest: brinkwatch $* failed in step '$step' (its last log lines are above)" >&2
        exit 1
    fi
    cp "$scratch/out" "$scratch/$step.out"
    cp "$scratch/err" "$scratch/$step.log"
}

median() {
    printf '%s\n' "$@" | sort -g |
        awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { if [ "$(awk "BEGIN { print ($1) }")" = 1 ]; then echo PASS; else echo FAIL; fi; }
# "records N days D:n,... digest_items M ..." (bench_digest_items.py check) -> the value after the key $2.
field() { awk -v key="$2" '{ for (i = 1; i < NF; i++) if ($i == key) print $(i + 1) }' <<<"$1"; }

# An untimed pass so that brinkwatch meets a warm server and page cache.
for ((number = 1; number <= feeds; number++)); do
    printf 'url = "http://127.0.0.1:%s/f%04d.xml"\noutput = "/dev/null"\n' "$port" "$number"
done >"$scratch/curl.conf"
curl -s --no-progress-meter --parallel --parallel-max "$connections" --config "$scratch/curl.conf"

# --- 1. Pipeline --------------------------------------------------------------------------------------------------
echo
echo "== 1. Pipeline: brinkwatch run --once (fetch $feeds feeds, classify and complete $items items, write the digests)"
run_step pipeline run --once --config "$scratch/pipeline/brinkwatch.toml" --log-level error
pipeline_seconds=$elapsed pipeline_kb=$peak_kb pipeline_cpu=$cpu_seconds
sed 's/^/  /' "$scratch/pipeline.out" | grep -v '^  digest:' || true
result="$("$python" "$root/scripts/bench_digest_items.py" check "$scratch/pipeline/classified" \
    "$scratch/pipeline/digests")"
records=$(field "$result" records) digest_items=$(field "$result" digest_items)
echo "  classified records: $records ($(field "$result" days)); itemCount over the JSON digests: $digest_items;" \
    "labelled items: $(field "$result" provocation_items) provocation, $(field "$result" diplomatic_items)" \
    "diplomatic; stories in the digests: $(field "$result" provocation_stories) provocation," \
    "$(field "$result" diplomatic_stories) diplomatic"
counted=PASS
[ "$records" = "$items" ] && [ "$digest_items" = "$items" ] || counted=FAIL
pipeline_verdict=$(verdict "$pipeline_seconds < $target_seconds && $pipeline_kb / 1024 < $target_rss_mb")

# --- Where the time goes (diagnostic) ----------------------------------------------------------------------------
if [ "$split" = 1 ] || { [ "$split" = auto ] && [ "$pipeline_verdict" = FAIL ]; }; then
    echo
    echo "== Split: fetch alone, then run --once on the filled inbox, then each day's digest rebuilt (new folder)"
    mkdir -p "$scratch/split"
    write_config "$scratch/split" error
    run_step split-fetch fetch --once --all --config "$scratch/split/brinkwatch.toml" --log-level error
    fetch_seconds=$elapsed
    queued=$(find "$scratch/split/inbox" -type f -path '*/new/*' | wc -l)
    echo "  fetch --once --all: $fetch_seconds s, peak RSS $(mb "$peak_kb") MB; $queued items queued in the inbox" \
        "($(awk -v n="$queued" -v s="$fetch_seconds" 'BEGIN { printf "%.0f", n / s }') items/s)"
    run_step split-drain run --once --config "$scratch/split/brinkwatch.toml" --log-level error
    drain_seconds=$elapsed
    echo "  run --once on the filled inbox: $drain_seconds s, peak RSS $(mb "$peak_kb") MB" \
        "($(tr '\n' ' ' <"$scratch/split-drain.out" | sed 's/ digest: .*//'))"
    if [ -n "$cpu_seconds" ]; then
        echo "  processor time of that run: $cpu_seconds s, on average $(awk -v c="$cpu_seconds" -v s="$drain_seconds" \
            'BEGIN { printf "%.2f", c / s }') of $(nproc) cores busy"
    fi
    digest_total=0
    for day in $(ls "$scratch/split/classified"); do
        [ -d "$scratch/split/classified/$day" ] || continue
        run_step "split-digest-$day" digest --date "$day" --config "$scratch/split/brinkwatch.toml" --log-level error
        echo "  digest --date $day: $elapsed s, peak RSS $(mb "$peak_kb") MB"
        digest_total=$(awk -v a="$digest_total" -v b="$elapsed" 'BEGIN { printf "%.3f", a + b }')
    done
    echo "  so: fetch and enqueue ~$fetch_seconds s; classify and complete ~$(awk -v d="$drain_seconds" \
        -v g="$digest_total" 'BEGIN { printf "%.1f", d - g }') s (the run --once minus the digests, with its" \
        "304 fetch cycle); digests ~$digest_total s"
fi

# --- 2. Re-render -------------------------------------------------------------------------------------------------
echo
day="$(field "$result" days | tr ',' '\n' | sort -t: -k2 -g | tail -n 1 | cut -d: -f1)"
echo "== 2. Re-render: brinkwatch digest --date $day on $rerender_items of that day's records (median of $repeats)"
rerender="$scratch/rerender"
mkdir -p "$rerender/state"
write_config "$rerender" error
if [ -d "$scratch/pipeline/state/health" ]; then cp -r "$scratch/pipeline/state/health" "$rerender/state/"; fi
if ! "$python" "$root/scripts/bench_digest_items.py" day "$scratch/pipeline/classified" "$day" \
    "$rerender/classified" "$rerender_items" >"$scratch/copy.out"; then
    echo "bench-digest: could not take $rerender_items records of $day for the re-render (see above)" >&2
    exit 1
fi
rerender_times=()
identical=yes
for ((run = 1; run <= repeats; run++)); do
    run_step "rerender-$run" digest --date "$day" --config "$rerender/brinkwatch.toml" --log-level error
    rerender_times+=("$elapsed") rerender_peak=$peak_kb
    if [ "$run" = 1 ]; then
        cp "$rerender/digests/$day.md" "$scratch/first.md"
        cp "$rerender/digests/$day.json" "$scratch/first.json"
    else
        cmp -s "$scratch/first.md" "$rerender/digests/$day.md" && cmp -s "$scratch/first.json" \
            "$rerender/digests/$day.json" || identical=no
    fi
done
rerender_count="$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["itemCount"])' \
    "$rerender/digests/$day.json")"
rerender_median=$(median "${rerender_times[@]}")
echo "  runs: ${rerender_times[*]} s; itemCount $rerender_count; peak RSS $(mb "$rerender_peak") MB;" \
    "$(wc -c <"$rerender/digests/$day.md") bytes of Markdown, $(wc -c <"$rerender/digests/$day.json") of JSON"
[ "$repeats" -ge 2 ] || identical="not checked (REPEATS < 2)"

# --- Figures ------------------------------------------------------------------------------------------------------
echo
echo "== Figures ($feeds feeds x $per_feed items, server: $server_choice, scratch on" \
    "$(df -PT "$scratch" | awk 'NR == 2 { print $2 }'))"
echo "pipeline: $items items in $pipeline_seconds s," \
    "$(awk -v n="$items" -v s="$pipeline_seconds" 'BEGIN { printf "%.0f", n / s }') items/s," \
    "peak RSS $(mb "$pipeline_kb") MB: $(verdict "$pipeline_seconds < $target_seconds") (< $target_seconds s)," \
    "$(verdict "$pipeline_kb / 1024 < $target_rss_mb") (< $target_rss_mb MB)"
if [ -n "$pipeline_cpu" ]; then
    echo "pipeline processor time: $pipeline_cpu s, on average $(awk -v c="$pipeline_cpu" -v s="$pipeline_seconds" \
        'BEGIN { printf "%.2f", c / s }') of this machine's $(nproc) cores busy (brinkwatch alone; nginx not counted)"
fi
echo "pipeline result: $records classified records, $digest_items items over the digests: $counted (both $items)"
echo "re-render of $rerender_count items: median $rerender_median s:" \
    "$(verdict "$rerender_median < $target_rerender") (< $target_rerender s);" \
    "Markdown and JSON byte-identical over $repeats rebuilds: $identical"
[ "$pipeline_verdict" = PASS ] && [ "$counted" = PASS ] && [ "$identical" = yes ] &&
    [ "$(verdict "$rerender_median < $target_rerender")" = PASS ]
