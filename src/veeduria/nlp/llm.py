"""An optional extractor backed by a user-provided OpenAI-compatible server (Ollama, llama.cpp
server, vLLM): `LLMExtractor(LLMConfig(url, model)).extract(doc) -> BackendResult`.

No usable model ships on PyPI, so this is never required and is off by default. A model can
paraphrase or invent, so nothing it says is trusted as text: every quote it returns must occur in
the document (exactly, or differing only in whitespace and quote style, mapped back to exact
offsets), or the claim is rejected; every value is checked against the ontology (event types,
entity kinds, roles), ISO 3166-1 alpha-2 and `YYYY[-MM[-DD]]`. Rejections are returned beside the
extraction so that the run can count and report them; they are never stored.

Long documents are sent in chunks of whole lines (paragraphs) under `max_chars`; a chunk is an
exact slice of the text, so offsets found in it map back to the full text by adding its start.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any, cast

import httpx

from veeduria.nlp.backends import BackendResult
from veeduria.ontology import load_ontology
from veeduria.types import (
    DeathToll,
    DocumentInput,
    Entity,
    Event,
    EventActor,
    Extraction,
    Mention,
    Place,
    Role,
    Span,
    ValueSpan,
)

__all__ = [
    "LLM_VERSION",
    "LLMConfig",
    "LLMError",
    "LLMExtractor",
    "chunk_text",
    "locate",
    "response_schema",
    "system_prompt",
]

# Bump when the prompt, the schema or the validation changes: claims carry it.
LLM_VERSION = "1"

# The coding rules of shared/spec/ONTOLOGY.md, condensed for a prompt. Event types, their
# descriptions, entity kinds and roles come from ontology.yaml, not from here.
_RULES = """\
- Report every event the text reports, including background events named in passing and events
  reported only in quotes. One event per distinct happening and per distinct actor pair (each
  recognizing country gets its own diplomatic_recognition event).
- quote: the sentence or clause that reports the event, copied character for character from the
  text (no paraphrase, no ellipsis, no translation).
- date: YYYY-MM-DD, YYYY-MM or YYYY, the best precision the text supports, resolved against the
  publication date ("on Monday" means the Monday before it). A page header date is the
  publication date, not the date of the events. null when unknown. date_text: the words of the
  text that state the date, copied exactly, or null.
- country: ISO 3166-1 alpha-2 code of where it happened (PE, BO, HN...). place: the town, region
  or site as written in the text, or null.
- fatalities / injured: integers as reported, null when not stated. "tens"/"decenas" = 10,
  "dozens"/"docenas" = 12, "hundreds"/"cientos" = 100, "more than 50"/"más de 50" = 50.
- actors: named entities that take part as agents, targets or victims; leave out unnamed groups
  ("protesters", "the police" in general). mention: the words of the text naming the actor.
- entities: every named person, organization, company, government body, political party,
  country and place. Demonyms ("Peruvian", "canadiense") are not countries. Mines are places;
  the companies that own them are companies. name: the canonical name (people by full name with
  accents; Latin American state bodies by their official Spanish name; international bodies by
  their English name). mentions: the forms the text uses, copied exactly.
- death_tolls: cumulative counts of deaths for a country and scope ("protesters killed since
  December 7"), with as_of (the date the count is valid for) and the quote that states it."""

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FENCE_RE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)
_QUOTE_STYLE = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
        "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u00b4": "'", "`": "'",
    }
)  # fmt: skip
_WRAPPERS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


class LLMError(Exception):
    """The server could not be reached, refused the request or answered something unusable."""


@dataclass(frozen=True)
class LLMConfig:
    """Where the server is and how to talk to it."""

    url: str  # the OpenAI-compatible base URL, e.g. http://localhost:11434/v1
    model: str
    api_key: str | None = None
    timeout: float = 120.0  # seconds per request
    max_chars: int = 4000  # chunk size, in characters
    temperature: float = 0.0

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else base + "/chat/completions"


# ------------------------------------------------------------------------------ prompt, schema


