"""Date mentions in English and Spanish news text, resolved against the publication date.

Everything here is rule based and precompiled: scanning must run at hundreds of thousands of
words per second, and dateparser both guesses precision wrongly ("diciembre de 2022" gets a day)
and loses ranges and "pasado"/"próximo". So no dateparser.

Conventions (see shared/eval/DEV.md and the `notes` of dev.jsonl):
- Weekdays ("on Monday", "el lunes", "este martes", "Monday") resolve to the most recent such day
  on or before the publication date (an article of Thursday saying "on Thursday" means that day);
  "last Monday"/"el lunes pasado"/"el pasado lunes" to the most recent one strictly before it;
  "next Monday"/"el próximo lunes", or a weekday after a future cue ("will", "opens", "se
  realizará", a Spanish future verb), to the first one after it.
- A day and month without a year are in the past (news reports the past), except a date later in
  the publication's calendar year at most 90 days ahead ("fixing Oct. 18 as the election date" in
  August), one just across New Year at most 45 days ahead, or one after a future cue ("Lobo is due
  to take office on Jan. 27" in December → next year). A month alone is future only after a cue.
- "last week", "this week", "over the weekend" keep month precision (the month of the week's
  Thursday when the week straddles two months); "last month" / "el mes pasado" month; "last year"
  year; "N days ago" day; "N years ago today" day.
- Ranges ("March 5–8, 2023", "del 5 al 8 de marzo") give the start date in `value` and the last day
  in `end_value` (multi-day events take their start date).
- A date without a year takes the year stated earlier in the same sentence ("between 1 September
  and 31 December 2019 ... Sacaba, on 15 November"), or, after "that year"/"ese año", the last
  stated year.
- Anaphoric expressions ("the day before", "dos días después", "al día siguiente") resolve against
  the nearest preceding day-precision date in the scanned text; `anchor_offset_days` says how far.
- A page-header, dateline or byline date ("LIMA, Dec 8 (Andean Wire) -", "Lima, 23 de enero.",
  "originally published on X, October 18, 2020") is flagged `is_dateline=True`: it is the
  publication date, not an event date.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from veeduria.nlp.numbers import parse_number
from veeduria.types import DatePrecision, Span, ValueSpan

DateKind = Literal["explicit", "numeric", "year", "relative", "weekday", "anaphoric"]


@dataclass(frozen=True)
class DateMention:
    """One date expression: `text[start:end]` is its quote."""

    start: int
    end: int
    text: str
    value: str | None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"; None when it cannot be resolved
    precision: DatePrecision | None
    end_value: str | None = None  # last day/month of a range
    relative: bool = False  # resolved against the publication date or another date
    is_dateline: bool = False  # page header / dateline / byline: the publication date
    kind: DateKind = "explicit"
    future: bool = False  # resolved forward from the publication date
    anchor_offset_days: int | None = None  # anaphoric: days from the anchor date
    year_from_context: bool = False  # year taken from an earlier stated year ("that year")
    month_day: str | None = None  # "MM" or "MM-DD" as stated, when the text gives no year

    def as_value_span(self) -> ValueSpan | None:
        """This mention as an event's `types.ValueSpan`, or None when it has no value."""
        if self.value is None or self.precision is None:
            return None
        return ValueSpan(
            value=self.value,
            span=Span(self.start, self.end),
            precision=self.precision,
            end_value=self.end_value,
        )


# --------------------------------------------------------------------------- vocabulary

_EN_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _n in _names:
        _EN_MONTHS[_n] = _i

_ES_MONTHS: dict[str, int] = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}

_EN_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_ES_WEEKDAYS = {
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sábado": 5,
    "sabado": 5,
    "domingo": 6,
}

# English month names must be capitalized ("march", "may" are words); abbreviations may take a dot.
_EN_MONTH_RE = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?"
    r"|Dec\.?)(?![\w])"
)
_ES_MONTH_RE = (
    r"(?P<{g}>(?i:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre"
    r"|octubre|noviembre|diciembre))(?![\w])"
)
_EN_WD_RE = r"(?P<{g}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ES_WD_RE = r"(?P<{g}>(?i:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo))"
_DAY = r"(?P<{g}>[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>1[89]\d\d|20\d\d)"
_DASH = r"[-–—]"


def _g(pattern: str, g: str) -> str:
    return pattern.replace("{g}", g)


_NUMWORD_EN = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|[a-z]+-[a-z]+)"
)
_NUMWORD_ES = (
    r"(?:\d{1,3}|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|"
    r"veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien)"
)

# ------------------------------------------------------------------------------ patterns

_F = re.UNICODE

