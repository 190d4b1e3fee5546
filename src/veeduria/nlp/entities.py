"""Named entities of one document: one `Entity` per real-world thing, with every mention.

Layers, most trusted first:
1. gazetteer rulers inside the spaCy pipeline (`ent.ent_id_` says which entry matched):
   curated actors, country-dependent forms ("Congreso" → the congress of the country the
   document is about), surname-only forms, countries, capitals (literal place or metonym of
   the government, decided from the syntax), GeoNames places;
2. rules over the text for phrases the NER does not see as names: governments ("the de facto
   government", "gobierno de Jeanine Añez"), embassies, mines ("mina Escobal"), airports,
   Spanish place heads ("plaza San Martín", "distrito de Ate");
3. the statistical NER, with labels mapped to the ontology's seven kinds by gazetteer look-up
   and cue words, and its known errors filtered (demonyms, dates, lowercase words, code).
Then mentions are merged: surname-only people link to the full name in the document,
acronyms to their expansions, accent variants to one canonical name.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import spacy
from spacy.tokens import Span as SpacySpan

from veeduria.nlp.gazetteer import LATAM, Actor, Gazetteer, get_gazetteer
from veeduria.nlp.names import (
    acronym,
    is_acronym,
    name_tokens,
    normalize_name,
    strip_accents,
    strip_titles,
    surname_matches,
)
from veeduria.nlp.pipeline import Segment, parse, pipeline_language
from veeduria.types import Entity, Mention

__all__ = ["EntityIndex", "extract_entities", "kind_from_cues"]


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# --------------------------------------------------------------------------- cue words

_GOV_CUES = re.compile(
    r"\b(Ministry|Ministerio|Minister[iy]o|Secretar[íi]a|Department|Departamento|Police|"
    r"Polic[íi]a|Army|Ej[ée]rcito|Armed Forces|Fuerzas Armadas|Navy|Marina de Guerra|"
    r"Air Force|Fuerza A[ée]rea|Congress|Congreso|Senate|Senado|Parliament|Parlamento|"
    r"Assembly|Asamblea|Court|Corte|Tribunal|Juzgado|Fiscal[íi]a|Prosecutor|Defensor[íi]a|"
    r"Ombudsman|Government|Gobierno|Embassy|Embajada|Consulate|Consulado|Superintendencia|"
    r"Direcci[óo]n (?:General|Regional|Nacional)|Municipalidad|Alcald[íi]a|Gobernaci[óo]n|"
    r"Prefectura|Presidency|Presidencia|Council of Ministers|Consejo de Ministros|"
    r"Contralor[íi]a|Procuradur[íi]a|Guardia Nacional|National Guard|Comando|Jurado|"
    r"Registro Nacional|Oficina Nacional|Agencia Nacional|Instituto Nacional|Servicio Nacional|"
    r"Cabinet|Gabinete|Chamber of Deputies|C[áa]mara de)\b"
)
_PARTY_CUES = re.compile(r"\b(Party|Partido)\b")
_COMPANY_CUES = re.compile(
    r"(\bS\.?A\.?C?\.?$|\bS\.A\.A\.|\bInc\b\.?|\bCorp\b\.?|\bCorporation\b|\bLtd\b\.?|"
    r"\bLimited\b|\bLLC\b|\bplc\b|\bMining\b|\bMinera\b|\bMinerals\b|\bResources\b|"
    r"\bGold\b|\bSilver\b|\bCopper\b|\bMetals\b|\bCompany\b|\bCompañ[íi]a\b|\bEmpresa\b|"
    r"\bHoldings?\b|\bExploration\b|\bExploradora\b|\bMinas\b|\bMines\b|\bNickel\b|"
    r"\bN[íi]quel\b|\bGroup\b|\bGrupo\b|\bS\.R\.L\.|\bBank\b|\bBanco\b)"
)
_ORG_CUES = re.compile(
    r"\b(Association|Asociaci[óo]n|Federation|Federaci[óo]n|Confederation|Confederaci[óo]n|"
    r"Network|Red|Union|Sindicato|Coordinadora|Frente|Front|Committee|Comit[ée]|Council|"
    r"Consejo|Foundation|Fundaci[óo]n|Institute|Instituto|University|Universidad|League|"
    r"Liga|Center|Centre|Centro|Observatorio|Observatory|Alliance|Alianza|Movement|"
    r"Movimiento|Coalition|Coalici[óo]n|Watch|News|Times|Post|Press|Prensa|Radio|"
    r"Television|Televisi[óo]n|Diario|Agency|Agencia|Society|Sociedad|Colectivo|Collective|"
    r"Organization|Organizaci[óo]n|Organisation|Commission|Comisi[óo]n|Church|Iglesia)\b"
)
_PLACE_CUES = re.compile(
    r"\b(Airport|Aeropuerto|Plaza|Square|Park|Parque|Bridge|Puente|Highway|Carretera|"
    r"Avenue|Avenida|Street|Calle|Hospital|Palace|Palacio|Valley|Valle|Lake|Lago|River|R[íi]o|"
    r"Mountain|Cerro|Volc[áa]n|Island|Isla|Province|Provincia|Region|Regi[óo]n|"
    r"District|Distrito|Department|Departamento de|Mine|Mina|Stadium|Estadio|Prison|Penal|"
    r"Port|Puerto|Bay|Bah[íi]a|Desert|Desierto|Forest|Bosque|City|Ciudad)\b"
)


def kind_from_cues(name: str) -> str | None:
    """The kind an organization-like name's words suggest, or None ("Ministerio…" →
    government_body, "Partido…" → political_party, "… S.A." → company)."""
    if _PARTY_CUES.search(name):
        return "political_party"
    if _GOV_CUES.search(name):
        return "government_body"
    if _COMPANY_CUES.search(name):
        return "company"
    if _ORG_CUES.search(name):
        return "organization"
    return None


# --------------------------------------------------------------------------- candidates


@dataclass
class _Cand:
    start: int
    end: int
    name: str  # canonical name when known, else the cleaned surface
    kind: str
    key: str  # grouping key; "actor:…", "gov:XX", "country:XX" or "kind:normalized name"
    country: str | None = None
    source: str = "ner"  # "gazetteer", "rule", "ner"
    priority: int = 1  # 3 gazetteer, 2 rule, 1 ner; overlays never suppress others
    overlay: bool = False
    pending: str | None = None  # "generic", "short", "capital", "person"
    label: str = ""
    conf: float = 0.7


@dataclass
class _Doc:
    text: str
    lang: str
    gz: Gazetteer
    cands: list[_Cand] = field(default_factory=list)
    country: str | None = None


_STOP_SINGLE = frozenset(
    normalize_name(w)
    for w in _words(
        "I He She They We It You Él Ella Ellos Nosotros Usted This That Esto Eso Este Esta "
        "The El La Los Las Un Una Mr Mrs Sr Sra President Presidente Presidenta Minister "
        "Ministro Ministra Government Gobierno State Estado Congress Police Policía Army "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Lunes Martes Miércoles "
        "Jueves Viernes Sábado Domingo January February March April May June July August "
        "September October November December Enero Febrero Marzo Abril Mayo Junio Julio "
        "Agosto Septiembre Setiembre Octubre Noviembre Diciembre Photo Foto AFP Twitter "
        "Facebook X Instagram WhatsApp TikTok YouTube Telegram Covid COVID-19 Reuters/ "
        "Según Tras Durante Ante Pero Sin Con Aunque Además Also However Meanwhile"
    )
)
_CODE_RE = re.compile(
    r"(function\s*\(|=>|\bvar\s+\w+\s*=|\bconst\s+\w+\s*=|document\.|window\.|</?\w+[^>]*>|"
    r"googletag|\{\s*\"|\);\s*$|\bsrc=|\bhref=|@media|\{[^}]*:[^}]*;)"
)
_BAD_CHARS = re.compile(r"[{}<>=@#|\\_/\[\]]|https?:|www\.")
_LETTER = re.compile(r"[^\W\d_]")


def _is_code(segment_text: str) -> bool:
    return bool(_CODE_RE.search(segment_text))


def _clean_surface(text: str, start: int, end: int, person: bool = True) -> tuple[int, int]:
    """Trim titles, articles, possessives and stray punctuation from an entity span.

    For names other than people only lowercase leading words go: "La Paz", "El Alto" and
    "The Grayzone" keep their article, "la Defensoría" loses it."""
    if person:
        s, e = strip_titles(text[start:end])
    else:
        surf = text[start:end]
        m = re.match(r"(?:(?:the|el|la|los|las|lo)\s+)+", surf)
        s = m.end() if m and m.end() < len(surf) else 0
        e = len(surf)
        p = re.search(r"['’]s$", surf)
        if p and p.start() > s:
            e = p.start()
    start, end = start + s, start + e
    while start < end and text[start] in " \t\"'“”‘’«»([-–—,.;:":
        start += 1
    while end > start and text[end - 1] in " \t\"'“”‘’«»)]-–—,;:":
        end -= 1
    if end > start and text[end - 1] == "." and not _keeps_dot(text[start:end]):
        end -= 1
    return start, end


def _place_name(surface: str, gazetteer_name: str) -> str:
    """The gazetteer's spelling when it is the same name ("APURIMAC" → "Apurímac"), else the
    text's ("Americas" is not GeoNames' "Las Américas", though they normalize alike)."""
    if strip_accents(surface).casefold() == strip_accents(gazetteer_name).casefold():
        return gazetteer_name
    return surface.title() if surface.isupper() else surface


def _keeps_dot(s: str) -> bool:
    return bool(re.search(r"(\b[A-Z]\.[A-Z]\.|\b(?:Inc|Corp|Ltd|Co|S\.A|Jr|Sr)\.)$", s))


# --------------------------------------------------------------------------- metonyms

_DATE_START = re.compile(
    r"(?i)(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic|lunes|martes|"
    r"mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|[A-ZÁÉÍÓÚ]{3,}\b)"
)
_LITERAL_PREV = _words(
    "in at from into near outside across around through inside visit visited visiting "
    "central downtown en desde hacia cerca dentro fuera a de del por sobre entre hasta "
    "of to toward towards arrived reached left via"
)
_METONYM_PREV = _words("con with urge urged urges asked pressed told")


def _is_metonym(ent: SpacySpan) -> bool:
    """Is a capital used for its government ("Ottawa said", "urge Ottawa")?

    Literal: datelines ("LIMA, Dec 8"), after a locative preposition ("In Washington",
    "toma de Lima"). Metonym: subject or object of a verb, next to a verb, after "con/with".
    """
    doc = ent.doc
    if ent.text.isupper() and len(ent.text) > 3:
        return False
    first = ent.start == 0 or all(not t.is_alpha for t in doc[: ent.start])
    nxt = doc[ent.end] if ent.end < len(doc) else None
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if first and nxt is not None and nxt.text in {"(", "-", "–", "—", ":", "."}:
        return False
    if (
        first
        and nxt is not None
        and nxt.text == ","
        and _DATE_START.match(doc[ent.end + 1 :].text if ent.end + 1 < len(doc) else "")
    ):
        return False
    if prev is not None and prev.lower_ in _LITERAL_PREV:
        return False
    if nxt is not None and nxt.text in {"'s", "’s"}:
        return True
    if prev is not None and (prev.lower_ in _METONYM_PREV or prev.pos_ in {"VERB", "AUX"}):
        return True
    # next meaningful token
    j = ent.end
    while j < len(doc) and doc[j].pos_ in {"ADV", "PART"} and doc[j].lower_ not in {"not"}:
        j += 1
    if j < len(doc) and doc[j].pos_ in {"VERB", "AUX"} and doc[j].tag_ not in {"VBG"}:
        return True
    root = ent.root
    dep = root.dep_
    if dep == "conj":
        dep = root.head.dep_
    return dep in {"nsubj", "nsubjpass", "dobj", "obj", "nsubj:pass", "iobj"}


# --------------------------------------------------------------------------- main


def extract_entities(
    text: str, lang: str | None, segments: Sequence[Segment] | None = None
) -> list[Entity]:
    """One `Entity` per real-world thing named in `text`, with all its mentions.

    `segments` is the output of `pipeline.parse(text, lang)`; parsed here when omitted.
    Mention offsets index `text` (`text[m.start:m.end] == m.text`).
    """
    if segments is None:
        segments = parse(text, lang)
    d = _Doc(text=text, lang=pipeline_language(lang, text), gz=get_gazetteer())
    for seg in segments:
        if _is_code(seg.text):
            continue
        for ent in _merge_split_names(seg.doc.ents):
            c = _from_ent(d, seg, ent)
            if c is not None:
                d.cands.append(c)
    code_spans = [(s.start, s.end) for s in segments if _is_code(s.text)]
    d.country = _doc_country(d)
    _rule_candidates(d, code_spans)
    _masthead_candidates(d, segments)
    _repeat_mentions(d)
    _resolve_pending(d)
    cands = _suppress_overlaps(d.cands)
    return _group(d, cands)


def _merge_split_names(ents: Sequence[SpacySpan]) -> list[SpacySpan]:
    """Rejoin "Elvis" + "Boluarte" when a surname-only gazetteer form cut a full name."""
    out: list[SpacySpan] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == ent.start
            and prev.label_ in {"PERSON", "PER"}
            and not prev.ent_id_
            and ent.ent_id_.startswith("short:")
        ):
            out[-1] = SpacySpan(ent.doc, prev.start, ent.end, label=prev.label_)
            continue
        out.append(ent)
    return out


def _from_ent(d: _Doc, seg: Segment, ent: SpacySpan) -> _Cand | None:
    gz, text = d.gz, d.text
    start, end = seg.span(ent)
    ident = ent.ent_id_
    label = ent.label_
    if ident:
        kind_, _, ref = ident.partition(":")
        if kind_ in {"actor", "gov"}:
            a = gz.actors.get(ident)
            if a is None:
                return None
            if kind_ == "gov" and _SUBDIVISION.match(text[end : end + 6]):
                return None  # "the Mexican state of Chiapas"
            s, e = start, end
            if a.kind == "person":
                s, e = _clean_surface(text, start, end)
            m = _POSSESSIVE_COUNTRY.match(text[s:e])
            if m and a.kind != "country":
                cc = gz.country(m.group("c"))
                if cc is not None:
                    # "Peru's Congress" also names Peru
                    d.cands.append(
                        _Cand(
                            s,
                            s + len(m.group("c")),
                            gz.countries[cc].name,
                            "country",
                            f"country:{cc}",
                            cc,
                            "gazetteer",
                            3,
                            overlay=True,
                        )
                    )
            return _Cand(s, e, a.name, a.kind, a.key, a.country, "gazetteer", 3, conf=0.95)
        if kind_ == "country":
            c = gz.countries[ref]
            return _Cand(start, end, c.name, "country", ident, ref, "gazetteer", 3, conf=0.95)
        if kind_ == "capital":
            surf = text[start:end]
            cand = _Cand(start, end, surf, "place", "", ref, "gazetteer", 3, conf=0.85)
            cand.pending = "capital:gov" if _is_metonym(ent) else "capital:place"
            return cand
        if kind_ == "place":
            if _gap_place_noise(ent) or _common_word(ent, ent.text, label):
                return None
            entries = gz.place_index.get(ref)
            name = entries[0].name if entries else text[start:end]
            cc = entries[0].country if entries else None
            if text[start:end].isupper() and entries:
                name = entries[0].name
            return _Cand(start, end, name, "place", f"place:{ref}", cc, "gazetteer", 3, conf=0.85)
        if kind_ in {"generic", "short"}:
            cand = _Cand(start, end, text[start:end], "", "", None, "gazetteer", 3, conf=0.8)
            cand.pending = kind_
            cand.label = label
            if kind_ == "short":
                cand.kind = "person"
            return cand
    return _from_ner(d, start, end, label, ent, seg.text)


_SUBDIVISION = re.compile(r"\s+(?:of|de)\s")
_POSSESSIVE_COUNTRY = re.compile(r"(?P<c>[A-Z][\w. ]+?)(?:'s|’s|'|’)\s")


def _initial(tok: Any) -> bool:
    """First word of its sentence (ignoring list markers and punctuation before it)."""
    if tok.is_sent_start:
        return True
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.pos_ == "DET" and _initial(prev):
        return True  # "La Misión de …", "The Project …"
    if prev is not None and prev.text in {"-", "–", "—", "|", "·", "•", ":", "/"}:
        return True  # the first word of a masthead field ("… - Boletín semanal")
    i: int = tok.i - 1
    while i >= 0 and not tok.doc[i].is_alpha:
        if tok.doc[i].is_sent_start:
            return True
        i -= 1
    return bool(i < 0)


@functools.cache
def _stop_words(lang: str) -> frozenset[str]:
    try:
        return frozenset(spacy.util.get_lang_class(lang).Defaults.stop_words)
    except Exception:  # unknown language code: no stop-word filter
        return frozenset()


def _common_word(ent: SpacySpan, surf: str, label: str) -> bool:
    """A one-word entity that is really a capitalized common word: a stop word, or a
    sentence-initial word the tagger does not call a proper noun."""
    if len(ent) != 1:
        return False
    tok = ent[0]
    if tok.lower_ in _stop_words(ent.doc.lang_):
        return True
    if not _initial(tok):
        return False
    return tok.pos_ not in {"PROPN", "X"} or _in_lexicon(tok.lower_, ent.doc.lang_)


@functools.cache
def _lexicon(lang: str) -> frozenset[str]:
    """Common words the lemmatizer knows (its lemma index): a capitalized sentence-initial
    "Vecinos" or "Decenas" is a word, not a name. Empty when the model has no such table."""
    try:
        from veeduria.nlp.pipeline import load_pipeline

        lem = load_pipeline(lang).get_pipe("lemmatizer")
        table = lem.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    except Exception:  # a pipeline without a rule lemmatizer: no lexicon
        return frozenset()
    return frozenset(w for words in table.values() for w in words)


def _in_lexicon(word: str, lang: str) -> bool:
    lex = _lexicon(lang)
    forms = {word}
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s"):
        forms.add(word[:-1])
    return bool(forms & lex)


@functools.lru_cache(maxsize=256)
def _all_caps_line(line: str) -> bool:
    """More than 25 letters, all capitals (cached: asked once per entity of the line)."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) > 25 and all(ch.isupper() for ch in letters)