def response_schema() -> dict[str, Any]:
    """The JSON schema the model must answer with (strict: every key present, null allowed)."""
    onto = load_ontology()
    date_or_null = {"type": ["string", "null"], "description": "YYYY-MM-DD, YYYY-MM or YYYY"}

    def obj(props: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": props,
            "required": list(props),
            "additionalProperties": False,
        }

    actor = obj(
        {
            "name": {"type": "string"},
            "role": {"type": "string", "enum": list(onto.event_roles)},
            "mention": {"type": ["string", "null"]},
        }
    )
    event = obj(
        {
            "type": {"type": "string", "enum": list(onto.event_types)},
            "quote": {"type": "string"},
            "date": date_or_null,
            "date_text": {"type": ["string", "null"]},
            "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2"},
            "place": {"type": ["string", "null"]},
            "fatalities": {"type": ["integer", "null"]},
            "injured": {"type": ["integer", "null"]},
            "actors": {"type": "array", "items": actor},
        }
    )
    entity = obj(
        {
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": list(onto.entity_kinds)},
            "mentions": {"type": "array", "items": {"type": "string"}},
        }
    )
    toll = obj(
        {
            "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2"},
            "count": {"type": "integer"},
            "as_of": date_or_null,
            "scope": {"type": ["string", "null"]},
            "quote": {"type": "string"},
        }
    )
    return obj(
        {
            "events": {"type": "array", "items": event},
            "entities": {"type": "array", "items": entity},
            "death_tolls": {"type": "array", "items": toll},
        }
    )


@cache
def _ontology_text() -> str:
    onto = load_ontology()
    types = "\n".join(f"- {t.key}: {t.description}" for t in onto.event_types.values())
    return (
        f"Event types:\n{types}\n\n"
        f"Entity kinds: {', '.join(onto.entity_kinds)}.\n"
        f"Actor roles: {', '.join(onto.event_roles)}.\n\n"
        f"Rules:\n{_RULES}"
    )


def system_prompt(doc: DocumentInput, *, with_schema: bool = False) -> str:
    """The instructions: task, ontology, rules, the document's date and language."""
    parts = [
        "You extract facts from a news text about Latin America (coups, foreign recognition, "
        "mining deals, protest killings) for an evidence base. Answer with one JSON object with "
        "the keys events, entities and death_tolls. Every quote and mention must be copied "
        "verbatim from the text: a quote that is not in the text is discarded.",
        _ontology_text(),
        f"Publication date: {doc.published or 'unknown'}. Language: {doc.language or 'unknown'}.",
    ]
    if with_schema:
        parts.append("The JSON schema of the answer:\n" + json.dumps(response_schema()))
    return "\n\n".join(parts)


# ------------------------------------------------------------------------------ text helpers


def chunk_text(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Half-open ranges covering `text`, each at most `max_chars` long, cut after line ends
    (paragraphs), else after a sentence end, else at a space, else anywhere."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        limit = start + max_chars
        if limit >= n:
            out.append((start, n))
            break
        window = text[start:limit]
        cut = window.rfind("\n") + 1
        if cut <= 0:
            ends = [m.end() for m in re.finditer(r"[.!?]\s", window)]
            cut = ends[-1] if ends else window.rfind(" ") + 1
        if cut <= 0:
            cut = max_chars
        out.append((start, start + cut))
        start += cut
    return out


def _normalize(s: str) -> tuple[str, list[int]]:
    """`s` with whitespace runs collapsed to one space and curly quotes made straight, and for
    every character of the result the index of the character of `s` it came from."""
    chars: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(s.translate(_QUOTE_STYLE)):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        chars.append(ch)
        index.append(i)
    return "".join(chars), index


def _occurrences(hay: str, needle: str) -> list[int]:
    found: list[int] = []
    i = hay.find(needle)
    while i >= 0:
        found.append(i)
        i = hay.find(needle, i + 1)
    return found


def _is_word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )


def locate_all(
    text: str, quote: str, start: int = 0, end: int | None = None, *, words: bool = False
) -> list[Span]:
    """Every occurrence of `quote` in `text[start:end]` as spans of `text`: exact matches, else
    matches that differ only in whitespace and quote style (mapped back to exact offsets)."""
    end = len(text) if end is None else end
    region = text[start:end]
    spans: list[Span] = []
    for q in _candidates(quote):
        spans = [Span(start + i, start + i + len(q)) for i in _occurrences(region, q)]
        if not spans:
            norm_region, index = _normalize(region)
            nq = _normalize(q)[0].strip()
            if nq:
                spans = [
                    Span(start + index[i], start + index[i + len(nq) - 1] + 1)
                    for i in _occurrences(norm_region, nq)
                ]
        if words:
            spans = [s for s in spans if _is_word_bounded(text, s.start, s.end)]
        if spans:
            break
    return spans


def _candidates(quote: str) -> list[str]:
    """The quote as given, then without wrapping quotation marks a model may have added."""
    q = quote.strip()
    out = [q] if q else []
    inner = q.strip(_WRAPPERS).strip()
    if inner and inner != q:
        out.append(inner)
    return out


