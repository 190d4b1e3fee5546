"""Counts of people in English and Spanish text: numbers, vague quantities and casualty figures.

Rules follow ACLED and shared/spec/ONTOLOGY.md: "tens"/"decenas" = 10, "dozens"/"docenas" = 12,
"hundreds"/"cientos"/"centenares" = 100, "thousands"/"miles" = 1000; a qualified number ("more
than 50", "at least 17", "over 50", "nearly 50", "about 50", "más de 50", "al menos 17", "casi
50") is the number itself with `approx=True`. "Several"/"varios"/"some" give nothing.

Everything is precompiled regular expressions (no spaCy): `find_quantities` and `find_casualties`
must scan whole corpora quickly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

CasualtyKind = Literal["killed", "injured"]

# ------------------------------------------------------------------------------ vocabulary

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ES_UNITS = {
    "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiun": 21, "veintiuno": 21,
    "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29,
}  # fmt: skip
_ES_TENS = {
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90,
}  # fmt: skip
_ES_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
    "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
    "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
    "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900,
    "novecientas": 900,
}  # fmt: skip

# Vague quantities (ACLED). Keys are accent-stripped and lower case.
VAGUE: dict[str, int] = {
    "tens": 10, "decenas": 10, "una decena": 10, "dozens": 12, "docenas": 12,
    "a dozen": 12, "una docena": 12, "scores": 20, "hundreds": 100, "cientos": 100,
    "centenares": 100, "un centenar": 100, "a hundred": 100, "thousands": 1000, "miles": 1000,
    "millares": 1000, "un millar": 1000, "a thousand": 1000, "half a dozen": 6,
    "media docena": 6, "a couple": 2, "un par": 2,
}  # fmt: skip


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def _words_to_int_en(words: list[str]) -> int | None:
    total, cur, seen = 0, 0, False
    for w in words:
        if w in ("and", "a", "an"):
            if w in ("a", "an"):
                cur = max(cur, 1)
            continue
        if w in _EN_UNITS:
            cur += _EN_UNITS[w]
        elif w in _EN_TENS:
            cur += _EN_TENS[w]
        elif w == "hundred":
            cur = max(cur, 1) * 100
        elif w == "thousand":
            total += max(cur, 1) * 1000
            cur = 0
        elif w == "million":
            total += max(cur, 1) * 1_000_000
            cur = 0
        elif w in ("dozen",):
            cur = max(cur, 1) * 12
        else:
            return None
        seen = True
    return total + cur if seen else None


def _words_to_int_es(words: list[str]) -> int | None:
    total, cur, seen = 0, 0, False
    for w in words:
        if w == "y":
            continue
        if w in _ES_UNITS:
            cur += _ES_UNITS[w]
        elif w in _ES_TENS:
            cur += _ES_TENS[w]
        elif w in _ES_HUNDREDS:
            cur += _ES_HUNDREDS[w]
        elif w == "mil":
            total += max(cur, 1) * 1000
            cur = 0
        elif w in ("millon", "millones"):
            total += max(cur, 1) * 1_000_000
            cur = 0
        elif w in ("docena", "docenas"):
            cur = max(cur, 1) * 12
        else:
            return None
        seen = True
    return total + cur if seen else None


_DIGITS_RE = re.compile(r"^\d{1,3}(?:([,.\u00a0\u202f ])\d{3})*(?:([.,])\d+)?$|^\d+(?:[.,]\d+)?$")


def _parse_digits(s: str, lang: str) -> int | None:
    s = s.strip()
    if not _DIGITS_RE.match(s):
        return None
    if re.fullmatch(r"\d+", s):
        return int(s)
    # Thousands separators: "1,200" (en), "1.200" (es), "1 200" (both). A decimal part is dropped.
    groups = re.split(r"[,.\u00a0\u202f ]", s)
    seps = re.findall(r"[,.\u00a0\u202f ]", s)
    dec_sep = "," if lang == "es" else "."
    if (
        seps
        and all(len(g) == 3 for g in groups[1:])
        and not (len(seps) == 1 and seps[0] == dec_sep)
    ):
        return int("".join(groups))
    if seps and seps[-1] == dec_sep:
        whole = s[: s.rfind(dec_sep)]
        return _parse_digits(whole, lang)
    return None


def parse_number(s: str, lang: str) -> int | None:
    """The integer a number expression states, or None.

    Digits ("17", "1,200", "1.200" in Spanish, "1 200"), words ("seventeen", "twenty-one",
    "two hundred", "diecisiete", "veintiún", "cuarenta y siete") and ACLED vague quantities
    ("dozens" = 12, "decenas" = 10, "cientos" = 100). Qualifiers are dropped ("more than 50" = 50).
    """
    lang = "es" if lang and lang.lower().startswith("es") else "en"
    t = _strip_accents(s.strip().lower())
    t = _QUALIFIER_RE.sub("", t).strip()
    t = re.sub(r"\s+", " ", t)
    if not t:
        return None
    if t in VAGUE:
        return VAGUE[t]
    n = _parse_digits(t, lang)
    if n is not None:
        return n
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s+(million|millones|millon|mil|thousand)", t)
    if m:
        mult = 1_000_000 if m.group(2).startswith("mill") else 1000
        return round(float(m.group(1).replace(",", ".")) * mult)
    words = [w for w in re.split(r"[\s-]+", t) if w]
    for conv in (
        (_words_to_int_es, _words_to_int_en)
        if lang == "es"
        else (
            _words_to_int_en,
            _words_to_int_es,
        )
    ):
        n = conv(words)
        if n is not None:
            return n
    return None


# ------------------------------------------------------------------------------ scanning

_QUALIFIERS_EN = (
    r"more\s+than|over|at\s+least|nearly|almost|about|around|approximately|roughly|some|"
    r"up\s+to|as\s+many\s+as|no\s+fewer\s+than|no\s+less\s+than|fewer\s+than|less\s+than|"
    r"close\s+to|upwards\s+of|in\s+excess\s+of|an\s+estimated|at\s+most"
)
_QUALIFIERS_ES = (
    r"m[aá]s\s+de|al\s+menos|por\s+lo\s+menos|cerca\s+de|casi|unos|unas|alrededor\s+de|"
    r"aproximadamente|hasta|no\s+menos\s+de|menos\s+de|m[aá]s\s+de\s+una?|como\s+m[ií]nimo|"
    r"aproximadamente\s+unos|unos\s+(?=\d)"
)
_QUALIFIER_RE = re.compile(r"^(?:" + _QUALIFIERS_EN + "|" + _QUALIFIERS_ES + r")\s+", re.I)

_EN_NUMWORDS = "|".join(
    sorted(list(_EN_UNITS) + list(_EN_TENS) + ["hundred", "thousand", "million", "dozen"],
           key=len, reverse=True)
)  # fmt: skip
_ES_NUMWORDS_RAW = (
    list(_ES_UNITS) + list(_ES_TENS) + list(_ES_HUNDREDS) + ["mil", "millón", "millones",
    "dieciséis", "veintiún", "veintidós", "veintitrés", "veintiséis"]
)  # fmt: skip
_ES_NUMWORDS = "|".join(sorted(set(_ES_NUMWORDS_RAW), key=len, reverse=True))

_DIGIT_NUM = r"\d{1,3}(?:(?:,|\.|\u00a0|\u202f)\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_EN_WORD_NUM = (
    r"(?:a\s+)?(?:" + _EN_NUMWORDS + r")(?:(?:[\s-]+|\s+and\s+)(?:" + _EN_NUMWORDS + r"))*"
)
_ES_WORD_NUM = r"(?:" + _ES_NUMWORDS + r")(?:\s+(?:y\s+)?(?:" + _ES_NUMWORDS + r"))*"
_EN_VAGUE = (
    r"(?:half\s+a\s+dozen|a\s+dozen|dozens|tens|scores|hundreds|thousands|a\s+couple)"
    r"(?:\s+of)?"
)
_ES_VAGUE = (
    r"(?:media\s+docena|una\s+docena|docenas|una\s+decena|decenas|un\s+centenar|centenares|"
    r"cientos|un\s+millar|millares|miles|un\s+par)(?:\s+de)?"
)


def _qty_re(lang: str) -> re.Pattern[str]:
    quals = _QUALIFIERS_ES if lang == "es" else _QUALIFIERS_EN
    word = _ES_WORD_NUM if lang == "es" else _EN_WORD_NUM
    vague = _ES_VAGUE if lang == "es" else _EN_VAGUE
    return re.compile(
        r"(?<![\w$€£%/.-])(?:(?P<q>" + quals + r")\s+)?"
        r"(?P<n>(?P<v>" + vague + r")|(?P<d>" + _DIGIT_NUM + r")(?:\s+(?P<mult>million|millones|"
        r"millón|mil)\b)?|(?P<w>" + word + r"))(?![\w])",
        re.I,
    )


_QTY_RE = {"en": _qty_re("en"), "es": _qty_re("es")}

_NOT_BEFORE = re.compile(
    r"(?i)(?:\b(?:law|ley|decree|decreto|article|artículo|art\.|no\.|nº|n°|number|número|"
    r"resolution|resolución|bulletin|boletín|edition|edición|case|expediente|flight|vuelo|"
    r"route|ruta|highway|carretera|km|kilómetro|page|página|chapter|capítulo|section|"
    r"covid|sars-cov|pm|p\.m|am|a\.m|us|usd|s/|r\$|gmt|utc|level|nivel|grade|item|"
    r"phase|fase|room|sala|code|código)|[#$€£¢]|\b[A-Z]{1,4}-)\s*$"
)
_NOT_AFTER = re.compile(
    r"(?i)^(?:\s*(?:%|percent|per\s+cent|por\s+ciento|p\.?m\.?|a\.?m\.?|o'clock|horas?\b|hrs?\b|"
    r"h\b|°|º|ª|st\b|nd\b|rd\b|th\b|[-‑]?years?[-‑]old|[-‑]year|años\s+de\s+edad|-|:\d|"
    r"millones\s+de\s+(?:dólares|soles|euros)|million\s+(?:dollars|euros)|dollars|dólares|soles|"
    r"euros|pesos|quetzales|lempiras|bolivianos|balboas|usd|km|kilómetros|kilometres|kilometers|"
    r"miles\b(?!\s+de)|metros|meters|metres|hectares|hectáreas|ha\b|tons|tonnes|toneladas|oz\b|"
    r"ounces|onzas|g/t|grams|gramos|feet|pies|mm\b|cm\b|m\b|percent|%))"
)
_AGE_RE = re.compile(r"(?i)^\s*años(?!\s+(?:de\s+)?(?:prisión|cárcel|después|antes|atrás))")
_MONTHS_NEAR = re.compile(
    r"(?i)(?:^\s*(?:de\s+)?(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"setiembre|octubre|noviembre|diciembre|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b)"
)
_MONTHS_BEFORE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s*$"
)


@dataclass(frozen=True)
class QuantityMention:
    """A count in text: `text[start:end]` is its quote (qualifier included)."""

    start: int
    end: int
    text: str
    value: int
    approx: bool = False  # qualified ("more than", "al menos") or vague ("dozens")
    vague: bool = False  # "dozens", "decenas", "cientos"
    qualifier: str | None = None  # "more than", "al menos", ...
    number_start: int = 0  # where the number itself starts (after the qualifier)


def find_quantities(text: str, lang: str) -> list[QuantityMention]:
    """Counts in `text`, skipping years, days of month, ages, money, percentages, times, codes."""
    lang = "es" if lang and lang.lower().startswith("es") else "en"
    out: list[QuantityMention] = []
    for m in _QTY_RE[lang].finditer(text):
        n_start, n_end = m.start("n"), m.end("n")
        raw_n = m.group("n")
        before = text[max(0, m.start() - 16) : m.start()]
        after = text[n_end : n_end + 24]
        if _NOT_BEFORE.search(before) or _NOT_AFTER.match(after):
            continue
        if m.group("d"):
            digits = m.group("d")
            if re.fullmatch(r"(1[89]|20)\d\d", digits) and not re.match(
                r"(?i)\s+(?:[a-záéíóúñ]+\s+){0,2}?(?:people|persons|protesters|personas|manifestantes|"
                r"soldiers|soldados|police|policías|workers|trabajadores|families|familias|"
                r"residents|pobladores|civilians|civiles|deaths|muertes|muertos|dead|detenidos|"
                r"arrested|killed|injured|heridos)",
                after,
            ):
                continue  # a year
            if _MONTHS_NEAR.match(after) or _MONTHS_BEFORE.search(
                text[max(0, n_start - 12) : n_start]
            ):
                continue  # day of month
            if lang == "es" and _AGE_RE.match(after):
                continue
            if re.match(r"[.,]\d", text[n_end : n_end + 2]):
                continue
        if m.group("w"):
            low_n = raw_n.lower()
            if low_n in ("a", "an"):
                continue
            first = low_n.split()[0].split("-")[0]
            if first in ("hundred", "thousand", "million", "dozen", "millón", "millones"):
                continue  # "$1954 million": the multiplier of a skipped number
            # Spanish "un"/"una" is mostly an article: a count only before a person noun.
            if low_n in ("un", "una", "uno") and not _HEAD_RE.match(after.lstrip()):
                continue
            if re.match(r"(?i)[-‑]?\s*years?[-‑]old|\s+años\s+de\s+edad", after):
                continue
        value = parse_number(m.group("v") if m.group("v") else raw_n, lang)
        if m.group("v"):
            v = re.sub(r"(?i)\s+(?:of|de)$", "", m.group("v"))
            value = parse_number(v, lang)
        if value is None:
            continue
        q = m.group("q")
        vague = m.group("v") is not None
        end = n_end
        if vague:
            end = m.start("v") + len(re.sub(r"(?i)\s+(?:of|de)$", "", m.group("v")))
        out.append(
            QuantityMention(
                start=m.start(),
                end=end,
                text=text[m.start() : end],
                value=value,
                approx=bool(q) or vague,
                vague=vague,
                qualifier=q.lower() if q else None,
                number_start=n_start,
            )
        )
    return out


# ------------------------------------------------------------------------------ casualties

_KILL_AFTER_EN = re.compile(
    r"(?i)^(?P<head>(?:[\w'’-]+\s+){0,4}?)(?:(?:more\s+)?(?:people\s+)?(?:(?:were|have\s+been|had\s+been|"
    r"was|are|being|reportedly|allegedly|been|so\s+far|in\s+total|also)\s+){0,3})"
    r"(?P<trig>killed|dead|died|deaths|shot\s+dead|shot\s+and\s+killed|murdered|slain|lost\s+their\s+lives|"
    r"lost\s+his\s+life|lost\s+her\s+life|fatalities|fatally\s+shot|executed|massacred|"
    r"injured|wounded|hurt|injuries|hospitali[sz]ed|(?:were\s+)?left\s+injured)\b"
)
_KILL_AFTER_ES = re.compile(
    r"(?i)^(?P<head>(?:[\w'’-]+\s+){0,4}?)(?:(?:más\s+)?(?:(?:fueron|han\s+sido|habían\s+sido|"
    r"resultaron|murieron|han|habían|hayan|resultó|fue|quedaron)\s+){0,2})"
    r"(?P<trig>muertos?|muertas?|muertes|fallecidos?|fallecidas?|fallecieron|murieron|muerto|"
    r"asesinad[oa]s?|abatid[oa]s?|ejecutad[oa]s?|víctimas\s+mortales|perdieron\s+la\s+vida|"
    r"heridos?|heridas?|lesionad[oa]s?|hospitalizad[oa]s?|víctimas)\b"
)
_KILL_BEFORE_EN = re.compile(
    r"(?i)(?P<trig>killing|killed|kills|kill|shot\s+and\s+killed|leaving|left|shot\s+dead|death\s+toll\s+(?:rose|rises|"
    r"climbed|stood|stands|reached|is|was|has\s+risen|had\s+risen|increased)(?:\s+to|\s+at)?|"
    r"deaths?\s+of|the\s+(?:number|toll)\s+of\s+(?:dead|deaths)\s+(?:rose|reached|stood|was|is)"
    r"(?:\s+to|\s+at)?|toll\s+(?:of|at|to)|wounding|injuring|injured|wounded|murdering|"
    r"murdered)\s+$"
)
_KILL_BEFORE_ES = re.compile(
    r"(?i)(?P<trig>mató\s+a|mataron\s+a|matando\s+a|asesinó\s+a|asesinaron\s+a|dejó|dejaron|"
    r"deja|dejando|la\s+muerte\s+de|las\s+muertes\s+de|el\s+asesinato\s+de|con\s+un\s+saldo\s+de|"
    r"(?:el\s+)?(?:saldo|balance|cifra|número|numero|total)\s+de\s+(?:muertos|fallecidos|"
    r"víctimas(?:\s+mortales)?|muertes)\s+(?:ascendió|asciende|llegó|llega|subió|sube|se\s+elevó|"
    r"se\s+eleva|es|era|fue|alcanzó|alcanza)(?:\s+a)?|hirió\s+a|hirieron\s+a|hiriendo\s+a|"
    r"murieron|fallecieron|perdieron\s+la\s+vida|resultaron\s+herid[oa]s|quedaron\s+herid[oa]s|"
    r"han\s+muerto|habían\s+muerto|han\s+fallecido)\s+$"
)
# A toll noun without a death word: "put the overall figure at 47", "la cifra era de 47".
_FIGURE_BEFORE = re.compile(
    r"(?i)(?P<trig>(?:the\s+)?(?:overall\s+|total\s+)?(?:figure|count|tally|toll)\s+(?:at|to|of|"
    r"(?:rose|rises|climbed|stood|stands|reached|is|was)\s+(?:to|at)?)|(?:la\s+)?cifra\s+"
    r"(?:era\s+de|es\s+de|fue\s+de|llegó\s+a|llega\s+a|ascendió\s+a|asciende\s+a|"
    r"subió\s+a|sube\s+a|de)|ya\s+son)\s+$"
)
_DEATH_WORD = re.compile(
    r"(?i)\b(?:kill|dead|death|died|die|fatalit|muert|muri|fallec|asesin|víctimas\s+mortales)"
)
_OF_THEM = re.compile(r"(?i)^\s*(?:of\s+them|of\s+whom|de\s+ell[oa]s|de\s+los\s+cuales)\b")
_RELATIVE_AFTER = re.compile(
    r"(?i)^(?P<head>(?:[\w'’-]+\s+){0,6}?)(?:que|who|quienes|which)\s+(?:fueron|han\s+sido|"
    r"resultaron|were|had\s+been|have\s+been|murieron|died)\s+(?P<trig>heridos?|heridas?|"
    r"asesinad[oa]s|muertos|injured|wounded|killed|shot\s+dead)?"
)
_INJ_WORDS = re.compile(
    r"(?i)^(?:injur|wound|hurt|hospitali|herid|lesionad|left\s+injured|were\s+left\s+injured)"
)
_TOLL_WORDS = re.compile(
    r"(?i)\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths)|saldo|balance|cifra|número\s+de|"
    r"so\s+far|since|desde|in\s+total|en\s+total|ya\s+son|overall)\b"
)
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|los|las|a\s+los|a\s+las|sus|their|his|her)\s+$")


@dataclass(frozen=True)
class CasualtyMention:
    """A count of killed or injured people: `start`/`end` span the count in the document."""

    kind: CasualtyKind
    value: int
    start: int
    end: int
    text: str  # the count as written ("at least 17", "decenas")
    approx: bool
    trigger: str  # "killed", "muertos", "death toll rose to", ...
    trigger_start: int
    trigger_end: int
    head: str | None = None  # the counted noun: "civilians", "police officer", "personas"
    toll_like: bool = False  # phrased as a toll ("death toll", "saldo", "so far", "desde")
    weak: bool = False  # tied only by a toll noun ("the figure at 47") or "N of them"


_PERSON_HEADS = (
    r"people|persons|person|protesters?|demonstrators?|civilians?|police(?:\s+officers?|men)?|"
    r"officers?|soldiers?|troops|residents|villagers|farmers|miners|workers|students?|men|women|"
    r"man|woman|children|child|boys?|girls?|teenagers?|minors?|leaders?|activists?|journalists?|"
    r"comuneros|personas|persona|manifestantes?|civiles|civil|polic[ií]as?|agentes?|militares?|"
    r"soldados?|pobladores?|campesinos?|comuneros?|mineros?|trabajadores?|estudiantes?|hombres?|"
    r"mujeres|mujer|niños?|niñas?|menores?|j[oó]venes|joven|dirigentes?|l[ií]deres|activistas?|"
    r"periodistas?|cocaleros?|indígenas?"
)
_HEAD_RE = re.compile(r"(?i)\b(" + _PERSON_HEADS + r")\b")
_ONE_PERSON = re.compile(
    r"(?i)\b(?P<n>a|an|one|un|una|otro|otra|another)\s+(?P<head>(?:[\w-]+\s+)?(?:police\s+officer|"
    r"officer|policeman|soldier|protester|demonstrator|civilian|man|woman|child|boy|girl|student|"
    r"leader|journalist|farmer|miner|policía|agente|militar|soldado|manifestante|civil|hombre|"
    r"mujer|niño|niña|joven|dirigente|líder|comunero|poblador|campesino|estudiante|periodista))\b"
)
_LIST_RE = re.compile(
    r"(?i)^(?:\s*(?:,|\by\b|\band\b|\be\b)?\s*(?:\d+|un|una|uno|one|a|an|more|más|de|of|"
    + _PERSON_HEADS
    + r"|"
    + "|".join(list(_EN_UNITS) + list(_EN_TENS) + list(_ES_UNITS) + list(_ES_TENS))
    + r")\b)+\s*,?\s*"
)
_BREAK = re.compile(r"[.;:!?\n]|\bbut\b|\bpero\b|\bwhile\b|\bmientras\b")


def find_casualties(sentence: str, lang: str, offset: int = 0) -> list[CasualtyMention]:
    """Counts attached to killed/dead/injured words in one sentence; offsets are `offset`-based.

    A count attaches to a death or injury word that follows it within a few words ("17 people
    were killed", "dozens more were injured", "17 muertos", "decenas de heridos") or that precedes
    it ("killing 17", "la muerte de 17 personas", "el saldo de muertos ascendió a 47"). `head` is
    the counted noun, so the caller can tell "17 civilians" from "1 police officer".
    """
    lang = "es" if lang and lang.lower().startswith("es") else "en"
    after_rx = _KILL_AFTER_ES if lang == "es" else _KILL_AFTER_EN
    before_rx = _KILL_BEFORE_ES if lang == "es" else _KILL_BEFORE_EN
    out: list[CasualtyMention] = []
    toll_like = _TOLL_WORDS.search(sentence) is not None
    qs = find_quantities(sentence, lang)
    for i, q in enumerate(qs):
        full_tail = sentence[q.end : q.end + 100]
        cut = _BREAK.search(full_tail)
        if cut:
            full_tail = full_tail[: cut.start()]
        # A later count owns the words after it: stop the tail there ...
        nxt = qs[i + 1].start - q.end if i + 1 < len(qs) else len(full_tail)
        tail = full_tail[: max(0, nxt)]
        m = after_rx.match(tail.lstrip(" ,"))
        lead = len(tail) - len(tail.lstrip(" ,"))
        if not m:
            # ... unless the counts form a list that shares one verb:
            # "55 personas, 54 civiles y un policía, han muerto".
            lm = _LIST_RE.match(full_tail)
            if lm and lm.end() > 0:
                m2 = after_rx.match(full_tail[lm.end() :])
                if m2 and not m2.group("head").strip():
                    m, lead, tail = m2, lm.end(), full_tail
        if not m:
            # "Siete hombres de San Rafael que fueron heridos"
            rm = _RELATIVE_AFTER.match(tail.lstrip(" ,"))
            if rm and rm.group("trig"):
                m = rm
        if m:
            trig = m.group("trig")
            ts = q.end + lead + m.start("trig")
            head_m = _HEAD_RE.match(tail.lstrip(" ,")) or _HEAD_RE.search(m.group("head"))
            kind: CasualtyKind = (
                "injured" if _INJ_WORDS.match(trig) or "herid" in trig.lower() else "killed"
            )
            out.append(
                CasualtyMention(
                    kind, q.value, q.start + offset, q.end + offset, q.text, q.approx, trig,
                    ts + offset, ts + len(trig) + offset,
                    head_m.group(1).lower() if head_m else None,
                    toll_like or trig.lower() == "víctimas",
                )
            )  # fmt: skip
            continue
        pre = sentence[max(0, q.start - 70) : q.start]
        mb = before_rx.search(pre)
        weak = False
        if not mb:
            mb = _FIGURE_BEFORE.search(pre)
            weak = mb is not None and _DEATH_WORD.search(sentence) is None
        if mb:
            ts = q.start - len(pre) + mb.start("trig")
            trig = mb.group("trig")
            low = trig.lower()
            kind = (
                "injured"
                if any(w in low for w in ("wound", "injur", "hiri", "herid"))
                else "killed"
            )
            if low.startswith(("left", "leaving", "dejó", "dejaron", "deja", "dejando")):
                # "left 17 dead" / "dejó 18 fallecidos": the word after the count decides.
                m2 = after_rx.match(tail.lstrip(" ,"))
                if not m2:
                    continue
                kind = "injured" if _INJ_WORDS.match(m2.group("trig")) else "killed"
            head_m = _HEAD_RE.match(tail.lstrip(" ,"))
            out.append(
                CasualtyMention(
                    kind, q.value, q.start + offset, q.end + offset, q.text, q.approx, trig,
                    ts + offset, ts + len(trig) + offset,
                    head_m.group(1).lower() if head_m else None,
                    toll_like or any(w in low for w in ("toll", "saldo", "cifra", "figure")),
                    weak,
                )
            )  # fmt: skip
            continue
        prev = out[-1] if out else None
        if prev is None:
            continue
        gap = sentence[prev.end - offset : q.start]
        if _OF_THEM.match(tail) or (
            len(gap) <= 45
            and re.fullmatch(r"(?i)[^.;:]*\b(?:y|e|and)\s+(?:de|a|to|at)?\s*", gap)
            and prev.trigger_start < prev.start
        ):
            # "Ten people were killed, eight of them on Dec. 15"; "era de 47 ... y de 49"
            out.append(
                CasualtyMention(
                    prev.kind, q.value, q.start + offset, q.end + offset, q.text, q.approx,
                    prev.trigger, prev.trigger_start, prev.trigger_end, prev.head,
                    prev.toll_like, True,
                )
            )  # fmt: skip
    # "a police officer ... died", "un policía murió"
    for m in _ONE_PERSON.finditer(sentence):
        if any(c.start - offset <= m.start() < c.end - offset for c in out):
            continue
        tail = sentence[m.end() : m.end() + 60]
        cut = _BREAK.search(tail)
        if cut:
            tail = tail[: cut.start()]
        tail = re.sub(r"^,[^,]{1,40},", "", tail)  # apposition: "a police officer, Jose Luis, died"
        mm = re.match(
            r"(?i)\s*(?:(?:was|were|has\s+been|had\s+been|also|fue|resultó|ha|había)\s+)?"
            r"(?P<trig>killed|died|dead|shot\s+dead|murdered|injured|wounded|murió|muerto|"
            r"falleció|fallecido|asesinado|asesinada|herido|herida|resultó\s+herido)\b",
            tail,
        )
        if not mm:
            mb = before_rx.search(sentence[max(0, m.start() - 40) : m.start()])
            if not mb or mb.group("trig").lower().startswith(("left", "leaving", "dej")):
                continue
            trig = mb.group("trig")
            ts = m.start() - len(sentence[max(0, m.start() - 40) : m.start()]) + mb.start("trig")
            kind1: CasualtyKind = (
                "injured"
                if any(w in trig.lower() for w in ("wound", "injur", "hiri"))
                else "killed"
            )
            out.append(
                CasualtyMention(
                    kind1, 1, m.start() + offset, m.start("head") + offset - 1, m.group("n"),
                    False, trig, ts + offset, ts + len(trig) + offset, m.group("head").lower(),
                    toll_like,
                )
            )  # fmt: skip
            continue
        trig = mm.group("trig")
        ts = m.end() + mm.start("trig")
        kind = "injured" if _INJ_WORDS.match(trig) or "herid" in trig else "killed"
        out.append(
            CasualtyMention(
                kind, 1, m.start() + offset, m.start("head") + offset - 1, m.group("n"), False,
                trig, ts + offset, ts + len(trig) + offset, m.group("head").lower(), toll_like,
            )
        )  # fmt: skip
    out.sort(key=lambda c: c.start)
    return out