EN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?![\d])"),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![\d/.])(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<y>(?:19|20)\d\d)(?![\d/.])"
        ),
    ),
    # (Monday,) March 5(–8|to 8|to March 8)(, 2023)
    (
        "md",
        re.compile(
            r"(?:"
            + _g(_EN_WD_RE, "wd")
            + r",?\s+)?"
            + _g(_EN_MONTH_RE, "m")
            + r"\s+"
            + _g(_DAY, "d")
            + _ORD
            + r"(?![\d:])"
            + r"(?:\s*(?:"
            + _DASH
            + r"|to|through|and|until)\s*(?:"
            + _g(_EN_MONTH_RE, "m2")
            + r"\s+)?"
            + _g(_DAY, "d2")
            + _ORD
            + r"(?![\d:]))?"
            + r"(?:,?\s+"
            + _g(_YEAR, "y")
            + r"(?!\d))?",
            _F,
        ),
    ),
    # (between) 5 (and|–) 8 March (2023) ; (Monday,) 9 January 2023 ; the 9th of January
    (
        "dm",
        re.compile(
            r"(?:"
            + _g(_EN_WD_RE, "wd")
            + r",?\s+)?(?:the\s+)?"
            + r"(?<![\d.,])"
            + _g(_DAY, "d")
            + _ORD
            + r"(?:\s*(?:"
            + _DASH
            + r"|to|and)\s*(?:the\s+)?"
            + _g(_DAY, "d2")
            + _ORD
            + r")?"
            + r"\s+(?:of\s+)?"
            + _g(_EN_MONTH_RE, "m")
            + r"(?:,?\s+"
            + _g(_YEAR, "y")
            + r"(?!\d))?",
            _F,
        ),
    ),
    # December 2022 ; Dec. 2022
    ("my", re.compile(_g(_EN_MONTH_RE, "m") + r",?\s+(?:of\s+)?" + _g(_YEAR, "y") + r"(?!\d)", _F)),
    # in January ; since early March ; last December
    (
        "mcue",
        re.compile(
            r"(?P<cue>\b(?i:in|since|by|until|till|from|through|during|before|after|between|"
            r"early|late|mid|last|this|next|of|on|and|to|or|the)\s+(?i:early\s+|late\s+|mid-?)?)"
            + _g(_EN_MONTH_RE, "m")
            + r"(?P<that>,?\s+(?:of\s+)?(?:that|the\s+same)\s+year)?",
            _F,
        ),
    ),
    (
        "year",
        re.compile(r"(?<![\w$€£.,/-])" + _g(_YEAR, "y") + r"(?![\w%]|[.,]\d|-\d|\s*(?:%|percent))"),
    ),
]

ES_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", EN_PATTERNS[0][1]),
    ("numeric", EN_PATTERNS[1][1]),
    # (el) (lunes) 9 (de enero) (al|y el) 12 de enero (de 2023)
    (
        "dm",
        re.compile(
            r"(?:(?P<pre>\b(?:(?i:el|del|desde el|entre el|este|el pasado|el próximo|pasado|"
            r"próximo|hasta el))\s+))?"
            r"(?:"
            + _g(_ES_WD_RE, "wd")
            + r",?\s+)?"
            + r"(?<![\d.,])(?P<d>[12]\d|3[01]|0?[1-9]|(?i:primero)|1\.?[ºo°])(?![\d:])"
            + r"(?:\s+de\s+"
            + _g(_ES_MONTH_RE, "m1")
            + r")?"
            + r"(?:\s*(?:"
            + _DASH
            + r"|al|a|y\s+el|y)\s+(?:el\s+)?"
            + _g(_DAY, "d2")
            + r")?"
            + r"\s+de\s+"
            + _g(_ES_MONTH_RE, "m")
            + r"(?:,?\s+(?:de|del)\s+"
            + _g(_YEAR, "y")
            + r"(?!\d)"
            + r"|(?P<that>\s+(?:de|del)\s+(?:ese|aquel|mismo|dicho)\s+año))?",
            _F,
        ),
    ),
    # diciembre de 2022
    (
        "my",
        re.compile(_g(_ES_MONTH_RE, "m") + r"\s+(?:de|del)\s+" + _g(_YEAR, "y") + r"(?!\d)", _F),
    ),
    (
        "mcue",
        re.compile(
            r"(?P<cue>\b(?i:en|desde|hasta|de|durante|para|entre|y|a|antes\s+de|después\s+de|"
            r"principios\s+de|finales\s+de|mediados\s+de|fines\s+de|inicios\s+de)\s+)"
            + _g(_ES_MONTH_RE, "m")
            + r"(?!\s+(?:de|del)\s+\d)(?:\s+(?P<pasado>pasado))?"
            + r"(?P<that>\s+(?:de|del)\s+(?:ese|aquel|mismo|dicho)\s+año|\s+del\s+mismo\s+año)?",
            _F,
        ),
    ),
    ("year", EN_PATTERNS[-1][1]),
]

