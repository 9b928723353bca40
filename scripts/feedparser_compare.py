#!/usr/bin/env python3
"""Compares brinkwatch's feed parser with Python's feedparser.

Called by scripts/feedparser-conformance.sh; see that script for the arguments. Our parser runs through the
ParserBenchmark executable's `dump` mode (one JSON line per file), feedparser runs in this process.

Both parsers see each test file as if it had been served from feedparser's own test server
(http://127.0.0.1:8097/tests/...), with the Content-Location header of the test's `Header:` lines
resolved against that address, so relative links resolve the same way for both.
"""
import calendar
import html.parser
import json
import os
import re
import subprocess
import sys
import urllib.parse

import feedparser

HEADER_RE = re.compile(rb"^Header:\s+([^:]+):(.+)$", re.MULTILINE)
SERVER = "http://127.0.0.1:8097/"
BATCH = 200
TRACKING = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "ns_mchannel",
}

# Differences judged to be feedparser's behaviour rather than ours being wrong; reported apart, never hidden.
QUIRKS = {
    "atom10/entry_id_with_attributes.xml": "relative Atom id turned into a link",
    "base/http_entry_id_base_content_location.xml": "relative Atom id turned into a link",
    "base/http_entry_id_base_docuri.xml": "relative Atom id turned into a link",
    "base/http_feed_id_base_content_location.xml": "relative Atom id turned into a link",
    "base/http_feed_id_base_docuri.xml": "relative Atom id turned into a link",
    "lang/http_content_language_entry_title_inherit_2.xml": "relative Atom id turned into a link",
    "node_precedence/atom10_id.xml": "relative Atom id turned into a link",
    "atom/entry_created_multiple_values.xml": "last of repeated dates wins (ours: first)",
    "atom/entry_updated_multiple_values.xml": "last of repeated dates wins (ours: first)",
    "atom/entry_published_parsed_date_overwriting.xml": "last of issued/published wins (ours: first)",
    "rss/item_category_image.xml": "title of an <image> nested in <category> becomes the item title",
    "sanitize/entry_title_crazy.xml": "script text kept after its sanitiser mis-reads the markup",
    "sanitize/feed_title_crazy.xml": "script text kept after its sanitiser mis-reads the markup",
    "itunes/itunes_core_element_uppercase.xml": "element names case-insensitive (<TiTlE>)",
    "sanitize/xml_declaration_unexpected_character.xml": "unterminated '<!DOCTYPE' in HTML kept as text",
    "sanitize/xml_malicious_comment.xml": "SGML comment rules ('--' pairs); HTML5 ends comments at '-->' only",
}


class TextOnly(html.parser.HTMLParser):
    """Plain text of an HTML fragment, the way our parser reduces titles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def collapse(text):
    return " ".join(text.replace("\xa0", " ").split()) or None


def plain(value, detail):
    if value is None:
        return None
    kind = (detail or {}).get("type", "text/plain")
    if kind in ("text/html", "application/xhtml+xml"):
        stripper = TextOnly()
        stripper.feed(value)
        stripper.close()
        value = "".join(stripper.parts)
    return collapse(value)


def clean_link(link):
    """feedparser's link put through our documented link policy: http(s) only, tracking parameters dropped."""
    if not link:
        return None
    link = link.strip()
    scheme = link.split(":", 1)[0].lower() if ":" in link else ""
    if scheme not in ("http", "https"):
        return None
    if "?" not in link:
        return link
    head, _, rest = link.partition("?")
    query, hash_mark, fragment = rest.partition("#")
    kept = [p for p in query.split("&") if p and not (
        p.split("=", 1)[0].lower().startswith("utm_") or p.split("=", 1)[0].lower() in TRACKING)]
    return head + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment


def same_link(ours, theirs):
    if ours == theirs:
        return True
    if ours is None or theirs is None:
        return False
    # Percent-encoding of non-ASCII or spaces, and a bare host without "/", are spelling, not meaning.
    def norm(url):
        parts = urllib.parse.urlsplit(urllib.parse.unquote(url))
        return (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, parts.fragment)
    try:
        return norm(ours) == norm(theirs)
    except ValueError:
        return False


def timestamp(struct):
    return calendar.timegm(struct) if struct else None


def test_case(path, root):
    with open(path, "rb") as handle:
        blob = handle.read()
    headers = {k.decode("utf-8", "replace").strip().lower(): v.decode("utf-8", "replace").strip()
               for k, v in HEADER_RE.findall(blob)}
    url = SERVER + os.path.relpath(path, os.path.dirname(root))
    if "content-location" in headers:
        url = urllib.parse.urljoin(url, headers["content-location"])
    headers["content-location"] = url
    headers.setdefault("content-type", "application/xml")     # what the test server sends for .xml
    return blob, headers, url


def run_ours(dumper, paths, urls):
    """Our parser's records by path, and the paths whose parse crashed the process."""
    records, crashes = {}, []
    url_map = os.path.join(os.environ.get("SCRATCH", "/tmp"), "url-map.tsv")
    with open(url_map, "w", encoding="utf-8") as handle:
        for path in paths:
            if path in urls:
                handle.write(f"{path}\t{urls[path]}\n")
    pending = list(paths)
    while pending:
        batch, pending = pending[:BATCH], pending[BATCH:]
        done = dump(dumper, url_map, batch, records)
        if done < len(batch):
            crashes.append(batch[done])          # output is flushed per file: the first missing one crashed
            pending = batch[done + 1:] + pending
    return records, crashes