def _gap_place_noise(ent: SpacySpan) -> bool:
    """A one-word town match that is really part of a longer name or a sentence-initial
    common word ("Vice President", "Decenas de…")."""
    doc = ent.doc
    if len(ent) != 1:
        return False
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha:
        return True
    tok = ent[0]
    return _initial(tok) and tok.pos_ not in {"PROPN"}


_PAIR_WORDS = frozenset({"y", "e", "and", "&"})


def _end_of_named_pair(ent: SpacySpan, is_place: Callable[[str], object]) -> bool:
    """The second noun of a capitalized pair that names a body ("Energía y Minas", "Energy
    and Mines"): the word before "y"/"and" is capitalized but no entity, so the pair is one
    name, not two places ("Lima y Cusco" keeps Cusco: Lima is a place)."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ not in _PAIR_WORDS:
        return False
    first = doc[ent.start - 2]
    return (
        first.is_alpha
        and first.text[:1].isupper()
        and not first.is_sent_start
        and first.ent_type_ not in {"GPE", "LOC", "FAC"}
        and not first.ent_id_
        and not is_place(first.text)
    )


_DROP_LABELS = _words(
    "DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY NORP LANGUAGE LAW EVENT WORK_OF_ART PRODUCT"
)


def _from_ner(
    d: _Doc, start: int, end: int, label: str, ent: SpacySpan | None = None, line: str = ""
) -> _Cand | None:
    """A candidate from a model entity; `line` is the text of its segment (`ent.doc.text`)."""
    gz, text = d.gz, d.text
    s, e = _clean_surface(text, start, end, person=label in {"PERSON", "PER"})
    s, e = _trim_span(text, s, e)
    if s >= e:
        return None
    surf = text[s:e]
    in_title = _TITLE_CONTEXT.search(text[max(0, s - 40) : s]) or _TITLE_AFTER.match(
        text[e : e + 30]
    )
    if in_title and label not in {"PERSON", "PER"} and gz.country(surf) is None:
        # "ministra de Cultura", "Foreign Affairs Minister": a job title, not a body
        return None
    if (
        " " not in surf
        and _PORTFOLIO.search(text[max(0, s - 30) : s])
        and _in_lexicon(surf.lower(), d.lang)
        and not gz.actor(surf)
    ):
        return None  # "la titular de Educación", "el de Cultura": a portfolio
    if _NOT_NAME_START.match(surf):
        return None
    known = gz.actor(surf) or gz.country(surf) or (surf.isupper() and gz.places(surf))
    if ent is not None and not known and _common_word(ent, surf, label):
        return None
    if (
        ent is not None
        and label in {"GPE", "LOC", "FAC"}
        and len(ent) == 1
        and not known
        and _end_of_named_pair(ent, gz.places)
    ):
        return None  # "ministro de Energía y Minas": a portfolio's name, not a town
    if ent is not None and _all_caps_line(line) and gz.country(surf) is None:
        # ALL-CAPS headlines: the model labels random words there
        return None
    if normalize_name(surf) in _PEOPLES:
        return None
    if _BAD_CHARS.search(surf) or not _LETTER.search(surf):
        return None
    norm = normalize_name(surf)
    if not norm or norm in _STOP_SINGLE:
        return None
    if surf.islower():
        return None
    # known names first, whatever the model's label
    a = gz.actor(surf)
    if a is not None and (a.kind != "person" or label in {"PERSON", "PER"}):
        return _Cand(s, e, a.name, a.kind, a.key, a.country, "gazetteer", 3, conf=0.9)
    cc = gz.country(surf)
    if cc is not None and label not in {"PERSON", "PER"}:
        return _Cand(s, e, gz.countries[cc].name, "country", f"country:{cc}", cc, "gazetteer", 3)
    if gz.demonym(surf) is not None:
        return None
    if label == "NORP":
        places = gz.places(surf)
        if places and surf[:1].isupper():
            return _Cand(
                s, e, _place_name(surf, places[0].name), "place", f"place:{norm}", places[0].country
            )
        return None
    if gz.is_generic(surf):
        c = _Cand(s, e, surf, "", "", None, "gazetteer", 2)
        c.pending = "generic"
        c.label = label
        return c
    if label in _DROP_LABELS:
        return None
    if any(ch.isdigit() for ch in surf) and not re.search(r"[A-Za-z]{3}", surf):
        return None
    words = surf.split()
    if label in {"PERSON", "PER"}:
        places = gz.places(surf)
        if places and len(words) == 1 and not gz.short(surf):
            # the Spanish model tags towns as PER; a lone word that GeoNames knows is a place
            return _Cand(
                s, e, _place_name(surf, places[0].name), "place", f"place:{norm}", places[0].country
            )
        cue = kind_from_cues(surf)
        if cue and cue != "person" and len(words) > 1 and not _looks_like_person(words):
            return _Cand(s, e, surf, cue, f"{cue}:{norm}")
        if _PLACE_CUES.search(surf) and len(words) > 1:
            return _Cand(s, e, surf, "place", f"place:{norm}")
        if not _looks_like_person(words):
            return None
        c = _Cand(s, e, surf, "person", f"person:{norm}")
        c.pending = "person"
        return c
    if (
        label not in {"PERSON", "PER"}
        and _named_like_person(words)
        and not kind_from_cues(surf)
        and gz.country(surf) is None
        and not gz.places(surf)
    ):
        c = _Cand(s, e, surf, "person", f"person:{norm}", conf=0.6)
        c.pending = "person"
        return c
    if label in {"GPE", "LOC", "FAC"}:
        cue = kind_from_cues(surf)
        if cue is not None and not _PLACE_CUES.search(surf) and len(words) > 1:
            if _only_heads(words):
                return None
            return _Cand(s, e, surf, cue, f"{cue}:{norm}")
        if len(words) > 6:
            return None
        places = gz.places(surf)
        if places:
            return _Cand(
                s, e, _place_name(surf, places[0].name), "place", f"place:{norm}", places[0].country
            )
        return _Cand(s, e, surf, "place", f"place:{norm}")
    if label in {"ORG", "MISC"}:
        cue = kind_from_cues(surf)
        if cue is None:
            places = gz.places(surf)
            if places and len(words) <= 3:
                return _Cand(
                    s,
                    e,
                    _place_name(surf, places[0].name),
                    "place",
                    f"place:{norm}",
                    places[0].country,
                )
            if _PLACE_CUES.search(surf) and len(words) > 1:
                return _Cand(s, e, surf, "place", f"place:{norm}")
            if label == "MISC" and not is_acronym(surf):
                return None
            cue = "organization"
        if len(words) > 10 or _only_heads(words):
            return None
        return _Cand(s, e, surf, cue, f"{cue}:{norm}", conf=0.6)
    return None


_GIVEN = _words(
    "Adolfo Adriana Agustín Alberto Alejandro Alejandra Alfredo Álvaro Alvaro Ana Andrés Andres "
    "Ángel Antonio Arturo Beatriz Benito Berta Carlos Carmen Catalina César Cesar Claudia "
    "Cristina Daniel David Diana Diego Dina Domingo Eduardo Elena Elías Elizabeth Emilio "
    "Enrique Ernesto Eva Evo Fabiola Felipe Fernando Francisco Gabriel Gabriela Gerardo "
    "Gloria Gonzalo Guadalupe Guillermo Gustavo Héctor Hector Hugo Ignacio Isabel Isis Iván "
    "Ivan Jaime Javier Jesús Jorge José Jose Josefina Juan Juana Julia Julio Karen Laura Leonardo "
    "Lilia Lucía Lucia Luis Luisa Manuel Marcela Marcelo Marco Marcos Margarita María Maria "
    "Mariano Mario Marta Martín Martin Mateo Máxima Mercedes Miguel Mónica Nelson Nicolás Norma "
    "Óscar Oscar Otto Pablo Patricia Paola Pedro Porfirio Rafael Ramón Raúl Raul Remo Ricardo "
    "Roberto Rodrigo Rosa Rosario Rubén Salvador Samuel Santiago Sergio Silvia Sofía Susana "
    "Teresa Tomás Valeria Verónica Vicente Víctor Victor Walter Wilfredo Williams Xiomara Yolanda "
    "Abdiel Kenneth John James Robert Michael William Richard Joseph Thomas Charles Mark Paul "
    "Steven Andrew Kevin Brian George Edward Peter Jennifer Mary Linda Susan Sarah Karen Nancy "
    "Lisa Margaret Emily Michelle Melanie Mélanie Justin Stephen Chrystia Jen Jamie Grahame Max "
    "Aidan Ivan Jay Ollie Domenic Mike Barack Hillary Donald Joe Antony Luiz Jair Lula Nayib"
)


def _named_like_person(words: list[str]) -> bool:
    """ "Rosa Huamán Ccori", "Isis Obed Murillo": two to four capitalized words, the first a
    common given name (the model often calls such names ORG or MISC)."""
    if not 2 <= len(words) <= 4 or words[0] not in _GIVEN:
        return False
    return all(w[:1].isupper() or w in {"de", "del", "la", "y"} for w in words)


_TITLE_CONTEXT = re.compile(
    r"\b(?:[Mm]inistr[oa]|[Vv]iceministr[oa]|[Mm]inister|[Ss]ecretar[iy]o?a?|[Ss]ecretary|"
    r"[Tt]itular|[Jj]ef[ea])\s+(?:de|del|of|for)\s+(?:la\s+|el\s+|los\s+|the\s+)?$"
)
_TITLE_AFTER = re.compile(
    r"\s*(?:(?:and|y|&|[A-Z]\w+)\s+){0,3}(?:Minister|Ministra|Ministro|Secretary)\b"
)
_PEOPLES = frozenset(
    normalize_name(w)
    for w in _words(
        "Aymara Aimara Quechua Mapuche Maya Mayas Garífuna Garifuna Lenca Xinca Shuar Awajún "
        "Wampis Asháninka Kichwa Uros Indigenous Indígena Indígenas Afro-Peruvian Mestizo Latino "
        "Hispanic Latinos Latinx Andean Andino Andina Amazonian Amazónico Evangelical"
    )
)
_NOT_NAME_START = re.compile(
    r"(?:Ley|Law|Decreto|Decree|Act|Resolución|Resolution|Bill|Proyecto de ley|Artículo|"
    r"Article|Código|Code)\b"
)
_BYLINE_PREFIX = _words(
    "Redacción Archivo Foto Fotografía Fuente Photo Source Credit Crédito Imagen Image Por By "
    "Corresponsal Contact Contacto Vía Via"
)
_PORTFOLIO = re.compile(
    r"\b(?:ministr[oa]s?|viceministr[oa]|titular|cartera|portafolio|[Mm]inister|el|la)\s+"
    r"(?:de|del|of)\s+$"
)
_ARTICLES = _words("La El Los Las Lo The A An Un Una")
_CONNECTORS = _words("of de del and y the la las los el for en with con")


def _trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """Cut a model span at a bracket, a pipe or a sentence break; drop leading lowercase
    words ("la chef limeña Rosa …") and trailing connectors ("Central Organizer of")."""
    surf = text[s:e]
    for sep in ("(", ")", "|", "\n", " – ", " — ", " - "):
        i = surf.find(sep)
        if i > 0:
            surf = surf[:i]
    m = re.search(r"[a-záéíóúñ]{2,}[.!?]\s+[A-ZÁÉÍÓÚÑ]", surf)
    if m:
        surf = surf[: m.start() + len(m.group().rstrip()) - 2]
    e = s + len(surf.rstrip())
    toks = list(re.finditer(r"\S+", text[s:e]))
    i = 0
    while i < len(toks) - 1 and (
        toks[i].group()[:1].islower()
        or toks[i].group().rstrip(":") in _BYLINE_PREFIX
        or (toks[i].group() in _ARTICLES and toks[i + 1].group()[:1].islower())
    ):
        i += 1
    if toks and i:
        s = s + toks[i].start()
    toks = list(re.finditer(r"\S+", text[s:e]))
    while len(toks) > 1 and (
        toks[-1].group().lower() in _CONNECTORS or toks[-1].group()[:1].islower()
    ):
        toks.pop()
        e = s + toks[-1].end()
    while e > s and text[e - 1] in " ,;:-–—":
        e -= 1
    return s, e


_HEADS = frozenset(
    normalize_name(w)
    for w in _words(
        "Presidencia Presidency Embajada Embassy Tribunal Tribunales Court Corte Ministerio "
        "Ministry Gobierno Government Fiscalía Congreso Congress Alto Mando High Command Policía "
        "Police Ejército Army Senado Senate Cámara Chamber Consejo Council Comisión Commission "
        "Comité Committee Dirección Oficina Office Secretaría Department Departamento Agencia "
        "Agency Instituto Institute Universidad University Asamblea Assembly Junta Mesa Frente "
        "Front Red Network Federación Federation Sindicato Union Partido Party Empresa Company "
        "Compañía Minera Mining Bank Banco Project Proyecto Program Programa de del la las los "
        "el y of the and for a en National Nacional Regional General Supreme Suprema Superior "
        "Electoral Interior Exterior Foreign Affairs Relaciones Exteriores Public Pública Público "
        "forma interina interino interim provisional"
    )
)


def _only_heads(words: list[str]) -> bool:
    """ "Presidencia", "Alto Mando", "Tribunal": generic head words with no proper name."""
    return all(normalize_name(w) in _HEADS for w in words)


def _looks_like_person(words: list[str]) -> bool:
    caps = [w for w in words if w[:1].isupper()]
    if not caps:
        return False
    return not all(w.isupper() and len(w) > 3 for w in words) or len(words) > 1


# --------------------------------------------------------------------------- document country


def _doc_country(d: _Doc) -> str | None:
    """The Latin American country the document is mostly about (else the most named one)."""
    votes: dict[str, float] = {}
    for c in d.cands:
        if c.country is None:
            continue
        if c.kind == "country":
            w = 2.0
        elif c.pending and c.pending.startswith("capital:"):
            w = 1.5
        elif c.key.startswith("place:"):
            # GeoNames names recur across countries ("San Rafael"): only unique ones vote
            entries = d.gz.place_index.get(c.key[6:], [])
            w = 0.5 if len({p.country for p in entries}) == 1 else 0.0
        elif c.source == "ner":
            w = 0.0
        else:
            w = 1.0
        votes[c.country] = votes.get(c.country, 0.0) + w
    for m in re.finditer(r"[^\W\d_]+", d.text):
        cc = d.gz.demonym(m.group())
        if cc:
            votes[cc] = votes.get(cc, 0.0) + 1.0
    if not votes:
        return None
    latam = [(n, cc) for cc, n in votes.items() if cc in LATAM]
    if latam:
        return max(latam)[1]
    return max(votes.items(), key=lambda kv: kv[1])[0]


# --------------------------------------------------------------------------- rule candidates

_NAME = r"[A-ZÁÉÍÓÚÑ][\w'’.-]*(?:\s+(?:de(?:l| la| los)?\s+)?[A-ZÁÉÍÓÚÑ][\w'’.-]*){0,4}"
_CAP1 = r"[A-ZÁÉÍÓÚÑ][\wáéíóúñü'-]+"
_TITLE = (
    r"(?:(?:the\s+|el\s+|la\s+|del\s+|de\s+la\s+)?(?:interim\s+|former\s+|then[- ]|de facto\s+)?"
    r"(?:President|presidente|presidenta|Presidente|Presidenta|mandatario|mandataria|"
    r"Prime Minister|primer ministro|premier|General|general)\s+)?"
)

_GOV_MOD_EN = (
    r"(?:coup|de facto|interim|caretaker|military|transitional|new|current|illegitimate|"
    r"unelected|civilian|provisional|putschist|outgoing|incoming|right-wing|leftist|"
    r"left-wing|conservative|socialist)"
)
_GOV_PHRASES: list[tuple[re.Pattern[str], str]] = [
    # "the Bolivian coup government", "Peru's de facto regime"
    (
        re.compile(
            rf"\b(?P<adj>[A-Z][a-z]+)(?:'s|’s)?\s+(?:{_GOV_MOD_EN}\s+){{1,2}}"
            r"(?:government|regime|administration)\b"
        ),
        "adj",
    ),
    # "the de facto government", "coup regime", "caretaker administration"
    (
        re.compile(
            r"\b(?:de facto|caretaker|interim|coup|military|transitional|illegitimate|"
            r"putschist|provisional|unelected)\s+(?:government|regime|administration)\b"
        ),
        "doc",
    ),
    # "the government of (President) Dina Boluarte"
    (
        re.compile(rf"\b(?:government|administration|regime)\s+of\s+{_TITLE}(?P<person>{_NAME})"),
        "person",
    ),
    # "Boluarte government", "Áñez's government", "the Pérez Molina administration"
    (
        re.compile(
            rf"(?P<person>{_CAP1}(?:\s+{_CAP1}){{0,2}})(?:'s|’s)?\s+"
            r"(?:government|administration|regime)\b"
        ),
        "person?",
    ),
    # "gobierno de facto", "Gobierno interino", "régimen golpista"
    (
        re.compile(
            r"\b(?:[Gg]obierno|[Rr][ée]gimen)\s+(?:de facto|interino|golpista|provisional|"
            r"transitorio|de transición|ilegítimo|usurpador|militar|cívico-militar)\b"
        ),
        "doc",
    ),
    # "gobierno (de la presidenta) Dina Boluarte", "gobierno del presidente Álvaro Colom"
    (
        re.compile(
            r"\b(?:[Gg]obierno|[Rr][ée]gimen|[Aa]dministración)\s+(?:interino\s+)?"
            r"(?:del?\s+(?:la\s+)?(?:(?:expresidente|expresidenta|presidente|presidenta|"
            r"mandatario|mandataria|autoproclamada|autoproclamado|dictador|general)\s+)+|de\s+)"
            rf"(?P<person>{_NAME})"
        ),
        "person",
    ),
]

_EMBASSY_EN = re.compile(
    r"\b(?P<adj>[A-Z][a-z]+)\s+[Ee]mbassy\b(?:\s+in\s+(?P<city>[A-Z][\w]+(?:\s+[A-Z]\w+)?))?"
)
_EMBASSY_OF = re.compile(
    r"\b(?:[Ee]mbassy|[Ee]mbajada)\s+(?:of|de)\s+(?:the\s+)?(?P<country>[A-ZÁÉÍÓÚ][\w.]+"
    r"(?:\s+[A-Z][\w.]+)?)(?:\s+(?:in|en)\s+(?:el\s+)?(?P<city>[A-ZÁÉÍÓÚ]\w+(?:\s+[A-Z]\w+)?))?"
)
_EMBASSY_ES = re.compile(
    r"\b[Ee]mbajada\s+(?P<adj>[a-záéíóúñ]+)(?:\s+en\s+(?:el\s+)?(?P<city>[A-ZÁÉÍÓÚ]\w+))?"
)

_HEADED_PLACE_ES = re.compile(
    r"\b(?P<head>plaza|puente|valle|páramo|lago|laguna|río|cerro|bosque|carretera|penal|"
    r"isla|islas|volcán|nevado|parque|avenida|hospital|estadio|puerto|aeropuerto|vía|catedral)"
    r"(?:\s+(?:internacional|regional|protector|nacional))?(?:\s+(?:de|del|de la|de los))?"
    rf"\s+(?P<name>{_NAME})"
)
_SAME_AS_NAME = _words("páramo lago laguna río cerro volcán nevado isla penal")
_ADMIN_ES = re.compile(
    r"\b(?:distrito|provincia|región|departamento|comunidad(?: campesina| nativa| indígena)?|"
    r"localidad|poblado|caserío|aldea|cantón|municipio|ciudad|pueblo|comuna)\s+"
    rf"(?:de\s+|del\s+)?(?P<name>{_NAME})"
)
_ADMIN_EN = re.compile(
    rf"\b(?:town|village|city|district|province|region|department|community|municipality)\s+"
    rf"of\s+(?P<name>{_NAME})"
)
_MINE_ES = re.compile(rf"\bmina\s+(?:de\s+(?:oro|cobre|plata|níquel|zinc)\s+)?(?P<name>{_NAME})")
_MINE_EN = re.compile(
    rf"(?P<name>{_CAP1}(?:\s+{_CAP1}){{0,2}})\s+(?:(?:gold|copper|silver|nickel|zinc|open-pit|"
    r"iron|lithium|coal)\s+)?(?:mine|mining project|mining concession)\b"
)
_AIRPORT_EN = re.compile(
    rf"(?P<name>{_CAP1}(?:\s+{_CAP1}){{0,4}})\s+(?:[Ii]nternational\s+)?[Aa]irport\b"
)


# The patterns above that open with an unanchored `_CAP1`: `finditer` would try them from
# every capital of a long word ("AbAbAb…": seconds on 5,000 characters). `_find` tries only
# the first capital of each run of word characters: a match from a later capital of the run
# would be a suffix of one from the first, which was tried and failed. Same matches, linear.
_CAP1_LED = frozenset({_GOV_PHRASES[3][0], _MINE_EN, _AIRPORT_EN})
_WORD_RUN = re.compile(r"[\w'-]+")
_CAPITAL = re.compile(r"[A-ZÁÉÍÓÚÑ]")


def _find(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`rx.finditer(text)`, in linear time for the patterns of `_CAP1_LED`."""
    if rx not in _CAP1_LED:
        yield from rx.finditer(text)
        return
    pos = 0
    for run in _WORD_RUN.finditer(text):
        start, end = max(run.start(), pos), run.end()
        while start < end:
            first = _CAPITAL.search(text, start, end)
            m = rx.match(text, first.start()) if first is not None else None
            if m is None:
                break
            yield m
            pos = start = m.end()


