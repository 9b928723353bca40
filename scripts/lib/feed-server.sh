# Shared by the benchmarks that serve generated feeds over HTTP on loopback (bench-fetcher.sh,
# bench-digest.sh): nginx from Debian's packages (installed with apt-get when missing and running as
# root) or the scripts' own threaded Python server, and a way to time a command with its peak memory.
#
# The caller calls bench_setup NAME first (scratch folder, cleanup, binary), sets served (the
# folder of feeds, f0001.xml first), addresses (the loopback addresses to listen on) and
# server_choice (nginx or python), then calls find_nginx and start_feed_server, which set port,
# server_pid, server_name, access_log and nginx_bin.

free_port() {
    "${python:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Finds nginx, installing it when missing and allowed; falls back to the python server.
find_nginx() {
    nginx_bin="$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)"
    if [ "$server_choice" = nginx ] && [ -z "$nginx_bin" ]; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
            echo "nginx is missing: installing nginx-light with apt-get" >&2
            if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >"$scratch/apt.log" 2>&1 \
                || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >>"$scratch/apt.log" 2>&1; then
                nginx_bin="$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)"
            else
                tail -n 3 "$scratch/apt.log" >&2
            fi
        fi
        [ -n "$nginx_bin" ] || echo "nginx is not available (not root, or apt-get failed): using the python server" >&2
    fi
    [ -n "$nginx_bin" ] || server_choice=python
    access_log="$scratch/access.log"
}

# Writes nginx's configuration; $1 = on turns the access log on (connection, status and validators of each request).
write_nginx_conf() {
    local listen="" address
    for address in "${addresses[@]}"; do listen+="        listen $address:$port;"$'\n'; done
    local logging="access_log off;"
    [ "$1" = on ] &&
        logging="log_format bench '\$connection \$status \"\$http_if_none_match\" \"\$http_if_modified_since\"';
    access_log $access_log bench;"
    cat >"$scratch/nginx.conf" <<NGINX
daemon off;
worker_processes ${NGINX_WORKERS:-1};
pid $scratch/nginx.pid;
error_log $scratch/nginx-error.log warn;
events { worker_connections 1024; }
http {
    types { application/rss+xml xml; }
    default_type application/octet-stream;
    $logging
    sendfile on;
    etag on;
    keepalive_requests 10000;
    client_body_temp_path $scratch/nginx-tmp;
    proxy_temp_path $scratch/nginx-tmp;
    fastcgi_temp_path $scratch/nginx-tmp;
    uwsgi_temp_path $scratch/nginx-tmp;
    scgi_temp_path $scratch/nginx-tmp;
    server {
$listen        root $served;
    }
}
NGINX
}

# The fallback: a threaded server that answers GET with the file, its ETag and Last-Modified, and 304 when a
# validator matches, like nginx. It logs every request to the access log. With $delay_ms set, each answer waits
# that many milliseconds first, like a distant server (on its own thread: the waits of concurrent requests overlap).
python_server() {
    cat >"$scratch/server.py" <<'PYTHON'
import os, re, sys, threading, time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

folder, port_file, log_path, delay, addresses = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5:]
log = open(log_path, "a", buffering=1)
lock = threading.Lock()
files = {}
for name in os.listdir(folder):
    path = os.path.join(folder, name)
    info = os.stat(path)
    with open(path, "rb") as source:
        files["/" + name] = (source.read(), f'"{int(info.st_mtime):x}-{info.st_size:x}"',
                             formatdate(int(info.st_mtime), usegmt=True), int(info.st_mtime))

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The head and the body go out in two writes: with Nagle's algorithm the body would wait for the client's
    # delayed acknowledgement of the head (40 ms on Linux), a delay neither nginx nor a real server adds.
    disable_nagle_algorithm = True

    def do_GET(self):
        if delay:
            time.sleep(delay / 1000)
        entry = files.get(self.path)
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if entry is None:
            status, body, headers = 404, b"not found\n", {"Content-Type": "text/plain"}
        else:
            body, etag, modified, mtime = entry
            headers = {"Content-Type": "application/rss+xml", "ETag": etag, "Last-Modified": modified}
            if inm is not None:
                fresh = etag in [tag.strip() for tag in inm.split(",")] or inm.strip() == "*"
            else:
                try:
                    fresh = ims is not None and parsedate_to_datetime(ims).timestamp() >= mtime
                except (TypeError, ValueError):
                    fresh = False
            status = 304 if fresh else 200
        self.send_response_only(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)
        with lock:
            log.write(f'{self.client_address[1]} {status} "{inm or "-"}" "{ims or "-"}"\n')

    def log_message(self, *args):
        pass

ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
servers = [ThreadingHTTPServer((addresses[0], 0), Handler)]
port = servers[0].server_address[1]
servers += [ThreadingHTTPServer((address, port), Handler) for address in addresses[1:]]
for server in servers[1:]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
with open(port_file + ".tmp", "w") as out:
    out.write(str(port))
os.rename(port_file + ".tmp", port_file)
servers[0].serve_forever()
PYTHON
    "${python:-python3}" "$scratch/server.py" "$served" "$scratch/port" "$access_log" "${delay_ms:-0}" \
        "${addresses[@]}" 2>"$scratch/server.log" &
    server_pid=$!
    for _ in $(seq 100); do [ -s "$scratch/port" ] && break; sleep 0.05; done
    port="$(cat "$scratch/port")"
}