def locate(
    text: str,
    quote: str,
    start: int = 0,
    end: int | None = None,
    *,
    hint: int | None = None,
    words: bool = False,
) -> Span | None:
    """The occurrence of `quote` in `text[start:end]` nearest to `hint`, else the first."""
    spans = locate_all(text, quote, start, end, words=words)
    if not spans:
        return None
    if hint is None:
        return spans[0]
    return min(spans, key=lambda s: (abs(s.start - hint), s.start))


# ------------------------------------------------------------------------------ validation


def check_date(value: Any) -> tuple[str, str] | None:
    """(value, precision) for a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD."""
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value.strip())
    if m is None:
        return None
    y, mo, d = m.groups()
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return None
    precision = "day" if d else "month" if mo else "year"
    return m.group(0), precision


def check_country(value: Any) -> str | None:
    """The ISO 3166-1 alpha-2 code `value` is, or None."""
    if not isinstance(value, str) or len(value.strip()) != 2:
        return None
    import pycountry

    code = value.strip().upper()
    return code if pycountry.countries.get(alpha_2=code) is not None else None


def _count(value: Any) -> int | None:
    """A non-negative whole number (an integral float is accepted; booleans are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


def _short(s: Any, n: int = 60) -> str:
    text = " ".join(str(s).split())
    return repr(text if len(text) <= n else text[: n - 1] + "…")


@dataclass
class _Chunk:
    """One chunk's answer, turned into checked items with full-text offsets."""

    doc: DocumentInput
    start: int
    end: int
    lang: str
    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    tolls: list[DeathToll] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)

    def quote(self, span: Span) -> str:
        return span.quote(self.doc.text)

    def reject(self, what: str, reason: str) -> None:
        self.rejections.append(f"{what}: {reason}")

    def find(self, quote: Any, *, hint: int | None = None, words: bool = False) -> Span | None:
        if not isinstance(quote, str):
            return None
        return locate(self.doc.text, quote, self.start, self.end, hint=hint, words=words)

    def items(self, answer: dict[str, Any], key: str) -> list[dict[str, Any]]:
        raw = answer.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.reject(key, "not a list")
            return []
        good = [x for x in raw if isinstance(x, dict)]
        for _ in range(len(raw) - len(good)):
            self.reject(key, "an item is not an object")
        return good

    def read(self, answer: dict[str, Any]) -> None:
        for item in self.items(answer, "events"):
            self.event(item)
        for item in self.items(answer, "entities"):
            self.entity(item)
        for item in self.items(answer, "death_tolls"):
            self.toll(item)

    def event(self, item: dict[str, Any]) -> None:
        onto = load_ontology()
        etype = item.get("type")
        what = f"event {etype!r}" if isinstance(etype, str) else "event"
        if not isinstance(etype, str) or etype not in onto.event_types:
            self.reject(what, "type is not an ontology event type")
            return
        evidence = self.find(item.get("quote"))
        if evidence is None:
            self.reject(what, f"quote not found in the text: {_short(item.get('quote'))}")
            return
        ev = Event(type=etype, evidence=evidence, trigger=evidence, confidence=0.5)
        ev.date = self.event_date(item, evidence, what)
        raw_country = item.get("country")
        if raw_country is not None:
            ev.country = check_country(raw_country)
            if ev.country is None:
                self.reject(what, f"country {_short(raw_country)} is not ISO 3166-1 alpha-2")
        place = item.get("place")
        if isinstance(place, str) and place.strip():
            ev.place = self.place(place.strip(), evidence, ev.country)
        elif place is not None:
            self.reject(what, f"place {_short(place)} is not a name")
        for prop in ("fatalities", "injured"):
            if item.get(prop) is None:
                continue
            n = _count(item[prop])
            if n is None:
                self.reject(what, f"{prop} {_short(item[prop])} is not a whole number")
                continue
            setattr(ev, prop, ValueSpan(value=n, span=self.number_span(n, evidence)))
        actors = item.get("actors") or []
        if not isinstance(actors, list):
            self.reject(what, "actors is not a list")
            actors = []
        for actor in actors:
            checked = self.actor(actor, evidence, what)
            if checked is not None:
                ev.actors.append(checked)
        self.events.append(ev)

    def event_date(self, item: dict[str, Any], evidence: Span, what: str) -> ValueSpan | None:
        raw = item.get("date")
        if raw is None:
            return None
        checked = check_date(raw)
        if checked is None:
            self.reject(what, f"date {_short(raw)} is not YYYY[-MM[-DD]]")
            return None
        value, precision = checked
        span = evidence
        date_text = item.get("date_text")
        if isinstance(date_text, str) and date_text.strip():
            found = self.find(date_text, hint=evidence.start)
            if found is None:
                self.reject(what, f"date_text not found in the text: {_short(date_text)}")
            else:
                span = found
        return ValueSpan(value=value, span=span, precision=precision)  # type: ignore[arg-type]

    def number_span(self, n: int, evidence: Span) -> Span:
        """The words in the evidence that state `n`, else the evidence itself."""
        from veeduria.nlp.numbers import find_quantities

        sentence = self.doc.text[evidence.start : evidence.end]
        for q in find_quantities(sentence, self.lang):
            if q.value == n:
                return Span(evidence.start + q.start, evidence.start + q.end)
        return evidence

    def place(self, name: str, evidence: Span, country: str | None) -> Place:
        from veeduria.nlp.geo import geocode

        span = self.find(name, hint=evidence.start, words=True)
        found = geocode(name, country)
        if found is None:
            return Place(name=name, span=span, country=country)
        # geocode caches its answer: change a copy.
        return replace(found, span=span)

    def actor(self, actor: Any, evidence: Span, what: str) -> EventActor | None:
        if not isinstance(actor, dict):
            self.reject(what, "an actor is not an object")
            return None
        name, role = actor.get("name"), actor.get("role")
        if not isinstance(name, str) or not name.strip():
            self.reject(what, "an actor has no name")
            return None
        if role not in load_ontology().event_roles:
            self.reject(
                f"{what} actor {_short(name)}", f"role {_short(role)} is not an ontology role"
            )
            return None
        span = None
        mention = actor.get("mention")
        if isinstance(mention, str) and mention.strip():
            span = self.find(mention, hint=evidence.start, words=True)
            if span is None:
                self.reject(
                    f"{what} actor {_short(name)}",
                    f"mention not found in the text: {_short(mention)}",
                )
                return None
        return EventActor(name=name.strip(), role=cast(Role, role), span=span)

    def entity(self, item: dict[str, Any]) -> None:
        name, kind = item.get("name"), item.get("kind")
        if not isinstance(name, str) or not name.strip():
            self.reject("entity", "no name")
            return
        what = f"entity {_short(name)}"
        if kind not in load_ontology().entity_kinds:
            self.reject(what, f"kind {_short(kind)} is not an ontology entity kind")
            return
        forms = item.get("mentions")
        if isinstance(forms, str):
            forms = [forms]
        if not isinstance(forms, list) or not forms:
            forms = [name]
        mentions: dict[tuple[int, int], Mention] = {}
        for form in forms:
            spans = (
                locate_all(self.doc.text, form, self.start, self.end, words=True)
                if isinstance(form, str)
                else []
            )
            if not spans:
                self.reject(what, f"mention not found in the text: {_short(form)}")
            for s in spans:
                mentions.setdefault((s.start, s.end), Mention(s.start, s.end, self.quote(s)))
        if not mentions:
            return
        self.entities.append(
            Entity(
                name=name.strip(),
                kind=kind,
                mentions=[mentions[k] for k in sorted(mentions)],
                source="llm",
                confidence=0.5,
            )
        )

    def toll(self, item: dict[str, Any]) -> None:
        count = _count(item.get("count"))
        if count is None:
            self.reject("death toll", f"count {_short(item.get('count'))} is not a whole number")
            return
        what = f"death toll {count}"
        evidence = self.find(item.get("quote"))
        if evidence is None:
            self.reject(what, f"quote not found in the text: {_short(item.get('quote'))}")
            return
        country = None
        if item.get("country") is not None:
            country = check_country(item["country"])
            if country is None:
                self.reject(what, f"country {_short(item['country'])} is not ISO 3166-1 alpha-2")
        as_of = None
        if item.get("as_of") is not None:
            checked = check_date(item["as_of"])
            if checked is None:
                self.reject(what, f"as_of {_short(item['as_of'])} is not YYYY[-MM[-DD]]")
            else:
                as_of = checked[0]
        scope = item.get("scope")
        self.tolls.append(
            DeathToll(
                country=country,
                count=count,
                span=self.number_span(count, evidence),
                evidence=evidence,
                as_of=as_of,
                scope=scope.strip() if isinstance(scope, str) and scope.strip() else None,
            )
        )