def _rule_candidates(d: _Doc, code_spans: list[tuple[int, int]]) -> None:
    gz, text = d.gz, d.text

    def in_code(pos: int) -> bool:
        return any(s <= pos < e for s, e in code_spans)

    def add(c: _Cand) -> None:
        if not in_code(c.start) and "\n" not in text[c.start : c.end]:
            d.cands.append(c)

    persons = [c for c in d.cands if c.kind == "person"]

    def person_country(name: str) -> str | None:
        a = gz.actor(name)
        if a is not None and a.kind == "person":
            return a.country
        for c in persons:
            if c.country and (normalize_name(c.name) == normalize_name(name)):
                return c.country
        return None

    def person_known(name: str) -> bool:
        if gz.actor(name) is not None and gz.actor(name).kind == "person":  # type: ignore[union-attr]
            return True
        if gz.short(name):
            return True
        return any(
            normalize_name(c.name) == normalize_name(name) or surname_matches(name, c.name)
            for c in persons
        )

    for rx, how in _GOV_PHRASES:
        for m in _find(rx, text):
            cc: str | None = None
            if how == "adj":
                cc = gz.demonym(m.group("adj")) or gz.country(m.group("adj"))
            elif how == "doc":
                cc = d.country
            else:
                person = m.group("person").strip()
                if how == "person?" and not person_known(person):
                    continue
                if gz.demonym(person.split()[0]) or gz.country(person):
                    cc = gz.demonym(person.split()[0]) or gz.country(person)
                else:
                    cc = person_country(person) or d.country
            gov = gz.government(cc) if cc else None
            if gov is None:
                continue
            s, e = m.start(), m.end()
            if text[s:e].lower().startswith("the "):
                s += 4
            c = _Cand(s, e, gov.name, gov.kind, gov.key, cc, "rule", 2, overlay=True, conf=0.7)
            add(c)

    # embassies: "Canadian embassy", "embajada de México en Lima"
    for m in _EMBASSY_EN.finditer(text):
        foreign = gz.demonym(m.group("adj"))
        host = gz.capital_index.get(normalize_name(m.group("city") or "")) or d.country
        _add_embassy(d, add, m.start(), m.end(), m, foreign, host)
    for m in _EMBASSY_OF.finditer(text):
        foreign = gz.country(m.group("country"))
        host = gz.capital_index.get(normalize_name(m.group("city") or "")) or d.country
        _add_embassy(d, add, m.start(), m.end(), m, foreign, host)
    for m in _EMBASSY_ES.finditer(text):
        foreign = gz.demonym(m.group("adj"))
        host = gz.capital_index.get(normalize_name(m.group("city") or "")) or d.country
        _add_embassy(d, add, m.start(), m.end(), m, foreign, host)

    # places named with a head noun
    for m in _HEADED_PLACE_ES.finditer(text):
        head = m.group("head")
        name = _trim_name(m.group("name"))
        if not name or gz.country(name) or gz.demonym(name):
            continue
        s = m.start()
        e = m.start("name") + len(name)
        full = text[s:e]
        a = gz.actor(full)
        if a is not None:
            add(_Cand(s, e, a.name, a.kind, a.key, a.country, "gazetteer", 3))
            continue
        if head == "aeropuerto":
            nm = full[0].upper() + full[1:]
            add(_Cand(s, e, nm, "place", f"place:{normalize_name(nm)}", d.country, "rule", 2))
            continue
        if head in _SAME_AS_NAME:
            ns = m.start("name")
            add(
                _Cand(
                    ns,
                    ns + len(name),
                    name,
                    "place",
                    f"place:{normalize_name(name)}",
                    d.country,
                    "rule",
                    2,
                )
            )
            continue
        nm = full[0].upper() + full[1:]
        add(_Cand(s, e, nm, "place", f"place:{normalize_name(nm)}", d.country, "rule", 2))
    for rx in (_ADMIN_ES, _ADMIN_EN, _MINE_ES, _MINE_EN):
        for m in _find(rx, text):
            name = _trim_name(m.group("name"))
            if not name or gz.country(name) or gz.demonym(name) or len(name) < 3:
                continue
            first = normalize_name(name.split()[0])
            if first in _STOP_SINGLE or first in _stop_words(d.lang) or _only_heads(name.split()):
                continue  # "The mine", "Esta mina"
            if rx is _MINE_EN and (gz.actor(name) is not None and gz.actor(name).kind != "place"):  # type: ignore[union-attr]
                continue
            ns = m.start("name")
            a = gz.actor(name)
            if a is not None:
                if a.kind == "place":
                    add(
                        _Cand(ns, ns + len(name), a.name, "place", a.key, a.country, "gazetteer", 3)
                    )
                continue
            if rx is _ADMIN_ES and text[m.start() : m.start() + 9].lower() == "municipio":
                continue
            add(
                _Cand(
                    ns,
                    ns + len(name),
                    name,
                    "place",
                    f"place:{normalize_name(name)}",
                    d.country,
                    "rule",
                    2,
                )
            )
    for m in _find(_AIRPORT_EN, text):
        name = m.group("name")
        toks = name.split()
        while toks and toks[0] in {"The", "the", "A", "At", "In", "From", "To", "Near"}:
            toks = toks[1:]
        if not toks:
            continue
        s = m.start("name") + m.group("name").index(toks[0])
        full = text[s : m.end()]
        a = gz.actor(full)
        if a is not None:
            add(_Cand(s, m.end(), a.name, a.kind, a.key, a.country, "gazetteer", 3))
        else:
            add(
                _Cand(
                    s, m.end(), full, "place", f"place:{normalize_name(full)}", d.country, "rule", 2
                )
            )

    # "U.S.-brokered", "Boston-based": the tokenizer keeps these whole, so no ruler sees them
    for m in _HYPHEN_COMPOUND.finditer(text):
        name = m.group("n")
        cc = gz.country(name)
        if cc is not None and name not in {"America"}:
            add(
                _Cand(
                    m.start("n"),
                    m.end("n"),
                    gz.countries[cc].name,
                    "country",
                    f"country:{cc}",
                    cc,
                    "gazetteer",
                    2,
                )
            )
            continue
        places = gz.places(name)
        if places and places[0].population >= 100000:
            add(
                _Cand(
                    m.start("n"),
                    m.end("n"),
                    places[0].name,
                    "place",
                    f"place:{normalize_name(name)}",
                    places[0].country,
                    "gazetteer",
                    2,
                )
            )
    # wire copy: "LIMA, Dec 8 (Andean Wire) -", "(Reporting by Andean Wire staff)"
    for rx in (_DATELINE_AGENCY, _REPORTING_BY):
        for m in rx.finditer(text):
            org = m.group("org").strip()
            if gz.country(org) or gz.places(org) or len(org) < 2:
                continue
            a = gz.actor(org)
            if a is not None:
                add(
                    _Cand(
                        m.start("org"),
                        m.start("org") + len(org),
                        a.name,
                        a.kind,
                        a.key,
                        a.country,
                        "gazetteer",
                        3,
                    )
                )
            elif not _named_like_person(org.split()):
                add(
                    _Cand(
                        m.start("org"),
                        m.start("org") + len(org),
                        org,
                        "organization",
                        f"organization:{normalize_name(org)}",
                        None,
                        "rule",
                        2,
                    )
                )

    # "Long Name (ACR)": the acronym is an alias of the long name
    for m in re.finditer(r"\((?P<acr>[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.&-]{1,9})\)", text):
        before = [c for c in d.cands if 0 <= m.start() - c.end <= 2 and c.kind not in {"person"}]
        if before:
            b = before[-1]
            s = m.start("acr")
            d.cands.append(
                _Cand(
                    s,
                    m.end("acr"),
                    b.name,
                    b.kind,
                    b.key,
                    b.country,
                    b.source,
                    b.priority,
                    pending=b.pending,
                    label=b.label,
                )
            )


