#!/usr/bin/env python3
"""Generates the chaos test's feeds and checks what the daemon made of them.

Called by scripts/chaos.sh; see that script for the whole procedure.

    chaos_items.py generate SCRATCH FEEDS ITEMS   feeds in SCRATCH/feeds, one manifest line per item
    chaos_items.py fetched SCRATCH                exit 0 once every feed's state has seen all its items
    chaos_items.py check SCRATCH [--kills N] [--seconds S] [--exits E]
                                                  the final accounting; exit 1 on any loss or duplicate

scripts/multihost.sh uses the same feeds and, through scripts/multihost_check.py, the same digest rules
(check_digests).

Everything generated is deterministic: item n of feed f always has the same guid, title, link and date,
and every date falls on one of two days (UTC) fixed for the run, so the digests are few and known in advance.
"""
import collections
import datetime
import json
import os
import re
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import records as records_lib  # noqa: E402

DAYS = ["2025-03-01", "2025-03-02"]
# The two days start yesterday (UTC), fixed for the whole run by chaos.sh through CHAOS_START, so that
# both digest days are still open (the run's config gives them a 48-hour grace period) and every item
# belongs to its own day rather than to the first open one.
START = datetime.datetime.strptime(os.environ.get("CHAOS_START", "2025-03-01"), "%Y-%m-%d").replace(
    tzinfo=datetime.timezone.utc)

# Headline shapes: provocations, diplomatic actions, other news about the focus, and unrelated news, so that
# every section of a digest gets items.
ACTORS = ["South Korea", "Japan", "the United States", "China", "Russia"]
PLACES = ["Tokyo", "Seoul", "Beijing", "Washington", "Moscow", "Geneva", "Hanoi", "Jakarta"]
WATERS = ["East Sea", "Yellow Sea", "waters off its east coast", "Sea of Japan"]
SHAPES = [
    ("North Korea fires {n} ballistic missiles into the {water}, {actor} says",
     "North Korea launched {n} short-range ballistic missiles on {day}, the military of {actor} said."),
    ("North Korean artillery fires {n} shells near the border with South Korea",
     "North Korean artillery fired {n} rounds near the Northern Limit Line, Seoul's joint chiefs said."),
    ("North Korean drones cross into South Korean airspace near {place}",
     "{n} North Korean drones crossed the border, prompting South Korea to scramble jets."),
    ("North Korea conducts large-scale military drills near the {water}",
     "Pyongyang staged drills involving {n} units, state media reported."),
    ("Foreign ministers of South Korea and {actor} hold talks in {place}",
     "The ministers met in {place} to discuss North Korea's weapons programmes for {n} hours."),
    ("{actor} envoy visits Seoul to discuss North Korea sanctions",
     "The special envoy of {actor} met South Korean officials in Seoul for {n} meetings."),
    ("UN Security Council meets on North Korea at the request of {actor}",
     "The council held its {n}th meeting on the peninsula, diplomats said."),
    ("North Korean state media airs documentary on the harvest in {place} province",
     "KCNA said the documentary, {n} minutes long, praised farm workers."),
    ("Stock market in {place} closes higher on chip exports",
     "The index rose {n} points as semiconductor exports grew."),
    ("Typhoon season forecast for {place} sees {n} storms",
     "Forecasters expect an active season with {n} storms."),
]


