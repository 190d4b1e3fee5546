"""The optional LLM extractor against a fake OpenAI-compatible server on 127.0.0.1.

Checks what it sends (the model name, the JSON schema from the ontology, the prompt), that good
answers become spans with exact offsets, that invented quotes and off-ontology values are
rejected with a reason, the json_object fallback after a 400, and one-line errors.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from veeduria.nlp.backends import BACKENDS, RulesBackend, get_backend
from veeduria.nlp.llm import (
    LLMConfig,
    LLMError,
    LLMExtractor,
    check_country,
    check_date,
    chunk_text,
    locate,
    response_schema,
)
from veeduria.ontology import load_ontology
from veeduria.types import DocumentInput, Span

sys.path.insert(0, str(Path(__file__).parent))
from llm_server import completion, fake_server

TEXT = (
    "Police killed six protesters in Juliaca on 9 January 2023, the Ombudsman said.\n"
    "In Juliaca, the Defensoría del Pueblo said the toll had reached 46.\n"
    "Canada’s minister Mélanie Joly called for “calm  and dialogue”."
)
DOC = DocumentInput(id="d1", text=TEXT, language="en", published="2023-01-11")


def event(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "other",
        "quote": "",
        "date": None,
        "date_text": None,
        "country": None,
        "place": None,
        "fatalities": None,
        "injured": None,
        "actors": [],
    }
    return base | fields


GOOD = {
    "events": [
        event(
            type="repression_killing",
            quote="Police killed six protesters in Juliaca on 9 January 2023, the Ombudsman said.",
            date="2023-01-09",
            date_text="9 January 2023",
            country="PE",
            place="Juliaca",
            fatalities=6,
            actors=[{"name": "Policía Nacional del Perú", "role": "agent", "mention": "Police"}],
        ),
        event(
            type="death_toll_update",
            quote="In Juliaca, the Defensoría del Pueblo said the toll had reached 46.",
            country="pe",
            place="Juliaca",
            fatalities=46,
        ),
        # Straight quotes and one space where the text has curly quotes and two spaces.
        event(
            type="diplomatic_statement",
            quote='Mélanie Joly called for "calm and dialogue".',
            actors=[{"name": "Mélanie Joly", "role": "agent", "mention": "Mélanie Joly"}],
        ),
    ],
    "entities": [
        {"name": "Mélanie Joly", "kind": "person", "mentions": ["Mélanie Joly"]},
        {"name": "Juliaca", "kind": "place", "mentions": ["Juliaca"]},
        {
            "name": "Defensoría del Pueblo",
            "kind": "government_body",
            "mentions": ["Defensoría del Pueblo"],
        },
    ],
    "death_tolls": [
        {
            "country": "PE",
            "count": 46,
            "as_of": "2023-01-11",
            "scope": "protesters killed",
            "quote": "the Defensoría del Pueblo said the toll had reached 46.",
        }
    ],
}


def extractor(url: str, **kw: Any) -> LLMExtractor:
    return LLMExtractor(LLMConfig(url=url, model="test-model", **kw))


def q(span: Span | None) -> str | None:
    return None if span is None else TEXT[span.start : span.end]


def test_request_carries_model_schema_and_prompt() -> None:
    with fake_server(lambda body: (200, completion(GOOD))) as srv:
        extractor(srv.url, api_key="sekret").extract(DOC)
    assert srv.paths == ["/v1/chat/completions"]
    assert srv.headers[0]["authorization"] == "Bearer sekret"
    body = srv.requests[0]
    assert body["model"] == "test-model"
    assert body["temperature"] == 0.0
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "veeduria_extraction", "strict": True, "schema": response_schema()},
    }
    schema = body["response_format"]["json_schema"]["schema"]
    onto = load_ontology()
    event_props = schema["properties"]["events"]["items"]["properties"]
    assert event_props["type"]["enum"] == list(onto.event_types)
    entity_props = schema["properties"]["entities"]["items"]["properties"]
    assert entity_props["kind"]["enum"] == list(onto.entity_kinds)
    system, user = body["messages"]
    assert user == {"role": "user", "content": TEXT}
    assert system["role"] == "system"
    # The event types and their descriptions come from ontology.yaml.
    for t in onto.event_types.values():
        assert f"- {t.key}: {t.description}\n" in system["content"]
    assert "Publication date: 2023-01-11. Language: en." in system["content"]
    assert '"dozens"/"docenas" = 12' in system["content"]
    assert "JSON schema" not in system["content"]


def test_good_answer_becomes_spans_with_exact_offsets() -> None:
    with fake_server(lambda body: (200, completion(GOOD))) as srv:
        result = extractor(srv.url).extract(DOC)
    x = result.extraction
    assert result.rejections == []
    assert (x.document_id, x.extractor, x.version, x.language) == (
        "d1",
        "veeduria-llm:test-model",
        "1",
        "en",
    )
    killing, toll_update, statement = x.events
    assert killing.type == "repression_killing"
    assert killing.evidence == killing.trigger == Span(0, 78)
    assert q(killing.evidence) == GOOD["events"][0]["quote"]
    assert killing.date is not None
    assert (killing.date.value, killing.date.precision, q(killing.date.span)) == (
        "2023-01-09",
        "day",
        "9 January 2023",
    )
    assert killing.country == "PE"
    assert killing.place is not None
    assert (killing.place.name, killing.place.country, killing.place.admin1) == (
        "Juliaca",
        "PE",
        "Puno",
    )
    assert killing.place.span == Span(32, 39)
    assert killing.fatalities is not None
    assert (killing.fatalities.value, q(killing.fatalities.span)) == (6, "six")
    assert killing.injured is None
    assert [(a.name, a.role, q(a.span)) for a in killing.actors] == [
        ("Policía Nacional del Perú", "agent", "Police")
    ]
    # "Juliaca" occurs twice: the occurrence inside this event's quote is taken.
    assert toll_update.place is not None and toll_update.place.span == Span(82, 89)
    assert toll_update.country == "PE"
    assert toll_update.fatalities is not None
    assert q(toll_update.fatalities.span) == "46"
    # Whitespace and quote style differ: the span is mapped to the text as it is.
    assert q(statement.evidence) == "Mélanie Joly called for “calm  and dialogue”."
    assert statement.evidence == Span(165, 210)
    assert [
        (e.name, e.kind, [(m.start, m.end, m.text) for m in e.mentions]) for e in x.entities
    ] == [
        ("Mélanie Joly", "person", [(165, 177, "Mélanie Joly")]),
        ("Juliaca", "place", [(32, 39, "Juliaca"), (82, 89, "Juliaca")]),
        ("Defensoría del Pueblo", "government_body", [(95, 116, "Defensoría del Pueblo")]),
    ]
    for ent in x.entities:
        assert all(TEXT[m.start : m.end] == m.text for m in ent.mentions)
    (toll,) = x.tolls
    assert (toll.country, toll.count, toll.as_of, toll.scope) == (
        "PE",
        46,
        "2023-01-11",
        "protesters killed",
    )
    assert (q(toll.span), q(toll.evidence)) == ("46", GOOD["death_tolls"][0]["quote"])


def test_fabricated_quotes_are_rejected_and_reported() -> None:
    answer = {
        "events": [
            event(type="repression_killing", quote="Soldiers massacred 60 people in Lima."),
            event(
                type="protest",
                quote="Police killed six protesters in Juliaca",
                actors=[{"name": "Dina Boluarte", "role": "target", "mention": "Boluarte"}],
            ),
        ],
        "entities": [
            {"name": "Dina Boluarte", "kind": "person", "mentions": ["Dina Boluarte"]},
            {"name": "Juliaca", "kind": "place", "mentions": ["Juliaca", "Juliaca city"]},
        ],
        "death_tolls": [
            {"country": "PE", "count": 60, "as_of": None, "scope": None, "quote": "60 dead"}
        ],
    }
    with fake_server(lambda body: (200, completion(answer))) as srv:
        result = extractor(srv.url).extract(DOC)
    assert result.rejections == [
        "event 'repression_killing': quote not found in the text: "
        "'Soldiers massacred 60 people in Lima.'",
        "event 'protest' actor 'Dina Boluarte': mention not found in the text: 'Boluarte'",
        "entity 'Dina Boluarte': mention not found in the text: 'Dina Boluarte'",
        "entity 'Juliaca': mention not found in the text: 'Juliaca city'",
        "death toll 60: quote not found in the text: '60 dead'",
    ]
    x = result.extraction
    assert [(e.type, q(e.evidence), e.actors) for e in x.events] == [
        ("protest", "Police killed six protesters in Juliaca", [])
    ]
    assert [(e.name, len(e.mentions)) for e in x.entities] == [("Juliaca", 2)]
    assert x.tolls == []


def test_values_outside_the_ontology_are_dropped_with_a_reason() -> None:
    quote = "Police killed six protesters in Juliaca on 9 January 2023, the Ombudsman said."
    answer = {
        "events": [
            event(type="coup", quote=quote),
            event(
                type="repression_killing",
                quote=quote,
                date="9 January 2023",
                country="Peru",
                fatalities="six",
                injured=-3,
                actors=[
                    {"name": "Policía Nacional del Perú", "role": "killer", "mention": "Police"},
                    {"name": "", "role": "agent", "mention": None},
                ],
            ),
            event(type="election", quote=quote, date="2023-02-30"),
            event(type="election", quote=quote, date="2023-13"),
            event(type="arrest", quote=quote, actors="Police"),
        ],
        "entities": [
            {"name": "Juliaca", "kind": "city", "mentions": ["Juliaca"]},
            {"name": "Mélanie Joly", "kind": "person", "mentions": ["Mélanie Joly"]},
        ],
        "death_tolls": [
            {"country": "PE", "count": 4.5, "as_of": None, "scope": None, "quote": "46"},
            {"country": "XX", "count": 46, "as_of": "11/01/2023", "scope": None, "quote": "46"},
        ],
    }
    with fake_server(lambda body: (200, completion(answer))) as srv:
        result = extractor(srv.url).extract(DOC)
    assert result.rejections == [
        "event 'coup': type is not an ontology event type",
        "event 'repression_killing': date '9 January 2023' is not YYYY[-MM[-DD]]",
        "event 'repression_killing': country 'Peru' is not ISO 3166-1 alpha-2",
        "event 'repression_killing': fatalities 'six' is not a whole number",
        "event 'repression_killing': injured '-3' is not a whole number",
        "event 'repression_killing' actor 'Policía Nacional del Perú': role 'killer' is not an "
        "ontology role",
        "event 'repression_killing': an actor has no name",
        "event 'election': date '2023-02-30' is not YYYY[-MM[-DD]]",
        "event 'election': date '2023-13' is not YYYY[-MM[-DD]]",
        "event 'arrest': actors is not a list",
        "entity 'Juliaca': kind 'city' is not an ontology entity kind",
        "death toll: count '4.5' is not a whole number",
        "death toll 46: country 'XX' is not ISO 3166-1 alpha-2",
        "death toll 46: as_of '11/01/2023' is not YYYY[-MM[-DD]]",
    ]
    x = result.extraction
    # The events stay, without the bad values; the election twins collapse into one.
    assert [(e.type, e.date, e.country, e.fatalities, e.injured, e.actors) for e in x.events] == [
        ("repression_killing", None, None, None, None, []),
        ("election", None, None, None, None, []),
        ("arrest", None, None, None, None, []),
    ]
    assert [e.name for e in x.entities] == ["Mélanie Joly"]
    assert [(t.count, t.country, t.as_of, q(t.span)) for t in x.tolls] == [(46, None, None, "46")]


def test_400_on_json_schema_retries_with_json_object_once() -> None:
    def respond(body: dict[str, Any]) -> tuple[int, Any]:
        if body["response_format"]["type"] == "json_schema":
            return 400, {"error": {"message": "response_format json_schema is not supported"}}
        return 200, completion(
            "```json\n" + completion(GOOD)["choices"][0]["message"]["content"] + "\n```"
        )

    with fake_server(respond) as srv:
        llm = extractor(srv.url)
        first = llm.extract(DOC)
        llm.extract(DocumentInput(id="d2", text=TEXT, language="en", published=None))
    assert [r["response_format"]["type"] for r in srv.requests] == [
        "json_schema",
        "json_object",
        "json_object",  # the refusal is remembered: no second try with json_schema
    ]
    assert first.rejections == []
    assert len(first.extraction.events) == 3
    # In json_object mode the schema travels in the prompt instead.
    assert "The JSON schema of the answer:" in srv.requests[1]["messages"][0]["content"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_is_one_clean_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMError) as err:
        extractor(url, timeout=5).extract(DOC)
    message = str(err.value)
    assert message.startswith(f"cannot reach LLM server at {url}: ")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("status", "payload", "message"),
    [
        (200, "hello", "answered garbage (not a chat completion): 'hello'"),
        (200, {"choices": []}, "answered garbage (not a chat completion): '{\"choices\": []}'"),
        (
            200,
            completion("I found two events."),
            "answered garbage (the message is not JSON): 'I found two events.'",
        ),
        (
            200,
            completion('{"events": [', finish_reason="length"),
            "answered garbage (the message "
            "is not JSON, cut off at the token limit): '{\"events\": ['",
        ),
        (
            200,
            completion({"answer": 42}),
            "answered garbage (no events, entities or death_tolls): '{\"answer\": 42}'",
        ),
        (
            500,
            {"error": "model not loaded"},
            'answered HTTP 500: \'{"error": "model not loaded"}\'',
        ),
    ],
)
def test_garbage_is_one_clean_line(status: int, payload: Any, message: str) -> None:
    with fake_server(lambda body: (status, payload)) as srv, pytest.raises(LLMError) as err:
        extractor(srv.url).extract(DOC)
    assert str(err.value) == f"LLM server at {srv.url} {message}"


def test_long_documents_are_chunked_and_offsets_map_to_the_full_text() -> None:
    paragraphs = [f"Paragraph {i}: protesters marched in Puno on day {i}." for i in range(6)]
    text = "\n".join(paragraphs)
    doc = DocumentInput(id="long", text=text, language="en", published="2023-01-11")

    def respond(body: dict[str, Any]) -> tuple[int, Any]:
        chunk = body["messages"][1]["content"]
        first = chunk.splitlines()[0]
        answer = {
            "events": [event(type="protest", quote=first.strip())],
            "entities": [{"name": "Puno", "kind": "place", "mentions": ["Puno"]}],
            "death_tolls": [],
        }
        return 200, completion(answer)

    with fake_server(respond) as srv:
        result = extractor(srv.url, max_chars=120).extract(doc)
    chunks = [r["messages"][1]["content"] for r in srv.requests]
    assert chunks == ["\n".join(paragraphs[i : i + 2]) + "\n" for i in (0, 2)] + [
        "\n".join(paragraphs[4:])
    ]
    x = result.extraction
    assert [text[e.evidence.start : e.evidence.end] for e in x.events] == [
        paragraphs[0],
        paragraphs[2],
        paragraphs[4],
    ]
    assert x.events[2].evidence.start == text.index(paragraphs[4])
    (puno,) = x.entities
    assert [text[m.start : m.end] for m in puno.mentions] == ["Puno"] * 6


def test_chunk_text_cuts_at_lines_then_sentences_then_spaces() -> None:
    assert chunk_text("aaa\nbbb\nccc", 8) == [(0, 8), (8, 11)]
    assert chunk_text("One. Two three. Four", 12) == [(0, 5), (5, 16), (16, 20)]
    assert chunk_text("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]
    assert chunk_text("", 4) == []


def test_locate_prefers_exact_then_normalized_and_the_hint() -> None:
    text = "He said: “no”. Later,\n\nhe said: “no”."
    assert locate(text, "he said") == Span(23, 30)
    assert locate(text, "said: “no”", hint=30) == Span(26, 36)
    assert locate(text, "said: “no”") == Span(3, 13)
    assert locate(text, 'Later, he said: "no".') == Span(15, 37)
    assert text[15:37] == "Later,\n\nhe said: “no”."
    assert locate(text, '"Later,"') == Span(15, 21)  # wrapping quotes added by a model
    assert locate(text, "He said: no") is None
    assert locate(text, "   ") is None


def test_value_checks() -> None:
    assert check_date("2019") == ("2019", "year")
    assert check_date("2019-11") == ("2019-11", "month")
    assert check_date("2019-11-12") == ("2019-11-12", "day")
    assert [check_date(v) for v in ("2019-11-31", "19-11-12", "2019/11/12", 2019, None)] == [
        None
    ] * 5
    assert [check_country(v) for v in ("BO", "bo", "XX", "Bolivia", None)] == [
        "BO",
        "BO",
        None,
        None,
        None,
    ]


def test_backend_registry() -> None:
    assert list(BACKENDS) == ["rules", "llm"]
    rules = get_backend()
    assert isinstance(rules, RulesBackend)
    from veeduria.nlp.extractor import EXTRACTOR_NAME, EXTRACTOR_VERSION

    assert (rules.name, rules.version, rules.in_processes) == (
        EXTRACTOR_NAME,
        EXTRACTOR_VERSION,
        True,
    )
    llm = get_backend("llm", llm=LLMConfig(url="http://127.0.0.1:1/v1", model="qwen2.5:7b"))
    assert (llm.name, llm.version, llm.in_processes) == ("veeduria-llm:qwen2.5:7b", "1", False)
    with pytest.raises(ValueError, match="needs a server URL"):
        get_backend("llm")
    with pytest.raises(
        ValueError, match="unknown extractor backend 'gpt'; expected one of rules, llm"
    ):
        get_backend("gpt")
