"""The rule-based extractor: `extract(DocumentInput) -> Extraction`.

A pure function of its input (text, language, publication date): no database, no global state
beyond the models and lexicons loaded once per process, so it runs the same in-process, in
worker processes and as Dask tasks, and the same input always gives the same output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from veeduria.nlp import events as ev
from veeduria.nlp import tolls as tl
from veeduria.types import DocumentInput, Entity, Extraction, Mention, Place

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "extract", "extract_many"]

EXTRACTOR_NAME = "veeduria-rules"
EXTRACTOR_VERSION = "0.5.1"

# The gazetteer EntityRuler (pipeline.py) is not needed by the event rules, which read places
# from the statistical NER and the gazetteer lookups directly; it costs minutes to build.
_USE_GAZETTEER = True

_UNTIL = re.compile(
    r"\b(until|till|hasta|for|para|set for|fijad[oa] para|rescheduled for)\s+(the\s+|el\s+)?$",
    re.I,
)
_SINCE = re.compile(r"\b(since|desde)\s+(the\s+|el\s+|la\s+)?$", re.I)
_SUBORDINATE = re.compile(
    r"(?i)\b(after|before|despu[ée]s de|antes de)\s*$|\b(days|weeks|months|d[íi]as|semanas|"
    r"meses)\s+(after|before|despu[ée]s de|antes de)\b"
)
_MINE_BEFORE = re.compile(
    r"(?i)\b(mina|mine|proyecto|yacimiento)(\s+de\s+(oro|plata|cobre|n[íi]quel|litio))?\s+$"
)
_MINE_AFTER = re.compile(r"(?i)^\s+([\w-]+\s+){0,2}(mine|mines|project|mining project|deposit)\b")
_SINCE_HEADS = ("since", "desde", "entre", "between", "from")
# A date that names a thing ("the Oct. 20 election", "Sunday's vote", "las elecciones del 20
# de octubre") dates that thing, not the clause around it.
_NOMINAL_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:[\w-]+\s+)?(?:elections?|vote|polls|coup|referendum|uprising|massacre|"
    r"overthrow|ouster)\b",
    re.I,
)
_NOMINAL_BEFORE = re.compile(
    r"\b(?:elecciones|comicios|golpe|masacre|votaci[óo]n)(?:\s+\w+)?\s+(?:del|de)\s+$", re.I
)
_SPEECH_AFTER = re.compile(r"^\s*(?:that|que)\b", re.I)


def _language(doc: DocumentInput) -> str:
    from veeduria.nlp.pipeline import pipeline_language

    return pipeline_language(doc.language, doc.text)


def _geocoder() -> Callable[[str, str | None], Place | None]:
    """`geo.geocode` when the geo module is there, else a lookup in the shared gazetteer."""
    try:
        from veeduria.nlp import geo  # type: ignore[attr-defined,unused-ignore]

        fn = getattr(geo, "geocode", None)
        if callable(fn):

            def via_geo(name: str, hint: str | None) -> Place | None:
                place = fn(name, hint)
                return place if isinstance(place, Place) else None

            return via_geo
    except ImportError:
        pass

    def via_gazetteer(name: str, hint: str | None) -> Place | None:
        try:
            from veeduria.nlp.gazetteer import get_gazetteer

            entries = get_gazetteer().places(name)
        except Exception:
            return None
        if not entries:
            return None
        best = next((e for e in entries if e.country == hint), None)
        if best is None:
            # Away from the document's country only a well-known city is trusted: "San
            # Rafael" in a Guatemalan story is not the Argentine city.
            best = max(entries, key=lambda e: e.population)
            if hint is not None and best.population < 300_000 and best.feature != "capital":
                return Place(name=name, precision="place")
        return Place(name=name, country=best.country, precision="place")

    return via_gazetteer


def _sentences(
    text: str, lang: str, parsed: list[Any] | None = None
) -> tuple[list[ev.Sentence], list[Any]]:
    from veeduria.nlp.pipeline import load_pipeline, parse

    out: list[ev.Sentence] = []
    segs = parsed
    if segs is None:
        segs = parse(text, lang, nlp=load_pipeline(lang, gazetteer=_USE_GAZETTEER))
    for para, seg in enumerate(segs):
        ents = [
            ev.Ent(seg.start + e.start_char, seg.start + e.end_char, e.label_, e.text)
            for e in seg.doc.ents
        ]
        for sent in seg.doc.sents:
            s, e = seg.start + sent.start_char, seg.start + sent.end_char
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            st = ev.Sentence(
                index=len(out),
                start=s,
                end=e,
                para=para,
                text=text[s:e],
                ents=[x for x in ents if s <= x.start < e],
                # A short first line without a final stop, above a body, is a headline.
                headline=(
                    para == 0
                    and len(segs) > 1
                    and len(seg.doc.text) < 200
                    and not seg.doc.text.rstrip().endswith((".", '."', ".”"))
                ),
            )
            st.clauses = ev.split_clauses(s, st.text)
            out.append(st)
    return out, list(segs)


def _dates(text: str, lang: str, published: str | None) -> list[ev.DateRef]:
    from veeduria.nlp.dates import find_dates

    out: list[ev.DateRef] = []
    for m in find_dates(text, lang, published):
        if m.is_dateline or m.value is None or m.precision is None:
            continue
        if _SUBORDINATE.search(m.text):
            continue  # "nine days after a force crossed...": dates the clause it introduces
        before = text[max(0, m.start - 20) : m.start]
        after = text[m.end : m.end + 30]
        head = m.text.lower()
        out.append(
            ev.DateRef(
                start=m.start,
                end=m.end,
                value=m.value,
                precision=m.precision,
                since=bool(_SINCE.search(before)) or head.startswith(_SINCE_HEADS),
                until=bool(_UNTIL.search(before)),
                nominal=(
                    "after"
                    if _NOMINAL_AFTER.match(after)
                    else "before"
                    if _NOMINAL_BEFORE.search(before)
                    else ""
                ),
                speech=bool(_SPEECH_AFTER.match(after)),
            )
        )
    return out


def _entities(text: str, lang: str, segs: Any) -> list[Entity]:
    """Entities from the entities module when present, else the parse's own NER."""
    try:
        from veeduria.nlp import entities as ents_mod  # type: ignore[attr-defined,unused-ignore]

        fn = getattr(ents_mod, "extract_entities", None)
        if callable(fn):
            result = fn(text, lang, segs)
            return [e for e in result if isinstance(e, Entity)]
    except ImportError:
        pass
    kinds = {
        "PERSON": "person",
        "PER": "person",
        "ORG": "organization",
        "GPE": "place",
        "LOC": "place",
        "FAC": "place",
        "NORP": None,
    }
    by_name: dict[tuple[str, str], Entity] = {}
    for seg in segs:
        for e in seg.doc.ents:
            kind = kinds.get(e.label_)
            if not kind:
                continue
            s, en = seg.start + e.start_char, seg.start + e.end_char
            key = (e.text, kind)
            ent = by_name.setdefault(key, Entity(name=e.text, kind=kind))
            ent.mentions.append(Mention(start=s, end=en, text=text[s:en]))
    return list(by_name.values())