# ------------------------------------------------------------------------------ the extractor


class LLMExtractor:
    """The "llm" backend. Thread-safe: one HTTP client shared by the run's worker threads."""

    in_processes = False

    def __init__(self, config: LLMConfig, client: httpx.Client | None = None) -> None:
        self.config = config
        self.name = f"veeduria-llm:{config.model}"
        self.version = LLM_VERSION
        self._client = client
        self._lock = threading.Lock()
        self._json_schema_refused = False

    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                headers = {"Content-Type": "application/json"}
                if self.config.api_key:
                    headers["Authorization"] = f"Bearer {self.config.api_key}"
                t = self.config.timeout
                self._client = httpx.Client(
                    timeout=httpx.Timeout(t, connect=min(t, 10.0)), headers=headers
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def extract(self, doc: DocumentInput) -> BackendResult:
        """Ask the model about each chunk of `doc`; keep only what checks out."""
        lang = "es" if (doc.language or "").lower().startswith("es") else "en"
        extraction = Extraction(
            document_id=doc.id, extractor=self.name, version=self.version, language=doc.language
        )
        rejections: list[str] = []
        by_entity: dict[tuple[str, str], Entity] = {}
        seen_events: set[tuple[Any, ...]] = set()
        for start, end in chunk_text(doc.text, self.config.max_chars):
            if not doc.text[start:end].strip():
                continue
            chunk = _Chunk(doc, start, end, lang)
            chunk.read(self.ask(doc, doc.text[start:end]))
            rejections.extend(chunk.rejections)
            for ev in chunk.events:
                key = (
                    ev.type,
                    ev.evidence,
                    ev.date.value if ev.date else None,
                    tuple(sorted((a.name, a.role) for a in ev.actors)),
                )
                if key not in seen_events:
                    seen_events.add(key)
                    extraction.events.append(ev)
            extraction.tolls.extend(chunk.tolls)
            for ent in chunk.entities:
                known = by_entity.setdefault((ent.kind, ent.name), ent)
                if known is not ent:
                    spans = {(m.start, m.end) for m in known.mentions}
                    known.mentions.extend(m for m in ent.mentions if (m.start, m.end) not in spans)
        extraction.entities = list(by_entity.values())
        return BackendResult(extraction, rejections)

    def ask(self, doc: DocumentInput, chunk: str) -> dict[str, Any]:
        """One chat completion: json_schema output, or json_object if the server refuses it."""
        url = self.config.endpoint
        for mode in ("json_schema", "json_object"):
            if mode == "json_schema" and self._json_schema_refused:
                continue
            body = self._request(doc, chunk, mode)
            try:
                resp = self.client().post(url, json=body)
            except httpx.TimeoutException as exc:
                raise LLMError(
                    f"LLM server at {self.config.url} did not answer within "
                    f"{self.config.timeout:g} s ({type(exc).__name__})"
                ) from exc
            except httpx.HTTPError as exc:
                reason = " ".join(str(exc).split()) or type(exc).__name__
                raise LLMError(f"cannot reach LLM server at {self.config.url}: {reason}") from exc
            if resp.status_code == 400 and mode == "json_schema":
                # Servers without structured output refuse response_format json_schema.
                self._json_schema_refused = True
                continue
            if resp.status_code >= 400:
                raise LLMError(
                    f"LLM server at {self.config.url} answered HTTP {resp.status_code}: "
                    f"{_short(resp.text, 120)}"
                )
            return self._answer(resp)
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, doc: DocumentInput, chunk: str, mode: str) -> dict[str, Any]:
        response_format: dict[str, Any]
        if mode == "json_schema":
            response_format = {
                "type": "json_schema",
                "json_schema": {
                    "name": "veeduria_extraction",
                    "strict": True,
                    "schema": response_schema(),
                },
            }
        else:
            response_format = {"type": "json_object"}
        return {
            "model": self.config.model,
            "temperature": self.config.temperature,
            "response_format": response_format,
            "messages": [
                {
                    "role": "system",
                    "content": system_prompt(doc, with_schema=mode == "json_object"),
                },
                {"role": "user", "content": chunk},
            ],
        }

    def _answer(self, resp: httpx.Response) -> dict[str, Any]:
        where = f"LLM server at {self.config.url}"
        try:
            payload = resp.json()
            choice = payload["choices"][0]
            content = choice["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError(
                f"{where} answered garbage (not a chat completion): {_short(resp.text)}"
            ) from exc
        if not isinstance(content, str):
            raise LLMError(f"{where} answered garbage (no message content)")
        fenced = _FENCE_RE.match(content)
        if fenced:
            content = fenced.group(1)
        try:
            answer = json.loads(content)
        except ValueError as exc:
            cut_off = choice.get("finish_reason") == "length"
            cut = ", cut off at the token limit" if cut_off else ""
            raise LLMError(
                f"{where} answered garbage (the message is not JSON{cut}): {_short(content)}"
            ) from exc
        if not isinstance(answer, dict) or not any(
            k in answer for k in ("events", "entities", "death_tolls")
        ):
            raise LLMError(
                f"{where} answered garbage (no events, entities or death_tolls): {_short(content)}"
            )
        return answer
