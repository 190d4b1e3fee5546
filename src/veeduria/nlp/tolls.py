"""Death tolls: cumulative counts of deaths for a country and scope, valid as of a date.

Why separate from killings: DEV.md codes a count that spans several incidents or a period
("since 7 December", "in the protests", "so far") as a toll (a `DeathToll` plus a
`death_toll_update` event), while a per-incident count only sets that incident's fatalities.
What makes a count cumulative is the wording around it, which the lexicons hold (`toll_cues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veeduria.nlp.events import (
    Candidate,
    DateRef,
    DocContext,
    Sentence,
    clause_of,
    country_mentions,
)
from veeduria.types import DeathToll, EventActor, Span

__all__ = ["TollMention", "find_tolls"]


@dataclass
class TollMention:
    """A toll found in one sentence, with the window of text that makes it cumulative."""

    count: int
    span: Span  # the count as written
    window: Span  # the words read to decide it is a toll
    sent: Sentence
    as_of: str | None
    date: DateRef | None
    country: str | None
    source: str | None = None


_TOLL_NOUN = re.compile(
    r"\b(death toll|toll|overall figure|figure|body count|cifra|n[úu]mero de (muertos|fallecidos|"
    r"v[íi]ctimas)|saldo|balance)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\b(since|desde|began|begun|started|comenzaron|empezaron|entre|between|from)\b[^,;.]{0,40}$",
    re.IGNORECASE,
)
_REPORT_VERB = re.compile(
    r"\b(said|says|reported|confirmed|put|counts|informó|inform[óo]|elev[óo]|report[óo]|dijo|"
    r"señal[óo]|confirm[óo]|contabiliza|registr[óo])\b",
    re.IGNORECASE,
)
_PRESENT_PERFECT = re.compile(
    r"\b(so far|to date|hasta ahora|hasta el momento|and counting)\b", re.IGNORECASE
)
_NOT_SINCE = re.compile(r"\b(desde hac[ií]a|desde hace)\b", re.IGNORECASE)
_SOURCES = [
    (re.compile(r"Ombudsman|Defensor[ií]a", re.I), "Defensoría del Pueblo"),
    (re.compile(r"Amnesty|Amnist[ií]a", re.I), "Amnesty International"),
    (re.compile(r"Human Rights Watch|\bHRW\b", re.I), "Human Rights Watch"),
    (
        re.compile(r"\bGIEI\b|Interdisciplinary Group", re.I),
        "Interdisciplinary Group of Independent Experts for Bolivia",
    ),
    (
        re.compile(r"IACHR|CIDH|Inter-American Commission|Comisi[óo]n Interamericana", re.I),
        "Inter-American Commission on Human Rights",
    ),
]


def _is_cumulative(ctx: DocContext, text: str) -> bool:
    cleaned = _NOT_SINCE.sub(" ", text)
    return bool(ctx.lex.toll_cues.search(cleaned) or _TOLL_NOUN.search(cleaned))


_BREAKDOWN = re.compile(
    r"\b(including|includes|included|among them|of them|entre ellos|entre ellas|incluid[oa]s|"
    r"incluye|de ellos|de ellas)\b[^.;]{0,50}$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"^\s*(d[íi]as|days|años|years|meses|months|horas|hours|semanas|weeks|%|por ciento|percent)",
    re.IGNORECASE,
)
_ACCIDENT = re.compile(r"^[^.;]{0,40}\b(accidents?|accidentes?)\b", re.IGNORECASE)


def _cue_spans(ctx: DocContext, text: str, offset: int) -> list[tuple[int, int]]:
    cleaned = _NOT_SINCE.sub(lambda m: " " * len(m.group(0)), text)
    spans = [(offset + m.start(), offset + m.end()) for m in ctx.lex.toll_cues.finditer(cleaned)]
    spans += [(offset + m.start(), offset + m.end()) for m in _TOLL_NOUN.finditer(cleaned)]
    return sorted(spans)


def find_tolls(ctx: DocContext, sent: Sentence) -> list[TollMention]:
    """Cumulative death counts stated in one sentence.

    A count is cumulative when a toll cue ("death toll", "since 7 December", "so far", "en
    todo el país") stands next to it, between it and its neighbouring counts, in its clause.
    Breakdowns ("including two teachers", "and seven people who died in accidents") are not
    tolls of their own."""
    if not ctx.in_domain:
        return []
    has_death = bool(ctx.lex.death_words.search(sent.text))
    noun = _TOLL_NOUN.search(sent.text)
    if not has_death:
        prev = ctx.sentences[sent.index - 1] if sent.index > 0 else None
        if not (noun and prev is not None and prev.is_toll):
            return []
    from veeduria.nlp.numbers import find_casualties, find_quantities

    counts: list[tuple[int, int, int]] = []  # (start, end, value) in document offsets
    for c in find_casualties(sent.text, ctx.lang, offset=sent.start):
        if c.kind != "killed":
            continue
        if c.head and re.search(r"polic|officer|agente|soldier|soldado", c.head, re.I):
            continue
        counts.append((c.start, c.end, c.value))
    if noun:
        for q in find_quantities(sent.text, ctx.lang):
            qs, qe = sent.start + q.start, sent.start + q.end
            if q.start < noun.start():
                continue
            if any(not (qe <= s or qs >= e) for s, e, _v in counts):
                continue
            if 1900 <= q.value <= 2100 or _UNIT_AFTER.match(ctx.text[qe : qe + 12]):
                continue
            counts.append((qs, qe, q.value))
    counts = sorted(c for c in counts if c[2] >= 2)
    kept: list[tuple[int, int, int]] = []
    for s, e, v in counts:
        # A breakdown right after a total ("55 personas, 54 civiles y un policía").
        if kept and s - kept[-1][1] <= 12 and v < kept[-1][2]:
            continue
        before = ctx.text[max(sent.start, s - 60) : s]
        if kept and _BREAKDOWN.search(before):
            continue
        if _ACCIDENT.search(ctx.text[e : min(sent.end, e + 60)]):
            continue
        kept.append((s, e, v))
    out: list[TollMention] = []
    for i, (s, e, v) in enumerate(kept):
        clause = clause_of(sent, s)
        lo = max(clause.start, kept[i - 1][1] if i else clause.start, s - 70)
        hi = min(clause.end, kept[i + 1][0] if i + 1 < len(kept) else clause.end, e + 90)
        cut = re.search(r",\s+(según|according to|including|incluid)", ctx.text[e:hi], re.I)
        if cut:
            hi = e + cut.start()
        cues = _cue_spans(ctx, ctx.text[lo:hi], lo)
        if not cues and out and out[-1].span.end == (kept[i - 1][1] if i else -1):
            between = ctx.text[out[-1].span.end : s]
            if len(between) < 45 and re.search(r"\b(y|and|then|luego|later)\b", between):
                cues = [(s, e)]  # a series: "47 el 10 de enero y de 49 dos días después"
        if not cues:
            continue
        w_lo = min([s] + [a for a, _b in cues])
        w_hi = max([e] + [b for _a, b in cues])
        date = _toll_date(ctx, sent, s, e, w_lo, w_hi, tuple(k[0] for k in kept if k[0] != s))
        as_of = date.value if date is not None else None
        if as_of is None:
            as_of = _context_as_of(ctx, sent)
        mentions = [c for _a, _b, c in country_mentions(ctx.text[w_lo:w_hi], ctx.lex)]
        country = mentions[0] if mentions else ctx.dominant
        source = None
        for rx, name in _SOURCES:
            if rx.search(sent.text):
                source = name
                break
        out.append(
            TollMention(
                count=v,
                span=Span(s, e),
                window=Span(w_lo, w_hi),
                sent=sent,
                as_of=as_of,
                date=date,
                country=country,
                source=source,
            )
        )
    return out


def _toll_date(
    ctx: DocContext,
    sent: Sentence,
    s: int,
    e: int,
    lo: int,
    hi: int,
    others: tuple[int, ...] = (),
) -> DateRef | None:
    """The date a toll is valid for: the statement's date in its clause, never a 'since' date."""
    best: tuple[float, DateRef] | None = None
    clause = clause_of(sent, s)
    for d in sent.dates:
        if d.until or d.since:
            continue
        before = ctx.text[max(sent.start, d.start - 45) : d.start]
        if _SINCE.search(before) and not _NOT_SINCE.search(before):
            continue
        if not (clause.start <= d.start < clause.end):
            continue
        dist = float(min(abs(d.start - e), abs(d.end - s)))
        reported = bool(
            _REPORT_VERB.search(ctx.text[max(sent.start, d.start - 25) : d.start])
            or _REPORT_VERB.search(ctx.text[d.end : d.end + 12])
        )
        # "By Monday night the Ombudsman had confirmed 39": frames the clause, unless another
        # count stands between (a series: "47 el 10 de enero y de 49 dos días después").
        framing = d.start - sent.start < 25 and not any(d.end <= a < s for a in others)
        inside = lo - 40 <= d.start < hi + 25
        if not (inside or reported or framing):
            continue
        if reported:
            dist -= 1000.0
        elif framing:
            dist -= 200.0
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


def _context_as_of(ctx: DocContext, sent: Sentence) -> str | None:
    """No date next to the count: a recent day stated just before, else publication."""
    if not _PRESENT_PERFECT.search(sent.text) and ctx.published and len(ctx.published) == 10:
        prev = [
            d
            for s in ctx.sentences
            if s.para == sent.para and s.index == sent.index - 1
            for d in s.dates
            if not d.since and not d.until and len(d.value) == 10
        ]
        if prev and ctx.published >= prev[-1].value >= _minus_days(ctx.published, 10):
            return prev[-1].value
    return ctx.published


def _minus_days(iso: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) - timedelta(days=days)).isoformat()


def to_toll(t: TollMention) -> DeathToll:
    return DeathToll(
        country=t.country,
        count=t.count,
        span=t.span,
        evidence=Span(t.sent.start, t.sent.end),
        as_of=t.as_of,
        scope=None,
    )


def toll_event(t: TollMention) -> Candidate:
    """The `death_toll_update` event that goes with a toll (same country and date)."""
    c = Candidate(
        type="death_toll_update",
        group="toll",
        sent=t.sent,
        trig_start=t.span.start,
        trig_end=t.span.end,
    )
    c.date = t.date
    c.date_value = t.as_of
    c.date_source = "clause" if t.date is not None else "fallback"
    c.country = t.country
    c.speaker = f"toll:{t.count}"
    if t.source:
        c.actors.append(EventActor(name=t.source, role="agent"))
    return c
