"""Event triggers and their arguments, for the 16 typed event types, in English and Spanish.

Why rules and data files: there is no usable event model offline, and the coding rules
(ONTOLOGY.md, DEV.md) are precise enough to write down. The words live in
`data/events_{en,es}.yaml` (a journalist can extend them); this module holds the generic
machinery: trigger search per sentence, negation and calls, the date attached to a trigger's
clause, the country and place, counts of dead and injured, diplomatic speakers (one event per
recognizing country) and the merging of repeated mentions of one happening in one document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from veeduria.types import Event, EventActor, Place, Span, ValueSpan

__all__ = [
    "Clause",
    "DocContext",
    "Lexicon",
    "Sentence",
    "find_events",
    "lexicon",
    "merge_events",
]

DIPLOMATIC = ("diplomatic_recognition", "diplomatic_statement")
# An undated event takes the publication month: news reports what happened lately.
FALLBACK_PRECISION = 7
# An undated paragraph continues the time of the paragraph before it.
PREV_PARAGRAPH_CONTEXT = False


# --------------------------------------------------------------------------- lexicon


@dataclass
class Rule:
    """One trigger rule of one event type (see the header of events_en.yaml)."""

    type: str
    group: str
    triggers: re.Pattern[str]
    block: re.Pattern[str] | None
    require: re.Pattern[str] | None
    require_scope: str
    flags: frozenset[str]
    negated_as: str | None
    block_sentence: re.Pattern[str] | None
    block_clause: re.Pattern[str] | None
    promote_resignation: bool


@dataclass
class Speaker:
    """A diplomatic voice: a country's government or an intergovernmental body."""

    name: str  # canonical entity name
    country: str | None  # ISO code of the government, None for intergovernmental bodies
    start: int  # sentence-relative offsets
    end: int


@dataclass
class Lexicon:
    """Everything compiled from one language's YAML lexicon and the country gazetteer."""

    lang: str
    version: str
    rules: list[Rule]
    domain_cues: list[re.Pattern[str]]
    domain_min: int
    negation: re.Pattern[str]
    calls: re.Pattern[str]
    intergov: list[tuple[str, re.Pattern[str]]]
    offices: list[tuple[str, re.Pattern[str]]]
    speaker_titles: str
    not_speakers: re.Pattern[str]
    mine_site: re.Pattern[str]
    mine_site_block: re.Pattern[str]
    non_repression: re.Pattern[str]
    police_victim: re.Pattern[str]
    toll_cues: re.Pattern[str]
    death_words: re.Pattern[str]
    country_names: re.Pattern[str]  # group "c" = surface form
    country_by_form: dict[str, str]
    demonym_title: re.Pattern[str]  # "Mexican President", "presidente mexicano"
    demonym_by_form: dict[str, str]
    demonym_any: re.Pattern[str]  # any demonym, one pass over a document
    country_canonical: dict[str, str]
    capitals: dict[str, str]  # capital city (lowercase) -> ISO


def _rx(
    patterns: list[str] | str, flags: int = re.IGNORECASE, prefix: bool = False
) -> re.Pattern[str]:
    """One alternation of patterns on word boundaries (`prefix`: no boundary at the end, so
    "moratori" also vetoes "moratoria" and "moratorium")."""
    if isinstance(patterns, str):
        patterns = [patterns]
    body = "|".join(f"(?:{p})" for p in patterns)
    tail = "" if prefix else r"(?![\w])"
    return re.compile(rf"(?<![\w])(?:{body}){tail}", flags)


