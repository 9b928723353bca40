#!/usr/bin/env bash
# Several hosts on one PostgreSQL queue: the real daemon, three copies in three network namespaces (each its own
# host address behind a bridge), fetches generated feeds over HTTP from a local server and shares one PostgreSQL
# database; one copy is killed and another cut off the network partway; afterwards every item must have reached
# the results, and each copy's digests, exactly once. It also measures the queue's cost.
#
# Usage: sudo scripts/multihost.sh          (root: it makes namespaces, a bridge and veth pairs)
#
# The run, in a scratch folder, with fresh state for each phase:
#   a  the file inbox, one daemon (in namespace 1, fetching over the bridge like the others)
#   b  PostgreSQL, one daemon (namespace 1)
#   c  PostgreSQL, three daemons (namespaces 1 to 3) on the same database
#   d  the chaos run: three daemons on PostgreSQL; when KILL_AT % of the items have a result, daemon 2 gets
#      SIGKILL (and is started again RESTART_AFTER seconds later, or never); at CUT_AT %, daemon 3's link goes
#      down for CUT_SECONDS, longer than the lease by default, so that the others take over its claims and its
#      late completions must be fenced off; then everything drains
# For each phase it prints the wall time from the daemons' start to the last result stored, items per second,
# the daemons' CPU seconds per item (utime + stime from /proc, sampled once drained, before SIGTERM; a killed
# daemon's CPU is sampled just before the kill) and PostgreSQL's (the postmaster and all its processes, those
# that exited included, over the phase; this includes the script's own polling, one short psql session per
# POLL seconds). A binary built without PostgreSQL (check-config refuses store = "postgresql") runs phase a
# only and says why the others were skipped.
#
# Environment:
#   BRINKWATCH_BIN               the executable (default: the release build with --traits PostgreSQL, built here)
#   FEEDS, ITEMS_PER_FEED        the generated feeds (default 100 x 100 = 10,000 items), served over HTTP
#   PHASES (default "a b c d")   which phases to run
#   WORKERS (default 2)          workers per daemon
#   LEASE_SECONDS (default 15)   the [queue] lease: how long a dead or cut-off daemon's claims stay held
#   KILL_AT (30), CUT_AT (40)    percent of the items with a result when daemon 2 is killed, daemon 3 cut off
#   RESTART_AFTER (default 10)   seconds until the killed daemon is started again; "never" leaves it dead
#   CUT_SECONDS (default 20)     how long daemon 3 stays cut off
#   DRAIN_TIMEOUT (default 900)  seconds allowed for each phase to finish
#   POLL (default 0.5)           seconds between two looks at the queue
#   SPEED_CHECK (default 1)      0 reports, without failing, three daemons slower than one
#   SUBNET                       the first three octets of the bridge's /24 (default: the first free of 10.77.0,
#                                10.77.1, ...); the bridge is .1, the namespaces .11, .12, .13
#   PG_BIN                       PostgreSQL's server binaries (default: the newest /usr/lib/postgresql/N/bin)
#   PG_PORT                      its TCP port on the bridge address (default: a free one)
#   FEED_SERVER (default nginx)  nginx, or python (the feed-server library's own)
#   KEEP=1                       keep the scratch folder (it is always kept when a check fails)
#   TMPDIR                       where the scratch folder is made
#
# The check, for each phase: every generated item has exactly one result (PostgreSQL: one row per id in
# brinkwatch.results, the SQL GROUP BY agreeing; files: scripts/chaos_items.py's accounting), on its own day;
# nothing is left ready or claimed and there are no dead letters; after SIGTERM (every daemon must exit 0) and
# a rebuild of each day with `brinkwatch digest --date` by each daemon, each daemon's digests list each item
# exactly once per label (chaos_items.py's rules), and the daemons' DAY.json files are byte-identical to each
# other. Whether they are also identical to the one-daemon runs' is reported, not required. Three daemons
# must not be slower than one (SPEED_CHECK). Exits 1 on any failure; everything made is removed on any exit
# (namespaces, veth pairs, the bridge, PostgreSQL, the feed server, the daemons).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
feeds="${FEEDS:-100}"
per_feed="${ITEMS_PER_FEED:-100}"
items=$((feeds * per_feed))
phases="${PHASES:-a b c d}"
workers="${WORKERS:-2}"
lease="${LEASE_SECONDS:-15}"
kill_at="${KILL_AT:-30}"
cut_at="${CUT_AT:-40}"
restart_after="${RESTART_AFTER:-10}"
cut_seconds="${CUT_SECONDS:-20}"
drain_timeout="${DRAIN_TIMEOUT:-900}"
poll="${POLL:-0.5}"
speed_check="${SPEED_CHECK:-1}"
keep="${KEEP:-0}"
hz="$(getconf CLK_TCK)"