_HYPHEN_COMPOUND = re.compile(r"(?<![\w.-])(?P<n>[A-Z][\w.]*(?:\s[A-Z]\w+)?)-(?:[a-z]\w+)")
_DATELINE_AGENCY = re.compile(
    r"(?m)^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .]+,[^()\n]{0,30}\((?P<org>[A-Z][\w&.' ]{1,40})\)"
)
_REPORTING_BY = re.compile(
    r"\((?:Reporting|Reported|Writing|Editing)\s+by\s+(?P<org>[A-Z][\w&.' ]{1,40}?)\s+"
    r"(?:staff|correspondents?|reporters?)\b"
)


_MASTHEAD_SPLIT = re.compile(r"\s+[-·|–—/•]\s+|\.\s+(?=[A-ZÁÉÍÓÚÑ])|,\s+|\s*\(|\)\s*")
_MASTHEAD_MARK = re.compile(
    r"(?i)^(?:by|por|redacci[óo]n|foto|photo|fotograf[íi]a|contact|contacto|fuente|source|"
    r"credit|cr[ée]dito)\b|\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.? \d|\b\d{1,2} de [a-z]+\b"
)
_MASTHEAD_PREFIX = re.compile(
    r"^(?:(?:By|Por|Redacción(?:\s+\w+\s+de)?|Foto|Photo|Fotografía|Contact|Contacto|Fuente|"
    r"Source|Credit|Crédito|corresponsal de|Corresponsal de|Archivo|Edited by|Editado por)"
    r"\s*:?\s+)+"
)
_NAME_PART = re.compile(
    r"^(?:[A-ZÁÉÍÓÚÑ][\w'’&.-]*|de|del|la|las|los|el|y|of|the|and|&|for|do|da|dos)"
    r"(?:\s+(?:[A-ZÁÉÍÓÚÑ][\w'’&.-]*|de|del|la|las|los|el|y|of|the|and|&|for|do|da|dos))*$"
)


