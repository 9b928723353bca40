#!/usr/bin/env bash
# Measures the Feed parser's throughput and memory, and feedparser's rate on the same files in the same run.
#
# Usage: scripts/bench-parser.sh [CORPUS_DIR]
#   CORPUS_DIR: real feeds (default: ../shared/corpus/feeds; skipped with a message when absent).
#   FEEDPARSER=0 skips feedparser (it needs about 90 s for the 50 MB feed); SECONDS_PER_CASE (default 3) sets how
#   long each throughput case repeats.
#
# A deterministic 50 MB, 50,000-item RSS 2.0 feed is generated into a scratch folder (removed afterwards, never
# committed). Throughput is full parsing and normalisation in MB/s (10^6 bytes) of one thread's CPU time, with
# the wall-clock rate beside it, and libxml2's SAX2 push parser alone on the same input (empty callbacks) as the
# floor under it; memory is the peak resident size above the base while the generated feed is
# streamed from disk through push() in 64 KiB chunks.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpus/feeds}"
python="${PYTHON:-python3}"
seconds="${SECONDS_PER_CASE:-3}"

scratch="$(mktemp -d -t bench-parser.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

(cd "$root" && swift build -c release --product ParserBenchmark >&2)
bench="$(cd "$root" && swift build -c release --show-bin-path)/ParserBenchmark"

big="$scratch/generated-50MB.xml"
"$bench" generate "$big"

args=(--big "$big" --seconds "$seconds")
if [ -d "$corpus" ] && ls "$corpus"/*.xml >/dev/null 2>&1; then
    args+=(--corpus "$corpus")
else
    echo "corpus: $corpus not found, skipped"
    corpus=""
fi
ours="$("$bench" bench "${args[@]}")"
echo "$ours"
# How much of the parse is libxml2's own: its SAX2 push parser with empty callbacks, same files, chunks and options.
OURS="$ours" "$python" - <<'PY'
import os, re
text = os.environ["OURS"]
ours = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+):.*= ([\d.]+) MB/s", text, re.M)}
floor = {m.group(1): float(m.group(2)) for m in re.finditer(r"^libxml2 alone, (\w+):.*= ([\d.]+) MB/s", text, re.M)}
for label, alone in floor.items():
    if label in ours:
        print(f"libxml2's share of the {label} parse: {ours[label] / alone * 100:.0f}% "
              f"({ours[label]:.1f} MB/s in all, {alone:.1f} MB/s for libxml2 alone)")
PY
"$bench" memory "$big"

if [ "${FEEDPARSER:-1}" = 0 ]; then
    echo "feedparser: skipped (FEEDPARSER=0)"
    exit 0
fi
if ! "$python" -c 'import feedparser' 2>/dev/null; then
    echo "installing feedparser with pip" >&2
    "$python" -m pip install --quiet feedparser
fi
# feedparser parses each file once (it is slow enough for one pass to be stable); same CPU-time measure.
OURS="$ours" "$python" - "$corpus" "$big" <<'PY'
import os, re, sys, time
import feedparser

def rate(label, paths):
    blobs = [open(p, "rb").read() for p in paths]
    size = sum(len(b) for b in blobs)
    start = time.thread_time()
    items = sum(len(feedparser.parse(b).entries) for b in blobs)
    spent = time.thread_time() - start
    mb_s = size / 1e6 / spent
    print(f"feedparser {feedparser.__version__} {label}: {len(paths)} files, {size / 1e6:.2f} MB, {items} items, "
          f"CPU {spent:.2f} s = {mb_s:.2f} MB/s")
    return mb_s

ours = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+):.*= ([\d.]+) MB/s", os.environ["OURS"], re.M)}
corpus, big = sys.argv[1], sys.argv[2]
theirs = {}
if corpus:
    names = sorted(f for f in os.listdir(corpus) if f.endswith((".xml", ".json", ".rss")))
    theirs["corpus"] = rate("corpus", [os.path.join(corpus, f) for f in names])
theirs["generated"] = rate("generated", [big])
for label, value in theirs.items():
    if label in ours:
        print(f"ratio {label}: {ours[label]:.1f} / {value:.2f} MB/s = {ours[label] / value:.0f}x feedparser")
PY
