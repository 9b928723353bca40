#!/usr/bin/env bash
# Chaos test of the queue: the real daemon, in several processes sharing one inbox, is killed with SIGKILL
# over and over while it fetches and classifies; afterwards every item must be classified exactly once.
#
# Usage: scripts/chaos.sh
#   KILLS (default 200)            SIGKILLs to deliver, each followed by a restart of the killed process
#   FEEDS, ITEMS_PER_FEED          the generated feeds (default 100 x 100 = 10,000 items, file: URLs)
#   RUNS (default 2), FETCHERS (1) processes of `brinkwatch run` (fetcher and workers) and `brinkwatch fetch`
#   WORKERS (default 2)            workers per `brinkwatch run`
#   KILL_MIN_MS, KILL_MAX_MS       the pause between two kills, drawn at random (default 100 to 500 ms)
#   SEED                           seeds the choice of victims and pauses (default: the script's pid)
#   DRAIN_TIMEOUT (default 900)    seconds allowed for the queue to empty once the killing stops
#   FULL_DISK=SECONDS              (root) the inbox, classified items, state and digests on a small tmpfs of
#                                  their own, filled to the last byte at the second kill, while the first items
#                                  flow, and freed SECONDS later, the kills going on throughout: the same check
#                                  must pass, every process stay up (none may exit by itself), and the log say so
#   FULL_DISK_MB (default 256)     the size of that tmpfs
#   KEEP=1                         keep the scratch folder (it is always kept when the check fails)
#   BRINKWATCH_BIN                 the executable to test (default: the release build, built here)
#   TMPDIR                         where the scratch folder is made
#
# Every process logs to its own file in the scratch folder's logs/ (a line marks each start and each kill),
# and logs/events.log lists every start, kill and exit with its time. After the last kill the processes run
# until nothing is ready or claimed and every feed's state has seen all its items, then get SIGTERM; each
# day's digest is rebuilt with `brinkwatch digest --date`, and scripts/chaos_items.py checks that each
# generated item has exactly one classified record, that each digest lists each of its items once per
# label (unlabelled ones once among the focus items, or only in the count), that nothing is left ready or
# claimed, and that there are no dead letters. Exits 1 on any loss, duplicate or leftover.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
kills="${KILLS:-200}"
feeds="${FEEDS:-100}"
per_feed="${ITEMS_PER_FEED:-100}"
runs="${RUNS:-2}"
fetchers="${FETCHERS:-1}"
workers="${WORKERS:-2}"
min_ms="${KILL_MIN_MS:-100}"
max_ms="${KILL_MAX_MS:-500}"
drain_timeout="${DRAIN_TIMEOUT:-900}"
full_disk="${FULL_DISK:-}"
full_disk_mb="${FULL_DISK_MB:-256}"
seed="${SEED:-$$}"
RANDOM="$seed"

if [ -n "${BRINKWATCH_BIN:-}" ]; then
    bin="$BRINKWATCH_BIN"
else
    (cd "$root" && swift build -c release --product brinkwatch >&2)
    bin="$(cd "$root" && swift build -c release --show-bin-path)/brinkwatch"
fi

scratch="$(mktemp -d -t chaos.XXXXXX)"
logs="$scratch/logs"
events="$logs/events.log"
mkdir -p "$logs"
names=()
pids=()
keep="${KEEP:-0}"

disk="$scratch/disk"
mounted=0

cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if ((mounted)) && [ "$keep" = 1 ]; then
        # What the run left on the tmpfs is copied out before it goes.
        rm -f "$disk"/filler*
        for folder in inbox classified state digests; do
            rm "$scratch/$folder" && cp -a "$disk/$folder" "$scratch/$folder" 2>/dev/null || true
        done
    fi
    if ((mounted)); then umount "$disk" || true; fi
    if [ "$keep" = 1 ]; then echo "scratch kept: $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT

# The daemon's folders on a tmpfs of their own, reached through links from where the configuration names
# them, so that everything else (this script's checks included) reads them where it always does.
if [ -n "$full_disk" ]; then
    if [ "$(id -u)" -ne 0 ]; then echo "chaos: FULL_DISK needs root (it mounts a tmpfs)" >&2; exit 2; fi
    mkdir -p "$disk"
    mount -t tmpfs -o "size=${full_disk_mb}m" tmpfs "$disk"
    mounted=1
    for folder in inbox classified state digests; do
        mkdir -p "$disk/$folder"
        ln -s "disk/$folder" "$scratch/$folder"
    done
fi

# Fills the tmpfs to its last page: large writes until one fails, then page-sized ones.
fill_disk() {
    dd if=/dev/zero of="$disk/filler" bs=1M status=none 2>/dev/null || true
    dd if=/dev/zero of="$disk/filler-tail" bs=4k status=none 2>/dev/null || true
    note "disk full: $(df -P "$disk" | awk 'NR == 2 { print $4 }') KiB left"
}

free_disk() {
    rm -f "$disk"/filler*
    note "disk freed"
}