def _load_yaml(name: str) -> dict[str, Any]:
    data = resources.files("veeduria.nlp").joinpath("data", name).read_text(encoding="utf-8")
    loaded = yaml.safe_load(data)
    assert isinstance(loaded, dict)
    return loaded


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    """The shared country gazetteer (data/countries.yaml), with a minimal fallback."""
    try:
        data = _load_yaml("countries.yaml")
        countries = data.get("countries") or {}
        assert isinstance(countries, dict)
        return countries
    except (FileNotFoundError, OSError, AssertionError):  # pragma: no cover - fallback only
        return {
            "PE": {"name": "Peru", "es": "Perú", "demonyms": ["Peruvian", "peruano"]},
            "BO": {"name": "Bolivia", "es": "Bolivia", "demonyms": ["Bolivian", "boliviano"]},
        }


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of a language ("en" or "es"), built once per process."""
    lang = "es" if lang == "es" else "en"
    data = _load_yaml(f"events_{lang}.yaml")
    rules: list[Rule] = []
    for etype, entries in data["types"].items():
        for entry in entries:
            rules.append(
                Rule(
                    type=etype,
                    group=entry.get("group", etype),
                    triggers=_rx(entry["triggers"]),
                    block=_rx(entry["block"], prefix=True) if entry.get("block") else None,
                    require=_rx(entry["require"], prefix=True) if entry.get("require") else None,
                    require_scope=entry.get("require_scope", "clause"),
                    flags=frozenset(entry.get("flags", [])),
                    negated_as=entry.get("negated_as"),
                    block_clause=(
                        _rx(entry["block_clause"], prefix=True)
                        if entry.get("block_clause")
                        else None
                    ),
                    block_sentence=(
                        _rx(entry["block_sentence"], prefix=True)
                        if entry.get("block_sentence")
                        else None
                    ),
                    promote_resignation=bool(entry.get("promote_resignation", False)),
                )
            )
    countries = _countries()
    by_form: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    canonical: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for code, c in countries.items():
        canonical[code] = c.get("name", code)
        for form in [c.get("name"), c.get("es"), *(c.get("aliases") or [])]:
            if (form and len(form) > 2) or form in ("US", "UK"):
                by_form[form.lower()] = code
        for dem in c.get("demonyms") or []:
            demonyms[dem.lower()] = code
        if c.get("capital"):
            capitals[c["capital"].lower()] = code
    # Case-sensitive: country names are capitalized in both languages, and the Spanish
    # adjective "china" or the English word "us" are not countries.
    surface: set[str] = set()
    for c in countries.values():
        for form in [c.get("name"), c.get("es"), *(c.get("aliases") or [])]:
            if form and ((len(form) > 2) or form in ("US", "UK")):
                surface |= {form, form.upper()}
    country_rx = re.compile(
        r"(?<![\w.-])(?P<c>"
        + "|".join(re.escape(f) for f in sorted(surface, key=len, reverse=True))
        + r")(?![\w-])"
    )
    dem_forms = sorted(demonyms, key=len, reverse=True)
    dem_alt = "|".join(re.escape(d) for d in dem_forms)
    titles = data["speaker_titles"]
    if lang == "es":
        demonym_title = re.compile(
            rf"(?<!\w)(?:{titles})\s+(?P<d>{dem_alt})(?!\w)|"
            rf"(?<!\w)(?P<d2>{dem_alt})\s+(?:{titles})(?!\w)",
            re.IGNORECASE,
        )
    else:
        demonym_title = re.compile(
            rf"(?<!\w)(?P<d>{dem_alt})\s+(?:{titles})(?!\w)|"
            rf"(?<!\w)(?P<d2>{dem_alt})(?:'s|’s)?\s+(?:{titles})(?!\w)",
            re.IGNORECASE,
        )
    dom = data["domain"]
    return Lexicon(
        lang=lang,
        version=str(data.get("version", "0")),
        rules=rules,
        domain_cues=[_rx(c) for c in dom["cues"]],
        domain_min=int(dom.get("min_hits", 2)),
        negation=re.compile(data["negation"], re.IGNORECASE),
        calls=re.compile(data["calls"], re.IGNORECASE),
        intergov=[(i["name"], _rx(i["patterns"])) for i in data["intergovernmental"]],
        offices=[(o["country"], _rx(o["patterns"])) for o in data["government_offices"]],
        speaker_titles=titles,
        not_speakers=re.compile("|".join(f"(?:{p})" for p in data["not_speakers"])),
        mine_site=re.compile(data["mine_site"], re.IGNORECASE),
        mine_site_block=re.compile(data["mine_site_block"], re.IGNORECASE),
        non_repression=re.compile(data["non_repression"], re.IGNORECASE),
        police_victim=re.compile(data["police_victim"], re.IGNORECASE),
        toll_cues=re.compile(data["toll_cues"], re.IGNORECASE),
        death_words=re.compile(data["death_words"], re.IGNORECASE),
        country_names=country_rx,
        country_by_form=by_form,
        demonym_title=demonym_title,
        demonym_by_form=demonyms,
        demonym_any=re.compile(rf"(?<!\w)(?:{dem_alt})(?!\w)", re.IGNORECASE),
        country_canonical=canonical,
        capitals=capitals,
    )


# --------------------------------------------------------------------------- document context


@dataclass
class DateRef:
    """A resolved date mention (document offsets)."""

    start: int
    end: int
    value: str
    precision: str
    since: bool = False  # "since X" / "desde X": the start of a period
    until: bool = False  # "until X" / "hasta X": a target, not when something happened
    nominal: str = ""  # "after": "the Oct. 20 election"; "before": "elecciones del 20 de octubre"
    speech: bool = False  # "said last month that ...": the date of the saying


@dataclass
class Ent:
    """A named-entity span from the parse (document offsets)."""

    start: int
    end: int
    label: str
    text: str


@dataclass
class Clause:
    start: int
    end: int


@dataclass
class Sentence:
    """One sentence with what events need from it; offsets are document offsets."""

    index: int
    start: int
    end: int
    para: int
    text: str
    ents: list[Ent] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    is_toll: bool = False
    headline: bool = False
    toll_windows: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class DocContext:
    """A document prepared for event extraction."""

    text: str
    lang: str
    published: str | None
    sentences: list[Sentence]
    dates: list[DateRef]
    dominant: str | None
    in_domain: bool
    lex: Lexicon
    geocode: Callable[[str, str | None], Place | None] | None = None
    places: list[PlaceMention] | None = None  # place mentions from the entities module
    actor_mentions: list[tuple[int, int, str, str]] = field(default_factory=list)
    # (start, end, canonical name, kind) of named persons, bodies, companies, organisations
    dateline: Place | None = None
    # Countries `_named_in_doc` has answered for: it scans the whole text, once per country.
    named_countries: dict[str, bool] = field(default_factory=dict)

    def fallback_date(self, before: int) -> tuple[str | None, str]:
        """The date an undated event gets: publication year, else the last year stated."""
        if self.published:
            return self.published[:FALLBACK_PRECISION], "fallback"
        years = [d.value[:4] for d in self.dates if d.start < before]
        if years:
            return years[-1], "fallback"
        return None, "none"


_CLAUSE_SPLIT = re.compile(
    r";|:\s|\s[—–-]\s|,\s+(?=(?:and|but|while|whereas|y|pero|mientras|aunque|e)\s)|\bwhile\b|\bmientras\b"
)


def split_clauses(sent_start: int, text: str) -> list[Clause]:
    """Clause boundaries inside a sentence, at semicolons and coordinating commas."""
    out: list[Clause] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        if m.start() > pos:
            out.append(Clause(sent_start + pos, sent_start + m.start()))
        pos = m.end()
    out.append(Clause(sent_start + pos, sent_start + len(text)))
    return out


def clause_of(sent: Sentence, pos: int) -> Clause:
    for c in sent.clauses:
        if c.start <= pos < c.end:
            return c
    return Clause(sent.start, sent.end)


def in_domain(text: str, lex: Lexicon) -> bool:
    """Does the document talk about our domain at all (not football, travel, recipes)?"""
    hits = sum(1 for cue in lex.domain_cues if cue.search(text))
    return hits >= lex.domain_min


def country_mentions(text: str, lex: Lexicon, offset: int = 0) -> list[tuple[int, int, str]]:
    """Country names in `text` (not inside organisation names), as (start, end, ISO)."""
    masked = _mask(text, lex.not_speakers)
    out: list[tuple[int, int, str]] = []
    for m in lex.country_names.finditer(masked):
        form = m.group("c")
        code = lex.country_by_form.get(form.lower())
        if code is None:
            continue
        if form.isupper() and form.lower() in ("us", "uk") and not form.isupper():
            continue
        if form == "us" or form == "Us":
            continue
        out.append((offset + m.start(), offset + m.end(), code))
    return out


def _mask(text: str, rx: re.Pattern[str]) -> str:
    return rx.sub(lambda m: " " * len(m.group(0)), text)


def dominant_country(
    text: str, lex: Lexicon, sentences: list[Sentence], geocode: Any = None
) -> str | None:
    """The country the document is mostly about.

    Votes: country names, capitals and demonyms, the places the parse finds (geocoded), with
    the headline and the dateline counting extra. Canada and the United States count half:
    in this corpus they are usually the home of the companies or a foreign voice, not the scene.
    """
    score: dict[str, float] = {}

    def vote(code: str, weight: float) -> None:
        score[code] = score.get(code, 0.0) + weight * (0.5 if code in ("CA", "US") else 1.0)

    for _s, _e, code in country_mentions(text, lex):
        vote(code, 1.0)
    for m in lex.demonym_any.finditer(text):
        dem_code = lex.demonym_by_form.get(m.group(0).lower())
        if dem_code:
            vote(dem_code, 0.5)
    for sent in sentences:
        for e in sent.ents:
            if e.label not in ("GPE", "LOC", "FAC") or geocode is None:
                continue
            if e.text.lower() in lex.country_by_form:
                continue
            try:
                place = geocode(e.text, None)
            except Exception:
                place = None
            if place is not None and place.country:
                vote(place.country, 0.75)
    head = [s for s in sentences if s.headline]
    for i, (_s, _e, code) in enumerate(
        country_mentions(" ".join(s.text for s in head), lex) if head else []
    ):
        vote(code, 3.0 if i == 0 else 1.0)
    dl: re.Match[str] | None = None
    for sent in sentences[:4]:
        dl = _DATELINE.match(sent.text)
        if dl:
            break
    if dl is not None and geocode is not None:
        name = dl.group(1).strip()
        code_ = lex.country_by_form.get(name.lower()) or lex.capitals.get(name.lower())
        if code_ is None:
            try:
                place = geocode(name.title() if name.isupper() else name, None)
            except Exception:
                place = None
            code_ = place.country if place is not None else None
        if code_:
            vote(code_, 2.0)
    if not score:
        return None
    return max(score.items(), key=lambda kv: kv[1])[0]


# "LIMA, Dec 8 (Andean Wire) -", "Cochabamba, 16 de noviembre (Corresponsal).-"
_DATELINE = re.compile(
    r"^([A-ZÁÉÍÓÚÑ][\w .'’()-]{1,40}?)(?:\s*\([^)]{1,30}\))?,\s+"
    r"(?=\d{1,2}\b|(?:[A-Z][a-z]{2,8}\.?|(?i:enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|setiembre|octubre|noviembre|diciembre))\s+\d)"
)


def dateline_end(sent: Sentence) -> int:
    """Offset (document) where a dateline at the start of the sentence ends, else its start."""
    m = _DATELINE.match(sent.text)
    if m and sent.index < 6:
        return sent.start + m.end()
    return sent.start


# --------------------------------------------------------------------------- trigger search


@dataclass
class Candidate:
    """An event found in one sentence, before merging."""

    type: str
    group: str
    sent: Sentence
    trig_start: int
    trig_end: int
    date: DateRef | None = None
    date_source: str = "none"  # "clause", "sentence", "context", "fallback", "none"
    date_value: str | None = None
    country: str | None = None
    place: Place | None = None
    fatalities: ValueSpan | None = None
    injured: ValueSpan | None = None
    actors: list[EventActor] = field(default_factory=list)
    speaker: str | None = None  # diplomatic speaker (canonical), or a person's name
    no_country: bool = False
    confirmed: bool = False  # merged with another mention
    noun: bool = False  # triggered by a noun naming the event ("the coup"), not a verb


def _negated(lex: Lexicon, sent: Sentence, start: int, window: int = 30) -> bool:
    clause = clause_of(sent, start)
    lo = max(clause.start, start - window)
    before = sent.text[lo - sent.start : start - sent.start]
    before = re.split(r"[,(«\"“]", before)[-1]
    return bool(lex.negation.search(before))


def _called(lex: Lexicon, sent: Sentence, start: int, window: int = 45) -> bool:
    clause = clause_of(sent, start)
    lo = max(clause.start, start - window)
    before = sent.text[lo - sent.start : start - sent.start]
    return bool(lex.calls.search(before))


def _scope_text(sent: Sentence, start: int, scope: str) -> str:
    if scope == "sentence":
        return sent.text
    c = clause_of(sent, start)
    return sent.text[c.start - sent.start : c.end - sent.start]


def _local_text(sent: Sentence, start: int, end: int, width: int = 30) -> str:
    """The trigger's clause, cut to a window around it: where vetoes are read."""
    c = clause_of(sent, start)
    lo, hi = max(c.start, start - width), min(c.end, end + width)
    return sent.text[lo - sent.start : hi - sent.start]