def _masthead_candidates(d: _Doc, segments: Sequence[Segment]) -> None:
    """Bylines, mastheads and photo credits name their outlet and author: "Por Ana Pérez ·
    El Diario del Sur · Cusco, 15 de diciembre", "Andes Monitor - Briefing - Lima, May 2"."""
    gz, text = d.gz, d.text
    n = len(segments)
    for idx, seg in enumerate(segments):
        line = text[seg.start : seg.end]
        if len(line) > 200 or _is_code(line):
            continue
        prev_line = text[segments[idx - 1].start : segments[idx - 1].end] if idx else ""
        marked = bool(_MASTHEAD_MARK.search(line)) and (
            idx <= 4 or idx >= n - 3 or re.match(r"(?i)(foto|photo)\b", line) is not None
        )
        short_after_byline = (
            len(line.split()) <= 5 and re.match(r"(?i)(by|por)\s", prev_line) is not None
        )
        if not (marked or short_after_byline):
            continue
        if idx == 0 and not re.match(r"(?i)(by|por)\s", line):
            continue  # a headline, not a masthead
        pos = 0
        for part in _MASTHEAD_SPLIT.split(line):
            i = line.find(part, pos)
            if i < 0 or not part.strip():
                continue
            pos = i + len(part)
            m = _MASTHEAD_PREFIX.match(part)
            off = m.end() if m else 0
            name = part[off:].strip().rstrip(".:;")
            if not name or any(ch.isdigit() for ch in name) or not _NAME_PART.match(name):
                continue
            words = name.split()
            if len(words) > 8 or not words[0][:1].isupper() or _only_heads(words):
                continue
            known = gz.actor(name)
            if gz.country(name) or gz.places(name) or (known is not None and known.kind == "place"):
                continue
            if normalize_name(words[0]) in _STOP_SINGLE or (
                _DATE_START.match(name) and len(words) < 2
            ):
                continue
            start = seg.start + i + off + (len(part[off:]) - len(part[off:].lstrip()))
            end = start + len(name)
            if text[start:end] != name:
                continue
            a = gz.actor(name)
            if a is not None:
                d.cands.append(_Cand(start, end, a.name, a.kind, a.key, a.country, "gazetteer", 3))
            elif _named_like_person(words) or (m and m.group().strip().lower() in {"by", "por"}):
                c = _Cand(
                    start, end, name, "person", f"person:{normalize_name(name)}", None, "rule", 2
                )
                c.pending = "person"
                d.cands.append(c)
            elif len(words) >= 2 or name.isupper():
                kind = kind_from_cues(name) or "organization"
                d.cands.append(
                    _Cand(start, end, name, kind, f"{kind}:{normalize_name(name)}", None, "rule", 2)
                )