stamp() {
    local now="$EPOCHREALTIME"
    printf '%(%H:%M:%S)T.%s' "${now%.*}" "${now#*.}"
}

note() {
    echo "$(stamp) $*" >>"$events"
}

# --- The feeds and the configuration -------------------------------------------------------------------

CHAOS_START="$(date -u -d yesterday +%Y-%m-%d)"
export CHAOS_START
days="$("$python" "$root/scripts/chaos_items.py" generate "$scratch" "$feeds" "$per_feed")"
config="$scratch/brinkwatch.toml"
{
    echo "workers = $workers"
    echo '[paths]'
    echo 'inbox = "inbox"'
    echo 'classified = "classified"'
    echo 'digests = "digests"'
    echo 'state = "state"'
    echo "classifier = \"$root/config/classifier\""
    echo '[fetch]'
    echo 'host_spacing_seconds = 0'
    echo '[digest]'
    echo 'time_zone = "UTC"'
    echo 'grace_hours = 48'
    echo '[log]'
    echo 'level = "info"'
    for ((f = 0; f < feeds; f++)); do
        printf '[[feed]]\nname = "f%03d"\ntitle = "Chaos wire %03d"\nurl = "file:feeds/f%03d.xml"\n' "$f" "$f" "$f"
    done
} >"$config"
"$bin" check-config --config "$config" >/dev/null

# --- The processes ----------------------------------------------------------------------------------------