# Relative expressions. Each named group `rel` is followed by a handler key.
_EN_REL: list[tuple[str, re.Pattern[str]]] = [
    (
        "years_ago_today",
        re.compile(r"\b(?P<n>" + _NUMWORD_EN + r")\s+years?\s+ago\s+today\b", re.I),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>" + _NUMWORD_EN + r")\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I
        ),
    ),
    ("yesterday", re.compile(r"\b(?:the\s+day\s+before\s+yesterday|yesterday)\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.I)),
    ("lastnight", re.compile(r"\b(?:last\s+night|overnight)\b", re.I)),
    (
        "week",
        re.compile(
            r"\b(?P<which>last|this|next|earlier\s+this|later\s+this|the\s+previous|the\s+past|"
            r"the\s+following)\s+week(?:end)?\b",
            re.I,
        ),
    ),
    ("weekend", re.compile(r"\b(?:over|during|at)\s+the\s+weekend\b", re.I)),
    (
        "month",
        re.compile(
            r"\b(?P<which>last|this|next|earlier\s+this|later\s+this|the\s+previous|the\s+past|"
            r"early\s+this|late\s+last|early\s+last)\s+month\b",
            re.I,
        ),
    ),
    (
        "year_rel",
        re.compile(
            r"\b(?P<which>last|this|next|earlier\s+this|later\s+this|the\s+previous|the\s+past|"
            r"early\s+this|late\s+last|early\s+last)\s+year\b",
            re.I,
        ),
    ),
    (
        "anaphoric",
        re.compile(
            r"\b(?:(?P<before>the\s+(?:day|night|evening)\s+before|the\s+previous\s+day|"
            r"a\s+day\s+earlier)|(?P<after>the\s+(?:next|following)\s+day|a\s+day\s+later)|"
            r"(?P<n>" + _NUMWORD_EN + r")\s+days?\s+(?P<dir>later|after|earlier|before))",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"(?P<cue>\b(?:(?:early|late)\s+(?:on\s+)?|on\s+|last\s+|this\s+(?:past\s+)?|next\s+|"
            r"this\s+coming\s+|coming\s+)?)"
            + _g(_EN_WD_RE, "wd")
            + r"(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
    ),
]

_ES_REL: list[tuple[str, re.Pattern[str]]] = [
    (
        "ago",
        re.compile(
            r"\bhace\s+(?P<n>" + _NUMWORD_ES + r"|[a-zé]+(?:\s+y\s+[a-z]+)?)\s+"
            r"(?P<unit>días?|semanas?|mes(?:es)?|años?)\b",
            re.I,
        ),
    ),
    ("yesterday", re.compile(r"\b(?:anteayer|antier|antes\s+de\s+ayer|ayer)\b", re.I)),
    ("today", re.compile(r"\b(?:hoy|esta\s+(?:mañana|tarde|noche))\b", re.I)),
    (
        "lastnight",
        re.compile(r"\b(?:anoche|la\s+noche\s+de\s+ayer|durante\s+la\s+madrugada)\b", re.I),
    ),
    (
        "week",
        re.compile(
            r"\b(?:(?P<which>la\s+semana\s+(?:pasada|anterior|próxima|que\s+viene|entrante)|"
            r"esta\s+(?:misma\s+)?semana|la\s+próxima\s+semana|(?:a\s+)?(?:principios|inicios)\s+de"
            r"\s+(?:esta|la)\s+semana))\b",
            re.I,
        ),
    ),
    ("weekend", re.compile(r"\bel\s+(?:pasado\s+)?fin\s+de\s+semana(?:\s+pasado)?\b", re.I)),
    (
        "month",
        re.compile(
            r"\b(?P<which>el\s+mes\s+(?:pasado|anterior|próximo|que\s+viene|entrante)|"
            r"este\s+mes|el\s+próximo\s+mes|(?:a\s+)?(?:principios|inicios|mediados|finales|fines)"
            r"\s+de(?:l)?\s+(?:este\s+mes|mes\s+pasado|mes\s+en\s+curso))\b",
            re.I,
        ),
    ),
    (
        "year_rel",
        re.compile(
            r"\b(?P<which>el\s+año\s+(?:pasado|anterior|próximo|que\s+viene|entrante)|"
            r"este\s+año|el\s+próximo\s+año|(?:a\s+)?(?:principios|mediados|finales|fines)\s+del?"
            r"\s+(?:este\s+año|año\s+pasado))\b",
            re.I,
        ),
    ),
    (
        "anaphoric",
        re.compile(
            r"\b(?:(?P<before>(?:un|el)\s+día\s+(?:antes|anterior)|la\s+víspera)|"
            r"(?P<after>al\s+día\s+siguiente|un\s+día\s+después|el\s+día\s+siguiente)|"
            r"(?P<n>" + _NUMWORD_ES + r")\s+días\s+(?P<dir>después|más\s+tarde|antes))\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"(?P<cue>\b(?i:el\s+pasado\s+|el\s+próximo\s+|este\s+pasado\s+|este\s+próximo\s+|"
            r"este\s+|el\s+|pasado\s+|próximo\s+|del\s+|al\s+|desde\s+el\s+|hasta\s+el\s+)?)"
            + _g(_ES_WD_RE, "wd")
            + r"(?P<post>\s+(?i:pasado|próximo|que\s+viene))?(?:\s+(?i:por\s+la\s+(?:mañana|tarde|"
            r"noche)|en\s+la\s+(?:mañana|tarde|noche)))?\b"
        ),
    ),
]

_FUTURE_EN = re.compile(
    r"\b(?:will|shall|'ll|is\s+due|are\s+due|due\s+to|scheduled|is\s+set|are\s+set|set\s+to|"
    r"expected\s+to|plans?\s+to|planned|opens|begins|starts|upcoming|next|coming|"
    r"is\s+to|are\s+to|postponed\s+(?:to|until)|delayed\s+until|rescheduled\s+for|"
    r"moved\s+to|pushed\s+back\s+to)\b",
    re.I,
)
_FUTURE_ES = re.compile(
    r"\b(?:\w+(?:rá|rán)|se\s+realizará|próxim[oa]s?|previst[oa]s?|programad[oa]s?|"
    r"que\s+viene|está\s+previsto|tiene\s+previsto|(?:aplazad|postergad|pospuest|"
    r"reprogramad)[oa]s?\s+(?:para|hasta))\b",
    re.I,
)
_PAST_CUE = re.compile(r"\b(?:since|desde|ago|last|pasad[oa]|hace)\b\s*\S*\s*$", re.I)

_DATELINE_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:[A-ZÁÉÍÓÚÑ][\w’'.-]*"
    r"(?:[ \t]+(?:de|del|la|las|los|[A-ZÁÉÍÓÚÑ][\w’'.-]*)){0,3})"
    r"(?:[ \t]*\([^()\n]{1,40}\))?,[ \t]*$",
    re.UNICODE,
)
_PUBLISHED_BEFORE = re.compile(
    r"\b(?:published|publicado|publicada|updated|actualizado|posted|fecha(?:\s+de\s+publicación)?|"
    r"originally\s+published)\b[^\n]{0,80}$",
    re.I,
)
_LINE_ONLY_DATE = re.compile(r"(?:^|\n)[ \t]*$")


# ------------------------------------------------------------------------------ helpers


def _parse_published(published: str | None) -> tuple[date | None, DatePrecision | None]:
    """The publication date as a date (first day of month/year) and its precision."""
    if not published:
        return None, None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published.strip()[:10])
    if not m:
        return None, None
    y = int(m.group(1))
    if m.group(3):
        return date(y, int(m.group(2)), int(m.group(3))), "day"
    if m.group(2):
        return date(y, int(m.group(2)), 1), "month"
    return date(y, 1, 1), "year"


def _fmt(d: date, precision: DatePrecision) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _span_value(a: date, b: date) -> tuple[str, DatePrecision]:
    """The most precise honest value for the period [a, b]."""
    if a == b:
        return a.isoformat(), "day"
    if (a.year, a.month) == (b.year, b.month):
        return _fmt(a, "month"), "month"
    mid = a + (b - a) / 2
    return _fmt(mid, "month"), "month"


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_num(word: str, lang: str) -> int:
    w = word.lower().rstrip(".")
    if w in _ES_MONTHS:
        return _ES_MONTHS[w]
    return _EN_MONTHS.get(w, 0)


def _day_num(word: str) -> int:
    w = word.lower()
    if w.startswith("primero") or (w.startswith("1") and not w.isdigit()):
        return 1
    return int(w)


def _sentence_prefix(text: str, start: int, width: int = 70) -> str:
    """The text before `start` back to the sentence start (at most `width` chars)."""
    lo = max(0, start - width)
    chunk = text[lo:start]
    cut = max(chunk.rfind(". "), chunk.rfind("\n"), chunk.rfind("; "), chunk.rfind("? "))
    return chunk[cut + 1 :] if cut >= 0 else chunk


def _has_future_cue(text: str, start: int, lang: str) -> bool:
    prefix = _sentence_prefix(text, start, 60)
    rx = _FUTURE_ES if lang == "es" else _FUTURE_EN
    return rx.search(prefix) is not None


def _infer_year(m: int, d: int | None, pub: date, future_cue: bool, past_cue: bool) -> int:
    """The year for a day/month (or month) stated without one; see the module docstring."""
    cands: list[tuple[int, date]] = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        dd = _safe_date(y, m, d or 1)
        if dd is None:
            dd = _safe_date(y, m, 28)
        if dd is not None:
            cands.append((y, dd))
    past = [(y, dd) for y, dd in cands if (dd <= pub if d else (y, m) <= (pub.year, pub.month))]
    fut = [(y, dd) for y, dd in cands if (dd > pub if d else (y, m) > (pub.year, pub.month))]
    best_past = max(past, key=lambda c: c[1]) if past else None
    best_fut = min(fut, key=lambda c: c[1]) if fut else None
    if best_fut is None:
        return best_past[0] if best_past else pub.year
    if best_past is None:
        return best_fut[0]
    if future_cue and not past_cue:
        return best_fut[0]
    if past_cue:
        return best_past[0]
    dpast = (pub - best_past[1]).days
    dfut = (best_fut[1] - pub).days
    if d is None:
        return best_past[0]
    # Later this calendar year (a scheduled vote in October, in August), or just across
    # New Year when the past reading is months away.
    if best_fut[0] == pub.year and dfut <= 90:
        return best_fut[0]
    if best_fut[0] > pub.year and dfut <= 45 and dpast > 180:
        return best_fut[0]
    return best_past[0]


# ------------------------------------------------------------------------------ scanning


@dataclass
class _Cand:
    start: int
    end: int
    prio: int
    mention: DateMention


def _explicit(
    kind: str, m: re.Match[str], text: str, lang: str, pub: date | None
) -> DateMention | None:
    gd = m.groupdict()
    s, e = m.start(), m.end()
    if kind == "mcue":
        s = m.start("m")
    if kind == "dm" and lang == "es" and gd.get("pre"):
        pre = gd["pre"].lower()
        if pre.startswith(("desde ", "hasta ")):
            s = m.start("pre") + pre.index("el")  # the quote is "el 6 de septiembre"
    raw = text[s:e].rstrip(" ,")
    e = s + len(raw)
    future_cue = _has_future_cue(text, s, lang)
    pre_txt = (gd.get("pre") or "").lower()
    past_cue = _PAST_CUE.search(_sentence_prefix(text, s, 30)) is not None or "pasado" in pre_txt
    if "próximo" in pre_txt:
        future_cue = True
    if kind == "iso":
        d = _safe_date(int(gd["y"]), int(gd["m"]), int(gd["d"]))
        if d is None:
            return None
        return DateMention(s, e, raw, d.isoformat(), "day", kind="numeric")
    if kind == "numeric":
        a, b, y = int(gd["a"]), int(gd["b"]), int(gd["y"])
        if lang == "es" or a > 12:
            dd, mm = a, b
        else:
            mm, dd = a, b
        nd = _safe_date(y, mm, dd)
        if nd is None:
            return None
        return DateMention(s, e, raw, nd.isoformat(), "day", kind="numeric")
    if kind == "year":
        return DateMention(s, e, raw, gd["y"], "year", kind="year")
    mon = _month_num(gd["m"], lang)
    if not mon:
        return None
    if kind == "my":
        return DateMention(s, e, raw, f"{int(gd['y']):04d}-{mon:02d}", "month")
    if kind == "mcue":
        if (
            lang == "en"
            and gd["m"] in ("May",)
            and not re.match(
                r"(?i)in|since|by|until|early|late|mid|last|this|next|of|during|through|from",
                gd["cue"].strip(),
            )
        ):
            return None
        if gd.get("pasado"):
            past_cue = True
        if pub is None:
            return DateMention(
                s, e, raw, None, None, relative=True, year_from_context=bool(gd.get("that")),
                month_day=f"{mon:02d}",
            )  # fmt: skip
        y = _infer_year(mon, None, pub, future_cue, past_cue)
        return DateMention(
            s, e, raw, f"{y:04d}-{mon:02d}", "month", relative=True,
            year_from_context=bool(gd.get("that")), month_day=f"{mon:02d}",
        )  # fmt: skip
    # day-month forms, maybe ranges
    d1 = _day_num(gd["d"])
    d2 = int(gd["d2"]) if gd.get("d2") else None
    mon1 = mon
    if gd.get("m1"):
        mon1 = _month_num(gd["m1"], lang)
    mon2 = _month_num(gd["m2"], lang) if gd.get("m2") and kind == "md" else mon
    if kind == "dm" and lang == "es" and gd.get("m1"):
        mon1, mon2 = _month_num(gd["m1"], lang), mon
    elif kind == "dm" and lang == "es":
        mon1 = mon2 = mon
    if d2 is not None and mon1 == mon2 and d2 <= d1:
        d2 = None  # "5 and 5", "9 to 2": not a range
        e = m.end("d") if kind == "md" else e
    relative = False
    unresolved = False
    if gd.get("y"):
        y = int(gd["y"])
    else:
        if pub is None:
            # Resolved later from a stated year in context, if any.
            pub = date(1900, 1, 1)
            unresolved = True
        y = _infer_year(mon1, d1, pub, future_cue, past_cue)
        if gd.get("wd"):
            # "el lunes 9 de enero": the stated weekday picks the year.
            wdn = (_ES_WEEKDAYS if lang == "es" else _EN_WEEKDAYS).get(gd["wd"].lower())
            for yy in (y, pub.year, pub.year - 1, pub.year + 1):
                cand = _safe_date(yy, mon1, d1)
                if cand is not None and cand.weekday() == wdn:
                    y = yy
                    break
        relative = True
    start_d = _safe_date(y, mon1, d1)
    if start_d is None:
        return None
    end_value = None
    if d2 is not None:
        y2 = y + 1 if mon2 < mon1 else y
        ed = _safe_date(y2, mon2, d2)
        end_value = ed.isoformat() if ed else None
    md = f"{mon1:02d}-{d1:02d}" if relative else None
    if unresolved:
        return DateMention(
            s, e, text[s:e], None, None, relative=True, year_from_context=bool(gd.get("that")),
            month_day=md,
        )  # fmt: skip
    return DateMention(
        s, e, text[s:e], start_d.isoformat(), "day", end_value=end_value, relative=relative,
        future=relative and pub is not None and start_d > pub,
        year_from_context=bool(gd.get("that")), month_day=md,
    )  # fmt: skip


def _weekday(
    m: re.Match[str], text: str, lang: str, pub: date | None, pub_prec: DatePrecision | None
) -> DateMention:
    wd_word = m.group("wd").lower()
    wd = (_ES_WEEKDAYS if lang == "es" else _EN_WEEKDAYS).get(wd_word, 0)
    cue = (m.group("cue") or "").lower()
    post = (m.groupdict().get("post") or "").lower()
    s = m.start("cue") if cue.strip() else m.start("wd")
    raw = text[s : m.end()]
    if pub is None:
        return DateMention(s, m.end(), raw, None, None, relative=True, kind="weekday")
    if pub_prec != "day":
        return DateMention(
            s, m.end(), raw, _fmt(pub, "month"), "month", relative=True, kind="weekday"
        )
    last = "last" in cue or "pasado" in cue or "pasado" in post
    nxt = (
        any(w in cue for w in ("next", "coming", "próximo"))
        or "próximo" in post
        or "que viene" in post
    )
    if not (last or nxt) and _has_future_cue(text, s, lang):
        nxt = True
    back = (pub.weekday() - wd) % 7
    if nxt:
        fwd = (wd - pub.weekday()) % 7 or 7
        d = pub + timedelta(days=fwd)
    elif last:
        d = pub - timedelta(days=back or 7)
    else:
        d = pub - timedelta(days=back)
    return DateMention(
        s, m.end(), raw, d.isoformat(), "day", relative=True, kind="weekday", future=nxt
    )


def _count(word: str, lang: str) -> int | None:
    w = word.lower()
    if w in ("a", "an", "un", "una"):
        return 1
    return parse_number(w, lang)


def _relative(
    key: str,
    m: re.Match[str],
    text: str,
    lang: str,
    pub: date | None,
    pub_prec: DatePrecision | None,
) -> DateMention | None:
    s, e = m.start(), m.end()
    raw = text[s:e]
    gd = m.groupdict()
    if key == "anaphoric":
        if gd.get("before"):
            off = -1
        elif gd.get("after"):
            off = 1
        else:
            n = _count(gd["n"], lang)
            if n is None:
                return None
            off = -n if gd["dir"].lower() in ("earlier", "before", "antes") else n
            # "A happened on X, nine days after B crossed ...": the mention dates B, so B is
            # X minus nine days. Sentence-initially ("Two days after the vote, ...") it dates
            # the main clause, relative to the date named before.
            follows_np = re.match(
                r"\s+(?:a|an|the|el|la|los|las|de|del|que|[a-z]+ed)\b", text[e : e + 12]
            )
            initial = re.search(r"(?:^|[.!?\n]\s*)$", text[max(0, s - 3) : s]) is not None
            if (
                gd["dir"].lower() in ("after", "before", "después", "antes")
                and follows_np
                and not initial
            ):
                off = -off
        return DateMention(
            s, e, raw, None, None, relative=True, kind="anaphoric", anchor_offset_days=off
        )
    if pub is None:
        return DateMention(s, e, raw, None, None, relative=True, kind="relative")
    if pub_prec != "day" and key not in ("month", "year_rel", "years_ago_today", "ago"):
        return DateMention(s, e, raw, _fmt(pub, "month"), "month", relative=True, kind="relative")
    low = raw.lower()
    val: str
    prec: DatePrecision
    future = False
    if key == "yesterday":
        days = (
            2 if any(w in low for w in ("anteayer", "antier", "antes de ayer", "day before")) else 1
        )
        val, prec = (pub - timedelta(days=days)).isoformat(), "day"
    elif key == "today":
        val, prec = pub.isoformat(), "day"
    elif key == "lastnight":
        val, prec = (pub - timedelta(days=1)).isoformat(), "day"
    elif key == "years_ago_today":
        n = _count(gd["n"], lang)
        if n is None:
            return None
        d = _safe_date(pub.year - n, pub.month, pub.day) or _safe_date(pub.year - n, pub.month, 28)
        assert d is not None
        val, prec = d.isoformat(), "day"
    elif key == "ago":
        n = _count(gd["n"], lang)
        if n is None:
            return None
        unit = gd["unit"].lower()
        if unit.startswith(("day", "día", "dia")):
            val, prec = (pub - timedelta(days=n)).isoformat(), "day"
        elif unit.startswith(("week", "semana")):
            d = pub - timedelta(days=7 * n)
            mon = d - timedelta(days=d.weekday())
            val, prec = _span_value(mon, mon + timedelta(days=6))
        elif unit.startswith(("month", "mes")):
            mm = pub.year * 12 + pub.month - 1 - n
            val, prec = f"{mm // 12:04d}-{mm % 12 + 1:02d}", "month"
        else:
            val, prec = f"{pub.year - n:04d}", "year"
    elif key in ("week", "weekend"):
        which = (gd.get("which") or low).lower()
        monday = pub - timedelta(days=pub.weekday())
        if key == "weekend" or "weekend" in which or "fin de semana" in low:
            sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
            if pub.weekday() == 6:
                sat = pub - timedelta(days=1)
            val, prec = _span_value(sat, min(sat + timedelta(days=1), pub))
        elif any(w in which for w in ("last", "previous", "past", "pasada", "anterior")):
            a = monday - timedelta(days=7)
            val, prec = _span_value(a, a + timedelta(days=6))
        elif any(w in which for w in ("next", "following", "próxima", "viene", "entrante")):
            a = monday + timedelta(days=7)
            val, prec = _span_value(a, a + timedelta(days=6))
            future = True
        else:
            val, prec = _span_value(monday, pub)
    elif key == "month":
        which = gd["which"].lower()
        if any(w in which for w in ("last", "previous", "past", "pasado", "anterior")):
            mm = pub.year * 12 + pub.month - 2
        elif any(w in which for w in ("next", "próximo", "viene", "entrante")):
            mm = pub.year * 12 + pub.month
            future = True
        else:
            mm = pub.year * 12 + pub.month - 1
        val, prec = f"{mm // 12:04d}-{mm % 12 + 1:02d}", "month"
    elif key == "year_rel":
        which = gd["which"].lower()
        if any(w in which for w in ("last", "previous", "past", "pasado", "anterior")):
            y = pub.year - 1
        elif any(w in which for w in ("next", "próximo", "viene", "entrante")):
            y = pub.year + 1
            future = True
        else:
            y = pub.year
        val, prec = f"{y:04d}", "year"
    else:
        return None
    return DateMention(s, e, raw, val, prec, relative=True, kind="relative", future=future)


_YEAR_NOT_BEFORE = re.compile(
    r"(?i)(?:\b(?:law|ley|decree|decreto|article|artículo|art\.|no\.|nº|n°|number|número|resolution|"
    r"resolución|bill|case|expediente|flight|vuelo|route|ruta|km|kilómetro|page|página|p\.)|[#$€£])\s*$"
)
_YEAR_NOT_AFTER = re.compile(
    r"(?i)^\s*(?:people|persons|protesters|demonstrators|soldiers|police|officers|troops|workers|"
    r"families|residents|members|votes|meters|metres|hectares|ha\b|km|tons|tonnes|ounces|oz|"
    r"deaths|dead|killed|injured|wounded|arrests|detained|muertes|muertos|heridos|detenidos|"
    r"dollars|usd|million|millones|mil\b|personas|manifestantes|soldados|policías|trabajadores|"
    r"familias|votos|metros|hectáreas|toneladas|onzas|dólares|soles|bolivianos|quetzales|"
    r"lempiras|balboas|pesos|feet|m\b|g/t)"
)


_EN_MONTH_WORDS = tuple(_EN_MONTHS)
_ES_MONTH_WORDS = tuple(_ES_MONTHS)
# A pattern runs only when one of its words occurs in the lower-cased text: most sentences
# hold no date at all, and a substring test is far cheaper than a regex pass.
_GATES: dict[str, tuple[str, ...]] = {
    "iso": ("-",),
    "numeric": ("/", "."),
    "md": _EN_MONTH_WORDS,
    "dm": _EN_MONTH_WORDS + _ES_MONTH_WORDS,
    "my": _EN_MONTH_WORDS + _ES_MONTH_WORDS,
    "mcue": _EN_MONTH_WORDS + _ES_MONTH_WORDS,
    "years_ago_today": ("ago",),
    "ago": ("ago", "hace"),
    "yesterday": ("yesterday", "ayer", "antier"),
    "today": ("today", "tonight", "this ", "hoy", "esta "),
    "lastnight": ("night", "noche", "madrugada"),
    "week": ("week", "semana"),
    "weekend": ("weekend", "fin de semana"),
    "month": ("month", "mes"),
    "year_rel": ("year", "año"),
    "anaphoric": ("day", "día", "dia", "víspera"),
    "weekday": tuple(_EN_WEEKDAYS) + tuple(_ES_WEEKDAYS),
}


# Patterns that run only in windows around a trigger word (months, weekdays, "day", "ago"):
# those words are rare, so most of a text is never scanned by the costlier patterns.
_TRIG_MONTH = re.compile(
    r"\b(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|"
    r"junio|julio|agosto|se[pt]tiembre|octubre|noviembre|diciembre)\b"
)
_TRIGGERS: dict[str, re.Pattern[str]] = {
    "md": _TRIG_MONTH,
    "dm": _TRIG_MONTH,
    "my": _TRIG_MONTH,
    "mcue": _TRIG_MONTH,
    "iso": re.compile(r"\d[-/.]\d"),
    "numeric": re.compile(r"\d[-/.]\d"),
    "weekday": re.compile(
        r"\b(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|"
        r"mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\b"
    ),
    "anaphoric": re.compile(r"\b(?i:days?|d[íi]as?|v[íi]spera)\b"),
    "ago": re.compile(r"\b(?i:ago|hace)\b"),
    "years_ago_today": re.compile(r"\b(?i:ago)\b"),
}
_BEFORE, _AFTER = 60, 60


def _windows(text: str, trig: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged [start, end) ranges around the trigger's matches."""
    out: list[tuple[int, int]] = []
    for m in trig.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _scan(
    key: str, rx: re.Pattern[str], text: str, cache: dict[str, list[tuple[int, int]]]
) -> Iterator[re.Match[str]]:
    trig = _TRIGGERS.get(key)
    if trig is None:
        yield from rx.finditer(text)
        return
    if trig.pattern not in cache:
        cache[trig.pattern] = _windows(text, trig)
    for lo, hi in cache[trig.pattern]:
        yield from rx.finditer(text, lo, hi)


def _gate_open(key: str, low: str) -> bool:
    words = _GATES.get(key)
    return words is None or any(w in low for w in words)


def find_dates(text: str, lang: str, published: str | None) -> list[DateMention]:
    """Every date expression in `text` (a document or a sentence), in order, resolved.

    `lang` is "en" or "es" (anything else is treated as English); `published` is the document
    date ("YYYY-MM-DD", "YYYY-MM", "YYYY") or None, in which case relative expressions get
    `value=None` and explicit ones keep their stated precision.
    """
    lang = "es" if lang and lang.lower().startswith("es") else "en"
    pub, pub_prec = _parse_published(published)
    cands: list[_Cand] = []
    low = text.lower()
    wcache: dict[str, list[tuple[int, int]]] = {}
    has_digit = any(c in low for c in "0123456789")
    patterns = ES_PATTERNS if lang == "es" else EN_PATTERNS
    for prio, (kind, rx) in enumerate(patterns):
        if kind in ("iso", "numeric", "year", "md", "dm", "my") and not has_digit:
            continue
        if not _gate_open(kind, low):
            continue
        for m in _scan(kind, rx, text, wcache):
            if kind == "year":
                if _YEAR_NOT_BEFORE.search(text[max(0, m.start() - 14) : m.start()]):
                    continue
                if _YEAR_NOT_AFTER.match(text[m.end() : m.end() + 14]):
                    continue
            dm = _explicit(kind, m, text, lang, pub)
            if dm is not None:
                cands.append(_Cand(dm.start, dm.end, prio, dm))
    rel = _ES_REL if lang == "es" else _EN_REL
    for prio, (key, rx) in enumerate(rel, start=50):
        if not _gate_open(key, low):
            continue
        for m in _scan(key, rx, text, wcache):
            if key == "weekday":
                dm = _weekday(m, text, lang, pub, pub_prec)
            else:
                found = _relative(key, m, text, lang, pub, pub_prec)
                if found is None:
                    continue
                dm = found
            cands.append(_Cand(dm.start, dm.end, prio, dm))
    # Longest first, then pattern priority; drop overlaps.
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    taken: list[_Cand] = []
    starts: list[int] = []  # sorted starts of `taken`, kept parallel to `taken`
    for c in cands:
        k = bisect.bisect_left(starts, c.start)
        if k > 0 and taken[k - 1].end > c.start:
            continue
        if k < len(taken) and taken[k].start < c.end:
            continue
        starts.insert(k, c.start)
        taken.insert(k, c)
    out: list[DateMention] = []
    last_day: date | None = None
    ctx_year: int | None = None  # the last year stated in the text
    ctx_full: int | None = None  # the same, when stated in a full date or a month
    ctx_end = 0
    for c in taken:
        dm = c.mention
        if dm.month_day is not None:
            same_sentence = (
                ctx_full is not None and re.search(r"[.!?]\s|\n", text[ctx_end : dm.start]) is None
            )
            if dm.year_from_context and ctx_year is not None:
                dm = _with_year(dm, ctx_year)
            elif same_sentence and ctx_full is not None:
                dm = _with_year(dm, ctx_full)
            else:
                dm = replace(dm, year_from_context=False)
        if (
            dm.kind in ("explicit", "numeric", "year")
            and not dm.relative
            and dm.value is not None
            and not _is_dateline(text, dm)
        ):
            ctx_year, ctx_end = int(dm.value[:4]), dm.end
            ctx_full = ctx_year if dm.precision != "year" else None
        if dm.kind == "anaphoric" and dm.anchor_offset_days is not None and last_day is not None:
            d = last_day + timedelta(days=dm.anchor_offset_days)
            dm = replace(dm, value=d.isoformat(), precision="day")
        dm = replace(dm, is_dateline=_is_dateline(text, dm))
        if dm.precision == "day" and dm.value and not dm.is_dateline:
            last_day = date.fromisoformat(dm.value)
        out.append(dm)
    return out


def _with_year(dm: DateMention, year: int) -> DateMention:
    """`dm` with its missing year taken from context."""
    assert dm.month_day is not None
    value = f"{year:04d}-{dm.month_day}"
    prec: DatePrecision = "day" if len(dm.month_day) == 5 else "month"
    if prec == "day" and _safe_date(year, int(dm.month_day[:2]), int(dm.month_day[3:])) is None:
        return dm
    end_value = dm.end_value
    if end_value is not None and dm.value is not None:
        shift = year - int(dm.value[:4])
        end_value = f"{int(end_value[:4]) + shift:04d}{end_value[4:]}"
    return replace(
        dm, value=value, precision=prec, end_value=end_value, year_from_context=True, future=False
    )


def _is_dateline(text: str, dm: DateMention) -> bool:
    """A page-header, dateline or byline date: the publication date, not an event's."""
    if dm.kind in ("anaphoric", "year", "relative"):
        return False
    line_start = max(text.rfind("\n", 0, dm.start) + 1, dm.start - 120)
    before = text[line_start : dm.start]
    if _PUBLISHED_BEFORE.search(before):
        return True
    if dm.start - line_start <= 60 and _DATELINE_BEFORE.search(text[line_start : dm.start]):
        after = text[dm.end : dm.end + 4]
        if re.match(r"\s*(?:[-–—(.]|$|\n|\.-)", after):
            return True
    line_end = text.find("\n", dm.end, dm.end + 200)
    line_end = min(len(text), dm.end + 200) if line_end < 0 else line_end
    rest = text[dm.end : line_end].strip(" .|-–—")
    # A line that holds only a date.
    return not before.strip(" |-–—") and not rest and dm.precision == "day"


def resolve_date_expression(s: str, lang: str, published: str | None) -> DateMention | None:
    """Resolve one expression ("el pasado miércoles", "March 5-8, 2023"): the widest mention."""
    found = [m for m in find_dates(s, lang, published) if m.value is not None]
    if not found:
        return None
    return max(found, key=lambda m: m.end - m.start)