_ACTOR_KINDS = frozenset(
    {"person", "government_body", "organization", "company", "political_party"}
)


def _add_actors(
    ctx: DocContext, sent: Sentence, cand: Candidate, others: tuple[int, ...] = ()
) -> None:
    """Named actors of the trigger's clause (agents, targets, victims alike: the role is not
    read from the parse); mines count when the event is about mining."""
    clause = clause_of(sent, cand.trig_start)
    names = {a.name for a in cand.actors}
    for start, end, name, kind in ctx.actor_mentions:
        if not (clause.start <= start < clause.end) or name in names:
            continue
        if kind == "place" and not cand.type.startswith("mining"):
            continue
        if any(min(start, cand.trig_start) < o < max(end, cand.trig_end) for o in others):
            continue
        role: Any = (
            "victim" if cand.type == "repression_killing" and kind == "person" else "participant"
        )
        cand.actors.append(EventActor(name=name, role=role, span=Span(start, end)))
        names.add(name)


def _toll_scope(lex: Lexicon, sent: Sentence, start: int) -> bool:
    """Is the word at `start` part of a toll's wording ("39 deaths in clashes since the
    protests began", "muertos en las protestas", "who died in accidents")?"""
    if any(a <= start < b for a, b in sent.toll_windows):
        return True
    before = sent.text[max(0, start - sent.start - 40) : start - sent.start]
    return bool(lex.toll_cues.search(before) or lex.death_words.search(before))


def _vetoed(rx: re.Pattern[str], sent: Sentence, start: int, end: int) -> bool:
    """A veto phrase that contains the trigger or stands right next to it, in its clause
    ("pretrial detention", "a curfew remained in force", "new elections")."""
    c = clause_of(sent, start)
    text = sent.text[c.start - sent.start : c.end - sent.start]
    for m in rx.finditer(text):
        ms, me = c.start + m.start(), c.start + m.end()
        if ms <= end + 15 and me >= start - 40:
            return True
    return False


def _triggers(ctx: DocContext, sent: Sentence) -> list[tuple[Rule, int, int, bool]]:
    """(rule, start, end, negated) for every trigger in the sentence that survives the filters."""
    lex = ctx.lex
    found: list[tuple[Rule, int, int, bool]] = []
    for rule in lex.rules:
        for m in rule.triggers.finditer(sent.text):
            start, end = sent.start + m.start(), sent.start + m.end()
            if rule.block is not None and _vetoed(rule.block, sent, start, end):
                continue
            if rule.block_sentence is not None and rule.block_sentence.search(sent.text):
                continue
            if rule.block_clause is not None and rule.block_clause.search(
                _scope_text(sent, start, "clause")
            ):
                continue
            if rule.require is not None and not rule.require.search(
                _scope_text(sent, start, rule.require_scope)
            ):
                continue
            negated = _negated(lex, sent, start)
            if negated and rule.negated_as is None:
                continue
            if "allow_calls" not in rule.flags and _called(lex, sent, start):
                continue
            found.append((rule, start, end, negated))
    return found


# --------------------------------------------------------------------------- arguments


def _date_for(
    ctx: DocContext,
    sent: Sentence,
    pos: int,
    skip_since: bool = False,
    after: int | None = None,
    pos_end: int | None = None,
    taken: frozenset[int] = frozenset(),
    others: tuple[int, ...] = (),
    saying: bool = False,
) -> tuple[DateRef | None, str]:
    """The date mention attached to a trigger: same clause, else sentence, else context.

    Dates that name another thing ("the Oct. 20 election") attach only to that thing."""
    if pos_end is None:
        pos_end = pos
    clause = clause_of(sent, pos)
    best: tuple[float, DateRef] | None = None
    for d in sent.dates:
        if d.until or (skip_since and d.since) or id(d) in taken:
            continue
        if d.nominal == "after" and not 0 <= pos - d.end <= 20:
            continue  # "the Oct. 20 election": dates the noun right after it
        if d.nominal == "before" and not 0 <= d.start - pos_end <= 14:
            continue  # "las elecciones del 20 de octubre": dates the noun right before it
        if any(a <= d.start < b for a, b in sent.toll_windows):
            continue  # the date a toll is valid for is not the date of an incident
        if any(a <= d.start < b and not a - 45 <= pos < b for a, b in _relative_clauses(sent)):
            continue  # ", who was sworn in on December 7,": that date is the aside's
        dc = clause_of(sent, d.start)
        framing = d.start - sent.start < 25  # "El sábado, la policía ... y detuvo": frames all
        framing = framing or (d.start < clause.start and _while_clause(sent, clause))
        if (
            not framing
            and not (dc.start <= pos < dc.end)
            and any(dc.start <= o < dc.end for o in others)
        ):
            continue  # that clause reports its own event: its date is not ours
        if after is not None and d.end <= after:
            # "el sábado 4 de julio la Asamblea General de la OEA suspendió": a date right
            # before the speaker frames it; one further back belongs to something else.
            dist = float(after - d.end) + (0.0 if after - d.end <= 45 else 200.0)
        elif d.start >= pos_end:
            dist = float(d.start - pos_end)
        else:
            dist = float(max(0, pos - d.end))
        if d.speech and d.end <= pos:
            dist += 40.0
        if d.start >= pos_end and _AFTER_WHAT.search(ctx.text[pos_end : d.start]):
            # "protests began after Congress removed him on December 7": the day is X's; what
            # began after it is known to the month only.
            d = DateRef(d.start, d.end, d.value[:7], "month", nominal=d.nominal)
            dist += 300.0
        if saying and d.start - pos_end > 15:
            dist += 150.0  # "said the operations at Sacaba on November 15 were ...": content
        if d.start >= pos_end and _REPORTING.search(ctx.text[pos_end : d.start]):
            dist += 60.0  # "durante un paro ..., informó el viernes": the date of the telling
        if not (clause.start <= d.start < clause.end):
            dist += 500.0
        if best is None or dist < best[0]:
            best = (dist, d)
    if best is not None:
        return best[1], "clause" if best[0] < 500 else "sentence"
    # Context: the last date stated earlier in the same paragraph.
    prev = [
        d
        for s in ctx.sentences
        if s.para == sent.para and s.index < sent.index
        for d in s.dates
        if not d.until
        and not (skip_since and d.since)
        and not d.nominal
        and not _AFTER_WHAT.search(ctx.text[max(s.start, d.start - 60) : d.start])
    ]
    if prev and not sent.headline:
        return prev[-1], "context"
    first_in_para = not any(s.para == sent.para and s.index < sent.index for s in ctx.sentences)
    if not sent.headline and (
        PREV_PARAGRAPH_CONTEXT
        or (first_in_para and _TEMPORAL_LINK.match(sent.text))
        or _TEMPORAL_ANAPHOR.search(sent.text)
    ):
        earlier = [
            d
            for s in ctx.sentences
            if s.para == sent.para - 1
            for d in s.dates
            if not d.until
            and not d.nominal
            and not d.since
            and not _REPORTING.search(ctx.text[max(s.start, d.start - 25) : d.start])
        ]
        if earlier:
            # "Horas después": after the paragraph's lead happening, its first date.
            return earlier[0], "context"
    return None, "none"


_RELATIVE = re.compile(
    r"(?i),\s+(who|which|whose|quien|quienes|cuyo|cuya|cuyos|cuyas|que)\b[^,;:()]{3,90},"
)