if [ "$(id -u)" -ne 0 ]; then
    echo "multihost: run as root (network namespaces, a bridge and veth pairs need it)" >&2
    exit 1
fi
if [ -n "${BRINKWATCH_BIN:-}" ]; then
    bin="$BRINKWATCH_BIN"
else
    (cd "$root" && swift build -c release --product brinkwatch --traits PostgreSQL >&2)
    bin="$(cd "$root" && swift build -c release --traits PostgreSQL --show-bin-path)/brinkwatch"
fi
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

# Unique names, so that two runs never meet: bwmh and four random hex digits.
tag="bwmh$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')"
bridge="${tag}br"
scratch="$(mktemp -d -t multihost.XXXXXX)"
chmod 755 "$scratch" # PostgreSQL (as postgres) and nginx's workers (as nobody) read below it
logs="$scratch/logs"
mkdir -p "$logs"
made_ns=()
server_pid=""
pg_pid=""
dpid=()
cut_link=""
verdicts=()
rows=()

cleanup() {
    local status=$? i pid
    set +e
    trap - INT TERM
    for i in "${!dpid[@]}"; do
        if [ -n "${dpid[i]}" ]; then kill -KILL "${dpid[i]}" 2>/dev/null; { wait "${dpid[i]}"; } 2>/dev/null; fi
    done
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null; fi
    if [ -n "$pg_pid" ]; then
        kill -INT "$pg_pid" 2>/dev/null # fast shutdown
        for _ in $(seq 150); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pg_pid" 2>/dev/null
    fi
    wait 2>/dev/null
    for ns in "${made_ns[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    for i in 1 2 3; do ip link del "${tag}h$i" 2>/dev/null; done
    ip link del "$bridge" 2>/dev/null
    if ((status != 0)); then keep=1; fi
    if [ "$keep" = 1 ]; then echo "scratch kept: $scratch"; else rm -rf "$scratch"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { echo "$EPOCHREALTIME"; }
free_port_on() {
    "$python" -c 'import socket, sys; s = socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$1"
}
# Seconds since the phase's daemons started; one line about a chaos event.
since() { awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
event() { echo "phase $phase: $(since) s, $n_done results: $*"; }
cpu_seconds() { awk -v t="$1" -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }'; }
# CPU ticks of a process: its own (all threads) and its reaped children's.
ticks() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || stat=""
    if [ -z "$stat" ]; then echo 0; return; fi
    sed -E 's/^.*\) //' <<<"$stat" | awk '{ print $12 + $13 + $14 + $15 }'
}
alive() {
    local state
    state="$(sed -E 's/^.*\) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $1 }')"
    [ -n "$state" ] && [ "$state" != Z ]
}

# --- The network ------------------------------------------------------------------------------------------

if [ -n "${SUBNET:-}" ]; then
    net="$SUBNET"
else
    for k in $(seq 0 254); do
        net="10.77.$k"
        if ! ip -4 -o addr show | grep -q " inet $net\." && ! ip -4 route show | grep -q "^$net\."; then break; fi
    done
fi
host="$net.1"
ns=("" "${tag}-1" "${tag}-2" "${tag}-3")
ip link add "$bridge" type bridge
ip addr add "$host/24" dev "$bridge"
ip link set "$bridge" up
for i in 1 2 3; do
    ip netns add "${ns[i]}"
    made_ns+=("${ns[i]}")
    ip link add "${tag}h$i" type veth peer name "${tag}p$i"
    ip link set "${tag}p$i" netns "${ns[i]}"
    ip link set "${tag}h$i" master "$bridge" up
    ip -n "${ns[i]}" addr add "$net.1$i/24" dev "${tag}p$i"
    ip -n "${ns[i]}" link set "${tag}p$i" up
    ip -n "${ns[i]}" link set lo up
done
echo "network: bridge $bridge $host/24; namespaces ${ns[1]} ${ns[2]} ${ns[3]} at $net.11 to $net.13"

# --- The feeds and their server ---------------------------------------------------------------------------

CHAOS_START="$(date -u -d yesterday +%Y-%m-%d)"
export CHAOS_START
days="$("$python" "$root/scripts/chaos_items.py" generate "$scratch" "$feeds" "$per_feed")"
echo "feeds: $items items in $feeds feeds (days $days)"

# shellcheck source=lib/feed-server.sh
. "$root/scripts/lib/feed-server.sh"
served="$scratch/feeds"
addresses=("$host")
server_choice="${FEED_SERVER:-nginx}"
find_nginx
if [ "$server_choice" = nginx ]; then
    port="$(free_port_on "$host")"
    mkdir -p "$scratch/nginx-tmp"
    write_nginx_conf off
    start_nginx
    server_name="nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||')"
else
    python_server
    server_name="python ThreadingHTTPServer"
fi
feed_port="$port"
for i in 1 2 3; do
    for try in $(seq 100); do
        if ip netns exec "${ns[i]}" curl -sf -o /dev/null --max-time 2 "http://$host:$feed_port/f000.xml"; then
            break
        fi
        if ((try == 100)); then
            echo "multihost: the feed server at $host:$feed_port is not reachable from ${ns[i]}" >&2
            cat "$scratch"/nginx-error.log "$scratch"/server.log 2>/dev/null >&2
            exit 1
        fi
        sleep 0.1
    done
done
echo "feed server: $server_name on $host:$feed_port, reachable from the three namespaces"

# --- PostgreSQL -------------------------------------------------------------------------------------------

pg_phases=""
for p in $phases; do if [ "$p" != a ]; then pg_phases+="$p "; fi; done
pgdir="$scratch/pg"
psql_at() { psql -h "$pgdir" -p "$pg_port" -U brinkwatch -X -q -At "$@"; }

start_postgres() {
    [ -x "$pg_bin/postgres" ] || { echo "multihost: no PostgreSQL server in '$pg_bin' (set PG_BIN)" >&2; exit 1; }
    pg_port="${PG_PORT:-$(free_port_on "$host")}"
    mkdir -p "$pgdir"
    chown postgres:postgres "$pgdir"
    (cd "$pgdir" && setpriv --reuid=postgres --regid=postgres --clear-groups -- \
        "$pg_bin/initdb" -D "$pgdir/data" -U brinkwatch -A trust -E UTF8 --no-instructions >"$logs/initdb.log" 2>&1) \
        || { cat "$logs/initdb.log" >&2; exit 1; }
    cat >"$pgdir/data/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
host all all $net.0/24 trust
HBA
    (cd "$pgdir" && exec setpriv --reuid=postgres --regid=postgres --clear-groups -- \
        "$pg_bin/postgres" -D "$pgdir/data" \
        -c listen_addresses="$host" -c port="$pg_port" -c unix_socket_directories="$pgdir" \
        -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=200 \
        >"$logs/postgres.log" 2>&1) &
    pg_pid=$!
    for try in $(seq 300); do
        if psql_at -d postgres -c 'SELECT 1' >/dev/null 2>&1; then break; fi
        if ((try == 300)) || ! kill -0 "$pg_pid" 2>/dev/null; then
            echo "multihost: PostgreSQL did not start" >&2
            tail -n 20 "$logs/postgres.log" >&2
            exit 1
        fi
        sleep 0.2
    done
    echo "postgresql: $(psql_at -d postgres -c 'SELECT version()' | sed 's/ on .*//'), on $host:$pg_port," \
        "fsync $(psql_at -d postgres -c 'SHOW fsync')," \
        "synchronous_commit $(psql_at -d postgres -c 'SHOW synchronous_commit')"
    for i in 1 2 3; do
        local seen
        seen="$(ip netns exec "${ns[i]}" psql -h "$host" -p "$pg_port" -U brinkwatch -d postgres -X -At \
            -c 'SELECT inet_client_addr()' 2>&1)" || { echo "multihost: psql from ${ns[i]}: $seen" >&2; exit 1; }
        [ "$seen" = "$net.1$i" ] || { echo "multihost: psql from ${ns[i]} arrived as '$seen'" >&2; exit 1; }
    done
    echo "postgresql: a psql round trip from each namespace arrives from its own address ($net.11 to $net.13)"
}

# Ticks of the postmaster and every process under it; exited backends are in the postmaster's child ticks.
pg_ticks() {
    local pm child
    pm="$(head -n 1 "$pgdir/data/postmaster.pid")"
    {
        ticks "$pm"
        for child in $(ps -o pid= --ppid "$pm"); do ticks "$child"; done
    } | awk '{ s += $1 } END { print s + 0 }'
}

# --- One phase --------------------------------------------------------------------------------------------

# Writes daemon $2's configuration in phase folder $1, for store $3 (files or postgresql) and database $4.
write_config() {
    local dir="$1/d$2" f
    mkdir -p "$dir"
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
        if [ "$3" = postgresql ]; then
            echo '[queue]'
            echo 'store = "postgresql"'
            echo "url = \"postgresql://brinkwatch@$host:$pg_port/$4?sslmode=disable\""
            echo "lease_seconds = $lease"
        fi
        for ((f = 0; f < feeds; f++)); do
            printf '[[feed]]\nname = "f%03d"\ntitle = "Chaos wire %03d"\nurl = "http://%s:%s/f%03d.xml"\n' \
                "$f" "$f" "$host" "$feed_port" "$f"
        done
    } >"$dir/brinkwatch.toml"
}