def _repeat_mentions(d: _Doc) -> None:
    """A multi-word name a rule found once (a masthead, a dateline agency) is the same name
    wherever else it is written; those mentions beat the model's partial spans."""
    seen: set[tuple[int, int]] = {(c.start, c.end) for c in d.cands if c.source != "ner"}
    extra: list[_Cand] = []
    for c in d.cands:
        if c.source != "rule" or c.overlay or c.kind in {"country", "place"}:
            continue
        surf = d.text[c.start : c.end]
        if len(surf.split()) < 2:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(surf)}(?!\w)", d.text):
            if (m.start(), m.end()) in seen:
                continue
            seen.add((m.start(), m.end()))
            extra.append(
                _Cand(
                    m.start(),
                    m.end(),
                    c.name,
                    c.kind,
                    c.key,
                    c.country,
                    "rule",
                    2,
                    pending=c.pending,
                )
            )
    d.cands.extend(extra)


def _trim_name(name: str) -> str:
    """Drop trailing connector words and a trailing possessive from a regex-captured name;
    stop at a sentence break ("Puno. Seventeen")."""
    m = re.search(r"(?<=[a-záéíóúñ]{2})[.!?]\s", name)
    if m:
        name = name[: m.start()]
    toks = name.split()
    while toks and toks[-1].lower() in {"de", "del", "la", "los", "las", "y", "en"}:
        toks.pop()
    out = " ".join(toks)
    out = re.sub(r"['’]s$", "", out).rstrip(".,;:")
    return out if name.startswith(out) else ""