def _relative_clauses(sent: Sentence) -> list[tuple[int, int]]:
    """Non-restrictive relative clauses (between commas) as document spans."""
    return [(sent.start + m.start(), sent.start + m.end()) for m in _RELATIVE.finditer(sent.text)]


# A paragraph that opens by pointing back in time continues the previous one's date.
_TEMPORAL_LINK = re.compile(
    r"(?i)^(hours later|later|that (day|night|evening)|the same day|the next day|also on|"
    r"horas (m[áa]s tarde|despu[ée]s)|ese mismo d[íi]a|esa (misma )?noche|esa tarde|"
    r"ese d[íi]a|el mismo d[íi]a|al d[íi]a siguiente|tambi[ée]n)\b"
)


# "capturados el lunes ... mientras bloqueaban el acceso": an ongoing action at that time.
_REPORTING = re.compile(
    r"(?i)\b(said|says|reported|told|announced|according to|inform[óo]|dijo|señal[óo]|"
    r"indic[óo]|afirm[óo]|report[óo]|anunci[óo]|seg[úu]n)\b"
)
_SIMULTANEOUS = re.compile(r"(?i)\b(mientras|while)\s*$")
_ONGOING = re.compile(r"(?i)^\s*(\w+\s+){0,3}?\w+(aban|[íi]an|[íi]a|aba|ando|iendo|ing)\b")


def _while_clause(sent: Sentence, clause: Clause) -> bool:
    """Is the clause a "while/mientras" + ongoing-action clause (it shares the time before)?"""
    head = sent.text[: clause.start - sent.start]
    body = sent.text[clause.start - sent.start : clause.end - sent.start]
    return bool(_SIMULTANEOUS.search(head) and _ONGOING.match(body))


# "esa misma noche", "later that day": the time of what was just told, wherever it stands.
_TEMPORAL_ANAPHOR = re.compile(
    r"(?i)\b(esa misma (noche|tarde|mañana)|ese mismo d[íi]a|el mismo d[íi]a|"
    r"(later |earlier )?that (same )?(day|night|evening|afternoon)|the same day|hours later|"
    r"horas (m[áa]s tarde|despu[ée]s))\b"
)


_TOPIC = re.compile(r"\b(over|about|regarding|concerning|sobre|acerca de)\b", re.I)


_FACILITY = re.compile(
    r"(?i)\b(airport|aeropuerto|plaza|square|hospital|bridge|puente|palace|palacio|"
    r"university|universidad|ciudad universitaria|embassy|embajada|prefecture|prefectura|"
    r"convention cent(re|er)|centro de convenciones|base|penal|prison|c[áa]rcel|plant|planta|"
    r"port|puerto|highway|carretera|avenue|avenida|street|calle|park|parque|church|iglesia|"
    r"mine|mina|camp|campamento|project|proyecto)\b"
)


@dataclass
class PlaceMention:
    """A place named in the text: the entities module's canonical name, or the NER's."""

    start: int
    end: int
    name: str

    @property
    def facility(self) -> bool:
        return bool(_FACILITY.search(self.name))


def _place_mentions(ctx: DocContext, sent: Sentence) -> list[PlaceMention]:
    if ctx.places is not None:
        return [p for p in ctx.places if sent.start <= p.start < sent.end]
    out = []
    for e in sent.ents:
        if e.label in ("GPE", "LOC", "FAC"):
            out.append(PlaceMention(e.start, e.end, e.text))
    return out


def _place_for(
    ctx: DocContext, sent: Sentence, pos: int, others: tuple[int, ...] = ()
) -> Place | None:
    """Where it happened: the nearest place in the trigger's clause (a town rather than the
    airport or square in it), else the dateline's town when the story is told from there."""
    lex = ctx.lex
    clause = clause_of(sent, pos)
    cands: list[tuple[float, PlaceMention]] = []
    for e in _place_mentions(ctx, sent):
        low = e.name.lower().strip()
        if low in lex.country_by_form or low in lex.demonym_by_form:
            continue
        if e.start < dateline_end(sent):
            continue
        if re.match(r"[-‐](based|registered|born|headquartered)", ctx.text[e.end : e.end + 14]):
            continue
        if e.end <= pos and _TOPIC.search(ctx.text[e.end : pos]):
            continue  # "lawsuits in Ontario over the 2009 killing": Ontario is the lawsuit's
        dist = float(abs(e.start - pos)) + (15.0 if e.start < pos else 0.0)
        if not (clause.start <= e.start < clause.end):
            ec = clause_of(sent, e.start)
            if any(ec.start <= o < ec.end for o in others):
                continue  # that clause tells its own event
            dist += 300.0
        cands.append((dist, e))
    chosen: PlaceMention | None = None
    if cands:
        cands.sort(key=lambda c: c[0])
        chosen = cands[0][1]
        if chosen.facility:
            surface = ctx.text[chosen.start : chosen.end]
            inner = next(
                (c for _d, c in cands if not c.facility and c.name in surface),
                None,
            )
            town = next(
                (c for d, c in cands if not c.facility and d < 300 and c is not chosen), None
            )
            chosen = inner or town or chosen
    if chosen is None:
        return None
    place: Place | None = None
    if ctx.geocode is not None:
        try:
            place = ctx.geocode(chosen.name, ctx.dominant)
        except Exception:  # a geocoder failure must not lose the event
            place = None
    if place is None:
        place = Place(name=chosen.name, span=Span(chosen.start, chosen.end))
    else:
        place.name = chosen.name
        place.span = Span(chosen.start, chosen.end)
    return place


def scene_town(ctx: DocContext) -> Place | None:
    """The town the story happens in: the most mentioned town (the dateline counts once),
    not a facility, in the document's country."""
    counts: dict[str, int] = {}
    first: dict[str, PlaceMention] = {}
    for p in ctx.places or []:
        if p.facility or p.name.lower() in ctx.lex.country_by_form:
            continue
        counts[p.name] = counts.get(p.name, 0) + 1
        first.setdefault(p.name, p)
    for name in sorted(counts, key=lambda n: (-counts[n], first[n].start)):
        if counts[name] < 2:
            break
        place = None
        if ctx.geocode is not None:
            try:
                place = ctx.geocode(name, ctx.dominant)
            except Exception:  # a geocoder failure must not lose the event
                place = None
        if place is not None and place.country == ctx.dominant and place.precision == "place":
            place.name = name
            place.span = Span(first[name].start, first[name].end)
            return place
    return dateline_place(ctx)


def dateline_place(ctx: DocContext) -> Place | None:
    """The town of the dateline ("LIMA, Dec 8 -"), geocoded, when there is one."""
    for sent in ctx.sentences[:6]:
        m = _DATELINE.match(sent.text)
        if not m:
            continue
        name = re.sub(r"\s*\([^)]*\)\s*$", "", m.group(1)).strip()
        canon = next(
            (
                p.name
                for p in ctx.places or []
                if p.start == sent.start and p.end <= sent.start + len(name) + 2
            ),
            None,
        )
        name = canon or (name.title() if name.isupper() else name)
        if name.lower() in ctx.lex.country_by_form:
            return None
        place = None
        if ctx.geocode is not None:
            try:
                place = ctx.geocode(name, ctx.dominant)
            except Exception:  # a geocoder failure must not lose the event
                place = None
        if place is None or not place.country:
            return None
        place.name = name
        place.span = Span(sent.start, sent.start + m.end(1))
        return place
    return None


_PROVINCIAL_COURT = re.compile(
    r"(?i)\b(court|corte|tribunal|juzgado)\b[^.;]{0,60}\b(british columbia|columbia brit[áa]nica|"
    r"ontario|qu[ée]bec|alberta|manitoba|saskatchewan|nova scotia|nueva escocia)\b|"
    r"\b(ontario|qu[ée]bec|alberta|british columbia) (court|superior court|supreme court|"
    r"judge|justice)\b"
)
_SCENE_BEFORE = re.compile(r"\b(in|across|throughout|en|por todo|en todo)\s+(el |la |the )?$", re.I)


_ANY_PREP_BEFORE = re.compile(
    r"(?i)\b(to|from|of|by|with|for|against|and|a|de|del|desde|hacia|con|para|contra|por|y|"
    r"entre|sobre|ante|the|el|la|los|las)\s+$"
)


