#!/usr/bin/env python3
"""Generates the feeds of the digest benchmark and checks what the pipeline made of them.

Called by scripts/bench-digest.sh; see that script for the whole procedure.

    bench_digest_items.py feeds FOLDER FEEDS ITEMS HOURS
        writes FOLDER/fNNNN.xml (RSS 2.0), ITEMS items each, dated over the last HOURS hours (UTC);
        prints how many items fall on each UTC day, e.g. "2026-11-28:41210 2026-11-29:58790"
    bench_digest_items.py check CLASSIFIED DIGESTS
        counts the classified records (per day) and adds up the itemCount of every JSON digest;
        prints "records N days D:n,... digest_items M provocation_items P diplomatic_items Q
        provocation_stories S diplomatic_stories T" (items by their labels, stories by the digests' counts)
    bench_digest_items.py day SOURCE DAY TARGET COUNT
        writes COUNT records of SOURCE/DAY into record files under TARGET/DAY, so that a day of exactly
        COUNT items can be rendered on its own

The content is deterministic for a given FEEDS, ITEMS and start time: item n of feed f always gets the
same headline, link, guid and offset in time. Headlines come from templates of provocations (launches,
drills, incursions, threats), diplomatic actions (talks, envoy visits, sanctions, summits, statements of
support) and neutral news, filled with different actors, places and numbers, so that the classifier labels
a fair share of each kind and the same event is told by several feeds in different words.
"""
import collections
import datetime
import json
import os
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import records as records_lib  # noqa: E402

STATES = ["South Korea", "Japan", "the United States", "China", "Russia", "Mongolia", "Vietnam", "Australia"]
CAPITALS = ["Seoul", "Tokyo", "Washington", "Beijing", "Moscow", "Ulaanbaatar", "Hanoi", "Canberra", "Geneva",
            "Jakarta", "Singapore", "New Delhi"]
SEAS = ["the East Sea", "the Yellow Sea", "the Sea of Japan", "waters off the east coast", "the East China Sea"]
AREAS = ["Kaesong", "Paju", "Cheorwon", "Yeonpyeong island", "the Northern Limit Line", "Sinpo", "Wonsan",
         "the demilitarized zone"]
PROVINCES = ["South Hwanghae", "North Hamgyong", "South Pyongan", "Ryanggang", "Kangwon", "Jagang"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# (headline, summary): about half provocations, a third diplomatic, the rest neutral or ambiguous.
TEMPLATES = [
    ("North Korea fires {n} ballistic missiles toward {sea}, {state} says",
     "The launch was detected early on {day}, the military of {state} said; the missiles flew about {km} km."),
    ("Pyongyang launches a cruise missile off {area}, joint chiefs report",
     "The missile flew for {km} km before landing in {sea}, according to officials in Seoul."),
    ("North Korean artillery fires {n} rounds near {area}",
     "Residents were told to take shelter for {n} minutes after the shelling near {area}."),
    ("North Korea stages large-scale military drills near {area}",
     "State media said {n} units took part in the exercise, which {state} called provocative."),
    ("North Korean drones cross the border near {area}, prompting jets to scramble",
     "{n} drones entered the airspace of South Korea on {day} before turning back."),
    ("North Korean soldiers cross the demarcation line near {area}; warning shots fired",
     "About {n} soldiers crossed briefly and withdrew after warning shots, the joint chiefs said."),
    ("Kim Yo Jong threatens stronger countermeasures against {state}",
     "In a statement carried by KCNA she warned of a response within {n} days."),
    ("Chinese and Russian bombers fly a joint patrol near {state}",
     "{n} aircraft flew over {sea}, prompting fighters to scramble, the defence ministry said."),
    ("North Korea sends {n} trash balloons across the border",
     "Balloons carrying waste landed in {area} and nearby towns on {day}, officials said."),
    ("Foreign ministers of South Korea and {partner} hold talks in {capital}",
     "The ministers met in {capital} for {n} hours to discuss the North's weapons programmes."),
    ("Envoy from {state} visits Seoul for consultations on North Korea",
     "The special envoy met the unification minister in Seoul on {day} and will stay {n} days."),
    ("{state} announces new sanctions on North Korean shipping firms",
     "{n} companies and vessels were listed for carrying coal and oil in breach of UN resolutions."),
    ("UN Security Council meets on North Korea at the request of {state}",
     "The council held its {nth} meeting on the peninsula this year, diplomats in {capital} said."),
    ("Leaders of South Korea and {partner} agree to cooperate on North Korea at a summit in {capital}",
     "A joint statement after {n} hours of talks called for the denuclearization of the peninsula."),
    ("The foreign ministry of {state} calls for dialogue with Pyongyang",
     "A spokesperson in {capital} urged all parties to return to talks, the {nth} such appeal this year."),
    ("North Korean state media airs documentary on the harvest in {province} province",
     "KCNA said the film, {n} minutes long, praised farm workers of the province."),
    ("Stock market in {capital} closes higher on chip exports",
     "The index rose {n} points as semiconductor exports grew for the {nth} month running."),
    ("Typhoon forecast for {capital} sees {n} storms this season",
     "Forecasters expect an active season with up to {n} storms reaching land."),
    ("Football: {state} beats rivals {n}-1 in Asian qualifier",
     "The team played in {capital} before a crowd of {n} thousand on {day}."),
    ("Museum in {capital} opens exhibition of Joseon-era ceramics",
     "{n} pieces are on show until spring, the curators said."),
]


def ordinal(number):
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10 if number % 100 not in (11, 12, 13) else 0, 'th')}"


