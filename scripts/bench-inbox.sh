#!/usr/bin/env bash
# Measures the inbox's durable throughput and a one-fsync-per-item Maildir delivery in the same run.
#
# Usage: scripts/bench-inbox.sh [DIRECTORY]
#   DIRECTORY: where the queue is written (default: .build-bench/inbox under the repository). It must be on the
#   disk the daemon would use: on a tmpfs every fsync is free and the figures mean nothing.
#   ITEMS (default 5000), BATCH (default 50, the items a fetch round delivers together) and BYTES (default 1024)
#   shape the run; ROUNDS (default 5) cuts it into rounds that time the three parts in turn.
#
# Prints enqueue items/s (group commit: a batch's files written back together, then one fsync of new/), claim +
# complete items/s (WORKERS threads, default one per core as the daemon), the Maildir peer's items/s, and the ratios.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
directory="${1:-$root/.build-bench/inbox}"
mkdir -p "$directory"
echo "file system of $directory: $(stat -f -c %T "$directory")"

(cd "$root" && swift build -c release --product InboxBenchmark >&2)
bench="$(cd "$root" && swift build -c release --show-bin-path)/InboxBenchmark"
"$bench" "$directory" --items "${ITEMS:-5000}" --batch "${BATCH:-50}" --bytes "${BYTES:-1024}" --rounds "${ROUNDS:-5}" ${WORKERS:+--workers "$WORKERS"}