def _country_for(ctx: DocContext, cand: Candidate) -> str | None:
    """Where it happened: the place's country, else a country named as the scene ("in
    Canada", "Guatemala's"), else the document's country."""
    if cand.no_country:
        return None
    if cand.type in DIPLOMATIC:
        return ctx.dominant
    text = cand.sent.text
    if cand.type == "legal_action":
        clause = clause_of(cand.sent, cand.trig_start)
        court = _PROVINCIAL_COURT.search(ctx.text[clause.start : clause.end])
        if court:
            return "CA"  # the court's jurisdiction (DEV.md): a British Columbia suit is CA
    if cand.place is not None and cand.place.country:
        span = cand.place.span
        scene_place = span is not None and bool(
            re.search(
                r"\b(in|at|near|outside|en|cerca de|frente a|ante)\s+(the |el |la |los |las )?$",
                ctx.text[max(0, span.start - 14) : span.start],
                re.I,
            )
        )
        if cand.place.country == ctx.dominant or (
            scene_place and _named_in_doc(ctx, cand.place.country)
        ):
            return cand.place.country
    scene: list[str] = []
    named: list[str] = []
    prev_end, prev_scene = -100, True
    for s, e, code in country_mentions(text, ctx.lex):
        named.append(code)
        before = text[max(0, s - 16) : s]
        listed = s - prev_end <= 4 and bool(
            re.fullmatch(r"\s*(,|and|y|e|or|o)\s*", text[prev_end:s])
        )
        prev_end = e
        if listed and not prev_scene:
            continue  # "los gobiernos de México, Argentina y Bolivia": the list shares its role
        if _SCENE_BEFORE.search(before) or text[e : e + 2] in ("'s", "’s"):
            scene.append(code)
            prev_scene = True
        elif code not in ("CA", "US") and not _ANY_PREP_BEFORE.search(before):
            scene.append(code)  # the subject of its sentence: "Today, Honduras is ..."
            prev_scene = True
        else:
            prev_scene = False
    if ctx.dominant in scene or (not scene and ctx.dominant in named):
        return ctx.dominant
    if scene:
        return scene[0]
    return _context_country(ctx, cand.sent) or ctx.dominant


def _named_in_doc(ctx: DocContext, code: str) -> bool:
    """Is the country named in the document (its name, capital or a demonym)? A town that
    the gazetteer puts abroad ("Santa Fe" in a Panamanian story) is at home otherwise."""
    named = ctx.named_countries.get(code)
    if named is None:
        named = ctx.named_countries[code] = _scan_named_in_doc(ctx, code)
    return named


def _scan_named_in_doc(ctx: DocContext, code: str) -> bool:
    if any(c == code for _s, _e, c in country_mentions(ctx.text, ctx.lex)):
        return True
    if any(
        ctx.lex.demonym_by_form.get(m.group(0).lower()) == code
        for m in ctx.lex.demonym_any.finditer(ctx.text)
    ):
        return True
    return any(c == code and cap.title() in ctx.text for cap, c in ctx.lex.capitals.items())


def _context_country(ctx: DocContext, sent: Sentence) -> str | None:
    """The scene of the paragraph so far (a place or "in <country>" in an earlier sentence
    of the same paragraph): a story told in Toronto stays in Toronto."""
    for prev in reversed(
        [s for s in ctx.sentences if s.para == sent.para and s.index < sent.index]
    ):
        for s0, _e0, code in country_mentions(prev.text, ctx.lex):
            if _SCENE_BEFORE.search(prev.text[max(0, s0 - 16) : s0]):
                return code
        for e in prev.ents:
            if e.label not in ("GPE", "LOC", "FAC") or ctx.geocode is None:
                continue
            if not _SCENE_BEFORE.search(ctx.text[max(0, e.start - 16) : e.start]):
                continue
            try:
                place = ctx.geocode(e.text, ctx.dominant)
            except Exception:  # a geocoder failure must not lose the event
                place = None
            if (
                place is not None
                and place.country
                and (place.country == ctx.dominant or _named_in_doc(ctx, place.country))
            ):
                return str(place.country)
        break
    return None


# One identified victim: "a farmer was killed", "killing a 19-year-old man", "kills another
# protester" (strong), or "X died" / "was shot dead" with a named person in the sentence.
_ONE_VICTIM_STRONG_EN = re.compile(
    r"\b(killing|killed|shot dead|gunned down)\s+(a|an|one|another)\b|\bkills another\b|"
    r"\b(a|an|one|another)\s+([\w'’-]+\s+){0,3}(protester|demonstrator|man|woman|teenager|"
    r"student|leader|activist|farmer|teacher|miner|youth|boy|girl|villager|resident|"
    r"environmentalist|defender|journalist)\b[^.;]{0,40}\b(was|were)\s+(killed|shot dead|"
    r"shot and killed|gunned down|beaten to death)\b",
    re.IGNORECASE,
)
_ONE_VICTIM_EN = re.compile(
    r"\b(was|is) shot dead\b|\bwas killed\b|\bkilling of\b|\bdied\b|\bmurder of\b|"
    r"\bdeath of\b",
    re.IGNORECASE,
)
_ONE_VICTIM_STRONG_ES = re.compile(
    r"\b(un|una|otro|otra)\s+([\w'’-]+\s+){0,3}(manifestante|campesino|comunero|dirigente|"
    r"l[íi]der|activista|defensor|defensora|joven|hombre|mujer|estudiante|docente|minero|"
    r"periodista|poblador)\b[^.;]{0,40}\b(fue asesinad[oa]|muri[óo]|result[óo] muert[oa]|"
    r"fue abatid[oa])\b|\bmat(ó|aron) a (un|una)\b",
    re.IGNORECASE,
)
_ONE_VICTIM_ES = re.compile(
    r"\b(muri[óo]|falleci[óo]|fue asesinad[oa]|result[óo] muert[oa]|asesinato del?|muerte del?)\b",
    re.IGNORECASE,
)


def _counts(ctx: DocContext, sent: Sentence, cand: Candidate) -> None:
    """Fatalities and injured for killings and their kin (ACLED numbers via numbers.py)."""
    try:
        from veeduria.nlp.numbers import find_casualties
    except ImportError:  # pragma: no cover - numbers.py is part of the package
        return
    cas = find_casualties(sent.text, ctx.lang, offset=sent.start)
    killed = [
        c
        for c in cas
        if c.kind == "killed"
        and not _TIME_UNIT.match(ctx.text[c.end : c.end + 12])
        and not any(a <= c.start < b for a, b in sent.toll_windows)
        and not (c.head and re.search(r"polic|officer|agente|soldier|soldado", c.head, re.I))
    ]
    injured = [c for c in cas if c.kind == "injured"]
    if killed:
        k = min(killed, key=lambda c: abs(c.start - cand.trig_start))
        cand.fatalities = ValueSpan(value=k.value, span=Span(k.start, k.end))
    if injured:
        i = injured[0]
        cand.injured = ValueSpan(value=i.value, span=Span(i.start, i.end))


# A number followed by a unit of time ("four days after ... killed nine") counts days.
_TIME_UNIT = re.compile(
    r"(?i)\s+(days?|weeks?|months?|years?|hours?|d[íi]as?|semanas?|meses|mes|a[ñn]os?|horas?)\b"
)


def _single_victim(ctx: DocContext, sent: Sentence) -> bool:
    strong = _ONE_VICTIM_STRONG_ES if ctx.lang == "es" else _ONE_VICTIM_STRONG_EN
    if strong.search(sent.text):
        return True
    weak = _ONE_VICTIM_ES if ctx.lang == "es" else _ONE_VICTIM_EN
    return bool(weak.search(sent.text)) and any(e.label in ("PERSON", "PER") for e in sent.ents)


# --------------------------------------------------------------------------- speakers