start_daemon() {
    local i="$1" dir="$phase_dir/d$1"
    echo "--- multihost: $(date +%T.%6N) start in ${ns[i]}" >>"$dir/daemon.log"
    ip netns exec "${ns[i]}" "$bin" run --config "$dir/brinkwatch.toml" >>"$dir/daemon.log" 2>&1 &
    dpid[i]=$!
    started[i]=$((${started[i]:-0} + 1))
}

# Leaves the count of results, of items ready or claimed (-1 when unknown yet) and of dead letters in
# n_done, pending and dead.
progress() {
    if [ "$store" = files ]; then
        local d="$phase_dir/d1"
        n_done="$("$python" "$root/scripts/lib/records.py" count "$d/classified")"
        pending="$(find "$d/inbox/new" "$d/inbox/cur" -mindepth 1 -maxdepth 1 -printf . 2>/dev/null | wc -c)"
        dead="$(find "$d/inbox/dead" -mindepth 1 -maxdepth 1 ! -name '*.err' -printf . 2>/dev/null | wc -c)"
    else
        local line
        line="$(psql_at -d "$db" -F ' ' -c "SELECT (SELECT count(*) FROM brinkwatch.results),
            count(*) FILTER (WHERE state IN ('ready', 'claimed')), count(*) FILTER (WHERE state = 'dead')
            FROM brinkwatch.items" 2>/dev/null)" || line="0 -1 0"
        read -r n_done pending dead <<<"$line"
    fi
}

