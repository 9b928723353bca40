#!/usr/bin/env python3
"""Checks what several daemons sharing one PostgreSQL queue made of the generated feeds.

Called by scripts/multihost.sh; see that script for the whole procedure. The feeds and their manifest come from
scripts/chaos_items.py, and so does the digest check, so that both tests judge a digest by the same rules.

    multihost_check.py SCRATCH --results FILE --ready N --claimed N --dead N --duplicates N
                       --daemon DIR [--daemon DIR ...] [--reference NAME=DIR ...] [--phase NAME]

SCRATCH holds manifest.jsonl. FILE has one line per row of brinkwatch.results: the bucket, the id and the result's
bytes in hex, separated by spaces. The counts are those of brinkwatch.items by state and the number of ids with
more than one result row, all read by the caller with psql. Each DIR is a daemon's folder, with the digests it
rebuilt in digests/ and the ones it wrote while running in digests-live/. A reference is another run's digests
folder, compared byte for byte for information only. Exit status 1 on any loss, duplicate, leftover, digest
problem, or digests that differ between the daemons.
"""
import argparse
import collections
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chaos_items  # noqa: E402  (the generator's manifest and the digest rules)


def read_rows(path):
    """The result rows as (bucket, id, record or None, error or None)."""
    rows = []
    with open(path) as lines:
        for line in lines:
            parts = line.rstrip("\n").split(" ")
            if len(parts) != 3:
                continue
            bucket, row_id, data = parts
            try:
                rows.append((bucket, row_id, json.loads(bytes.fromhex(data).decode("utf-8")), None))
            except (ValueError, UnicodeDecodeError) as error:
                rows.append((bucket, row_id, None, str(error)))
    return rows


def day_files(folder):
    try:
        return sorted(n for n in os.listdir(folder) if n.endswith(".json") and n[:4].isdigit())
    except OSError:
        return []


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def main(argv):
    parser = argparse.ArgumentParser(description="the multi-host run's final accounting")
    parser.add_argument("scratch")
    parser.add_argument("--results", required=True)
    parser.add_argument("--ready", type=int, required=True)
    parser.add_argument("--claimed", type=int, required=True)
    parser.add_argument("--dead", type=int, required=True)
    parser.add_argument("--duplicates", type=int, required=True)
    parser.add_argument("--daemon", action="append", default=[])
    parser.add_argument("--reference", action="append", default=[])
    parser.add_argument("--phase", default="")
    args = parser.parse_args(argv[1:])

    expected = {it["guid"]: it for it in chaos_items.load_manifest(args.scratch)}
    rows = read_rows(args.results)
    failures = []

    def verdict(ok, text, details=()):
        print(("PASS " if ok else "FAIL ") + (f"[{args.phase}] " if args.phase else "") + text)
        for detail in list(details)[:8]:
            print(f"     {detail}")
        if not ok:
            failures.append(text)

    # The results: one row per generated item, each readable, on its own day, no revisions.
    by_guid = collections.defaultdict(list)
    day_latest = collections.defaultdict(dict)
    ids = {}
    unreadable, unknown, misplaced, revisions = [], [], [], []
    for bucket, row_id, record, error in rows:
        if record is None or not isinstance(record.get("item"), dict):
            unreadable.append(f"{bucket}/{row_id}: {error or 'no item'}")
            continue
        item = record["item"]
        revision = record.get("revision")
        known = day_latest[bucket].get(item.get("id"))
        if known is None or (revision or 1) > (known.get("revision") or 1):
            day_latest[bucket][item.get("id")] = record
        if revision is not None:
            revisions.append(f"{bucket}/{row_id} revision {revision}")
            continue
        want = expected.get(item.get("guid"))
        if want is None:
            unknown.append(f"{bucket}/{row_id}: guid {item.get('guid')!r}")
            continue
        if row_id != item.get("id") or (record.get("day"), bucket, item.get("feed"), item.get("title")) != (
                want["day"], want["day"], want["feed"], want["title"]):
            misplaced.append(f"{bucket}/{row_id}: day {record.get('day')}, feed {item.get('feed')} for {want['guid']}")
        by_guid[want["guid"]].append(f"{bucket}/{row_id}")
        ids[item["id"]] = bucket
    missing = sorted(g for g in expected if g not in by_guid)
    duplicated = {g: places for g, places in by_guid.items() if len(places) > 1}
    print(f"results          {len(rows)} rows for {len(expected)} generated items: {len(by_guid)} items present, "
          f"{len(missing)} missing, {len(duplicated)} duplicated, {args.duplicates} ids with several rows (SQL), "
          f"{len(revisions)} revisions, {len(unknown)} unknown, {len(unreadable)} unreadable")
    verdict(not missing and not duplicated and not unknown and not unreadable and not revisions
            and args.duplicates == 0 and len(rows) == len(expected),
            f"every item has exactly one result row ({len(rows)} rows, {len(expected)} items)",
            [f"missing {g} ({expected[g]['feed']}, {expected[g]['day']})" for g in missing[:4]]
            + [f"duplicated {g}: {' '.join(p)}" for g, p in list(duplicated.items())[:4]]
            + unknown[:2] + unreadable[:2] + revisions[:2])
    verdict(not misplaced, f"every result is on its item's day and feed ({len(misplaced)} misplaced)", misplaced)
    verdict(args.ready == 0 and args.claimed == 0 and args.dead == 0,
            f"queue empty: ready {args.ready}, claimed {args.claimed}, dead letters {args.dead}")

    # Each daemon's digests, by the chaos test's rules, then byte for byte against each other.
    days = sorted(day_latest)
    for folder in args.daemon:
        name = os.path.basename(folder.rstrip("/"))
        problems, listed = chaos_items.check_digests(os.path.join(folder, "digests"), day_latest, ids)
        live = [d for d in days if read_bytes(os.path.join(folder, "digests-live", d + ".json")) is not None
                and read_bytes(os.path.join(folder, "digests-live", d + ".json"))
                == read_bytes(os.path.join(folder, "digests", d + ".json"))]
        verdict(not problems, f"{name}: digests list every item exactly once ({listed} items listed in "
                f"{len(days)} days; {len(live)} of {len(days)} days as the daemon last wrote them)", problems)
    if len(args.daemon) > 1:
        differing = []
        for day in sorted({d for folder in args.daemon for d in day_files(os.path.join(folder, "digests"))}):
            contents = [read_bytes(os.path.join(folder, "digests", day)) for folder in args.daemon]
            if any(c is None for c in contents) or len(set(contents)) != 1:
                present = [os.path.basename(f.rstrip("/")) for f, c in zip(args.daemon, contents) if c is not None]
                differing.append(f"{day}: {len(set(c for c in contents if c is not None))} versions among "
                                 f"{', '.join(present)}")
        verdict(not differing, f"the {len(args.daemon)} daemons' digest JSON files are byte-identical, day by day",
                differing)
    for reference in args.reference:
        label, _, folder = reference.partition("=")
        first = os.path.join(args.daemon[0], "digests") if args.daemon else ""
        same = [d for d in day_files(first) if read_bytes(os.path.join(first, d)) is not None
                and read_bytes(os.path.join(first, d)) == read_bytes(os.path.join(folder, d))]
        total = len(day_files(first))
        print(f"info [{args.phase}] digests identical to phase {label}'s: "
              + ("yes" if total and len(same) == total else "no") + f" ({len(same)} of {total} days)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
