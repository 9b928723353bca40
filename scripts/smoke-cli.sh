#!/usr/bin/env bash
# Runs the brinkwatch command line as a user would, against the repository's own files and a
# scratch folder, and checks what each command prints and how it exits.
#
# usage: scripts/smoke-cli.sh [path/to/brinkwatch]   (default: the debug build)
set -uo pipefail
cd "$(dirname "$0")/.."

bin=${1:-.build/debug/brinkwatch}
if [ ! -x "$bin" ]; then swift build --product brinkwatch >/dev/null || exit 1; fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0

check() {  # check NAME EXPECTED-EXIT PATTERN -- COMMAND...
    local name=$1 want=$2 pattern=$3
    shift 4
    local out status
    out=$("$@" 2>&1)
    status=$?
    if [ "$status" -eq "$want" ] && grep -Eq -- "$pattern" <<<"$out"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'FAIL %s: exit %s (wanted %s), output:\n%s\n' "$name" "$status" "$want" "$out" | head -n 20
    fi
}

for command in run parse classify digest status check-config; do
    check "$command --help" 0 "USAGE: brinkwatch $command" -- "$bin" "$command" --help
done
check "--version" 0 "^[0-9]+\.[0-9]+\.[0-9]+" -- "$bin" --version

check "check-config on the default" 0 "is valid" -- "$bin" check-config --config config/brinkwatch.toml
printf '[[feed]]\nname = "x"\nurl = 12\n' >"$scratch/bad.toml"
check "check-config names file, line and key" 78 "bad.toml:3: feed\[0\]\.url: expected a string" -- \
    "$bin" check-config --config "$scratch/bad.toml"
check "BRINKWATCH_CONFIG is honoured" 78 "bad.toml" -- env BRINKWATCH_CONFIG="$scratch/bad.toml" "$bin" check-config

check "parse prints one JSON line per item" 0 '"id":"[0-9a-f]{32}".*"title":"North Korea fires' -- \
    "$bin" parse config/demo/demo-feed.xml
count=$("$bin" parse config/demo/demo-feed.xml | wc -l)
check "parse prints all ten demo items" 0 "^10$" -- echo "$count"
check "parse --format names the format" 0 "format: rss20" -- "$bin" parse --format config/demo/demo-feed.xml

input='{"id":"a","title":"North Korea fires a ballistic missile","summary":"The launch was detected by Seoul."}'
check "classify labels a launch" 0 '"id":"a".*"labels":\["provocation"\].*"types":\["missile_launch"\]' -- \
    bash -c "echo '$input' | '$bin' classify --config config/brinkwatch.toml"
check "classify --explain shows the evidence" 0 '"evidence":\[\{' -- \
    bash -c "echo '$input' | '$bin' classify --explain --config config/brinkwatch.toml"
check "classify reports a bad line" 65 "stdin:1: expected a JSON object" -- \
    bash -c "echo 'not json' | '$bin' classify --config config/brinkwatch.toml"

cat >"$scratch/brinkwatch.toml" <<TOML
[paths]
inbox = "inbox"
classified = "classified"
digests = "digests"
state = "state"
classifier = "$PWD/config/classifier"
[[feed]]
name = "demo"
url = "file://$PWD/config/demo/demo-feed.xml"
TOML
check "run --once writes today's digest" 0 "digest: .*/digests/[0-9-]+\.md" -- \
    "$bin" run --once --config "$scratch/brinkwatch.toml" --log-level error
check "status shows the feed" 0 "demo +ok" -- "$bin" status --config "$scratch/brinkwatch.toml"
check "status --json" 0 '"itemsSeen" : 10' -- "$bin" status --json --config "$scratch/brinkwatch.toml"
day=$(ls "$scratch/classified" | head -n 1)
cp "$scratch/digests/$day.md" "$scratch/before.md"
check "digest --date rebuilds a day" 0 "$day.md" -- "$bin" digest --date "$day" --config "$scratch/brinkwatch.toml"
check "the rebuild is byte for byte the same" 0 "^same$" -- \
    bash -c "cmp -s '$scratch/before.md' '$scratch/digests/$day.md' && echo same"
check "digest refuses a malformed date" 64 "not a date" -- "$bin" digest --date 2026-1-1 --config "$scratch/brinkwatch.toml"

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