def item_of(feed, n):
    """The deterministic content of item n of feed number `feed`."""
    k = feed * 1009 + n
    title, summary = SHAPES[k % len(SHAPES)]
    words = dict(
        n=2 + k % 23, actor=ACTORS[k % len(ACTORS)], place=PLACES[(k // 3) % len(PLACES)],
        water=WATERS[(k // 7) % len(WATERS)], day=["Monday", "Tuesday", "Friday"][k % 3],
    )
    published = START + datetime.timedelta(seconds=(k * 7919) % (2 * 86400))
    return {
        "guid": f"chaos-f{feed:03d}-{n:04d}",
        "feed": f"f{feed:03d}",
        "title": title.format(**words),
        "summary": summary.format(**words),
        "link": f"https://chaos.example/f{feed:03d}/{n:04d}",
        "published": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "day": published.strftime("%Y-%m-%d"),
        "rfc822": published.strftime("%a, %d %b %Y %H:%M:%S +0000"),
    }


def generate(scratch, feeds, items):
    os.makedirs(os.path.join(scratch, "feeds"), exist_ok=True)
    with open(os.path.join(scratch, "manifest.jsonl"), "w") as manifest:
        for f in range(feeds):
            parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
                     f"<title>Chaos wire {f:03d}</title><link>https://chaos.example/f{f:03d}/</link>",
                     "<description>Generated for the chaos test</description>"]
            for n in range(items):
                it = item_of(f, n)
                parts.append(
                    f"<item><title>{escape(it['title'])}</title><link>{it['link']}</link>"
                    f"<guid isPermaLink=\"false\">{it['guid']}</guid><pubDate>{it['rfc822']}</pubDate>"
                    f"<description>{escape(it['summary'])}</description></item>")
                del it["rfc822"]
                manifest.write(json.dumps(it, sort_keys=True) + "\n")
            parts.append("</channel></rss>\n")
            with open(os.path.join(scratch, "feeds", f"f{f:03d}.xml"), "w") as out:
                out.write("\n".join(parts))
    print(" ".join(sorted({item_of(f, n)["day"] for f in range(feeds) for n in range(items)})))


def load_manifest(scratch):
    with open(os.path.join(scratch, "manifest.jsonl")) as lines:
        return [json.loads(line) for line in lines]


def remembered(folder, feed):
    """How many item ids the feed's saved state remembers: from its seen file, else (a state
    saved by an earlier release) from the state file itself; 0 when neither can be read."""
    try:
        with open(os.path.join(folder, feed + ".seen")) as f:
            return sum(1 for item in json.load(f)["items"] if item[1] is not None)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return 0
    try:
        with open(os.path.join(folder, feed + ".json")) as f:
            return len(json.load(f).get("seen", {}))
    except (OSError, ValueError):
        return 0


def fetched(scratch):
    """Exit status 0 when every feed's saved state has seen every item of the feed."""
    per_feed = collections.Counter(it["feed"] for it in load_manifest(scratch))
    done = seen_total = 0
    for feed, count in per_feed.items():
        seen = remembered(os.path.join(scratch, "state", "feeds"), feed)
        seen_total += min(seen, count)
        done += seen >= count
    print(f"feeds fetched {done}/{len(per_feed)}, items seen {seen_total}/{sum(per_feed.values())}")
    return 0 if done == len(per_feed) else 1


RECORD_ID = re.compile(r"^([0-9a-f]+)(?:-r(\d+))?$")
STAGED_NAME = re.compile(r"^\.([0-9a-f]+(?:-r\d+)?)\.(?:[0-9a-fx]+-)?\d+\.\d+\.tmp$")


def hidden_leftovers(folder):
    try:
        return sorted(n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp"))
    except OSError:
        return []


def same_bytes(a, b):
    try:
        with open(a, "rb") as left, open(b, "rb") as right:
            return left.read() == right.read()
    except OSError:
        return False


def check_digests(folder, day_latest, item_ids):
    """The problems of the digests in `folder` (one DAY.json per day) against `day_latest` (day -> item id ->
    the latest record of the item on that day), and how many of `item_ids` the digests list at all.

    Each digest must list each of its day's items once per label (unlabelled ones with focus once among the
    focus items), count every item, and across the days list each item as often as its labels say."""
    digest_problems = []
    day_records = {day: list(latest.values()) for day, latest in day_latest.items()}
    seen_in_digests = collections.Counter()
    for day in sorted(day_records):
        path = os.path.join(folder, day + ".json")
        try:
            with open(path) as f:
                digest = json.load(f)
        except (OSError, ValueError) as error:
            digest_problems.append(f"{day}: no readable digest ({error})")
            continue
        recs = day_records[day]
        labels = {r["item"]["id"]: set(r["classification"]["labels"]) for r in recs}
        focus = {r["item"]["id"]: bool(r["classification"].get("focus")) for r in recs}
        if digest.get("itemCount") != len(recs):
            digest_problems.append(f"{day}: itemCount {digest.get('itemCount')}, classified records {len(recs)}")
        feed_sum = sum(f.get("items", 0) for f in digest.get("feeds", []))
        if feed_sum != len(recs):
            digest_problems.append(f"{day}: the feeds' item counts add up to {feed_sum}, records {len(recs)}")
        other = sum(1 for ls in labels.values() if not ls)
        if digest.get("counts", {}).get("other") != other:
            digest_problems.append(f"{day}: counts.other {digest.get('counts', {}).get('other')}, unlabelled {other}")
        sections = {
            "provocation": [s["id"] for st in digest.get("provocations", []) for s in st["sources"]],
            "diplomatic": [s["id"] for st in digest.get("diplomatic", []) for s in st["sources"]],
            "focusOther": [e["id"] for e in digest.get("focusOther", [])],
        }
        for section, ids in sections.items():
            seen_in_digests.update(ids)
            repeats = [i for i, c in collections.Counter(ids).items() if c > 1]
            if repeats:
                digest_problems.append(f"{day}: {len(repeats)} ids listed twice in {section}, e.g. {repeats[:3]}")
            if section == "focusOther":
                want = {i for i in labels if not labels[i] and focus[i]}
            else:
                want = {i for i, ls in labels.items() if section in ls}
            absent, extra = want - set(ids), set(ids) - want
            if absent:
                digest_problems.append(
                    f"{day}: {len(absent)} records missing from {section}, e.g. {sorted(absent)[:3]}")
            if extra:
                digest_problems.append(
                    f"{day}: {len(extra)} ids in {section} without such a record, e.g. {sorted(extra)[:3]}")
    # Across days, an item is listed as often as its labels say (once per label; once if unlabelled with focus).
    def listings(record):
        return len(record["classification"]["labels"]) or int(bool(record["classification"].get("focus")))

    listed_wrong = [i for i in item_ids
                    if seen_in_digests[i] != sum(listings(latest[i]) for latest in day_latest.values() if i in latest)]
    if listed_wrong:
        digest_problems.append(
            f"{len(listed_wrong)} items listed in the digests a wrong number of times, e.g. {listed_wrong[:3]}")
    listed_items = sum(1 for i in item_ids if seen_in_digests[i] > 0)
    return digest_problems, listed_items


def check(scratch, kills, seconds, exits):
    manifest = load_manifest(scratch)
    expected = {it["guid"]: it for it in manifest}
    problems = []

    # Classified records: one per item, revisions apart, each readable and where it belongs.
    classified = os.path.join(scratch, "classified")
    records = collections.defaultdict(list)  # guid -> [(path, record)]
    by_id = {}
    day_latest = collections.defaultdict(dict)  # day -> item id -> its latest record, as a digest sees the day
    unreadable, misnamed, unexpected, revisions, wrong_place = [], [], [], [], []
    classified_tmp = []
    kept_first = set()  # (day, record id): readers keep the first record of an id
    second_copies = []
    for day in records_lib.days(classified):
        folder = os.path.join(classified, day)
        classified_tmp += [os.path.join(day, n) for n in hidden_leftovers(folder)]
        for source, record_id, data, damaged in records_lib.day_records(folder):
            path = os.path.join(day, os.path.basename(source)) + (f"#{record_id}" if record_id else "")
            if damaged:
                unreadable.append(f"{path}: a damaged record file")
            if record_id is None:
                continue
            if (day, record_id) in kept_first:
                second_copies.append(path)  # finished again after a crash; no reader sees it
                continue
            kept_first.add((day, record_id))
            try:
                record = json.loads(data)
                item = record["item"]
            except (ValueError, KeyError, TypeError) as error:
                unreadable.append(f"{path}: {error}")
                continue
            match = RECORD_ID.match(record_id)
            revision = record.get("revision")
            if not match or match.group(1) != item["id"] or (match.group(2) and int(match.group(2)) != revision):
                misnamed.append(path)
            known = day_latest[day].get(item["id"])
            if known is None or (revision or 1) > (known.get("revision") or 1):
                day_latest[day][item["id"]] = record
            if revision is not None:
                revisions.append(path)
                continue
            guid = item.get("guid")
            if guid not in expected:
                unexpected.append(f"{path}: guid {guid!r}")
                continue
            want = expected[guid]
            if (record.get("day"), day, item.get("feed"), item.get("title")) != (want["day"], want["day"], want["feed"],
                                                                                  want["title"]):
                wrong_place.append(f"{path}: day {record.get('day')} feed {item.get('feed')} for {guid}")
            records[guid].append((path, record))
            by_id[item["id"]] = (day, record)
    missing = sorted(g for g in expected if g not in records)
    duplicated = {g: [p for p, _ in rs] for g, rs in records.items() if len(rs) > 1}

    # Digests: the rebuilt JSON of each day accounts for each of the day's records exactly once per section.
    digest_problems, listed_items = check_digests(os.path.join(scratch, "digests"), day_latest, by_id)
    day_records = {day: list(latest.values()) for day, latest in day_latest.items()}
    # What the daemons themselves last wrote (copied aside before the rebuild) should already be the same bytes.
    live = os.path.join(scratch, "digests-live")
    same_live = [day for day in day_records if same_bytes(os.path.join(live, day + ".json"),
                                                           os.path.join(scratch, "digests", day + ".json"))]

    # The inbox: nothing ready or claimed; staging leftovers are allowed by the protocol (removed after an
    # hour) but their items must have been delivered again and classified.
    inbox = os.path.join(scratch, "inbox")
    ready = sorted(os.listdir(os.path.join(inbox, "new")))
    claimed = sorted(os.listdir(os.path.join(inbox, "cur")))
    dead = sorted(n for n in os.listdir(os.path.join(inbox, "dead")) if not n.endswith(".err"))
    staged = sorted(os.listdir(os.path.join(inbox, "tmp")))
    staged_lost = []
    for name in staged:
        match = STAGED_NAME.match(name)
        if not match or match.group(1).split("-r")[0] not in by_id:
            staged_lost.append(name)
    reasons = collections.Counter()
    for name in dead:
        try:
            with open(os.path.join(inbox, "dead", name + ".err")) as f:
                reasons[next((l[8:].strip() for l in f if l.startswith("reason: ")), "?")] += 1
        except OSError:
            reasons["no .err file"] += 1
    other_tmp = {
        "digests": hidden_leftovers(os.path.join(scratch, "digests")),
        "state/feeds": hidden_leftovers(os.path.join(scratch, "state", "feeds")),
        "state/health": hidden_leftovers(os.path.join(scratch, "state", "health")),
    }

    print(f"items generated  {len(expected)} ({len({it['feed'] for it in manifest})} feeds, days {', '.join(DAYS)})")
    print(f"classified       {len(records)} items in {sum(len(r) for r in records.values())} records "
          f"({len(revisions)} revision records; {len(second_copies)} second copies of items finished again "
          f"after a kill, which readers skip)")
    print(f"missing          {len(missing)}")
    print(f"duplicated       {len(duplicated)}")
    print(f"digests          {listed_items} items listed, {len(digest_problems)} problems; "
          f"{len(same_live)} of {len(day_records)} days as the daemons last wrote them")
    print(f"in flight        ready {len(ready)}, claimed {len(claimed)}, staging {len(staged)} "
          f"({len(staged) - len(staged_lost)} of them stale copies of classified items)")
    print(f"dead letters     {len(dead)}" + "".join(f"\n    {c} x {r}" for r, c in reasons.most_common(5)))
    print(f"stale temporaries in classified/ {len(classified_tmp)}, "
          + ", ".join(f"{k}/ {len(v)}" for k, v in other_tmp.items()))
    if kills is not None:
        print(f"kills            {kills}")
    if seconds is not None:
        print(f"time             {seconds} s")

    def report(name, entries, limit=10):
        if entries:
            problems.append(name)
            print(f"FAIL {name}: {len(entries)}")
            for entry in list(entries)[:limit]:
                print(f"    {entry}")

    report("missing items", [f"{g} ({expected[g]['feed']}, {expected[g]['day']})" for g in missing])
    report("duplicated items", [f"{g}: {' '.join(p)}" for g, p in duplicated.items()])
    report("unreadable records", unreadable)
    report("misnamed records", misnamed)
    report("records of unknown items", unexpected)
    report("revision records (no item changed)", revisions)
    report("records on the wrong day or feed", wrong_place)
    report("digest problems", digest_problems)
    report("items left ready", ready)
    report("items left claimed", claimed)
    report("staging files whose item was never classified", staged_lost)
    report("dead letters", dead)
    if exits:
        report("unexpected process exits", exits.split(";"))
    print("RESULT: " + ("FAIL (" + ", ".join(problems) + ")" if problems else "PASS"))
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "generate":
        generate(argv[2], int(argv[3]), int(argv[4]))
        return 0
    if len(argv) == 3 and argv[1] == "fetched":
        return fetched(argv[2])
    if len(argv) >= 3 and argv[1] == "check":
        options = dict(zip(argv[3::2], argv[4::2]))
        return check(argv[2], options.get("--kills"), options.get("--seconds"), options.get("--exits", ""))
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
