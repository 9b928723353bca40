#!/usr/bin/env bash
# Runs the Feed parser over feedparser's own test suite and compares it with feedparser.
#
# Usage: scripts/feedparser-conformance.sh [CORPUS_DIR]
#   CORPUS_DIR: real feeds whose item counts must match feedparser's (default: ../shared/corpus/feeds,
#   skipped when absent). VERBOSE=1 lists every difference instead of the first eight per field.
#
# feedparser is installed with pip when missing; its source distribution (which holds the test suite) is
# downloaded into a scratch folder that is removed afterwards and never committed. Prints crashes (must be 0),
# agreement on item titles, links and dates for the well-formed RSS/RDF/Atom cases, and item counts on the
# corpus. Exits non-zero on a crash or a corpus count mismatch.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpus/feeds}"
python="${PYTHON:-python3}"

if ! "$python" -c 'import feedparser' 2>/dev/null; then
    echo "installing feedparser with pip" >&2
    "$python" -m pip install --quiet feedparser
fi

scratch="$(mktemp -d -t feedparser-conformance.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

(cd "$scratch" && "$python" -m pip download --quiet --no-deps --no-binary=:all: feedparser)
tar -xzf "$scratch"/feedparser-*.tar.gz -C "$scratch"
tests="$(echo "$scratch"/feedparser-*/tests)"
[ -d "$tests" ] || { echo "no tests folder in feedparser's source distribution" >&2; exit 1; }

(cd "$root" && swift build -c release --product ParserBenchmark >&2)
dumper="$(cd "$root" && swift build -c release --show-bin-path)/ParserBenchmark"

SCRATCH="$scratch" "$python" "$root/scripts/feedparser_compare.py" "$dumper" "$tests" "$corpus"