# Waits until the server answers and, when the access log is on, until it logs.
wait_for_server() {
    local _
    for _ in $(seq 100); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/f0001.xml"; then
            if [ "${1:-}" != logging ] || [ -s "$access_log" ]; then return 0; fi
        fi
        sleep 0.05
    done
    echo "$bench_name: the server did not answer on port $port" >&2
    cat "$scratch"/nginx-error.log "$scratch"/server.log 2>/dev/null >&2 || true
    exit 1
}

start_nginx() {
    "$nginx_bin" -e "$scratch/nginx-error.log" -p "$scratch" -c "$scratch/nginx.conf" &
    server_pid=$!
}


# Starts the chosen server on a free port and waits until it answers.
start_feed_server() {
    if [ "$server_choice" = nginx ]; then
        port="$(free_port)"
        mkdir -p "$scratch/nginx-tmp"
        write_nginx_conf off
        start_nginx
        server_name="nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||'), ${NGINX_WORKERS:-1} worker(s), access log off"
    else
        python_server
        server_name="python $("${python:-python3}" -c 'import platform; print(platform.python_version())') ThreadingHTTPServer"
        server_name+=" (the script's own), logging each request"
        [ "${delay_ms:-0}" = 0 ] || server_name+=", each answer delayed ${delay_ms} ms"
    fi
    wait_for_server
    echo "server: $server_name, on ${addresses[*]} port $port"
}

# Runs "$@", leaving the wall-clock seconds in $elapsed, the peak resident size in KiB in $peak_kb and the
# processor seconds (user plus system) in $cpu_seconds (empty without /usr/bin/time); standard output goes to
# $scratch/out, standard error to $scratch/err. Returns the command's status.
measure() {
    local start end status=0
    cpu_seconds=""
    start=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$scratch/time.txt" "$@" >"$scratch/out" 2>"$scratch/err" || status=$?
        end=$(date +%s%N)
        peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$scratch/time.txt")
        cpu_seconds=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { total += $2 }
            END { printf "%.2f", total }' "$scratch/time.txt")
    else
        "$@" >"$scratch/out" 2>"$scratch/err" &
        local pid=$! high=0 now
        while kill -0 "$pid" 2>/dev/null; do
            now=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)
            [ -n "$now" ] && [ "$now" -gt "$high" ] && high=$now
            sleep 0.02
        done
        wait "$pid" || status=$?
        end=$(date +%s%N)
        peak_kb=$high
    fi
    elapsed=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
    return "$status"
}

# Makes the scratch folder (removed at exit unless KEEP_SCRATCH=1, after stopping the server) and
# sets bin: BRINKWATCH_BIN, or the release product built now. $1 names the benchmark.
bench_setup() {
    bench_name="$1"
    scratch="$(mktemp -d -t "$bench_name.XXXXXX")"
    server_pid=""
    trap bench_cleanup EXIT
    # nginx's workers drop root for nobody, who must read the served files.
    chmod 755 "$scratch"
    if [ -n "${BRINKWATCH_BIN:-}" ]; then
        bin="$BRINKWATCH_BIN"
        echo "== brinkwatch: $bin (BRINKWATCH_BIN)"
    else
        echo "== Building brinkwatch (release)"
        (cd "$root" && swift build -c release --product brinkwatch >&2)
        bin="$(cd "$root" && swift build -c release --show-bin-path)/brinkwatch"
    fi
}

bench_cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "${KEEP_SCRATCH:-0}" = 1 ]; then echo "scratch kept: $scratch"; else rm -rf "$scratch"; fi
}