verdict() { # ok|fail text
    local line
    if [ "$1" = ok ]; then line="PASS [$phase] $2"; else line="FAIL [$phase] $2"; failed=1; fi
    echo "$line"
    verdicts+=("$line")
}

# Runs phase $1 with store $2 and $3 daemons; $4 = chaos for the kill and the cut.
run_phase() {
    phase="$1" store="$2"
    local count="$3" chaos="$4" i deadline pg0=0 pg1 shown=0 last wall kill_done=0 cut_done=0 killed_at=""
    local cut_until="" restarted=0 drained=0 dticks=0 unexpected=() exits=() day
    phase_dir="$scratch/$phase"
    db="bw_$phase"
    dpid=()
    started=()
    acc=(0 0 0 0)
    mkdir -p "$phase_dir"
    for ((i = 1; i <= count; i++)); do write_config "$phase_dir" "$i" "$store" "$db"; done
    if [ "$store" = postgresql ]; then
        psql_at -d postgres -c "CREATE DATABASE $db" >/dev/null
        pg0="$(pg_ticks)"
    fi
    echo
    local plan=""
    if [ "$chaos" = chaos ]; then
        local again="never"
        if [ "$restart_after" != never ]; then again="$restart_after s later"; fi
        plan="; SIGKILL daemon 2 at $kill_at % (restart: $again),"
        plan+=" cut daemon 3 off at $cut_at % for $cut_seconds s (lease $lease s)"
    fi
    echo "== phase $phase: $count daemon(s), store $store, $workers workers each$plan"
    t0="$(now)"
    for ((i = 1; i <= count; i++)); do start_daemon "$i"; done
    deadline=$(($(date +%s) + drain_timeout))
    while (($(date +%s) < deadline)); do
        sleep "$poll"
        progress
        for ((i = 1; i <= count; i++)); do
            [ -n "${dpid[i]}" ] || continue
            if ! alive "${dpid[i]}"; then
                local st=0
                { wait "${dpid[i]}"; } 2>/dev/null || st=$?
                unexpected+=("daemon $i (pid ${dpid[i]}) exited by itself with status $st after $(since) s")
                echo "phase $phase: ${unexpected[-1]}; starting it again (see $phase_dir/d$i/daemon.log)"
                exits[i]=$((${exits[i]:-0} + 1))
                if ((exits[i] >= 10)); then
                    # A daemon that cannot start (a binary without PostgreSQL, a broken configuration)
                    # would be restarted until the drain timeout; the phase has failed already.
                    echo "multihost: daemon $i exited by itself ${exits[i]} times; its last line:" \
                        "$(tail -n 1 "$phase_dir/d$i/daemon.log")" >&2
                    exit 1
                fi
                start_daemon "$i"
            fi
        done
        if [ "$chaos" = chaos ]; then
            if ((!kill_done && n_done * 100 >= items * kill_at)); then
                acc[2]=$((acc[2] + $(ticks "${dpid[2]}")))
                kill -KILL "${dpid[2]}" 2>/dev/null || true
                { wait "${dpid[2]}"; } 2>/dev/null || true
                echo "--- multihost: $(date +%T.%6N) killed (SIGKILL)" >>"$phase_dir/d2/daemon.log"
                event "daemon 2 (pid ${dpid[2]}) killed with SIGKILL"
                dpid[2]=""
                killed_at="$(date +%s)"
                kill_done=1
            fi
            if ((kill_done && !restarted)) && [ "$restart_after" != never ] &&
                (($(date +%s) >= killed_at + restart_after)); then
                start_daemon 2
                event "daemon 2 started again (pid ${dpid[2]})"
                restarted=1
            fi
            if ((!cut_done && n_done * 100 >= items * cut_at)); then
                cut_link="${tag}p3"
                ip -n "${ns[3]}" link set "$cut_link" down
                cut_until=$(($(date +%s) + cut_seconds))
                event "daemon 3 cut off (${ns[3]} $cut_link down)"
                cut_done=1
            fi
            if [ -n "$cut_link" ] && (($(date +%s) >= cut_until)); then
                ip -n "${ns[3]}" link set "$cut_link" up
                cut_link=""
                event "daemon 3 back on the network"
            fi
        fi
        if ((n_done >= items && pending == 0)) && { [ "$chaos" != chaos ] ||
            { ((cut_done)) && [ -z "$cut_link" ] && { ((restarted)) || [ "$restart_after" = never ]; }; }; }; then
            drained=1
            break
        fi
        if (($(date +%s) >= shown + 10)); then
            shown="$(date +%s)"
            echo "phase $phase: $(since) s: results $n_done/$items, ready or claimed $pending, dead $dead"
        fi
    done
    # Drained (or out of time): the CPU figures now, before anyone stops.
    for ((i = 1; i <= count; i++)); do
        dticks=$((dticks + acc[i]))
        if [ -n "${dpid[i]}" ]; then dticks=$((dticks + $(ticks "${dpid[i]}"))); fi
    done
    if [ "$store" = postgresql ]; then
        pg1="$(pg_ticks)"
        last="$(psql_at -d "$db" -c 'SELECT extract(epoch FROM max(stored_at)) FROM brinkwatch.results' \
            2>/dev/null)" || last=""
    else
        last="$("$python" "$root/scripts/lib/records.py" newest "$phase_dir/d1/classified")" || last=""
    fi
    if [ -n "$cut_link" ]; then ip -n "${ns[3]}" link set "$cut_link" up; cut_link=""; fi
    wall="$(awk -v a="$t0" -v b="${last:-$t0}" 'BEGIN { printf "%.2f", b - a }')"
    echo "phase $phase: $( ((drained)) && echo drained || echo "TIMED OUT ($drain_timeout s)") after $(since) s:" \
        "results $n_done/$items, ready or claimed $pending, dead $dead; last result stored $wall s after the start"

    # Stop: SIGTERM, each must exit 0 within 60 s.
    for ((i = 1; i <= count; i++)); do
        if [ -n "${dpid[i]}" ]; then kill -TERM "${dpid[i]}" 2>/dev/null || true; fi
    done
    for ((i = 1; i <= count; i++)); do
        [ -n "${dpid[i]}" ] || continue
        local tick st=0
        for ((tick = 0; tick < 600; tick++)); do alive "${dpid[i]}" || break; sleep 0.1; done
        if ((tick == 600)); then
            unexpected+=("daemon $i still running 60 s after SIGTERM")
            kill -KILL "${dpid[i]}" 2>/dev/null || true
        fi
        { wait "${dpid[i]}"; } 2>/dev/null || st=$?
        if [ "$st" != 0 ]; then unexpected+=("daemon $i exited with status $st after SIGTERM"); fi
        dpid[i]=""
    done

    # Each daemon rebuilds each day's digest.
    local all_days="$days"
    if [ "$store" = postgresql ]; then
        all_days+=" $(psql_at -d "$db" -c 'SELECT DISTINCT bucket FROM brinkwatch.results' 2>/dev/null \
            | tr '\n' ' ' || true)"
    else
        all_days+=" $(ls "$phase_dir/d1/classified" 2>/dev/null | tr '\n' ' ' || true)"
    fi
    for ((i = 1; i <= count; i++)); do
        local dir="$phase_dir/d$i"
        rm -rf "$dir/digests-live"
        cp -r "$dir/digests" "$dir/digests-live" 2>/dev/null || mkdir -p "$dir/digests-live"
        for day in $(printf '%s\n' $all_days | sort -u); do
            if ! ip netns exec "${ns[i]}" "$bin" digest --date "$day" --config "$dir/brinkwatch.toml" \
                >/dev/null 2>>"$dir/digest.log"; then
                unexpected+=("daemon $i: digest --date $day failed (see $dir/digest.log)")
            fi
        done
    done

    # The logs, at a glance.
    local errors warnings
    errors="$(cat "$phase_dir"/d*/daemon.log | grep -cE ' (error|critical) ' || true)"
    warnings="$(cat "$phase_dir"/d*/daemon.log | grep -cE ' warning ' || true)"
    echo "phase $phase: logs: $errors error lines, $warnings warning lines"
    if ((errors + warnings > 0)); then
        cat "$phase_dir"/d*/daemon.log | grep -E ' (error|critical|warning) ' \
            | sed -E 's/^[^ ]+ //; s/\[[^]]*\]//g; s/ +/ /g' | sort | uniq -c | sort -rn | head -n 6
    fi

    # The check.
    failed=0
    if [ "$store" = files ]; then
        ln -sf "$scratch/manifest.jsonl" "$phase_dir/d1/manifest.jsonl"
        if "$python" "$root/scripts/chaos_items.py" check "$phase_dir/d1" | tee "$phase_dir/check.txt"; then
            verdict ok "every item classified exactly once, digests list each once, nothing in flight, no dead letters"
        else
            verdict fail "chaos_items.py check: $(grep '^RESULT' "$phase_dir/check.txt")"
        fi
    else
        local sql_dupes counts ready claimed dead_rows refs=()
        # A database the daemons never set up reads as empty, and the check then fails on the missing items.
        psql_at -d "$db" -F ' ' \
            -c "SELECT bucket, id, encode(result, 'hex') FROM brinkwatch.results ORDER BY bucket, id" \
            >"$phase_dir/results.txt" 2>>"$logs/psql.log" || true
        sql_dupes="$(psql_at -d "$db" -c 'SELECT count(*) FROM (SELECT id FROM brinkwatch.results GROUP BY id
            HAVING count(*) > 1) AS d' 2>>"$logs/psql.log")" || sql_dupes=0
        counts="$(psql_at -d "$db" -F ' ' -c "SELECT count(*) FILTER (WHERE state = 'ready'),
            count(*) FILTER (WHERE state = 'claimed'), count(*) FILTER (WHERE state = 'dead') FROM brinkwatch.items" \
            2>>"$logs/psql.log")" || counts="0 0 0"
        read -r ready claimed dead_rows <<<"$counts"
        for p in a b; do
            if [ "$p" != "$phase" ] && [ -d "$scratch/$p/d1/digests" ]; then
                refs+=(--reference "$p=$scratch/$p/d1/digests")
            fi
        done
        local args=()
        for ((i = 1; i <= count; i++)); do args+=(--daemon "$phase_dir/d$i"); done
        "$python" "$root/scripts/multihost_check.py" "$scratch" --results "$phase_dir/results.txt" --ready "$ready" \
            --claimed "$claimed" --dead "$dead_rows" --duplicates "$sql_dupes" "${args[@]}" "${refs[@]}" \
            --phase "$phase" | tee "$phase_dir/check.txt" || true
        while IFS= read -r line; do
            verdicts+=("$line")
            if [[ "$line" == FAIL* ]]; then failed=1; fi
        done < <(grep -E '^(PASS|FAIL|info) ' "$phase_dir/check.txt")
    fi
    if ((!drained)); then verdict fail "the queue did not drain within $drain_timeout s"; fi
    if ((${#unexpected[@]})); then
        verdict fail "unexpected exits: $(IFS=';'; echo "${unexpected[*]}")"
    else
        verdict ok "every daemon exited 0 on SIGTERM, none exited by itself"
    fi
    if ((failed)); then overall=1; fi

    local pg_cpu="-"
    if [ "$store" = postgresql ]; then pg_cpu="$(cpu_seconds $((pg1 - pg0)))"; fi
    rows+=("$phase $count $store $items $wall $(cpu_seconds "$dticks") $pg_cpu $chaos")
}

# --- The run ----------------------------------------------------------------------------------------------

overall=0
skipped=""
echo "brinkwatch: $bin ($("$bin" --version 2>/dev/null || echo 'version unknown'))"
if [ -n "$pg_phases" ]; then
    start_postgres
    # Does this binary know the PostgreSQL store?
    psql_at -d postgres -c "CREATE DATABASE bw_probe" >/dev/null
    write_config "$scratch/probe" 1 postgresql bw_probe
    if ! probe="$(ip netns exec "${ns[1]}" "$bin" check-config --config "$scratch/probe/d1/brinkwatch.toml" 2>&1)"; then
        if grep -qE "built without PostgreSQL|unknown key 'queue'" <<<"$probe"; then
            skipped="$pg_phases"
            echo "SKIPPED phases ${pg_phases% }: this brinkwatch cannot use PostgreSQL:" \
                "$(grep -m 1 -E "built without PostgreSQL|unknown key 'queue'" <<<"$probe" | sed 's/^error: [^ ]* //')"
            echo "  (build it with 'swift build -c release --traits PostgreSQL', or set BRINKWATCH_BIN to such a build)"
        else
            echo "multihost: check-config refuses the PostgreSQL configuration:" >&2
            echo "$probe" >&2
            exit 1
        fi
    fi
fi

for p in $phases; do
    case "$p" in
    a) run_phase a files 1 measure ;;
    b | c | d)
        if [[ " $skipped " == *" $p "* ]]; then continue; fi
        case "$p" in
        b) run_phase b postgresql 1 measure ;;
        c) run_phase c postgresql 3 measure ;;
        d) run_phase d postgresql 3 chaos ;;
        esac
        ;;
    *) echo "multihost: unknown phase '$p' (use a, b, c, d)" >&2; exit 64 ;;
    esac
