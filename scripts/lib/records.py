#!/usr/bin/env python3
"""Reads the classified records of a file inbox the way brinkwatch reads them (for the scripts' checks).

A day folder classified/DAY/ holds record files (NAME.records: a header line "brinkwatch records 1", then for
each record a line "<id> <length>", the record's bytes and a newline; one file per batch a worker completed)
and, from earlier releases, one-record files <id>.json. Readers take the .json files by name, then the record
files by name, each in order, and keep the first record of an id: an item finished twice after a crash has a
second record that nothing downstream sees.

    records.py count CLASSIFIED    prints how many distinct records (day, id) the folder holds
    records.py newest CLASSIFIED   prints the modification time of the newest record file (0 when none)
"""
import os
import sys

HEADER = b"brinkwatch records 1\n"
SUFFIX = ".records"


def parse(data):
    """[(id, bytes)] of a record file's contents, and whether it ended in damage (the records before are kept)."""
    if not data.startswith(HEADER):
        return [], True
    found, at = [], len(HEADER)
    while at < len(data):
        newline = data.find(b"\n", at)
        frame = data[at:newline].split(b" ") if newline >= 0 else []
        if len(frame) != 2 or not frame[0] or not frame[1].isdigit():
            return found, True
        start = newline + 1
        end = start + int(frame[1])
        if end >= len(data) or data[end:end + 1] != b"\n":
            return found, True
        found.append((frame[0].decode("utf-8", "replace"), data[start:end]))
        at = end + 1
    return found, False


def day_records(folder):
    """Yields (path, id, bytes, damaged) for every record of a day folder, in the order brinkwatch reads them;
    a damaged file yields its readable records, the last with damaged=True, or (path, None, None, True)."""
    try:
        names = sorted(n for n in os.listdir(folder) if not n.startswith("."))
    except OSError:
        return
    for name in (n for n in names if n.endswith(".json")):
        path = os.path.join(folder, name)
        try:
            with open(path, "rb") as f:
                yield path, name[:-len(".json")], f.read(), False
        except OSError:
            yield path, None, None, True
    for name in (n for n in names if n.endswith(SUFFIX)):
        path = os.path.join(folder, name)
        try:
            with open(path, "rb") as f:
                records, damaged = parse(f.read())
        except OSError:
            records, damaged = [], True
        for index, (record_id, data) in enumerate(records):
            yield path, record_id, data, damaged and index == len(records) - 1
        if damaged and not records:
            yield path, None, None, True


def days(classified):
    try:
        return sorted(d for d in os.listdir(classified) if os.path.isdir(os.path.join(classified, d)))
    except OSError:
        return []


def count(classified):
    distinct = set()
    for day in days(classified):
        for _, record_id, _, _ in day_records(os.path.join(classified, day)):
            if record_id is not None:
                distinct.add((day, record_id))
    return len(distinct)


def newest(classified):
    latest = 0.0
    for day in days(classified):
        folder = os.path.join(classified, day)
        for name in os.listdir(folder):
            if not name.startswith(".") and (name.endswith(SUFFIX) or name.endswith(".json")):
                try:
                    latest = max(latest, os.stat(os.path.join(folder, name)).st_mtime)
                except OSError:
                    pass
    return latest


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("count", "newest"):
        sys.exit(__doc__)
    print(count(sys.argv[2]) if sys.argv[1] == "count" else f"{newest(sys.argv[2]):.6f}")