def extract_many(docs: Sequence[DocumentInput]) -> list[Extraction]:
    """`extract` for several documents, in order: the same results, but the documents of one
    language are parsed together (one `nlp.pipe` over all their lines), which is what makes
    batches worth sending to a worker."""
    from veeduria.nlp.pipeline import load_pipeline, parse_many

    langs = [_language(d) for d in docs]
    parsed: list[list[Any] | None] = [None] * len(docs)
    for lang in sorted(set(langs)):
        idx = [i for i, d in enumerate(docs) if langs[i] == lang and d.text.strip()]
        if not idx:
            continue
        nlp = load_pipeline(lang, gazetteer=_USE_GAZETTEER)
        for i, segs in zip(
            idx, parse_many([docs[i].text for i in idx], lang, nlp=nlp), strict=True
        ):
            parsed[i] = segs
    return [extract(d, _parsed=p) for d, p in zip(docs, parsed, strict=True)]


def extract(doc: DocumentInput, *, _parsed: list[Any] | None = None) -> Extraction:
    """Entities, events, death tolls and relations of one document (`_parsed`: its segments
    as `pipeline.parse` gives them, when `extract_many` parsed them already)."""
    text = doc.text
    lang = _language(doc)
    result = Extraction(
        document_id=doc.id,
        extractor=EXTRACTOR_NAME,
        version=EXTRACTOR_VERSION,
        language=lang,
    )
    if not text.strip():
        return result
    lex = ev.lexicon(lang)
    sentences, segs = _sentences(text, lang, _parsed)
    dates = _dates(text, lang, doc.published)
    si = 0
    for d in dates:
        while si < len(sentences) and sentences[si].end <= d.start:
            si += 1
        if si < len(sentences) and sentences[si].start <= d.start:
            sentences[si].dates.append(d)
    ctx = ev.DocContext(
        text=text,
        lang=lang,
        published=doc.published,
        sentences=sentences,
        dates=dates,
        dominant=None,
        in_domain=ev.in_domain(text, lex),
        lex=lex,
        geocode=_geocoder(),
    )
    ctx.dominant = ev.dominant_country(text, lex, sentences, ctx.geocode)
    result.entities = _entities(text, lang, segs)
    if any(e.source != "ner" or e.kind != "place" for e in result.entities):
        ctx.places = sorted(
            (
                ev.PlaceMention(m.start, m.end, e.name)
                for e in result.entities
                if e.kind == "place"
                for m in e.mentions
            ),
            key=lambda p: p.start,
        )
        ctx.places = _with_ner_places(ctx, ctx.places)
    ctx.dateline = ev.scene_town(ctx)
    ctx.actor_mentions = sorted(
        (m.start, m.end, e.name, e.kind)
        for e in result.entities
        if e.kind in ev._ACTOR_KINDS or (e.kind == "place" and _is_mine(text, e))
        for m in e.mentions
    )
    # Tolls first: their counts are not incidents, and their windows hold no new protest.
    toll_mentions: list[tl.TollMention] = []
    for sent in sentences:
        found = tl.find_tolls(ctx, sent)
        if found:
            sent.is_toll = True
            sent.toll_windows = [(t.window.start, t.window.end) for t in found]
            # The date a toll was stated is not the date of an incident in the sentence.
            sent.toll_windows += [(t.date.start, t.date.end) for t in found if t.date is not None]
        toll_mentions.extend(found)
    cands = ev.find_events(ctx)
    cands = [c for c in cands if not _inside_toll(c)]
    cands.extend(tl.toll_event(t) for t in toll_mentions)
    merged = ev.merge_events(cands)
    result.events = [ev.to_event(c) for c in merged]
    seen: set[tuple[int, str | None, str | None]] = set()
    for t in toll_mentions:
        key = (t.count, t.as_of, t.country)
        if key in seen:
            continue
        seen.add(key)
        result.tolls.append(tl.to_toll(t))
    try:
        from veeduria.nlp.relations import find_relations

        result.relations = find_relations(ctx, merged)
    except ImportError:  # pragma: no cover
        pass
    return result


