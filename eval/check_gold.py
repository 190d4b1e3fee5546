#!/usr/bin/env python3
"""Validate a gold evaluation file (and its clusters file) against FORMAT.md and ONTOLOGY.md.

    .venv/bin/python eval/check_gold.py [eval/own.jsonl] [--clusters eval/own_clusters.jsonl]

Errors (exit 1) break the format or a convention the scorer relies on; warnings flag things a
person should look at. Only the standard library is needed (source-file checks use
eval/sample_texts.py when a line names a `source`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

EVENT_TYPES = {
    "regime_change", "protest", "repression_killing", "clash", "arrest", "election",
    "election_postponed", "diplomatic_recognition", "diplomatic_statement", "state_of_emergency",
    "mining_deal_or_investment", "mining_conflict", "legal_action", "resignation_or_appointment",
    "death_toll_update", "meeting_or_convention", "other",
}
ENTITY_KINDS = {"person", "organization", "company", "government_body", "political_party",
                "country", "place"}
TOPICS = {"peru_2022_2023", "bolivia_2019_2020", "honduras_2009", "guatemala",
          "other_canadian_mining", "distractor"}
# ISO 3166-1 alpha-2 codes of the countries this project covers or mentions.
COUNTRIES = {"AR", "BO", "BR", "CA", "CL", "CO", "CR", "CU", "EC", "ES", "GB", "GT", "HN", "MX",
             "NI", "PA", "PE", "PY", "RU", "SV", "US", "UY", "VE"}
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
DOC_KEYS = {"id", "lang", "published", "distractor", "text", "gold"}
EVENT_KEYS = {"type", "date", "country", "place", "fatalities", "injured", "actors"}


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")


def valid_date(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(DATE_RE.match(value)))


def compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    pa, pb = a.split("-"), b.split("-")
    n = min(len(pa), len(pb))
    return pa[:n] == pb[:n]


def is_int_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def check_doc(doc: dict[str, Any], where: str, rep: Report, kinds: dict[str, set[str]]) -> None:
    missing = DOC_KEYS - doc.keys()
    if missing:
        rep.error(where, f"missing fields {sorted(missing)}")
        return
    if not isinstance(doc["id"], str) or not doc["id"]:
        rep.error(where, "id must be a non-empty string")
    if doc["lang"] not in ("en", "es"):
        rep.error(where, f"lang {doc['lang']!r}")
    if not valid_date(doc["published"]):
        rep.error(where, f"published {doc['published']!r}")
    if not isinstance(doc["distractor"], bool):
        rep.error(where, "distractor must be a boolean")
    text = doc["text"]
    if not isinstance(text, str) or not text.strip():
        rep.error(where, "text must be a non-empty string")
        return
    if text != text.strip():
        rep.error(where, "text has leading or trailing whitespace")
    if "topic" in doc and doc["topic"] not in TOPICS:
        rep.error(where, f"topic {doc['topic']!r}")
    if not isinstance(doc.get("notes"), str) or not doc["notes"]:
        rep.warn(where, "no notes")
    if doc.get("source"):
        check_source(doc, where, rep)
    gold = doc["gold"]
    if not isinstance(gold, dict):
        rep.error(where, "gold must be an object")
        return
    for key in ("events", "entities", "death_tolls"):
        if not isinstance(gold.get(key), list):
            rep.error(where, f"gold.{key} must be a list")
            return

    names: dict[str, str] = {}
    alias_owner: dict[str, str] = {}
    for i, ent in enumerate(gold["entities"]):
        w = f"{where} entity[{i}]"
        name, kind = ent.get("name"), ent.get("kind")
        if not isinstance(name, str) or not name:
            rep.error(w, "name must be a non-empty string")
            continue
        if kind not in ENTITY_KINDS:
            rep.error(w, f"kind {kind!r} of {name!r}")
        if name in names:
            rep.error(w, f"duplicate entity {name!r}")
        names[name] = kind
        kinds[name].add(kind)
        aliases = ent.get("aliases_in_text")
        if not isinstance(aliases, list) or not aliases:
            rep.error(w, f"{name!r}: aliases_in_text must be a non-empty list")
            continue
        if len(set(aliases)) != len(aliases):
            rep.error(w, f"{name!r}: duplicate alias")
        for alias in aliases:
            if not isinstance(alias, str) or not alias:
                rep.error(w, f"{name!r}: empty alias")
                continue
            if alias not in text:
                rep.error(w, f"{name!r}: alias {alias!r} is not a substring of text")
            elif not re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                rep.warn(w, f"{name!r}: alias {alias!r} occurs only inside a longer word")
            if alias in alias_owner and alias_owner[alias] != name:
                rep.error(w, f"alias {alias!r} given to both {alias_owner[alias]!r} and {name!r}")
            alias_owner[alias] = name

    events = gold["events"]
    if doc["distractor"] and events:
        rep.error(where, "a distractor has gold events")
    if doc["distractor"] and gold["death_tolls"]:
        rep.error(where, "a distractor has death tolls")
    if not doc["distractor"] and not events:
        rep.warn(where, "non-distractor without events")
    for i, ev in enumerate(events):
        w = f"{where} event[{i}]"
        if not isinstance(ev, dict):
            rep.error(w, "not an object")
            continue
        missing = EVENT_KEYS - ev.keys()
        if missing:
            rep.error(w, f"missing {sorted(missing)}")
        if ev.get("type") not in EVENT_TYPES:
            rep.error(w, f"type {ev.get('type')!r}")
        if not valid_date(ev.get("date")):
            rep.error(w, f"date {ev.get('date')!r}")
        country = ev.get("country")
        if country is not None and country not in COUNTRIES:
            rep.error(w, f"country {country!r} (not an expected ISO 3166-1 alpha-2 code)")
        if ev.get("place") is not None and (not isinstance(ev["place"], str) or not ev["place"]):
            rep.error(w, "place must be a non-empty string or null")
        for key in ("fatalities", "injured"):
            if not is_int_or_none(ev.get(key)):
                rep.error(w, f"{key} must be a non-negative integer or null")
        actors = ev.get("actors")
        if not isinstance(actors, list):
            rep.error(w, "actors must be a list")
        else:
            if len(set(actors)) != len(actors):
                rep.error(w, "duplicate actor")
            for actor in actors:
                if actor not in names:
                    rep.error(w, f"actor {actor!r} is not an entity of the document")
        date, published = ev.get("date"), doc["published"]
        if (date and published and valid_date(date) and valid_date(published)
                and date[: len(published)] > published[: len(date)]
                and ev.get("type") not in ("meeting_or_convention", "other",
                                           "resignation_or_appointment")):
            rep.warn(w, f"date {date} after publication {published}")
        if ev.get("type") == "repression_killing" and ev.get("fatalities") == 0:
            rep.error(w, "repression_killing with 0 fatalities")

    tolls = gold["death_tolls"]
    dtu = Counter((e.get("country"), e.get("date")) for e in events
                  if e.get("type") == "death_toll_update")
    toll_keys = Counter()
    for i, toll in enumerate(tolls):
        w = f"{where} toll[{i}]"
        if toll.get("country") is not None and toll["country"] not in COUNTRIES:
            rep.error(w, f"country {toll.get('country')!r}")
        if not valid_date(toll.get("as_of")):
            rep.error(w, f"as_of {toll.get('as_of')!r}")
        if not isinstance(toll.get("count"), int) or isinstance(toll.get("count"), bool) \
                or toll["count"] < 0:
            rep.error(w, "count must be a non-negative integer")
        toll_keys[(toll.get("country"), toll.get("as_of"))] += 1
    if dtu != toll_keys:
        rep.error(where, f"death_toll_update events {dict(dtu)} do not pair one-to-one with "
                         f"death_tolls {dict(toll_keys)} (same country and date)")


_SAMPLE_TEXT = None


def check_source(doc: dict[str, Any], where: str, rep: Report) -> None:
    global _SAMPLE_TEXT
    if _SAMPLE_TEXT is None:
        sys.path.insert(0, str(HERE))
        from sample_texts import sample_text
        _SAMPLE_TEXT = sample_text
    root = HERE.parent
    path = root / doc["source"]
    if not path.exists():
        rep.error(where, f"source {doc['source']} does not exist")
        return
    try:
        expected = _SAMPLE_TEXT(path.name)
    except Exception as exc:  # a non-normalized .txt and similar
        rep.error(where, f"source {doc['source']}: {exc}")
        return
    if expected != doc["text"]:
        rep.error(where, f"text differs from the text of {doc['source']}")


def check_clusters(path: Path, docs: dict[str, dict[str, Any]], rep: Report) -> dict[str, Any]:
    seen_ids: set[str] = set()
    seen_members: dict[tuple[str, int], str] = {}
    stats = Counter()
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        w = f"{path.name}:{n}"
        try:
            cl = json.loads(raw)
        except json.JSONDecodeError as exc:
            rep.error(w, f"bad JSON: {exc}")
            continue
        cid = cl.get("cluster")
        if not isinstance(cid, str) or not cid:
            rep.error(w, "cluster must be a non-empty string")
        elif cid in seen_ids:
            rep.error(w, f"duplicate cluster {cid!r}")
        seen_ids.add(cid)
        members = cl.get("members")
        if not isinstance(members, list) or not members:
            rep.error(w, "members must be a non-empty list")
            continue
        evs = []
        member_docs = []
        for m in members:
            if not (isinstance(m, list) and len(m) == 2 and isinstance(m[0], str)
                    and isinstance(m[1], int)):
                rep.error(w, f"member {m!r} is not [doc id, index]")
                continue
            doc_id, idx = m
            if doc_id not in docs:
                rep.error(w, f"unknown document {doc_id!r}")
                continue
            events = docs[doc_id]["gold"]["events"]
            if not 0 <= idx < len(events):
                rep.error(w, f"index {idx} out of range for {doc_id} ({len(events)} events)")
                continue
            key = (doc_id, idx)
            if key in seen_members:
                rep.error(w, f"{doc_id}[{idx}] already in {seen_members[key]!r}")
            seen_members[key] = cid
            evs.append(events[idx])
            member_docs.append(doc_id)
        if len(set(member_docs)) != len(member_docs):
            rep.error(w, "two members from one document")
        types = {e["type"] for e in evs}
        countries = {e["country"] for e in evs}
        if len(types) > 1:
            rep.error(w, f"members of different types {sorted(types)}")
        if len(countries) > 1:
            rep.error(w, f"members of different countries {sorted(map(str, countries))}")
        if evs and cl.get("type") is not None and cl.get("type") not in types:
            rep.error(w, f"cluster type {cl.get('type')!r} differs from its members")
        if evs and "country" in cl and cl["country"] not in countries:
            rep.error(w, f"cluster country {cl.get('country')!r} differs from its members")
        dates = [e["date"] for e in evs]
        for a in dates:
            for b in dates:
                if not compatible(a, b):
                    rep.error(w, f"member dates {a} and {b} are not prefix-compatible")
        known = [d for d in dates if d]
        if known and cl.get("date") != max(known, key=len):
            rep.warn(w, f"cluster date {cl.get('date')!r} is not the most precise member date "
                        f"{max(known, key=len)!r}")
        if cl.get("confidence") not in ("high", "medium"):
            rep.error(w, f"confidence {cl.get('confidence')!r}")
        if len(evs) > 1 and cl.get("confidence") != "high":
            rep.warn(w, "linked cluster not marked high")
        langs = {docs[d]["lang"] for d in member_docs}
        stats["clusters"] += 1
        if len(evs) > 1:
            stats["linked"] += 1
            stats["linked_events"] += len(evs)
            stats["pairs"] += len(evs) * (len(evs) - 1) // 2
            en = sum(1 for d in member_docs if docs[d]["lang"] == "en")
            stats["cross_pairs"] += en * (len(evs) - en)
            if langs == {"en", "es"}:
                stats["linked_cross_language"] += 1
    unlisted = [(d, i) for d, doc in docs.items() for i in range(len(doc["gold"]["events"]))
                if (d, i) not in seen_members]
    if unlisted:
        rep.warn(path.name, f"{len(unlisted)} gold events in no cluster (scored as singletons), "
                            f"e.g. {unlisted[:5]}")
    return dict(stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(HERE / "own.jsonl"))
    parser.add_argument("--clusters", default=None)
    args = parser.parse_args(argv)
    rep = Report()
    docs: dict[str, dict[str, Any]] = {}
    kinds: dict[str, set[str]] = defaultdict(set)
    for n, raw in enumerate(Path(args.gold).read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{Path(args.gold).name}:{n}"
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            rep.error(where, f"bad JSON: {exc}")
            continue
        if not isinstance(doc, dict):
            rep.error(where, "not an object")
            continue
        where = f"{where} ({doc.get('id')})"
        if doc.get("id") in docs:
            rep.error(where, "duplicate id")
        check_doc(doc, where, rep, kinds)
        docs[doc.get("id")] = doc
    for name, ks in kinds.items():
        if len(ks) > 1:
            rep.error("entities", f"{name!r} has different kinds across documents: {sorted(ks)}")
    stats = None
    if args.clusters:
        stats = check_clusters(Path(args.clusters), docs, rep)
    for w in rep.warnings:
        print(f"warning: {w}")
    for e in rep.errors:
        print(f"ERROR: {e}")
    n_events = sum(len(d["gold"]["events"]) for d in docs.values())
    n_ents = sum(len(d["gold"]["entities"]) for d in docs.values())
    n_tolls = sum(len(d["gold"]["death_tolls"]) for d in docs.values())
    print(f"{len(docs)} documents, {n_events} events, {n_ents} entities, {n_tolls} death tolls"
          + (f"; clusters: {stats}" if stats else ""))
    print(f"{len(rep.errors)} errors, {len(rep.warnings)} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