for ((i = 0; i < runs; i++)); do names+=("run-$i"); done
for ((i = 0; i < fetchers; i++)); do names+=("fetch-$i"); done
slots=${#names[@]}
unexpected=()

start() {
    local slot="$1" name="${names[$1]}"
    # The shell marks the start in the log, then becomes the daemon under the same pid.
    bash -c 'echo "--- chaos: $(date +%T.%6N) pid $$ starts"; exec "$@"' chaos "$bin" "${name%-*}" --config "$config" \
        >>"$logs/$name.log" 2>&1 &
    pids[slot]=$!
    note "start $name pid ${pids[slot]}"
}

# Waits for the process in `slot` to end and leaves its exit status in `status` (not in a subshell, which
# could not wait for it).
reap() {
    status=0
    wait "${pids[$1]}" 2>/dev/null || status=$?
}

# Restarts any process that ended by itself, recording it as unexpected.
restart_the_fallen() {
    local slot state
    for ((slot = 0; slot < slots; slot++)); do
        state="$(awk '{print $3}' "/proc/${pids[slot]}/stat" 2>/dev/null || echo gone)"
        if [ "$state" = Z ] || [ "$state" = gone ]; then
            reap "$slot"
            unexpected+=("${names[slot]} pid ${pids[slot]} exited by itself with status $status at $(stamp)")
            note "exit ${names[slot]} pid ${pids[slot]} status $status (not killed by chaos)"
            start "$slot"
        fi
    done
}

counts() {
    local classified ready claimed
    classified="$("$python" "$root/scripts/lib/records.py" count "$scratch/classified")"
    ready="$(find "$scratch/inbox/new" -mindepth 1 2>/dev/null | wc -l)"
    claimed="$(find "$scratch/inbox/cur" -mindepth 1 2>/dev/null | wc -l)"
    echo "classified $classified, ready $ready, claimed $claimed"
}

began="$EPOCHREALTIME"
elapsed() {
    local now="$EPOCHREALTIME"
    echo $(((${now/./} - ${began/./}) / 1000000))
}

echo "chaos: $((feeds * per_feed)) items in $feeds feeds; $runs x run ($workers workers each), $fetchers x fetch;" \
    "$kills kills, one every ${min_ms}-${max_ms} ms; SEED=$seed; scratch $scratch"
for ((slot = 0; slot < slots; slot++)); do start "$slot"; done

# --- The killing ------------------------------------------------------------------------------------------

every=$((kills >= 10 ? kills / 10 : 1))
fill_at=$((kills < 2 ? 1 : 2)) filled_at=-1 freed=0
for ((n = 1; n <= kills; n++)); do
    if [ -n "$full_disk" ]; then
        if ((n == fill_at)); then
            fill_disk
            filled_at="$(elapsed)"
            echo "chaos: kill $n/$kills after $(elapsed) s: disk full ($(counts)); freed in $full_disk s"
        elif ((filled_at >= 0 && !freed && $(elapsed) >= filled_at + full_disk)); then
            free_disk
            freed=1
            echo "chaos: kill $n/$kills after $(elapsed) s: disk freed ($(counts))"
        fi
    fi
    ms=$((min_ms + RANDOM % (max_ms - min_ms + 1)))
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
    restart_the_fallen
    slot=$((RANDOM % slots))
    victim="${pids[slot]}"
    kill -KILL "$victim" 2>/dev/null || true
    reap "$slot"
    echo "--- chaos: $(stamp) pid $victim killed (SIGKILL)" >>"$logs/${names[slot]}.log"
    if [ "$status" = 137 ]; then
        note "kill ${names[slot]} pid $victim (kill $n)"
    else
        unexpected+=("${names[slot]} pid $victim had exited by itself with status $status before kill $n")
        note "exit ${names[slot]} pid $victim status $status before kill $n"
    fi
    start "$slot"
    if ((n % every == 0 || n == kills)); then
        echo "chaos: kill $n/$kills (${names[slot]}) after $(elapsed) s: $(counts)"
    fi
done
chaos_seconds="$(elapsed)"
if [ -n "$full_disk" ] && ((!freed)); then
    # The kills ended first: the disk stays full for its time all the same, then frees.
    sleep "$((filled_at + full_disk - $(elapsed) > 0 ? filled_at + full_disk - $(elapsed) : 0))"
    free_disk
    freed=1
    echo "chaos: after $(elapsed) s: disk freed ($(counts))"
fi

# --- The drain --------------------------------------------------------------------------------------------

echo "drain: waiting for the queue to empty (at most $drain_timeout s)"
drained=0
quiet=0
shown=0
deadline=$(($(elapsed) + drain_timeout))
while (($(elapsed) < deadline)); do
    restart_the_fallen
    depths="$("$bin" inbox depths --config "$config")"
    seen="$("$python" "$root/scripts/chaos_items.py" fetched "$scratch")" && all_seen=1 || all_seen=0
    read -r _ ready _ claimed _ <<<"$depths"
    if ((all_seen && ready == 0 && claimed == 0)); then
        quiet=$((quiet + 1))
        if ((quiet >= 2)); then
            drained=1
            break
        fi
    else
        quiet=0
    fi
    if (($(elapsed) >= shown + 10)); then
        shown="$(elapsed)"
        echo "drain: after $shown s: $depths; $seen"
    fi
    sleep 2
done
echo "drain: $( ((drained)) && echo done || echo TIMED OUT) after $(elapsed) s: $depths; $seen"

# --- Stop, rebuild the digests, check ---------------------------------------------------------------------

for ((slot = 0; slot < slots; slot++)); do
    kill -TERM "${pids[slot]}" 2>/dev/null || true
    note "SIGTERM ${names[slot]} pid ${pids[slot]}"
done
for ((slot = 0; slot < slots; slot++)); do
    for ((tick = 0; tick < 600; tick++)); do
        state="$(awk '{print $3}' "/proc/${pids[slot]}/stat" 2>/dev/null || echo gone)"
        if [ "$state" = Z ] || [ "$state" = gone ]; then break; fi
        sleep 0.1
    done
    if ((tick == 600)); then
        unexpected+=("${names[slot]} pid ${pids[slot]} still running 60 s after SIGTERM")
        kill -KILL "${pids[slot]}" 2>/dev/null || true
    fi
    reap "$slot"
    note "exit ${names[slot]} pid ${pids[slot]} status $status after SIGTERM"
    if [ "$status" != 0 ]; then unexpected+=("${names[slot]} pid ${pids[slot]} exited $status after SIGTERM"); fi
done
pids=()

cp -r "$scratch/digests" "$scratch/digests-live" 2>/dev/null || true
for day in $days $(ls "$scratch/classified" 2>/dev/null); do echo "$day"; done | sort -u | while read -r day; do
    "$bin" digest --date "$day" --config "$config" >/dev/null 2>>"$logs/digest.log"
done
echo "dead letters: $("$bin" inbox list dead --config "$config" | wc -l)"

errors="$(cat "$logs"/run-*.log "$logs"/fetch-*.log 2>/dev/null | grep -cE ' (error|critical) ' || true)"
warnings="$(cat "$logs"/run-*.log "$logs"/fetch-*.log 2>/dev/null | grep -cE ' warning ' || true)"
echo "logs: $errors error lines, $warnings warning lines (in $logs)"
if [ -n "$full_disk" ]; then
    echo "full disk: $(cat "$logs"/run-*.log "$logs"/fetch-*.log | grep -ciE 'disk full|no space' || true)" \
        "log lines about it; $(cat "$logs"/run-*.log "$logs"/fetch-*.log | grep -ciE 'space available again' || true)" \
        "about its return"
fi
if ((errors + warnings > 0)); then
    # (head ends the pipe early: a broken pipe upstream is no failure.)
    cat "$logs"/run-*.log "$logs"/fetch-*.log | grep -E ' (error|critical|warning) ' \
        | sed -E 's/^[^ ]+ //; s/\[[^]]*\]//g; s/ +/ /g' | sort | uniq -c | sort -rn | head -8 || true
fi

exits="$(IFS=';'; echo "${unexpected[*]:-}")"
result=0
"$python" "$root/scripts/chaos_items.py" check "$scratch" --kills "$kills" --seconds "$(elapsed)" --exits "$exits" \
    || result=1
echo "time: chaos $chaos_seconds s, total $(elapsed) s"
if ((!drained)); then
    echo "FAIL: the queue did not drain within $drain_timeout s"
    result=1
fi
if ((result != 0)); then keep=1; fi
exit "$result"