def _is_mine(text: str, ent: Entity) -> bool:
    """A place named as a mine or mining project ("the Constancia copper mine", "mina
    Antapaccay"): the target of mining events."""
    for m in ent.mentions:
        if _MINE_BEFORE.search(text[max(0, m.start - 30) : m.start]) or _MINE_AFTER.match(
            text[m.end : m.end + 30]
        ):
            return True
    return False


def _with_ner_places(ctx: ev.DocContext, places: list[ev.PlaceMention]) -> list[ev.PlaceMention]:
    """Add the parse's own place names that the entities module left out, when they geocode
    in the document's country (small towns the gazetteer lacks)."""
    if ctx.geocode is None:
        return places
    extra: list[ev.PlaceMention] = []
    for sent in ctx.sentences:
        for e in sent.ents:
            if e.label not in ("GPE", "LOC") or e.text.lower() in ctx.lex.country_by_form:
                continue
            if any(p.start < e.end and e.start < p.end for p in places):
                continue
            try:
                place = ctx.geocode(e.text, ctx.dominant)
            except Exception:  # a geocoder failure must not lose the document
                place = None
            if place is not None and place.country and place.country == ctx.dominant:
                extra.append(ev.PlaceMention(e.start, e.end, e.text))
    return sorted(places + extra, key=lambda p: p.start)


def _inside_toll(c: ev.Candidate) -> bool:
    if c.type not in ("protest", "repression_killing", "clash"):
        return False
    windows = c.sent.toll_windows
    return any(s <= c.trig_start < e for s, e in windows)