done

# --- The figures and the verdicts ---------------------------------------------------------------------------

echo
echo "== $items items in $feeds feeds over HTTP; $workers workers per daemon; $(nproc) cores; fsync on"
printf '%-6s %-8s %-11s %7s %9s %8s %18s %18s  %s\n' phase daemons store items "wall s" items/s \
    "daemon CPU s/item" "postgres CPU s/item" note
for row in "${rows[@]}"; do
    read -r p n s it w dc pc note <<<"$row"
    awk -v p="$p" -v n="$n" -v s="$s" -v it="$it" -v w="$w" -v dc="$dc" -v pc="$pc" -v note="$note" 'BEGIN {
        rate = w > 0 ? it / w : 0
        pcs = pc == "-" ? "-" : sprintf("%.6f (%.1f s)", pc / it, pc)
        printf "%-6s %-8s %-11s %7d %9.2f %8.1f %18s %18s  %s\n", p, n, s, it, w, rate,
            sprintf("%.6f (%.1f s)", dc / it, dc), pcs, note == "chaos" ? "kill + cut" : ""
    }'
done
if [ -n "$skipped" ]; then echo "phases ${skipped% } skipped: the binary has no PostgreSQL support"; fi

rate_of() {
    local row
    for row in "${rows[@]}"; do
        read -r p _ _ it w _ <<<"$row"
        if [ "$p" = "$1" ]; then awk -v it="$it" -v w="$w" 'BEGIN { printf "%.1f", (w > 0 ? it / w : 0) }'; fi
    done
    return 0
}
one="$(rate_of b)"
three="$(rate_of c)"
if [ -n "$one" ] && [ -n "$three" ]; then
    phase=c
    if awk -v a="$three" -v b="$one" 'BEGIN { exit !(a >= b) }'; then
        verdict ok "three daemons not slower than one: $three items/s against $one"
    elif [ "$speed_check" = 0 ]; then
        echo "info [c] three daemons slower than one: $three items/s against $one (SPEED_CHECK=0: not a failure)"
    else
        verdict fail "three daemons slower than one: $three items/s against $one"
        overall=1
    fi
fi
echo
for line in "${verdicts[@]}"; do echo "$line"; done
if ((overall)); then echo "RESULT: FAIL"; keep=1; else echo "RESULT: PASS"; fi
exit "$overall"