def find_speakers(ctx: DocContext, sent: Sentence) -> list[Speaker]:
    """Foreign governments and intergovernmental bodies named in the sentence, in order."""
    lex = ctx.lex
    text = _mask(sent.text, lex.not_speakers)
    dl = dateline_end(sent) - sent.start
    if dl:
        text = " " * dl + text[dl:]
    spans: list[Speaker] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for name, rx in lex.intergov:
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                spans.append(Speaker(name, None, m.start(), m.end()))
                taken.append((m.start(), m.end()))

    def scene(a: int) -> bool:
        return bool(
            re.search(r"\b(in|at|from|en|desde)\s+(the |el |la )?$", text[max(0, a - 10) : a], re.I)
        )

    for code, rx in lex.offices:
        for m in rx.finditer(text):
            if free(m.start(), m.end()) and not scene(m.start()):
                spans.append(
                    Speaker(lex.country_canonical.get(code, code), code, m.start(), m.end())
                )
                taken.append((m.start(), m.end()))
    for m in lex.demonym_title.finditer(text):
        form = m.group("d") or m.group("d2") or ""
        dem_code = lex.demonym_by_form.get(form.lower())
        if dem_code and free(m.start(), m.end()) and not scene(m.start()):
            spans.append(
                Speaker(lex.country_canonical.get(dem_code, dem_code), dem_code, m.start(), m.end())
            )
            taken.append((m.start(), m.end()))
    for s, e, code in country_mentions(text, lex):
        if free(s, e):
            # "in Peru", "to Bolivia", "en el Perú": a scene, not a voice.
            before = text[max(0, s - 12) : s].lower()
            if re.search(
                r"\b(in|to|into|from|of|across|en|a|hacia|desde|sobre|para)\s+(el |la )?$", before
            ):
                if not re.search(r"\b(of|de)\s+$", before):
                    continue
                if not re.search(
                    r"\b(governments? of|gobiernos? de|embassy of|embajada de)\s+(el |la )?$",
                    text[max(0, s - 25) : s].lower(),
                ):
                    continue
            spans.append(Speaker(lex.country_canonical.get(code, code), code, s, e))
            taken.append((s, e))
    spans.sort(key=lambda sp: sp.start)
    out = [sp for sp in spans if sp.country is None or sp.country != ctx.dominant]
    for sp in out:
        sp.start += sent.start
        sp.end += sent.start
    return out