def _add_embassy(
    d: _Doc,
    add: object,
    start: int,
    end: int,
    m: re.Match[str],
    foreign: str | None,
    host: str | None,
) -> None:
    if foreign is None or host is None or foreign == host:
        return
    gz = d.gz
    f, h = gz.countries.get(foreign), gz.countries.get(host)
    if f is None or h is None:
        return
    if foreign == "BR":
        name = f"Embaixada do Brasil em {h.capital or h.name}"
    elif foreign in LATAM:
        art = "el " if h.es in {"Perú", "Ecuador", "Paraguay", "Uruguay"} else ""
        name = f"Embajada de {f.es} en {art}{h.es}"
    elif foreign == "US":
        name = f"Embassy of the United States in {h.name}"
    else:
        name = f"Embassy of {f.name} to {h.name}"
    a = gz.actor(name)
    key = a.key if a is not None else f"government_body:{normalize_name(name)}"
    if m.group("city"):
        end = m.start("city")
        end = len(d.text[:end].rstrip()) - len("in")
        end = len(d.text[:end].rstrip())
        if d.text[:end].endswith(" el"):
            end -= 3
    c = _Cand(start, end, name, "government_body", key, foreign, "rule", 2, overlay=True)
    assert callable(add)
    add(c)


# --------------------------------------------------------------------------- resolution


def _resolve_pending(d: _Doc) -> None:
    gz, text = d.gz, d.text
    out: list[_Cand] = []
    for c in d.cands:
        if c.pending == "generic":
            surf = text[c.start : c.end]
            before = text[max(0, c.start - 40) : c.start]
            if surf[:1].islower() and _INDEFINITE.search(before):
                continue  # "a new electoral tribunal" is no particular body
            if _TITLE_CONTEXT.search(before):
                continue  # "ministro del Interior", "presidente del Consejo de Ministros"
            a = gz.generic(surf, d.country) or _generic_other(d, surf)
            if a is None:
                cue = kind_from_cues(surf)
                # a bare "Congress" in a document about no known country still names a body
                if surf[:1].isupper() and cue is not None and not surf.islower():
                    c.name, c.kind, c.key = surf, cue, f"{cue}:{normalize_name(surf)}"
                    c.pending = None
                    out.append(c)
                continue
            c.name, c.kind, c.key, c.country, c.pending = a.name, a.kind, a.key, a.country, None
        elif c.pending and c.pending.startswith("capital:"):
            cc = c.country or ""
            gov = gz.government(cc)
            if c.pending == "capital:gov" and gov is not None:
                c.name, c.kind, c.key = gov.name, gov.kind, gov.key
            else:
                entries = gz.places(text[c.start : c.end])
                name = entries[0].name if entries else gz.countries[cc].capital or c.name
                if text[c.start : c.end].isupper() and not entries:
                    name = name.title()
                c.name, c.kind, c.key = name, "place", f"place:{normalize_name(name)}"
            c.pending = None
        out.append(c)
    d.cands = out
    _link_people(d)


_INDEFINITE = re.compile(r"\b(?:an?|new|another|un|una|nuev[oa]|otr[oa])\s+$", re.I)


def _generic_other(d: _Doc, surf: str) -> Actor | None:
    """A country-dependent form for a country other than the main one, when that other
    country is the only one whose body it can be and the document names it."""
    by_country = d.gz.generic_index.get(normalize_name(surf), {})
    named = {c.country for c in d.cands if c.kind == "country"}
    options = [k for cc, k in by_country.items() if cc in named]
    if len(options) == 1 and len(by_country) == 1:
        return d.gz.actors[options[0]]
    return None


def _link_people(d: _Doc) -> None:
    """Surname-only and partial names link to the document's full name of that person."""
    gz = d.gz
    people = [c for c in d.cands if c.kind == "person" and c.pending != "short"]
    full = [c for c in people if len(name_tokens(c.name)) >= 2]
    # canonical names of full-name people: gazetteer when it knows them
    for c in full:
        if c.source == "ner":
            a = gz.actor(c.name)
            if a is not None and a.kind == "person":
                c.name, c.key, c.country, c.source = a.name, a.key, a.country, "gazetteer"
    by_len = sorted(full, key=lambda c: -len(name_tokens(c.name)))
    for c in d.cands:
        surf = d.text[c.start : c.end]
        if _maybe_surname(c, surf) and any(surname_matches(surf, f.name) for f in by_len):
            c.kind, c.pending, c.source = "person", "person", "ner"
    for c in d.cands:
        if c.kind != "person" or c.pending not in {"short", "person"}:
            continue
        surf = d.text[c.start : c.end]
        target = None
        for f in by_len:
            if f is c or normalize_name(f.name) == normalize_name(surf):
                continue
            if surname_matches(surf, f.name) or _prefix_name(surf, f.name):
                target = f
                break
        if target is not None:
            c.name, c.key, c.country, c.source = (
                target.name,
                target.key,
                target.country,
                (target.source),
            )
        elif c.pending == "short":
            options = gz.short(surf)
            if len(options) == 1:
                a = options[0]
                c.name, c.key, c.country = a.name, a.key, a.country
            else:
                c.name, c.key = surf, f"person:{normalize_name(surf)}"
        c.pending = None


def _maybe_surname(c: _Cand, surf: str) -> bool:
    """A one-word model or GeoNames candidate that could be a person's surname."""
    if c.overlay or len(surf.split()) != 1 or not surf[:1].isupper():
        return False
    if c.source == "ner":
        return c.kind in {"place", "organization"}
    return c.source == "gazetteer" and c.kind == "place" and c.key.startswith("place:")


def _prefix_name(short: str, full: str) -> bool:
    """ "José Luis Soncco" is the beginning of "José Luis Soncco Quispe"."""
    s, f = name_tokens(short), name_tokens(full)
    return 2 <= len(s) < len(f) and f[: len(s)] == s