def dump(dumper, url_map, batch, records):
    result = subprocess.run([dumper, "dump", "--url-map", url_map, *batch], capture_output=True)
    done = 0
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            break
        records[record["file"]] = record
        done += 1
    return done if result.returncode != 0 else len(batch)


def compare_suite(dumper, root):
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".xml"))
    cases, urls = {}, {}
    for path in paths:
        blob, headers, url = test_case(path, root)
        cases[path] = (blob, headers)
        urls[path] = url
    records, crashes = run_ours(dumper, paths, urls)
    print(f"suite: {len(paths)} test files, crashes: {len(crashes)}")
    for path in crashes:
        print(f"  CRASH {os.path.relpath(path, root)}")
    fields = {key: [0, 0, 0] for key in ("title", "link", "date", "feed title", "feed link")}
    counts = [0, 0]
    samples = {key: [] for key in fields}
    samples["count"] = []
    wellformed = 0
    for path in paths:
        rel = os.path.relpath(path, root)
        if not rel.startswith("wellformed/") or path not in records:
            continue
        blob, headers = cases[path]
        parsed = feedparser.parse(blob, response_headers=headers)
        version = parsed.get("version", "")
        if parsed.bozo or not (version.startswith("rss") or version.startswith("atom")):
            continue
        wellformed += 1
        ours = records[path]
        theirs = parsed.entries
        counts[1] += 1
        if len(ours["items"]) == len(theirs):
            counts[0] += 1
        else:
            samples["count"].append(f"{rel}: ours {len(ours['items'])}, feedparser {len(theirs)}")
        feed = parsed.feed
        check(fields, samples, "feed title", rel, ours.get("title"),
              plain(feed.get("title"), feed.get("title_detail")))
        check(fields, samples, "feed link", rel, ours.get("link"), clean_link(feed.get("link")), same_link)
        for mine, entry in zip(ours["items"], theirs):
            title = plain(entry.get("title"), entry.get("title_detail"))
            check(fields, samples, "title", rel, mine.get("title"), title)
            check(fields, samples, "link", rel, mine.get("link"), clean_link(entry.get("link")), same_link)
            date = timestamp(entry.get("published_parsed") or entry.get("updated_parsed")
                             or entry.get("created_parsed"))
            mine_date = mine.get("published")
            check(fields, samples, "date", rel, None if mine_date is None else int(mine_date), date)
    print(f"well-formed RSS/RDF/Atom cases (feedparser: not bozo, version rss*/atom*): {wellformed}")
    print(f"  item counts equal: {counts[0]}/{counts[1]}")
    for key, (agree, total, quirks) in fields.items():
        share = 100.0 * agree / total if total else 100.0
        rest = total - quirks
        fair = 100.0 * agree / rest if rest else 100.0
        print(f"  {key}: {agree}/{total} agree ({share:.1f}%); "
              f"{quirks} differ by feedparser quirks, {agree}/{rest} excluding them ({fair:.1f}%)")
    verbose = os.environ.get("VERBOSE")
    for key, lines in samples.items():
        if lines:
            print(f"  {key} differences ({len(lines)}):")
            for line in lines if verbose else lines[:8]:
                print(f"    {line}")
    return len(crashes)


def check(fields, samples, key, rel, ours, theirs, equal=lambda a, b: a == b):
    if ours is None and theirs is None:
        return
    fields[key][1] += 1
    if equal(ours, theirs):
        fields[key][0] += 1
        return
    quirk = QUIRKS.get(rel[len("wellformed/"):])
    if quirk:
        fields[key][2] += 1
    note = f"  [feedparser quirk: {quirk}]" if quirk else ""
    samples[key].append(f"{rel}: ours {ours!r}, feedparser {theirs!r}{note}")


def compare_corpus(dumper, corpus):
    if not corpus or not os.path.isdir(corpus):
        print("corpus: not found, skipped")
        return 0
    paths = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
                   if f.endswith((".xml", ".rss", ".atom", ".json")))
    records, crashes = run_ours(dumper, paths, {})
    same = 0
    lines = []
    for path in paths:
        if path not in records:
            continue
        with open(path, "rb") as handle:
            parsed = feedparser.parse(handle.read())
        mine = len(records[path]["items"])
        if mine == len(parsed.entries):
            same += 1
        else:
            lines.append(f"  {os.path.basename(path)}: ours {mine}, feedparser {len(parsed.entries)}")
    print(f"corpus: {len(paths)} feeds, crashes: {len(crashes)}, item counts equal to feedparser: {same}/{len(paths)}")
    for line in lines:
        print(line)
    return len(crashes) + len(paths) - same


def main():
    dumper, tests = sys.argv[1], sys.argv[2]
    corpus = sys.argv[3] if len(sys.argv) > 3 else None
    print(f"feedparser {feedparser.__version__}")
    failures = compare_suite(dumper, tests)
    failures += compare_corpus(dumper, corpus)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