_SAYING = re.compile(
    r"(?i)said|says|stated|noted|dijo|afirm[óo]|señal[óo]|sostuvo|asegur[óo]|indic[óo]|declar[óo]"
)
_GENERIC_VOICE = re.compile(
    r"(?i)^\W*(el|la|its|their|the)\s+(ministerio de (asuntos|relaciones) exteriores|"
    r"canciller[íi]a|canciller|gobierno|embajada|portavoz|vocer[oa]|foreign ministry|"
    r"foreign minister|government|embassy|spokes(person|man|woman))\b"
)
_ANON_GOVS = re.compile(
    r"\b(several|some|other|many|various)\s+(\w+\s+)?governments\b|"
    r"\b(varios|algunos|otros|muchos)\s+gobiernos\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- main entry


_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_MONTH_NAME = re.compile(
    r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|"
    r"\b(enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|noviembre|"
    r"diciembre)\b"
)


def _anchor_years(ctx: DocContext) -> None:
    """ "on October 18, 2019, ... declared ... on October 19": a day written without a year
    takes the year the paragraph just stated, not the publication's (a retrospective)."""
    if not ctx.published:
        return
    last: dict[int, str] = {}
    for sent in ctx.sentences:
        for d in sorted(sent.dates, key=lambda x: x.start):
            surface = ctx.text[d.start : d.end]
            if _YEAR.search(surface):
                if len(d.value) >= 7:
                    last[sent.para] = d.value
                continue
            if not _MONTH_NAME.search(surface):
                continue  # "on Monday", "ayer": relative to publication
            stated = last.get(sent.para)
            if (
                stated
                and len(d.value) == 10
                and d.value[:4] == ctx.published[:4]
                and stated[:4] < d.value[:4]
                and not d.since
                and stated[:4] + d.value[4:] >= stated  # told in order: a later day that year
            ):
                d.value = stated[:4] + d.value[4:]


def find_events(ctx: DocContext) -> list[Candidate]:
    """Every candidate event of every sentence (before merging)."""
    if not ctx.in_domain:
        return []
    _anchor_years(ctx)
    out: list[Candidate] = []
    for sent in ctx.sentences:
        found = _sentence_events(ctx, sent)
        if not found and out:
            _injured_follow_up(ctx, sent, out)
        out.extend(found)
    return out


_HURT_EVENTS = ("repression_killing", "clash", "mining_conflict", "other")


def _injured_follow_up(ctx: DocContext, sent: Sentence, earlier: list[Candidate]) -> None:
    """ "At least 14 people were injured, the alliance said.": a count of wounded in a sentence
    that reports nothing else completes the incident told just before it."""
    from veeduria.nlp.numbers import find_casualties

    hurt = [
        c for c in find_casualties(sent.text, ctx.lang, offset=sent.start) if c.kind == "injured"
    ]
    if not hurt:
        return
    last = earlier[-1].sent
    if sent.para - last.para > 1:
        return
    for prev in (c for c in earlier if c.sent is last):
        if prev.type in _HURT_EVENTS and prev.injured is None:
            prev.injured = ValueSpan(value=hurt[0].value, span=Span(hurt[0].start, hurt[0].end))
            return


def _sentence_events(ctx: DocContext, sent: Sentence) -> list[Candidate]:
    lex = ctx.lex
    found = _triggers(ctx, sent)
    if not found:
        return []
    cands: list[Candidate] = []
    types_here = {r.type for r, _s, _e, _n in found}
    # Diplomatic events: one per speaker, with the trigger that governs it.
    dip = [(r, s, e, n) for r, s, e, n in found if r.type in DIPLOMATIC]
    if dip:
        cands.extend(_diplomatic(ctx, sent, dip))
    seen_groups: dict[tuple[str, str], Candidate] = {}
    for rule, start, end, _negated_flag in sorted(
        (f for f in found if f[0].type not in DIPLOMATIC), key=lambda f: f[1]
    ):
        etype = rule.type
        group = rule.group
        if rule.promote_resignation:
            etype = "regime_change"
        if etype == "resignation_or_appointment" and any(
            r.type == "regime_change" and s0 <= start < e0 for r, s0, e0, _n in found
        ):
            continue  # "resigned under pressure from the army": the words of the regime change
        if (
            etype == "resignation_or_appointment"
            and "regime_change" in types_here
            and not _ELECTORAL.search(_scope_text(sent, start, "clause"))
        ):
            continue  # the successor's swearing-in is part of the regime change
        if etype == "protest" and sent.is_toll and _toll_scope(lex, sent, start):
            continue  # "deaths since the protests began": the toll's scope, not a protest
        if etype == "protest" and any(
            r.type == "mining_conflict"
            and r.group == "attack"
            and clause_of(sent, s0) == clause_of(sent, start)
            for r, s0, _e0, _n in found
        ):
            continue  # "guards shot at them during a protest at the mine": one mining_conflict
        if (
            etype == "protest"
            and _FUNERAL.search(_local_text(sent, start, end))
            and not _DEMANDS.search(sent.text)
            and not any(
                _DEMANDS.search(p.text)
                for p in ctx.sentences
                if p.para == sent.para and p.index == sent.index - 1
            )
        ):
            continue  # a funeral march to the cemetery mourns; one that demands justice protests
        if etype == "protest":
            clause_text = _scope_text(sent, start, "clause")
            if lex.mine_site.search(clause_text) and not lex.mine_site_block.search(clause_text):
                etype = "mining_conflict"
                group = "attack"
        if etype == "repression_killing":
            if re.fullmatch(
                r"(?i)deaths?|killings?", sent.text[start - sent.start : end - sent.start]
            ) and _REFERENCE_NOUN.search(sent.text[: start - sent.start]):
                continue  # "the Senkata deaths", "Tuesday's deaths": told before, named again
            if any(a <= start < b for a, b in sent.toll_windows) or (
                sent.is_toll and _toll_scope(lex, sent, start)
            ):
                continue
            if lex.non_repression.search(sent.text) or (
                lex.police_victim.search(sent.text)
                and not re.search(
                    r"\b(civilians|protesters|manifestantes|civiles|personas|people)\b",
                    sent.text,
                    re.I,
                )
            ):
                etype = "other"
        if (
            etype == "repression_killing"
            and _CLASH_WORDS.search(sent.text)
            and not _STATE_FORCE.search(sent.text)
        ):
            etype = "clash"  # deaths "during the clashes", nobody blamed (DEV.md)
        if rule.type == "clash" and "repression_killing" in types_here:
            continue
        people: list[str] = [""]
        if "split_people" in rule.flags:
            persons = [
                e.text
                for e in sent.ents
                if e.label in ("PERSON", "PER")
                and len(e.text.split()) >= 2
                and all(w[:1].isupper() for w in e.text.split() if len(w) > 3)
            ]
            if len(persons) >= 2 and re.search(r"\b(and|y)\b", sent.text):
                people = persons
        for person in people:
            key = (etype, group + "|" + person)
            if key in seen_groups:
                continue
            cand = Candidate(type=etype, group=group, sent=sent, trig_start=start, trig_end=end)
            cand.no_country = "no_country" in rule.flags
            if person:
                cand.speaker = person
                cand.actors.append(EventActor(name=person, role="participant"))
            others = tuple(f[1] for f in found if f[0].type != etype)
            d, src = _date_for(ctx, sent, start, pos_end=end, others=others)
            if "held" in rule.flags:
                if d is None or src not in ("clause", "sentence"):
                    break
                if ctx.published and d.value > ctx.published[: len(d.value)]:
                    break
            if rule.type == "repression_killing":
                _counts(ctx, sent, cand)
                if cand.fatalities is None and etype == "clash":
                    break
                if cand.fatalities is None:
                    if _single_victim(ctx, sent) or (
                        etype == "other" and lex.police_victim.search(sent.text)
                    ):
                        cand.fatalities = ValueSpan(value=1, span=Span(start, end))
                    elif not _VAGUE_DEAD.search(sent.text):
                        break  # "varios muertos": a killing with no number (DEV.md: null)
            if etype == "mining_conflict":
                _counts(ctx, sent, cand)
                cand.fatalities = None
            if etype == "regime_change" and _NOUN_EVENT.fullmatch(
                sent.text[start - sent.start : end - sent.start]
            ):
                cand.noun = True
                if d is not None:
                    d, src = _noun_date(ctx, sent, start, end, d, src, found)
            cand.date = d
            cand.date_source = src
            cand.place = _place_for(ctx, sent, start, others)
            seen_groups[key] = cand
            cands.append(cand)
    # Two happenings of one type in one sentence do not share a date mention: the nearer
    # trigger keeps it ("decretó un toque de queda que el lunes fue prorrogado").
    for a in cands:
        for b in cands:
            if a is b or a.type != b.type or a.date is None or a.date is not b.date:
                continue
            if a.group == b.group:
                continue
            if a.speaker != b.speaker and a.type in DIPLOMATIC:
                continue
            da = min(abs(a.date.start - a.trig_end), abs(a.trig_start - a.date.end))
            db = min(abs(b.date.start - b.trig_end), abs(b.trig_start - b.date.end))
            loser = a if da > db else b
            d2, src2 = _date_for(
                ctx, sent, loser.trig_start, pos_end=loser.trig_end, taken=frozenset({id(a.date)})
            )
            loser.date, loser.date_source = d2, src2
    for cand in cands:
        if cand.date is not None:
            cand.date_value = cand.date.value
        else:
            cand.date_value, cand.date_source = ctx.fallback_date(cand.trig_start)
            if cand.noun and cand.date_value:
                # "since the coup": a reference to a happening told elsewhere, so only the
                # year is a safe guess, and it lets the mention merge with the report.
                cand.date_value = cand.date_value[:4]
    # One act reported by several trigger words of one type ("acusado ... arresto
    # domiciliario", "opened fire on residents protesting outside the mine gate").
    kept: list[Candidate] = []
    for cand in cands:
        dup = next(
            (
                k
                for k in kept
                if k.type == cand.type
                and k.type in _SAME_SENTENCE_ONE
                and (
                    k.date_value == cand.date_value
                    or _SOURCE_RANK[cand.date_source] == 0
                    or _SOURCE_RANK[k.date_source] == 0
                )
                # Legal acts of different kinds (a suit and a ruling) stay apart; "investigated
                # for rebellion" beside a detention order only describes it.
                and (
                    k.type != "legal_action"
                    or "charges" in (k.group, cand.group)
                    or k.group == cand.group
                )
                and (k.speaker or "") == (cand.speaker or "")
            ),
            None,
        )
        if dup is None:
            kept.append(cand)
        elif dup.injured is None:
            dup.injured = cand.injured
    for cand in kept:
        if cand.country is None:
            cand.country = _country_for(ctx, cand)
        _add_actors(ctx, sent, cand, others=tuple(c.trig_start for c in kept if c is not cand))
        if (
            cand.place is None
            and ctx.dateline is not None
            and cand.type not in DIPLOMATIC
            and cand.country == ctx.dateline.country
        ):
            # Wire copy tells what happened in its main town unless it names another.
            cand.place = Place(
                name=ctx.dateline.name, span=ctx.dateline.span, country=ctx.dateline.country
            )
        elif (
            cand.place is not None
            and _FACILITY.search(cand.place.name)
            and ctx.dateline is not None
            and cand.place.country in (None, ctx.dateline.country)
        ):
            cand.place = Place(
                name=ctx.dateline.name, span=ctx.dateline.span, country=ctx.dateline.country
            )
    return kept


# Deaths during clashes are a clash unless the text blames the state's forces or gunfire.
_CLASH_WORDS = re.compile(
    r"(?i)\b(clash(es|ed)?|confrontations?|enfrentamientos?|choques?|se enfrentaron)\b"
)
_STATE_FORCE = re.compile(
    r"(?i)\b(police|policemen|soldiers?|troops|army|military|security forces|guards|gunfire|"
    r"shot|bullets?|opened fire|fired|polic[ií]as?|policiales|soldados?|militares|ej[ée]rcito|"
    r"fuerzas (del orden|de seguridad|armadas|militares)|uniformados|guardias|disparos?|"
    r"dispar\w*|balas?|balazos?|baleados?|proyectil\w*|impactos? de bala|represi[óo]n)\b"
)
_FUNERAL = re.compile(
    r"(?i)\b(marcha f[úu]nebre|cortejo f[úu]nebre|funeral (march|procession)|procession|"
    r"cortege|f[ée]retros|coffins|caskets)\b"
)
_DEMANDS = re.compile(
    r"(?i)\b(exig\w*|reclam\w*|demand\w*|justicia|justice|protest\w*|contra|against|"
    r"consignas|slogans|chant\w*|resign\w*|renuncia|dispers\w*|tear gas|gases)\b"
)
_VAGUE_DEAD = re.compile(
    r"(?i)\b(dejaron|dej[óo]|caus(ó|aron)|con un saldo de) (varios|numerosos|decenas de )?"
    r"(muertos|fallecidos|v[íi]ctimas mortales)|\b(several|many|a number of) (people )?"
    r"(were |had been )?(killed|dead)\b|\bleft (several|many) (people )?dead\b"
)
_AFTER_WHAT = re.compile(r"(?i)\b(after|following|tras|despu[ée]s de( que)?|luego de( que)?)\b")
_REFERENCE_NOUN = re.compile(r"(?:\b[Tt]he [A-Z][\w-]+|\w['’]s)\s+$")
_ELECTORAL = re.compile(r"(?i)\b(elections?|elecciones|comicios|vote|votaci[óo]n|won|gan[óo])\b")
_SAME_SENTENCE_ONE = frozenset({"legal_action", "protest", "arrest"})

_NOUN_EVENT = re.compile(
    r"(?i)(coup( d['’]?[eé]tat)?|golpe( de estado)?|ouster|overthrow|derrocamiento|"
    r"destituci[óo]n|regime change|removal of \S+)"
)
_REFERENCE_BEFORE = re.compile(
    r"(?i)\b(since|after|following|desde|tras|despu[ée]s de|called|calling|calificaron?|"
    r"ratified|ratific[óo])\s+(the\s+|el\s+|la\s+|a\s+|his\s+|her\s+|su\s+)?([\w'’]+\s+)?$"
)


def _noun_date(
    ctx: DocContext,
    sent: Sentence,
    start: int,
    end: int,
    d: DateRef,
    src: str,
    found: list[tuple[Rule, int, int, bool]],
) -> tuple[DateRef | None, str]:
    """A noun naming a past event ("since the coup", "dijo el lunes que el golpe...") refers to
    it; the clause's date belongs to the clause's own verb, unless the date names the event
    ("the June 28 coup", "el golpe del 28 de junio")."""
    adjacent = 0 <= start - d.end <= 20 or 0 <= d.start - end <= 12
    if adjacent:
        return d, src
    if src != "clause":
        return None, "none"
    lo, hi = min(d.end, start), max(d.start, end)
    between = [t for t in found if t[0].type != "regime_change" and lo <= t[1] < hi]
    gap = sent.text[d.end - sent.start : start - sent.start] if d.end <= start else ""
    if re.search(r"(?i)\b(that|que)\b", gap):
        return None, "none"  # "dijo el lunes que el golpe...": the date is the saying's
    ref = _REFERENCE_BEFORE.search(sent.text[max(0, start - sent.start - 30) : start - sent.start])
    if between or ref:
        return None, "none"
    return d, src


def _diplomatic(
    ctx: DocContext, sent: Sentence, dip: list[tuple[Rule, int, int, bool]]
) -> list[Candidate]:
    """One recognition or statement per speaker, typed by the trigger that governs it."""
    speakers = find_speakers(ctx, sent)
    generic = _GENERIC_VOICE.match(sent.text)
    if not speakers and generic and generic.end() > generic.start():
        # "España se pronunció. El Ministerio de Asuntos Exteriores señaló ...": a generic
        # ministry or government opening the sentence speaks for the one country just named;
        # its words are the quote for that actor.
        prev = [s for s in ctx.sentences if s.para == sent.para and s.index == sent.index - 1]
        if prev:
            voices = {sp.name: sp for sp in find_speakers(ctx, prev[0]) if sp.country}
            if len(voices) == 1:
                only = next(iter(voices.values()))
                start, end = sent.start + generic.start(), sent.start + generic.end()
                speakers = [Speaker(only.name, only.country, start, end)]
    if not speakers and _ANON_GOVS.search(sent.text):
        m = _ANON_GOVS.search(sent.text)
        assert m is not None
        speakers = [Speaker("", None, sent.start + m.start(), sent.start + m.end())]
    out: list[Candidate] = []
    done: set[str] = set()
    for sp in speakers:
        if sp.name in done:
            continue
        # Triggers after the speaker first (subject - verb order), nearest first; every
        # mention of the speaker counts ("Canadá ... Global Affairs Canada ... que Ottawa apoya").
        mentions = [m for m in speakers if m.name == sp.name]
        after = [t for t in dip for m in mentions if t[1] >= m.end and t[1] - m.end < 160]
        before = [t for t in dip for m in mentions if t[2] <= m.start and m.start - t[2] < 80]
        # A recognition trigger beats a plain statement verb near the same speaker.
        pool = after or before
        if not pool:
            continue
        rec = [t for t in pool if t[0].type == "diplomatic_recognition"]

        def near(t: tuple[Rule, int, int, bool], ms: list[Speaker] = mentions) -> int:
            return min(abs(t[1] - m.end) for m in ms)

        rule, ts, te, neg = min(rec, key=near) if rec else min(pool, key=near)
        etype = rule.type
        if etype == "diplomatic_recognition" and neg:
            etype = rule.negated_as or "diplomatic_statement"
        if etype == "diplomatic_statement" and rule.type == "diplomatic_statement":
            # A plain statement verb needs the speaker to be its subject, not a bystander.
            pass
        cand = Candidate(type=etype, group="diplomatic", sent=sent, trig_start=ts, trig_end=te)
        cand.speaker = sp.name or f"anon@{sp.start}"
        if sp.name:
            cand.actors.append(EventActor(name=sp.name, role="agent", span=Span(sp.start, sp.end)))
        saying = bool(_SAYING.fullmatch(sent.text[ts - sent.start : te - sent.start]))
        d, src = _date_for(ctx, sent, ts, after=sp.end, pos_end=te, saying=saying)
        cand.date, cand.date_source = d, src
        out.append(cand)
        done.add(sp.name)
    return out


# --------------------------------------------------------------------------- merging


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    pa, pb = a.split("-"), b.split("-")
    n = min(len(pa), len(pb))
    return pa[:n] == pb[:n]


_SOURCE_RANK = {"clause": 3, "sentence": 2, "context": 1, "fallback": 0, "none": 0}


def merge_events(cands: list[Candidate]) -> list[Candidate]:
    """One event per happening: repeated mentions (same type, compatible date and country,
    same speaker or person) are merged, keeping the best-dated mention's values."""
    out: list[Candidate] = []
    for c in cands:
        target: Candidate | None = None
        for o in out:
            if o.type != c.type:
                continue
            if o.type not in DIPLOMATIC and o.type != "repression_killing" and o.group != c.group:
                continue
            if (o.speaker or "") != (c.speaker or ""):
                continue
            if not _compatible(o.date_value, c.date_value):
                continue
            if o.country and c.country and o.country != c.country:
                continue
            if (
                o.sent is not c.sent
                and _SOURCE_RANK[o.date_source] >= 1
                and _SOURCE_RANK[c.date_source] >= 1
                and o.date_value != c.date_value
            ):
                continue
            same_day = (
                o.date_value is not None
                and c.date_value is not None
                and len(o.date_value) == 10
                and o.date_value == c.date_value
            )
            if (
                o.type == "repression_killing"
                and not same_day
                and o.place is not None
                and c.place is not None
                and o.sent is not c.sent
                and o.place.name.lower() not in c.place.name.lower()
                and c.place.name.lower() not in o.place.name.lower()
                and (
                    (_SOURCE_RANK[o.date_source] >= 1 and _SOURCE_RANK[c.date_source] >= 1)
                    or (
                        o.fatalities is not None
                        and c.fatalities is not None
                        and o.fatalities.value != c.fatalities.value
                    )
                )
            ):
                continue
            target = o
            break
        if target is None:
            out.append(c)
            continue
        if _SOURCE_RANK[c.date_source] > _SOURCE_RANK[target.date_source] or (
            _SOURCE_RANK[c.date_source] == _SOURCE_RANK[target.date_source]
            and c.date_value
            and target.date_value
            and len(c.date_value) > len(target.date_value)
        ):
            target.date, target.date_value, target.date_source = c.date, c.date_value, c.date_source
            if c.place is not None:
                target.place = c.place
        if target.place is None:
            target.place = c.place
        if target.fatalities is None:
            target.fatalities = c.fatalities
        if target.injured is None:
            target.injured = c.injured
        names = {a.name for a in target.actors}
        target.actors.extend(a for a in c.actors if a.name not in names)
        target.confirmed = True
        if target.sent.headline and not c.sent.headline:
            target.sent, target.trig_start, target.trig_end = c.sent, c.trig_start, c.trig_end
    # A headline summarises the body: a headline event the body never reports again is
    # usually a paraphrase with the wrong type or date ("Morales resigns"), so it is dropped.
    return [o for o in out if not o.sent.headline or o.confirmed]


def to_event(c: Candidate) -> Event:
    """The `types.Event` of a merged candidate (evidence: its sentence)."""
    date: ValueSpan | None = None
    if c.date_value:
        prec = {4: "year", 7: "month"}.get(len(c.date_value), "day")
        span = (
            Span(c.date.start, c.date.end) if c.date is not None else Span(c.trig_start, c.trig_end)
        )
        date = ValueSpan(value=c.date_value, span=span, precision=prec)  # type: ignore[arg-type]
    return Event(
        type=c.type,
        evidence=Span(c.sent.start, c.sent.end),
        trigger=Span(c.trig_start, c.trig_end),
        date=date,
        country=c.country,
        place=c.place,
        fatalities=c.fatalities,
        injured=c.injured,
        actors=[a for a in c.actors if a.name],
        confidence={"clause": 0.7, "sentence": 0.65, "context": 0.6}.get(c.date_source, 0.5),
    )