def _suppress_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Drop lower-priority candidates that overlap a higher-priority one (overlays stay)."""
    base = [c for c in cands if not c.overlay and c.kind]
    base.sort(key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[_Cand] = []
    for c in base:
        if any(k.start < c.end and c.start < k.end for k in kept):
            if any((k.start, k.end) == (c.start, c.end) and k.key == c.key for k in kept):
                continue
            continue
        kept.append(c)
    overlays = [c for c in cands if c.overlay and c.kind]
    # a rule that read a whole phrase ("the Canadian Embassy" → the embassy in this country)
    # beats the model's organization inside it; people and places inside stay
    ruled = [c for c in overlays if c.source == "rule"]
    kept = [
        k
        for k in kept
        if not (
            k.source == "ner"
            and k.kind in {"organization", "government_body", "company"}
            and any(r.start <= k.start and k.end <= r.end for r in ruled)
        )
    ]
    kept_overlays: list[_Cand] = []
    for c in sorted(overlays, key=lambda c: (-(c.end - c.start), c.start)):
        if any(k.start <= c.start and c.end <= k.end and k.key == c.key for k in kept):
            continue
        if any(k.start < c.end and c.start < k.end and k.key == c.key for k in kept_overlays):
            continue
        kept_overlays.append(c)
    return sorted(kept + kept_overlays, key=lambda c: (c.start, c.end))


# --------------------------------------------------------------------------- grouping


def _group(d: _Doc, cands: list[_Cand]) -> list[Entity]:
    text = d.text
    groups: dict[str, list[_Cand]] = {}
    for c in cands:
        groups.setdefault(c.key, []).append(c)
    # acronyms of organizations named in full in the same document
    full_orgs = {
        acronym(cs[0].name): k
        for k, cs in groups.items()
        if cs[0].kind not in {"person", "country", "place"} and len(cs[0].name.split()) >= 2
    }
    for k in list(groups):
        cs = groups[k]
        c0 = cs[0]
        if c0.source == "ner" and is_acronym(c0.name) and c0.kind != "person":
            target = full_orgs.get(c0.name.replace(".", "").upper())
            if target and target != k and target in groups:
                for c in cs:
                    c.name, c.kind, c.key = groups[target][0].name, groups[target][0].kind, target
                groups[target].extend(cs)
                del groups[k]
    # same normalized name under two kinds (NER disagreeing with itself): majority wins
    by_norm: dict[str, list[str]] = {}
    for k, cs in groups.items():
        if cs[0].source == "ner":
            by_norm.setdefault(normalize_name(cs[0].name), []).append(k)
    for _norm, keys in by_norm.items():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: -len(groups[k]))
        main = keys[0]
        for k in keys[1:]:
            for c in groups[k]:
                c.kind, c.key = groups[main][0].kind, main
            groups[main].extend(groups.pop(k))
    # "Red Sur" is the short form of "Red Sur de Derechos Humanos" named in the document
    long_orgs = [
        (name_tokens(cs[0].name), k)
        for k, cs in groups.items()
        if cs[0].kind in {"organization", "company", "political_party", "government_body"}
        and len(cs[0].name.split()) >= 3
    ]
    for k in list(groups):
        cs = groups[k]
        if cs[0].source != "ner" or cs[0].kind not in {"organization", "place", "company"}:
            continue
        toks = name_tokens(cs[0].name)
        if len(toks) < 2:
            continue
        target = next(
            (
                lk
                for lt, lk in long_orgs
                if lk != k and len(lt) > len(toks) and lt[: len(toks)] == toks
            ),
            None,
        )
        if target is not None and target in groups:
            ref = groups[target][0]
            for c in cs:
                c.name, c.kind, c.key = ref.name, ref.kind, target
            groups[target].extend(groups.pop(k))
    # NER names equal to a gazetteer entity's canonical name join it
    canon = {normalize_name(cs[0].name): k for k, cs in groups.items() if cs[0].source != "ner"}
    for k in list(groups):
        cs = groups[k]
        if cs[0].source == "ner":
            target = canon.get(normalize_name(cs[0].name))
            if target and target != k and target in groups:
                groups[target].extend(cs)
                del groups[k]

    _add_generic_mentions(d, groups)
    _add_surname_mentions(d, groups)
    out: list[Entity] = []
    for cs in groups.values():
        cs.sort(key=lambda c: c.start)
        best = max(cs, key=lambda c: (c.priority, c.source != "ner"))
        name = best.name
        kind = best.kind
        if best.source == "ner":
            name = _best_surface(cs, text)
            kinds = Counter(c.kind for c in cs)
            kind = kinds.most_common(1)[0][0]
        seen: set[tuple[int, int]] = set()
        mentions: list[Mention] = []
        for c in cs:
            if (c.start, c.end) in seen:
                continue
            seen.add((c.start, c.end))
            mentions.append(Mention(c.start, c.end, text[c.start : c.end]))
        source = "gazetteer" if best.source == "gazetteer" else best.source
        country = next((c.country for c in cs if c.country), None)
        if kind == "place" and best.key.startswith("place:"):
            # a town name found in several countries: the one the document is about
            entries = d.gz.place_index.get(best.key[6:], [])
            if d.country and any(p.country == d.country for p in entries):
                country = d.country
        out.append(
            Entity(
                name=name,
                kind=kind,
                mentions=mentions,
                country=country,
                source=source,
                confidence=max(c.conf for c in cs),
            )
        )
    out.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    return out


def _add_generic_mentions(d: _Doc, groups: dict[str, list[_Cand]]) -> None:
    """Once a body is named ("Policía Nacional del Perú"), its generic forms ("la policía",
    "the army") are more mentions of it; they never create an entity on their own."""
    taken = [(c.start, c.end) for cs in groups.values() for c in cs]
    for key, cs in groups.items():
        a = d.gz.actors.get(key)
        if a is None or a.kind != "government_body" or not a.generic or key.startswith("gov:"):
            continue
        forms = sorted({f.lower() for f in a.generic if len(f) > 3}, key=len, reverse=True)
        if not forms:
            continue
        rx = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")
        for m in rx.finditer(d.text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            cs.append(_Cand(m.start(), m.end(), a.name, a.kind, key, a.country, "rule", 1))
            taken.append((m.start(), m.end()))


def _add_surname_mentions(d: _Doc, groups: dict[str, list[_Cand]]) -> None:
    """Capitalized surname-only mentions the model missed ("Morales later left"), for
    people named in full in the document; surnames two people share are left alone."""
    taken = [(c.start, c.end) for cs in groups.values() for c in cs]
    forms: dict[str, set[str]] = {}
    for key, cs in groups.items():
        if cs[0].kind != "person":
            continue
        toks = cs[0].name.split()
        if len(toks) < 2:
            continue
        surnames = {toks[-1]}
        if len(toks) >= 3:
            surnames |= {" ".join(toks[-2:]), toks[-2]}
        for f in surnames:
            if len(f) >= 3 and f[:1].isupper():
                forms.setdefault(f, set()).add(key)
                forms.setdefault(strip_accents(f), set()).add(key)
    for form, keys in forms.items():
        if len(keys) != 1:
            continue
        key = next(iter(keys))
        ref = groups[key][0]
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", d.text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups[key].append(
                _Cand(m.start(), m.end(), ref.name, "person", key, ref.country, "rule", 1)
            )
            taken.append((m.start(), m.end()))


def _best_surface(cs: list[_Cand], text: str) -> str:
    """Canonical form of a model-found name: the longest, preferring accented spellings."""
    names = [c.name for c in cs]
    if cs[0].kind == "person":
        names.sort(key=lambda n: (-len(n.split()), -sum(ord(ch) > 127 for ch in n), -len(n)))
        return names[0]

    # mixed case beats ALL CAPS (datelines), accented beats unaccented
    def score(n: str) -> tuple[int, int, int]:
        return (int(not n.isupper()), sum(ord(ch) > 127 for ch in n), -names.index(n))

    best = max(names, key=score)
    return best.title() if best.isupper() and len(best) > 4 else best


# --------------------------------------------------------------------------- index


class EntityIndex:
    """Find which entity a character span of the document names (for events, relations)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._pairs: list[tuple[Mention, Entity]] = sorted(
            ((m, e) for e in entities for m in e.mentions), key=lambda p: (p[0].start, p[0].end)
        )

    def at(self, start: int, end: int) -> Entity | None:
        """The entity of the mention that best covers `[start, end)`: exact match first,
        then the largest overlap."""
        best: tuple[int, int, Entity] | None = None
        for m, e in self._pairs:
            if m.start >= end:
                break
            overlap = min(end, m.end) - max(start, m.start)
            if overlap <= 0:
                continue
            exact = int(m.start == start and m.end == end)
            if best is None or (exact, overlap) > best[:2]:
                best = (exact, overlap, e)
        return best[2] if best else None

    def within(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """Every mention inside `[start, end)` (a sentence, a quote), in text order."""
        return [(m, e) for m, e in self._pairs if start <= m.start and m.end <= end]