def capitalised(text):
    return text[:1].upper() + text[1:]


def item_of(feed, n, items, hours, start):
    """Item n of feed `feed`: its guid, link, headline, summary and publication time."""
    k = feed * 7919 + n * 104729
    title, summary = TEMPLATES[(feed * 31 + n * 17) % len(TEMPLATES)]
    words = dict(
        n=2 + k % 19, km=100 + (k // 19) % 900, nth=ordinal(2 + (k // 7) % 9),
        state=STATES[(k // 3) % len(STATES)], partner=STATES[1 + (k // 3) % (len(STATES) - 1)],
        province=PROVINCES[(k // 13) % len(PROVINCES)], capital=CAPITALS[(k // 5) % len(CAPITALS)],
        sea=SEAS[(k // 11) % len(SEAS)], area=AREAS[(k // 13) % len(AREAS)], day=DAYS[(k // 17) % len(DAYS)],
    )
    # Spread evenly over the window, feeds interleaved, never in the future.
    offset = ((feed * items + n) * 7877) % (hours * 3600)
    published = start - datetime.timedelta(seconds=offset)
    return {
        "guid": f"urn:bench-digest:f{feed:04d}:{n:03d}",
        "link": f"https://wire{feed % 97}.example/f{feed:04d}/{n:03d}",
        "title": capitalised(title.format(**words)),
        "summary": summary.format(**words),
        "published": published,
    }


def feeds(folder, count, items, hours):
    os.makedirs(folder, exist_ok=True)
    start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(minutes=5)
    per_day = collections.Counter()
    for feed in range(1, count + 1):
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>',
                 f"<title>Bench wire {feed:04d}</title><link>https://wire{feed % 97}.example/f{feed:04d}/</link>",
                 "<description>Generated for the digest benchmark</description>"]
        for n in range(items):
            it = item_of(feed, n, items, hours, start)
            per_day[it["published"].strftime("%Y-%m-%d")] += 1
            parts.append(
                f"<item><title>{escape(it['title'])}</title><link>{it['link']}</link>"
                f"<guid isPermaLink=\"false\">{it['guid']}</guid>"
                f"<pubDate>{it['published'].strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
                f"<description>{escape(it['summary'])}</description></item>")
        parts.append("</channel>\n</rss>\n")
        with open(os.path.join(folder, f"f{feed:04d}.xml"), "w", encoding="utf-8") as out:
            out.write("\n".join(parts))
    print(" ".join(f"{day}:{n}" for day, n in sorted(per_day.items())))


def records(folder):
    """Day -> [(id, bytes)]: the records of each day as brinkwatch reads them (the first of an id)."""
    found = {}
    for day in records_lib.days(folder):
        seen, kept = set(), []
        for _, record_id, data, _ in records_lib.day_records(os.path.join(folder, day)):
            if record_id is not None and record_id not in seen:
                seen.add(record_id)
                kept.append((record_id, data))
        found[day] = kept
    return found


def check(classified, digests):
    days = records(classified)
    labelled = collections.Counter()
    for kept in days.values():
        for _, data in kept:
            labelled.update(json.loads(data).get("classification", {}).get("labels", []))
    stories = collections.Counter()
    total_digest = 0
    for name in sorted(os.listdir(digests)):
        if len(name) == len("YYYY-MM-DD.json") and name.endswith(".json") and name[4] == "-":
            with open(os.path.join(digests, name), encoding="utf-8") as source:
                digest = json.load(source)
            total_digest += digest.get("itemCount", 0)
            stories.update({key: value for key, value in digest.get("counts", {}).items() if isinstance(value, int)})
    print(f"records {sum(len(v) for v in days.values())}",
          "days " + (",".join(f"{day}:{len(kept)}" for day, kept in days.items() if kept) or "none"),
          f"digest_items {total_digest}",
          f"provocation_items {labelled['provocation']} diplomatic_items {labelled['diplomatic']}",
          f"provocation_stories {stories['provocations']} diplomatic_stories {stories['diplomatic']}")


def day(source, name, target, count):
    kept = records(source).get(name, [])
    if len(kept) < count:
        sys.exit(f"bench_digest_items: {source}/{name} holds {len(kept)} records, fewer than {count}")
    os.makedirs(os.path.join(target, name), exist_ok=True)
    # The records go into record files of 32, as workers write them in batches.
    chosen = sorted(kept)[:count]
    for start in range(0, count, 32):
        body = b"".join(record_id.encode() + b" %d\n" % len(data) + data + b"\n"
                        for record_id, data in chosen[start:start + 32])
        part = chosen[start:start + 32]
        with open(os.path.join(target, name, f"{start:016d}-0000000000000000-{len(part)}.records"), "wb") as out:
            out.write(records_lib.HEADER + body)
    print(f"wrote {count} records of {name} in {(count + 31) // 32} record files")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "feeds":
        feeds(arguments[0], int(arguments[1]), int(arguments[2]), int(arguments[3]))
    elif command == "check":
        check(arguments[0], arguments[1])
    elif command == "day":
        day(arguments[0], arguments[1], arguments[2], int(arguments[3]))
    else:
        sys.exit(f"bench_digest_items: unknown command {command}")
